"""The Dask engine: the driver plans partitions; workers read, parse and write them.

>>> with open_client(workers=2) as client:  # doctest: +SKIP
...     report = parse_to_dataset("corpus/", "out/", client=client)

How a run goes
    The driver lists the corpus (names and sizes, :mod:`geo.store.plan`) and streams
    partitions — batches of article files, byte ranges of ``.jsonl`` shards — to the
    workers as addresses. Each task (:func:`geo.store.task.run_partition`) reads its
    articles through fsspec on the worker, parses them with the single-process pipeline
    (:func:`geo.pipeline.parse_articles`, then :mod:`geo.frames.build`), writes its own
    GeoParquet files to the dataset and returns only its marker. The driver commits each
    marker (``_done/<pid>.json``), and after the map step has the workers merge places by
    area blocks (:mod:`geo.store.merge`); then it writes the catalog. The driver never holds
    article text or rows; at most a few partitions per worker are in flight, so its
    memory does not grow with the corpus (only with the number of partitions, by their ids).

Where the data lives
    The corpus and the dataset must be reachable from the driver and every worker under
    the same name: a local path on a LocalCluster or a file system mounted everywhere,
    or an fsspec URL (``s3://``, ``gcs://``, ``file://``) whose package and credentials
    each machine has (:mod:`geo.store.storage`).

What each worker holds
    The gazetteer index and the spaCy model, loaded once per worker process by the
    :class:`PipelineResources` worker plugin (and by :func:`geo.store.task.worker_resources`
    on first use after a restart) — never shipped in the task graph. The index path is the
    one given to the driver, else the worker's own default (``NEWSMAP_GAZETTEER``).

Failures and reruns
    An article that fails is reported by name and the rest of its partition is written. A
    partition whose task raises is reported by id and by its files; the others complete.
    A worker that dies is restarted by its nanny and Dask re-runs its tasks. A rerun
    resubmits done partitions with their recorded hash: a worker rereads the bytes, and
    only a partition whose articles changed is parsed again (its new files replace the
    old when its marker is committed). Markers of partitions the corpus no longer has are
    removed with their files, so rows are never duplicated.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from distributed.diagnostics.plugin import WorkerPlugin

from geo.corpus.model import Document, Problem
from geo.corpus.uploads import DEFAULT_MAX_BYTES
from geo.errors import BadInputError, NewsmapError
from geo.nlp.analysis import MODEL
from geo.store.catalog import (
    CATALOG,
    done_partitions,
    merged_places,
    open_dataset,
    read_marker,
    read_markers,
    remove_partition,
    write_catalog,
    write_marker,
)
from geo.store.merge import generation, merge_block
from geo.store.plan import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BLOCK_SIZE,
    check_sizes,
    list_corpus,
    plan_partitions,
)
from geo.store.storage import Storage
from geo.store.task import run_partition

__all__ = [
    "PipelineResources",
    "RunReport",
    "dashboard_link",
    "merge_after_map",
    "check_scheduler",
    "check_workers",
    "open_client",
    "parse_to_dataset",
]


@dataclass(frozen=True)
class RunReport:
    """The outcome of :func:`parse_to_dataset`."""

    articles: int
    done: tuple[str, ...]
    resumed: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (partition and its files, error)
    problems: tuple[Problem, ...]
    seconds: float = field(default=0.0)

    @property
    def skipped_something(self) -> bool:
        """Whether a partition failed or an input was left out."""
        return bool(self.failed) or any(p.severity == "error" for p in self.problems)

    def summary(self) -> str:
        """Return the lines ``python -m geo parse --engine dask`` prints."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        lines = [
            f"parsed {self.articles:,} articles in {len(self.done):,} partitions "
            f"({rate:.1f} articles/s); {len(self.resumed):,} partitions already done; "
            f"{len(self.failed):,} failed"
        ]
        lines += [f"  [failed] partition {name}: {error}" for name, error in self.failed]
        lines += [f"  [{'skipped' if p.severity == 'error' else 'input'}] {p}"
                  for p in self.problems]  # fmt: skip
        return "\n".join(lines)


_WARM_UP = Document("warm-up", "", "Troops arrived in Kursk on 3 May 2025.", "", "", None, "en",
                    "none")  # fmt: skip


class PipelineResources(WorkerPlugin):
    """Load the NLP model and check the gazetteer index when a worker starts.

    Registered once per run with :meth:`distributed.Client.register_plugin`; it runs on
    every worker, including workers that join or restart later.
    """

    def __init__(self, index: str | None = None, model: str = MODEL) -> None:
        self.index = index
        self.model = model
        self.name = f"newsmap-pipeline:{model}:{index or 'default index'}"

    def setup(self, worker) -> None:  # noqa: D102
        from geo.pipeline import parse_article
        from geo.store.task import worker_resources

        gazetteer, nlp = worker_resources(self.index, self.model)  # fails early, naming it
        parse_article(_WARM_UP, gazetteer=gazetteer, nlp=nlp)  # every lazy import, once


def _register(client, plugin: PipelineResources) -> None:
    """Register the plugin unless the cluster has it already (setup reloads everything)."""
    have = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.worker_plugins))
    if plugin.name not in have:
        client.register_plugin(plugin)


def _progress_bar(enabled: bool):
    from tqdm import tqdm

    return tqdm(unit=" articles", disable=not enabled, smoothing=0.1, mininterval=0.5)


def merge_after_map(
    client, storage: Storage, markers: list[dict], previous: dict | None = None
) -> dict:
    """Merge places across partitions by area blocks on the workers; return the catalog entry.

    The driver routes file names only: each places file's marker entry lists the cells it
    touches, and one task per cell reads those files filtered to the cell
    (:func:`geo.store.merge.merge_block`). The result of an earlier run is kept when the
    partitions did not change. (Incidents merge here too, by area-and-month blocks, once
    :mod:`geo.events` groups them: see :mod:`geo.store.merge`.) ``previous`` is the
    catalog entry of the last run, kept as it is when the partitions did not change.
    """
    gen = generation(markers)
    if previous is not None and previous["generation"] == gen:
        return previous
    cells: dict[str, list[str]] = {}
    for marker in markers:
        for entry in marker["files"]:
            for cell in entry.get("cells", ()) if entry["kind"] == "places" else ():
                cells.setdefault(cell, []).append(entry["path"])
    futures = [client.submit(merge_block, storage.location, cell, rels, gen=gen, pure=False)
               for cell, rels in sorted(cells.items())]  # fmt: skip
    files = client.gather(futures)
    return {"generation": gen, "files": files}


def _finish(client, storage: Storage, failed: list, previous: dict | None) -> None:
    """Merge places, write the catalog, and remove merged places of earlier runs."""
    markers = read_markers(storage)
    try:
        places = merge_after_map(client, storage, markers, previous)
    except Exception as exc:  # readers then merge places themselves
        failed.append(("places merge", f"{type(exc).__name__}: {exc}"))
        places = None
    write_catalog(storage, markers, places=places)
    for gen in storage.names("places/merged"):
        if places is None or gen != places["generation"]:
            storage.remove(f"places/merged/{gen}", recursive=True)


def parse_to_dataset(
    path,
    out,
    *,
    client,
    batch_size: int = DEFAULT_BATCH_SIZE,
    block_size: int = DEFAULT_BLOCK_SIZE,
    index: str | os.PathLike | None = None,
    model: str = MODEL,
    progress: bool = True,
    in_flight: int | None = None,
    on_partition: Callable[[str], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RunReport:
    """Parse a corpus on a Dask cluster into a partitioned GeoParquet dataset.

    Parameters
    ----------
    path : str or path-like
        A folder, an article, a ``.jsonl`` shard, or an fsspec URL of one.
    out : str or path-like
        The dataset (see :mod:`geo.store`): a folder or an fsspec URL that every worker
        reaches; an existing one is resumed.
    client : distributed.Client
        The cluster to run on (see :func:`open_client`).
    batch_size : int
        Most article files per partition.
    block_size : int
        Bytes of a ``.jsonl`` shard per partition.
    index : path-like, optional
        The gazetteer index as the workers see it; default: each worker's default path.
    model : str
        The spaCy model package.
    progress : bool
        Show a progress bar on stderr.
    in_flight : int, optional
        Most partitions submitted at once; default: twice the cluster's threads, plus one.
    on_partition : callable, optional
        Called with each partition id once it is committed (or failed).
    max_bytes : int
        Largest article file (or shard line) accepted.

    Returns
    -------
    RunReport

    Raises
    ------
    BadInputError
        If an option is invalid, ``path`` cannot be read, or ``out`` holds a dataset of
        another corpus or partitioning. Nothing is written in these cases.
    """
    from distributed import as_completed

    check_sizes(batch_size, block_size)
    listing = list_corpus(path)
    location = os.fspath(path)
    location = location if "://" in location else os.path.abspath(location)
    partitioning = {"corpus": location, "batch_size": batch_size, "block_size": block_size}
    storage = open_dataset(Storage.at(out), partitioning=partitioning)
    previous = merged_places(storage)
    storage.remove(CATALOG)  # readers use the markers until this run's catalog is written
    index = os.fspath(index) if index is not None else None
    _register(client, PipelineResources(index, model))
    (reserved,) = client.scatter([listing.stems], broadcast=True, hash=False)  # sent once
    problems: list[Problem] = []
    stream = plan_partitions(listing, batch_size=batch_size, block_size=block_size,
                             max_bytes=max_bytes, on_problem=problems.append)  # fmt: skip
    already, planned = set(done_partitions(storage)), set()
    limit = in_flight or 2 * sum(client.nthreads().values()) + 1
    pending, done, resumed, failed = {}, [], [], []
    articles = 0
    queue = as_completed()
    started = time.perf_counter()
    with _progress_bar(progress) as bar:

        def fill() -> None:
            while len(pending) < limit and (part := next(stream, None)) is not None:
                planned.add(part.pid)
                known = read_marker(storage, part.pid) if part.pid in already else None
                key = f"newsmap-parse-{part.pid}-{uuid.uuid4().hex[:8]}"
                future = client.submit(run_partition, part, storage.location, reserved=reserved,
                                       known=known, index=index, model=model,
                                       max_bytes=max_bytes, key=key, pure=False)  # fmt: skip
                pending[future] = (part, known)
                queue.add(future)

        fill()
        for future in queue:
            part, known = pending.pop(future)
            try:
                marker = future.result()
            except Exception as exc:  # a task's error, or KilledWorker
                failed.append((f"{part.pid} ({part.label})", f"{type(exc).__name__}: {exc}"))
            else:
                problems.extend(Problem(*p) for p in marker["problems"])
                if marker == known:
                    resumed.append(part.pid)
                else:
                    write_marker(storage, marker)
                    if known is not None:  # the old files, once the new marker is in place
                        for entry in known["files"]:
                            if entry["path"] not in {f["path"] for f in marker["files"]}:
                                storage.remove(entry["path"])
                    done.append(part.pid)
                    articles += marker["articles"]
                    bar.update(marker["articles"])
            future.release()
            if on_partition is not None:
                on_partition(part.pid)
            fill()
    for pid in sorted(already - planned):  # the corpus no longer has these partitions
        remove_partition(storage, read_marker(storage, pid) or {"partition": pid, "files": []})
    _finish(client, storage, failed, previous)
    return RunReport(articles, tuple(sorted(done)), tuple(resumed), tuple(sorted(failed)),
                     tuple(problems), time.perf_counter() - started)  # fmt: skip


def dashboard_link(client) -> str | None:
    """Return the cluster's dashboard address, or None when it serves none.

    The dashboard's pages need ``bokeh`` (not in requirements.txt); without it here the
    scheduler still answers on the port, with nothing to show.
    """
    import importlib.util

    services = client.scheduler_info().get("services", {})
    if "dashboard" not in services or importlib.util.find_spec("bokeh") is None:
        return None
    return client.dashboard_link


def check_workers(workers) -> None:
    """Refuse a number of local workers that is not a positive whole number."""
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 1):  # fmt: skip
        raise BadInputError("--workers", f"{workers!r} is not a positive whole number")


def check_scheduler(address: str, *, timeout: float = 5.0) -> None:
    """Refuse at once a ``tcp://HOST:PORT`` scheduler address where nothing answers.

    Raises
    ------
    NewsmapError
        One line: the address and why it cannot be reached.
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme not in ("tcp", "tls") or not parts.hostname:
        return  # another transport (inproc, ucx, ws): Client reports it
    try:
        port = parts.port or 8786
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise NewsmapError(f"no Dask scheduler answers at {address}: {reason}") from None


@contextmanager
def open_client(*, scheduler: str | None = None, workers: int | None = None):
    """Connect to ``scheduler``, or start a local cluster of ``workers`` processes.

    The local cluster has one thread per worker process (the parser is pure Python and
    holds the GIL). Its dashboard needs ``bokeh``; without it there is none. Options are
    checked, and a scheduler address tried, before anything starts.

    Yields
    ------
    distributed.Client

    Raises
    ------
    BadInputError
        If ``workers`` is not a positive number, or is given with ``scheduler``.
    NewsmapError
        If nothing answers at ``scheduler``.
    """
    import importlib.util

    from distributed import Client, LocalCluster

    if scheduler is not None and workers is not None:
        raise BadInputError("--workers", "applies to a local cluster, not with --scheduler")
    check_workers(workers)
    if scheduler is not None:
        check_scheduler(scheduler)
        try:
            client = Client(scheduler, timeout=10)
        except (OSError, TimeoutError) as exc:
            raise NewsmapError(f"no Dask scheduler answers at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    dashboard = ":8787" if importlib.util.find_spec("bokeh") else ":0"
    with (
        LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                     processes=True, dashboard_address=dashboard) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        yield client
