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
of :mod:`geo.frames.schema` and declared types: floats for ``lat``/``lon``/``quantity``, ISO date
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

Where the parts live
    :mod:`geo.store.catalog` the header, ``_done`` markers and catalog;
    :mod:`geo.store.write` writing a partition; :mod:`geo.store.read` reading a date
    slice and merging places; :mod:`geo.frames.geoparquet` the Arrow types and GeoParquet
    metadata of the files; :mod:`geo.store.distributed` the Dask engine that writes them.
"""

from geo.store.read import read_dataset

__all__ = ["read_dataset"]
