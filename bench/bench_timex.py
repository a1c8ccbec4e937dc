"""Speed of the date normaliser: expressions per second on the seed and on generated text.

"seed dated" also chooses the seed's reference date from its text (:func:`date_article`:
the expressions read once, resolved without a reference, then against the one inferred).

Usage::

    .venv/bin/python bench/bench_timex.py [--repeat 20] [--sentences 2000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

from geo.time.reference import date_article
from geo.time.timex import find_timexes

REPO = Path(__file__).resolve().parent.parent

SEED = REPO / "seeds" / "north-korea-troops-russia.txt"
_TEMPLATES = (
    "Officials said on {wd} that {n} troops had arrived since {month}.",
    "The talks, held in late {month} {year}, ended two days later.",
    "Prices rose {k} percent in the third quarter of {year} from a year earlier.",
    "The company expects growth in the first half of {year}, it said yesterday.",
    "Fighting has continued for three years and the ministry reports daily.",
    "In the spring of {year}, a protest march crossed Eastern Europe; Moscow may respond.",
    "He was born on {day} {month} {year} and lived in the 1990s near the border.",
    "Last week the minister said the plan would be ready by {month} {day}, {year}.",
    "Some 10,000 people attended, up from 5,000 last year, the Sun reported.",
)
_MONTHS = ("January", "March", "May", "June", "September", "October", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def generated_text(sentences: int, *, seed: int = 7) -> str:
    """Random news-like sentences built from templates (reproducible with ``seed``)."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        out.append(
            rng.choice(_TEMPLATES).format(
                wd=rng.choice(_WEEKDAYS),
                month=rng.choice(_MONTHS),
                year=rng.randint(1990, 2030),
                day=rng.randint(1, 28),
                n=rng.randint(2, 20000),
                k=rng.randint(1, 30),
            )
        )
    return " ".join(out)


def measure(name: str, texts: list[str], reference: date) -> None:
    """Print expressions/s and ms per text; the best of three runs (less noise)."""
    seconds = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        count = sum(len(find_timexes(t, reference=reference)) for t in texts)
        seconds = min(seconds, time.perf_counter() - began)
    chars = sum(len(t) for t in texts)
    print(
        f"{name:10s} {count:7d} expressions  {chars / 1e3:8.0f} k chars  {seconds:7.3f} s  "
        f"{count / seconds:10,.0f} expressions/s  {1e3 * seconds / len(texts):7.2f} ms/text"
    )


def measure_dating(name: str, texts: list[str]) -> None:
    """Print ms per text to choose the reference from the text and resolve against it."""
    seconds = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        count = sum(len(date_article(t)[1]) for t in texts)
        seconds = min(seconds, time.perf_counter() - began)
    print(f"{name:10s} {count:7d} expressions  {1e3 * seconds / len(texts):7.2f} ms/text")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs over the seed article")
    parser.add_argument("--sentences", type=int, default=2000, help="generated sentences")
    args = parser.parse_args(argv)
    seed = SEED.read_text(encoding="utf-8")
    reference, _ = date_article(seed)
    find_timexes("warm up in June 2024", reference=date(2025, 1, 1))
    measure("seed", [seed] * args.repeat, reference.day or date(2025, 10, 31))
    measure_dating("seed dated", [seed] * args.repeat)
    paragraphs = generated_text(args.sentences).split(". ")
    texts = [". ".join(paragraphs[i : i + 10]) for i in range(0, len(paragraphs), 10)]
    measure("generated", texts, date(2025, 10, 31))
    return 0


if __name__ == "__main__":
    sys.exit(main())
