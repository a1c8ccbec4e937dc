"""How articles get their reference date: the rule chosen, and how often the text alone finds it.

Usage::

    .venv/bin/python bench/bench_reference.py [CORPUS ...] [--tempeval TBAQ.jsonl]

For each CORPUS (a folder, a JSON Lines shard or one article; default: the seed and, when
present, ``../shared/eval/acled_dev/corpus``) it prints how many articles each rule of
:mod:`geo.time.reference` dates, then reads every article that has a published date again
*without* it, to measure the text-only rules (HTML metadata, dateline, latest date in the
text): how often the inferred reference equals the real published day, is within a day
or a week of it, or is missing. ``--tempeval`` does the same on a TempEval-3 corpus
(``{"doc_id", "dct", "text"}`` a line), whose document creation time is the real day.
CPU milliseconds per article are printed too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from geo.corpus.model import Document
from geo.corpus.read import read_corpus
from geo.pipeline import reference_date
from geo.time.reference import REFERENCE_RULES

REPO = Path(__file__).resolve().parent.parent
ACLED = REPO.parent / "shared" / "eval" / "acled_dev" / "corpus"


def rules_of(documents: list[Document]) -> tuple[Counter, list, float]:
    """The rule of each document, the references, and CPU seconds in all."""
    began = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        references = [reference_date(doc)[0] for doc in documents]
    seconds = time.process_time() - began
    return Counter(r.rule for r in references), references, seconds


def print_rules(name: str, rules: Counter, total: int, seconds: float) -> None:
    """One line: the count of each rule."""
    counts = "  ".join(f"{rule} {rules[rule]:4d}" for rule in REFERENCE_RULES)
    ms = 1e3 * seconds / max(total, 1)
    print(f"{name:34s} {total:5d} articles  {counts}  ({ms:.2f} ms CPU/article)")


def text_only(name: str, documents: list[Document]) -> None:
    """Read the documents with a published date again without it; compare with the real day."""
    dated = [d for d in documents if d.published is not None]
    if not dated:
        return
    bare = [replace(d, published=None, published_source="none") for d in dated]
    rules, references, seconds = rules_of(bare)
    print_rules(f"{name} (published removed)", rules, len(bare), seconds)
    hits = Counter()
    for doc, ref in zip(dated, references, strict=True):
        hits[ref.rule, "all"] += 1
        if ref.day is None:
            continue
        gap = abs((ref.day - doc.published).days)
        hits[ref.rule, "exact"] += gap == 0
        hits[ref.rule, "1 day"] += gap <= 1
        hits[ref.rule, "7 days"] += gap <= 7
    for rule in REFERENCE_RULES[1:-1]:
        n = hits[rule, "all"]
        if n:
            print(
                f"    {rule:15s} {n:4d}: = published day {hits[rule, 'exact']:4d} "
                f"({hits[rule, 'exact'] / n:.0%}), within 1 day {hits[rule, '1 day']:4d}, "
                f"within 7 days {hits[rule, '7 days']:4d}"
            )
    exact = sum(hits[r, "exact"] for r in REFERENCE_RULES)
    print(
        f"    all: the inferred reference is the published day for {exact} of {len(dated)} "
        f"({exact / len(dated):.1%}); no reference for {rules['none']}"
    )


def tempeval(path: Path) -> list[Document]:
    """The documents of a TempEval-3 corpus, their creation time as ``published``."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                docs.append(
                    Document(
                        doc_id=row["doc_id"],
                        path=f"{path.name}:{row['doc_id']}",
                        text=row["text"],
                        title="",
                        url="",
                        published=date.fromisoformat(row["dct"]),
                        language="en",
                        published_source="jsonl",
                    )  # fmt: skip
                )
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, help="folders, shards or articles")
    parser.add_argument("--tempeval", type=Path, help="a TempEval-3 JSON Lines corpus")
    args = parser.parse_args(argv)
    paths = args.corpus or [REPO / "seeds"] + ([ACLED] if ACLED.exists() else [])
    for path in paths:
        documents = list(read_corpus(path).documents)
        rules, references, seconds = rules_of(documents)
        print_rules(path.name, rules, len(documents), seconds)
        if len(documents) <= 3:
            for doc, ref in zip(documents, references, strict=True):
                day = ref.day.isoformat() if ref.day else "none"
                print(f"    {doc.doc_id}: {day} ({ref.rule})")
        text_only(path.name, documents)
    if args.tempeval:
        text_only(args.tempeval.name, tempeval(args.tempeval))
    return 0


if __name__ == "__main__":
    sys.exit(main())
