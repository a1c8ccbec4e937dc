"""Writing files so that nothing is ever half-written, and locking what processes share.

Every file Newsmap writes goes through :func:`atomic_write`: the content is written to a
temporary name in the target's folder (``.<name>.<random>.tmp<suffix>``), flushed to
disk, then renamed over the target with :func:`os.replace`, which is atomic on POSIX.
A crash leaves the old file or the new one, never a mix; the temporary file of a killed
process is recognised by :data:`TEMPORARY_GLOB` and removed by :func:`remove_temporaries`.

:func:`locked` takes an inter-process lock (``filelock``) on a path, for the
read-modify-write steps that two processes may run at once (uploads, a shared library).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

__all__ = [
    "TEMPORARY_GLOB",
    "atomic_write",
    "atomic_write_bytes",
    "atomic_write_text",
    "locked",
    "remove_temporaries",
]

#: The names of temporary files written by :func:`atomic_write`.
TEMPORARY_GLOB = ".*.tmp*"


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a fresh temporary path beside ``path``, then rename it to ``path``.

    ``write`` receives a path that does not exist yet (some writers, GDAL drivers among
    them, refuse to write over a file). The folder is created when missing. On any error
    the temporary file is removed and the error raised; ``path`` is left as it was.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = atomic_write(Path(tmp) / "a.txt", lambda p: p.write_text("hi"))
    ...     target.read_text(), sorted(q.name for q in Path(tmp).iterdir())
    ('hi', ['a.txt'])
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        write(tmp)
        _fsync(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`atomic_write`."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; see :func:`atomic_write`."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def _fsync(path: Path) -> None:
    if path.is_file():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def locked(path: str | os.PathLike[str], *, timeout: float = 60.0) -> Iterator[None]:
    """Hold an inter-process lock on ``path`` (a ``<path>.lock`` file beside it).

    Raises :class:`filelock.Timeout` when another process holds it longer than
    ``timeout`` seconds.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.with_name(f".{target.name}.lock")), timeout=timeout):
        yield


def remove_temporaries(folder: str | os.PathLike[str], *, older_than: float = 3600.0) -> int:
    """Remove the temporary files of :func:`atomic_write` that killed runs left in ``folder``.

    Only files matching :data:`TEMPORARY_GLOB` and untouched for ``older_than`` seconds
    are removed (a running writer's file is younger). Returns how many were removed.
    """
    now, removed = time.time(), 0
    for tmp in Path(folder).glob(TEMPORARY_GLOB):
        try:
            if tmp.is_file() and now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed
