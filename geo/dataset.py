"""A parsed corpus as partitioned GeoParquet datasets: write one partition, read a date slice.

Layout of a dataset folder (written by :func:`write_partition`, one input partition at a
time, by ``python -m geo parse --engine dask``)::

    DIR/_newsmap_dataset.json                  what this is, and the partitioning of the corpus
    DIR/events/month=2025-10/part-<pid>.parquet   events whose start is in that month
    DIR/events/month=undated/part-<pid>.parquet   events with no start
    DIR/places/part-<pid>.parquet
    DIR/flows/part-<pid>.parquet
    DIR/_done/<pid>.json                       the partition is complete: its articles and files
    DIR/_catalog.json                          every marker in one file (rewritten after a run)

Every ``.parquet`` file is GeoParquet 1.1 (WKB ``geometry``, EPSG:4326) with the columns
of :mod:`geo.schema` and declared types: floats for ``lat``/``lon``/``quantity``, ISO date
strings ``"YYYY-MM-DD"`` (or null) for ``start``/``end`` — the same strings as the frames.
A partition writes one file per month it touches. Files are written under a temporary
name and renamed; the ``_done`` marker is written last, so **only partitions with a marker
are read**: a run killed half-way leaves nothing visible, and rewriting a partition
replaces its files, so a rerun never duplicates rows.

Reading never loads the whole set. :func:`read_events` picks files from the markers (each
records the first start and last end of each file, so it skips months that cannot
overlap the range without opening them), then filters rows with pyarrow's predicate
pushdown. The overlap rule is the app's (:mod:`layers.dates`): ``start <= until`` and
``end >= since``, a missing start or end being open; undated events are kept only when
no range is given (or ``include_undated=True``).

Places across partitions: the same place can appear in several partitions.
:func:`read_places` merges the rows by ``place_id``: ``mention_count`` is summed,
``roles`` and ``doc_ids`` are united, ``mentions`` are concatenated in corpus order, and
the other fields come from the row with the best ``score`` (the first in corpus order on
a tie) — the same frame the single-process run builds.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from geo.errors import BadInputError
from geo.schema import CRS, EVENT_COLUMNS, FLOW_COLUMNS, PLACE_COLUMNS, ROLES
from geo.writers import atomic_write

__all__ = [
    "DatasetFrames",
    "done_partitions",
    "HEADER",
    "event_files",
    "is_dataset",
    "open_dataset",
    "read_catalog",
    "read_dataset",
    "read_events",
    "read_flows",
    "read_marker",
    "read_places",
    "write_catalog",
    "write_partition",
]

HEADER = "_newsmap_dataset.json"
DONE = "_done"
CATALOG = "_catalog.json"
UNDATED = "undated"
FORMAT = "newsmap-dataset"
VERSION = 1

_FLOATS = {"uncertainty_km", "score", "lat", "lon", "quantity", "confidence"}
_INTS = {"geonameid", "mention_count", "sentence_start", "sentence_end", "place_start", "place_end"}
_BOOLS = {"reference_inferred"}
_GEOM_TYPES = ("Point", "LineString", "LineString", "Polygon", "MultiPoint", "MultiLineString",
               "MultiPolygon", "GeometryCollection")  # fmt: skip


@dataclass(frozen=True)
class DatasetFrames:
    """The three frames read from a dataset, like :class:`geo.pipeline.ParseResult`'s."""

    places: object
    events: object
    flows: object


def _schema(columns):
    import pyarrow as pa

    def kind(name):
        if name in _FLOATS:
            return pa.float64()
        if name in _INTS:
            return pa.int64()
        if name in _BOOLS:
            return pa.bool_()
        return pa.binary() if name == "geometry" else pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in columns])


@lru_cache(maxsize=1)
def _crs_json() -> dict:
    from pyproj import CRS as ProjCRS

    return ProjCRS.from_user_input(CRS).to_json_dict()


def _to_arrow(frame, columns):
    """Return ``frame`` as an Arrow table with the declared types and GeoParquet metadata."""
    import pandas as pd
    import pyarrow as pa
    import shapely

    schema = _schema(columns)
    plain = pd.DataFrame(frame.drop(columns="geometry"))
    arrays = [pa.array(plain[f.name], type=f.type, from_pandas=True) for f in list(schema)[:-1]]
    geoms = frame.geometry.values
    arrays.append(pa.array(shapely.to_wkb(geoms), type=pa.binary()))
    present = geoms[~shapely.is_missing(geoms)]
    type_ids = shapely.get_type_id(present)
    geo = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": sorted({_GEOM_TYPES[t] for t in set(type_ids.tolist())}),
                "crs": _crs_json(),
                **({"bbox": list(shapely.total_bounds(present))} if len(present) else {}),
            }
        },
    }  # fmt: skip
    return pa.Table.from_arrays(arrays, schema=schema.with_metadata({"geo": json.dumps(geo)}))


def _month(start) -> str:
    return start[:7] if isinstance(start, str) and start else UNDATED


def _span(table) -> dict:
    """Return what a reader needs to skip a file of events or flows without opening it."""
    import pyarrow.compute as pc

    start, end = table["start"], table["end"]
    undated = pc.and_(pc.is_null(start), pc.is_null(end))
    return {
        "rows": table.num_rows,
        "undated": int(pc.sum(undated).as_py() or 0),
        "min_start": pc.min(start).as_py(),
        "null_start": start.null_count > 0,
        "max_end": pc.max(end).as_py(),
        "null_end": end.null_count > 0,
    }


def _write_table(path: Path, table) -> None:
    import pyarrow.parquet as pq

    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def open_dataset(out: str | os.PathLike, *, partitioning: dict) -> Path:
    """Create the dataset folder, or check that an existing one was partitioned the same way.

    ``partitioning`` (the corpus and the batch size) is recorded in the header; a rerun
    with another partitioning would pair the ``_done`` markers with other articles.

    Raises
    ------
    BadInputError
        If ``out`` holds a dataset partitioned differently, or something else.
    """
    root = Path(out)
    header = root / HEADER
    wanted = {"format": FORMAT, "version": VERSION, "partitioning": partitioning}
    if header.is_file():
        found = json.loads(header.read_text(encoding="utf-8"))
        if found != wanted:
            raise BadInputError(
                os.fspath(out),
                f"holds a dataset made with {found.get('partitioning')}, not {partitioning}; "
                "resume with the same corpus and batch size, or choose another --out",
            )
        return root
    if root.is_dir() and any(root.iterdir()):
        raise BadInputError(os.fspath(out), "is not empty and not a Newsmap dataset")
    text = json.dumps(wanted, indent=1)
    atomic_write(header, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return root


def write_partition(
    out: str | os.PathLike, pid: str, frames, *, doc_ids, sources, problems=()
) -> dict:
    """Write one partition's frames and then its ``_done`` marker; return the marker.

    Parameters
    ----------
    out : path-like
        The dataset folder (created if needed).
    pid : str
        The partition id: a file-name-safe string, in corpus order when sorted.
    frames : object
        With ``places``, ``events`` and ``flows`` GeoDataFrames (:mod:`geo.frames`).
    doc_ids, sources : sequence of str
        The partition's articles and where they come from (recorded in the marker).
    problems : sequence of str
        Problems met while parsing the partition (recorded in the marker).
    """
    root = Path(out)
    for stale in (*root.glob(f"events/month=*/part-{pid}.parquet"),
                  *root.glob(f"*/part-{pid}.parquet")):  # fmt: skip
        stale.unlink()
    files = []
    events = _to_arrow(frames.events, EVENT_COLUMNS)
    months = [_month(s) for s in events["start"].to_pylist()]
    for month in sorted(set(months)):
        import pyarrow as pa

        part = events.filter(pa.array([m == month for m in months]))
        rel = f"events/month={month}/part-{pid}.parquet"
        _write_table(root / rel, part)
        files.append({"kind": "events", "path": rel, "month": month, **_span(part)})
    for kind, columns in (("places", PLACE_COLUMNS), ("flows", FLOW_COLUMNS)):
        frame = getattr(frames, kind)
        if len(frame):
            table = _to_arrow(frame, columns)
            rel = f"{kind}/part-{pid}.parquet"
            _write_table(root / rel, table)
            span = _span(table) if kind == "flows" else {"rows": table.num_rows}
            files.append({"kind": kind, "path": rel, **span})
    marker = {"partition": pid, "doc_ids": list(doc_ids), "sources": list(sources),
              "problems": list(problems), "files": files}  # fmt: skip
    text = json.dumps(marker, ensure_ascii=False)
    atomic_write(root / DONE / f"{pid}.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return marker


def done_partitions(dataset: str | os.PathLike) -> list[str]:
    """Return the ids of the complete partitions, sorted (corpus order)."""
    folder = Path(dataset) / DONE
    if not folder.is_dir():
        return []
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")
                  and not p.name.startswith("."))  # fmt: skip


def read_marker(dataset: str | os.PathLike, pid: str) -> dict:
    """Return the ``_done`` marker of one partition."""
    return json.loads((Path(dataset) / DONE / f"{pid}.json").read_text(encoding="utf-8"))


def write_catalog(dataset: str | os.PathLike) -> Path:
    """Gather every ``_done`` marker into ``_catalog.json`` (readers then open one file)."""
    root = Path(dataset)
    markers = [read_marker(root, pid) for pid in done_partitions(root)]
    text = json.dumps({"partitions": markers}, ensure_ascii=False)
    return atomic_write(root / CATALOG, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def is_dataset(path: str | os.PathLike) -> bool:
    """Tell whether ``path`` is a dataset folder written by :func:`write_partition`."""
    return (Path(path) / HEADER).is_file()


def read_catalog(dataset: str | os.PathLike) -> list[dict]:
    """Return the markers of the complete partitions, in corpus order.

    Uses ``_catalog.json`` when it lists exactly the partitions marked done, else reads
    the markers one by one.

    Raises
    ------
    BadInputError
        If ``dataset`` is not a Newsmap dataset folder.
    """
    root = Path(dataset)
    if not is_dataset(root):
        raise BadInputError(os.fspath(dataset), f"is not a Newsmap dataset (no {HEADER})")
    done = done_partitions(root)
    catalog = root / CATALOG
    if catalog.is_file():
        markers = json.loads(catalog.read_text(encoding="utf-8"))["partitions"]
        if [m["partition"] for m in markers] == done:
            return markers
    return [read_marker(root, pid) for pid in done]


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


def _read(files, columns, row_filter=None):
    """Read ``files`` with declared types into a GeoDataFrame with ``columns``."""
    import geopandas
    import pyarrow as pa
    import pyarrow.dataset as ds

    schema = _schema(columns)
    if files:
        source = ds.dataset([os.fspath(f) for f in files], schema=schema, format="parquet")
        table = source.to_table(filter=row_filter)
    else:
        table = schema.empty_table()
    frame = table.drop_columns(["geometry"]).to_pandas(types_mapper={pa.int64(): None}.get)
    if "geonameid" in frame:
        frame["geonameid"] = frame["geonameid"].astype("Int64")
    geometry = geopandas.GeoSeries.from_wkb(table["geometry"].to_numpy(zero_copy_only=False),
                                            crs=CRS)  # fmt: skip
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs=CRS)[list(columns)]


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
        Columns :data:`geo.schema.EVENT_COLUMNS`, in corpus order.

    Examples
    --------
    >>> read_events("out/", since="2025-10-01", until="2025-10-31")  # doctest: +SKIP
    """
    files = event_files(dataset, since=since, until=until, include_undated=include_undated)
    since, until = _range(since, until)
    return _read(files, EVENT_COLUMNS, _overlap_filter(since, until, include_undated))


def read_flows(dataset, *, since=None, until=None, include_undated=None):
    """Return the flows that overlap ``[since, until]`` (same rule as :func:`read_events`)."""
    root = Path(dataset)
    first, last = _range(since, until)
    files = [root / f["path"] for f in _files(read_catalog(root), "flows")
             if _may_overlap(f, first, last, include_undated)]  # fmt: skip
    return _read(files, FLOW_COLUMNS, _overlap_filter(first, last, include_undated))


def _merge_places(frame):
    """Merge the rows of each place_id (see the module docstring)."""
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
        Columns :data:`geo.schema.PLACE_COLUMNS`, sorted by ``place_id``.
    """
    root = Path(dataset)
    files = [root / f["path"] for f in _files(read_catalog(root), "places")]
    return _merge_places(_read(files, PLACE_COLUMNS))


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
