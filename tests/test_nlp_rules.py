"""The NLP step's two speed changes leave spaCy's output as it was.

:mod:`geo.nlp_rules` replaces the model's ``attribute_ruler`` by an indexed one, and
:func:`geo.nlp.load_nlp` runs the model's matrix products on numpy's BLAS. Both are
checked here against spaCy's own pipeline on the test articles and on sentences that
reach the ruler's rarer rules (two-token patterns, a negative index, regular
expressions, dependency tests, whitespace tokens).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.nlp import MODEL, PARAGRAPHS, _register_paragraphs, analyse, load_nlp
from geo.nlp_rules import IndexedRules

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
