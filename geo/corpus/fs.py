"""The few file-system calls reading a corpus needs, on local paths or fsspec URLs.

Local paths need nothing beyond the standard library. URLs such as ``s3://bucket/corpus``
or ``memory://corpus`` go through :mod:`fsspec` when it is installed (it comes with dask);
without it they raise a :class:`~geo.errors.NewsmapError` that says so.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Protocol

from geo.errors import BadInputError, NewsmapError


class FileSystem(Protocol):
    """The subset of :class:`fsspec.AbstractFileSystem` used here."""

    def exists(self, path: str) -> bool: ...  # noqa: D102

    def isdir(self, path: str) -> bool: ...  # noqa: D102

    def size(self, path: str) -> int | None: ...  # noqa: D102

    def open(self, path: str, mode: str = "rb") -> BinaryIO: ...  # noqa: D102

    def find(self, path: str) -> list[str]: ...  # noqa: D102

    def unstrip_protocol(self, path: str) -> str: ...  # noqa: D102


class LocalFiles:
    """Local files with fsspec's method names; hidden folders are not walked."""

    def exists(self, path: str) -> bool:  # noqa: D102
        return os.path.exists(path or ".")

    def isdir(self, path: str) -> bool:  # noqa: D102
        return os.path.isdir(path or ".")

    def size(self, path: str) -> int:  # noqa: D102
        return os.path.getsize(path)

    def open(self, path: str, mode: str = "rb") -> BinaryIO:  # noqa: D102
        return open(path, mode)  # noqa: SIM115 - the caller closes it

    def find(self, path: str) -> list[str]:  # noqa: D102
        found = []
        for folder, dirs, files in os.walk(path or "."):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [os.path.join(folder, name) for name in files]
        return found

    def unstrip_protocol(self, path: str) -> str:  # noqa: D102
        return path


def locate(path: str | os.PathLike[str]) -> tuple[FileSystem, str]:
    """Return the file system holding ``path`` and the path on it.

    Raises
    ------
    BadInputError
        If nothing exists at ``path`` or the URL cannot be opened.
    NewsmapError
        If ``path`` is a URL and fsspec is not installed.

    Examples
    --------
    >>> fs, where = locate("seeds")
    >>> type(fs).__name__, where
    ('LocalFiles', 'seeds')
    """
    text = os.fspath(path)
    if "://" not in text:
        fs, where = LocalFiles(), text
    else:
        try:
            import fsspec
        except ImportError:
            raise NewsmapError(
                f"{text}: reading URLs needs the fsspec package (pip install fsspec); "
                "local folders and files need nothing more"
            ) from None
        try:
            fs, where = fsspec.core.url_to_fs(text)
        except (ValueError, ImportError) as exc:
            raise BadInputError(text, f"cannot be opened: {exc}") from None
    if not fs.exists(where):
        raise BadInputError(text, "does not exist")
    return fs, where


def join(folder: str, rel: str) -> str:
    """Join a folder and a ``/`` path inside it (``""`` is the current folder)."""
    return f"{folder.rstrip('/')}/{rel}" if folder else rel


def split(where: str) -> tuple[str, str]:
    """Split a path into its folder and its name."""
    where = where.replace(os.sep, "/")
    folder, _, name = where.rpartition("/")
    return folder or ("/" if where.startswith("/") else ""), name


def read_bytes(fs: FileSystem, where: str, *, source: str, max_bytes: int) -> bytes:
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
