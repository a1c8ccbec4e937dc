"""The user's library of articles: a folder of their own, outside the repository.

Layout of the data folder (:func:`data_dir`)::

    library.csv          one line per article: file, title, url, published, source,
                         sha256 (of the file's bytes), added (when, as the caller said)
    articles/            the corpus the app and ``python -m geo parse`` read
    articles/manifest.csv  written from library.csv (the corpus format of geo.corpus.read)

Every change is a read-modify-write under :func:`geo.files.locked` with atomic writes
(:func:`geo.files.atomic_write_text`), so two sessions cannot lose each other's change
and a crash leaves the old library or the new one. An upload is validated and named by
:func:`geo.corpus.uploads.save_article` (the same rules as reading); an article whose
bytes are already in the library is not added again (the existing one is returned).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.corpus.decode import parse_published
from geo.corpus.manifest import MANIFEST_NAME, parse_manifest
from geo.corpus.uploads import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, safe_filename, save_article
from geo.errors import BadInputError
from geo.files import atomic_write_text, locked

LIBRARY_NAME = "library.csv"
ARTICLES = "articles"
COLUMNS = ("file", "title", "url", "published", "source", "sha256", "added")


@dataclass(frozen=True)
class Entry:
    """One article of the library (``""`` and None mean unknown)."""

    file: str
    title: str = ""
    url: str = ""
    published: date | None = None
    source: str = ""
    sha256: str = ""
    added: str = ""


@dataclass(frozen=True)
class Added:
    """What :func:`add_article` did: the entry, and whether it was already there."""

    entry: Entry
    duplicate: bool


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Return the user's Newsmap data folder.

    ``$NEWSMAP_DATA``, else ``$XDG_DATA_HOME/newsmap``, else ``~/.local/share/newsmap``.

    Examples
    --------
    >>> data_dir({"NEWSMAP_DATA": "/tmp/nm"}), data_dir({"XDG_DATA_HOME": "/x"})
    (PosixPath('/tmp/nm'), PosixPath('/x/newsmap'))
    """
    if environ.get("NEWSMAP_DATA"):
        return Path(environ["NEWSMAP_DATA"]).expanduser()
    base = environ.get("XDG_DATA_HOME") or str(Path("~/.local/share").expanduser())
    return Path(base) / "newsmap"


def articles_folder(data: str | os.PathLike[str]) -> Path:
    """Return the corpus folder of the library in ``data``."""
    return Path(data) / ARTICLES


def entries_text(entries: tuple[Entry, ...]) -> str:
    """Return ``library.csv``'s text for ``entries``.

    Examples
    --------
    >>> entries_text((Entry("a.txt", title="A", published=date(2025, 1, 2)),)).splitlines()
    ['file,title,url,published,source,sha256,added', 'a.txt,A,,2025-01-02,,,']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        published = e.published.isoformat() if e.published else ""
        writer.writerow([e.file, e.title, e.url, published, e.source, e.sha256, e.added])
    return out.getvalue()


def manifest_text(entries: tuple[Entry, ...]) -> str:
    """Return the corpus ``manifest.csv`` for ``entries`` (see :mod:`geo.corpus.read`).

    Examples
    --------
    >>> manifest_text((Entry("a.txt", title="A", url="https://a"),)).splitlines()
    ['file,title,url,published,language', 'a.txt,A,https://a,,en']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("file", "title", "url", "published", "language"))
    for e in entries:
        published = e.published.isoformat() if e.published else ""
        writer.writerow([e.file, e.title, e.url, published, "en"])
    return out.getvalue()


def parse_entries(text: str, *, source: str = LIBRARY_NAME) -> tuple[Entry, ...]:
    """Parse ``library.csv``'s text.

    Raises
    ------
    BadInputError
        When the header is not :data:`COLUMNS` or a date is not ISO (naming the line).
    """
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise BadInputError(source, f"the header must be {','.join(COLUMNS)}")
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise BadInputError(f"{source}:{number}", f"has {len(row)} columns, not 7")
        values = dict(zip(COLUMNS, row, strict=True))
        try:
            published = parse_published(values["published"])
        except ValueError as exc:
            raise BadInputError(f"{source}:{number}", str(exc)) from exc
        out.append(Entry(**{**values, "published": published}))
    return tuple(out)


def read_entries(data: str | os.PathLike[str]) -> tuple[Entry, ...]:
    """Return the library's entries (none when it has no ``library.csv`` yet)."""
    path = Path(data) / LIBRARY_NAME
    if not path.is_file():
        return ()
    return parse_entries(path.read_text(encoding="utf-8"), source=str(path))


def _write(data: Path, entries: tuple[Entry, ...]) -> None:
    atomic_write_text(articles_folder(data) / MANIFEST_NAME, manifest_text(entries))
    atomic_write_text(data / LIBRARY_NAME, entries_text(entries))


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def start_library(data: str | os.PathLike[str], seeds: str | os.PathLike[str]) -> Path:
    """Create the library in ``data`` from the seed corpus, once; return its corpus folder.

    The seed articles (the article files of ``seeds``, with their manifest's title,
    URL and date) are copied in when the library has no ``library.csv`` yet; an existing
    library is left as it is (the user may have removed a seed article).
    """
    data = Path(data)
    folder = articles_folder(data)
    with locked(data / LIBRARY_NAME):
        if (data / LIBRARY_NAME).is_file():
            return folder
        seeds = Path(seeds)
        manifest = seeds / MANIFEST_NAME
        meta = {}
        if manifest.is_file():
            meta, _ = parse_manifest(manifest.read_text(encoding="utf-8"), source=str(manifest))
        entries = []
        folder.mkdir(parents=True, exist_ok=True)
        for path in sorted(seeds.iterdir()):
            if path.suffix.lower() not in ARTICLE_SUFFIXES or not path.is_file():
                continue
            shutil.copyfile(path, folder / path.name)
            m = meta.get(path.name)
            entries.append(
                Entry(
                    file=path.name,
                    title=m.title if m else "",
                    url=m.url if m else "",
                    published=m.published if m else None,
                    source="seed",
                    sha256=_digest(path.read_bytes()),
                )
            )
        _write(data, tuple(entries))
    return folder


def add_article(
    data: str | os.PathLike[str],
    filename: str,
    content: bytes,
    *,
    title: str = "",
    url: str = "",
    published: date | None = None,
    source: str = "",
    added: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Added:
    """Add an article to the library; return its entry and whether it was already there.

    Raises
    ------
    BadInputError
        When the name holds a folder (a slash or a backslash) or starts with a dot, the size or
        content is refused (by :func:`geo.corpus.uploads.save_article`), or the URL is
        not http(s); the library is left unchanged.
    """
    if "/" in filename or "\\" in filename or filename.startswith("."):
        raise BadInputError(filename, "a file name must not name a folder or start with a dot")
    if url and not url.lower().startswith(("http://", "https://")):
        raise BadInputError(filename, f"the URL {url!r} is not an http(s) address")
    data = Path(data)
    digest = _digest(content)
    with locked(data / LIBRARY_NAME):
        entries = read_entries(data)
        for entry in entries:
            if entry.sha256 == digest:
                return Added(entry, duplicate=True)
        path = save_article(articles_folder(data), filename, content, max_bytes=max_bytes)
        entry = Entry(
            path.name, title.strip(), url.strip(), published, source.strip(), digest, added
        )
        try:
            _write(data, (*entries, entry))
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return Added(entry, duplicate=False)


def add_text(data: str | os.PathLike[str], text: str, *, title: str, **fields) -> Added:
    """Add pasted text as an article named after its title (see :func:`add_article`)."""
    stem = title.replace("/", " ").replace("\\", " ").strip()[:80]
    name = safe_filename(f"{stem or 'article'}.txt")
    return add_article(data, name, text.encode("utf-8"), title=title, **fields)


def update_article(data: str | os.PathLike[str], file: str, **fields) -> Entry:
    """Change an article's title, url, published or source; return the new entry.

    Raises
    ------
    BadInputError
        When ``file`` is not in the library or a field is not one of those.
    """
    allowed = {"title", "url", "published", "source"}
    if set(fields) - allowed:
        raise BadInputError(file, f"only {sorted(allowed)} can be changed")
    data = Path(data)
    with locked(data / LIBRARY_NAME):
        entries = read_entries(data)
        index = _index(entries, file)
        new = dataclasses.replace(entries[index], **fields)
        _write(data, (*entries[:index], new, *entries[index + 1 :]))
    return new


def remove_article(data: str | os.PathLike[str], file: str) -> Entry:
    """Remove an article (its file and its entry); return the entry removed.

    Raises
    ------
    BadInputError
        When ``file`` is not in the library.
    """
    data = Path(data)
    with locked(data / LIBRARY_NAME):
        entries = read_entries(data)
        index = _index(entries, file)
        _write(data, (*entries[:index], *entries[index + 1 :]))
        (articles_folder(data) / entries[index].file).unlink(missing_ok=True)
    return entries[index]


def _index(entries: tuple[Entry, ...], file: str) -> int:
    for index, entry in enumerate(entries):
        if entry.file == file:
            return index
    raise BadInputError(file, "is not an article of the library")
