"""Temporal expressions in English news text, normalised to date intervals and TIMEX3 values.

Every expression becomes a :class:`TimeSpan`: an inclusive interval of dates with a
precision (one of :data:`geo.frames.schema.DATE_PRECISIONS`), the phrase and its character
offsets, and a TimeML TIMEX3 type, value and mod. Relative expressions resolve against
a reference date (the article's published date) or, for "two days later" and "the
next day", against the previous explicit date in the text. The regular expressions
live in :mod:`geo.time.rules`, the calendar arithmetic in :mod:`geo.time.calendar`,
the resolution of matches in :mod:`geo.time.resolve` and :mod:`geo.time.relative`,
and the scan that ties them together in :mod:`geo.time.scan`; this module holds
the public API.

Conventions (TimeML / TimeBank): the TIMEX3 extent leaves out signals such as
"since", "in" and "on" but keeps approximators ("about two years"); the phrase of a
:class:`TimeSpan` keeps the signal, because "since September" is open-ended while
"September" is not. Seasons are northern-hemisphere meteorological seasons (winter
2025 is December 2025 to February 2026). A century has precision "decade", the
coarsest precision the schema has.

Values follow the annotation of TimeBank and AQUAINT (TempEval-3): a weekday or a
month without a year is the nearest one before the reference unless the sentence
before it is in the future ("will", "is due to", "effective"; a modal such as "would"
moves a month but not a weekday; a past perfect does not: "it had been due to expire
Friday", "until Thursday, they had not"); "Friday night" is dated as the day, "mid-afternoon"
is a TIME with mod MID; "the year", "for the year" and "the full year" are the year
(the reference's, or that of the date before: "in June 1998 ... later that year"),
while "the year ended June 30" is a duration (P1Y); in earnings reports "a year
earlier" and "the year-ago quarter" are that quarter a year before, but the year
after "the first nine months", and the quarter they compare is the last one named
even with a day or month named since ("the quarter ended Sept. 30"); "today's youth"
is not a day. "Three days later" and "a day earlier" are DURATIONs (the signal
"later" is not part of the time), but keep the day they reach as their interval; a
year "earlier" stays a DATE. A sentence-initial "Now," is a discourse marker.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from geo.time.calendar import REF_VALUES
from geo.time.scan import Expressions, Hit, read_expressions, scan

__all__ = ["TimeSpan", "date_label", "find_timexes", "overlaps"]


@dataclass(frozen=True)
class TimeSpan:
    """One temporal expression of a text, resolved to an interval of dates.

    Attributes
    ----------
    start, end : datetime.date or None
        The inclusive interval; None on an open side or for durations and sets, except
        a duration counted from a date ("three days later"), which keeps the day reached.
    precision : str
        One of :data:`geo.frames.schema.DATE_PRECISIONS`.
    phrase : str
        The words, signal included (``"since September"``); ``text[start_char:end_char]``.
    start_char, end_char : int
        Offsets of ``phrase`` in the text (Python ``str`` offsets, end exclusive).
    timex_type : str
        ``"DATE"``, ``"TIME"``, ``"DURATION"`` or ``"SET"``.
    timex_value : str
        The TIMEX3 value, e.g. ``"2025-10"``, ``"2025-SP"``, ``"P3Y"``, ``"PAST_REF"``.
    mod : str or None
        The TIMEX3 mod: ``"START"``, ``"MID"``, ``"END"``, ``"APPROX"``, ...
    anchored : bool
        True when the value depends on the reference date or on an earlier date.
    timex_start, timex_end : int
        Offsets of the TIMEX3 extent (the phrase without its signal).
    signal : str or None
        The signal word kept in the phrase, e.g. ``"since"``, lower case.
    anchor : str
        ``"absolute"``, ``"year"`` (a calendar name whose year comes from the reference),
        ``"reference"`` (deictic: "yesterday") or ``"previous"`` ("two days later").
    """

    start: date | None
    end: date | None
    precision: str
    phrase: str
    start_char: int
    end_char: int
    timex_type: str
    timex_value: str
    mod: str | None
    anchored: bool
    timex_start: int = -1
    timex_end: int = -1
    signal: str | None = None
    anchor: str = "absolute"


def _span(text: str, hit: Hit) -> TimeSpan:
    found = hit.found
    return TimeSpan(
        start=found.start,
        end=found.end,
        precision=found.precision or "undated",
        phrase=text[hit.start_char : hit.end_char],
        start_char=hit.start_char,
        end_char=hit.end_char,
        timex_type=found.kind,
        timex_value=found.value,
        mod=found.mod,
        anchored=found.anchor != "absolute",
        timex_start=hit.timex_start,
        timex_end=hit.end_char,
        signal=hit.signal,
        anchor=found.anchor,
    )


def _times_of_day_on_dates(text: str, spans: list[TimeSpan]) -> list[TimeSpan]:
    """Give a time of day the date right after it: "overnight on March 3" is March 3's night.

    Alone, "overnight" or "tonight" counts from the article's date; followed by a day it
    belongs to that day.
    """
    out = list(spans)
    for i, (now, nxt) in enumerate(zip(spans, spans[1:], strict=False)):
        gap = text[now.end_char : nxt.start_char].strip().lower()
        if (
            now.anchor == "reference"
            and now.precision == "day"
            and nxt.precision == "day"
            and nxt.anchor != "reference"
            and nxt.start is not None
            and gap in ("", "on", "of", ",")
            and nxt.signal in (None, "on", "of")  # not "from today through Nov. 17"
        ):
            value = nxt.timex_value[:10] + now.timex_value[10:]
            out[i] = replace(
                now, start=nxt.start, end=nxt.end, timex_value=value,
                anchor=nxt.anchor, anchored=nxt.anchored,
            )  # fmt: skip
    return out


# --- public API -----------------------------------------------------------------------


def find_timexes(
    text: str,
    *,
    reference: date | None,
    expressions: Expressions | None = None,
    prefer: str = "auto",
) -> tuple[TimeSpan, ...]:
    """Every temporal expression of ``text``, in order, resolved against ``reference``.

    Parameters
    ----------
    text : str
        English news text.
    reference : datetime.date or None
        The article's date: "yesterday", "last year" and month names without a year
        resolve against it. None when it is unknown: expressions that name their own
        year still resolve; the others are kept unresolved (no ``start`` or ``end``,
        precision ``"undated"``, ``X`` for the digits of their value: ``"XXXX-09"``).
    expressions : Expressions, optional
        The text's expressions from :func:`geo.time.scan.read_expressions`, when they
        were already read (to resolve one text against several references, read once).
    prefer : str
        ``"auto"``, or ``"future"`` to read a month or weekday without a year as the
        first one on or after the reference.

    Returns
    -------
    tuple of TimeSpan
        In text order, non-overlapping; ``text[s.start_char:s.end_char] == s.phrase``.

    Raises
    ------
    TypeError
        If ``reference`` is neither a date nor None.
    ValueError
        If ``expressions`` were read from another text.

    Examples
    --------
    >>> from datetime import date
    >>> [(s.phrase, s.timex_value, str(s.start), str(s.end))
    ...  for s in find_timexes("Troops arrived in late October.", reference=date(2025, 10, 31))]
    [('in late October', '2025-10', '2025-10-21', '2025-10-31')]
    >>> [(s.phrase, s.timex_value, s.start) for s in find_timexes("in September", reference=None)]
    [('in September', 'XXXX-09', None)]
    """
    if reference is not None and not isinstance(reference, date):
        raise TypeError(f"reference must be a datetime.date, got {type(reference).__name__}")
    if expressions is None:
        expressions = read_expressions(text)
    elif expressions.text != text:
        raise ValueError("expressions were read from another text")
    spans = [_span(text, hit) for hit in scan(expressions, reference, prefer)]
    return tuple(_times_of_day_on_dates(text, spans))


_MONTH_ABBR = [calendar.month_abbr[i] for i in range(13)]
_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_MOD_WORDS = {"START": "early ", "MID": "mid ", "END": "late ", "APPROX": "c. "}


def _value_label(value: str) -> str | None:
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value)
    if m:
        return f"{int(m[3])} {_MONTH_ABBR[int(m[2])]} {m[1]}"
    m = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if m:
        return f"{_MONTH_ABBR[int(m[2])]} {m[1]}"
    m = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value)
    if m:
        return f"{'weekend' if m[3] else 'week'} {int(m[2])} {m[1]}"
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        tail = f"/{(int(m[1]) + 1) % 100:02d}" if m[2] == "WI" else ""
        return f"{_SEASON_NAMES[m[2]]} {m[1]}{tail}"
    m = re.fullmatch(r"(\d{4})-([QH]\d)", value)
    if m:
        return f"{m[2]} {m[1]}"
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0s"
    if re.fullmatch(r"\d{1,2}", value):
        n = int(value) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} century"
    return {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in future"}.get(value)


def date_label(span: TimeSpan) -> str:
    """Label a span for people: "late Oct 2025", "since Sep 2025", "12 Mar 2025".

    Parameters
    ----------
    span : TimeSpan
        A span from :func:`find_timexes`.

    Returns
    -------
    str
        The label; the phrase itself for durations and sets.

    Examples
    --------
    >>> from datetime import date
    >>> [date_label(s) for s in find_timexes("since September", reference=date(2025, 10, 31))]
    ['since Sep 2025']
    """
    base = _value_label(span.timex_value) if span.timex_type in ("DATE", "TIME") else None
    if base is None:
        return " ".join(span.phrase.split())
    if span.mod in _MOD_WORDS and span.timex_value not in REF_VALUES:
        base = _MOD_WORDS[span.mod] + base
    if span.signal in ("since", "until", "before", "after", "by"):
        return f"{span.signal} {base}"
    return base


def overlaps(
    span_or_start_end: TimeSpan | tuple[date | None, date | None],
    since: date | None,
    until: date | None,
) -> bool:
    """Whether an interval overlaps ``[since, until]`` (either end may be open: None).

    Parameters
    ----------
    span_or_start_end : TimeSpan or tuple of (date or None, date or None)
        The interval; None on a side means unbounded there. An interval with neither
        end (a duration, an undated span) overlaps only an unbounded filter.
    since, until : datetime.date or None
        The filter's inclusive bounds; None is unbounded.

    Returns
    -------
    bool

    Examples
    --------
    >>> from datetime import date
    >>> overlaps((date(2025, 9, 1), None), date(2025, 10, 1), date(2025, 10, 31))
    True
    >>> overlaps((date(2024, 6, 1), date(2024, 6, 30)), date(2025, 1, 1), None)
    False
    """
    if isinstance(span_or_start_end, TimeSpan):
        start, end = span_or_start_end.start, span_or_start_end.end
    else:
        start, end = span_or_start_end
    if start is None and end is None:
        return since is None and until is None
    if since is not None and end is not None and end < since:
        return False
    return not (until is not None and start is not None and start > until)
