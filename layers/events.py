"""The events layer: one SVG icon per event row, coloured and shaped by ``event_type``.

All events go into ONE GeoJson layer; when they are dense (many, or several at the same
point) that layer sits inside a ``MarkerCluster`` (Leaflet.markercluster, served offline
by :mod:`layers.assets`). Each feature keeps ``start``/``end`` as ISO days (``""`` when
open) for the export's date filter.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
from folium.plugins import MarkerCluster
from folium.utilities import JsCode

from layers import popups
from layers.dates import iso
from layers.frames import checked, point_coordinates, records
from layers.geojson import BIND_POPUP_TOOLTIP, FeatureLayer, collection, feature, lookup_table
from layers.symbols import EVENT_SYMBOLS, ICON_SIZE, event_svg

#: Above this many events, they are clustered (below it, only co-located ones trigger it).
CLUSTER_THRESHOLD = 200

_FIELDS = (
    "event_id",
    "doc_id",
    "doc_title",
    "doc_url",
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
)

_POINT_TO_LAYER = JsCode(
    """(function () {
        var svgs = __SVGS__;
        var icons = {};
        function icon(type) {
            if (!(type in svgs)) { type = "other"; }
            if (!icons[type]) {
                icons[type] = L.divIcon({
                    html: svgs[type], className: "newsmap-event-icon",
                    iconSize: [__SIZE__, __SIZE__], iconAnchor: [__HALF__, __HALF__],
                    popupAnchor: [0, -__HALF__]
                });
            }
            return icons[type];
        }
        return function (feature, latlng) {
            return L.marker(latlng, {icon: icon(feature.properties.event_type), riseOnHover: true});
        };
    })()""".replace("__SVGS__", lookup_table({key: event_svg(key) for key in EVENT_SYMBOLS}))
    .replace("__SIZE__", str(ICON_SIZE))
    .replace("__HALF__", str(ICON_SIZE // 2))
)


def event_features(events: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Return the GeoJSON point features of a validated events frame.

    Each feature's properties: ``event_id``, ``event_type``, ``start``, ``end``,
    ``date_label``, ``place_id``, ``popup`` and ``tooltip`` (escaped HTML).
    """
    out = []
    for row, xy in zip(records(events, _FIELDS), point_coordinates(events), strict=True):
        if xy is None:
            continue
        props = {
            "event_id": row["event_id"],
            "event_type": row["event_type"],
            "start": iso(row["start"]),
            "end": iso(row["end"]),
            "date_label": row["date_label"] or "",
            "place_id": row["place_id"],
            "popup": popups.event_popup(row),
            "tooltip": popups.event_tooltip(row),
        }
        out.append(feature({"type": "Point", "coordinates": list(xy)}, props))
    return out


def should_cluster(features: list[dict[str, Any]], *, threshold: int = CLUSTER_THRESHOLD) -> bool:
    """Tell whether events are dense enough to cluster: many, or two at one point.

    Examples
    --------
    >>> pt = lambda x: {"geometry": {"coordinates": [x, 0.0]}}
    >>> should_cluster([pt(1), pt(2)]), should_cluster([pt(1), pt(1)])
    (False, True)
    """
    if len(features) > threshold:
        return True
    seen = {tuple(f["geometry"]["coordinates"]) for f in features}
    return len(seen) < len(features)


def events_layer(
    events: gpd.GeoDataFrame,
    *,
    cluster: bool | None = None,
    name: str = "Events",
    show: bool = True,
) -> folium.map.Layer:
    """Return the events as one GeoJson layer, inside a MarkerCluster when dense.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        The events frame (``geo/schema.py``), already filtered by date; read only.
    cluster : bool, optional
        Force clustering on or off; by default :func:`should_cluster` decides.
    name : str
        Layer name in the LayerControl.
    show : bool
        Whether the layer is on when the map opens.

    Returns
    -------
    folium.map.Layer
        A :class:`~layers.geojson.FeatureLayer` of kind ``"events"``, or a
        ``MarkerCluster`` holding it.
    """
    frame = checked(events, "events")
    features = event_features(frame)
    if cluster is None:
        cluster = should_cluster(features)
    if not cluster:
        return FeatureLayer(
            collection(features),
            kind="events",
            name=name,
            show=show,
            point_to_layer=_POINT_TO_LAYER,
            on_each_feature=BIND_POPUP_TOOLTIP,
        )
    group = MarkerCluster(
        name=name,
        show=show,
        max_cluster_radius=40,
        show_coverage_on_hover=False,
        chunked_loading=True,
        spiderfy_on_max_zoom=True,
    )
    FeatureLayer(
        collection(features),
        kind="events",
        name=name,
        control=False,
        point_to_layer=_POINT_TO_LAYER,
        on_each_feature=BIND_POPUP_TOOLTIP,
    ).add_to(group)
    return group
