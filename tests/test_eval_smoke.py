"""A smoke run of bench/eval_geoparse.py: three tiny gold documents, the real pipeline and scorer.

Uses the full gazetteer index at its default path (it fails, not skips, when it is
missing) and Newsmap's own scorer (``--scorer builtin``, bench/geoscore.py): a clone has
no copy of the evaluation corpora beside it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.gazetteer.index import default_index_path

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "eval_geoparse.py"

# (text, [(name, lat, lon), ...]): gold toponyms in the public corpora's format.
DOCS = {
    "paris": (
        "Protesters marched through Paris on Saturday, and smaller crowds gathered in Lyon.",
        [("Paris", 48.853, 2.349), ("Lyon", 45.748, 4.847)],
    ),
    "kenya": (
        "Heavy rain flooded parts of Nairobi, the capital of Kenya, officials said.",
        [("Nairobi", -1.283, 36.817), ("Kenya", 1.0, 38.0)],
    ),
    "empty": ("The committee will meet again next week to discuss the budget.", []),
}
TABLE_ROWS = (
    "recognition P",
    "recognition R",
    "recognition F1",
    "acc@161 matched",
    "end-to-end acc@161",
    "AUC",
    "median error km",
)


def _gold_line(doc_id: str, text: str, toponyms: list) -> dict:
    gold = []
    for name, lat, lon in toponyms:
        start = text.index(name)
        gold.append(
            {"start": start, "end": start + len(name), "name": name, "lat": lat, "lon": lon}
        )
    return {"doc_id": doc_id, "text": text, "toponyms": gold}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    assert default_index_path().is_file(), f"{default_index_path()}: build the gazetteer index"
    tmp = tmp_path_factory.mktemp("eval")
    corpus = tmp / "tiny.jsonl"
    corpus.write_text(
        "".join(json.dumps(_gold_line(k, *v)) + "\n" for k, v in DOCS.items()), encoding="utf-8"
    )
    predictions, report = tmp / "out" / "pred.jsonl", tmp / "out" / "report.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(corpus), "--predictions", str(predictions),
         "--report", str(report), "--scorer", "builtin"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout, predictions, report


def _table(stdout: str) -> dict[str, tuple[float, float]]:
    rows = {}
    for line in stdout.splitlines():
        m = re.match(r"^(?P<name>[a-zA-Z@0-9 -]+?)\s{2,}(?P<a>[-\d.]+)\s+(?P<b>[-\d.]+)$", line)
        if m and m["name"] in TABLE_ROWS:
            rows[m["name"]] = (float(m["a"]), float(m["b"]))
    return rows


def test_predictions_have_the_scorers_format(run):
    _, predictions, _ = run
    lines = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [line["doc_id"] for line in lines] == list(DOCS)
    for line in lines:
        text = DOCS[line["doc_id"]][0]
        assert set(line) == {"doc_id", "toponyms"}
        for t in line["toponyms"]:
            assert set(t) == {"start", "end", "lat", "lon"}
            assert 0 <= t["start"] < t["end"] <= len(text)
            assert -90 <= t["lat"] <= 90 and -180 <= t["lon"] <= 180
    found = {
        DOCS[line["doc_id"]][0][t["start"] : t["end"]] for line in lines for t in line["toponyms"]
    }
    assert {"Paris", "Nairobi", "Kenya"} <= found


def test_the_scores_are_computed_and_printed(run):
    stdout, _, _ = run
    table = _table(stdout)
    assert set(table) == set(TABLE_ROWS)
    for name in ("recognition P", "recognition R", "recognition F1", "acc@161 matched"):
        assert all(0.0 <= v <= 1.0 for v in table[name]), name
    # Paris, Nairobi and Kenya are found and placed: recall and end-to-end are above zero.
    assert table["recognition R"][1] > 0 and table["end-to-end acc@161"][1] > 0
    rate = re.search(r"^articles/s\s+([\d.]+)", stdout, re.MULTILINE)
    assert rate and float(rate.group(1)) > 0
    assert "corpus tiny.jsonl: 3 documents, 4 gold toponyms" in stdout


def test_the_report_is_written(run):
    stdout, _, report = run
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Geoparsing error report")
    for section in ("Missed gold toponyms by cause", "Spurious predictions", "worst resolutions"):
        assert section in text
    assert "errors by cause" in stdout


def test_a_bad_corpus_line_is_named(tmp_path):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"doc_id": "a", "text": "x"}\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(corpus), "--scorer", "builtin"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert f"{corpus}:1" in done.stderr and "toponyms" in done.stderr
