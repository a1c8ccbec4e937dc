"""The NLP step's speed changes leave spaCy's output as it was.

:mod:`geo.nlp.rules` replaces the model's ``attribute_ruler`` by an indexed one, and
:func:`geo.nlp.analysis.load_nlp` runs the model on :class:`geo.nlp.ops.PredictOps` (numpy's
BLAS, a vectorised maxout). Both are checked here against spaCy's own pipeline on the
test articles and on sentences that reach the ruler's rarer rules (two-token patterns,
a negative index, regular expressions, dependency tests, whitespace tokens); the
maxout and the blank-line lookup of the paragraph component also against their plain
definitions, on generated input.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from thinc.api import NumpyOps

from geo.nlp.analysis import (
    MODEL,
    PARAGRAPHS,
    _around_blank_lines,
    _register_paragraphs,
    analyse,
    load_nlp,
)
from geo.nlp.ops import LazyArgmax, PredictOps
from geo.nlp.rules import IndexedRules

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted([*(ROOT / "tests" / "articles").glob("*.txt"), *(ROOT / "seeds").glob("*.txt")])

RARE = (
    "Y'all gonna see it. Let's go. There are three towns, and there is a river.",
    "He ain't there and we gotta leave.  C'mon, it's late.\n\nNew paragraph\there.",
    "Was there a strike? There were two: one at 9 a.m. and one at noon.",
)


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in ARTICLES] + list(RARE)


def _attrs(doc) -> list[tuple]:
    return [(t.i, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def spacy_own():
    """The model as spaCy loads it: its own attribute ruler and thinc's default ops."""
    import spacy

    _register_paragraphs()
    nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def test_indexed_rules_write_what_the_attribute_ruler_writes(spacy_own):
    ruler = spacy_own.get_pipe("attribute_ruler")
    indexed = IndexedRules(spacy_own.vocab, ruler.patterns)
    before = spacy_own.pipe_names[: spacy_own.pipe_names.index("attribute_ruler")]
    with spacy_own.select_pipes(enable=before):
        docs = list(spacy_own.pipe(_texts()))
    assert sum(len(d) for d in docs) > 1000
    for doc in docs:
        theirs, ours = ruler(doc.copy()), indexed(doc.copy())
        assert _attrs(ours) == _attrs(theirs)
        assert _attrs(ours) != _attrs(doc)  # the rules did set something


def test_load_nlp_gives_spacys_own_analysis(spacy_own):
    nlp = load_nlp()
    assert type(nlp.get_pipe("attribute_ruler")) is IndexedRules
    for text in _texts():
        ours, theirs = analyse(text, nlp).doc, spacy_own(text)
        assert _attrs(ours) == _attrs(theirs)
        assert [(t.head.i, t.is_sent_start) for t in ours] == [
            (t.head.i, t.is_sent_start) for t in theirs
        ]
        assert [(e.start, e.end, e.label_) for e in ours.ents] == [
            (e.start, e.end, e.label_) for e in theirs.ents
        ]


def test_later_rules_override_earlier_and_a_negative_index_counts_from_the_end():
    nlp = load_nlp()
    rules = IndexedRules(
        nlp.vocab,
        [
            {"patterns": [[{"TAG": "NNP"}]], "attrs": {"POS": "NOUN"}, "index": 0},
            {"patterns": [[{"LOWER": "kursk"}]], "attrs": {"POS": "PROPN"}, "index": 0},
            {
                "patterns": [[{"LOWER": "near"}, {"TAG": {"IN": ["NNP", "NN"]}}]],
                "attrs": {"LEMMA": "place"},
                "index": -1,
            },
        ],
    )
    doc = analyse("Troops near Kursk met Ivanov.", nlp).doc
    for tok in doc:
        tok.pos_ = "X"
    rules(doc)
    by_text = {t.text: t for t in doc}
    assert by_text["Kursk"].pos_ == "PROPN"  # the later rule wins
    assert by_text["Ivanov"].pos_ == "NOUN"
    assert by_text["Kursk"].lemma_ == "place"
    assert by_text["near"].lemma_ != "place"


@pytest.mark.parametrize(
    "pattern",
    [[{"LOWER": "a", "OP": "+"}], [{"SHAPE": "Xxxx"}], [{"LOWER": {"FUZZY": "kursk"}}]],
)
def test_patterns_beyond_the_models_rules_are_refused(pattern):
    with pytest.raises(ValueError, match="unsupported"):
        IndexedRules(load_nlp().vocab, [{"patterns": [pattern], "attrs": {}, "index": 0}])


# Pieces drawn from few values, so that ties (the first piece wins) are common.
_PIECES = st.integers(1, 6).flatmap(
    lambda n: arrays(
        np.float32,
        st.tuples(st.just(n), st.integers(1, 5), st.integers(2, 4)),
        elements=st.sampled_from([-1.5, 0.0, 0.25, 2.0]),
    )
)


@given(_PIECES)
@settings(max_examples=60, deadline=None)
def test_predict_ops_maxout_picks_the_pieces_numpy_ops_picks(pieces):
    best, which = PredictOps().maxout(pieces)
    their_best, their_which = NumpyOps().maxout(pieces)
    assert isinstance(which, LazyArgmax)
    assert best.dtype == np.float32
    np.testing.assert_array_equal(best, their_best)
    np.testing.assert_array_equal(which.resolve(), their_which)


def test_predict_ops_backprop_through_a_lazy_argmax_routes_to_the_winning_piece():
    pieces = np.array([[[1.0, 3.0, 2.0], [5.0, -1.0, 0.0]]], dtype=np.float32)
    ops = PredictOps()
    _, which = ops.maxout(pieces)
    d_best = np.array([[10.0, 20.0]], dtype=np.float32)
    assert ops.backprop_maxout(d_best, which, 3).tolist() == [[[0, 10, 0], [20, 0, 0]]]


_LAYOUT = st.lists(st.sampled_from(["Kursk", "moved.", " ", "  ", "\n", "\n\n", "\n \n", "\t"]))


@given(_LAYOUT)
@settings(max_examples=150, deadline=None)
def test_blank_line_lookup_finds_every_token_the_plain_rule_marks(parts):
    doc = load_nlp().make_doc("".join(parts))
    plain = [
        t.i
        for t in doc[1:]
        if "\n\n" in doc[t.i - 1].text + doc[t.i - 1].whitespace_ or "\n\n" in t.text
    ]
    assert set(plain) <= set(_around_blank_lines(doc))
