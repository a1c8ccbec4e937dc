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

import ctypes
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path

from filelock import FileLock

__all__ = [
    "TEMPORARY_GLOB",
    "atomic_folder",
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


def remove_temporaries(
    folder: str | os.PathLike[str], *, older_than: float = 3600.0, of: str = ""
) -> int:
    """Remove the temporaries that killed runs left in ``folder``.

    Files and folders matching :data:`TEMPORARY_GLOB` (those of :func:`atomic_write`,
    :func:`atomic_folder` and the index build) untouched for ``older_than`` seconds are
    removed (a running writer's are younger; pass 0 while holding the :func:`locked`
    lock that every writer of ``folder`` takes). ``of`` limits it to the temporaries
    of one name (``of="out"``: ``.out.*``). Returns how many were removed.
    """
    now, removed = time.time(), 0
    for tmp in Path(folder).glob(f".{of}.*.tmp*" if of else TEMPORARY_GLOB):
        try:
            if now - tmp.lstat().st_mtime < older_than:
                continue
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp)
            else:
                tmp.unlink()
            removed += 1
        except OSError:
            continue
    return removed


@contextmanager
def atomic_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield an empty temporary folder to fill; when the block ends, it becomes ``path``.

    The set of files appears at once: the new folder takes ``path``'s place in one
    atomic exchange (Linux ``renameat2``; elsewhere two renames, between which ``path``
    is briefly missing, never mixed). Entries of the old ``path`` that the new set does
    not hold are kept (hard-linked, else copied). A killed run leaves only a hidden
    ``.<name>.*.tmpdir`` beside ``path``, which :func:`remove_temporaries` removes.
    Hold :func:`locked` on ``path`` around this when two processes may write it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with atomic_folder(Path(tmp) / "out") as new:
    ...         _ = (new / "a.txt").write_text("hi")
    ...     sorted(p.name for p in Path(tmp).iterdir()), (Path(tmp) / "out" / "a.txt").read_text()
    (['out'], 'hi')
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmpdir", dir=target.parent))
    os.chmod(new, 0o755)
    try:
        yield new
        if not target.is_dir():
            os.replace(new, target)
            return
        for old in target.iterdir():
            if not (new / old.name).exists() and not fnmatch(old.name, TEMPORARY_GLOB):
                _keep(old, new / old.name)
        _exchange(new, target)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # the old set after an exchange


def _keep(old: Path, new: Path) -> None:
    if old.is_dir() and not old.is_symlink():
        shutil.copytree(old, new, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(old, new)


def _link_or_copy(old, new) -> None:
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError:
        shutil.copy2(old, new, follow_symlinks=False)


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders' names, atomically where the system can."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    at_fdcwd, rename_exchange = -100, 2
    if (
        renameat2 is not None
        and renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    ):
        return
    parked = a.with_name(a.name + ".old.tmpdir")
    os.rename(b, parked)
    os.rename(a, b)
    os.rename(parked, a)
