"""One small family of errors for Newsmap.

Every error Newsmap raises on purpose derives from :class:`NewsmapError`; the ones
caused by bad input also derive from :class:`ValueError`, so callers that only know
the standard library can still catch them.
"""

from __future__ import annotations


class NewsmapError(Exception):
    """Base class of every error Newsmap raises on purpose."""


class BadInputError(NewsmapError, ValueError):
    """An input file or value is malformed; the message names the file and the problem.

    Parameters
    ----------
    source : str
        The file (or other input) that is bad, e.g. ``"seeds/places.csv:12"``.
    problem : str
        What is wrong with it, in words a user can act on.

    Examples
    --------
    >>> str(BadInputError("seeds/places.csv:12", "lat 'abc' is not a number"))
    "seeds/places.csv:12: lat 'abc' is not a number"
    """

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class GazetteerError(NewsmapError):
    """The gazetteer index is missing, stale or cannot be built."""
