"""The files behind the app's download buttons: the map page, GeoJSON, GeoPackage and CSV.

Each function takes the filtered :class:`app.view.View` and returns bytes; the buttons
call them only when clicked (deferred), and the tests call the very same functions.
"""

from __future__ import annotations

import os
import tempfile

import geopandas as gpd

from app.view import View
from geo.frames.writers import write_frames
from layers.export import render_page
from layers.mapview import build_map

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
    since, until = view.choices.since, view.choices.until
    m = build_map(
        view.places,
        view.events,
        view.flows,
        outlines=outlines,
        since=since,
        until=until,
        assets="inline",
    )
    return render_page(m, since=since, until=until, title=title)


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
    frames = {"events": view.events}
    if fmt == "gpkg":
        frames = {"places": view.places, "events": view.events, "flows": view.flows}
    with tempfile.TemporaryDirectory(prefix="newsmap-download-") as tmp:
        (path,) = write_frames(frames, tmp, formats=(fmt,))
        return path.read_bytes()
