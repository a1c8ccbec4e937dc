"""Read a dataset: the events and flows of a date range, and the places merged by ``place_id``.

Files are picked from the ``_done`` markers (files that cannot overlap the range are never
opened), then geopandas reads them with the rows filtered by pyarrow's predicate pushdown
(and ``bbox=``, on the files' covering ``bbox`` column). The row filter is
:func:`geo.time.timex.overlaps` written as a pyarrow expression (a test checks both on
the same cases). The merging of places is described in :mod:`geo.store.merge`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.errors import BadInputError
from geo.frames.schema import EVENT_COLUMNS, FLOW_COLUMNS, PLACE_COLUMNS
from geo.store.catalog import read_catalog
from geo.store.merge import generation, merge_places
from geo.store.parquet import read_geoparquet
from geo.store.storage import Storage


@dataclass(frozen=True)
class DatasetFrames:
    """The three frames read from a dataset, like :class:`geo.pipeline.ParseResult`'s."""

    places: object
    events: object
    flows: object


def _files(markers, kind: str) -> list[dict]:
    return [f for m in markers for f in m["files"] if f["kind"] == kind]


def _keep_undated(since, until, include_undated) -> bool:
    return (since is None and until is None) if include_undated is None else include_undated


def _may_overlap(info: dict, since, until, include_undated) -> bool:
    """Tell whether a file may hold a row that overlaps the range (never a false no)."""
    if info["undated"] and _keep_undated(since, until, include_undated):
        return True
    if info["undated"] == info["rows"]:
        return False
    starts_ok = until is None or info["null_start"] or info["min_start"] <= until
    ends_ok = since is None or info["null_end"] or info["max_end"] >= since
    return starts_ok and ends_ok


def _day(value, name: str) -> str | None:
    """Return a day as an ISO string (the files' format), or None."""
    if value is None or value == "":
        return None
    try:
        text = str(value)[:10] if isinstance(value, date) else value
        return date.fromisoformat(text).isoformat()
    except (TypeError, ValueError):
        raise BadInputError(name, f"{value!r} is not an ISO day YYYY-MM-DD") from None


def _range(since, until) -> tuple[str | None, str | None]:
    first, last = _day(since, "since"), _day(until, "until")
    if first and last and first > last:
        raise BadInputError("date range", f"since {first} is after until {last}")
    return first, last


def _picked(storage, kind: str, since, until, include_undated) -> list[str]:
    markers, _ = read_catalog(storage)
    return [f["path"] for f in _files(markers, kind)
            if _may_overlap(f, since, until, include_undated)]  # fmt: skip


def event_files(dataset, *, since=None, until=None, include_undated=None) -> list[str]:
    """Return the event files (relative paths) a read of ``[since, until]`` opens, in order."""
    since, until = _range(since, until)
    return _picked(Storage.of(dataset), "events", since, until, include_undated)


def overlap_filter(since, until, include_undated=None):
    """Return :func:`geo.time.timex.overlaps` of ``[since, until]`` as a pyarrow expression.

    An interval with a start and an end overlaps when ``start <= until`` and
    ``end >= since`` (a missing side is open); an undated row (no start, no end) is kept
    only when no range is given, unless ``include_undated`` says otherwise.
    """
    import pyarrow.compute as pc

    start, end = pc.field("start"), pc.field("end")
    undated = start.is_null() & end.is_null()
    dated = ~undated
    if until is not None:
        dated = dated & (start.is_null() | (start <= until))
    if since is not None:
        dated = dated & (end.is_null() | (end >= since))
    return (dated | undated) if _keep_undated(since, until, include_undated) else dated


def read_events(dataset, *, since=None, until=None, include_undated=None, bbox=None):
    """Return the events that overlap ``[since, until]``, reading only the files that may.

    Parameters
    ----------
    dataset : str or path-like
        A dataset folder or fsspec URL.
    since, until : str or datetime.date, optional
        The range (inclusive ISO days); ``None`` is open.
    include_undated : bool, optional
        Keep events with no date; default: only when no range is given.
    bbox : tuple of float, optional
        ``(minx, miny, maxx, maxy)`` in degrees: only events located in that box.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geo.frames.schema.EVENT_COLUMNS`, in corpus order.

    Examples
    --------
    >>> read_events("out/", since="2025-10-01", until="2025-10-31")  # doctest: +SKIP
    """
    return _read_dated(dataset, "events", EVENT_COLUMNS, since, until, include_undated, bbox)


def read_flows(dataset, *, since=None, until=None, include_undated=None, bbox=None):
    """Return the flows that overlap ``[since, until]`` (same rule as :func:`read_events`)."""
    return _read_dated(dataset, "flows", FLOW_COLUMNS, since, until, include_undated, bbox)


def _read_dated(dataset, kind, columns, since, until, include_undated, bbox):
    storage = Storage.of(dataset)
    since, until = _range(since, until)
    rels = _picked(storage, kind, since, until, include_undated)
    row_filter = overlap_filter(since, until, include_undated)
    return read_geoparquet(storage, rels, columns, filters=row_filter, bbox=bbox)


def read_places(dataset):
    """Return every place, rows of the same place in several partitions merged.

    Reads the merged files the last run wrote (:mod:`geo.store.merge`) when they match
    the partitions marked done; else merges the partitions' rows here.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geo.frames.schema.PLACE_COLUMNS`, sorted by ``place_id``.
    """
    storage = Storage.of(dataset)
    markers, merged = read_catalog(storage)
    if merged is not None and merged["generation"] == generation(markers):
        frame = read_geoparquet(storage, [f["path"] for f in merged["files"]], PLACE_COLUMNS)
        return frame.sort_values("place_id", kind="stable").reset_index(drop=True)
    rels = [f["path"] for f in _files(markers, "places")]
    return merge_places(read_geoparquet(storage, rels, PLACE_COLUMNS))


def read_dataset(dataset, *, since=None, until=None, include_undated=None) -> DatasetFrames:
    """Return places, the events and flows of ``[since, until]`` of a dataset.

    This is what the app and ``python -m layers export --input DATASET`` call: the same
    three frames as :func:`geo.pipeline.parse_corpus`, for a slice of dates. Places are
    not cut by date.

    Examples
    --------
    >>> frames = read_dataset("out/", since="2025-10-01")  # doctest: +SKIP
    >>> frames.events["start"].min() >= "2025-10-01"  # doctest: +SKIP
    """
    options = {"since": since, "until": until, "include_undated": include_undated}
    return DatasetFrames(
        places=read_places(dataset),
        events=read_events(dataset, **options),
        flows=read_flows(dataset, **options),
    )
