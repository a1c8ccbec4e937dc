"""Time and peak memory of each hostile case of issue 17, one fresh process per case.

    PYTHONPATH=$PWD python bench/bench_hostile.py [CASE ...]

Each case runs in its own process (so the peak resident memory is that case's own) and
prints one line: the case, wall seconds, CPU seconds, peak MB and what happened. The
targets: the Markdown pattern at 32k repeats in < 1 s; a 1 MB article in < 30 s and
< 1.5 GB, or refused.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))


def _article(chars: int) -> str:
    text = (SEED + "\n\n") * (chars // (len(SEED) + 2) + 1)
    return text[:chars]


def _read(name: str, data: bytes) -> str:
    from geo.corpus.read import read_corpus

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(data)
        result = read_corpus(folder)
    return "; ".join(p.problem for p in result.problems) or f"{len(result.documents)} read"


def _pipeline(chars: int) -> str:
    from geo.corpus.model import Document
    from geo.gazetteer.index import Gazetteer
    from geo.nlp.analysis import load_nlp
    from geo.pipeline import parse_article

    doc = Document("big", "big.txt", _article(chars), "big", "", date(2025, 10, 31), "en", "none")
    nlp = load_nlp()
    with Gazetteer.open() as gaz:
        result = parse_article(doc, gazetteer=gaz, nlp=nlp)
    return f"{len(result.places)} places, {len(result.events)} events"


def _markdown() -> str:
    from geo.corpus.htmltext import markdown_to_text

    return f"{len(markdown_to_text('**a**b ' * 32_000)):,} characters of text"


def _html() -> str:
    from geo.corpus.htmltext import html_to_text

    return f"{len(html_to_text('<a ' * 20_000 + '<!--' * 20_000).text):,} characters of text"


def _folder_of_hazards() -> str:
    from geo.corpus.read import read_corpus

    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as outside:
        base = Path(folder)
        (base / "good.txt").write_text("Troops left Kursk.", encoding="utf-8")
        os.mkfifo(base / "pipe.txt")
        (Path(outside) / "x.txt").write_text("outside")
        (base / "link.txt").symlink_to(Path(outside) / "x.txt")
        (base / "dangling.txt").symlink_to(base / "none.txt")
        (base / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
        result = read_corpus(base)
    return f"{len(result.documents)} read, {len(result.problems)} reported"


def _dates() -> str:
    from geo.time.timex import find_timexes

    found = 0
    for reference in (date.min, date.max):
        for phrase in ("next quarter", "last year", "the next century", "in 3 days"):
            found += len(find_timexes(f"Sales grow {phrase}.", reference=reference))
    return f"{found} dates found at date.min and date.max"


def _index_open() -> str:
    from geo.gazetteer.index import Gazetteer

    start = time.perf_counter()
    for _ in range(100):
        Gazetteer.open().close()
    return f"{(time.perf_counter() - start) * 10:.2f} ms per open (after the first check)"


CASES = {
    "markdown-32k": _markdown,
    "html-unclosed-40k": _html,
    "fifo-symlinks-deep-json": _folder_of_hazards,
    "article-1MB-read": lambda: _read("long.txt", _article(1_000_100).encode()),
    "markdown-bomb-read": lambda: _read("bomb.md", b"**a**b " * 32_000),
    "article-200k-pipeline": lambda: _pipeline(200_000),
    "article-50k-pipeline": lambda: _pipeline(50_000),
    "dates-at-the-edges": _dates,
    "index-open": _index_open,
}


def _one(name: str) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = CASES[name]()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"case": name, "wall": wall, "cpu": cpu, "peak_mb": peak, "outcome": outcome}))


def main(argv: list[str]) -> int:
    """Run each case (default: all) in a fresh process and print a line per case."""
    if argv[:1] == ["--one"]:
        _one(argv[1])
        return 0
    print(f"{'case':<26} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  outcome")
    for name in argv or list(CASES):
        done = subprocess.run(
            [sys.executable, __file__, "--one", name],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if done.returncode:
            print(f"{name:<26} failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        outcome = row["outcome"][:110]
        print(
            f"{name:<26} {row['wall']:>8.2f} {row['cpu']:>8.2f} {row['peak_mb']:>8.0f}  {outcome}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
