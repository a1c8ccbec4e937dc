"""The rules of one event per happening, on tiny invented articles.

Sub-types, tolls (not populations, distances, money or troops), actors (not places),
sites (not origins or compared places), "reported by" dates, a happening told twice.
"""

from __future__ import annotations

import functools
from datetime import date

import pytest

from geo.events.extract import extract_events
from geo.events.model import Event
from geo.nlp.analysis import analyse, load_nlp
from geo.places.roles import assign_roles
from geo.time.timex import find_timexes

import samples_events as S

REF = date(2024, 5, 31)


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


def _town(surface: str, gid: int, code: str = "CD") -> S.PlaceSpec:
    return (surface, f"gn:{gid}", surface, "populated_place", code, False, "name")


def _country(surface: str, code: str) -> S.PlaceSpec:
    return (surface, f"country:{code}", surface, "country", code, False, "name")


@functools.cache
def _events(text: str, places: tuple = (), reference: date | None = REF) -> tuple[Event, ...]:
    sample = S.EventSample("rule", text, reference or REF, places)
    a = analyse(text, load_nlp())
    mentions = assign_roles(S.place_mentions(sample, a.sentences), a.doc, text=text)
    spans = find_timexes(text, reference=reference or REF)
    return extract_events(
        text, a.sentences, a.doc, mentions, spans, doc_id="rule", reference=reference
    )


def _only(events) -> Event:
    assert len(events) == 1, [(e.trigger, e.event_type, e.sub_event_type) for e in events]
    return events[0]


# --- typology: each sub-type from a sentence of its kind ------------------------------


@pytest.mark.parametrize(
    ("text", "event_type", "sub_type"),
    [
        ("Rebels clashed with the army near the market.", "combat", "Armed clash"),
        ("Gunmen killed three soldiers at a checkpoint.", "combat", "Armed clash"),
        ("Gunmen killed three villagers at a checkpoint.", "combat", "Attack"),
        ("The army recaptured the town from the rebels.", "combat", "Government regains territory"),
        ("Artillery shelled the eastern suburbs overnight.", "combat",
         "Shelling/artillery/missile attack"),
        ("An airstrike hit a fuel depot.", "combat", "Air/drone strike"),
        ("A suicide bomber struck a crowded market.", "combat", "Suicide bomb"),
        ("An IED exploded under a passing truck.", "combat", "Remote explosive/landmine/IED"),
        ("Militants threw a grenade at a police post.", "combat", "Grenade"),
        ("Armed men abducted two teachers.", "combat", "Abduction/forced disappearance"),
        ("Soldiers raped a woman in the camp.", "combat", "Sexual violence"),
        ("Hundreds of workers held a peaceful protest over wages.", "protest", "Peaceful protest"),
        ("Police fired tear gas to disperse the protesters.", "protest",
         "Protest with intervention"),
        ("Rioters burned tyres and looted shops.", "protest", "Violent demonstration"),
        ("A mob lynched a suspected thief.", "protest", "Mob violence"),
        ("Police arrested five opposition members.", "strategic", "Arrests"),
        ("Looters ransacked the warehouse.", "strategic", "Looting/property destruction"),
        ("Army engineers defused a roadside bomb.", "strategic", "Disrupted weapons use"),
        ("The two sides signed a ceasefire.", "diplomatic", "Agreement"),
        ("A powerful earthquake struck the region.", "disaster", "Earthquake"),
        ("Floods swept away dozens of homes.", "disaster", "Flood"),
        ("A five-storey building collapsed.", "disaster", "Collapse"),
        ("The minister visited the flooded district.", "diplomatic", "Visit"),
        ("The committee met and discussed the budget.", "diplomatic", "Talks"),
    ],
)  # fmt: skip
def test_each_sub_type(text, event_type, sub_type):
    e = _only(_events(text))
    assert (e.event_type, e.sub_event_type) == (event_type, sub_type)


def test_take_is_a_territory_only_with_a_place_as_object():
    sake = (_town("Sake", 1),)
    e = _only(_events("The rebels took Sake on Tuesday.", sake))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.site.place.name == "Sake"
    assert _events("The rebels took two hours to answer.") == ()


# --- tolls -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fatalities", "injured"),
    [
        ("Gunmen killed 14 people in the village.", 14, None),
        ("48 fighters were killed in the clashes.", 48, None),
        ("The attack left seven fatalities.", 7, None),
        ("A baby girl was killed by unidentified gunmen.", 1, None),
        ("Two soldiers were killed and five wounded in the ambush.", 2, 5),
        ("The blast killed 12, including three children.", 12, None),
    ],
)
def test_toll(text, fatalities, injured):
    e = _only(_events(text))
    assert (e.fatalities, e.injured) == (fatalities, injured)


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked the city of 2.3 million residents.",  # a population
        "Rebels attacked a post about 8 kilometers from the border.",  # a distance
        "Rebels attacked a bank and stole 5,000 dollars.",  # money
        "The army deployed 10,000 troops after the attack.",  # troops
        "The attack displaced 3,000 people.",  # displaced
    ],
    ids=["population", "distance", "money", "troops", "displaced"],
)
def test_counts_that_are_no_toll(text):
    assert all(e.fatalities is None and e.injured is None for e in _events(text))


def test_a_toll_in_the_next_sentence_joins_the_happening():
    text = "On 6 May 2024, rebels shelled army positions in Sake. Ten soldiers were killed."
    e = _only(_events(text, (_town("Sake", 1),)))
    assert (e.sub_event_type, e.fatalities, e.start) == (
        "Shelling/artillery/missile attack", 10, date(2024, 5, 6),
    )  # fmt: skip
    assert len(e.sentences) == 2


# --- actors and sites --------------------------------------------------------------------


def test_actors_are_the_agent_and_the_target_never_a_place():
    places = (_town("Paiporta", 2, "ES"),)
    e = _only(_events("A baby girl was killed by unidentified gunmen in Paiporta.", places))
    assert (e.actor1, e.actor2) == ("unidentified gunmen", "baby girl")
    assert e.site.place.name == "Paiporta"
    e = _only(_events("Paiporta was attacked by rebels.", places))
    assert "Paiporta" not in (e.actor1, e.actor2, *e.actors)


def test_the_site_is_the_most_specific_place_of_the_trigger_not_the_origin():
    places = (_town("Goma", 3), _town("Sake", 1), _country("Rwanda", "RW"))
    text = "Fighters from Rwanda attacked Sake, 25 km from Goma."
    e = _only(_events(text, places))
    assert e.site.place.name == "Sake"
    assert dict((pm.place.name, role) for pm, role in e.context)["Rwanda"] == "origin"


def test_talks_in_a_capital_are_one_event_there_not_one_per_country():
    places = (_town("Pyongyang", 4, "KP"), _country("Russia", "RU"), _country("North Korea", "KP"))
    text = "Russia's defence minister held talks with North Korea's leader in Pyongyang."
    e = _only(_events(text, places))
    assert (e.event_type, e.site.place.name, e.location_precision) == (
        "diplomatic", "Pyongyang", "town",
    )  # fmt: skip


def test_a_village_beats_its_district_and_a_road_name_is_no_site():
    places = (_town("Buruku", 5, "NG"), ("Kaduna", "gn:6", "Kaduna", "admin_region", "NG",
              False, "name"), _town("Dhaka", 7, "BD"), _town("Gazipur", 8, "BD"))  # fmt: skip
    e = _only(_events("Gunmen clashed with vigilantes in Buruku (Kaduna).", places))
    assert e.site.place.name == "Buruku"
    e = _only(_events("Workers held a protest on the Dhaka highway in Gazipur.", places))
    assert e.site.place.name == "Gazipur"


# --- dates -----------------------------------------------------------------------------


def test_an_undated_event_is_reported_by_the_reference_date():
    e = _only(_events("Rebels attacked the town."))
    assert (e.start, e.end, e.date_status, e.date_rule) == (REF, REF, "reported", "reported")


def test_without_a_reference_an_undated_event_stays_undated():
    e = _only(_events("Rebels attacked the town.", reference=None))
    assert (e.span, e.date_status, e.date_rule) == (None, "undated", "none")


def test_the_paragraph_lends_its_date_but_not_to_the_future():
    text = (
        "On 3 May 2024, rebels attacked Sake. Later, they looted the market in Goma. "
        "The army will visit Goma."
    )
    events = _events(text, (_town("Sake", 1), _town("Goma", 3)))
    by_type = {e.event_type: e for e in events}
    assert by_type["combat"].date_rule == "own"
    assert (by_type["strategic"].start, by_type["strategic"].date_rule) == (
        date(2024, 5, 3), "paragraph",
    )  # fmt: skip
    assert by_type["diplomatic"].date_status == "undated"


def test_a_happening_told_twice_is_one_event():
    text = "Rebels attacked Sake\n\nOn 3 May 2024, rebels attacked Sake, killing four."
    e = _only(_events(text, (_town("Sake", 1),)))
    assert (e.start, e.fatalities, len(e.sentences)) == (date(2024, 5, 3), 4, 2)
