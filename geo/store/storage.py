"""Where a dataset lives: a local folder or an fsspec URL that the driver and every worker reach.

A :class:`Storage` is a root on an fsspec file system plus the few calls the dataset
needs. Every write is whole-or-nothing:

- on a local file system (a path, ``file://``, or a shared file system mounted on every
  machine) through :func:`geo.files.atomic_write` (a temporary name, then a rename);
- on object storage (``s3://``, ``gcs://``, ...) with one ``pipe_file`` call: an object
  store shows an object only once its upload completed, so no reader sees part of it.

Readers trust only the files a ``_done`` marker lists (:mod:`geo.store`), so a temporary
file of a killed writer is never read whatever the storage.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

from geo.errors import BadInputError
from geo.files import atomic_write_bytes


@dataclass(frozen=True)
class Storage:
    """A dataset root on an fsspec file system.

    Attributes
    ----------
    location : str
        What the user gave (a path made absolute, or a URL); what tasks receive.
    fs : fsspec.AbstractFileSystem
        The file system.
    root : str
        The root's path on ``fs``.
    """

    location: str
    fs: object
    root: str

    @classmethod
    def at(cls, location: str | os.PathLike) -> Storage:
        """Return the storage at a local path or an fsspec URL (``file://``, ``s3://``, ...).

        Raises
        ------
        BadInputError
            If the URL's protocol is unknown or its package is not installed.

        Examples
        --------
        >>> Storage.at("file:///tmp/out").root
        '/tmp/out'
        """
        import fsspec

        text = os.fspath(location)
        if "://" not in text:
            text = os.path.abspath(text)
        try:
            fs, root = fsspec.core.url_to_fs(text)
        except (ValueError, ImportError) as exc:
            raise BadInputError(text, f"cannot be opened: {exc}") from None
        return cls(text, fs, root.rstrip("/") or "/")

    @classmethod
    def of(cls, dataset) -> Storage:
        """Return ``dataset`` if it is a Storage, else :meth:`at` it."""
        return dataset if isinstance(dataset, Storage) else cls.at(dataset)

    @property
    def is_local(self) -> bool:
        """Whether the files are on a local (or mounted) file system, with atomic renames."""
        from fsspec.implementations.local import LocalFileSystem

        return isinstance(self.fs, LocalFileSystem)

    def path(self, rel: str) -> str:
        """Return the path on ``fs`` of ``rel`` (a ``/`` path inside the root)."""
        return f"{self.root}/{rel}"

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write ``rel`` whole or not at all (see the module docstring)."""
        if self.is_local:
            atomic_write_bytes(self.path(rel), data)
        else:
            self.fs.pipe_file(self.path(rel), data)

    def write_text(self, rel: str, text: str) -> None:
        """Write ``rel`` as UTF-8 text, whole or not at all."""
        self.write_bytes(rel, text.encode("utf-8"))

    def read_text(self, rel: str) -> str | None:
        """Return the UTF-8 text of ``rel``, or None when it does not exist."""
        try:
            return self.fs.cat_file(self.path(rel)).decode("utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None

    def exists(self, rel: str = "") -> bool:
        """Tell whether ``rel`` (default: the root) exists."""
        return self.fs.exists(self.path(rel) if rel else self.root)

    def names(self, rel: str) -> list[str]:
        """Return the names in the folder ``rel``, sorted; [] when it does not exist."""
        try:
            found = self.fs.ls(self.path(rel), detail=False)
        except FileNotFoundError:
            return []
        return sorted(p.rstrip("/").rpartition("/")[2] for p in found)

    def remove(self, rel: str, *, recursive: bool = False) -> None:
        """Remove the file ``rel`` (or the folder, with ``recursive``) if it exists."""
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm(self.path(rel), recursive=recursive)
