"""Merging across partitions after the map step, block by block, on the workers.

The same place can be named in many partitions. Its rows are merged by ``place_id``
(:func:`merge_places`): ``mention_count`` summed, ``roles`` and ``doc_ids`` united,
``mentions`` concatenated in corpus order, the other fields from the row with the best
``score`` (the first in corpus order on a tie) — the frame the single-process run builds.

No step gathers every row in one place. The world is cut into area cells of
:data:`CELL_DEGREES` degrees (by a place's ``lat``/``lon``, which is the same in every
partition); each places file records the cells it touches, and one task per cell
(:func:`merge_block`) reads only the files touching it, with a pushed-down filter on
``lat``/``lon``, merges, and writes one file. The driver only routes file names.

Incidents (events grouped across articles, :mod:`geo.events`) merge the same way, by
area-and-month blocks: events files are already one a month and can record their cells
as places files do; a block task reads the events files of one month filtered to one
cell, groups them, and writes that block's incidents. That step plugs in beside
:func:`merge_block` in :func:`geo.store.distributed.merge_after_map`.
"""

from __future__ import annotations

import hashlib
import math

from geo.frames.schema import PLACE_COLUMNS, ROLES
from geo.store.parquet import read_geoparquet, to_geoparquet

CELL_DEGREES = 10
NOWHERE = "none"  # the cell of a place without coordinates


def cell_of(lat, lon) -> str:
    """Return the area cell of a point (``"row-col"``), or :data:`NOWHERE`.

    Examples
    --------
    >>> cell_of(51.7, 36.2), cell_of(-90.0, 180.0), cell_of(float("nan"), 1.0)
    ('14-21', '0-35', 'none')
    """
    if lat is None or lon is None or math.isnan(lat) or math.isnan(lon):
        return NOWHERE
    rows, cols = 180 // CELL_DEGREES, 360 // CELL_DEGREES
    row = min(max(int((lat + 90) // CELL_DEGREES), 0), rows - 1)
    col = min(max(int((lon + 180) // CELL_DEGREES), 0), cols - 1)
    return f"{row}-{col}"


def cells_of(frame) -> list[str]:
    """Return the sorted cells a frame's rows fall in."""
    return sorted({cell_of(lat, lon) for lat, lon in zip(frame["lat"], frame["lon"], strict=True)})


def _cell_filter(cell: str):
    """Return a filter that keeps at least the rows of ``cell`` (pushed down to the files)."""
    import pyarrow.compute as pc

    lat, lon = pc.field("lat"), pc.field("lon")
    if cell == NOWHERE:
        return lat.is_null(nan_is_null=True) | lon.is_null(nan_is_null=True)
    row, col = (int(n) for n in cell.split("-"))
    south, west = row * CELL_DEGREES - 90, col * CELL_DEGREES - 180
    return ((lat >= south) & (lat <= south + CELL_DEGREES)
            & (lon >= west) & (lon <= west + CELL_DEGREES))  # fmt: skip


def merge_places(frame):
    """Merge the rows of each ``place_id`` (rows in corpus order); sorted by ``place_id``."""
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


def generation(markers) -> str:
    """Return a name for the set of partitions merged: their ids and hashes, hashed."""
    digest = hashlib.sha256()
    for marker in markers:
        digest.update(f"{marker['partition']}\0{marker['sha256']}\n".encode())
    return digest.hexdigest()[:16]


def merge_block(out: str, cell: str, rels: list[str], *, gen: str) -> dict:
    """Merge the places of one area cell from ``rels`` (in corpus order) and write them.

    Runs on a worker. Returns the entry the catalog records: ``{"cell", "path", "rows"}``.
    """
    from geo.store.storage import Storage

    storage = Storage.at(out)
    rows = read_geoparquet(storage, rels, PLACE_COLUMNS, filters=_cell_filter(cell))
    keep = [cell_of(lat, lon) == cell for lat, lon in zip(rows["lat"], rows["lon"], strict=True)]
    merged = merge_places(rows[keep].reset_index(drop=True))
    rel = f"places/merged/{gen}/cell-{cell}.parquet"
    storage.write_bytes(rel, to_geoparquet(merged, PLACE_COLUMNS))
    return {"cell": cell, "path": rel, "rows": len(merged)}
