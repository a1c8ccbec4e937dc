"""Compose the whole map: base, areas, movements, places, events, legend and controls."""

from __future__ import annotations

import math
import os
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from layers.assets import STATIC_URL, strip_links, use_assets
from layers.base import ONLINE_TILES, Bounds, base_map
from layers.dates import check_range, range_mask
from layers.events import events_feature_layer
from layers.flows import flows_feature_layer
from layers.frames import checked
from layers.geojson import OverlayGroup
from layers.legend import Legend
from layers.places import events_by_place, places_feature_layer
from layers.regions import areas_feature_layer


def select(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    flows: gpd.GeoDataFrame,
    *,
    since: Any = None,
    until: Any = None,
    include_undated: bool | None = None,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return validated copies of the frames restricted to ``[since, until]``.

    Events and flows are kept when their span passes :func:`layers.dates.in_range`. A
    place is dropped when it has events but none of them is kept; places without any
    event (mere mentions) stay. The result is what :func:`draw_map` and
    :func:`overlay_groups` take.
    """
    places = checked(places, "places")
    events = checked(events, "events")
    flows = checked(flows, "flows")
    first, last = check_range(since, until)
    if first is None and last is None and include_undated in (None, True):
        return places, events, flows
    keep = range_mask(events, since=first, until=last, include_undated=include_undated)
    kept = events.loc[keep]
    flows = flows.loc[range_mask(flows, since=first, until=last, include_undated=include_undated)]
    return places.loc[places_with_events(places, events, kept)], kept, flows


def places_with_events(
    places: gpd.GeoDataFrame, events: gpd.GeoDataFrame, kept: gpd.GeoDataFrame
) -> np.ndarray:
    """Return one bool per place: it has a kept event, or no event at all (a mention).

    ``events`` are all the events, ``kept`` those a filter kept.

    Examples
    --------
    >>> places = pd.DataFrame({"place_id": ["a", "b", "c"]})
    >>> events = pd.DataFrame({"place_id": ["a", "b"]})
    >>> places_with_events(places, events, events.iloc[[1]]).tolist()
    [False, True, True]
    """
    with_events = set(events["place_id"].astype(str))
    still = set(kept["place_id"].astype(str))
    ids = places["place_id"].astype(str)
    return (~ids.isin(with_events) | ids.isin(still)).to_numpy()


def data_bounds(*frames: gpd.GeoDataFrame) -> Bounds | None:
    """Return ``(south, west, north, east)`` around all non-empty geometries, or ``None``.

    Examples
    --------
    >>> from shapely import Point
    >>> data_bounds(gpd.GeoDataFrame(geometry=[Point(30, 50), Point(40, 55)], crs=4326))
    (50.0, 30.0, 55.0, 40.0)
    """
    boxes = [f.geometry.total_bounds for f in frames if len(f) and f.geometry.notna().any()]
    boxes = [b for b in boxes if pd.notna(b).all()]
    if not boxes:
        return None
    west = min(b[0] for b in boxes)
    south = min(b[1] for b in boxes)
    east = max(b[2] for b in boxes)
    north = max(b[3] for b in boxes)
    return (float(south), float(west), float(north), float(east))


def focus_bounds(*frames: gpd.GeoDataFrame) -> Bounds | None:
    """Return the bounds to open a map on: around the point features, else everything.

    Countries and macro-regions (Russia spans half the globe) would zoom the map out to
    the world; the towns and event points are where the reader wants to look.

    Examples
    --------
    >>> from shapely import Point, box
    >>> frame = gpd.GeoDataFrame(geometry=[box(-170, -50, 170, 80), Point(35, 51)], crs=4326)
    >>> focus_bounds(frame)
    (51.0, 35.0, 51.0, 35.0)
    """
    points = [f.loc[(f.geometry.geom_type == "Point").to_numpy()] for f in frames if len(f)]
    return data_bounds(*points) or data_bounds(*frames)


def center_zoom(
    bounds: Bounds | None, *, width: int = 900, height: int = 580, max_zoom: int = 12
) -> tuple[tuple[float, float], int]:
    """Return the centre and the largest zoom that shows ``bounds`` in a map of that size.

    Web Mercator tiles are 256 px; the zoom is capped at ``max_zoom`` (a lone point
    is shown with its surroundings). Without bounds: the whole world.

    Examples
    --------
    >>> center_zoom((50.0, 30.0, 56.0, 40.0))
    ((53.0, 35.0), 6)
    >>> center_zoom((51.4, 34.9, 51.4, 34.9))[1], center_zoom(None)
    (12, ((20.0, 0.0), 2))
    """
    if bounds is None:
        return (20.0, 0.0), 2
    south, west, north, east = bounds

    def mercator(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_fraction = max(east - west, 1e-9) / 360.0
    lat_fraction = max(mercator(north) - mercator(south), 1e-9) / (2 * math.pi)
    zoom = min(math.log2(width / 256.0 / lon_fraction), math.log2(height / 256.0 / lat_fraction))
    center = ((south + north) / 2.0, (west + east) / 2.0)
    return center, max(1, min(max_zoom, math.floor(zoom)))


def build_map(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    flows: gpd.GeoDataFrame,
    *,
    outlines: gpd.GeoDataFrame | str | os.PathLike[str] | None = None,
    outline_tolerance: float = 0.0,
    since: Any = None,
    until: Any = None,
    include_undated: bool | None = None,
    assets: str = "inline",
    static_url: str = STATIC_URL,
    cluster: bool | None = None,
    bounds: Bounds | None = None,
    tiles: tuple[tuple[str, str, str], ...] = ONLINE_TILES,
    max_popup_events: int = 25,
    height: str = "100%",
) -> folium.Map:
    """Return a folium map of Newsmap's places, events and flows.

    Parameters
    ----------
    places, events, flows : geopandas.GeoDataFrame
        The frames of ``geo/frames/schema.py``; read only.
    outlines : geopandas.GeoDataFrame or path, optional
        Country outlines for the offline base map; a file's path is read and serialised
        once per process (see :func:`layers.base.outlines_file_json`).
    outline_tolerance : float
        Simplify the outlines by this many degrees (``0``: full detail).
    since, until : str or datetime.date, optional
        Keep the events (and flows) whose span overlaps this range.
    include_undated : bool, optional
        Keep undated events; by default only when no range is set.
    assets : {"inline", "served"}
        Where the page gets Leaflet from (see :mod:`layers.assets`).
    static_url : str
        Base URL of the static folder in ``"served"`` mode.
    cluster : bool, optional
        Cluster event markers; by default only when they are dense.
    bounds : tuple of float, optional
        ``(south, west, north, east)`` to show; by default the data's extent.
    tiles : tuple of (str, str, str)
        Online tile layers offered, off by default (see :data:`layers.base.ONLINE_TILES`).
    max_popup_events : int
        Most events listed in one place popup.
    height : str
        CSS height of the map.

    Returns
    -------
    folium.Map
        The map; ``m.get_root().render()`` gives the HTML page.
    """
    places, events, flows = select(
        places, events, flows, since=since, until=until, include_undated=include_undated
    )
    m = draw_map(
        places,
        events,
        flows,
        outlines=outlines,
        outline_tolerance=outline_tolerance,
        assets=assets,
        static_url=static_url,
        cluster=cluster,
        bounds=bounds,
        tiles=tiles,
        max_popup_events=max_popup_events,
        height=height,
    )
    # the date view, for an export of this map (see layers.export.render_page)
    m.newsmap_view = {"since": since, "until": until, "include_undated": include_undated}
    return m


def draw_map(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    flows: gpd.GeoDataFrame,
    *,
    outlines: gpd.GeoDataFrame | str | os.PathLike[str] | None = None,
    outline_tolerance: float = 0.0,
    assets: str = "inline",
    static_url: str = STATIC_URL,
    cluster: bool | None = None,
    bounds: Bounds | None = None,
    tiles: tuple[tuple[str, str, str], ...] = ONLINE_TILES,
    max_popup_events: int = 25,
    height: str = "100%",
) -> folium.Map:
    """Return the map of frames already selected by :func:`select` (validated, filtered).

    Options as for :func:`build_map`; nothing is validated or filtered again.
    """
    if bounds is None:
        bounds = data_bounds(places, events, flows)
    m = base_map(
        outlines,
        outline_tolerance=outline_tolerance,
        bounds=bounds,
        tiles=tiles,
        height=height,
    )
    grouped = events_by_place(events, max_events=max_popup_events)
    areas_feature_layer(places, grouped).add_to(m)
    flows_feature_layer(flows).add_to(m)
    places_feature_layer(places, grouped).add_to(m)
    events_feature_layer(events, cluster=cluster).add_to(m)
    m.add_child(Legend(events["event_type"].unique().tolist()), name="newsmap_legend")
    folium.LayerControl(collapsed=True).add_to(m)
    return use_assets(m, assets, base_url=static_url)


def overlay_groups(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    flows: gpd.GeoDataFrame,
    *,
    cluster: bool | None = None,
    max_popup_events: int = 25,
) -> list[folium.FeatureGroup]:
    """Return a map's data layers, each in its own overlay group, without a map.

    For a map whose data changes while its base stays (the app's live map: streamlit-
    folium adds the groups to the page already shown, instead of loading a new page).
    The base is :func:`layers.base.base_map` with ``NewsmapPopups`` and
    Leaflet.markercluster (``use_assets(m, with_cluster=True)``). The frames are those
    of :func:`select` (validated and filtered: nothing is checked or filtered again);
    the groups load nothing themselves (see :func:`layers.assets.strip_links`).

    Examples
    --------
    >>> from geo.frames import schema
    >>> empty = [gpd.GeoDataFrame({c: [] for c in cols if c != "geometry"}, geometry=[],
    ...                           crs=schema.CRS)
    ...          for cols in (schema.PLACE_COLUMNS, schema.EVENT_COLUMNS, schema.FLOW_COLUMNS)]
    >>> [group.layer_name for group in overlay_groups(*select(*empty))]
    ['Areas and borders', 'Movements', 'Places', 'Events']
    """
    grouped = events_by_place(events, max_events=max_popup_events)
    layers = (
        ("Areas and borders", areas_feature_layer(places, grouped)),
        ("Movements", flows_feature_layer(flows)),
        ("Places", places_feature_layer(places, grouped)),
        ("Events", events_feature_layer(events, cluster=cluster)),
    )
    out = []
    for name, layer in layers:
        layer.control = False  # the group is the overlay
        group = OverlayGroup(name=name)
        group.add_child(layer)
        out.append(strip_links(group))
    return out
