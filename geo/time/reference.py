"""The reference date of an article: the day its relative dates count from, and its rule.

:func:`date_article` reads the text's temporal expressions once
(:func:`geo.time.scan.read_expressions`), chooses the reference by the first rule that
applies, and resolves the expressions against it:

``published``
    the published date the manifest, the front matter or the JSON Lines record gives;
``html-meta``
    the publication date the HTML page states in its metadata
    (:func:`geo.corpus.published.html_published`);
``dateline``
    the date of the dateline at the head of the text ("TBILISI, December 1, 2024 —");
    a dateline without a year ("KARACHI, Aug 27 (Reuters) -") takes it from the nearest
    date with a year the text names (the year that puts the dateline's day closest to
    it);
``latest-in-text``
    the latest full date (a day with its year) the text states; without one, the end of
    the latest week, month, season, quarter or half with its year, moved on by the months and days
    without a year the text names (each read as the first on or after it: "the spring
    of 2025 ... in late October" gives 31 October 2025). A year alone is too coarse
    ("elections in 2028" would date the article at the end of 2028);
``none``
    nothing: the expressions that need a reference stay unresolved (see
    :func:`geo.time.timex.find_timexes` with ``reference=None``), and a note says so.

**Never the machine clock.** A date before :data:`EARLIEST` or after :data:`LATEST`
(a placeholder such as 0001-01-01) is refused with a note and the next rule applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from geo.time.scan import read_expressions
from geo.time.timex import TimeSpan, find_timexes

__all__ = ["EARLIEST", "LATEST", "REFERENCE_RULES", "Reference", "date_article"]

#: The rules, in the order they are tried.
REFERENCE_RULES = ("published", "html-meta", "dateline", "latest-in-text", "none")
#: The range of plausible reference dates; a date outside it is refused.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
#: Grains of the explicit dates that can stand for the article's date when no full date does.
_COARSE = ("week", "month", "part_of_month", "season", "quarter", "half_year")


@dataclass(frozen=True)
class Reference:
    """The reference date of an article and how it was chosen.

    Attributes
    ----------
    day : datetime.date or None
        The date relative expressions resolve against; None when no rule gives one.
    rule : str
        One of :data:`REFERENCE_RULES`: the rule that chose ``day``.
    notes : tuple of str
        What the user should know: a refused date, or that the article has none.
    """

    day: date | None
    rule: str
    notes: tuple[str, ...] = ()

    @property
    def inferred(self) -> bool:
        """Whether the date was inferred from the text (a dateline or the latest date)."""
        return self.rule in ("dateline", "latest-in-text")


def _plausible(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def _refused(what: str, day: date) -> str:
    return (
        f"{what} {day.isoformat()} is out of range ({EARLIEST.year}-{LATEST.year}); "
        "ignored as a reference date"
    )


def _explicit(spans: Iterable[TimeSpan]) -> list[TimeSpan]:
    """Return the dates with their own year, of a scan without a reference."""
    return [
        s
        for s in spans
        if s.anchor == "absolute"
        and s.timex_type in ("DATE", "TIME")
        and s.start is not None
        and s.end is not None
    ]


def dateline_day(month: int, day: int, spans: tuple[TimeSpan, ...], where: int) -> date | None:
    """Date a dateline without a year: in the year of the nearest date with one.

    Parameters
    ----------
    month, day : int
        The dateline's month and day.
    spans : tuple of TimeSpan
        The text's expressions resolved without a reference.
    where : int
        The dateline's offset in the text.

    Returns
    -------
    datetime.date or None
        The dateline's day in the year (that date's year, the one before or after) that
        puts it closest to the nearest date with a year (within it: "in 2024" gives
        2024); None when the text names no year.
    """
    dated = _explicit(spans)
    if not dated:
        return None
    near = min(dated, key=lambda s: abs(s.start_char - where))
    years = (near.start.year - 1, near.start.year, near.start.year + 1)
    days = [d for d in (_day(year, month, day) for year in years) if d is not None]
    return min(days, key=lambda d: _distance(d, near.start, near.end), default=None)


def _day(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when there is no such day (30 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _distance(day: date, start: date, end: date) -> int:
    """Days from ``day`` to the interval ``[start, end]`` (0 inside it)."""
    return max((start - day).days, (day - end).days, 0)


def latest_in_text(text: str, spans: tuple[TimeSpan, ...], expressions) -> date | None:
    """Return the latest full date the text states (see the module's ``latest-in-text``).

    Parameters
    ----------
    text : str
        The text.
    spans : tuple of TimeSpan
        Its expressions resolved without a reference.
    expressions : Expressions
        Its expressions, to read the yearless ones against a first guess.

    Returns
    -------
    datetime.date or None
    """
    dated = _explicit(spans)
    full = [s.end for s in dated if s.precision == "day"]
    if full:
        return max(full)
    coarse = [s.end for s in dated if s.precision in _COARSE]
    if not coarse:
        return None
    guess = max(coarse)
    ahead = find_timexes(text, reference=guess, expressions=expressions, prefer="future")
    yearless = [s.end for s in ahead if s.anchor == "year" and s.end is not None]
    return max([guess, *yearless])


def date_article(
    text: str,
    *,
    published: date | None = None,
    meta_published: tuple[date, ...] = (),
    dateline: tuple[int, int, int | None, int] | None = None,
) -> tuple[Reference, tuple[TimeSpan, ...]]:
    """Choose an article's reference date and resolve its temporal expressions against it.

    Parameters
    ----------
    text : str
        The article's text.
    published : datetime.date, optional
        The published date given with the article (manifest, front matter, JSON Lines).
    meta_published : tuple of datetime.date
        The publication dates its HTML metadata states, most trusted first.
    dateline : tuple of (int, int, int or None, int), optional
        The month, day and year (None when it gives none) of its dateline, and the
        dateline's offset in the text; None when it has no dated dateline.

    Returns
    -------
    reference : Reference
    timexes : tuple of TimeSpan
        The text's expressions resolved against ``reference.day`` (unresolved where they
        need it and it is None).

    Examples
    --------
    >>> ref, _ = date_article("KARACHI, Aug 27 (Reuters) - Floods hit the city in 2024.",
    ...                       dateline=(8, 27, None, 0))
    >>> ref.day, ref.rule
    (datetime.date(2024, 8, 27), 'dateline')
    >>> ref, spans = date_article("On Tuesday, troops arrived.")
    >>> ref.rule, spans[0].phrase, spans[0].start
    ('none', 'On Tuesday', None)
    """
    expressions = read_expressions(text)
    notes: list[str] = []
    given = [("published", "published date", published)]
    given += [("html-meta", "HTML metadata date", d) for d in meta_published]
    for rule, what, day in given:
        if day is None:
            continue
        if _plausible(day):
            spans = find_timexes(text, reference=day, expressions=expressions)
            return Reference(day, rule, tuple(notes)), spans
        notes.append(_refused(what, day))
    unanchored = find_timexes(text, reference=None, expressions=expressions)
    found: list[tuple[str, date | None]] = []
    if dateline is not None:
        month, day, year, where = dateline
        on = dateline_day(month, day, unanchored, where) if year is None else _day(year, month, day)
        found.append(("dateline", on))
        if on is None:
            notes.append(
                f"the dateline's date (month {month}, day {day}) "
                + ("is not a valid day" if year else "has no year and the text names none")
                + "; ignored"
            )
    found.append(("latest-in-text", latest_in_text(text, unanchored, expressions)))
    for rule, day in found:
        if day is None:
            continue
        if _plausible(day):
            spans = find_timexes(text, reference=day, expressions=expressions)
            return Reference(day, rule, tuple(notes)), spans
        notes.append(_refused(f"{rule} date", day))
    notes.append(
        "no reference date (no published date, no date in the page's metadata, no dated "
        "dateline, no full date in the text): relative dates ('on Tuesday', 'last week') "
        "are left unresolved; set the date with the 'published' column of manifest.csv "
        "or the 'published' field of the JSON Lines record"
    )
    return Reference(None, "none", tuple(notes)), unanchored
