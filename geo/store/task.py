"""One partition on a worker: read its articles through fsspec, parse them, write its files.

:func:`run_partition` is the task the driver submits: it gets an address
(:class:`geo.store.plan.Partition`), never documents, and returns only the partition's
marker. Reading hashes the bytes of the partition (SHA-256 of every file or line read,
with the ids and manifest lines it was given); when the hash equals the one recorded by
an earlier run, the partition is unchanged and nothing is parsed or written.

One bad article fails only itself: an exception while reading a file or a shard line,
or while parsing one article, becomes a problem named by the article's file (or
``shard.jsonl:LINE``) in the marker, and the partition goes on.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, replace

from geo.corpus import fs as corpusfs
from geo.corpus.article import parse_article
from geo.corpus.ids import DocIds, claimed
from geo.corpus.model import Document, Problem
from geo.corpus.shards import shard_line
from geo.corpus.uploads import DEFAULT_MAX_BYTES
from geo.nlp.analysis import MODEL


def _read_files(fs, folder, part, digest, max_bytes, report) -> list[Document]:
    docs = []
    for item in part.files:
        where = corpusfs.join(folder, item.rel)
        source = corpusfs.join(part.corpus, item.rel)
        try:
            data = corpusfs.read_bytes(fs, where, source=source, max_bytes=max_bytes)
            digest.update(f"{item.rel}\0{item.doc_id}\0{item.meta!r}\0".encode())
            digest.update(hashlib.sha256(data).digest())
            suffix = "." + item.rel.rpartition(".")[2].lower()
            doc, notes = parse_article(data, suffix=suffix, doc_id=item.doc_id, path=source,
                                       meta=item.meta)  # fmt: skip
        except Exception as exc:  # one file fails only itself
            report(Problem.from_error(source, exc))
            continue
        for note in notes:
            report(note)
        docs.append(replace(doc, doc_id=item.doc_id))
    return docs


class _Lines:
    """Line numbers of a shard range, counted from the file's start only when one is needed."""

    def __init__(self, fs, where: str, start: int) -> None:
        self.fs, self.where, self.start = fs, where, start
        self.before: int | None = None

    def number(self, index: int) -> int:
        if self.before is None:
            self.before = 0
            with self.fs.open(self.where, "rb") as handle:
                left = self.start
                while left > 0 and (chunk := handle.read(min(left, 1 << 20))):
                    self.before += chunk.count(b"\n")
                    left -= len(chunk)
        return self.before + index + 1


def _skip_rest(handle, line: bytes) -> None:
    """Read past the rest of a line of which ``line`` is the beginning, in bounded pieces."""
    while line and not line.endswith(b"\n"):
        line = handle.readline(1 << 20)


def _read_range(fs, folder, part, reserved, digest, max_bytes, report) -> list[Document]:
    where = corpusfs.join(folder, part.shard)
    source = corpusfs.join(part.corpus, part.shard)
    ids, docs = DocIds(set(reserved)), []
    digest.update(f"{part.shard}\0{part.start}\0{part.end}\0".encode())
    with fs.open(where, "rb") as handle:
        if part.start > 0:
            handle.seek(part.start - 1)
            _skip_rest(handle, handle.readline(1 << 20))  # the line that began before us
        lines, index = _Lines(fs, where, handle.tell()), 0
        while handle.tell() < part.end and (line := handle.readline(max_bytes + 1)):
            digest.update(line)
            at = lambda i=index: f"{source}:{lines.number(i)}"  # noqa: E731
            index += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                _skip_rest(handle, line)
                report(Problem(at(), f"is over the limit of {max_bytes:,} bytes (max_bytes)"))
                continue
            if part.start == 0 and index == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            try:
                doc, notes = shard_line(line, source=at())
            except Exception as exc:  # one line fails only itself
                report(Problem.from_error(at(), exc))
                continue
            docs += claimed(doc, ids, notes, report, is_file=False)
    return docs


def read_partition(part, *, reserved=frozenset(), max_bytes: int) -> tuple[list, list, str]:
    """Read a partition's articles on this machine; return ``(documents, problems, sha256)``.

    Parameters
    ----------
    part : geo.store.plan.Partition
        The address: a batch of files or a shard's byte range under ``part.corpus``.
    reserved : frozenset of str
        Ids shard lines may not take (the corpus's file stems).
    max_bytes : int
        Largest article file (or shard line) accepted.
    """
    loc = corpusfs.locate(part.corpus)
    fs, folder = loc.fs, loc.where
    digest, problems = hashlib.sha256(), []
    if part.shard:
        docs = _read_range(fs, folder, part, reserved, digest, max_bytes, problems.append)
    else:
        docs = _read_files(fs, folder, part, digest, max_bytes, problems.append)
    return docs, problems, digest.hexdigest()


def parse_documents(documents, *, gazetteer, nlp, report) -> list:
    """Parse documents, the NLP step batched; an article that raises fails only itself.

    The batch is tried first (:func:`geo.pipeline.parse_articles`); when it raises, each
    article is parsed alone and the ones that raise are reported and left out.
    """
    from geo.pipeline import parse_article as parse_one
    from geo.pipeline import parse_articles

    try:
        return list(parse_articles(documents, gazetteer=gazetteer, nlp=nlp))
    except Exception:  # find the article(s) that raised
        results = []
        for doc in documents:
            try:
                results.append(parse_one(doc, gazetteer=gazetteer, nlp=nlp))
            except Exception as exc:
                report(Problem(doc.path, f"{type(exc).__name__}: {exc}"))
        return results


_LOCAL = threading.local()


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


@dataclass(frozen=True)
class PartitionFrames:
    """A partition's three frames (:mod:`geo.frames.build`)."""

    places: object
    events: object
    flows: object


def run_partition(
    part, out: str, *, reserved=frozenset(), known: dict | None = None,
    index: str | None = None, model: str = MODEL, max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict:  # fmt: skip
    """Read, parse and write one partition on this worker; return its marker (the task).

    Parameters
    ----------
    part : geo.store.plan.Partition
        Its address.
    out : str
        The dataset (a path or an fsspec URL every worker reaches).
    reserved : frozenset of str
        Ids shard lines may not take.
    known : dict, optional
        The partition's marker from an earlier run: returned as it is when the articles'
        hash did not change (nothing is parsed or written).
    index, model : str
        The gazetteer index as the workers see it (None: their default) and the spaCy model.
    max_bytes : int
        Largest article file (or shard line) accepted.

    Returns
    -------
    dict
        The marker: ``partition``, ``label``, ``sha256``, ``articles``, ``doc_ids``,
        ``problems`` (``[source, problem, severity]``), ``files``
        (:func:`geo.store.write.write_partition`) and ``cpu_seconds`` (the task's CPU time).
    """
    from geo.frames.build import events_frame, flows_frame, places_frame
    from geo.store.storage import Storage
    from geo.store.write import write_partition

    started = time.thread_time()
    docs, problems, digest = read_partition(part, reserved=reserved, max_bytes=max_bytes)
    if known is not None and known.get("sha256") == digest:
        return known
    gazetteer, nlp = worker_resources(index, model)
    results = parse_documents(docs, gazetteer=gazetteer, nlp=nlp, report=problems.append)
    frames = PartitionFrames(places_frame(results), events_frame(results), flows_frame(results))
    files = write_partition(Storage.at(out), part.pid, frames, digest=digest)
    return {
        "partition": part.pid,
        "label": part.label,
        "sha256": digest,
        "articles": len(results),
        "doc_ids": [r.document.doc_id for r in results],
        "problems": [[p.source, p.problem, p.severity] for p in problems],
        "files": files,
        "cpu_seconds": round(time.thread_time() - started, 3),
    }
