"""The driver's plan: list a corpus and cut it into partitions, without reading an article.

A partition is an address a worker can open through fsspec, never documents:

- a **batch of article files** (``.txt``, ``.md``, ``.html``): at most ``batch_size``
  files in corpus order, each with the ``doc_id`` the single-process reader gives it
  (file stems, a duplicate becoming ``stem-2``...) and its ``manifest.csv`` line;
- a **byte range of a JSON Lines shard**: a shard is cut into ranges of ``block_size``
  bytes; a range holds the lines that *start* inside it (the rule Dask's ``read_text``
  uses), so every line belongs to exactly one range whatever the line lengths.

The driver lists names and sizes and reads only ``manifest.csv``; the same corpus and
options always give the same partitions and ids, in corpus order when the ids are sorted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from geo.corpus import fs as corpusfs
from geo.corpus.ids import DocIds
from geo.corpus.manifest import ManifestEntry
from geo.corpus.model import Problem
from geo.corpus.read import _load_manifest
from geo.corpus.shards import SHARD_SUFFIX
from geo.corpus.uploads import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES
from geo.errors import BadInputError

DEFAULT_BATCH_SIZE = 100
DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024


@dataclass(frozen=True)
class ArticleFile:
    """One article file of a partition: its path in the corpus, its doc_id, its manifest line."""

    rel: str
    doc_id: str
    meta: ManifestEntry | None = None


@dataclass(frozen=True)
class Partition:
    """What one task reads: a batch of files or a shard's byte range, under ``corpus``.

    ``corpus`` is the folder as every worker opens it (an absolute path or a URL);
    ``pid`` is the partition id (``000003-shard-007``), in corpus order when sorted.
    """

    pid: str
    corpus: str
    label: str
    files: tuple[ArticleFile, ...] = ()
    shard: str = ""
    start: int = 0
    end: int = 0


def check_sizes(batch_size, block_size) -> None:
    """Refuse a batch or block size that is not a positive whole number.

    Raises
    ------
    BadInputError
        Naming the option and the value.
    """
    for name, value in (("--batch-size", batch_size), ("--block-size", block_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise BadInputError(name, f"{value!r} is not a positive whole number")


def _slug(rel: str) -> str:
    import re

    stem = rel.rpartition("/")[2].rpartition(".")[0] if rel else "files"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "shard"


def _stem(rel: str) -> str:
    name = rel.rpartition("/")[2]
    return name.rpartition(".")[0] or name


@dataclass(frozen=True)
class Listing:
    """A corpus as the driver sees it: the file system, the folder, and the files' names.

    ``location`` is the folder as a worker opens it (an absolute path or a URL); ``rels``
    are the article files and shards (hidden files and folders skipped), sorted, as the
    single-process reader lists them; ``is_dir`` tells a folder from a single file.
    """

    fs: object
    folder: str
    location: str
    rels: tuple[str, ...]
    is_dir: bool

    @property
    def stems(self) -> frozenset[str]:
        """The article files' stems: ids that shard lines may not take."""
        return frozenset(_stem(r) for r in self.rels if not r.lower().endswith(SHARD_SUFFIX))


def list_corpus(path) -> Listing:
    """List a corpus folder, article or shard (a path or an fsspec URL); read no article.

    Raises
    ------
    BadInputError
        If ``path`` does not exist or is not an article, shard or folder.
    """
    text = os.fspath(path)
    loc = corpusfs.locate(text if "://" in text else os.path.abspath(text))
    fs, where = loc.fs, loc.where
    suffixes = (*ARTICLE_SUFFIXES, SHARD_SUFFIX)
    is_dir = fs.isdir(where)
    if is_dir:
        folder = where.rstrip("/") or "/"
        rels = sorted(rel for rel in corpusfs.walk(loc) if rel.lower().endswith(suffixes)
                      and not any(part.startswith(".") for part in rel.split("/")))  # fmt: skip
    else:
        folder, name = corpusfs.split(where)
        if not name.lower().endswith(suffixes):
            raise BadInputError(text, "is not a .txt, .md, .html, .htm or .jsonl file")
        rels = [name]
    location = fs.unstrip_protocol(folder) if "://" in text else folder
    return Listing(fs, folder, location, tuple(rels), is_dir)


def plan_partitions(
    listing: Listing,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    block_size: int = DEFAULT_BLOCK_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[Partition]:
    """Yield the partitions of a corpus in corpus order (see the module docstring).

    Parameters
    ----------
    listing : Listing
        The corpus (:func:`list_corpus`).
    batch_size : int
        Most article files per partition.
    block_size : int
        Bytes of a shard per partition.
    max_bytes : int
        Largest ``manifest.csv`` read.
    on_problem : callable, optional
        Called with each problem of the listing (a bad manifest line, a renamed id).

    Examples
    --------
    >>> [p.pid for p in plan_partitions(list_corpus("seeds"))]
    ['000000-files']
    """
    check_sizes(batch_size, block_size)
    report = on_problem or (lambda problem: None)
    fs, folder, location, rels = listing.fs, listing.folder, listing.location, listing.rels
    is_file = [not rel.lower().endswith(SHARD_SUFFIX) for rel in rels]
    articles = {r for r, f in zip(rels, is_file, strict=True) if f} if listing.is_dir else None
    manifest, problems = _load_manifest(
        corpusfs.Location(fs, folder, listing.location),
        folder,
        listing.location,
        articles=articles,
        max_bytes=max_bytes,
    )
    for problem in problems:
        report(problem)
    ids = DocIds(set(listing.stems))
    number, batch = 0, []

    def files_partition() -> Partition:
        first, last = batch[0].rel, batch[-1].rel
        label = first if len(batch) == 1 else f"{first} … {last}"
        return Partition(f"{number:06d}-files", location, label, files=tuple(batch))

    for rel, file in zip(rels, is_file, strict=True):
        if file:
            doc_id = ids.claim(_stem(rel), is_file=True)
            if doc_id != _stem(rel):
                where = corpusfs.join(location, rel)
                report(Problem(where, f"id {_stem(rel)!r} is already taken; using {doc_id!r}",
                               "warning"))  # fmt: skip
            batch.append(ArticleFile(rel, doc_id, manifest.get(rel)))
            if len(batch) == batch_size:
                yield files_partition()
                number, batch = number + 1, []
            continue
        if batch:
            yield files_partition()
            number, batch = number + 1, []
        size = fs.size(corpusfs.join(folder, rel)) or 0
        for start in range(0, max(size, 1), block_size):
            end = min(start + block_size, size)
            label = f"{rel} bytes {start:,}-{end:,}"
            yield Partition(f"{number:06d}-{_slug(rel)}", location, label, shard=rel,
                            start=start, end=end)  # fmt: skip
            number += 1
    if batch:
        yield files_partition()
