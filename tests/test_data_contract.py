"""Contract of the committed boundary data in ``geo/data/`` (see its MANIFEST.json)."""

from __future__ import annotations

import csv
import hashlib
import json
from functools import cache
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "geo" / "data"
MANIFEST = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
ENTRIES = {e["path"]: e for e in MANIFEST["files"]}
PARQUETS = [p for p in ENTRIES if p.endswith(".parquet")]


@cache
def frame(path: str) -> gpd.GeoDataFrame:
    return gpd.read_parquet(ROOT / path)


@cache
def admin1() -> gpd.GeoDataFrame:
    return frame("geo/data/admin1.parquet")


@cache
def countries() -> gpd.GeoDataFrame:
    return frame("geo/data/countries.parquet")


def row(gdf: gpd.GeoDataFrame, column: str, value):
    hits = gdf[gdf[column] == value]
    assert len(hits) == 1, f"{column}={value!r} matches {len(hits)} rows"
    return hits.iloc[0]


def test_manifest_lists_every_data_file():
    on_disk = {
        p.relative_to(ROOT).as_posix() for p in DATA.iterdir() if p.suffix in {".parquet", ".csv"}
    }
    assert on_disk == set(ENTRIES)


@pytest.mark.parametrize("path", sorted(ENTRIES))
def test_file_matches_manifest(path):
    entry = ENTRIES[path]
    file = ROOT / path
    assert file.exists()
    assert hashlib.sha256(file.read_bytes()).hexdigest() == entry["sha256"]
    assert file.stat().st_size < 8_000_000
    for key in ("sources", "licence", "attribution", "build_command"):
        assert entry[key], f"{path}: manifest lacks {key}"
    if path.endswith(".parquet"):
        gdf = frame(path)
        assert len(gdf) == entry["rows"]
        assert list(gdf.columns) == entry["columns"]
    else:
        with file.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
        assert len(rows) == entry["rows"]
        assert reader.fieldnames == entry["columns"]


def test_data_folder_is_small():
    total = sum(p.stat().st_size for p in DATA.iterdir() if p.is_file())
    assert total < 12_000_000


@pytest.mark.parametrize("path", PARQUETS)
def test_geoparquet_geometry_and_coordinates(path):
    gdf = frame(path)
    assert gdf.crs.to_epsg() == 4326
    geoms = gdf.geometry.values
    assert not shapely.is_empty(geoms).any()
    assert shapely.is_valid(geoms).all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf["label_lat"].between(-90, 90).all()
    assert gdf["label_lon"].between(-180, 180).all()
    minx, miny, maxx, maxy = gdf.total_bounds
    assert minx >= -180 and maxx <= 180
    assert miny >= -90 and maxy <= 90


@pytest.mark.parametrize("path", PARQUETS)
def test_names_are_json_lists_of_strings(path):
    for text in frame(path)["names"]:
        names = json.loads(text)
        assert names and all(isinstance(n, str) and n for n in names)


def test_admin1_keys_are_unique():
    gdf = admin1()
    assert gdf["gn_id"].dropna().is_unique
    assert gdf["adm1_code"].is_unique


def test_countries_keys_are_unique():
    gdf = countries()
    assert gdf["iso_a2"].is_unique
    assert gdf["geonameid"].is_unique


def test_kursk_oblast_contains_kursk_and_korenevo():
    kursk = row(admin1(), "gn_id", 538555)
    assert kursk["name"] == "Kursk Oblast"
    assert kursk["iso_a2"] == "RU"
    assert kursk["gn_a1_code"] == "RU.41"
    assert kursk.geometry.contains(Point(36.185, 51.727))  # Kursk
    assert kursk.geometry.contains(Point(34.900, 51.411))  # Korenevo


def test_moscow_city_and_oblast_are_distinct():
    oblast = row(admin1(), "gn_id", 524925)
    city = row(admin1(), "gn_id", 524894)
    assert (oblast["name"], city["name"]) == ("Moscow Oblast", "Moscow")
    assert (oblast["iso_3166_2"], city["iso_3166_2"]) == ("RU-MOS", "RU-MOW")
    assert not oblast.geometry.equals(city.geometry)
    assert oblast.geometry.intersection(city.geometry).area < 1e-6


def test_russia_and_ukraine_share_a_border_line():
    ru = row(countries(), "iso_a2", "RU").geometry
    ua = row(countries(), "iso_a2", "UA").geometry
    shared = ru.boundary.intersection(ua.boundary)
    assert shared.length > 10  # degrees of common boundary, not a point
    assert ru.intersection(ua).area < 1e-6


@pytest.mark.parametrize("gn_id", [703883, 694422])  # Crimea, Sevastopol
def test_crimea_follows_internationally_recognised_borders(gn_id):
    feature = row(admin1(), "gn_id", gn_id)
    assert feature["iso_a2"] == "UA"
    point = feature.geometry.representative_point()
    assert row(countries(), "iso_a2", "UA").geometry.contains(point)
    assert not row(countries(), "iso_a2", "RU").geometry.contains(point)


def test_western_sahara_is_not_part_of_morocco():
    laayoune = Point(-13.2, 27.15)
    oued_ed_dahab = row(admin1(), "adm1_code", "MAR-3469")
    assert oued_ed_dahab["iso_a2"] == "EH"
    eh = row(countries(), "iso_a2", "EH").geometry
    ma = row(countries(), "iso_a2", "MA").geometry
    assert eh.contains(laayoune)
    assert eh.contains(oued_ed_dahab.geometry.representative_point())
    assert not ma.contains(laayoune)
    assert ma.intersection(eh).area < 1e-6
    # the boundary is the 27°40' N parallel: no Moroccan land south of it
    assert ma.intersection(shapely.box(-18, 20, -8, 27.66)).area < 1e-6


@pytest.mark.parametrize(
    ("iso", "name", "alias", "demonym"),
    [
        ("RU", "Russia", "Russian Federation", "Russian"),
        ("KP", "North Korea", "DPRK", "North Korean"),
        ("KR", "South Korea", "ROK", "South Korean"),
        ("US", "United States", "U.S.", "American"),
        ("GB", "United Kingdom", "Britain", "British"),
        ("UA", "Ukraine", "Ukraine", "Ukrainian"),
    ],
)
def test_country_names_and_demonyms(iso, name, alias, demonym):
    country = row(countries(), "iso_a2", iso)
    assert country["name"] == name
    assert alias in json.loads(country["names"])
    assert demonym in json.loads(country["demonyms"])


def test_a_demonym_belongs_to_one_country():
    seen = [d for text in countries()["demonyms"] for d in json.loads(text)]
    assert len(seen) == len(set(seen))


def test_country_label_points_follow_geonames_convention():
    assert tuple(row(countries(), "iso_a2", "RU")[["label_lat", "label_lon"]]) == (60, 100)
    assert tuple(row(countries(), "iso_a2", "US")[["label_lat", "label_lon"]]) == (39.76, -98.5)
    assert tuple(row(countries(), "iso_a2", "IN")[["label_lat", "label_lon"]]) == (22, 79)


def test_admin1_label_points_follow_geonames_where_curated():
    hawaii = row(admin1(), "gn_id", 5855797)
    assert (hawaii["name"], hawaii["label_lat"], hawaii["label_lon"]) == (
        "Hawaii",
        20.75028,
        -156.50028,
    )


@cache
def us_counties() -> list[dict]:
    with (DATA / "us_counties.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_us_counties_are_in_the_curated_places_format():
    from geo.gazetteer.sources import CURATED_COLUMNS

    with (DATA / "us_counties.csv").open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == [*CURATED_COLUMNS, "fips"]


def test_us_counties_have_unique_fips_points_in_the_us_and_known_states():
    rows = us_counties()
    assert len({r["fips"] for r in rows}) == len(rows) > 3000
    states = set(admin1()[admin1()["iso_a2"] == "US"]["name"])
    for r in rows:
        assert len(r["fips"]) == 5 and r["fips"].isdigit(), r
        assert r["country"] == "US" and r["admin1"] in states, r
        lat, lon = float(r["lat"]), float(r["lon"])
        assert 18 < lat < 72 and (-180 < lon < -65 or lon > 170), r
        assert float(r["uncertainty_km"]) > 0, r


def test_a_county_point_lies_in_its_state():
    laurel = [r for r in us_counties() if (r["name"], r["admin1"]) == ("Laurel County", "Kentucky")]
    assert len(laurel) == 1
    kentucky = row(admin1(), "gn_id", 6254925).geometry
    assert kentucky.contains(Point(float(laurel[0]["lon"]), float(laurel[0]["lat"])))


def test_every_admin1_country_is_a_known_country():
    known = set(countries()["iso_a2"])
    assert set(admin1()["iso_a2"]) - {""} <= known


def test_macro_region_members_are_known_iso2_codes():
    known = set(countries()["iso_a2"])
    with (DATA / "macro_regions.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len({r["key"] for r in rows}) == len(rows)
    for r in rows:
        members = r["members"].split("|")
        assert members and set(members) <= known, r["key"]
        assert r["name"]
        assert bool(r["lat"]) == bool(r["lon"]), r["key"]  # a curated point, or none
        if r["lat"]:
            assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180


# --- subnational.parquet: the United Kingdom's nations ---------------------------------

NATIONS = {
    "GB-ENG": "England",
    "GB-NIR": "Northern Ireland",
    "GB-SCT": "Scotland",
    "GB-WLS": "Wales",
}


@cache
def subnational() -> gpd.GeoDataFrame:
    return frame("geo/data/subnational.parquet")


def test_subnational_holds_the_four_uk_nations():
    gdf = subnational()
    assert dict(zip(gdf["iso_3166_2"], gdf["name"], strict=True)) == NATIONS
    assert set(gdf["iso_a2"]) == {"GB"}
    assert "Cymru" in json.loads(row(gdf, "iso_3166_2", "GB-WLS")["names"])


def test_nations_lie_inside_the_uk_and_do_not_overlap():
    gdf = subnational()
    uk = row(countries(), "iso_a2", "GB").geometry
    for nation in gdf.itertuples():
        assert nation.geometry.is_valid, nation.name
        assert nation.geometry.difference(uk).area < 1e-6, nation.name
    shapes = list(gdf.geometry)
    for i, a in enumerate(shapes):
        for b in shapes[i + 1 :]:
            assert a.intersection(b).area < 1e-6
    # Together they are the UK but for the Sovereign Base Areas on Cyprus (no nation).
    assert shapely.union_all(shapes).area > 0.995 * uk.area


def test_nation_points_lie_inside_their_polygons():
    for nation in subnational().itertuples():
        assert nation.geometry.contains(Point(nation.label_lon, nation.label_lat)), nation.name


@pytest.mark.parametrize(
    ("code", "lon", "lat"),
    [
        ("GB-ENG", 1.0804, 51.2802),  # Canterbury, Kent
        ("GB-ENG", -0.1276, 51.5072),  # London
        ("GB-WLS", -3.1791, 51.4816),  # Cardiff
        ("GB-SCT", -3.1883, 55.9533),  # Edinburgh
        ("GB-NIR", -5.9301, 54.5973),  # Belfast
        ("GB-NIR", -7.3086, 54.9966),  # Derry (a district whose ISO code was withdrawn)
    ],
)
def test_towns_lie_in_their_nation(code, lon, lat):
    assert row(subnational(), "iso_3166_2", code).geometry.contains(Point(lon, lat))


def test_subnational_manifest_names_what_it_left_out():
    left_out = ENTRIES["geo/data/subnational.parquet"]["left_out"]
    assert [name.split(" (")[0] for name in left_out] == ["Dhekelia", "Akrotiri"]


# --- water_bodies.csv: seas, gulfs, straits (curated) ----------------------------------

WATER_KINDS = {"ocean", "sea", "gulf", "strait", "channel", "canal"}
SHORE_KM = 1500.0


@cache
def water_bodies() -> list[dict[str, str]]:
    with (DATA / "water_bodies.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _km_to(point: Point, shape) -> float:
    """Great-circle km from a point to the nearest point of a shape."""
    from shapely.ops import nearest_points

    from geo.places.context import haversine_km

    near = nearest_points(point, shape)[1]
    return haversine_km(point.y, point.x, near.y, near.x)


def test_water_bodies_have_unique_keys_and_names_and_known_kinds():
    rows = water_bodies()
    assert len(rows) >= 40
    names = [n.casefold() for r in rows for n in [r["name"], *r["aliases"].split("|")] if n]
    assert len({r["key"] for r in rows}) == len(rows)
    assert len(set(names)) == len(names)  # no name or alias twice
    assert {r["kind"] for r in rows} <= WATER_KINDS
    for r in rows:
        assert float(r["uncertainty_km"]) > 0, r["key"]


def test_water_body_points_lie_in_the_water_near_their_shores():
    gdf = countries()
    shapes = dict(zip(gdf["iso_a2"], gdf.geometry, strict=True))
    tree = shapely.STRtree(gdf.geometry.values)
    for r in water_bodies():
        point = Point(float(r["lon"]), float(r["lat"]))
        shores = r["countries"].split("|")
        assert shores and set(shores) <= set(shapes), r["key"]
        inside = {gdf["iso_a2"].iloc[i] for i in tree.query(point, predicate="within")}
        if r["kind"] == "canal":
            assert inside == set(shores), r["key"]  # a canal lies in its country
        else:
            assert inside == set(), f"{r['key']} lies in {inside}"
        assert min(_km_to(point, shapes[c]) for c in shores) < SHORE_KM, r["key"]


def test_named_water_bodies_are_where_they_should_be():
    # Each sea's point lies within its shore countries' bounding box, not just anywhere.
    by_key = {r["key"]: r for r in water_bodies()}
    for key, (south, west, north, east) in {
        "black-sea": (41.0, 27.5, 46.5, 41.7),
        "sea-of-azov": (45.2, 34.8, 47.3, 39.3),
        "strait-of-hormuz": (26.0, 55.8, 27.2, 57.0),
        "kerch-strait": (45.0, 36.3, 45.5, 36.8),
        "bosporus": (41.0, 28.95, 41.25, 29.15),
    }.items():
        lat, lon = float(by_key[key]["lat"]), float(by_key[key]["lon"])
        assert south <= lat <= north and west <= lon <= east, key


def test_water_bodies_read_without_problems():
    from geo.gazetteer.water import read_water_bodies

    entries, problems = read_water_bodies(DATA / "water_bodies.csv")
    assert problems == []
    assert len(entries) == len(water_bodies())
    assert {e.feature_class for e in entries} == {"water_body"}
    assert {e.country for e in entries} == {""}


def test_a_bad_water_body_row_is_reported_with_file_and_line(tmp_path):
    from geo.gazetteer.water import read_water_bodies

    path = tmp_path / "water.csv"
    path.write_text(
        "key,name,aliases,kind,lat,lon,uncertainty_km,countries\n"
        "lake,Lake X,,lake,1,2,10,RU\n"
        "sea,Sea Y,,sea,1,2,10,RU\n",
        encoding="utf-8",
    )
    entries, problems = read_water_bodies(path)
    assert [e.entry_id for e in entries] == ["water:sea"]
    assert [p.source for p in problems] == [f"{path}:2"]
    assert "kind 'lake'" in problems[0].problem


def districts() -> list[dict]:
    with (DATA / "districts.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_districts_are_admin2_areas_outside_the_us_with_a_point_and_a_reach():
    rows = districts()
    assert all(r["feature_type"] == "district" for r in rows)
    assert all(len(r["country"]) == 2 and r["country"] != "US" for r in rows)
    assert all(-90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180 for r in rows)
    assert all(float(r["uncertainty_km"]) >= 5 for r in rows)


@pytest.mark.parametrize(
    ("name", "country", "alternate"),
    [("Al-Haouz", "MA", ""), ("Departement de la Gironde", "FR", "Gironde")],
)
def test_named_districts_are_there_with_the_names_news_writes(name, country, alternate):
    (row,) = [r for r in districts() if (r["name"], r["country"]) == (name, country)]
    assert alternate in row["alternate_names"].split("|") or not alternate
