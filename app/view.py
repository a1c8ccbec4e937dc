"""What the app shows: the filter choices, the filtered view of a corpus, its table and timeline.

Every function here is pure (frames in, frames out, inputs never modified), so the app's
behaviour can be tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.dates import check_range, parse_day, range_mask
from layers.mapview import places_with_events, select
from layers.symbols import EVENT_SYMBOLS

#: Label of the events whose row has no place (``place_role`` is empty).
NO_PLACE = "(no place)"

#: Columns of the events table, in order.
TABLE_COLUMNS = (
    "date_label",
    "event_type",
    "place_name",
    "place_role",
    "sentence",
    "doc_title",
    "actors",
    "quantity_text",
    "attribution",
    "start",
    "end",
    "confidence",
    "event_id",
)


@dataclass(frozen=True)
class Options:
    """What the corpus offers to filter on.

    Parameters
    ----------
    first, last : datetime.date or None
        First start and last end of the dated events (``None`` when nothing is dated).
    event_types, doc_ids, roles : tuple of str
        The values present, sorted; ``roles`` holds :data:`NO_PLACE` for placeless rows.
    doc_titles : dict
        Title of each ``doc_id``.
    """

    first: dt.date | None
    last: dt.date | None
    event_types: tuple[str, ...]
    doc_ids: tuple[str, ...]
    roles: tuple[str, ...]
    doc_titles: dict[str, str]


@dataclass(frozen=True)
class Choices:
    """The user's filters. ``None`` means "everything" for the tuples and the dates.

    Parameters
    ----------
    since, until : datetime.date, optional
        Keep the events whose ``[start, end]`` overlaps this range.
    include_undated : bool
        Keep the undated events (no start, no end) under a range too (the default).
    event_types, doc_ids, roles : tuple of str, optional
        Keep only these values (roles: the event row's ``place_role``, or :data:`NO_PLACE`).
    min_confidence : float
        Keep the events whose confidence is at least this.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    include_undated: bool = True
    event_types: tuple[str, ...] | None = None
    doc_ids: tuple[str, ...] | None = None
    roles: tuple[str, ...] | None = None
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        check_range(self.since, self.until)


@dataclass(frozen=True)
class Corpus:
    """A parsed corpus ready to filter: validated once, when it is parsed.

    Parameters
    ----------
    places, events, flows : geopandas.GeoDataFrame
        The frames, validated by :func:`layers.frames.checked` (dates as ISO strings).
    live_places : geopandas.GeoDataFrame
        ``places`` with simplified areas, for the live map (same index).
    options : Options
        What the corpus offers to filter on.
    """

    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    flows: gpd.GeoDataFrame
    live_places: gpd.GeoDataFrame
    options: Options


@dataclass(frozen=True)
class View:
    """The frames left after the filters, and the counts the app reports.

    Every part of the page (map, table, timeline, downloads) draws this one view: the
    corpus is filtered once per rerun.

    Parameters
    ----------
    places, events, flows : geopandas.GeoDataFrame
        The kept rows (selections of the corpus's validated frames).
    live_places : geopandas.GeoDataFrame
        The kept places with simplified areas (for the live map).
    shown, total : int
        Distinct events kept, and in the corpus.
    undated_shown, undated_hidden : int
        Distinct undated events kept, and hidden because a range is set and undated
        events are not kept.
    unmapped : int
        Distinct kept events without any place (listed in the table only).
    choices : Choices
        The filters that made this view.
    """

    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    flows: gpd.GeoDataFrame
    live_places: gpd.GeoDataFrame
    shown: int
    total: int
    undated_shown: int
    undated_hidden: int
    unmapped: int
    choices: Choices


def corpus_key(folder: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    """Return ``(relative path, mtime_ns, size)`` of every visible file under ``folder``.

    The key changes when a file is added, removed, replaced or edited, so a parse cached
    under it is never stale.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.txt").write_text("Kursk")
    ...     _ = (Path(tmp) / ".hidden").write_text("x")
    ...     [(name, size) for name, _, size in corpus_key(tmp)]
    [('a.txt', 5)]
    """
    root = Path(folder)
    if root.is_file():
        stat = root.stat()
        return ((root.name, stat.st_mtime_ns, stat.st_size),)
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        stat = path.stat()
        out.append((rel.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def options_of(events: gpd.GeoDataFrame) -> Options:
    """Return the filter options an events frame offers.

    Examples
    --------
    >>> frame = pd.DataFrame({"event_type": ["combat"], "doc_id": ["a"], "doc_title": ["A"],
    ...                       "place_role": [""], "start": ["2024-06-01"], "end": ["2024-06-30"]})
    >>> o = options_of(frame)
    >>> o.first, o.last, o.roles
    (datetime.date(2024, 6, 1), datetime.date(2024, 6, 30), ('(no place)',))
    """
    starts = [d for d in (parse_day(v, source="start") for v in events["start"]) if d]
    ends = [d for d in (parse_day(v, source="end") for v in events["end"]) if d]
    first = min(starts or ends, default=None)
    last = max(ends or starts, default=None)
    titles = dict(zip(events["doc_id"].astype(str), events["doc_title"].astype(str), strict=True))
    return Options(
        first=first,
        last=last,
        event_types=tuple(sorted(set(events["event_type"].astype(str)))),
        doc_ids=tuple(sorted(titles)),
        roles=tuple(sorted({_role(r) for r in events["place_role"]})),
        doc_titles=titles,
    )


def date_range(
    since: dt.date | None, until: dt.date | None, options: Options
) -> tuple[dt.date | None, dt.date | None]:
    """Return the range to filter by: ``(None, None)`` when it covers the corpus's whole span.

    A range equal to (or wider than) the span of the dated events keeps everything,
    undated events included; a narrower one hides them.

    Examples
    --------
    >>> d = dt.date
    >>> o = Options(d(2024, 6, 1), d(2025, 10, 31), (), (), (), {})
    >>> date_range(d(2024, 6, 1), d(2025, 10, 31), o)
    (None, None)
    >>> date_range(d(2025, 1, 1), d(2025, 10, 31), o)
    (datetime.date(2025, 1, 1), None)
    """
    first = None if since is None or options.first is None or since <= options.first else since
    last = None if until is None or options.last is None or until >= options.last else until
    return first, last


def corpus_of(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    flows: gpd.GeoDataFrame,
    *,
    tolerance: float = 0.0,
) -> Corpus:
    """Validate a parse's frames once and prepare what every rerun filters.

    ``tolerance`` simplifies the live map's areas (degrees; ``0`` keeps them).
    """
    places, events, flows = select(places, events, flows)
    live = simplify_areas(places, tolerance) if tolerance > 0 else places
    return Corpus(places, events, flows, live, options_of(events))


def apply_choices(corpus: Corpus, choices: Choices) -> View:
    """Return the view of ``corpus`` under ``choices``: one selection per frame.

    Events are kept when they pass every filter (type, document, role, confidence, and
    the date range by :func:`layers.dates.range_mask`). Flows follow their event. A
    place with events stays only when one of them is kept; a place without events (a
    mere mention) stays when it comes from a chosen document.
    """
    events, flows, places = corpus.events, corpus.flows, corpus.places
    keep = np.ones(len(events), dtype=bool)
    if choices.event_types is not None:
        keep &= events["event_type"].astype(str).isin(choices.event_types).to_numpy()
    if choices.doc_ids is not None:
        keep &= events["doc_id"].astype(str).isin(choices.doc_ids).to_numpy()
    if choices.roles is not None:
        keep &= events["place_role"].map(_role).isin(choices.roles).to_numpy()
    if choices.min_confidence > 0:
        confidence = pd.to_numeric(events["confidence"], errors="coerce").fillna(0.0)
        keep &= (confidence >= choices.min_confidence).to_numpy()
    undated = (events["start"].map(_missing) & events["end"].map(_missing)).to_numpy()
    in_range = range_mask(
        events,
        since=choices.since,
        until=choices.until,
        include_undated=True if choices.include_undated else None,
    )
    kept = events.loc[keep & in_range]
    ids = events["event_id"].astype(str).to_numpy()
    undated_shown = len(set(ids[keep & in_range & undated]))
    undated_hidden = len(set(ids[keep & undated]) - set(ids[keep & in_range & undated]))
    event_ids = set(ids[keep & in_range])
    kept_flows = flows.loc[flows["event_id"].astype(str).isin(event_ids).to_numpy()]
    place_keep = places_with_events(places, events, kept)
    if choices.doc_ids is not None:
        place_ids = places["place_id"].astype(str)
        mention_only = ~place_ids.isin(set(events["place_id"].astype(str))).to_numpy()
        chosen = places["doc_ids"].map(lambda v: _any_of(v, choices.doc_ids)).to_numpy(bool)
        place_keep = place_keep & (~mention_only | chosen)
    placeless = kept["place_id"].map(_missing).to_numpy() | kept.geometry.isna().to_numpy()
    mapped = set(kept.loc[~placeless, "event_id"].astype(str))
    return View(
        places=places.loc[place_keep],
        events=kept,
        flows=kept_flows,
        live_places=corpus.live_places.loc[place_keep],
        shown=len(event_ids),
        total=len(set(ids)),
        undated_shown=undated_shown,
        undated_hidden=undated_hidden,
        unmapped=len(event_ids - mapped),
        choices=choices,
    )


def events_table(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the events as a plain table for display: text columns, by date (undated last).

    Examples
    --------
    >>> frame = pd.DataFrame({c: ["x"] for c in TABLE_COLUMNS} | {"start": [None]})
    >>> list(events_table(frame).columns) == list(TABLE_COLUMNS)
    True
    """
    table = pd.DataFrame(events[list(TABLE_COLUMNS)]).copy()
    table["undated"] = table["start"].map(_missing) & table["end"].map(_missing)
    table = table.sort_values(["undated", "start", "event_id"], na_position="last", kind="stable")
    return table.drop(columns="undated").reset_index(drop=True)


def timeline(events: gpd.GeoDataFrame, *, until: dt.date | None = None) -> pd.DataFrame:
    """Return one bar per dated event: its interval, type and how precisely it is dated.

    Columns: ``event_id``, ``event_type``, ``label`` (the type's name), ``date_label``,
    ``date_precision``, ``start``, ``end`` (Timestamps; ``end`` is the day after the
    last, so a one-day event has a visible width). An open start is drawn from its end,
    an open end ("since ...") up to ``until`` (by default the latest day in the frame).
    Undated events are left out.

    Examples
    --------
    >>> frame = pd.DataFrame({"event_id": ["a", "a", "b", "c"], "event_type": ["combat"] * 4,
    ...                       "date_label": ["2024", "2024", "since Jun 2024", ""],
    ...                       "date_precision": ["year", "year", "month", "none"],
    ...                       "start": ["2024-01-01", "2024-01-01", "2024-06-01", None],
    ...                       "end": ["2024-12-31", "2024-12-31", None, None]})
    >>> [(r["event_id"], str(r["start"].date()), str(r["end"].date()))
    ...  for r in timeline(frame).to_dict("records")]
    [('a', '2024-01-01', '2025-01-01'), ('b', '2024-06-01', '2025-01-01')]
    """
    columns = ["event_id", "event_type", "date_label", "date_precision", "start", "end"]
    rows = pd.DataFrame(events[[c for c in columns if c in events.columns]])
    rows = rows.drop_duplicates("event_id")
    start = pd.to_datetime(rows["start"], errors="coerce", format="%Y-%m-%d")
    end = pd.to_datetime(rows["end"], errors="coerce", format="%Y-%m-%d")
    last = pd.Timestamp(until) if until is not None else max(start.max(), end.max())
    start, end = start.fillna(end), end.fillna(last)
    out = rows.assign(start=start, end=end + pd.Timedelta(days=1))
    out = out.loc[start.notna().to_numpy()].reset_index(drop=True)
    out["label"] = out["event_type"].map(
        lambda t: EVENT_SYMBOLS.get(t, EVENT_SYMBOLS["other"]).label
    )
    return out


def type_colors() -> tuple[list[str], list[str]]:
    """Return the event types' labels and colours, as the map and legend draw them.

    Examples
    --------
    >>> labels, colors = type_colors()
    >>> len(labels) == len(colors) and colors[labels.index("Deployment")] == "#c0392b"
    True
    """
    symbols = [EVENT_SYMBOLS[key] for key in EVENT_SYMBOLS]
    return [s.label for s in symbols], [s.color for s in symbols]


def simplify_areas(places: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Return a copy of ``places`` whose area and border geometries are simplified.

    Points are left alone. The live map draws countries and regions from these copies
    (a fraction of the page size); downloads keep the full geometries.

    Examples
    --------
    >>> from shapely import Point
    >>> frame = gpd.GeoDataFrame(geometry=[Point(0, 0).buffer(1, 64), Point(1, 1)], crs=4326)
    >>> circle, point = simplify_areas(frame, 0.1).geometry
    >>> len(circle.exterior.coords) < len(frame.geometry[0].exterior.coords), point == Point(1, 1)
    (True, True)
    """
    out = places.copy()
    areas = out.geometry.notna() & ~out.geometry.geom_type.isin(["Point", "MultiPoint"])
    if areas.any():
        out.loc[areas, out.geometry.name] = out.geometry[areas].simplify(
            tolerance, preserve_topology=True
        )
    return out


def summary_line(view: View) -> str:
    """Return "N of M events shown", with the undated, hidden and unmappable ones.

    Examples
    --------
    >>> import geopandas as gpd
    >>> empty = gpd.GeoDataFrame()
    >>> summary_line(View(empty, empty, empty, empty, 3, 29, 0, 20, 0, Choices()))
    '3 of 29 events shown (20 undated events hidden by the date range)'
    >>> summary_line(View(empty, empty, empty, empty, 1, 1, 1, 0, 1, Choices()))
    '1 of 1 event shown (1 undated event kept; 1 without a place, in the table only)'
    """
    notes = []
    if view.undated_shown:
        notes.append(f"{_count(view.undated_shown, 'undated event')} kept")
    if view.undated_hidden:
        notes.append(f"{_count(view.undated_hidden, 'undated event')} hidden by the date range")
    if view.unmapped:
        notes.append(f"{view.unmapped} without a place, in the table only")
    extra = f" ({'; '.join(notes)})" if notes else ""
    return f"{view.shown} of {_count(view.total, 'event')} shown{extra}"


def _count(n: int, noun: str) -> str:
    """Return ``"1 event"``, ``"2 events"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _role(value: Any) -> str:
    return NO_PLACE if _missing(value) else str(value)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def _any_of(joined: Any, wanted: Iterable[str]) -> bool:
    if _missing(joined):
        return False
    return bool(set(str(joined).split(";")) & set(wanted))
