"""Throughput of the whole geoparsing pipeline (:func:`geo.pipeline.parse_article`).

Prints articles/s and words/s on one core for the seed and for the texts of the
evaluation corpora (``../shared/eval/gwn_dev.jsonl`` and ``lgl.jsonl``; only their
``text`` is read), then the time per article split by step: nlp (spaCy, and each of its
pipes), mentions, resolve, roles, timex, events (events + flows). A last block measures
the nlp step batched with ``nlp.pipe`` (what :func:`geo.nlp.analysis.analyse_many` does).

Usage::

    .venv/bin/python bench/bench_pipeline.py [--limit N] [--repeat-seed 20] [--eval DIR]

The process is pinned to one CPU and the BLAS/OpenMP pools to one thread before numpy
loads. Times are the process's CPU time (``time.process_time``), what one dedicated core
would take, so that other work on a shared machine does not distort them; the wall
time of the end-to-end run is printed beside it. The model and the gazetteer are loaded
before the clock starts; each corpus gets a fresh gazetteer handle, so its lookup cache
starts cold (the seed's repeats then run warm, as in the app). Target: >= 20 articles/s on one core.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from geo.corpus.model import Document
from geo.corpus.read import read_corpus
from geo.events.extract import extract_events
from geo.events.flows import extract_flows
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import analyse, analyse_many, load_nlp
from geo.pipeline import parse_article, reference_date
from geo.places.mentions import find_mentions
from geo.places.resolve import resolve_mentions
from geo.places.roles import assign_roles

from onecore import pin_one_core

REPO = Path(__file__).resolve().parent.parent

TARGET = 20.0
STEPS = ("nlp", "mentions", "resolve", "roles", "timex", "events")


def eval_documents(path: Path, limit: int | None) -> list[Document]:
    """Read the ``text`` of each line of a JSON Lines corpus (nothing else)."""
    docs = []
    with open(path, encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if limit is not None and i >= limit:
                break
            text = json.loads(line)["text"]
            docs.append(Document(f"{path.stem}-{i}", str(path), text, "", "", None, "en", "none"))
    return docs


def words(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


CLOCK = time.process_time


def end_to_end(docs: list[Document], gaz: Gazetteer, nlp) -> tuple[float, float]:
    """Return (CPU seconds, wall seconds) of parse_article over the documents."""
    wall, began = time.perf_counter(), CLOCK()
    for doc in docs:
        parse_article(doc, gazetteer=gaz, nlp=nlp)
    return CLOCK() - began, time.perf_counter() - wall


def by_step(docs: list[Document], gaz: Gazetteer, nlp) -> dict[str, float]:
    """Seconds per step, calling the steps of parse_article in its order."""
    steps: dict[str, float] = defaultdict(float)
    clock = CLOCK
    for doc in docs:
        t = clock()
        analysis = analyse(doc.text, nlp)
        steps["nlp"] += clock() - t
        t = clock()
        mentions = find_mentions(analysis, gaz, doc_id=doc.doc_id)
        steps["mentions"] += clock() - t
        t = clock()
        places = resolve_mentions(mentions, gaz)
        steps["resolve"] += clock() - t
        t = clock()
        places = assign_roles(places, analysis.doc)
        steps["roles"] += clock() - t
        t = clock()
        reference, timexes, _ = reference_date(doc)
        steps["timex"] += clock() - t
        t = clock()
        events = extract_events(
            doc.text,
            analysis.sentences,
            analysis.doc,
            places,
            timexes,
            doc_id=doc.doc_id,
            reference=reference.day,
            reference_inferred=reference.inferred,
        )
        extract_flows(events)
        steps["events"] += clock() - t
    return dict(steps)


def by_pipe(docs: list[Document], nlp) -> dict[str, float]:
    """Seconds per spaCy component (tokenizer included)."""
    pipes: dict[str, float] = defaultdict(float)
    clock = CLOCK
    for doc in docs:
        t = clock()
        sdoc = nlp.make_doc(doc.text)
        pipes["tokenizer"] += clock() - t
        for name, proc in nlp.pipeline:
            t = clock()
            sdoc = proc(sdoc)
            pipes[name] += clock() - t
    return dict(pipes)


def batched_nlp(docs: list[Document], nlp, batch_size: int) -> float:
    began = CLOCK()
    for _ in analyse_many((d.text for d in docs), nlp, batch_size=batch_size):
        pass
    return CLOCK() - began


def report(name: str, docs: list[Document], nlp, *, repeat: int = 1) -> None:
    runs = docs * repeat
    n_words = words(runs)
    with Gazetteer.open() as gaz:
        seconds, wall = end_to_end(runs, gaz, nlp)
    rate = len(runs) / seconds
    verdict = "meets" if rate >= TARGET else "below"
    print(
        f"\n== {name}: {len(docs)} articles x {repeat}, {n_words / len(runs):.0f} words each"
        f"\n  parse_article: {rate:6.1f} articles/s, {n_words / seconds:8.0f} words/s, "
        f"{1000 * seconds / len(runs):6.1f} ms/article ({verdict} the {TARGET:.0f}/s target; "
        f"wall {1000 * wall / len(runs):.1f} ms/article)"
    )
    with Gazetteer.open() as gaz:
        steps = by_step(runs, gaz, nlp)
    pipes = by_pipe(runs, nlp)
    total = sum(steps.values())
    print("  by step (ms/article, share):")
    for step in STEPS:
        print(f"    {step:9} {1000 * steps[step] / len(runs):7.1f}  {steps[step] / total:5.1%}")
        if step == "nlp":
            for pipe, secs in pipes.items():
                print(f"      {pipe:18} {1000 * secs / len(runs):7.1f}")
    for batch in (8, 32):
        secs = batched_nlp(runs, nlp, batch)
        rest = total - steps["nlp"]
        print(
            f"  nlp.pipe batch {batch:2}: {1000 * secs / len(runs):6.1f} ms/article for the nlp "
            f"step (one by one: {1000 * steps['nlp'] / len(runs):.1f}); the whole pipeline "
            f"would run at ~{len(runs) / (rest + secs):.1f} articles/s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="at most N texts per corpus")
    parser.add_argument("--repeat-seed", type=int, default=20)
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args(argv)

    note = pin_one_core()
    nlp = load_nlp()
    analyse("Warm up in Paris, Texas.", nlp)
    print(f"Newsmap pipeline throughput, one core ({note}); spaCy pipes: {nlp.pipe_names}")
    seed = list(read_corpus(REPO / "seeds").documents)
    report("seed", seed, nlp, repeat=args.repeat_seed)
    for name in ("gwn_dev.jsonl", "lgl.jsonl"):
        path = args.eval / name
        if not path.is_file():
            print(f"\n== {name}: not found at {path}, skipped")
            continue
        report(name, eval_documents(path, args.limit), nlp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
