"""Areas between a country and its admin-1 regions: ``geo/data/subnational.parquet``.

Called by ``build_boundaries.py`` (build time only). Natural Earth's admin-1 level for
the United Kingdom is its councils and counties, so "England" or "Northern Ireland"
has no polygon there. ISO 3166-2 names the level above them: each GB subdivision has a
parent nation (GB-KEN Kent -> GB-ENG England). That hierarchy comes from the PyPI
package ``pycountry`` (its ``databases/iso3166-2.json``, the ISO 3166-2 data of Debian's
``iso-codes``, LGPL-2.1); the wheel is downloaded with ``pip download`` and read as a
zip, it is not installed. Each top-level subdivision of a country in
:data:`boundary_curation.SUBNATIONAL_COUNTRIES` becomes one row whose polygon is the
union of the (already simplified) admin-1 polygons below it. Admin-1 features whose
code leads to no top-level subdivision (the Sovereign Base Areas on Cyprus have no
ISO 3166-2 code) are reported and left out.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import boundary_curation as cur
import geopandas as gpd
import numpy as np
import shapely
from boundary_sources import pip_download, sha256

PYCOUNTRY_SPEC = "pycountry==26.2.16"
ISO_FILE = "pycountry/databases/iso3166-2.json"
COLUMNS = ["iso_3166_2", "iso_a2", "name", "names", "type", "label_lat", "label_lon", "geometry"]
LICENCE = (
    "ISO 3166-2 names and hierarchy: LGPL-2.1 (pycountry, data from Debian iso-codes); "
    "geometry: Public domain (Natural Earth terms of use)"
)
ATTRIBUTION = (
    "pycountry (ISO 3166-2 data from Debian iso-codes), LGPL-2.1. "
    "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
)

# "Wales [Cymru GB-CYM]": the English name, then the local name and its own code.
_BRACKETED = re.compile(r"(?P<name>[^\[]+?)\s*\[(?P<local>[^\]]+?)(?:\s+[A-Z]{2}-[A-Z0-9]+)?\]")


def fetch_pycountry(workdir: Path) -> tuple[list[dict], dict]:
    """``pip download`` the pycountry wheel and read its ISO 3166-2 records."""
    wheel = pip_download(PYCOUNTRY_SPEC, workdir)
    with zipfile.ZipFile(wheel) as z:
        records = json.loads(z.read(ISO_FILE))["3166-2"]
    source = {
        "package": "pycountry",
        "registry": "PyPI",
        "version": wheel.name.split("-")[1],
        "file": ISO_FILE.removeprefix("pycountry/"),
        "sha256": sha256(wheel),
    }
    return records, source


def split_name(text: str) -> list[str]:
    """ISO's name and the local name it gives in brackets, e.g. ["Wales", "Cymru"]."""
    found = _BRACKETED.fullmatch(text.strip())
    if found is None:
        return [text.strip()]
    return [found["name"].strip(), *(n for n in [found["local"].strip()] if n != found["name"])]


def top_level(records: dict[str, dict], code: str) -> str | None:
    """The top-level subdivision above ``code`` (withdrawn codes via their successor)."""
    code = cur.WITHDRAWN_CODES.get(code, code)
    seen: set[str] = set()
    while code in records and records[code].get("parent") and code not in seen:
        seen.add(code)
        code = records[code]["parent"]
    return code if code in records and not records[code].get("parent") else None


def build_subnational(
    admin1: gpd.GeoDataFrame, iso_records: list[dict], *, clean
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """One row per top-level subdivision, and the admin-1 features left out (named).

    ``clean`` is the build's geometry step (round, make valid, keep polygons), applied
    to each union so that the file is written like the others.
    """
    rows, left_out = [], []
    for iso in cur.SUBNATIONAL_COUNTRIES:
        records = {r["code"]: r for r in iso_records if r["code"].startswith(f"{iso}-")}
        unknown = sorted(set(cur.WITHDRAWN_CODES.values()) - set(records))
        if unknown:
            raise SystemExit(f"{ISO_FILE}: WITHDRAWN_CODES successors not in ISO: {unknown}")
        features = admin1[admin1["iso_a2"] == iso]
        parent = [top_level(records, code) for code in features["iso_3166_2"]]
        for (_, feature), top in zip(features.iterrows(), parent, strict=True):
            if top is None:
                left_out.append(
                    f"{feature['name']} ({feature['adm1_code']}, {feature['iso_3166_2']!r})"
                )
        groups = features.assign(top=parent).dropna(subset=["top"]).groupby("top")
        for code, group in sorted(groups, key=lambda item: item[0]):
            union = shapely.union_all(group.geometry.values)
            geom = clean(np.array([union], dtype=object))[0]
            point = shapely.point_on_surface(geom)
            names = split_name(records[code]["name"])
            rows.append(
                {
                    "iso_3166_2": code,
                    "iso_a2": iso,
                    "name": names[0],
                    "names": json.dumps(names, ensure_ascii=False),
                    "type": records[code]["type"],
                    "label_lat": round(point.y, 5),
                    "label_lon": round(point.x, 5),
                    "geometry": geom,
                }
            )
        done = {r["iso_3166_2"] for r in rows}
        missing = sorted(c for c, r in records.items() if not r.get("parent") and c not in done)
        if missing:
            raise SystemExit(f"{ISO_FILE}: no admin-1 feature lies in {missing}")
    out = gpd.GeoDataFrame(rows, columns=COLUMNS, geometry="geometry", crs="EPSG:4326")
    return out, left_out
