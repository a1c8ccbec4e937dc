"""The places layer: one circle marker per place, sized by mentions, styled by precision.

Approximate places also show their uncertainty as a dashed circle of ``uncertainty_km``.
The popup lists the place's resolution and the events located there (built in the browser
from the layer's lookup tables, see :mod:`layers.popups`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
from folium.utilities import JsCode

from layers import popups
from layers.frames import point_coordinates, records
from layers.geojson import FeatureLayer, collection, feature, lookup_table
from layers.symbols import PLACE_STYLES, UNCERTAINTY_STYLE

PLACE_FIELDS = (
    "place_id",
    "name",
    "geonameid",
    "precision",
    "uncertainty_km",
    "reason",
    "mention_count",
)
#: Precisions whose uncertainty is drawn as a circle (areas have their own outline).
_RING_PRECISIONS = ("settlement", "approximate_settlement")
_EVENT_FIELDS = (
    "event_id",
    "event_type",
    "start",
    "end",
    "date_label",
    "place_id",
    "place_name",
    "attribution",
    "sentence",
    "sentence_start",
    "place_start",
    "place_end",
    "doc_title",
    "doc_url",
)


def marker_radius(mention_count: Any) -> float:
    """Return the radius in pixels of a place marker: grows with the square root of mentions.

    Examples
    --------
    >>> marker_radius(1), marker_radius(4), marker_radius(10_000)
    (6.0, 10.0, 22.0)
    """
    try:
        count = max(float(mention_count), 1.0)
    except (TypeError, ValueError):
        count = 1.0
    if math.isnan(count):
        count = 1.0
    return round(min(6.0 + 4.0 * (math.sqrt(count) - 1.0), 22.0), 1)


@dataclass(frozen=True)
class PlaceEvents:
    """The events listed in one place's popup, and how many the place has in all.

    ``rows`` are in start order, undated last.
    """

    rows: tuple[dict[str, Any], ...]
    total: int


def events_by_place(
    events: gpd.GeoDataFrame | None, *, max_events: int | None = None
) -> dict[str, PlaceEvents]:
    """Group the (validated) events rows by ``place_id``, in start order (undated last).

    Only the first ``max_events`` rows of each place are turned into dicts (a popup lists
    no more), but ``total`` counts them all.

    Examples
    --------
    >>> frame = pd.DataFrame({"place_id": ["a", "a", "b"], "event_id": ["1", "2", "3"],
    ...                       "start": [None, "2025-01-01", None]})
    >>> grouped = events_by_place(frame, max_events=1)
    >>> [r["event_id"] for r in grouped["a"].rows], grouped["a"].total
    (['2'], 2)
    """
    if events is None or not len(events):
        return {}
    start = events["start"]
    order = pd.DataFrame(
        {
            "place": events["place_id"].astype(str).to_numpy(),
            "undated": start.isna().to_numpy(),
            "start": start.fillna("").astype(str).to_numpy(),
            "event": events["event_id"].fillna("").astype(str).to_numpy(),
        }
    ).sort_values(["place", "undated", "start", "event"], kind="stable")
    totals = order["place"].value_counts().to_dict()
    if max_events is not None:
        order = order.groupby("place", sort=False).head(max_events)
    fields = [c for c in _EVENT_FIELDS if c in events.columns]
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    chosen = events.iloc[order.index.to_numpy()]
    for place, row in zip(order["place"], records(chosen, fields), strict=True):
        grouped[place].append(row)
    return {place: PlaceEvents(tuple(rows), totals[place]) for place, rows in grouped.items()}


_POINT_TO_LAYER = JsCode(
    """(function () {
        var styles = __STYLES__;
        var ring = __RING__;
        return function (feature, latlng) {
            var p = feature.properties;
            var style = styles[p.precision] || styles.settlement;
            var marker = L.circleMarker(latlng, Object.assign({}, style, {radius: p.radius}));
            if (p.uncertainty_m > 0) {
                var circle = L.circle(latlng, Object.assign({}, ring, {radius: p.uncertainty_m}));
                return L.featureGroup([circle, marker]);
            }
            return marker;
        };
    })()""".replace("__STYLES__", lookup_table(PLACE_STYLES)).replace(
        "__RING__", lookup_table(UNCERTAINTY_STYLE)
    )
)


def places_feature_layer(
    frame: gpd.GeoDataFrame,
    grouped: dict[str, PlaceEvents],
    *,
    name: str = "Places",
    show: bool = True,
) -> FeatureLayer:
    """Return one GeoJson layer with a marker per place.

    ``frame`` is the places frame validated by :func:`layers.frames.checked`; ``grouped``
    is :func:`events_by_place` of the (validated, filtered) events, listed in popups.

    Examples
    --------
    >>> from geo.frames import schema
    >>> columns = {c: [] for c in schema.PLACE_COLUMNS if c != "geometry"}
    >>> empty = gpd.GeoDataFrame(columns, geometry=[], crs=schema.CRS)
    >>> layer = places_feature_layer(empty, {})
    >>> layer.kind, layer.data["features"]
    ('places', [])
    """
    tables = popups.PopupTables()
    return FeatureLayer(
        collection(place_features(frame, grouped, tables)),
        kind="places",
        name=name,
        show=show,
        popups="places",
        tables=tables.as_dict(),
        point_to_layer=_POINT_TO_LAYER,
    )


def popup_properties(
    place: dict[str, Any], here: PlaceEvents | None, tables: popups.PopupTables
) -> dict[str, Any]:
    """Return what a place popup reads: ``resolution``, ``ev`` (event indexes), ``more``."""
    props: dict[str, Any] = {"resolution": popups.resolution(place)}
    if here is not None and here.rows:
        props["ev"] = tables.place_events(here.rows)
    if here is not None and here.total > len(here.rows):
        props["more"] = here.total - len(here.rows)
    return props


def place_features(
    frame: gpd.GeoDataFrame,
    grouped: dict[str, PlaceEvents],
    tables: popups.PopupTables,
) -> list[dict[str, Any]]:
    """Return the GeoJSON point features of a validated places frame (filling ``tables``)."""
    out = []
    coordinates = point_coordinates(frame)
    for row, xy in zip(records(frame, PLACE_FIELDS), coordinates, strict=True):
        if xy is None:
            continue
        here = grouped.get(str(row["place_id"]))
        uncertainty = row["uncertainty_km"] if row["precision"] in _RING_PRECISIONS else None
        props = {
            "place_id": row["place_id"],
            "name": row["name"],
            "precision": row["precision"],
            "radius": marker_radius(row["mention_count"]),
            "uncertainty_m": (
                round(float(uncertainty) * 1000.0) if uncertainty and uncertainty > 0 else None
            ),
            "events": here.total if here is not None else 0,
        }
        props.update(popup_properties(row, here, tables))
        out.append(feature({"type": "Point", "coordinates": list(xy)}, props))
    return out
