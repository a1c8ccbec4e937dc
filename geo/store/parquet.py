"""GeoParquet files of the frames, written and read by geopandas with fixed column types.

geopandas writes the GeoParquet 1.1 metadata (WKB ``geometry``, EPSG:4326, a covering
``bbox`` column) and reads it back, with pyarrow row filters and ``bbox=`` pushed down.
What this module adds is one type per column whatever a partition holds (a column that
is empty or all null in one partition would otherwise get another Arrow type than in
the next, and a set of files would not read as one table): the columns come from the
lists of :mod:`geo.frames.schema`, so a column added there flows through unchanged.
"""

from __future__ import annotations

import io

from geo.frames.schema import CRS

#: Declared types of the schema's numeric and boolean columns; every other column is text.
FLOATS = frozenset({"uncertainty_km", "score", "lat", "lon", "quantity", "confidence"})
INTS = frozenset(
    {
        "geonameid",
        "mention_count",
        "sentence_start",
        "sentence_end",
        "place_start",
        "place_end",
        "fatalities",
        "injured",
    }
)
BOOLS = frozenset({"reference_inferred"})


def _dtype(name: str, kind: str) -> str:
    """Return the pandas dtype a column is written with (a column not declared: by its kind)."""
    if name in INTS:
        return "Int64"
    if name in BOOLS or (kind == "b" and name not in FLOATS):
        return "boolean"
    if name in FLOATS or kind in "iuf":
        return "float64"
    return "string"


def to_geoparquet(frame, columns) -> bytes:
    """Return ``frame``'s ``columns`` as GeoParquet bytes with the declared column types.

    Examples
    --------
    >>> from geo.frames.build import empty_frame
    >>> to_geoparquet(empty_frame(["doc_id", "geometry"]), ["doc_id", "geometry"])[:4]
    b'PAR1'
    """
    plain = frame[list(columns)].copy()
    for name in columns:
        if name != "geometry":
            plain[name] = plain[name].astype(_dtype(name, plain[name].dtype.kind))
    buffer = io.BytesIO()
    plain.to_parquet(buffer, index=False, compression="zstd", write_covering_bbox=True)
    return buffer.getvalue()


def read_geoparquet(storage, rels, columns, *, filters=None, bbox=None):
    """Read files of ``storage`` into one GeoDataFrame with ``columns``, in the order given.

    Parameters
    ----------
    storage : geo.store.storage.Storage
        Where the files are.
    rels : sequence of str
        The files, relative to the storage root.
    columns : sequence of str
        The frame's columns (:mod:`geo.frames.schema`).
    filters : pyarrow.compute.Expression, optional
        A row filter, pushed down to the files' statistics.
    bbox : tuple of float, optional
        ``(minx, miny, maxx, maxy)``: keep rows whose geometry's box intersects it.
    """
    import geopandas

    from geo.frames.build import empty_frame

    if not rels:
        return empty_frame(columns)
    frame = geopandas.read_parquet(
        [storage.path(rel) for rel in rels],
        columns=list(columns),
        filesystem=storage.fs,
        filters=filters,
        bbox=bbox,
        to_pandas_kwargs={"ignore_metadata": True},
    )
    if "geonameid" in frame:
        frame["geonameid"] = frame["geonameid"].astype("Int64")
    for name in BOOLS & set(frame.columns):
        frame[name] = frame[name].astype(bool)
    return frame.set_crs(CRS, allow_override=True).reset_index(drop=True)[list(columns)]
