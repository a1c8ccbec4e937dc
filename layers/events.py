"""The events layer: one SVG icon per event row, coloured and shaped by ``event_type``.

An event whose site is a country, a region or a border is not a pin at its middle: it is
drawn as that area by :mod:`layers.regions` (outline highlighted, listed in its popup).

All events go into ONE GeoJson layer; when they are dense (many, or several at the same
point) that layer sits inside a ``MarkerCluster`` (Leaflet.markercluster, served offline
by :mod:`layers.assets`). Each feature keeps ``start``/``end`` as ISO days (``""`` when
open) for the export's date filter, and the compact event of :mod:`layers.popups`
(indexes into the layer's lookup tables) for its popup and tooltip.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
from folium.plugins import MarkerCluster
from folium.utilities import JsCode

from layers.frames import point_coordinates, records
from layers.geojson import (
    FeatureLayer,
    add_to_parent_first,
    collection,
    feature,
    lookup_table,
)
from layers.popups import PopupTables
from layers.symbols import EVENT_SYMBOLS, ICON_SIZE, event_svg

#: Geometries of events sited at an area: not pins; their area lists them (layers.regions).
AREA_KINDS = frozenset({"Polygon", "MultiPolygon", "LineString", "MultiLineString"})

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


class EventCluster(MarkerCluster):
    """A ``MarkerCluster`` that joins the map *before* its markers are added to it.

    Leaflet.markercluster 1.4.1 checks each marker added to a group that is not on a map
    against every marker queued before it (``hasLayer``): quadratic, about 4 s for
    100,000 events in Chromium. On the map, that check is constant time.
    """

    def render(self, **kwargs: Any) -> None:
        """Write ``addTo(parent)`` right after the group is made, then render as usual."""
        add_to_parent_first(self)
        super().render(**kwargs)


def event_features(
    events: gpd.GeoDataFrame, tables: PopupTables | None = None
) -> list[dict[str, Any]]:
    """Return the GeoJSON point features of a validated events frame.

    Each feature's properties: ``event_id``, ``place_id`` and the compact event of
    :meth:`layers.popups.PopupTables.event` (``event_type``, ``start``, ``end`` and
    indexes into ``tables``, which this fills).
    """
    tables = PopupTables() if tables is None else tables
    out = []
    kinds = [g.geom_type if g is not None else "" for g in events.geometry]
    for row, xy, kind in zip(
        records(events, _FIELDS), point_coordinates(events), kinds, strict=True
    ):
        if xy is None or kind in AREA_KINDS:
            continue  # an event at a country or region is drawn as that area (layers.regions)
        props = {"event_id": row["event_id"], "place_id": row["place_id"]}
        props.update(tables.event(row))
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


def events_feature_layer(
    frame: gpd.GeoDataFrame,
    *,
    cluster: bool | None = None,
    name: str = "Events",
    show: bool = True,
) -> folium.map.Layer:
    """Return the events as one GeoJson layer, inside a MarkerCluster when dense.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The events frame, validated by :func:`layers.frames.checked` and already
        filtered; read only.
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
    tables = PopupTables()
    features = event_features(frame, tables)
    if cluster is None:
        cluster = should_cluster(features)
    layer = FeatureLayer(
        collection(features),
        kind="events",
        name=name,
        show=show or cluster,  # inside a cluster, the group is what is shown or not
        control=not cluster,
        popups="events",
        tables=tables.as_dict(),
        point_to_layer=_POINT_TO_LAYER,
    )
    if not cluster:
        return layer
    group = EventCluster(
        name=name,
        show=show,
        max_cluster_radius=40,
        show_coverage_on_hover=False,
        chunked_loading=True,
        chunk_delay=15,  # ms between chunks of 200 ms (default 50): the page stays usable
        spiderfy_on_max_zoom=True,
    )
    layer.add_to(group)
    return group
