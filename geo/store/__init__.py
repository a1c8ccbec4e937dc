"""A parsed corpus as a partitioned GeoParquet dataset, written by workers, read by date slice.

Layout of a dataset (a folder, or an fsspec URL such as ``s3://bucket/out``; written by
``python -m geo parse --engine dask``)::

    _newsmap_dataset.json                      what this is, and the partitioning of the corpus
    events/month=2025-10/part-<pid>-<hash>.parquet   events whose start is in that month
    events/month=undated/part-<pid>-<hash>.parquet   events with no start
    places/part-<pid>-<hash>.parquet
    flows/part-<pid>-<hash>.parquet
    places/merged/<generation>/cell-<row>-<col>.parquet   places merged across partitions
    _done/<pid>.json                           the partition is complete: its marker
    _catalog.json                              every marker and the merged places in one file

Every ``.parquet`` file is GeoParquet 1.1 written by geopandas (WKB ``geometry``,
EPSG:4326, a covering ``bbox`` column) with the columns of :mod:`geo.frames.schema` and one
type per column (:mod:`geo.store.parquet`): ISO date strings ``"YYYY-MM-DD"`` (or null)
for ``start``/``end``, the same strings as the frames.

Who writes what
    Each partition's files are written by the worker that parsed it, under a temporary
    name then renamed (or in one upload on object storage); ``<hash>`` is the start of
    the SHA-256 of the partition's input bytes. The worker returns its marker (files,
    rows, date spans, area cells, article ids, problems); the driver writes it to
    ``_done`` — the commit — and **only files listed by a marker are read**: a run killed
    half-way, or a worker killed in the middle of a file, leaves nothing visible, and a
    rerun never duplicates rows.

Reading never loads the whole set. :func:`geo.store.read.read_events` picks files from the
markers (each records the first start and last end of each file, so months that cannot
overlap the range are never opened), then geopandas filters rows with pyarrow's predicate
pushdown — the rule of :func:`geo.time.timex.overlaps`, written as an expression — and
``bbox=``. Places come from the merged files (:mod:`geo.store.merge`).

Where the parts live
    :mod:`geo.store.plan` listing a corpus and cutting it into partitions;
    :mod:`geo.store.task` what a worker does with one; :mod:`geo.store.write` its files;
    :mod:`geo.store.merge` places merged by area blocks; :mod:`geo.store.catalog` the
    header, markers and catalog; :mod:`geo.store.read` reading a slice;
    :mod:`geo.store.storage` local folders and fsspec URLs; :mod:`geo.store.distributed`
    the driver.
"""

from geo.store.read import read_dataset

__all__ = ["read_dataset"]
