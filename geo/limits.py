"""A time budget for one piece of work, so one article can only fail itself.

:func:`time_budget` raises :class:`BudgetExceeded` inside the work when it runs longer
than its budget. It uses ``SIGALRM``, so it is enforced only in the main thread of a
POSIX process (the command line); elsewhere (the app's script threads, Dask workers) it
does nothing, and the size limits of :mod:`geo.corpus` are the bound on the work.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from geo.errors import NewsmapError

__all__ = ["ARTICLE_SECONDS", "BudgetExceeded", "time_budget"]

#: The time one article may take in the pipeline, in seconds.
ARTICLE_SECONDS = 120.0


class BudgetExceeded(NewsmapError):
    """A piece of work ran longer than its time budget."""


def _enforceable() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the ``with`` block after ``seconds`` seconds.

    Does nothing outside the main thread or when another ``SIGALRM`` handler is set.

    Examples
    --------
    >>> with time_budget(5.0):
    ...     total = sum(range(1000))
    >>> total
    499500
    """
    if seconds <= 0 or not _enforceable():
        yield
        return

    def expired(signum, frame):
        raise BudgetExceeded(f"took longer than its budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
