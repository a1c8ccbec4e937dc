"""Score geo.time.timex on a TempEval-3-style corpus and report its most frequent errors.

Usage::

    .venv/bin/python bench/eval_timex.py CORPUS.jsonl [--predictions OUT.jsonl]
        [--scorer PATH/te3_score.py] [--top 30] [--report REPORT.md]

CORPUS.jsonl has one document a line: ``{"doc_id", "dct", "text", "timexes": [...]}``
(the format of ``../shared/eval/README.md``). The predictions are written in the same
format and scored by running the corpus's own scorer as a subprocess. ``--report``
writes a Markdown file listing every wrong value (gold against ours, with the words
around it), grouped by the shape of the gold phrase ("last WEEKDAY", "N years ago"),
then every missed and spurious expression.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from geoscore import pairs_overlap

from geo.errors import BadInputError
from geo.time.timex import find_timexes

REPO = Path(__file__).resolve().parent.parent

DEFAULT_SCORER = REPO.parent / "shared" / "eval" / "te3_score.py"


def load_corpus(path: Path) -> list[dict]:
    """The documents of a JSONL corpus; a clear error names the line that is bad."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc["reference"] = date.fromisoformat(doc["dct"])
                doc["text"], doc["doc_id"]  # noqa: B018
            except (ValueError, KeyError, TypeError) as exc:
                raise BadInputError(f"{path}:{number}", f"not a corpus document: {exc}") from exc
            docs.append(doc)
    return docs


def predict(docs: list[dict]) -> tuple[list[dict], int, float]:
    """Predictions for every document, the number of expressions and the seconds taken."""
    out, count, began = [], 0, time.perf_counter()
    for doc in docs:
        spans = find_timexes(doc["text"], reference=doc["reference"])
        count += len(spans)
        timexes = [
            {
                "start": s.timex_start,
                "end": s.timex_end,
                "text": doc["text"][s.timex_start : s.timex_end],
                "type": s.timex_type,
                "value": s.timex_value,
                "mod": s.mod,
            }
            for s in spans
        ]
        out.append({"doc_id": doc["doc_id"], "timexes": timexes})
    return out, count, time.perf_counter() - began


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write rows atomically: a temporary file in the same folder, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def _overlap(a: dict, b: dict) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def align(docs: list[dict], preds: list[dict]):
    """Yield ``(doc, gold, ours)`` pairs: each gold timex with the system timex that
    overlaps it most (None when missed), then each unmatched system timex as
    ``(doc, None, ours)``."""
    by_id = {p["doc_id"]: p["timexes"] for p in preds}
    for doc in docs:
        gold, system = doc.get("timexes", []), by_id.get(doc["doc_id"], [])
        used = set()
        for g in gold:
            match = max(
                (i for i, s in enumerate(system) if i not in used and _overlap(g, s) > 0),
                key=lambda i: _overlap(g, system[i]),
                default=None,
            )
            if match is not None:
                used.add(match)
            yield doc, g, (system[match] if match is not None else None)
        for i, s in enumerate(system):
            if i not in used:
                yield doc, None, s


def error_report(docs: list[dict], preds: list[dict], top: int) -> str:
    """The most frequent missed, spurious and wrong-value expressions."""
    missed, spurious, wrong = Counter(), Counter(), Counter()
    for doc, g, s in align(docs, preds):
        if s is None:
            missed[g["text"].lower()] += 1
        elif g is None:
            spurious[f"{s['text'].lower()} ({s['type']} {s['value']})"] += 1
        elif s["value"] != g["value"]:
            gold_text = f"gold {g['text']!r} {g['value']}; dct {doc['dct']}"
            wrong[f"{s['text']!r} -> {s['value']} ({gold_text})"] += 1
    lines = []
    for title, counter in (("missed", missed), ("spurious", spurious), ("wrong value", wrong)):
        lines.append(f"\nmost frequent {title} ({sum(counter.values())} in all):")
        lines += [f"  {n:4d}  {text}" for text, n in counter.most_common(top)]
    return "\n".join(lines)


_SHAPES = (
    (r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", "WEEKDAY"),
    (
        r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?",
        "MONTH",
    ),
    (r"\b(?:1[0-9]|20)\d\d\b", "YEAR"),
    (r"\d+", "N"),
    (
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
        r"|a few|several|a couple of)\b",
        "N",
    ),
)


def shape(phrase: str) -> str:
    """The pattern of a phrase: its words with names and numbers replaced by classes."""
    out = " ".join(phrase.lower().split())
    for regex, name in _SHAPES:
        out = re.sub(regex, name, out)
    return out


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    left = " ".join(text[max(0, start - width) : start].split())
    right = " ".join(text[end : end + width].split())
    return f"…{left} **{' '.join(text[start:end].split())}** {right}…".replace("|", "\\|")


def value_report(docs: list[dict], preds: list[dict]) -> str:
    """Markdown: wrong values grouped by the shape of the gold phrase, then misses and extras."""
    wrong: dict[str, list[str]] = {}
    missed, spurious = [], []
    for doc, g, s in align(docs, preds):
        dct, one = doc["dct"], g or s
        where = _context(doc["text"], one["start"], one["end"])
        if s is None:
            missed.append(f"| {g['type']} {g['value']} | {dct} | {where} |")
        elif g is None:
            spurious.append(f"| {s['type']} {s['value']} | {dct} | {where} |")
        elif s["value"] != g["value"]:
            row = (
                f"| {g['type']} {g['value']} | {s['type']} {s['value']} "
                f"({' '.join(s['text'].split())}) | {dct} | {where} |"
            )
            wrong.setdefault(shape(g["text"]), []).append(row)
    lines = [f"# Value errors ({sum(len(v) for v in wrong.values())})", ""]
    for key, rows in sorted(wrong.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines += [f"## {key} ({len(rows)})", "", "| gold | ours | dct | context |"]
        lines += ["|---|---|---|---|", *rows, ""]
    for title, rows in (
        (f"Missed ({len(missed)})", missed),
        (f"Spurious ({len(spurious)})", spurious),
    ):
        lines += [f"# {title}", "", "| value | dct | context |", "|---|---|---|", *rows, ""]
    return "\n".join(lines)


def write_text(path: Path, content: str) -> None:
    """Write a text file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)
    os.replace(tmp, path)


def builtin_scores(docs: list[dict], preds: list[dict]) -> str:
    """TempEval-3 Task A figures computed in-process, printed as the corpus's scorer does.

    Gold and system timexes are paired one to one by overlap (largest first); strict
    counts identical spans; type, value and mod accuracy are over the relaxed pairs, and
    each attribute's F1 is its accuracy times the relaxed F1 (UzZaman et al. 2013).
    """
    by_id = {p["doc_id"]: p["timexes"] for p in preds}
    n = dict.fromkeys(("gold", "system", "relaxed", "strict", "type", "value", "mod"), 0)
    for doc in docs:
        gold, system = doc.get("timexes", []), by_id.get(doc["doc_id"], [])
        n["gold"] += len(gold)
        n["system"] += len(system)
        for i, j in pairs_overlap(gold, system):
            a, b = gold[i], system[j]
            n["relaxed"] += 1
            n["strict"] += (a["start"], a["end"]) == (b["start"], b["end"])
            for key in ("type", "value"):
                n[key] += a[key] == b[key]
            n["mod"] += (a.get("mod") or None) == (b.get("mod") or None)
    lines = ["            P       R       F1"]
    relaxed_f1 = 0.0
    for name in ("strict", "relaxed"):
        p = n[name] / n["system"] if n["system"] else 0.0
        r = n[name] / n["gold"] if n["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        relaxed_f1 = f
        lines.append(f"{name:8s}  {100 * p:6.2f}  {100 * r:6.2f}  {100 * f:6.2f}")
    lines.append("            acc     F1 (= acc * relaxed F1)")
    for name in ("type", "value", "mod"):
        acc = n[name] / n["relaxed"] if n["relaxed"] else 0.0
        lines.append(f"{name:8s}  {100 * acc:6.2f}  {100 * acc * relaxed_f1:6.2f}")
    counts = {k: n[k] for k in ("gold", "system", "relaxed", "strict")}
    lines.append(f"counts: {counts}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--predictions", type=Path, help="where to write predictions (JSONL)")
    parser.add_argument(
        "--scorer",
        default=str(DEFAULT_SCORER) if DEFAULT_SCORER.is_file() else "builtin",
        help="the corpus's te3_score.py (default when present), or 'builtin'",
    )
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--report", type=Path, help="write every value error to this Markdown file")
    args = parser.parse_args(argv)
    if args.scorer != "builtin" and not Path(args.scorer).is_file():
        raise BadInputError(args.scorer, "scorer not found; pass --scorer PATH or builtin")
    docs = load_corpus(args.corpus)
    preds, count, seconds = predict(docs)
    if args.scorer == "builtin":
        if args.predictions:
            write_jsonl(args.predictions, preds)
        result = subprocess.CompletedProcess([], 0, builtin_scores(docs, preds), "")
    else:
        result = _run_scorer(Path(args.scorer), args.corpus, args.predictions, preds)
    print(result.stdout, end="")
    if result.returncode:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    rate = count / seconds if seconds else float("inf")
    print(
        f"{len(docs)} documents, {count} expressions in {seconds:.2f} s: {rate:,.0f} expressions/s"
    )
    print(error_report(docs, preds, args.top))
    if args.report:
        write_text(args.report, value_report(docs, preds))
        print(f"value errors written to {args.report}")
    return 0


def _run_scorer(scorer: Path, corpus: Path, predictions: Path | None, preds: list[dict]):
    with tempfile.TemporaryDirectory() as tmp:
        out = predictions or Path(tmp) / "predictions.jsonl"
        write_jsonl(out, preds)
        return subprocess.run(
            [sys.executable, str(scorer), str(corpus), str(out)],
            capture_output=True,
            text=True,
            check=False,
        )


if __name__ == "__main__":
    sys.exit(main())
