"""The few file-system calls reading a corpus needs, through :mod:`fsspec`.

Local paths and URLs (``s3://bucket/corpus``, ``memory://corpus``) are both opened with
:func:`fsspec.core.url_to_fs`. A corpus is walked without entering hidden folders, and
an entry is read only when it is safe to read (:func:`unsafe_entry`): a regular file
(no named pipes, devices or sockets, which would hang or never end), reached by no
symlink whose target lies outside the corpus folder, and with a name that is valid UTF-8.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

import fsspec
from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem

from geo.errors import BadInputError

__all__ = ["Location", "locate", "read_bytes", "safe_source", "unsafe_entry", "walk"]


@dataclass(frozen=True)
class Location:
    """Where a corpus is: its file system, the path on it, and the name shown to users.

    ``shown`` is what the user typed for local paths (``"seeds"``), the URL otherwise;
    sources in problems and ``Document.path`` are ``shown`` joined with the relative path.
    """

    fs: AbstractFileSystem
    where: str
    shown: str

    @property
    def local(self) -> bool:
        """Whether the corpus is on the local disk."""
        return isinstance(self.fs, LocalFileSystem)


def locate(path: str | os.PathLike[str]) -> Location:
    """Return the file system holding ``path`` and the path on it.

    Raises
    ------
    BadInputError
        If nothing exists at ``path`` or the URL cannot be opened.

    Examples
    --------
    >>> loc = locate("seeds")
    >>> type(loc.fs).__name__, loc.shown
    ('LocalFileSystem', 'seeds')
    """
    text = os.fspath(path)
    try:
        fs, where = fsspec.core.url_to_fs(text)
    except (ValueError, ImportError) as exc:
        raise BadInputError(text, f"cannot be opened: {exc}") from None
    if not fs.exists(where):
        raise BadInputError(text, "does not exist")
    shown = text if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(where)
    return Location(fs, where.rstrip("/") or "/", shown.rstrip("/") or shown)


def walk(loc: Location) -> list[str]:
    """Return the paths of every entry under the corpus folder, relative, with ``/``.

    Hidden folders are not entered; symlinked folders are listed, not followed.
    """
    rels = []
    skip = len(loc.where.rstrip("/")) + 1
    for root, dirs, files in loc.fs.walk(loc.where, topdown=True, detail=True):
        for name in [d for d in dirs if d.startswith(".")]:
            del dirs[name]
        prefix = root.rstrip("/")[skip:]
        rels += [f"{prefix}/{name}" if prefix else name for name in files]
    return rels


def join(folder: str, rel: str) -> str:
    """Join a folder and a ``/`` path inside it (``""`` is the current folder)."""
    return f"{folder.rstrip('/')}/{rel}" if folder else rel


def split(where: str) -> tuple[str, str]:
    """Split a path into its folder and its name."""
    where = where.replace(os.sep, "/")
    folder, _, name = where.rpartition("/")
    return folder or ("/" if where.startswith("/") else ""), name


def safe_source(text: str) -> str:
    r"""Return a path fit to print and store: bytes that are not UTF-8 shown as ``\xNN``.

    Examples
    --------
    >>> safe_source("corpus/bad\udcff.txt")
    'corpus/bad\\xff.txt'
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def unsafe_entry(loc: Location, where: str, *, root: str) -> str | None:
    """Say why the entry at ``where`` must not be read, or None when it is a safe file.

    Parameters
    ----------
    loc : Location
        The corpus.
    where : str
        The entry's path on ``loc.fs``.
    root : str
        The corpus folder on ``loc.fs``: a symlink may only lead to a file inside it.
    """
    if safe_source(where) != where:
        return "has a file name that is not valid UTF-8; rename it"
    if not loc.local:
        kind = loc.fs.info(where).get("type")
        return None if kind == "file" else f"is not a regular file ({kind}); not read"
    try:
        if os.path.islink(where):
            target = os.path.realpath(where)
            if not os.path.exists(target):
                return f"is a dangling symlink (to {os.readlink(where)!r}); not read"
            real_root = os.path.realpath(root or ".")
            if os.path.commonpath([real_root, target]) != real_root:
                return "is a symlink to a file outside the corpus folder; not read"
        mode = os.stat(where).st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    for test, kind in _KINDS:
        if test(mode):
            return f"is {kind}, not a regular file; not read"
    return None if stat.S_ISREG(mode) else "is not a regular file; not read"


def read_bytes(fs: AbstractFileSystem, where: str, *, source: str, max_bytes: int) -> bytes:
    """Read a whole file, refusing files over ``max_bytes`` before reading them.

    Raises
    ------
    BadInputError
        If the file is larger than ``max_bytes``.
    """
    size = fs.size(where)
    if size is not None and size > max_bytes:
        raise BadInputError(source, f"is {size:,} bytes, over the limit of {max_bytes:,}")
    with fs.open(where, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadInputError(source, f"is over the limit of {max_bytes:,} bytes")
    return data
