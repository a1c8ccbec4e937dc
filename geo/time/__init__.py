"""The date normaliser: temporal expressions of a text resolved to :class:`TimeSpan` intervals.

:func:`find_timexes` scans a text once against a reference date; :func:`overlaps` is the
one rule for "does an interval overlap [since, until]?".
"""

from geo.time.timex import TimeSpan, find_timexes, infer_reference_date, overlaps

__all__ = ["TimeSpan", "find_timexes", "infer_reference_date", "overlaps"]
