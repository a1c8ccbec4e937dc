"""Build and export maps of 1,000, 10,000 and 100,000 synthetic events; print time and size.

Run: ``.venv/bin/python bench/bench_export.py [--sizes 1000 10000 100000] [--keep DIR]``.
Prints, per size: seconds to build the folium map, seconds to render and write the HTML,
and the size of the exported file; then the time to build the country outlines' GeoJSON
the first time and from the per-process cache. (Chromium load time: ``bench_app.py``.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import tempfile
import time
from pathlib import Path

import geopandas as gpd
from shapely.geometry import LineString, Point

from geo.files import atomic_write_text
from geo.frames import schema
from layers.base import outlines_file_json
from layers.export import render_page
from layers.mapview import build_map

N_PLACES = 300
SENTENCE = (
    "According to officials, around {n} workers and engineers arrived near {name} "
    "on the date reported, in a move analysts linked to the wider deployment."
)


def synthetic_places(rng: random.Random) -> gpd.GeoDataFrame:
    rows = []
    for i in range(N_PLACES):
        lat, lon = rng.uniform(45.0, 60.0), rng.uniform(25.0, 50.0)
        approx = i % 10 == 0
        rows.append(
            {
                "place_id": f"gn:{100000 + i}",
                "name": f"Place {i}",
                "geonameid": 100000 + i,
                "feature_class": "populated_place",
                "precision": "approximate_settlement" if approx else "settlement",
                "uncertainty_km": 5.0 if approx else math.nan,
                "country": "RU",
                "admin1_name": "Somewhere Oblast",
                "roles": "event_location",
                "mention_count": rng.randint(1, 40),
                "mentions": "[]",
                "doc_ids": "bench",
                "reason": "synthetic",
                "score": 0.9,
                "runner_ups": "[]",
                "source": "geonames",
                "lat": lat,
                "lon": lon,
                "geometry": Point(lon, lat),
            }
        )
    return gpd.GeoDataFrame(rows, columns=list(schema.PLACE_COLUMNS), crs=schema.CRS)


def synthetic_events(n: int, places: gpd.GeoDataFrame, rng: random.Random) -> gpd.GeoDataFrame:
    base = dt.date(2024, 1, 1)
    rows = []
    for i in range(n):
        place = places.iloc[rng.randrange(len(places))]
        undated = i % 17 == 0
        start = base + dt.timedelta(days=rng.randrange(730))
        end = start + dt.timedelta(days=rng.choice([0, 6, 30, 90]))
        sentence = SENTENCE.format(n=rng.randint(10, 10000), name=place["name"])
        at = sentence.index(place["name"])
        rows.append(
            {
                "event_id": f"bench:e{i}",
                "doc_id": f"bench-{i % 50}",
                "doc_title": f"Synthetic article {i % 50}",
                "doc_url": f"https://example.org/article/{i % 50}",
                "event_type": schema.EVENT_TYPES[i % len(schema.EVENT_TYPES)],
                "start": None if undated else start.isoformat(),
                "end": None if undated else end.isoformat(),
                "date_precision": "undated" if undated else "day",
                "date_phrase": "",
                "date_label": "undated" if undated else start.strftime("%d %b %Y"),
                "date_status": "undated" if undated else "explicit",
                "reference_inferred": False,
                "place_id": place["place_id"],
                "place_name": place["name"],
                "place_role": "event_location",
                "actors": "",
                "quantity": math.nan,
                "quantity_text": "",
                "attribution": "according to officials",
                "sentence": sentence,
                "sentence_start": 0,
                "sentence_end": len(sentence),
                "place_start": at,
                "place_end": at + len(place["name"]),
                "confidence": 0.7,
                "geometry": place["geometry"],
            }
        )
    return gpd.GeoDataFrame(rows, columns=list(schema.EVENT_COLUMNS), crs=schema.CRS)


def synthetic_flows(places: gpd.GeoDataFrame, rng: random.Random) -> gpd.GeoDataFrame:
    rows = []
    for i in range(20):
        a, b = places.iloc[rng.randrange(len(places))], places.iloc[rng.randrange(len(places))]
        rows.append(
            {
                "flow_id": f"bench:f{i}",
                "event_id": f"bench:e{i}",
                "doc_id": "bench-0",
                "origin_id": a["place_id"],
                "origin_name": a["name"],
                "destination_id": b["place_id"],
                "destination_name": b["name"],
                "quantity": float(rng.randint(100, 10000)),
                "quantity_text": "workers",
                "status": "reported",
                "start": "2024-05-01",
                "end": "2024-05-31",
                "date_label": "May 2024",
                "sentence": "Workers were sent.",
                "confidence": 0.6,
                "geometry": LineString([a["geometry"], b["geometry"]]),
            }
        )
    return gpd.GeoDataFrame(rows, columns=list(schema.FLOW_COLUMNS), crs=schema.CRS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="keep the exported pages in this folder")
    args = parser.parse_args()
    rng = random.Random(7)
    places = synthetic_places(rng)
    flows = synthetic_flows(places, rng)
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="newsmap-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"{'events':>8} {'build s':>8} {'render+write s':>15} {'HTML MB':>8}  file")
    for n in args.sizes:
        events = synthetic_events(n, places, rng)
        t0 = time.perf_counter()
        m = build_map(places, events, flows, assets="inline")
        t1 = time.perf_counter()
        path = atomic_write_text(out_dir / f"bench-{n}.html", render_page(m))
        t2 = time.perf_counter()
        size = path.stat().st_size / 1e6
        print(f"{n:>8} {t1 - t0:>8.2f} {t2 - t1:>15.2f} {size:>8.1f}  {path}")
        if args.keep is None:
            path.unlink()
    outlines()


def outlines() -> None:
    """Time the outlines' GeoJSON: built once per process and tolerance, then reused."""
    path = Path(__file__).resolve().parent.parent / "geo" / "data" / "countries.parquet"
    print(f"{'outlines':>8} {'tolerance':>9} {'first s':>8} {'cached s':>9} {'JSON MB':>8}")
    for tolerance in (0.0, 0.05):
        t0 = time.perf_counter()
        text = outlines_file_json(path, tolerance=tolerance)
        t1 = time.perf_counter()
        outlines_file_json(path, tolerance=tolerance)
        t2 = time.perf_counter()
        size = len(text.encode()) / 1e6
        print(f"{'':>8} {tolerance:>9.2f} {t1 - t0:>8.2f} {t2 - t1:>9.4f} {size:>8.1f}")


if __name__ == "__main__":
    main()
