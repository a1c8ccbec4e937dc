"""Events: types, dates, places, actors, quantities and attributions on tiny articles."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import BadInputError
from geo.events.extract import extract_events
from geo.events.model import EVENT_PLACE_ROLES, Event
from geo.events.quantities import find_quantities
from geo.events.rules import base_forms
from geo.frames.schema import DATE_PRECISIONS, DATE_STATUSES, EVENT_TYPES
from geo.nlp.analysis import analyse, load_nlp
from geo.time.timex import find_timexes

import samples_events as S


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@functools.cache
def _run(sample: S.EventSample, nlp) -> tuple[Event, ...]:
    a = analyse(sample.text, nlp)
    return extract_events(
        sample.text,
        a.sentences,
        a.doc,
        S.place_mentions(sample, a.sentences, sample.name),
        find_timexes(sample.text, reference=sample.reference),
        doc_id=sample.name,
        reference=sample.reference,
        reference_inferred=sample.reference_inferred,
    )


def _one(events, trigger: str) -> Event:
    found = [e for e in events if e.trigger == trigger]
    assert len(found) == 1, [(e.trigger, e.event_type) for e in events]
    return found[0]


def _roles(event: Event) -> dict[str, str]:
    return {pm.place.name: role for pm, role in event.places}


# --- the seed's cases ------------------------------------------------------------------


def test_seed_nis_deployment_since_september(nlp):
    e = _one(_run(S.SEED_DEPLOYMENT, nlp), "deployed")
    assert e.event_type == "deployment"
    assert (e.start, e.end) == (date(2025, 9, 1), date(2025, 10, 31))
    assert (e.date_phrase, e.precision, e.date_status) == (
        "since September",
        "open_ended",
        "explicit",
    )
    assert e.attribution.startswith("South Korea’s National Intelligence Service")
    assert _roles(e) == {
        "North Korea": "origin",
        "Russia": "destination",
        "South Korea": "mentioned",
    }
    assert e.places[0][1] == "destination"  # located places come first
    assert e.reference_inferred is True
    assert [(q.value, q.approximate, q.additional) for q in e.quantities] == [
        (10000.0, True, False),
        (5000.0, False, True),
    ]


def test_seed_visit_to_moscow_in_late_october(nlp):
    e = _one(_run(S.SEED_VISIT, nlp), "visit")
    assert e.event_type == "diplomatic"
    assert (e.start, e.end) == (date(2025, 10, 21), date(2025, 10, 31))
    assert (e.date_phrase, e.precision) == ("In late October", "part_of_month")
    first, role = e.places[0]
    assert (first.place.name, role) == ("Moscow", "event_location")
    assert "Choe Son Hui" in e.actors and "Vladimir Putin" in e.actors


def test_seed_leaders_summit_in_june_2024(nlp):
    e = _one(_run(S.SEED_VISIT, nlp), "summit")
    assert e.event_type == "diplomatic"
    assert (e.start, e.end) == (date(2024, 6, 1), date(2024, 6, 30))
    assert (e.date_phrase, e.precision, e.date_status) == ("in June 2024", "month", "explicit")
    assert e.attribution == "Lavrov declared"


def test_seed_confirmation_in_spring_2025(nlp):
    e = _one(_run(S.SEED_KURSK, nlp), "confirmed")
    assert e.event_type == "statement"
    assert (e.start, e.end) == (date(2025, 3, 1), date(2025, 5, 31))
    assert (e.date_phrase, e.precision) == ("in the spring of 2025", "season")
    assert e.attribution == "Moscow officially confirmed"


def test_seed_kursk_inherits_the_spring_and_is_less_sure(nlp):
    events = _run(S.SEED_KURSK, nlp)
    e = _one(events, "regained control")
    assert e.event_type == "combat"
    assert e.date_status == "inherited"
    assert e.span == _one(events, "confirmed").span
    assert _roles(e)["Kursk Oblast"] == "event_location"
    dated = _one(_run(S.SEED_KURSK_DATED, nlp), "regained control")
    assert (dated.date_status, dated.date_phrase) == ("explicit", "In April 2025")
    assert e.confidence < dated.confidence


def test_statement_that_reports_an_event_is_its_attribution(nlp):
    events = _run(S.SEED_DEPLOYMENT, nlp)
    assert [e.event_type for e in events] == ["deployment"]  # no separate "revealed" event


# --- own articles ---------------------------------------------------------------------


def test_dateline_weekday_is_the_tuesday_before_the_reference(nlp):
    e = _one(_run(S.DATELINE_WEEKDAY, nlp), "attacked")
    assert e.event_type == "combat"
    assert e.start == e.end == date(2024, 6, 11) and e.start.weekday() == 1
    assert (e.precision, e.date_phrase) == ("day", "on Tuesday")
    assert e.places[0][0].place.name == "North Darfur" and e.places[0][1] == "event_location"
    assert e.attribution == "the United Nations said"
    assert [(q.value, q.unit, q.approximate) for q in e.quantities] == [(40.0, "people", True)]


def test_two_days_later_counts_from_the_previous_date(nlp):
    events = _run(S.TWO_DAYS_LATER, nlp)
    attack, sent = _one(events, "attacked"), _one(events, "sent")
    assert attack.start == date(2024, 3, 3)
    assert sent.event_type == "deployment"
    assert (sent.start, sent.date_phrase, sent.date_status) == (
        date(2024, 3, 5),
        "Two days later",
        "explicit",
    )


def test_article_without_dates_is_reported_by_its_reference_date(nlp):
    events = _run(S.NO_DATE, nlp)
    assert {e.event_type for e in events} == {"reconstruction", "demining"}
    for e in events:
        assert (e.start, e.end, e.date_status) == (S.NO_DATE.reference,) * 2 + ("reported",)
        assert (e.date_rule, e.date_phrase) == ("reported", "")
        assert e.places[0][1] == "event_location"
    assert {e.site.place.name for e in events} == {"Mosul", "Sinjar"}


def test_article_without_a_reference_date_keeps_its_events_undated(nlp):
    a = analyse(S.NO_DATE.text, nlp)
    places = S.place_mentions(S.NO_DATE, a.sentences)
    events = extract_events(S.NO_DATE.text, a.sentences, a.doc, places, (), doc_id="x")
    assert events
    for e in events:
        assert (e.span, e.start, e.end, e.date_status) == (None, None, None, "undated")
        assert (e.precision, e.date_label, e.date_rule) == ("undated", "undated", "none")


def test_two_events_in_one_sentence_are_two_events(nlp):
    events = _run(S.TWO_EVENTS_ONE_SENTENCE, nlp)
    assert len({e.sentence for e in events}) == 1
    deployed, visited = _one(events, "deployed"), _one(events, "visited")
    assert (deployed.event_type, deployed.start) == ("deployment", date(2021, 7, 9))
    assert (visited.event_type, visited.start) == ("diplomatic", date(2021, 7, 13))
    assert _roles(deployed) == {"Cabo Delgado": "destination", "Rwanda": "origin"}
    assert _roles(visited) == {"Maputo": "event_location"}
    assert "Paul Kagame" in visited.actors


def test_month_without_year_across_new_year_is_last_december(nlp):
    e = _one(_run(S.MONTH_ACROSS_NEW_YEAR, nlp), "met")
    assert (e.event_type, e.start, e.end) == ("diplomatic", date(2024, 12, 1), date(2024, 12, 31))
    assert _roles(e) == {"Brussels": "event_location"}


def test_from_x_to_y_gives_origin_and_destination(nlp):
    e = _one(_run(S.FROM_TO, nlp), "dispatched")
    assert _roles(e)["N'Djamena"] == "origin" and _roles(e)["Ménaka"] == "destination"


def test_hedged_deployment_is_less_sure(nlp):
    e = _one(_run(S.EXPECTED_DEPLOYMENT, nlp), "send")
    assert e.hedged and e.attribution == "the government said"
    plain = _one(_run(S.FROM_TO, nlp), "dispatched")
    assert e.confidence < plain.confidence


def test_a_date_that_modifies_a_noun_does_not_date_the_clause(nlp):
    e = _one(_run(S.NOUN_MODIFIER_DATE, nlp), "rebuilding")
    assert e.event_type == "reconstruction"
    assert e.date_status == "reported"  # not "the 18th century" of "the 18th century mosque"
    assert (e.start, e.date_phrase) == (S.NOUN_MODIFIER_DATE.reference, "")


def test_a_reported_event_inherits_the_date_of_its_report(nlp):
    events = _run(S.REPORTED_ON_MONDAY, nlp)
    assert [e.event_type for e in events] == ["combat"]
    e = events[0]
    assert (e.start, e.date_phrase, e.date_status) == (date(2024, 2, 5), "On Monday", "inherited")
    assert e.attribution == "the army said"
    assert _roles(e) == {"Goma": "event_location"}


@pytest.mark.parametrize("sample", S.ALL, ids=lambda s: s.name)
def test_every_event_keeps_the_contract(sample, nlp):
    events = _run(sample, nlp)
    assert events
    assert [e.event_id for e in events] == [
        f"{sample.name}:e{n}" for n in range(1, len(events) + 1)
    ]
    for e in events:
        assert e.event_type in EVENT_TYPES and e.date_status in DATE_STATUSES
        assert e.precision in DATE_PRECISIONS
        assert sample.text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.sentence.start <= e.trigger_start < e.sentence.end
        assert 0.0 <= e.confidence <= 1.0
        assert all(role in EVENT_PLACE_ROLES for _, role in e.places)
        within = [(s.start, s.end) for s in e.sentences]
        assert e.sentence == e.sentences[0]
        for pm, _ in e.context:
            assert any(a <= pm.mention.start < b for a, b in within)
        if e.span is not None:
            assert e.start is None or e.end is None or e.start <= e.end


def test_unresolved_places_are_left_out(nlp):
    a = analyse(S.NO_DATE.text, nlp)
    unresolved = tuple(
        type(pm)(pm.mention, None, 0.0, "no candidate")
        for pm in S.place_mentions(S.NO_DATE, a.sentences)
    )
    events = extract_events(S.NO_DATE.text, a.sentences, a.doc, unresolved, (), doc_id="x")
    assert events and all(e.places == () for e in events)


def test_a_doc_of_another_text_is_rejected(nlp):
    a = analyse("Troops attacked Goma.", nlp)
    with pytest.raises(BadInputError, match="doc-7"):
        extract_events("Something else.", a.sentences, a.doc, (), (), doc_id="doc-7")


def test_base_forms_strip_suffixes_and_know_irregular_verbs():
    assert "deploy" in base_forms("Deployed")
    assert "liberate" in base_forms("liberating")
    assert "shell" in base_forms("shelling") and "plan" in base_forms("planned")
    assert "meet" in base_forms("met") and "send" in base_forms("sent")


# --- quantities ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("around 10,000 troops", (10000.0, "around 10,000 troops", "troops", True, False)),
        ("another 5,000 expected", (5000.0, "another 5,000", "", False, True)),
        ("2,000 more soldiers", (2000.0, "2,000 more soldiers", "soldiers", False, True)),
        ("1.5 million people", (1_500_000.0, "1.5 million people", "people", False, False)),
        ("thousands of its soldiers", (None, "thousands of its soldiers", "soldiers", True, False)),
        ("at least 40 people", (40.0, "at least 40 people", "people", True, False)),
    ],
)
def test_quantities(text, expected):
    (q,) = find_quantities(text)
    assert (q.value, q.text, q.unit, q.approximate, q.additional) == expected
    assert text[q.start : q.end] == q.text


def test_quantities_skip_dates_and_bare_numbers():
    text = "In June 2024, F-16 jets flew; 2024 was hard."
    assert find_quantities(text, exclude=((0, 12),)) == ()


# --- properties ---------------------------------------------------------------------

_FRAGMENTS = (
    "Troops were deployed to the north",
    "rebels attacked the town",
    "the minister visited the capital",
    "officials said",
    "engineers rebuilt the bridge",
    "on Tuesday",
    "in late October",
    "since September",
    "two days later",
    "in the spring of 2025",
    "around 10,000 troops",
    "another 5,000 expected to follow",
    "according to the agency",
    "and",
    ",",
    ".",
    "\n\n",
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(st.sampled_from(_FRAGMENTS), max_size=14),
    ref=st.dates(date(1990, 1, 1), date(2030, 12, 31)),
)
def test_every_event_interval_is_ordered(nlp, parts, ref):
    text = " ".join(parts)
    a = analyse(text, nlp)
    spans = find_timexes(text, reference=ref)
    events = extract_events(text, a.sentences, a.doc, (), spans, doc_id="h", reference=ref)
    for e in events:
        assert e.start is None or e.end is None or e.start <= e.end
        assert (e.span is None) == (e.date_status == "undated")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=120))
def test_extraction_never_raises_on_arbitrary_text(nlp, text):
    a = analyse(text, nlp)
    spans = find_timexes(text, reference=date(2025, 1, 1))
    events = extract_events(text, a.sentences, a.doc, (), spans, doc_id="h")
    assert all(isinstance(e, Event) for e in events)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("A missile hit an apartment block.", ["combat"]),
        ("Drones hit the power station.", ["combat"]),
        ("Food prices hit a record.", []),
    ],
    ids=["missile-hit", "drones-hit", "prices-hit"],
)
def test_hit_is_combat_only_with_a_weapon(nlp, text, types):
    from geo.nlp.analysis import analyse

    analysis = analyse(text, nlp)
    events = extract_events(text, analysis.sentences, analysis.doc, (), (), doc_id="t")
    assert [e.event_type for e in events] == types


def test_a_headline_repeated_below_itself_reports_its_events_once(nlp):
    headline = "Rebels attack the port of Mariupol"
    text = f"{headline}\n\n{headline}\n\nThe rebels attacked the port again on 3 May 2024."
    a = analyse(text, nlp)
    events = extract_events(
        text,
        a.sentences,
        a.doc,
        (),
        find_timexes(text, reference=date(2024, 5, 31)),
        doc_id="repeat",
        reference=date(2024, 5, 31),
        reference_inferred=False,
    )
    starts = sorted(e.trigger_start for e in events if e.trigger.lower().startswith("attack"))
    assert len(starts) == 2, [(e.trigger, e.trigger_start) for e in events]
    assert starts[0] < len(headline) < text.index("The rebels") <= starts[1]
