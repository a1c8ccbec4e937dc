"""The Dask engine: the same per-article pipeline mapped over partitions of a corpus.

>>> with open_client(workers=2) as client:  # doctest: +SKIP
...     report = parse_to_dataset("corpus/", "out/", client=client)

How a run goes
    The driver streams the corpus (:func:`geo.corpus.read.iter_documents`) and cuts it into
    partitions of at most ``batch_size`` articles that never span two input files (a
    ``.jsonl`` shard gives one or more partitions; loose article files are batched in
    corpus order). Each partition goes to a worker as one task holding its documents;
    the worker runs :func:`geo.pipeline.parse_article` on each and reduces the results
    to the three frames with :mod:`geo.frames.build` — the functions the single-process path
    uses — because per-article results hold spaCy ``Doc`` objects that do not travel.
    The driver writes each finished partition to the dataset (:mod:`geo.store`) and
    marks it done; at most a few partitions per worker are in flight, so memory stays
    flat on any corpus size. Only the driver reads the corpus and writes the output.

What each worker holds
    The gazetteer index and the spaCy model, loaded once per worker process by the
    :class:`PipelineResources` worker plugin (and by :func:`worker_resources` on first
    use after a restart) — never shipped in the task graph. The index path is the one
    given to the driver, else the worker's own default (``NEWSMAP_GAZETTEER``).

Failures
    A partition whose task raises is reported by id and by the files it comes from; the
    others complete. A worker that dies is restarted by its nanny and Dask re-runs its
    tasks (a task that kills three workers is reported as failed). Partitions already
    marked done are skipped, so a rerun finishes an interrupted run without duplicates.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from distributed.diagnostics.plugin import WorkerPlugin

from geo.corpus.model import Document, Problem
from geo.corpus.read import iter_documents
from geo.errors import BadInputError
from geo.nlp.analysis import MODEL
from geo.store.catalog import done_partitions, open_dataset, read_marker, write_catalog
from geo.store.write import write_partition

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Partition",
    "PartitionFrames",
    "PipelineResources",
    "RunReport",
    "dashboard_link",
    "open_client",
    "parse_partition",
    "parse_to_dataset",
    "partitions",
    "worker_resources",
]

DEFAULT_BATCH_SIZE = 100
_SHARD_LINE = re.compile(r"^(.*\.jsonl):\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class Partition:
    """A batch of documents parsed by one task, with a stable id (``000003-shard-007``)."""

    pid: str
    documents: tuple[Document, ...]
    label: str  # where the articles come from, for reports


@dataclass(frozen=True)
class PartitionFrames:
    """What a worker returns for a partition: the three frames (:mod:`geo.frames.build`)."""

    places: object
    events: object
    flows: object


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


def _source_of(doc: Document) -> str:
    match = _SHARD_LINE.match(doc.path)
    return match.group(1) if match else ""


def _slug(source: str) -> str:
    stem = source.rpartition("/")[2].rpartition(".")[0] if source else "files"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "shard"


def _label(docs: list[Document]) -> str:
    source = _source_of(docs[0])
    if source:
        lines = (docs[0].path.rpartition(":")[2], docs[-1].path.rpartition(":")[2])
        return f"{source} lines {lines[0]}-{lines[1]}"
    return docs[0].path if len(docs) == 1 else f"{docs[0].path} … {docs[-1].path}"


def partitions(
    path, *, batch_size: int = DEFAULT_BATCH_SIZE, on_problem: Callable | None = None
) -> Iterator[Partition]:
    """Cut a corpus into partitions of at most ``batch_size`` documents, in corpus order.

    A partition never spans two ``.jsonl`` shards; the same corpus and batch size always
    give the same partitions (what makes a rerun resumable).

    Examples
    --------
    >>> [p.pid for p in partitions("seeds")]
    ['000000-files']
    """
    if batch_size < 1:
        raise BadInputError("batch size", f"{batch_size} is not a positive number")
    batch: list[Document] = []
    number = 0
    for doc in iter_documents(path, on_problem=on_problem):
        if batch and (len(batch) == batch_size or _source_of(doc) != _source_of(batch[0])):
            yield Partition(f"{number:06d}-{_slug(_source_of(batch[0]))}", tuple(batch),
                            _label(batch))  # fmt: skip
            number, batch = number + 1, []
        batch.append(doc)
    if batch:
        yield Partition(f"{number:06d}-{_slug(_source_of(batch[0]))}", tuple(batch), _label(batch))


_LOCAL = threading.local()
_WARM_UP = Document("warm-up", "", "Troops arrived in Kursk on 3 May 2025.", "", "", None, "en",
                    "none")  # fmt: skip


def worker_resources(index: str | None = None, model: str = MODEL):
    """Return ``(gazetteer, nlp)`` for this worker, loading them on first use only.

    The spaCy model is cached per process (:func:`geo.nlp.analysis.load_nlp`); the gazetteer's
    SQLite handle per thread (SQLite handles stay in the thread that opened them).
    """
    from geo.gazetteer.index import Gazetteer
    from geo.nlp.analysis import load_nlp

    key = (index, model)
    cached = getattr(_LOCAL, "resources", None)
    if cached is None or cached[0] != key:
        if cached is not None:
            cached[1].close()
        cached = (key, Gazetteer.open(index), load_nlp(model))
        _LOCAL.resources = cached
    return cached[1], cached[2]


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
        from geo.gazetteer.index import Gazetteer
        from geo.nlp.analysis import load_nlp
        from geo.pipeline import parse_article

        nlp = load_nlp(self.model)
        with Gazetteer.open(self.index) as gazetteer:  # fails early, naming a missing index
            parse_article(_WARM_UP, gazetteer=gazetteer, nlp=nlp)  # every lazy import, once


def _register(client, plugin: PipelineResources) -> None:
    """Register the plugin unless the cluster has it already (setup reloads everything)."""
    have = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.worker_plugins))
    if plugin.name not in have:
        client.register_plugin(plugin)


def parse_partition(
    documents: tuple[Document, ...], *, index: str | None = None, model: str = MODEL
) -> PartitionFrames:
    """Parse a partition's documents on a worker and reduce them to frames.

    Calls :func:`geo.pipeline.parse_articles` (the NLP step batched), as the
    single-process path does, then :mod:`geo.frames.build` on the results.
    """
    from geo.frames.build import events_frame, flows_frame, places_frame
    from geo.pipeline import parse_articles

    gazetteer, nlp = worker_resources(index, model)
    articles = list(parse_articles(documents, gazetteer=gazetteer, nlp=nlp))
    return PartitionFrames(places_frame(articles), events_frame(articles), flows_frame(articles))


def _check_resumed(out, part: Partition) -> None:
    recorded = read_marker(out, part.pid)["doc_ids"]
    if recorded != [d.doc_id for d in part.documents]:
        raise BadInputError(
            os.fspath(out),
            f"partition {part.pid} was done with other articles than {part.label} holds now; "
            "the corpus changed since the first run: choose another --out",
        )


def _progress_bar(enabled: bool):
    from tqdm import tqdm

    return tqdm(unit=" articles", disable=not enabled, smoothing=0.1, mininterval=0.5)


def parse_to_dataset(
    path,
    out,
    *,
    client,
    batch_size: int = DEFAULT_BATCH_SIZE,
    index: str | os.PathLike | None = None,
    model: str = MODEL,
    progress: bool = True,
    in_flight: int | None = None,
    on_partition: Callable[[str], None] | None = None,
) -> RunReport:
    """Parse a corpus on a Dask cluster into a partitioned GeoParquet dataset.

    Parameters
    ----------
    path : str or path-like
        A folder, an article, a ``.jsonl`` shard, or an fsspec URL of one.
    out : path-like
        The dataset folder (see :mod:`geo.store`); an existing one is resumed.
    client : distributed.Client
        The cluster to run on (see :func:`open_client`).
    batch_size : int
        Most articles per partition (one task, one set of files).
    index : path-like, optional
        The gazetteer index as the workers see it; default: each worker's default path.
    model : str
        The spaCy model package.
    progress : bool
        Show a progress bar on stderr.
    in_flight : int, optional
        Most partitions submitted at once; default: twice the cluster's threads, plus one.
    on_partition : callable, optional
        Called with each partition id once it is written (or failed).

    Returns
    -------
    RunReport

    Raises
    ------
    BadInputError
        If ``path`` cannot be read, or ``out`` holds a dataset of another corpus.
    """
    from distributed import as_completed

    location = os.fspath(path)
    if "://" not in location:
        location = os.path.abspath(location)
    open_dataset(out, partitioning={"corpus": location, "batch_size": batch_size})
    index = os.fspath(index) if index is not None else None
    _register(client, PipelineResources(index, model))
    problems: list[Problem] = []
    stream = partitions(path, batch_size=batch_size, on_problem=problems.append)
    already = set(done_partitions(out))
    limit = in_flight or 2 * sum(client.nthreads().values()) + 1
    pending, done, resumed, failed = {}, [], [], []
    articles = 0
    queue = as_completed()
    started = time.perf_counter()
    with _progress_bar(progress) as bar:

        def fill() -> None:
            while len(pending) < limit and (part := next(stream, None)) is not None:
                if part.pid in already:
                    _check_resumed(out, part)
                    resumed.append(part.pid)
                    continue
                key = f"newsmap-parse-{part.pid}-{uuid.uuid4().hex[:8]}"
                future = client.submit(parse_partition, part.documents, index=index,
                                       model=model, key=key, pure=False)  # fmt: skip
                pending[future] = part
                queue.add(future)

        fill()
        for future in queue:
            part = pending.pop(future)
            try:
                frames = future.result()
            except Exception as exc:  # a task's error, or KilledWorker
                failed.append((f"{part.pid} ({part.label})", f"{type(exc).__name__}: {exc}"))
            else:
                write_partition(out, part.pid, frames, doc_ids=[d.doc_id for d in part.documents],
                                sources=sorted({d.path for d in part.documents}))  # fmt: skip
                done.append(part.pid)
                articles += len(part.documents)
                bar.update(len(part.documents))
            future.release()
            if on_partition is not None:
                on_partition(part.pid)
            fill()
    write_catalog(out)
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


@contextmanager
def open_client(*, scheduler: str | None = None, workers: int | None = None):
    """Connect to ``scheduler``, or start a local cluster of ``workers`` processes.

    The local cluster has one thread per worker process (the parser is pure Python and
    holds the GIL). Its dashboard needs ``bokeh``; without it there is none.

    Yields
    ------
    distributed.Client
    """
    import importlib.util

    from distributed import Client, LocalCluster

    if scheduler is not None and workers is not None:
        raise BadInputError("--workers", "applies to a local cluster, not with --scheduler")
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    dashboard = ":8787" if importlib.util.find_spec("bokeh") else ":0"
    with (
        LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                     processes=True, dashboard_address=dashboard) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        yield client
