"""Tiny hand-made places, events and flows frames following ``geo/frames/schema.py`` exactly.

Each function returns a fresh GeoDataFrame, so a test may compare it before and after a
call. Named cases: an approximate place with ``uncertainty_km``, a region polygon, a
country polygon, a border line, an event whose sentence holds ``<script>`` and
``<img onerror>`` (with a ``javascript:`` URL and markup in its title), undated events,
and events spread over 2024-2025.
"""

from __future__ import annotations

import json
import math
import re

import geopandas as gpd
from shapely.geometry import LineString, Point, Polygon

from geo.frames import schema

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = f"Officials in Kursk said {XSS_SCRIPT} the brigades arrived {XSS_IMG} </script>."
XSS_TITLE = 'Report <b onmouseover="alert(2)">"quoted"</b> & more'
XSS_URL = "javascript:alert(1)"
XSS_PLACE_NAME = "Sorochina <img src=y onerror=alert(3)>"
SEED_URL = "https://example.org/news/north-korea-troops-russia?a=1&b=2"

_KURSK_OBLAST = Polygon([(34.1, 50.9), (38.5, 50.9), (38.5, 52.4), (34.1, 52.4), (34.1, 50.9)])
_RUSSIA = Polygon([(27.3, 41.2), (180.0, 41.2), (180.0, 77.7), (27.3, 77.7), (27.3, 41.2)])
_EASTERN_EUROPE = Polygon([(14.0, 43.0), (40.0, 43.0), (40.0, 60.0), (14.0, 60.0), (14.0, 43.0)])
_BORDER = LineString([(34.0, 51.2), (35.4, 51.0), (35.9, 50.4)])


def _place(place_id, name, precision, geometry, lat, lon, **extra):
    row = {
        "place_id": place_id,
        "name": name,
        "geonameid": None,
        "feature_class": {
            "settlement": "populated_place",
            "approximate_settlement": "populated_place",
            "region": "admin_region",
            "country": "country",
            "macro_region": "macro_region",
            "border": "border",
        }[precision],
        "precision": precision,
        "uncertainty_km": math.nan,
        "country": "RU",
        "admin1_name": "Kursk Oblast",
        "roles": "event_location",
        "mention_count": 1,
        "mentions": json.dumps([]),
        "doc_ids": "north-korea-troops-russia",
        "reason": "only candidate",
        "score": 0.9,
        "runner_ups": json.dumps([]),
        "source": "geonames",
        "lat": lat,
        "lon": lon,
        "geometry": geometry,
    }
    row.update(extra)
    return row


def sample_places() -> gpd.GeoDataFrame:
    """Seven places: settlements, an approximate one, a region, a country, a macro-region,
    a border and a place whose name holds markup."""
    rows = [
        _place(
            "gn:544906",
            "Korenevo",
            "settlement",
            Point(34.90008, 51.41065),
            51.41065,
            34.90008,
            geonameid=544906,
            mention_count=4,
            reason="admin1 Kursk Oblast matches context; not Korenëvo, Moscow Oblast",
            runner_ups=json.dumps([{"place_id": "gn:544904", "name": "Korenëvo", "score": 0.2}]),
        ),
        _place(
            "curated:novaya-sorochina",
            XSS_PLACE_NAME,
            "approximate_settlement",
            Point(35.23, 51.36),
            51.36,
            35.23,
            uncertainty_km=5.0,
            source="curated",
            reason="curated entry, location approximate",
        ),
        _place(
            "gn:538560",
            "Kursk",
            "settlement",
            Point(36.18457, 51.72689),
            51.72689,
            36.18457,
            geonameid=538560,
            mention_count=9,
        ),
        _place(
            "ne1:538555",
            "Kursk Oblast",
            "region",
            _KURSK_OBLAST,
            51.65,
            36.3,
            geonameid=538555,
            source="naturalearth",
            mention_count=2,
        ),
        _place(
            "country:RU", "Russia", "country", _RUSSIA, 55.75, 37.6, admin1_name="", mention_count=6
        ),
        _place(
            "macro:eastern-europe",
            "Eastern Europe",
            "macro_region",
            _EASTERN_EUROPE,
            51.5,
            27.0,
            country="",
            admin1_name="",
            roles="mentioned",
        ),
        _place(
            "border:RU-UA",
            "Russia–Ukraine border",
            "border",
            _BORDER,
            51.0,
            35.4,
            country="",
            admin1_name="",
            roles="mentioned",
        ),
        _place(
            "gn:1871859",
            "Pyongyang",
            "settlement",
            Point(125.75432, 39.03385),
            39.03385,
            125.75432,
            geonameid=1871859,
            country="KP",
            admin1_name="Pyongyang",
            roles="government",
            mention_count=2,
        ),
    ]
    return gpd.GeoDataFrame(rows, columns=list(schema.PLACE_COLUMNS), crs=schema.CRS)


_POINTS = {
    "gn:544906": ("Korenevo", Point(34.90008, 51.41065)),
    "curated:novaya-sorochina": (XSS_PLACE_NAME, Point(35.23, 51.36)),
    "gn:538560": ("Kursk", Point(36.18457, 51.72689)),
    "ne1:538555": ("Kursk Oblast", Point(36.3, 51.65)),
    "gn:1871859": ("Pyongyang", Point(125.75432, 39.03385)),
}


def _event(n, place_id, event_type, start, end, sentence, mention, **extra):
    name, point = _POINTS[place_id]
    sentence_start = 100 * n
    at = sentence.find(mention) if mention else -1
    row = {
        "event_id": f"north-korea-troops-russia:e{n}",
        "doc_id": "north-korea-troops-russia",
        "doc_title": "North Korea sends thousands of soldiers and engineers to Russia",
        "doc_url": SEED_URL,
        "event_type": event_type,
        "start": start,
        "end": end,
        "date_precision": "month" if start else "undated",
        "date_phrase": "",
        "date_label": extra.pop("date_label", start or "undated"),
        "date_status": "explicit" if start else "undated",
        "reference_inferred": True,
        "place_id": place_id,
        "place_name": name,
        "place_role": "event_location",
        "actors": "North Korea;Russia",
        "quantity": math.nan,
        "quantity_text": "",
        "attribution": "according to the NIS",
        "sentence": sentence,
        "sentence_start": sentence_start,
        "sentence_end": sentence_start + len(sentence),
        "place_start": sentence_start + at if at >= 0 else -1,
        "place_end": sentence_start + at + len(mention) if at >= 0 else -1,
        "confidence": 0.8,
        "geometry": point,
    }
    row.update(extra)
    return row


def sample_events() -> gpd.GeoDataFrame:
    """Eight events over 2024-2025, two undated, one with XSS in sentence, title and URL."""
    rows = [
        _event(
            1,
            "gn:544906",
            "deployment",
            "2024-11-01",
            "2024-11-30",
            "North Korean troops were deployed near Korenevo in November 2024.",
            "Korenevo",
            date_label="Nov 2024",
            quantity=10000.0,
            quantity_text="around 10,000 troops",
        ),
        _event(
            2,
            "ne1:538555",
            "combat",
            "2024-08-06",
            "2025-04-26",
            "Fighting in the Kursk region lasted until April 2025.",
            "Kursk region",
            date_label="Aug 2024 – Apr 2025",
        ),
        _event(
            3,
            "curated:novaya-sorochina",
            "reconstruction",
            "2025-09-01",
            None,
            "Builders have worked in Stara and Novaya Sorochina since September.",
            "Novaya Sorochina",
            date_label="since Sep 2025",
            date_precision="open_ended",
        ),
        _event(
            4,
            "gn:538560",
            "statement",
            None,
            None,
            "Officials in Kursk declined to comment.",
            "Kursk",
        ),
        _event(
            5,
            "gn:1871859",
            "diplomatic",
            "2025-06-17",
            "2025-06-17",
            "Sergei Shoigu visited Pyongyang on 17 June.",
            "Pyongyang",
            date_label="17 Jun 2025",
            date_precision="day",
        ),
        _event(
            6,
            "gn:538560",
            "statement",
            "2025-10-20",
            "2025-10-31",
            XSS_SENTENCE,
            "Kursk",
            date_label="late Oct 2025",
            doc_title=XSS_TITLE,
            doc_url=XSS_URL,
            attribution="according to <i>sources</i>",
        ),
        _event(
            7,
            "gn:544906",
            "demining",
            None,
            None,
            "Engineers cleared mines around Korenevo.",
            "Korenevo",
        ),
        _event(
            8,
            "gn:544906",
            "technology_transfer",
            "2025-03-01",
            "2025-05-31",
            "Drone technology was shared in the spring of 2025.",
            "",
            date_label="spring 2025",
        ),
    ]
    return gpd.GeoDataFrame(rows, columns=list(schema.EVENT_COLUMNS), crs=schema.CRS)


def sample_flows() -> gpd.GeoDataFrame:
    """Two movements from Pyongyang: a reported one with a number, an expected one without."""
    origin = Point(125.75432, 39.03385)
    rows = [
        {
            "flow_id": "north-korea-troops-russia:f1",
            "event_id": "north-korea-troops-russia:e1",
            "doc_id": "north-korea-troops-russia",
            "origin_id": "gn:1871859",
            "origin_name": "Pyongyang",
            "destination_id": "ne1:538555",
            "destination_name": "Kursk Oblast",
            "quantity": 10000.0,
            "quantity_text": "around 10,000 troops",
            "status": "reported",
            "start": "2024-10-01",
            "end": "2024-11-30",
            "date_label": "Oct–Nov 2024",
            "sentence": "Around 10,000 troops were sent to the Kursk region.",
            "confidence": 0.8,
            "geometry": LineString([origin, Point(36.3, 51.65)]),
        },
        {
            "flow_id": "north-korea-troops-russia:f2",
            "event_id": "north-korea-troops-russia:e3",
            "doc_id": "north-korea-troops-russia",
            "origin_id": "gn:1871859",
            "origin_name": "Pyongyang",
            "destination_id": "curated:novaya-sorochina",
            "destination_name": XSS_PLACE_NAME,
            "quantity": math.nan,
            "quantity_text": "construction brigades <script>x()</script>",
            "status": "expected",
            "start": "2025-09-01",
            "end": None,
            "date_label": "since Sep 2025",
            "sentence": "Construction brigades are expected to follow.",
            "confidence": 0.6,
            "geometry": LineString([origin, Point(35.23, 51.36)]),
        },
    ]
    return gpd.GeoDataFrame(rows, columns=list(schema.FLOW_COLUMNS), crs=schema.CRS)


def sample_outlines() -> gpd.GeoDataFrame:
    """Two rough country outlines with the columns of ``geo/data/countries.parquet``."""
    return gpd.GeoDataFrame(
        {
            "iso_a2": ["RU", "UA"],
            "name": ["Russia", "Ukraine"],
            "geometry": [
                _RUSSIA,
                Polygon([(22.1, 44.4), (40.2, 44.4), (40.2, 52.4), (22.1, 52.4), (22.1, 44.4)]),
            ],
        },
        crs=schema.CRS,
    )


def empty_frame(columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    """An empty frame with the given schema columns."""
    return gpd.GeoDataFrame(
        {c: [] for c in columns if c != "geometry"}, geometry=[], crs=schema.CRS
    )


# --- reading rendered pages back (for the layers tests) ---------------------------------

_ADD_DATA = re.compile(r"(geo_json_[0-9a-f]+)\.addData\((.*)\);\s*$", re.MULTILINE)
_TABLES = re.compile(
    r"NewsmapPopups\.(\w+)\((geo_json_[0-9a-f]+), (.*)\);\s*$",
    re.MULTILINE,
)


def embedded_collections(page: str) -> dict[str, dict]:
    """Return the FeatureCollections a rendered page embeds, by layer variable name."""
    return {name: json.loads(data) for name, data in _ADD_DATA.findall(page)}


def embedded_tables(page: str) -> dict[str, tuple[str, dict]]:
    """Return ``(builder, lookup tables)`` of each layer with popups, by layer variable name."""
    return {name: (builder, json.loads(data)) for builder, name, data in _TABLES.findall(page)}


def embedded_event_ids(page: str) -> list[str]:
    """Return the event ids of the events layer embedded in a rendered page."""
    ids = []
    for data in embedded_collections(page).values():
        for feat in data["features"]:
            props = feat["properties"]
            if "event_id" in props and "flow_id" not in props:
                ids.append(props["event_id"])
    return ids
