"""Write a map as ONE self-contained HTML file that opens from disk with no network.

Every asset is inlined (:mod:`layers.assets`), the page carries its own date-range
control (:mod:`layers.datecontrol`), and the file is written atomically (a temporary
file in the same folder, then :func:`os.replace`).
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import folium

from geo.errors import BadInputError, NewsmapError
from geo.files import atomic_write_text
from layers.assets import use_assets
from layers.datecontrol import DateRangeControl
from layers.mapview import build_map


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src") is not None:
            self.refs.append(("script", values["src"] or ""))
        if tag == "link" and values.get("href") is not None:
            self.refs.append(("link", values["href"] or ""))


def asset_refs(page: str) -> list[tuple[str, str]]:
    """Return every ``<script src>`` and ``<link href>`` of an HTML page.

    Examples
    --------
    >>> asset_refs('<script src="/app/static/a.js"></script><link rel="x" href="b.css">')
    [('script', '/app/static/a.js'), ('link', 'b.css')]
    """
    parser = _Refs()
    parser.feed(page)
    parser.close()
    return parser.refs


def is_remote(url: str) -> bool:
    """Tell whether a URL reaches the network (has a scheme other than ``data:``, or ``//``).

    Examples
    --------
    >>> is_remote("https://cdn.example/x.js"), is_remote("//cdn/x.js"), is_remote("/app/x.js")
    (True, True, False)
    """
    url = url.strip()
    return (
        url.startswith("//")
        or bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url))
        and not (url.lower().startswith("data:"))
    )


def export_html(
    source: Any,
    path: str | os.PathLike[str],
    *,
    since: Any = None,
    until: Any = None,
    include_undated: bool | None = None,
    title: str = "Newsmap",
    **map_options: Any,
) -> Path:
    """Write a self-contained HTML page of a map and return its path.

    Parameters
    ----------
    source : folium.Map, or an object with ``places``, ``events``, ``flows``, or a tuple
        A map built by :func:`layers.mapview.build_map` (its assets are switched to
        inline), or the three frames to build one from.
    path : path
        The file to write (replaced atomically).
    since, until : str or datetime.date, optional
        The date range: only events overlapping it are written, and the page's date
        control starts there. Only with frames (a map already holds its events).
    include_undated : bool, optional
        Keep undated events; by default only when no range is set.
    title : str
        The page title.
    **map_options
        Passed to :func:`layers.mapview.build_map` (e.g. ``outlines``, ``bounds``).

    Raises
    ------
    NewsmapError
        When the page would still load something from the network.

    Examples
    --------
    >>> import geopandas as gpd, tempfile
    >>> from geo.frames import schema
    >>> def empty(columns):
    ...     data = {c: [] for c in columns if c != "geometry"}
    ...     return gpd.GeoDataFrame(data, geometry=[], crs=schema.CRS)
    >>> kinds = (schema.PLACE_COLUMNS, schema.EVENT_COLUMNS, schema.FLOW_COLUMNS)
    >>> frames = [empty(columns) for columns in kinds]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = export_html(tuple(frames), Path(tmp) / "map.html", since="2025-01-01")
    ...     "0 of 0 events shown" in page.read_text()
    True
    """
    if isinstance(source, folium.Map):
        if since is not None or until is not None or map_options:
            raise BadInputError(
                "export_html", "since/until and map options apply to frames, not to a built map"
            )
        m = source
        view = getattr(m, "newsmap_view", {})
        since, until = view.get("since"), view.get("until")
        include_undated = view.get("include_undated", include_undated)
    else:
        places, events, flows = _frames(source)
        m = build_map(
            places,
            events,
            flows,
            since=since,
            until=until,
            include_undated=include_undated,
            assets="inline",
            **map_options,
        )
    page = render_page(m, since=since, until=until, include_undated=include_undated, title=title)
    target = Path(path)
    if not target.parent.is_dir():
        raise BadInputError(str(target), "the folder to write into does not exist")
    return atomic_write_text(target, page)


def render_page(
    m: folium.Map,
    *,
    since: Any = None,
    until: Any = None,
    include_undated: bool | None = None,
    title: str = "Newsmap",
) -> str:
    """Return the self-contained HTML of ``m`` with its date control; ``m`` is updated."""
    use_assets(m, "inline")
    for key in [k for k, c in m._children.items() if isinstance(c, DateRangeControl)]:
        del m._children[key]
    m.add_child(
        DateRangeControl(since=since, until=until, include_undated=include_undated),
        name="newsmap_date_control",
    )
    root = m.get_root()
    root.title = html.escape(title)  # branca writes the title into <title> unescaped
    page = root.render()
    remote = [ref for ref in asset_refs(page) if is_remote(ref[1])]
    if remote:
        raise NewsmapError(f"the exported page would load from the network: {remote}")
    return page


def _frames(source: Any) -> tuple[Any, Any, Any]:
    if isinstance(source, tuple | list) and len(source) == 3:
        return tuple(source)
    try:
        return source.places, source.events, source.flows
    except AttributeError as exc:
        raise BadInputError(
            "export_html",
            f"expected a folium.Map, a (places, events, flows) tuple or an object with "
            f".places/.events/.flows, got {type(source).__name__}",
        ) from exc
