"""Resolving mentions: the general rules of geo.places.resolve on a tiny gazetteer.

Mentions are built by hand (as geo.places.mentions would write them), so each test states the
article's names and checks the reading chosen for one of them.
"""

from __future__ import annotations

import pytest

from geo.gazetteer.build import build_index
from geo.gazetteer.index import Gazetteer
from geo.model import Mention
from geo.places.resolve import resolve_mentions

from samples_gazetteer import write_sources


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-gazetteer")
    build_index(folder / "index.sqlite", sources=write_sources(folder))
    with Gazetteer.open(folder / "index.sqlite") as handle:
        yield handle


def article(gaz, *names, extra=None):
    """One mention per name, in order, with its candidates looked up as finding does.

    ``extra`` maps a name to its qualifier.
    """
    out, start = [], 0
    for name in names:
        qualifier = (extra or {}).get(name, ())
        areas = qualifier and gaz.lookup(
            qualifier[0], feature_classes=("country", "admin_region"), fuzzy=False
        )
        out.append(
            Mention(
                "t",
                name,
                start,
                start + len(name),
                name,
                "name",
                0,
                extra=qualifier,
                candidates=gaz.lookup(name),
                extra_candidates=areas or (),
            )  # fmt: skip
        )
        start += len(name) + 2
    return out


def chosen(gaz, *names, extra=None):
    return {
        pm.mention.text: pm.place.place_id if pm.place else None
        for pm in resolve_mentions(article(gaz, *names, extra=extra), gaz)
    }


def test_country_name_keeps_the_country_in_an_article_about_texas(gaz):
    assert chosen(gaz, "Houston", "Beaumont", "China")["China"] == "country:CN"


def test_country_name_with_a_qualifier_is_the_town(gaz):
    places = chosen(gaz, "Houston", "China", extra={"China": ("Texas",)})
    assert places["China"] == "gn:4681976"


def test_state_name_is_the_state_not_a_small_town_of_its_country(gaz):
    # Kansas, Illinois is in the country the article is about; the state still wins.
    assert chosen(gaz, "Houston", "Beaumont", "Kansas")["Kansas"] == "ne1:4273857"


def test_region_name_is_the_region_when_the_notable_town_lies_elsewhere(gaz):
    # Ontario, California (175,000 people) is not in the province of Ontario.
    assert chosen(gaz, "Ontario")["Ontario"] == "ne1:6093943"


def test_city_named_like_the_region_that_holds_it_is_the_city(gaz):
    assert chosen(gaz, "Kursk")["Kursk"] == "gn:538560"


def test_ambiguous_towns_follow_the_region_the_article_points_to(gaz):
    # Two Korenevos: the one in the region of the other names (Kursk Oblast).
    assert chosen(gaz, "Kursk", "Korenevo")["Korenevo"] == "gn:544906"
    assert chosen(gaz, "Moscow Oblast", "Korenevo")["Korenevo"] == "gn:544904"


def test_county_is_a_region_never_a_place_abroad(gaz):
    (pm,) = resolve_mentions(article(gaz, "Latah County"), gaz)
    assert pm.place.name == "Latah County"
    assert (pm.place.country, pm.place.admin1_name, pm.place.precision) == (
        "US",
        "Idaho",
        "region",
    )


def test_metropolis_known_by_its_region_name_is_the_city(gaz):
    # "New York" is an alternate name of New York City (8.8 million people) and the
    # state's own name: the city. Oklahoma City is no metropolis: "Oklahoma" is the state.
    assert chosen(gaz, "New York")["New York"] == "gn:5128581"
    assert chosen(gaz, "Oklahoma")["Oklahoma"] == "ne1:4544379"


@pytest.mark.parametrize(
    ("names", "name", "expected"),
    [
        (("Ontario", "London"), "London", "gn:6058560"),  # London, Ontario
        (("Kursk", "Korenevo"), "Korenevo", "gn:544906"),  # the Korenevo of Kursk Oblast
    ],
)
def test_the_articles_regions_win_over_population(gaz, names, name, expected):
    assert chosen(gaz, *names)[name] == expected
