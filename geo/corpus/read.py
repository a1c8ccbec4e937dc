r"""Read news articles into immutable :class:`Document` values: the pipeline's first step.

A corpus is a folder (read recursively; hidden files and folders are skipped) or one
file. Articles are ``.txt``, ``.md``, ``.html`` and ``.htm`` files, and JSON Lines shards
(``.jsonl``) hold one article per line as ``{"id", "text", "title", "url", "published",
"language"}`` (only ``id`` and ``text`` are required; shards are read as a stream, one
line at a time). Documents come in a sorted, deterministic order: by path inside the
corpus, then by line inside a shard.

The text
    Bytes are decoded as UTF-8 (with or without a byte-order mark), as UTF-16 or UTF-32
    when the file starts with their byte-order mark, and otherwise in the code page
    ``charset-normalizer`` detects (cp1252 for Latin text, cp1251 for Cyrillic, ...),
    with a warning naming it. ``"\r\n"`` and ``"\r"`` become
    ``"\n"`` and a leading byte-order mark is dropped (:mod:`geo.corpus.decode`). HTML and
    Markdown are turned into plain text by :mod:`geo.corpus.htmltext`. ``Document.text`` is this
    stored, normalised text: **every offset Newsmap computes points into it**, not into
    the file's bytes.
    Empty or whitespace-only files, binary files (NUL bytes, or more than 5% control
    characters) and files over ``max_bytes`` (10 MB by default; checked before reading)
    are rejected. For a shard, ``max_bytes`` applies to each line. So are texts longer than
    ``max_chars`` characters once the markup is removed (200,000 by default: the steps
    after the NLP grow faster than the text). Only regular files are read, and symlinks
    only when their target is inside the corpus folder (:mod:`geo.corpus.fs`); any error
    met reading one file or shard line is reported against it and the rest is read.

The manifest
    An optional ``manifest.csv`` at the top of the corpus folder gives what a file does
    not say about itself. It is UTF-8 CSV with a header row; the columns are::

        file,title,url,published,language
        north-korea-troops-russia.txt,North Korea sends ...,https://...,2025-10-31,en

    - ``file`` (required): the article's path relative to the folder, with ``/``.
    - ``title``, ``url``: free text; empty means unknown.
    - ``published``: an ISO date ``YYYY-MM-DD`` (an ISO date-time is cut to its date);
      empty means unknown, and the pipeline then infers a reference date from the text.
    - ``language``: an ISO 639-1 code; empty means ``en``.

    Columns may come in any order and all but ``file`` may be left out. Blank lines and
    lines starting with ``#`` are skipped. A broken line (wrong number of columns, a bad
    date, a path outside the folder, a file listed twice) is reported as
    ``manifest.csv:LINE`` and ignored; the other lines still apply. A line naming a file
    that is not in the corpus is reported too. When a single file is read, the
    ``manifest.csv`` beside it applies. Shard lines carry their own metadata.

Metadata, first found wins
    title: manifest, Markdown front matter (``title:``), JSON Lines ``title``, HTML
    ``<title>``, the first ``<h1>``, the first non-empty line of the text (cut to 200
    characters). url: manifest, front matter ``url:``, JSON Lines ``url``. published:
    manifest, front matter ``published:`` (or ``date:``), JSON Lines ``published``; where
    it came from is ``Document.published_source``. language: manifest, front matter
    ``language:`` (or ``lang:``), JSON Lines ``language``, ``<html lang>``, else ``en``.

Identifiers
    ``doc_id`` is the file's stem (``north-korea-troops-russia``) or a shard line's
    ``id``. Collisions are resolved in corpus order: file stems win over shard ids; a
    later duplicate becomes ``stem-2``, ``stem-3``, ... (first free), with a warning.

Where the parts live
    The values (:class:`Document`, :class:`Problem`, :class:`Corpus`) are in
    :mod:`geo.corpus.model`; one article file is read by :mod:`geo.corpus.article`, a
    JSON Lines shard by :mod:`geo.corpus.shards`, and ids are made unique by
    :mod:`geo.corpus.ids`. This module walks the corpus and holds the public entry
    points; the names above are re-exported here.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator

from geo.corpus import fs as corpusfs
from geo.corpus.article import parse_article
from geo.corpus.decode import decode_article
from geo.corpus.ids import DocIds, claimed
from geo.corpus.manifest import MANIFEST_NAME, ManifestEntry, parse_manifest
from geo.corpus.model import Corpus, Document, Problem
from geo.corpus.shards import SHARD_SUFFIX, iter_shard
from geo.corpus.uploads import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, too_long
from geo.errors import BadInputError

__all__ = ["iter_documents", "read_corpus", "read_document"]


def _load_manifest(
    loc: corpusfs.Location, folder: str, shown: str, *, articles: set[str] | None, max_bytes: int
) -> tuple[dict[str, ManifestEntry], list[Problem]]:
    """Read ``manifest.csv`` in ``folder`` (shown to users as ``shown``) if there is one."""
    where = corpusfs.join(folder, MANIFEST_NAME)
    if not loc.fs.exists(where):
        return {}, []
    source = corpusfs.join(shown, MANIFEST_NAME)
    why = corpusfs.unsafe_entry(loc, where, root=folder)
    if why:
        return {}, [Problem(source, f"{why}; manifest ignored")]
    try:
        data = corpusfs.read_bytes(loc.fs, where, source=source, max_bytes=max_bytes)
        text, _ = decode_article(data, source=source)
    except BadInputError as exc:
        return {}, [Problem(exc.source, f"{exc.problem}; manifest ignored")]
    entries, problems = parse_manifest(text, source=source, articles=articles)
    return entries, [Problem(*problem) for problem in problems]


def _stem(rel: str) -> str:
    name = rel.rpartition("/")[2]
    return name.rpartition(".")[0] or name


def _warn(problem: Problem) -> None:
    warnings.warn(str(problem), UserWarning, stacklevel=3)


def _is_input(rel: str) -> bool:
    return not any(part.startswith(".") for part in rel.split("/")) and rel.lower().endswith(
        (*ARTICLE_SUFFIXES, SHARD_SUFFIX)
    )


def iter_documents(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[Document]:
    """Stream the documents of a corpus folder, an article file or a JSON Lines shard.

    Parameters
    ----------
    path : str or os.PathLike
        A local path, or an fsspec URL (``s3://bucket/corpus``, ``memory://x``).
    max_bytes : int
        Largest article file (or shard line) accepted, in bytes.
    max_chars : int
        Longest article text accepted, in characters; longer ones are reported.
    on_problem : callable, optional
        Called with each :class:`Problem` as it is met; by default each one is issued
        as a :class:`UserWarning`. Bad articles never stop the stream: any error met
        while reading one file (or one shard line) is reported against it.

    Returns
    -------
    iterator of Document
        In corpus order (see the module docstring); files are read one at a time.
        Only regular files are read, through symlinks that stay inside the corpus
        folder (:func:`geo.corpus.fs.unsafe_entry`); the others are reported.

    Raises
    ------
    BadInputError
        If ``path`` does not exist or is not an article, shard or folder.

    Examples
    --------
    >>> [d.doc_id for d in iter_documents("seeds")]
    ['north-korea-troops-russia']
    """
    loc = corpusfs.locate(path)
    report = on_problem or _warn
    if loc.fs.isdir(loc.where):
        folder, shown = loc.where, loc.shown
        rels = sorted(rel for rel in corpusfs.walk(loc) if _is_input(rel))
        articles: set[str] | None = {rel for rel in rels if not rel.lower().endswith(SHARD_SUFFIX)}
    else:
        folder, name = corpusfs.split(loc.where)
        shown = corpusfs.split(loc.shown)[0]
        if not name.lower().endswith((*ARTICLE_SUFFIXES, SHARD_SUFFIX)):
            raise BadInputError(os.fspath(path), "is not a .txt, .md, .html, .htm or .jsonl file")
        rels, articles = [name], None
    manifest, problems = _load_manifest(loc, folder, shown, articles=articles, max_bytes=max_bytes)
    ids = DocIds({_stem(rel) for rel in rels if not rel.lower().endswith(SHARD_SUFFIX)})
    documents = _stream(loc, folder, shown, rels, manifest, problems, ids, max_bytes, report)
    return _within(documents, max_chars, report)


def _within(documents: Iterator[Document], max_chars: int, report) -> Iterator[Document]:
    for doc in documents:
        if why := too_long(doc.text, max_chars):
            report(Problem(doc.path, why))
        else:
            yield doc


def _stream(loc, folder, shown, rels, manifest, problems, ids, max_bytes, report):
    for problem in problems:
        report(problem)
    for rel in rels:
        where = corpusfs.join(folder, rel)
        source = corpusfs.safe_source(corpusfs.join(shown, rel))
        why = corpusfs.unsafe_entry(loc, where, root=folder)
        if why:
            report(Problem(source, why))
            continue
        suffix = "." + rel.rpartition(".")[2].lower()
        if suffix == SHARD_SUFFIX:
            try:
                yield from iter_shard(loc.fs, where, source, ids, max_bytes, report)
            except Exception as exc:  # noqa: BLE001 - e.g. the shard vanished while read
                report(Problem(source, f"could not be read: {type(exc).__name__}: {exc}"))
            continue
        try:
            data = corpusfs.read_bytes(loc.fs, where, source=source, max_bytes=max_bytes)
            doc, notes = parse_article(
                data, suffix=suffix, doc_id=_stem(rel), path=source, meta=manifest.get(rel)
            )
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the corpus
            report(Problem.from_error(source, exc))
            continue
        yield from claimed(doc, ids, notes, report, is_file=True)


def read_corpus(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Corpus:
    """Read every article of a corpus; bad articles become problems, never exceptions.

    Parameters
    ----------
    path : str or os.PathLike
        A folder, an article file or a JSON Lines shard (local path or fsspec URL).
    max_bytes : int
        Largest article file (or shard line) accepted, in bytes.
    max_chars : int
        Longest article text accepted, in characters.

    Returns
    -------
    Corpus
        The documents in corpus order and every problem met (manifest ones first).

    Raises
    ------
    BadInputError
        Only if ``path`` itself does not exist or is not something this reads.

    Examples
    --------
    >>> corpus = read_corpus("seeds")
    >>> corpus.documents[0].language, corpus.problems
    ('en', ())
    """
    problems: list[Problem] = []
    documents = tuple(
        iter_documents(path, max_bytes=max_bytes, max_chars=max_chars, on_problem=problems.append)
    )
    return Corpus(documents, tuple(problems))


def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one article file, with its line of the ``manifest.csv`` beside it if any.

    Warnings (a guessed encoding, a broken manifest line) are issued as
    :class:`UserWarning`; use :func:`read_corpus` on the file to get them as values.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.txt``, ``.md``, ``.html`` or ``.htm`` file (local path or fsspec URL).
    max_bytes : int
        Largest file accepted, in bytes.

    Returns
    -------
    Document

    Raises
    ------
    BadInputError
        If the file is missing, too large, binary, empty or not an article.

    Examples
    --------
    >>> read_document("seeds/north-korea-troops-russia.txt").doc_id
    'north-korea-troops-russia'
    """
    loc = corpusfs.locate(path)
    folder, name = corpusfs.split(loc.where)
    suffix = "." + name.rpartition(".")[2].lower()
    if loc.fs.isdir(loc.where) or suffix not in ARTICLE_SUFFIXES:
        hint = "; read folders and .jsonl shards with read_corpus or iter_documents"
        raise BadInputError(os.fspath(path), f"is not a .txt, .md, .html or .htm file{hint}")
    shown = corpusfs.split(loc.shown)[0]
    manifest, problems = _load_manifest(loc, folder, shown, articles=None, max_bytes=max_bytes)
    source = corpusfs.safe_source(loc.shown)
    why = corpusfs.unsafe_entry(loc, loc.where, root=folder)
    if why:
        raise BadInputError(source, why)
    data = corpusfs.read_bytes(loc.fs, loc.where, source=source, max_bytes=max_bytes)
    doc, notes = parse_article(
        data, suffix=suffix, doc_id=_stem(name), path=source, meta=manifest.get(name)
    )
    for problem in problems + notes:
        warnings.warn(str(problem), UserWarning, stacklevel=2)
    return doc
