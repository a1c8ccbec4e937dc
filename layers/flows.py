"""The movements layer: a line with an arrowhead from origin to destination per flow.

Line width grows with the quantity; each line is labelled with its number (``"~10,000"``)
or, without one, the quantity text. Expected movements are dashed. Labels and popups are
plain text built into DOM nodes in the browser (see :mod:`layers.popups`).
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
from folium.utilities import JsCode

from layers import popups
from layers.dates import iso
from layers.frames import records
from layers.geojson import FeatureLayer, collection, feature

#: Longest arrowhead stroke, in degrees of latitude (about 110 km).
MAX_HEAD_DEGREES = 1.0

_FIELDS = (
    "flow_id",
    "event_id",
    "origin_name",
    "destination_name",
    "quantity",
    "quantity_text",
    "status",
    "start",
    "end",
    "date_label",
    "sentence",
)

_STYLE = JsCode(
    """function (feature) {
        var p = feature.properties;
        return {color: "#b03a2e", weight: p.width, opacity: 0.85,
                dashArray: p.status === "expected" ? "8 6" : null, lineCap: "round"};
    }"""
)


def line_width(quantity: Any, largest: float) -> float:
    """Return a flow's line width in pixels: 2 without a number, up to 10 for the largest.

    Examples
    --------
    >>> line_width(None, 100.0), line_width(25.0, 100.0), line_width(100.0, 100.0)
    (2.0, 6.0, 10.0)
    """
    if quantity is None or not largest or largest <= 0 or quantity <= 0:
        return 2.0
    return round(2.0 + 8.0 * math.sqrt(min(quantity / largest, 1.0)), 1)


def arrow_line(coords: list[tuple[float, float]]) -> list[list[list[float]]]:
    """Return the parts of a MultiLineString: the line itself, then a two-stroke arrowhead.

    The arrowhead points along the last segment, an eighth of the line's length but at
    most :data:`MAX_HEAD_DEGREES` (lengths use longitude scaled by the cosine of latitude).

    Examples
    --------
    >>> parts = arrow_line([(0.0, 0.0), (4.0, 0.0)])
    >>> parts[0], [round(v, 3) for v in parts[1][1]], len(parts)
    ([[0.0, 0.0], [4.0, 0.0]], [4.0, 0.0], 3)
    """
    line = [[round(x, 6), round(y, 6)] for x, y in coords]
    (x1, y1), (x2, y2) = coords[-2], coords[-1]
    scale = max(math.cos(math.radians((y1 + y2) / 2.0)), 1e-6)
    dx, dy = (x2 - x1) * scale, y2 - y1
    length = math.hypot(dx, dy)
    if length == 0:
        return [line]
    total = sum(
        math.hypot((b[0] - a[0]) * scale, b[1] - a[1])
        for a, b in zip(coords, coords[1:], strict=False)
    )
    head = min(total / 8.0, length, MAX_HEAD_DEGREES)
    ux, uy = dx / length, dy / length
    parts = [line]
    for angle in (math.radians(25), -math.radians(25)):
        bx = ux * math.cos(angle) - uy * math.sin(angle)
        by = ux * math.sin(angle) + uy * math.cos(angle)
        tip = [round(x2 - head * bx / scale, 6), round(y2 - head * by, 6)]
        parts.append([tip, [round(x2, 6), round(y2, 6)]])
    return parts


def flow_features(frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Return the GeoJSON MultiLineString features of a validated flows frame.

    Labels of movements along the same line get ``label_slot`` 0, 1, 2, ... so the page
    stacks them one under the other instead of drawing them on top of each other.
    """
    rows = list(records(frame, _FIELDS))
    numbers = [r["quantity"] for r in rows if r["quantity"] is not None]
    largest = max(numbers) if numbers else 0.0
    slots: dict[tuple, int] = {}
    out = []
    for row, geom in zip(rows, frame.geometry, strict=True):
        if geom is None or geom.is_empty or geom.geom_type != "LineString":
            continue
        coords = [(float(x), float(y)) for x, y in geom.coords]
        if len(coords) < 2:
            continue
        props = {
            "flow_id": row["flow_id"],
            "event_id": row["event_id"],
            "status": row["status"],
            "start": iso(row["start"]),
            "end": iso(row["end"]),
            "width": line_width(row["quantity"], largest),
            "label": popups.quantity_label(row["quantity"], row["quantity_text"]),
        }
        if props["label"]:
            route = (coords[0], coords[-1])
            props["label_slot"] = slots.get(route, 0)
            slots[route] = props["label_slot"] + 1
        props.update(popups.flow_texts(row))
        geometry = {"type": "MultiLineString", "coordinates": arrow_line(coords)}
        out.append(feature(geometry, props))
    return out


def flows_feature_layer(
    frame: gpd.GeoDataFrame, *, name: str = "Movements", show: bool = True
) -> FeatureLayer:
    """Return one GeoJson layer of movement arrows.

    ``frame`` is the flows frame validated by :func:`layers.frames.checked`; read only.
    """
    return FeatureLayer(
        collection(flow_features(frame)),
        kind="flows",
        name=name,
        show=show,
        popups="flows",
        style=_STYLE,
    )
