"""``python -m geo parse`` on a corpus with bad input: what is skipped, what is written.

A temporary corpus holds one good article, one in cp1252 (read with a warning), an
empty file, a binary file, a 50 MB file (sparse: over the 10 MB limit, checked before
reading) and a manifest with a broken line. The command runs once per module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import shape

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
EXIT_SKIPPED = 3
FRAMES = ("places", "events", "flows")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "good.txt").write_text(
        "Storms in Poland\n\nProtesters gathered in Kraków and Gdańsk, Poland, on Friday.\n",
        encoding="utf-8",
    )
    (folder / "latin.txt").write_bytes("Farmers marched in Montréal on Monday.\n".encode("cp1252"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00\x01\x02" * 64)
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant, no disk used
    (folder / "manifest.csv").write_text(
        "file,title,url,published,language\n"
        "good.txt,Storms in Poland,,2024-09-16,en\n"
        'latin.txt,"Farmers",,2024-09-16,en,one column too many\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    completed = subprocess.run(
        [sys.executable, "-m", "geo", "parse", str(corpus), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        check=False,
    )
    return completed, out


def _report(run) -> str:
    completed, _ = run
    return completed.stdout + completed.stderr


def test_exit_status_says_something_was_skipped(run):
    completed, _ = run
    assert completed.returncode == EXIT_SKIPPED, _report(run)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("huge.txt", "over the limit"),
        ("manifest.csv:3", "columns"),
        ("latin.txt", "cp1252"),
    ],
)
def test_each_bad_input_is_reported_by_name(run, corpus, name, problem):
    lines = [line for line in _report(run).splitlines() if f"{corpus}/{name}" in line]
    assert lines, _report(run)
    assert any(problem in line for line in lines), lines


def test_the_other_articles_are_parsed(run):
    _, out = run
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["name"] for f in places["features"]}
    assert {"Kraków", "Gdańsk", "Poland", "Montréal"} <= names
    doc_ids = {f["properties"]["doc_ids"] for f in places["features"]}
    assert doc_ids == {"good", "latin"}


def test_every_format_is_written(run):
    _, out = run
    expected = {f"{frame}.{ext}" for frame in FRAMES for ext in ("geojson", "parquet", "csv")}
    assert expected | {"newsmap.gpkg", "acled.csv"} == {p.name for p in out.iterdir()}


def test_no_temporary_files_are_left(run):
    _, out = run
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") or ".tmp" in p.name]
    assert leftovers == []


def test_geojson_is_rfc_7946_with_lon_lat_order(run):
    _, out = run
    for frame in FRAMES:
        data = json.loads((out / f"{frame}.geojson").read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection"
        assert "crs" not in data  # RFC 7946: WGS 84 longitude/latitude, no crs member
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    by_name = {f["properties"]["name"]: f for f in places["features"]}
    lon, lat = by_name["Kraków"]["geometry"]["coordinates"]
    assert (round(lon), round(lat)) == (20, 50)  # Kraków: 50.06 N, 19.94 E
    poland = shape(by_name["Poland"]["geometry"])
    polygons = getattr(poland, "geoms", [poland])
    # RFC 7946 section 3.1.6: exterior rings counterclockwise.
    assert all(p.exterior.is_ccw for p in polygons)
    assert poland.contains(shape(by_name["Kraków"]["geometry"]))


def test_geojson_name_is_not_the_temporary_file(run):
    _, out = run
    data = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert ".tmp" not in data.get("name", "")


def test_geopackage_has_three_layers(run):
    import pyogrio

    _, out = run
    layers = {name for name, _ in pyogrio.list_layers(out / "newsmap.gpkg")}
    assert layers == set(FRAMES)
    places = pyogrio.read_dataframe(out / "newsmap.gpkg", layer="places")
    assert "Kraków" in set(places["name"])
    assert places.crs.to_epsg() == 4326


def test_geoparquet_keeps_geometry_and_crs(run):
    import geopandas
    import pyarrow.parquet as pq

    _, out = run
    assert b"geo" in pq.read_metadata(out / "places.parquet").metadata
    places = geopandas.read_parquet(out / "places.parquet")
    assert places.crs.to_epsg() == 4326
    kinds = set(places.geom_type)
    assert "Point" in kinds
    assert kinds & {"Polygon", "MultiPolygon"}  # Poland keeps its polygon


def test_csv_has_a_wkt_column(run):
    import pandas as pd

    _, out = run
    places = pd.read_csv(out / "places.csv")
    assert "wkt" in places.columns
    krakow = places[places["name"] == "Kraków"].iloc[0]
    assert krakow["wkt"].startswith("POINT (19.9")
