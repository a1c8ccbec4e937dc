"""Write one partition's files (on the worker that parsed it) and describe them for its marker.

Events go to one file a month of their start, places and flows to one file each. A
file's name carries the partition id and the first characters of the partition's hash,
so a partition whose articles changed writes new files beside the old ones, and the
driver swaps the marker (the old files stay readable until then). Each entry returned
records what a reader needs to skip the file without opening it (rows, the date span;
for places the area cells, :mod:`geo.store.merge`). The layout is in :mod:`geo.store`.
"""

from __future__ import annotations

from geo.frames.schema import EVENT_COLUMNS, FLOW_COLUMNS, PLACE_COLUMNS
from geo.store.merge import cells_of
from geo.store.parquet import to_geoparquet

UNDATED = "undated"


def _month(start) -> str:
    return start[:7] if isinstance(start, str) and start else UNDATED


def _span(frame) -> dict:
    """Return the rows and date span of a frame of events or flows."""
    start, end = frame["start"], frame["end"]
    return {
        "rows": len(frame),
        "undated": int((start.isna() & end.isna()).sum()),
        "min_start": start.dropna().min() if start.notna().any() else None,
        "null_start": bool(start.isna().any()),
        "max_end": end.dropna().max() if end.notna().any() else None,
        "null_end": bool(end.isna().any()),
    }


def write_partition(storage, pid: str, frames, *, digest: str) -> list[dict]:
    """Write a partition's frames to ``storage``; return the entries of its marker's files.

    Parameters
    ----------
    storage : geo.store.storage.Storage
        The dataset's root.
    pid : str
        The partition id.
    frames : object
        With ``places``, ``events`` and ``flows`` GeoDataFrames (:mod:`geo.frames.build`).
    digest : str
        The partition's SHA-256 (hex); its first 12 characters go into the file names.
    """
    name = f"part-{pid}-{digest[:12]}.parquet"
    files = []
    events = frames.events
    months = events["start"].map(_month)
    for month in sorted(set(months)):
        part = events[months == month]
        rel = f"events/month={month}/{name}"
        storage.write_bytes(rel, to_geoparquet(part, EVENT_COLUMNS))
        files.append({"kind": "events", "path": rel, "month": month, **_span(part)})
    for kind, columns in (("places", PLACE_COLUMNS), ("flows", FLOW_COLUMNS)):
        frame = getattr(frames, kind)
        if len(frame):
            rel = f"{kind}/{name}"
            storage.write_bytes(rel, to_geoparquet(frame, columns))
            extra = _span(frame) if kind == "flows" else {"rows": len(frame),
                                                          "cells": cells_of(frame)}  # fmt: skip
            files.append({"kind": kind, "path": rel, **extra})
    return files
