"""The base map: country outlines that work offline, with online tiles as mere options.

The outlines (from the project's own boundary data, passed in as a GeoDataFrame) are
drawn in a pane *below* the tile pane, so a tile layer, when chosen, covers them, and when
tiles cannot load (offline) the outlines still show through. Online tile layers are offered
as base layers in the LayerControl and are off by default.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
from folium.map import CustomPane
from folium.template import Template

from geo import schema
from geo.errors import BadInputError
from layers.geojson import FeatureLayer, collection, feature
from layers.regions import _plain_geometry

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


def outline_features(outlines: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Return GeoJSON features (geometry and ``name``) of a countries frame, read only."""
    if not isinstance(outlines, gpd.GeoDataFrame):
        raise BadInputError(
            "outlines", f"expected a GeoDataFrame of countries, got {type(outlines).__name__}"
        )
    if len(outlines) and outlines.crs is None:
        raise BadInputError("outlines", f"has no CRS; expected {schema.CRS}")
    frame = outlines if not len(outlines) else outlines.to_crs(schema.CRS)
    names = frame["name"].tolist() if "name" in frame.columns else [None] * len(frame)
    out = []
    for name, geom in zip(names, frame.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        geometry = _plain_geometry(geom.__geo_interface__)
        out.append(feature(geometry, {"name": None if name is None else str(name)}))
    return out


def base_map(
    outlines: gpd.GeoDataFrame | None = None,
    *,
    bounds: Bounds | None = None,
    tiles: Sequence[tuple[str, str, str]] = ONLINE_TILES,
    height: str = "100%",
) -> folium.Map:
    """Return a folium map that needs no network: outlines below optional online tiles.

    Parameters
    ----------
    outlines : geopandas.GeoDataFrame, optional
        Country outlines (e.g. ``geo/data/countries.parquet``); read only.
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
    CustomPane(OUTLINES_PANE, z_index=150, pointer_events=False).add_to(m)
    folium.FeatureGroup(name="Offline: country outlines", overlay=False, show=True).add_to(m)
    for label, url, attribution in tiles:
        folium.TileLayer(
            url, attr=attribution, name=label, overlay=False, show=False, max_zoom=MAX_ZOOM
        ).add_to(m)
    if outlines is not None:
        FeatureLayer(
            collection(outline_features(outlines)),
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
