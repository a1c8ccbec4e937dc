"""Finding mentions: the general rules of geo.places.mentions on named sentences.

A tiny gazetteer (tests/samples_gazetteer.py) and the real spaCy model; every case is
one sentence a news article could hold.
"""

from __future__ import annotations

import pytest

from geo.gazetteer.build import build_index
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import analyse, load_nlp
from geo.places.mentions import find_mentions
from geo.places.patterns import is_dateline

from samples_gazetteer import write_sources


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-gazetteer")
    build_index(folder / "index.sqlite", sources=write_sources(folder))
    with Gazetteer.open(folder / "index.sqlite") as handle:
        yield handle


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def mentions(text, gaz, nlp):
    return find_mentions(analyse(text, nlp), gaz, doc_id="t")


def spans(found):
    return [(m.text, m.query, m.kind) for m in found]


def test_state_abbreviation_after_a_comma_names_the_state(gaz, nlp):
    found = mentions("He lives in Wichita, Kan., with his wife.", gaz, nlp)
    assert ("Kan.", "Kansas", "name") in spans(found)
    assert [m.feature_classes for m in found if m.text == "Kan."] == [("admin_region",)]


def test_state_abbreviation_needs_a_comma_or_a_party_letter(gaz, nlp):
    found = mentions("Kan. is a short word.", gaz, nlp)
    assert "Kansas" not in [m.query for m in found]


def test_region_acronym_is_the_region_but_not_after_a_year(gaz, nlp):
    assert ("BC", "British Columbia", "name") in spans(
        mentions("The BC government said it would help.", gaz, nlp)
    )
    assert mentions("Pottery from 300 BC was found.", gaz, nlp) == ()


def test_place_at_the_edge_of_an_organisation_is_a_mention(gaz, nlp):
    text = "Officials at the Ukraine Cancer Society said the clinic would reopen."
    assert ("Ukraine", "Ukraine", "name") in spans(mentions(text, gaz, nlp))


def test_street_named_after_a_place_is_not_the_place(gaz, nlp):
    assert mentions("Traffic stopped on Moscow Street on Monday.", gaz, nlp) == ()


def test_name_after_a_title_is_a_person(gaz, nlp):
    assert mentions("Mr. London said the plan would work.", gaz, nlp) == ()


def test_plural_demonym_names_the_country(gaz, nlp):
    found = mentions("Ukrainians fled the fighting.", gaz, nlp)
    assert spans(found) == [("Ukrainians", "Ukrainian", "demonym")]


def test_dateline_after_a_headline_run_into_the_text(gaz, nlp):
    text = "Floods hit the region . KHARKIV, Ukraine (AP) — Rain fell for days."
    found = [m for m in mentions(text, gaz, nlp) if m.text == "KHARKIV"]
    assert [(m.query, m.extra) for m in found] == [("Kharkiv", ("Ukraine",))]
    assert is_dateline(text, text.index("KHARKIV"))
    assert not is_dateline(text, text.index("Rain"))


def test_county_opening_an_institution_name_is_a_mention(gaz, nlp):
    text = "Deputies from the Latah County Sheriff's Office said the road was closed."
    assert ("Latah County", "Latah County", "name") in spans(mentions(text, gaz, nlp))


# -- evidence in proportion to risk ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Google opened a new office in Houston last week.", "Google"),  # Topeka's prank name
        ("Talks between Israel and Hamas resumed in Cairo.", "Hamas"),  # Hamm's alternate
    ],
)
def test_an_alternate_name_unlike_the_place_is_no_evidence(gaz, nlp, text, word):
    assert word not in [m.text for m in mentions(text, gaz, nlp)]


def test_a_word_of_a_persons_full_name_is_that_person_later(gaz, nlp):
    text = "Ashley Sutton won the race in London. Few predicted Sutton would win."
    assert "Sutton" not in [m.text for m in mentions(text, gaz, nlp)]


def test_a_town_named_like_a_surname_is_a_place_when_no_person_has_it(gaz, nlp):
    text = "The talks were held in Sutton, south of London."
    assert "Sutton" in [m.text for m in mentions(text, gaz, nlp)]


# -- places inside names: facilities and institutions ---------------------------------
@pytest.mark.parametrize(
    ("text", "facility"),
    [
        ("Flights were delayed at Pearson International Airport on Monday.",
         "Pearson International Airport"),  # a small town's name: not Pearson, Georgia
        ("The White House said the talks would continue.", "White House"),
        ("Shares of Kursk Holdings fell sharply.", "Kursk Holdings"),  # a company
    ],
)  # fmt: skip
def test_a_facility_is_claimed_whole_and_not_placed_on_a_homonym(gaz, nlp, text, facility):
    found = mentions(text, gaz, nlp)
    kinds = {m.text: m.kind for m in found}
    assert kinds.get(facility) == "facility"
    assert [m.candidates for m in found if m.text == facility] == [()]
    assert not any(m.kind == "name" for m in found)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Students at Moscow State University protested.", "Moscow"),
        ("Flights left Toronto's Pearson International Airport late.", None),
        ("Delays hit London's Pearson International Airport again.", "London"),
    ],
)
def test_a_place_opening_a_facility_name_is_the_mention(gaz, nlp, text, place):
    names = [m.text for m in mentions(text, gaz, nlp) if m.kind == "name"]
    assert names == ([place] if place else [])
