"""Newsmap's own geoparsing scorer (bench/geoscore.py) on tiny hand-made documents.

The benchmarks use it when the corpus's scorer is absent; these cases pin its metrics
to their published definitions.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

_SPEC = importlib.util.spec_from_file_location(
    "geoscore", Path(__file__).resolve().parent.parent / "bench" / "geoscore.py"
)
geoscore = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(geoscore)

PARIS = {"start": 0, "end": 5, "lat": 48.853, "lon": 2.349}
LYON = {"start": 10, "end": 14, "lat": 45.748, "lon": 4.847}
STREET = {"start": 20, "end": 30, "lat": None, "lon": None}  # recognition only


def _doc(*toponyms, doc_id="a"):
    return {"doc_id": doc_id, "toponyms": list(toponyms)}


def test_a_perfect_prediction_scores_one_everywhere():
    s = geoscore.score([_doc(PARIS, LYON)], [_doc(PARIS, LYON)])
    for mode in ("exact", "overlap"):
        assert s["recognition"][mode]["f1"] == 1.0
        assert s["resolution"][mode]["acc161"] == 1.0
        assert s["resolution"][mode]["auc"] == 0.0
    assert s["end_to_end"]["acc161_exact"] == 1.0


def test_a_shifted_span_counts_for_overlap_only():
    shifted = {**PARIS, "start": 0, "end": 9}
    s = geoscore.score([_doc(PARIS)], [_doc(shifted)])
    assert s["recognition"]["exact"]["tp"] == 0
    assert s["recognition"]["overlap"]["tp"] == 1
    assert s["end_to_end"]["acc161_exact"] == 0.0
    assert s["end_to_end"]["acc161_overlap"] == 1.0


def test_a_place_put_in_the_wrong_city_is_found_but_not_resolved():
    wrong = {**PARIS, "lat": LYON["lat"], "lon": LYON["lon"]}  # ~390 km away
    s = geoscore.score([_doc(PARIS)], [_doc(wrong)])
    assert s["recognition"]["exact"]["f1"] == 1.0
    assert s["resolution"]["exact"]["acc161"] == 0.0
    assert 350 < s["resolution"]["exact"]["median_km"] < 420


def test_a_prediction_without_coordinates_gets_the_largest_error():
    bare = {**PARIS, "lat": None, "lon": None}
    s = geoscore.score([_doc(PARIS)], [_doc(bare)])
    assert s["resolution"]["exact"]["mean_km"] == geoscore.MAX_ERROR_KM
    assert s["resolution"]["exact"]["unresolved_predictions"] == 1
    assert s["resolution"]["exact"]["auc"] == 1.0


def test_gold_without_coordinates_counts_for_recognition_only():
    s = geoscore.score([_doc(PARIS, STREET)], [_doc(PARIS)])
    assert s["recognition"]["exact"]["recall"] == 0.5
    assert s["end_to_end"]["denominator"] == 1
    assert s["end_to_end"]["acc161_exact"] == 1.0


def test_spurious_and_missing_documents():
    s = geoscore.score([_doc(PARIS), _doc(LYON, doc_id="b")], [_doc(PARIS, LYON)])
    rec = s["recognition"]["exact"]
    assert (rec["tp"], rec["fp"], rec["fn"]) == (1, 1, 1)
    assert rec["precision"] == rec["recall"] == 0.5


def test_overlap_pairs_are_one_to_one_largest_first():
    gold = [{"start": 0, "end": 10}, {"start": 8, "end": 12}]
    pred = [{"start": 5, "end": 11}]
    assert geoscore.pairs_overlap(gold, pred) == [(0, 0)]


spans = st.lists(
    st.tuples(st.integers(0, 50), st.integers(1, 10)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=8,
)


@given(spans, spans)
def test_pairings_never_reuse_a_span(gold, pred):
    g = [{"start": a, "end": b} for a, b in gold]
    p = [{"start": a, "end": b} for a, b in pred]
    for pairing in (geoscore.pairs_exact, geoscore.pairs_overlap):
        pairs = pairing(g, p)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert len(geoscore.pairs_exact(g, p)) <= len(geoscore.pairs_overlap(g, p))


@given(st.lists(st.floats(0, 30000), min_size=1, max_size=20))
def test_auc_lies_in_the_unit_interval(errors):
    assert 0.0 <= geoscore.auc(errors) <= 1.0


@pytest.mark.parametrize("errors", [[0.0], [0.0, 0.0, 0.0]])
def test_auc_of_exact_answers_is_zero(errors):
    assert geoscore.auc(errors) == 0.0
