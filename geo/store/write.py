"""Write one partition of a dataset: one events file a month, places, flows, then its marker.

Each file is written under a temporary name and renamed; the ``_done`` marker (with the
date span of each file, so readers can skip files) is written last. The layout is
described in :mod:`geo.store`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from geo.files import atomic_write, atomic_write_text
from geo.frames.geoparquet import to_arrow
from geo.frames.schema import EVENT_COLUMNS, FLOW_COLUMNS, PLACE_COLUMNS
from geo.store.catalog import DONE

UNDATED = "undated"


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
        With ``places``, ``events`` and ``flows`` GeoDataFrames (:mod:`geo.frames.build`).
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
    events = to_arrow(frames.events, EVENT_COLUMNS)
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
            table = to_arrow(frame, columns)
            rel = f"{kind}/part-{pid}.parquet"
            _write_table(root / rel, table)
            span = _span(table) if kind == "flows" else {"rows": table.num_rows}
            files.append({"kind": kind, "path": rel, **span})
    marker = {"partition": pid, "doc_ids": list(doc_ids), "sources": list(sources),
              "problems": list(problems), "files": files}  # fmt: skip
    text = json.dumps(marker, ensure_ascii=False)
    atomic_write_text(root / DONE / f"{pid}.json", text)
    return marker
