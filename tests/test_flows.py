"""Movements: deployments from an origin to a destination, reported or expected."""

from __future__ import annotations

import functools
from datetime import date

import pytest

from geo.events.extract import extract_events
from geo.events.flows import Flow, extract_flows
from geo.frames.schema import FLOW_STATUSES
from geo.nlp.analysis import analyse, load_nlp
from geo.time.timex import find_timexes

import samples_events as S


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@functools.cache
def _flows(sample: S.EventSample, nlp) -> tuple[Flow, ...]:
    a = analyse(sample.text, nlp)
    events = extract_events(
        sample.text,
        a.sentences,
        a.doc,
        S.place_mentions(sample, a.sentences, sample.name),
        find_timexes(sample.text, reference=sample.reference),
        doc_id=sample.name,
    )
    return extract_flows(events)


def _summary(flows):
    return [
        (f.origin.place.name, f.destination.place.name, f.quantity, f.quantity_text, f.status)
        for f in flows
    ]


def test_seed_north_korea_to_russia_reported_and_expected(nlp):
    flows = _flows(S.SEED_DEPLOYMENT, nlp)
    assert _summary(flows) == [
        ("North Korea", "Russia", 10000.0, "around 10,000 troops", "reported"),
        ("North Korea", "Russia", 5000.0, "another 5,000", "expected"),
    ]
    reported, expected = flows
    assert reported.span.start == date(2025, 9, 1) and expected.span == reported.span
    assert expected.confidence < reported.confidence
    assert [f.flow_id for f in flows] == [f"{reported.event_id}:f1", f"{reported.event_id}:f2"]


def test_from_x_to_y(nlp):
    assert _summary(_flows(S.FROM_TO, nlp)) == [
        ("N'Djamena", "Ménaka", 1200.0, "1,200 soldiers", "reported")
    ]


def test_two_days_later_deployment(nlp):
    (flow,) = _flows(S.TWO_DAYS_LATER, nlp)
    assert (flow.origin.place.name, flow.destination.place.name, flow.quantity) == (
        "Sanaa",
        "Al Hudaydah",
        500.0,
    )
    assert flow.span.start == date(2024, 3, 5)


def test_demonym_origin_without_a_count(nlp):
    (flow,) = _flows(S.TWO_EVENTS_ONE_SENTENCE, nlp)
    assert (flow.origin.place.name, flow.destination.place.name) == ("Rwanda", "Cabo Delgado")
    assert (flow.quantity, flow.quantity_text, flow.status) == (None, "", "reported")


def test_planned_deployment_is_expected(nlp):
    (flow,) = _flows(S.EXPECTED_DEPLOYMENT, nlp)
    assert (flow.origin.place.name, flow.destination.place.name) == ("Kenya", "Haiti")
    assert (flow.quantity, flow.status) == (1000.0, "expected")


@pytest.mark.parametrize(
    "sample", [S.NO_DATE, S.SEED_VISIT, S.DATELINE_WEEKDAY], ids=lambda s: s.name
)
def test_no_flow_without_a_deployment_between_two_places(sample, nlp):
    assert _flows(sample, nlp) == ()


@pytest.mark.parametrize("sample", S.ALL, ids=lambda s: s.name)
def test_every_flow_keeps_the_contract(sample, nlp):
    for f in _flows(sample, nlp):
        assert f.status in FLOW_STATUSES
        assert f.origin.place.place_id != f.destination.place.place_id
        assert 0.0 <= f.confidence <= 1.0
        assert f.quantity is None or f.quantity > 0
