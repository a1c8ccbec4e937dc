"""Read a dataset: the events and flows of a date range, and the places merged by ``place_id``.

Files are picked from the ``_done`` markers (files that cannot overlap the range are never
opened), then rows are filtered with pyarrow's predicate pushdown. The overlap rule and
the merging of places are described in :mod:`geo.store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.errors import BadInputError
from geo.frames.geoparquet import read_files
from geo.frames.schema import EVENT_COLUMNS, FLOW_COLUMNS, PLACE_COLUMNS, ROLES
from geo.store.catalog import read_catalog


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


def event_files(dataset, *, since=None, until=None, include_undated=None) -> list[Path]:
    """Return the event files a read of ``[since, until]`` opens, in corpus order."""
    since, until = _range(since, until)
    root = Path(dataset)
    return [root / f["path"] for f in _files(read_catalog(root), "events")
            if _may_overlap(f, since, until, include_undated)]  # fmt: skip


def _overlap_filter(since, until, include_undated):
    import pyarrow.compute as pc

    start, end = pc.field("start"), pc.field("end")
    undated = start.is_null() & end.is_null()
    dated = ~undated
    if until is not None:
        dated = dated & (start.is_null() | (start <= until))
    if since is not None:
        dated = dated & (end.is_null() | (end >= since))
    return (dated | undated) if _keep_undated(since, until, include_undated) else dated


def read_events(dataset, *, since=None, until=None, include_undated=None):
    """Return the events that overlap ``[since, until]``, reading only the files that may.

    Parameters
    ----------
    dataset : path-like
        A dataset folder.
    since, until : str or datetime.date, optional
        The range (inclusive ISO days); ``None`` is open.
    include_undated : bool, optional
        Keep events with no date; default: only when no range is given.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geo.frames.schema.EVENT_COLUMNS`, in corpus order.

    Examples
    --------
    >>> read_events("out/", since="2025-10-01", until="2025-10-31")  # doctest: +SKIP
    """
    files = event_files(dataset, since=since, until=until, include_undated=include_undated)
    since, until = _range(since, until)
    return read_files(files, EVENT_COLUMNS, _overlap_filter(since, until, include_undated))


def read_flows(dataset, *, since=None, until=None, include_undated=None):
    """Return the flows that overlap ``[since, until]`` (same rule as :func:`read_events`)."""
    root = Path(dataset)
    first, last = _range(since, until)
    files = [root / f["path"] for f in _files(read_catalog(root), "flows")
             if _may_overlap(f, first, last, include_undated)]  # fmt: skip
    return read_files(files, FLOW_COLUMNS, _overlap_filter(first, last, include_undated))


def _merge_places(frame):
    """Merge the rows of each place_id (see :mod:`geo.store`)."""
    if frame.empty:
        return frame
    groups = frame.groupby("place_id", sort=True)
    best = frame.loc[groups["score"].idxmax()].set_index("place_id", drop=False)

    def union(values, order=None):
        items = {item for value in values for item in value.split(";") if item}
        return ";".join(sorted(items, key=order))

    def concat(values):
        inner = [v[1:-1] for v in values if v != "[]"]
        return "[" + ", ".join(inner) + "]"

    best["mention_count"] = groups["mention_count"].sum()
    best["roles"] = groups["roles"].agg(lambda v: union(v, ROLES.index))
    best["doc_ids"] = groups["doc_ids"].agg(union)
    best["mentions"] = groups["mentions"].agg(concat)
    return best.reset_index(drop=True)


def read_places(dataset):
    """Return every place, rows of the same place in several partitions merged.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geo.frames.schema.PLACE_COLUMNS`, sorted by ``place_id``.
    """
    root = Path(dataset)
    files = [root / f["path"] for f in _files(read_catalog(root), "places")]
    return _merge_places(read_files(files, PLACE_COLUMNS))


def read_dataset(dataset, *, since=None, until=None, include_undated=None) -> DatasetFrames:
    """Return places, the events and flows of ``[since, until]`` of a dataset folder.

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
