"""The files behind the app's download buttons: the map page, GeoJSON, GeoPackage and CSV.

Each function takes the filtered :class:`app.view.View` (the same view the map, table
and timeline draw: nothing is filtered again) and returns bytes; the buttons call them
only when clicked (deferred), and the tests call the very same functions.

The events CSV carries ``lat``/``lon`` (the point of each row's place) beside the WKT,
and every text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with ``'``.
"""

from __future__ import annotations

import os
import tempfile

import geopandas as gpd
import pandas as pd

from app.view import View
from geo.frames.writers import write_frames
from layers.export import render_page
from layers.mapview import draw_map

#: Download name, MIME type and writer format of each data download.
DATA_FORMATS = {
    "geojson": ("newsmap-events.geojson", "application/geo+json"),
    "gpkg": ("newsmap.gpkg", "application/geopackage+sqlite3"),
    "csv": ("newsmap-events.csv", "text/csv"),
}


def map_page(
    view: View,
    *,
    outlines: gpd.GeoDataFrame | str | os.PathLike[str] | None = None,
    title: str = "Newsmap",
) -> str:
    """Return the self-contained HTML page of the view's map (assets inlined, date control).

    The page holds exactly the view's events; its date control starts at the view's range.
    """
    choices = view.choices
    include_undated = True if choices.include_undated else None
    m = draw_map(view.places, view.events, view.flows, outlines=outlines, assets="inline")
    return render_page(
        m, since=choices.since, until=choices.until, include_undated=include_undated, title=title
    )


def map_bytes(
    view: View, *, outlines: gpd.GeoDataFrame | str | os.PathLike[str] | None = None
) -> bytes:
    """Return :func:`map_page` as UTF-8 bytes (what the "Map (HTML)" button downloads)."""
    return map_page(view, outlines=outlines).encode("utf-8")


def data_bytes(view: View, fmt: str) -> bytes:
    """Return the view's data in ``fmt``: events as GeoJSON or CSV, all three frames as GPKG.

    Raises
    ------
    ValueError
        When ``fmt`` is not one of :data:`DATA_FORMATS`.
    """
    if fmt not in DATA_FORMATS:
        raise ValueError(f"download format {fmt!r} is not one of {sorted(DATA_FORMATS)}")
    if fmt == "csv":
        return events_csv(view.events).encode("utf-8")
    frames = {"events": view.events}
    if fmt == "gpkg":
        frames = {"places": view.places, "events": view.events, "flows": view.flows}
    with tempfile.TemporaryDirectory(prefix="newsmap-download-") as tmp:
        (path,) = write_frames(frames, tmp, formats=(fmt,))
        return path.read_bytes()


#: First characters that make a spreadsheet cell a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Return ``value`` with a ``'`` in front when a spreadsheet would run it as a formula.

    Only text is changed; numbers (a negative longitude) stay numbers.

    Examples
    --------
    >>> neutralise("=HYPERLINK(1)"), neutralise("-2+3"), neutralise(-2.5), neutralise("Kursk")
    ("'=HYPERLINK(1)", "'-2+3", -2.5, 'Kursk')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def events_csv(events: gpd.GeoDataFrame) -> str:
    """Return the events as CSV: one row per event and place, with ``lat``, ``lon``, ``wkt``.

    ``lat``/``lon`` are the row's point (an area's representative point), empty when the
    event has no place.
    """
    geometry = events.geometry
    points = geometry.where(geometry.isna() | (geometry.geom_type == "Point"))
    areas = geometry.notna() & (geometry.geom_type != "Point")
    if areas.any():
        points = points.where(~areas, geometry[areas].representative_point())
    table = pd.DataFrame(events.drop(columns=geometry.name))
    table["lat"] = points.y.round(6)
    table["lon"] = points.x.round(6)
    table["wkt"] = geometry.to_wkt()
    for column in table.columns:
        if pd.api.types.is_object_dtype(table[column]) or pd.api.types.is_string_dtype(
            table[column]
        ):
            table[column] = table[column].map(neutralise)
    return table.to_csv(index=False)
