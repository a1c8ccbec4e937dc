r"""Read news articles into immutable :class:`Document` values: the pipeline's first step.

A corpus is a folder (read recursively; hidden files and folders are skipped) or one
file. Articles are ``.txt``, ``.md``, ``.html`` and ``.htm`` files, and JSON Lines shards
(``.jsonl``) hold one article per line as ``{"id", "text", "title", "url", "published",
"language"}`` (only ``id`` and ``text`` are required; shards are read as a stream, one
line at a time). Documents come in a sorted, deterministic order: by path inside the
corpus, then by line inside a shard.

The text
    Bytes are decoded as UTF-8 (with or without a byte-order mark), as UTF-16 or UTF-32
    when the file starts with their byte-order mark, and otherwise as cp1252 (latin-1 for
    the five bytes cp1252 leaves undefined) with a warning. ``"\r\n"`` and ``"\r"`` become
    ``"\n"`` and a leading byte-order mark is dropped (:mod:`geo.textdecode`). HTML and
    Markdown are turned into plain text by :mod:`geo.htmltext`. ``Document.text`` is this
    stored, normalised text: **every offset Newsmap computes points into it**, not into
    the file's bytes.
    Empty or whitespace-only files, binary files (NUL bytes, or more than 5% control
    characters) and files over ``max_bytes`` (10 MB by default; checked before reading)
    are rejected. For a shard, ``max_bytes`` applies to each line.

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
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from geo import corpusfs
from geo.errors import BadInputError
from geo.htmltext import html_to_text, markdown_to_text, split_front_matter
from geo.manifest import MANIFEST_COLUMNS, MANIFEST_NAME, ManifestEntry, parse_manifest
from geo.textdecode import decode_article, looks_binary, normalise_newlines, parse_published
from geo.uploads import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, safe_filename, save_article

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAME",
    "PUBLISHED_SOURCES",
    "Corpus",
    "Document",
    "Problem",
    "decode_article",
    "iter_documents",
    "parse_article",
    "read_corpus",
    "read_document",
    "safe_filename",
    "save_article",
]

SHARD_SUFFIX = ".jsonl"
DEFAULT_LANGUAGE = "en"
PUBLISHED_SOURCES = ("manifest", "front_matter", "jsonl", "none")
TITLE_MAX_CHARS = 200


@dataclass(frozen=True)
class Document:
    r"""One article: its stored text and what is known about it.

    Parameters
    ----------
    doc_id : str
        Unique in its corpus: the file stem or the JSON Lines ``id``.
    path : str
        Where it was read from (``"seeds/x.html"``, ``"seeds/shard.jsonl:7"``).
    text : str
        Plain text, newlines ``"\n"``; all offsets point into this string.
    title, url : str
        ``""`` when unknown (``title`` always has a fallback, see the module docstring).
    published : datetime.date or None
        The publication date, None when unknown (the pipeline infers one later).
    language : str
        ISO 639-1 code, ``"en"`` unless told otherwise.
    published_source : str
        One of :data:`PUBLISHED_SOURCES`: where ``published`` came from.
    """

    doc_id: str
    path: str
    text: str
    title: str
    url: str
    published: date | None
    language: str
    published_source: str

    def __post_init__(self) -> None:
        if self.published_source not in PUBLISHED_SOURCES:
            raise ValueError(
                f"published_source {self.published_source!r} not in {PUBLISHED_SOURCES}"
            )


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input, recorded instead of raised.

    ``severity`` is ``"error"`` when something was left out (an article, a manifest line)
    and ``"warning"`` when it was read with a caveat (a guessed encoding, a renamed id).
    """

    source: str
    problem: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


@dataclass(frozen=True)
class Corpus:
    """The documents read from a corpus and the problems met on the way."""

    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if len(line) <= TITLE_MAX_CHARS:
        return line
    cut = line[: TITLE_MAX_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def parse_article(
    data: bytes, *, suffix: str, doc_id: str, path: str, meta: ManifestEntry | None = None
) -> tuple[Document, list[Problem]]:
    r"""Turn one article file's bytes into a Document and the warnings met.

    Parameters
    ----------
    data : bytes
        The file's content.
    suffix : str
        ``".txt"``, ``".md"``, ``".html"`` or ``".htm"``: how to read the markup.
    doc_id, path : str
        The document's id and where it comes from (used in problems).
    meta : ManifestEntry, optional
        The manifest's line for this file; it wins over what the file says.

    Returns
    -------
    document : Document
    problems : list of Problem
        Warnings only (a guessed encoding, a bad front-matter line).

    Raises
    ------
    BadInputError
        If the bytes are binary, empty, or hold no text once the markup is removed.

    Examples
    --------
    >>> doc, _ = parse_article(b"<h1>Kursk</h1><p>Troops</p>", suffix=".html", doc_id="k", path="k")
    >>> doc.title, doc.text, doc.published_source
    ('Kursk', 'Kursk\n\nTroops', 'none')
    """
    raw, notes = decode_article(data, source=path)
    problems = [Problem(path, note, "warning") for note in notes]
    found: dict[str, str] = {}
    if suffix == ".md":
        found, body, fm_notes = split_front_matter(raw)
        problems += [Problem(path, note, "warning") for note in fm_notes]
        text = markdown_to_text(body)
    elif suffix in (".html", ".htm"):
        page = html_to_text(raw)
        text = page.text
        found = {"title": page.title or page.heading, "html_language": page.language}
    else:
        text = raw
    if not text.strip():
        raise BadInputError(path, "has no text once the markup is removed")
    front_date = found.get("published", found.get("date", ""))
    try:
        front_published = parse_published(front_date) if suffix == ".md" else None
    except ValueError as exc:
        problems.append(Problem(path, f"front matter {exc}; ignored", "warning"))
        front_published = None
    meta = meta or ManifestEntry()
    published, published_source = meta.published, "manifest"
    if published is None:
        published, published_source = front_published, "front_matter"
    language = meta.language or found.get("language") or found.get("lang")
    return Document(
        doc_id=doc_id,
        path=path,
        text=text,
        title=meta.title or found.get("title") or _first_line(text),
        url=meta.url or found.get("url", ""),
        published=published,
        language=language or found.get("html_language") or DEFAULT_LANGUAGE,
        published_source=published_source if published else "none",
    ), problems


def _shard_line(line: bytes, *, source: str) -> tuple[Document, list[Problem]]:
    """Turn one JSON Lines record into a Document (doc_id still to be made unique)."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadInputError(source, f"is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BadInputError(source, f"is not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise BadInputError(source, f"is a JSON {type(record).__name__}, expected an object")
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise BadInputError(source, "has no 'id' (a non-empty string)")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadInputError(source, "has no 'text' (a non-empty string)")
    text = normalise_newlines(text)
    if looks_binary(text):
        raise BadInputError(source, "'text' is mostly control characters, not text")
    problems = []
    fields = {}
    for key in ("title", "url", "published", "language"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(source, f"'{key}' is not a string; ignored", "warning"))
            value = None
        fields[key] = (value or "").strip()
    try:
        published = parse_published(fields["published"])
    except ValueError as exc:
        problems.append(Problem(source, f"{exc}; ignored", "warning"))
        published = None
    return Document(
        doc_id=doc_id.strip(),
        path=source,
        text=text,
        title=fields["title"] or _first_line(text),
        url=fields["url"],
        published=published,
        language=fields["language"] or DEFAULT_LANGUAGE,
        published_source="jsonl" if published else "none",
    ), problems


def _load_manifest(
    fs: corpusfs.FileSystem, folder: str, *, articles: set[str] | None, max_bytes: int
) -> tuple[dict[str, ManifestEntry], list[Problem]]:
    """Read ``manifest.csv`` in ``folder`` if there is one."""
    where = corpusfs.join(folder, MANIFEST_NAME)
    if not fs.exists(where):
        return {}, []
    source = fs.unstrip_protocol(where)
    try:
        data = corpusfs.read_bytes(fs, where, source=source, max_bytes=max_bytes)
        text, _ = decode_article(data, source=source)
    except BadInputError as exc:
        return {}, [Problem(exc.source, f"{exc.problem}; manifest ignored")]
    entries, problems = parse_manifest(text, source=source, articles=articles)
    return entries, [Problem(*problem) for problem in problems]


class _Ids:
    """Hands out unique doc_ids: file stems are reserved up front, duplicates get -N."""

    def __init__(self, reserved: set[str]) -> None:
        self.reserved = reserved
        self.used: set[str] = set()

    def claim(self, wanted: str, *, is_file: bool) -> str:
        doc_id, number = wanted, 1
        while doc_id in self.used or ((not is_file or number > 1) and doc_id in self.reserved):
            number += 1
            doc_id = f"{wanted}-{number}"
        self.used.add(doc_id)
        return doc_id


def _stem(rel: str) -> str:
    name = rel.rpartition("/")[2]
    return name.rpartition(".")[0] or name


def _shard(fs, where: str, source: str, ids: _Ids, max_bytes: int, report) -> Iterator[Document]:
    with fs.open(where, "rb") as handle:
        number = 0
        while line := handle.readline(max_bytes + 1):
            number += 1
            line_source = f"{source}:{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                report(
                    Problem(line_source, f"is over the limit of {max_bytes:,} bytes (max_bytes)")
                )
                continue
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            try:
                doc, problems = _shard_line(line, source=line_source)
            except BadInputError as exc:
                report(Problem(exc.source, exc.problem))
                continue
            yield from _claimed(doc, ids, problems, report, is_file=False)


def _claimed(doc: Document, ids: _Ids, problems, report, *, is_file: bool) -> Iterator[Document]:
    for problem in problems:
        report(problem)
    doc_id = ids.claim(doc.doc_id, is_file=is_file)
    if doc_id != doc.doc_id:
        report(
            Problem(doc.path, f"id {doc.doc_id!r} is already taken; using {doc_id!r}", "warning")
        )
        doc = replace(doc, doc_id=doc_id)
    yield doc


def _warn(problem: Problem) -> None:
    warnings.warn(str(problem), UserWarning, stacklevel=3)


def iter_documents(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[Document]:
    """Stream the documents of a corpus folder, an article file or a JSON Lines shard.

    Parameters
    ----------
    path : str or os.PathLike
        A local path, or an fsspec URL (``s3://bucket/corpus``, ``memory://x``) when
        ``fsspec`` is installed.
    max_bytes : int
        Largest article file (or shard line) accepted, in bytes.
    on_problem : callable, optional
        Called with each :class:`Problem` as it is met; by default each one is issued
        as a :class:`UserWarning`. Bad articles never stop the stream.

    Returns
    -------
    iterator of Document
        In corpus order (see the module docstring); files are read one at a time.

    Raises
    ------
    BadInputError
        If ``path`` does not exist or is not an article, shard or folder.
    NewsmapError
        If ``path`` is a URL and fsspec is not installed.

    Examples
    --------
    >>> [d.doc_id for d in iter_documents("seeds")]
    ['north-korea-troops-russia']
    """
    fs, where = corpusfs.locate(path)
    report = on_problem or _warn
    if fs.isdir(where):
        folder = where.rstrip("/")
        skip = len(folder) + 1 if folder else 0
        rels = sorted(
            rel
            for rel in (p.replace(os.sep, "/")[skip:] for p in fs.find(folder or "."))
            if not any(part.startswith(".") for part in rel.split("/"))
            and rel.lower().endswith((*ARTICLE_SUFFIXES, SHARD_SUFFIX))
        )
        articles: set[str] | None = {rel for rel in rels if not rel.lower().endswith(SHARD_SUFFIX)}
    else:
        folder, name = corpusfs.split(where)
        if not name.lower().endswith((*ARTICLE_SUFFIXES, SHARD_SUFFIX)):
            raise BadInputError(os.fspath(path), "is not a .txt, .md, .html, .htm or .jsonl file")
        rels, articles = [name], None
    manifest, problems = _load_manifest(fs, folder, articles=articles, max_bytes=max_bytes)
    ids = _Ids({_stem(rel) for rel in rels if not rel.lower().endswith(SHARD_SUFFIX)})
    return _stream(fs, folder, rels, manifest, problems, ids, max_bytes, report)


def _stream(fs, folder, rels, manifest, problems, ids, max_bytes, report) -> Iterator[Document]:
    for problem in problems:
        report(problem)
    for rel in rels:
        where = corpusfs.join(folder, rel)
        source = fs.unstrip_protocol(where)
        suffix = "." + rel.rpartition(".")[2].lower()
        if suffix == SHARD_SUFFIX:
            yield from _shard(fs, where, source, ids, max_bytes, report)
            continue
        try:
            data = corpusfs.read_bytes(fs, where, source=source, max_bytes=max_bytes)
            doc, notes = parse_article(
                data, suffix=suffix, doc_id=_stem(rel), path=source, meta=manifest.get(rel)
            )
        except BadInputError as exc:
            report(Problem(exc.source, exc.problem))
            continue
        yield from _claimed(doc, ids, notes, report, is_file=True)


def read_corpus(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Read every article of a corpus; bad articles become problems, never exceptions.

    Parameters
    ----------
    path : str or os.PathLike
        A folder, an article file or a JSON Lines shard (local path or fsspec URL).
    max_bytes : int
        Largest article file (or shard line) accepted, in bytes.

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
    documents = tuple(iter_documents(path, max_bytes=max_bytes, on_problem=problems.append))
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
    fs, where = corpusfs.locate(path)
    folder, name = corpusfs.split(where)
    suffix = "." + name.rpartition(".")[2].lower()
    if fs.isdir(where) or suffix not in ARTICLE_SUFFIXES:
        hint = "; read folders and .jsonl shards with read_corpus or iter_documents"
        raise BadInputError(os.fspath(path), f"is not a .txt, .md, .html or .htm file{hint}")
    manifest, problems = _load_manifest(fs, folder, articles=None, max_bytes=max_bytes)
    source = fs.unstrip_protocol(where)
    data = corpusfs.read_bytes(fs, where, source=source, max_bytes=max_bytes)
    doc, notes = parse_article(
        data, suffix=suffix, doc_id=_stem(name), path=source, meta=manifest.get(name)
    )
    for problem in problems + notes:
        warnings.warn(str(problem), UserWarning, stacklevel=2)
    return doc
