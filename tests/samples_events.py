"""Tiny named articles for the event and flow tests.

Each sample is a few sentences, the reference date its dates resolve against, and its
places written by hand as ``(surface text, place_id, name, feature_class, country,
capital, kind)``; :func:`place_mentions` turns them into ``PlaceMention`` values at
every occurrence of the surface text. The seed cases are short excerpts of the seed
article, not the seed file itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from geo.model import Mention, Place, PlaceMention, Sentence

PlaceSpec = tuple[str, str, str, str, str, bool, str]


@dataclass(frozen=True)
class EventSample:
    name: str
    text: str
    reference: date
    places: tuple[PlaceSpec, ...] = ()
    reference_inferred: bool = False


def _country(surface: str, code: str, name: str) -> PlaceSpec:
    return (surface, f"country:{code}", name, "country", code, False, "name")


def _town(surface: str, gid: int, name: str, code: str, capital: bool = False) -> PlaceSpec:
    return (surface, f"gn:{gid}", name, "populated_place", code, capital, "name")


SEED_DEPLOYMENT = EventSample(
    "seed_deployment",
    "South Korea’s National Intelligence Service (NIS) has revealed that since September, "
    "North Korea has deployed around 10,000 troops to Russia, with another 5,000 expected "
    "to follow soon.",
    date(2025, 10, 31),
    (
        _country("South Korea", "KR", "South Korea"),
        _country("North Korea", "KP", "North Korea"),
        _country("Russia", "RU", "Russia"),
    ),
    reference_inferred=True,
)

SEED_VISIT = EventSample(
    "seed_visit_and_summit",
    "In late October, North Korea’s Foreign Minister, Choe Son Hui, made a high-profile visit "
    "to Moscow, where she met with Russian Foreign Minister Sergei Lavrov and President "
    "Vladimir Putin.\n\n"
    "Lavrov declared that Russia-North Korea relations had gained “a strong new momentum” "
    "since their leaders’ summit in June 2024, while Putin praised the partnership as "
    "“developing according to plan.”",
    date(2025, 10, 31),
    (
        _country("North Korea", "KP", "North Korea"),
        _town("Moscow", 524901, "Moscow", "RU", capital=True),
        _country("Russia", "RU", "Russia"),
    ),
    reference_inferred=True,
)

_CONFIRMATION = (
    "Reports of North Korean troops fighting alongside Russian forces have circulated since "
    "2024, though Moscow officially confirmed their participation only in the spring of 2025."
)
_KURSK_PLACES = (
    _town("Moscow", 524901, "Moscow", "RU", capital=True),
    _country("Russia", "RU", "Russia"),
    ("the Kursk region", "gn:538555", "Kursk Oblast", "admin_region", "RU", False, "region"),
)

SEED_KURSK = EventSample(
    "seed_confirmation_then_kursk",
    _CONFIRMATION + "\n\n"
    "After Russia regained control of the Kursk region, Chief of the General Staff Valery "
    "Gerasimov credited the North Korean units with making a “significant contribution”.",
    date(2025, 10, 31),
    _KURSK_PLACES,
    reference_inferred=True,
)

#: The same as SEED_KURSK, but the Kursk sentence has a date of its own.
SEED_KURSK_DATED = EventSample(
    "seed_kursk_with_its_own_date",
    _CONFIRMATION + "\n\n"
    "In April 2025, Russia regained control of the Kursk region, Chief of the General Staff "
    "Valery Gerasimov said.",
    date(2025, 10, 31),
    _KURSK_PLACES,
    reference_inferred=True,
)

DATELINE_WEEKDAY = EventSample(
    "dateline_weekday",
    "KHARTOUM, Sudan (AP) — Paramilitary fighters attacked a camp for displaced people in "
    "North Darfur on Tuesday, killing at least 40 people, the United Nations said.",
    date(2024, 6, 14),  # a Friday
    (
        _town("KHARTOUM", 379252, "Khartoum", "SD", capital=True),
        _country("Sudan", "SD", "Sudan"),
        ("North Darfur", "ne1:2747", "North Darfur", "admin_region", "SD", False, "name"),
    ),
)

TWO_DAYS_LATER = EventSample(
    "two_days_later",
    "Houthi rebels attacked the port of Hodeidah on 3 March 2024.\n\n"
    "Two days later, the government sent 500 troops from Sanaa to Hodeidah.",
    date(2024, 3, 10),
    (
        _town("Hodeidah", 79415, "Al Hudaydah", "YE"),
        _town("Sanaa", 71137, "Sanaa", "YE", capital=True),
    ),
)

NO_DATE = EventSample(
    "no_date_at_all",
    "Engineers are rebuilding the main bridge in Mosul.\n\n"
    "Demining teams cleared mines from farmland near Sinjar.",
    date(2024, 1, 1),
    (
        _town("Mosul", 99072, "Mosul", "IQ"),
        _town("Sinjar", 94298, "Sinjar", "IQ"),
    ),
)

TWO_EVENTS_ONE_SENTENCE = EventSample(
    "two_events_one_sentence",
    "Rwandan troops were deployed to Cabo Delgado on 9 July 2021, and President Paul Kagame "
    "visited Maputo on 13 July 2021.",
    date(2021, 7, 20),
    (
        ("Rwandan", "country:RW", "Rwanda", "country", "RW", False, "demonym"),
        ("Cabo Delgado", "ne1:2330", "Cabo Delgado", "admin_region", "MZ", False, "name"),
        _town("Maputo", 1040652, "Maputo", "MZ", capital=True),
    ),
)

MONTH_ACROSS_NEW_YEAR = EventSample(
    "month_without_year_across_new_year",
    "European leaders met in Brussels in December to agree on a new aid package.",
    date(2025, 1, 15),
    (_town("Brussels", 2800866, "Brussels", "BE", capital=True),),
)

FROM_TO = EventSample(
    "deployment_from_to",
    "The Chadian army dispatched 1,200 soldiers from N'Djamena to Menaka in Mali on "
    "2 February 2022.",
    date(2022, 2, 28),
    (
        _town("N'Djamena", 2427123, "N'Djamena", "TD", capital=True),
        _town("Menaka", 2454530, "Ménaka", "ML"),
        _country("Mali", "ML", "Mali"),
    ),
)

EXPECTED_DEPLOYMENT = EventSample(
    "expected_deployment",
    "Kenya will send 1,000 police officers to Haiti next month, the government said.",
    date(2024, 5, 20),
    (_country("Kenya", "KE", "Kenya"), _country("Haiti", "HT", "Haiti")),
)

NOUN_MODIFIER_DATE = EventSample(
    "date_that_modifies_a_noun",
    "Masons are rebuilding the 18th century mosque in Timbuktu.",
    date(2015, 6, 1),
    (_town("Timbuktu", 2449067, "Timbuktu", "ML"),),
)

REPORTED_ON_MONDAY = EventSample(
    "reported_on_monday",
    "On Monday, the army said that rebels had attacked Goma.",
    date(2024, 2, 7),  # a Wednesday
    (_town("Goma", 216281, "Goma", "CD"),),
)

ALL = (
    SEED_DEPLOYMENT,
    SEED_VISIT,
    SEED_KURSK,
    SEED_KURSK_DATED,
    DATELINE_WEEKDAY,
    TWO_DAYS_LATER,
    NO_DATE,
    TWO_EVENTS_ONE_SENTENCE,
    MONTH_ACROSS_NEW_YEAR,
    FROM_TO,
    EXPECTED_DEPLOYMENT,
    NOUN_MODIFIER_DATE,
    REPORTED_ON_MONDAY,
)


_PRECISION = {"country": "country", "populated_place": "settlement", "admin_region": "region"}


def place_mentions(
    sample: EventSample, sentences: tuple[Sentence, ...], doc_id: str = "t"
) -> tuple[PlaceMention, ...]:
    """PlaceMentions at every whole-word occurrence of each place's surface text."""
    out = []
    for surface, place_id, name, fclass, country, capital, kind in sample.places:
        precision = _PRECISION[fclass]
        place = Place(place_id, name, fclass, precision, 0.0, 0.0, country=country, capital=capital)
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", sample.text):
            index = next(s.index for s in sentences if s.start <= m.start() < s.end)
            possessive = sample.text[m.end() : m.end() + 2] in ("'s", "’s")
            mention = Mention(
                doc_id, surface, m.start(), m.end(), name, kind, index, possessive=possessive
            )
            out.append(PlaceMention(mention, place, 1.0, "by hand"))
    return tuple(sorted(out, key=lambda pm: pm.mention.start))
