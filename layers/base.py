"""The base map: country outlines that work offline, with online tiles as mere options.

The outlines (from the project's own boundary data, passed in as a GeoDataFrame or as the
path of a file, whose GeoJSON is then built once per process and reused by every map) are
drawn in a pane *below* the tile pane, so a tile layer, when chosen, covers them, and when
tiles cannot load (offline) the outlines still show through. Online tile layers are offered
as base layers in the LayerControl and are off by default.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.map import CustomPane
from folium.template import Template

from geo.errors import BadInputError
from geo.frames import schema
from layers.geojson import FeatureLayer, collection, script_json

_OSM = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

#: Online tile layers offered (never required): (label, URL template, attribution).
ONLINE_TILES = (
    ("OpenStreetMap (online)", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", _OSM),
    (
        "CartoDB Positron (online)",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        _OSM + ' &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
)
OUTLINES_PANE = "newsmap-outlines"
#: Decimals kept in outline coordinates (1e-4 degrees is about 11 m).
OUTLINE_DECIMALS = 4
SEA_COLOR = "#dce9f2"
MAX_ZOOM = 18

Bounds = tuple[float, float, float, float]  # (south, west, north, east)


class _MapBackground(folium.MacroElement):
    """Give the map a sea colour so the offline outlines read as land."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>#{{ this._parent.get_name() }} { background: {{ this.color }}; }</style>
        {% endmacro %}
        """
    )

    def __init__(self, color: str = SEA_COLOR):
        super().__init__()
        self._name = "MapBackground"
        self.color = color


#: The data credits every map carries in its attribution line (GeoNames asks for it).
CREDITS_HTML = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) | '
    'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
)


class _Credits(folium.MacroElement):
    """Credit GeoNames and Natural Earth in the map's attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution(
            {{ this.credits | tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, credits: str = CREDITS_HTML):
        super().__init__()
        self._name = "Credits"
        self.credits = credits


def outlines_json(
    outlines: gpd.GeoDataFrame, *, tolerance: float = 0.0, decimals: int = OUTLINE_DECIMALS
) -> str:
    """Return a countries frame as a GeoJSON FeatureCollection (``name`` only), read only.

    The text is safe inside a ``<script>`` (see :func:`layers.geojson.script_json`).

    Parameters
    ----------
    outlines : geopandas.GeoDataFrame
        Country outlines, in any CRS (reprojected to EPSG:4326).
    tolerance : float
        Simplify the outlines by this many degrees first (``0``: keep every vertex).
    decimals : int
        Round coordinates to this many decimals.

    Examples
    --------
    >>> from shapely import box
    >>> frame = gpd.GeoDataFrame({"name": ["<X>"]}, geometry=[box(0, 0, 1, 1)], crs=4326)
    >>> outlines_json(frame)[:60]
    '{"type":"FeatureCollection","features":[{"type":"Feature","g'
    """
    if not isinstance(outlines, gpd.GeoDataFrame):
        raise BadInputError(
            "outlines", f"expected a GeoDataFrame of countries, got {type(outlines).__name__}"
        )
    if len(outlines) and outlines.crs is None:
        raise BadInputError("outlines", f"has no CRS; expected {schema.CRS}")
    frame = outlines if not len(outlines) else outlines.to_crs(schema.CRS)
    names = frame["name"].tolist() if "name" in frame.columns else [None] * len(frame)
    geoms = np.asarray(frame.geometry.values, dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    geoms, names = geoms[keep], [n for n, k in zip(names, keep, strict=True) if k]
    if tolerance > 0:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    features = [
        f'{{"type":"Feature","geometry":{geometry},"properties":'
        f"{script_json({'name': None if name is None else str(name)})}}}"
        for geometry, name in zip(shapely.to_geojson(geoms), names, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def outlines_file_json(path: str | os.PathLike[str], *, tolerance: float = 0.0) -> str:
    """Return :func:`outlines_json` of an outlines file, built once per process.

    The cache is keyed by the path, the file's modification time and size, and the
    tolerance, so an edited file is read again. GeoParquet or any file geopandas reads.

    Raises
    ------
    BadInputError
        When the file is missing or cannot be read.
    """
    target = Path(path)
    try:
        stat = target.stat()
    except OSError as exc:
        raise BadInputError(str(target), f"cannot read the outlines file: {exc}") from exc
    return _cached_outlines(str(target.resolve()), stat.st_mtime_ns, stat.st_size, tolerance)


@functools.lru_cache(maxsize=8)
def _cached_outlines(path: str, mtime_ns: int, size: int, tolerance: float) -> str:
    try:
        frame = gpd.read_parquet(path) if path.endswith(".parquet") else gpd.read_file(path)
    except Exception as exc:  # pyarrow and pyogrio raise several types
        raise BadInputError(path, f"cannot read the outlines file: {exc}") from exc
    return outlines_json(frame, tolerance=tolerance)


def base_map(
    outlines: gpd.GeoDataFrame | str | os.PathLike[str] | None = None,
    *,
    outline_tolerance: float = 0.0,
    bounds: Bounds | None = None,
    tiles: Sequence[tuple[str, str, str]] = ONLINE_TILES,
    height: str = "100%",
) -> folium.Map:
    """Return a folium map that needs no network: outlines below optional online tiles.

    Parameters
    ----------
    outlines : geopandas.GeoDataFrame or path, optional
        Country outlines, read only; a path (e.g. ``geo/data/countries.parquet``) is
        read and serialised once per process (see :func:`outlines_file_json`).
    outline_tolerance : float
        Simplify the outlines by this many degrees (``0``: full detail).
    bounds : tuple of float, optional
        ``(south, west, north, east)`` to fit; by default the whole world.
    tiles : sequence of (str, str, str)
        Online tile layers offered in the LayerControl, off by default:
        ``(label, URL template, attribution HTML)``.
    height : str
        CSS height of the map.

    Examples
    --------
    >>> m = base_map(bounds=(51.0, 34.0, 52.0, 36.0))
    >>> m.options["max_zoom"]
    18
    """
    m = folium.Map(location=None, tiles=None, zoom_start=2, control_scale=True, height=height)
    m.options["max_zoom"] = MAX_ZOOM  # markercluster needs it when there are no tiles
    m.options["min_zoom"] = 1
    m.add_child(_MapBackground(), name="newsmap_background")
    m.add_child(_Credits(), name="newsmap_credits")
    CustomPane(OUTLINES_PANE, z_index=150, pointer_events=False).add_to(m)
    folium.FeatureGroup(name="Offline: country outlines", overlay=False, show=True).add_to(m)
    for label, url, attribution in tiles:
        folium.TileLayer(
            url, attr=attribution, name=label, overlay=False, show=False, max_zoom=MAX_ZOOM
        ).add_to(m)
    if outlines is not None:
        if isinstance(outlines, str | os.PathLike):
            text = outlines_file_json(outlines, tolerance=outline_tolerance)
        else:
            text = outlines_json(outlines, tolerance=outline_tolerance)
        FeatureLayer(
            collection([]),
            data_json=text,
            kind="outlines",
            name="Country outlines",
            control=False,
            pane=OUTLINES_PANE,
            interactive=False,
            style={
                "color": "#8c8c8c",
                "weight": 0.8,
                "fillColor": "#f6f3ec",
                "fillOpacity": 1,
            },
        ).add_to(m)
    fit(m, bounds)
    return m


def fit(m: folium.Map, bounds: Bounds | None, *, pad_degrees: float = 0.5) -> folium.Map:
    """Fit ``m`` to ``(south, west, north, east)``, padding tiny extents (e.g. one point).

    Examples
    --------
    >>> m = fit(folium.Map(tiles=None), (51.4, 34.9, 51.4, 34.9))
    >>> [c for c in m._children if c.startswith("fit_bounds")] != []
    True
    """
    if bounds is None:
        bounds = (-60.0, -170.0, 75.0, 170.0)
    south, west, north, east = (float(v) for v in bounds)
    if not all(math.isfinite(v) for v in (south, west, north, east)):
        raise BadInputError("bounds", f"{bounds!r} holds a value that is not a finite number")
    if south > north or west > east:
        raise BadInputError("bounds", f"{bounds!r} is not (south, west, north, east)")
    if north - south < pad_degrees:
        south, north = south - pad_degrees / 2, north + pad_degrees / 2
    if east - west < pad_degrees:
        west, east = west - pad_degrees / 2, east + pad_degrees / 2
    south, north = max(south, -85.0), min(north, 85.0)
    m.fit_bounds([[south, west], [north, east]], max_zoom=12)
    return m
