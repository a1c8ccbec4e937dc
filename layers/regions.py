"""The areas layer: outlines of region, country and macro-region places, and border lines.

Only places whose geometry is an area (Polygon/MultiPolygon) or a line (a border) are
drawn here; their markers are in the places layer. An area where events happened (an
event sited at a country or region) has its outline highlighted and lists its events in
its popup: such events are not pins (:mod:`layers.events`).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely
from folium.utilities import JsCode

from layers.frames import records
from layers.geojson import FeatureLayer, collection, feature, lookup_table
from layers.places import PLACE_FIELDS, PlaceEvents, popup_properties
from layers.popups import PopupTables
from layers.symbols import AREA_STYLES

#: Geometry types drawn as areas or lines.
AREA_TYPES = ("Polygon", "MultiPolygon", "LineString", "MultiLineString")

_STYLE = JsCode(
    """(function () {
        var styles = __STYLES__;
        return function (feature) {
            var style = styles[feature.properties.precision] || styles.region;
            if (!feature.properties.has_events) { return style; }
            var strong = Object.assign({}, style);
            strong.weight = 3;
            strong.fillOpacity = Math.max(style.fillOpacity || 0.2, 0.35);
            return strong;
        };
    })()""".replace("__STYLES__", lookup_table(AREA_STYLES))
)


def area_features(
    frame: gpd.GeoDataFrame,
    grouped: dict[str, PlaceEvents],
    tables: PopupTables,
) -> list[dict[str, Any]]:
    """Return the GeoJSON area/line features of a validated places frame (filling ``tables``)."""
    out = []
    for row, geom in zip(records(frame, PLACE_FIELDS), frame.geometry, strict=True):
        if geom is None or geom.is_empty or geom.geom_type not in AREA_TYPES:
            continue
        here = grouped.get(str(row["place_id"]))
        props = {
            "place_id": row["place_id"],
            "name": row["name"],
            "precision": row["precision"],
            "has_events": bool(here and here.total),
        }
        props.update(popup_properties(row, here, tables))
        geometry = shapely.geometry.mapping(shapely.set_precision(geom, 1e-6))
        out.append(feature(_plain_geometry(geometry), props))
    return out


def _plain_geometry(geometry: Any) -> Any:
    # shapely's mapping() gives tuples; GeoJSON wants lists
    if isinstance(geometry, dict):
        return {key: _plain_geometry(value) for key, value in geometry.items()}
    if isinstance(geometry, list | tuple):
        return [_plain_geometry(value) for value in geometry]
    return geometry


def areas_feature_layer(
    frame: gpd.GeoDataFrame,
    grouped: dict[str, PlaceEvents],
    *,
    name: str = "Areas and borders",
    show: bool = True,
) -> FeatureLayer:
    """Return the areas layer of a validated places frame (``grouped``: events by place)."""
    tables = PopupTables()
    return FeatureLayer(
        collection(area_features(frame, grouped, tables)),
        kind="areas",
        name=name,
        show=show,
        popups="places",
        tables=tables.as_dict(),
        style=_STYLE,
    )
