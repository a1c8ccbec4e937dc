"""The date normaliser: temporal expressions of a text resolved to :class:`TimeSpan` intervals.

:func:`read_expressions` reads a text's expressions once; :func:`find_timexes` resolves them
against a reference date (or none); :func:`date_article` chooses an article's reference date
(:mod:`geo.time.reference`) and resolves its expressions against it; :func:`overlaps` is the
one rule for "does an interval overlap [since, until]?".
"""

from geo.time.reference import Reference, date_article
from geo.time.scan import read_expressions
from geo.time.timex import TimeSpan, find_timexes, overlaps

__all__ = ["Reference", "TimeSpan", "date_article", "find_timexes", "overlaps", "read_expressions"]
