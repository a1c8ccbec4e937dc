"""Pin a benchmark to one CPU, so that its rates are what one core gives."""

from __future__ import annotations

import os


def pin_one_core() -> str:
    """Run on one CPU; return a note saying which."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"
