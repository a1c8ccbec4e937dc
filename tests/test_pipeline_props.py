"""Hypothesis properties of the geoparsing pipeline's pieces.

- mention offsets slice back to the text, whatever the text (non-ASCII, datelines,
  possessives, hyphens, noise);
- resolved places have coordinates in range, a known precision and a known role;
- the date filter on the pipeline's events is idempotent and returns a subset.

The spaCy model and the full gazetteer are loaded once per process; few examples.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.corpus.model import Document
from geo.frames.schema import PRECISIONS, ROLES
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import analyse, load_nlp
from geo.pipeline import parse_article, parse_corpus
from geo.places.mentions import find_mentions
from geo.places.resolve import resolve_mentions
from geo.places.roles import assign_roles
from geo.time import overlaps

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
FEW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@functools.cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.open()


@functools.cache
def _events_and_frame():
    """The events of the seed and of the test articles, as Event values and as a frame."""
    events, frames = [], []
    for folder in (ROOT / "seeds", ROOT / "tests" / "articles"):
        result = parse_corpus(folder, gazetteer=_gazetteer(), nlp=load_nlp())
        events.extend(e for a in result.articles for e in a.events)
        frames.append(result.events)
    import pandas as pd

    return tuple(events), pd.concat(frames, ignore_index=True)


NAMES = [
    "Korenevo",
    "Kraków",
    "São Paulo",
    "Bilhorod-Dnistrovskyi",
    "Zaporizhzhia",
    "Moscow",
    "Paris",
    "North Korea",
    "the Kursk region",
    "El Fasher",
    "Québec",
    "Ürümqi",
    "Гомель",
]
FILLER = [
    "troops were seen in",
    "officials said",
    "and",
    "near",
    "’s forces moved toward",
    "— fighting resumed around",
    "on Tuesday",
    "since September",
    "(AP) —",
    "the villages of Stara and Novaya Sorochina",
    "\n\n",
    ", ",
    ".",
]
noise = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs", "Cc"), exclude_characters="\x00"
    ),
    max_size=30,
)
piece = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(str.upper),
    st.sampled_from(FILLER),
    noise,
)
texts = st.lists(piece, min_size=1, max_size=14).map(" ".join)


@FEW
@given(texts)
def test_mentions_slice_back_and_places_are_in_range(text):
    gaz = _gazetteer()
    analysis = analyse(text, load_nlp())
    mentions = find_mentions(analysis, gaz, doc_id="x")
    places = assign_roles(resolve_mentions(mentions, gaz), analysis.doc)
    assert len(places) == len(mentions)
    previous = -1
    for pm in places:
        m = pm.mention
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= previous  # in text order
        previous = m.start
        assert pm.role in ROLES
        assert 0.0 <= pm.score <= 1.0
        if pm.place is None:
            continue
        assert -90 <= pm.place.lat <= 90
        assert -180 <= pm.place.lon <= 180
        assert pm.place.precision in PRECISIONS
        if pm.place.geometry is not None:
            minx, miny, maxx, maxy = pm.place.geometry.bounds
            assert -180 <= minx <= maxx <= 180
            assert -90 <= miny <= maxy <= 90


@FEW
@given(texts)
def test_parse_article_never_raises_and_keeps_offsets(text):
    doc = Document("x", "x.txt", text, "x", "", date(2025, 1, 10), "en", "manifest")
    article = parse_article(doc, gazetteer=_gazetteer(), nlp=load_nlp())
    for span in article.timexes:
        assert text[span.start_char : span.end_char] == span.phrase
    for event in article.events:
        s = event.sentence
        assert text[s.start : s.end] == s.text
        if event.span is not None and event.start and event.end:
            assert event.start <= event.end


days = st.integers(min_value=-800, max_value=400).map(lambda n: date(2025, 1, 1) + timedelta(n))
bounds = st.one_of(st.none(), days)


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


@FEW
@given(bounds, bounds)
def test_date_overlap_of_pipeline_events_agrees_with_their_frame(since, until):
    events, frame = _events_and_frame()
    assert events and len(frame)
    once = {e.event_id for e in events if overlaps((e.start, e.end), since, until)}
    rows = {
        event_id
        for event_id, start, end in zip(
            frame["event_id"], frame["start"], frame["end"], strict=True
        )
        if overlaps((_day(start), _day(end)), since, until)
    }
    assert rows == once
