"""The gazetteer on the full index that `make setup` builds (integration)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shapely import Point

from geo.gazetteer.index import Gazetteer

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz():
    with Gazetteer.open() as handle:
        yield handle


def test_index_holds_every_source(gaz):
    counts = gaz.count()
    assert counts["geonames-cities500"] > 230_000
    assert counts["natural-earth-admin1"] > 4_500
    assert counts["natural-earth-admin0"] >= 240
    assert counts["curated-macro-regions"] >= 30
    assert counts["curated:places.csv"] >= 2
    assert counts["census:us_counties.csv"] > 3_000
    assert counts["curated-water-bodies"] >= 40


def test_us_counties_are_labelled_as_census_data_and_keyed_by_fips(gaz):
    laurels = [c for c in gaz.lookup("Laurel County") if c.source == "census:us_counties.csv"]
    assert [(c.entry_id, c.admin1_name) for c in laurels] == [("census:21125", "Kentucky")]
    found = gaz.lookup("Washington County", limit=100)
    washingtons = [c for c in found if c.source.startswith("census:")]
    assert len(washingtons) > 25  # one per state that has one, each under its own FIPS code
    assert len({c.entry_id for c in washingtons}) == len(washingtons)


def test_cli_lookup_lists_both_russian_korenevos():
    result = subprocess.run(
        [sys.executable, "-m", "geo", "lookup", "Korenevo", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    russian = {(r["geonameid"], r["admin1_name"]) for r in rows if r["country"] == "RU"}
    assert {(544906, "Kursk Oblast"), (544904, "Moscow Oblast")} <= russian
    assert rows[0]["geonameid"] == 544906


@pytest.mark.parametrize(
    "query", ["Kursk Oblast", "Kursk region", "the Kursk region", "Kursk oblast"]
)
def test_region_queries_reach_kursk_oblast_with_its_polygon(gaz, query):
    top = gaz.lookup(query)[0]
    assert (top.geonameid, top.feature_class) == (538555, "admin_region")
    shape = gaz.geometry(top.entry_id)
    assert shape.contains(Point(36.18457, 51.72689))  # Kursk
    assert shape.contains(Point(34.90008, 51.41065))  # Korenevo


@pytest.mark.parametrize(
    ("query", "lat", "lon", "uncertainty"),
    [
        ("Stara Sorochina", 51.34278, 35.22111, None),
        ("Staraya Sorochina", 51.34278, 35.22111, None),
        ("Novaya Sorochina", 51.36, 35.23, 5.0),
    ],
)
def test_curated_villages_resolve(gaz, query, lat, lon, uncertainty):
    top = gaz.lookup(query)[0]
    assert top.source == "curated:places.csv"
    assert (top.lat, top.lon, top.uncertainty_km) == (lat, lon, uncertainty)
    assert top.admin1_name == "Kursk Oblast"


def test_moscow_ranks_the_russian_capital_first(gaz):
    found = gaz.lookup("Moscow")
    assert (found[0].geonameid, found[0].country) == (524901, "RU")
    assert len([c for c in found if c.feature_class == "populated_place"]) >= 5


def test_kursk_city_is_where_geonames_puts_it(gaz):
    kursk = gaz.lookup("Kursk", feature_classes=["populated_place"])[0]
    assert kursk.geonameid == 538560
    assert abs(kursk.lat - 51.727) < 0.02 and abs(kursk.lon - 36.185) < 0.03


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("North Korean", "country:KP"),
        ("South Korea's", "country:KR"),
        ("Ukrainian", "country:UA"),
        ("Eastern Europe", "macro:eastern-europe"),
        ("Northeast Asia", "macro:northeast-asia"),
        ("U.S.", "country:US"),
        ("US", "country:US"),
    ],
)
def test_countries_demonyms_and_macro_regions(gaz, query, entry):
    assert gaz.lookup(query)[0].entry_id == entry


def test_crimea_follows_the_documented_point_of_view(gaz):
    crimea = gaz.lookup("Crimea", feature_classes=["admin_region"])[0]
    assert crimea.country == "UA"


def test_uk_nations_are_areas_with_polygons(gaz):
    assert gaz.count()["natural-earth-admin1+iso3166-2"] == 4
    england = [c for c in gaz.lookup("England") if c.entry_id == "iso3166-2:GB-ENG"]
    assert len(england) == 1
    assert (england[0].feature_class, england[0].feature_code) == ("admin_region", "nation")
    assert england[0].country == "GB"
    assert gaz.geometry("iso3166-2:GB-ENG").contains(Point(-0.1276, 51.5072))  # London


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("Northern Ireland", "iso3166-2:GB-NIR"),
        ("Scotland", "iso3166-2:GB-SCT"),
        ("Cymru", "iso3166-2:GB-WLS"),
    ],
)
def test_uk_nations_are_found_by_name(gaz, query, entry):
    areas = gaz.lookup(query, feature_classes=["admin_region"])
    assert areas and areas[0].entry_id == entry


def test_kent_stays_the_admin1_region_of_its_towns(gaz):
    (kent,) = [c for c in gaz.lookup("Kent", feature_classes=["admin_region"]) if c.country == "GB"]
    assert kent.source == "natural-earth-admin1"
    assert gaz.admin1_of("GB", kent.admin1_code).entry_id == kent.entry_id
    for town in ("Canterbury", "Maidstone"):
        (found,) = [c for c in gaz.lookup(town, feature_classes=["populated_place"])
                    if c.country == "GB"]  # fmt: skip
        assert (found.admin1_code, found.admin1_name) == (kent.admin1_code, "Kent"), town


@pytest.mark.parametrize(
    ("query", "entry_id", "kind"),
    [
        ("Black Sea", "water:black-sea", "sea"),
        ("the Sea of Azov", "water:sea-of-azov", "sea"),
        ("Azov Sea", "water:sea-of-azov", "sea"),
        ("Strait of Hormuz", "water:strait-of-hormuz", "strait"),
        ("Bosphorus", "water:bosporus", "strait"),
        ("Persian Gulf", "water:persian-gulf", "gulf"),
        ("Strait of Bab al-Mandab", "water:bab-el-mandeb", "strait"),
    ],
)
def test_water_bodies_are_found_first(gaz, query, entry_id, kind):
    top = gaz.lookup(query)[0]
    assert (top.entry_id, top.feature_class, top.feature_code) == (entry_id, "water_body", kind)
    assert top.country == "" and top.uncertainty_km > 0 and not top.has_geometry
