"""The places layer: one circle marker per place, sized by mentions, styled by precision.

Approximate places also show their uncertainty as a dashed circle of ``uncertainty_km``.
The popup lists the place's resolution and every event located there.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
from folium.utilities import JsCode

from layers import popups
from layers.frames import checked, point_coordinates, records
from layers.geojson import BIND_POPUP_TOOLTIP, FeatureLayer, collection, feature, lookup_table
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


def events_by_place(events: gpd.GeoDataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """Group the (validated) events rows by ``place_id``, in start order (undated last)."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if events is None or not len(events):
        return grouped
    for row in records(events, _EVENT_FIELDS):
        grouped[str(row["place_id"])].append(row)
    for rows in grouped.values():
        rows.sort(key=lambda r: (r["start"] is None, r["start"] or "", r["event_id"] or ""))
    return grouped


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


def places_layer(
    places: gpd.GeoDataFrame,
    *,
    events: gpd.GeoDataFrame | None = None,
    name: str = "Places",
    max_events: int = 25,
    show: bool = True,
) -> FeatureLayer:
    """Return one GeoJson layer with a marker per place.

    Parameters
    ----------
    places : geopandas.GeoDataFrame
        The places frame (``geo/schema.py``); read only.
    events : geopandas.GeoDataFrame, optional
        The events to list in each place's popup (already filtered by date).
    name : str
        Layer name in the LayerControl.
    max_events : int
        Most events listed in one popup.
    show : bool
        Whether the layer is on when the map opens.

    Examples
    --------
    >>> from geo import schema
    >>> columns = {c: [] for c in schema.PLACE_COLUMNS if c != "geometry"}
    >>> empty = gpd.GeoDataFrame(columns, geometry=[], crs=schema.CRS)
    >>> layer = places_layer(empty)
    >>> layer.kind, layer.data["features"]
    ('places', [])
    """
    frame = checked(places, "places")
    event_rows = events_by_place(checked(events, "events") if events is not None else None)
    return FeatureLayer(
        collection(place_features(frame, event_rows, max_events=max_events)),
        kind="places",
        name=name,
        show=show,
        point_to_layer=_POINT_TO_LAYER,
        on_each_feature=BIND_POPUP_TOOLTIP,
    )


def place_features(
    frame: gpd.GeoDataFrame,
    event_rows: dict[str, list[dict[str, Any]]],
    *,
    max_events: int = 25,
) -> list[dict[str, Any]]:
    """Return the GeoJSON point features of a validated places frame."""
    out = []
    coordinates = point_coordinates(frame)
    for row, xy in zip(records(frame, PLACE_FIELDS), coordinates, strict=True):
        if xy is None:
            continue
        here: Sequence[dict[str, Any]] = event_rows.get(str(row["place_id"]), [])
        uncertainty = row["uncertainty_km"] if row["precision"] in _RING_PRECISIONS else None
        props = {
            "place_id": row["place_id"],
            "name": row["name"],
            "precision": row["precision"],
            "radius": marker_radius(row["mention_count"]),
            "uncertainty_m": (
                round(float(uncertainty) * 1000.0) if uncertainty and uncertainty > 0 else None
            ),
            "events": len(here),
            "popup": popups.place_popup(row, here, max_events=max_events),
            "tooltip": popups.text(row["name"]),
        }
        out.append(feature({"type": "Point", "coordinates": list(xy)}, props))
    return out
