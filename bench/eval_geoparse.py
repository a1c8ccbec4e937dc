"""Score Newsmap's geoparser on a gold corpus and report where it goes wrong.

Usage::

    .venv/bin/python bench/eval_geoparse.py CORPUS.jsonl [--predictions OUT.jsonl]
        [--report REPORT.md] [--limit N] [--scorer PATH/score.py]

CORPUS.jsonl has one document a line, in the format of ``../shared/eval/README.md``:
``{"doc_id", "text", "toponyms": [{"start", "end", "name", "lat", "lon", ...}]}`` (a
``dct`` or ``date`` field, when present, becomes the document's published date). Every
text goes through :func:`geo.pipeline.parse_articles`, the function the app runs (the
NLP step batched), with the gazetteer at its default path (``NEWSMAP_GAZETTEER``
overrides it) and the spaCy model of :func:`geo.nlp.analysis.load_nlp`.
The predictions are written in the scorer's format,
``{"doc_id", "toponyms": [{"start", "end", "lat", "lon"}]}``, and scored by running the
scorer as a subprocess (``../shared/eval/score.py`` beside the repository by default).

What becomes a predicted toponym (one per resolved place mention):

- names, regions ("the Kursk region") and coordinated names: the mention's span, at the
  point of the place chosen for it;
- demonyms and adjectives ("North Korean", "Syrian"): the word, at the country's point,
  because GeoWebNews annotates adjectival uses of place names as toponyms (corpora
  that do not, such as LGL, count them as false positives; the report says how many);
- borders ("the Syrian-Turkish border"): the two country words, each at its country's
  point; the line itself is not a toponym of either corpus;
- mentions the gazetteer could not resolve are left out (they have no point).

The table gives recognition P/R/F1 (exact and overlapping spans), acc@161 km over the
matched gold toponyms, end-to-end acc@161, AUC of the error curve, the median error and
the pipeline's speed in articles per second (one process, model and gazetteer loaded
before the clock starts). The error report (:mod:`eval_report`) follows: a short version
on stdout and the full one in markdown with ``--report``.
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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geoscore

from geo.corpus.model import Document
from geo.errors import BadInputError
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import ArticleResult, parse_articles

from eval_report import build_report
from onecore import pin_one_core

REPO = Path(__file__).resolve().parent.parent

DEFAULT_SCORER = REPO.parent / "shared" / "eval" / "score.py"

# The two country words of a border phrase: "Syrian-Turkish border",
# "the border between Russia and Ukraine".
_BORDER_PAIR = re.compile(r"^(?P<a>.+?)\s?[-–—/]\s?(?P<b>.+?)\s+(?:state\s+)?border\b")
_BORDER_BETWEEN = re.compile(r"\bborder\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)$")


@dataclass(frozen=True)
class Predicted:
    """One predicted toponym and the place mention it comes from."""

    start: int
    end: int
    lat: float
    lon: float
    source: object  # geo.model.PlaceMention

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "lat": self.lat, "lon": self.lon}


def load_corpus(path: Path, *, limit: int | None = None) -> list[dict]:
    """The documents of a corpus; a clear error names the line that is bad."""
    if not path.is_file():
        raise BadInputError(str(path), "no such corpus file")
    docs, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                doc = json.loads(line)
            except ValueError as exc:
                raise BadInputError(where, f"not JSON: {exc}") from exc
            _check_document(doc, where)
            if doc["doc_id"] in seen:
                raise BadInputError(where, f"doc_id {doc['doc_id']!r} appears twice")
            seen.add(doc["doc_id"])
            docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
    if not docs:
        raise BadInputError(str(path), "the corpus holds no document")
    return docs


def _check_document(doc, where: str) -> None:
    if not isinstance(doc, dict):
        raise BadInputError(where, "a line must be a JSON object")
    for key, kind in (("doc_id", str), ("text", str), ("toponyms", list)):
        if not isinstance(doc.get(key), kind):
            raise BadInputError(where, f"{key!r} missing or not a {kind.__name__}")
    text = doc["text"]
    for t in doc["toponyms"]:
        ok = (
            isinstance(t, dict)
            and isinstance(t.get("start"), int)
            and isinstance(t.get("end"), int)
            and 0 <= t["start"] < t["end"] <= len(text)
        )
        if not ok:
            raise BadInputError(where, f"bad gold toponym {t!r}")


def document_for(row: dict) -> Document:
    """A pipeline :class:`~geo.corpus.read.Document` for one corpus line."""
    published = None
    for key in ("dct", "date"):
        value = row.get(key)
        if isinstance(value, str) and len(value) >= 10:
            try:
                published = date.fromisoformat(value[:10])
                break
            except ValueError:
                continue
    return Document(
        row["doc_id"],
        path="",
        text=row["text"],
        title=row.get("title") or "",
        url=row.get("url") or "",
        published=published,
        language="en",
        published_source="jsonl" if published else "none",
    )


def _border_parts(pm, gazetteer: Gazetteer) -> list[Predicted]:
    """The two country words of a resolved border, at their countries' points."""
    mention, place = pm.mention, pm.place
    codes = place.place_id.removeprefix("border:").split("-")
    countries = [gazetteer.get(f"country:{code}") for code in codes]
    if len(codes) != 2 or None in countries or not mention.extra:
        return []
    by_name = {c.name: c for c in countries}
    first, second = by_name.get(mention.query), by_name.get(mention.extra[0])
    match = _BORDER_PAIR.search(mention.text) or _BORDER_BETWEEN.search(mention.text)
    if first is None or second is None or match is None:
        return []
    out = []
    for group, country in (("a", first), ("b", second)):
        start, end = mention.start + match.start(group), mention.start + match.end(group)
        if mention.text[match.start(group) :].lower().startswith("the "):
            start += 4
        out.append(Predicted(start, end, country.lat, country.lon, pm))
    return out


def toponyms_for(result: ArticleResult, gazetteer: Gazetteer) -> list[Predicted]:
    """The predicted toponyms of one parsed article (see the module docstring)."""
    out: list[Predicted] = []
    for pm in result.places:
        if pm.place is None:
            continue
        if pm.mention.kind == "border":
            out.extend(_border_parts(pm, gazetteer))
        else:
            out.append(Predicted(pm.mention.start, pm.mention.end, pm.place.lat, pm.place.lon, pm))
    return sorted(out, key=lambda p: (p.start, p.end))


def predict(docs: list[dict], gazetteer: Gazetteer, nlp) -> tuple[list, list, dict]:
    """Parse every document: the results, the predicted toponyms and the wall and CPU seconds.

    The documents go through :func:`geo.pipeline.parse_articles`, as a corpus does in
    the app and the CLI (the NLP step batched).
    """
    documents = [document_for(row) for row in docs]
    wall, cpu = time.perf_counter(), time.process_time()
    results = list(parse_articles(documents, gazetteer=gazetteer, nlp=nlp))
    seconds = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    predicted = [toponyms_for(result, gazetteer) for result in results]
    return results, predicted, seconds


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write rows atomically: a temporary file in the same folder, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_scorer(scorer: Path, gold: Path, predictions: Path) -> dict:
    """Run the corpus scorer as a subprocess and return its JSON result."""
    done = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(predictions)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise BadInputError(str(scorer), f"the scorer failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def _fmt(value, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_table(scores: dict, *, corpus: str, articles: int, seconds: dict, note: str = "") -> str:
    """The figures as an aligned text table: one metric a line, exact then overlap.

    ``seconds`` holds the ``"wall"`` and ``"cpu"`` time the pipeline took; the speed is
    articles per wall-clock second (the CPU figure shows how much other load cost).
    """
    rec, res, e2e = scores["recognition"], scores["resolution"], scores["end_to_end"]
    wall, cpu = seconds["wall"], seconds["cpu"]
    rate = articles / wall if wall else float("inf")
    rows = [
        ("recognition P", _fmt(rec["exact"]["precision"]), _fmt(rec["overlap"]["precision"])),
        ("recognition R", _fmt(rec["exact"]["recall"]), _fmt(rec["overlap"]["recall"])),
        ("recognition F1", _fmt(rec["exact"]["f1"]), _fmt(rec["overlap"]["f1"])),
        ("acc@161 matched", _fmt(res["exact"]["acc161"]), _fmt(res["overlap"]["acc161"])),
        ("end-to-end acc@161", _fmt(e2e["acc161_exact"]), _fmt(e2e["acc161_overlap"])),
        ("AUC", _fmt(res["exact"]["auc"]), _fmt(res["overlap"]["auc"])),
        (
            "median error km",
            _fmt(res["exact"]["median_km"], 1),
            _fmt(res["overlap"]["median_km"], 1),
        ),
        ("mean error km", _fmt(res["exact"]["mean_km"], 1), _fmt(res["overlap"]["mean_km"], 1)),
        ("matched with coords", str(res["exact"]["n"]), str(res["overlap"]["n"])),
    ]
    lines = [
        f"corpus {corpus}: {scores['docs']} documents, {scores['gold_toponyms']} gold toponyms "
        f"({scores['gold_with_coords']} with coordinates), {scores['pred_toponyms']} predicted",
        f"{'metric':<22}{'exact':>10}{'overlap':>10}",
        *(f"{name:<22}{a:>10}{b:>10}" for name, a, b in rows),
        f"{'articles/s':<22}{rate:>10.1f}   ({articles} articles in {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU, one process{' ' + note if note else ''}; "
        f"{articles / cpu if cpu else 0:.1f} articles per CPU s)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--predictions", type=Path, help="where to write predictions (JSONL)")
    parser.add_argument("--report", type=Path, help="where to write the error report (markdown)")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument(
        "--scorer",
        default=str(DEFAULT_SCORER) if DEFAULT_SCORER.is_file() else "builtin",
        help="the corpus's score.py (default: ../shared/eval/score.py when present), "
        "or 'builtin' for Newsmap's own implementation of the same metrics (bench/geoscore.py)",
    )
    args = parser.parse_args(argv)
    if args.scorer != "builtin" and not Path(args.scorer).is_file():
        raise BadInputError(args.scorer, "scorer not found; pass --scorer PATH or builtin")
    if args.limit is not None and args.limit < 1:
        raise BadInputError("--limit", f"must be a positive number, not {args.limit}")
    docs = load_corpus(args.corpus, limit=args.limit)
    note = pin_one_core()
    nlp = load_nlp()
    with Gazetteer.open() as gazetteer:
        results, predicted, seconds = predict(docs, gazetteer, nlp)
        rows = [
            {"doc_id": d["doc_id"], "toponyms": [p.to_json() for p in preds]}
            for d, preds in zip(docs, predicted, strict=True)
        ]
        with tempfile.TemporaryDirectory() as tmp:
            out = args.predictions or Path(tmp) / "predictions.jsonl"
            write_jsonl(out, rows)
            gold = args.corpus
            if args.limit is not None:
                # Score against the documents that were run, not the whole corpus.
                gold = Path(tmp) / "gold.jsonl"
                write_jsonl(gold, docs)
            if args.scorer == "builtin":
                scores = geoscore.score(docs, rows)
            else:
                scores = run_scorer(Path(args.scorer), gold, out)
        print(
            format_table(
                scores, corpus=args.corpus.name, articles=len(docs), seconds=seconds, note=note
            )
        )
        markdown, short = build_report(docs, results, predicted, gazetteer, scores=scores)
    print()
    print(short)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=args.report.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(markdown)
        os.replace(tmp, args.report)
        print(f"\nfull report: {args.report}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BadInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
