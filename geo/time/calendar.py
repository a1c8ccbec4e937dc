"""Calendar arithmetic and TIMEX3 values for the date normaliser (:mod:`geo.time.timex`).

A :class:`Point` is one calendar unit (a day, a week, a month, a quarter, a season, a
year, a decade, a century) named by its grain and its first day. This module moves
points along the calendar, gives their inclusive bounds and their TIMEX3 values, and
computes movable holidays and duration values. It knows nothing about text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.time import lexicon as L

#: TIMEX3 values of the present, the past and the future.
REF_VALUES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
#: Months in a unit of each month-based grain.
GRAIN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12}
#: The schema precision (geo.frames.schema.DATE_PRECISIONS) of each grain.
PRECISION = {
    "day": "day", "week": "week", "weekend": "week", "month": "month", "quarter": "quarter",
    "half": "half_year", "season": "season", "year": "year", "decade": "decade",
    "century": "decade",
}  # fmt: skip


@dataclass(frozen=True)
class Point:
    """A calendar unit: its grain and its first day (Monday for weeks and weekends)."""

    grain: str
    first: date


def add_months(d: date, n: int) -> date:
    """Return ``d`` moved by ``n`` months, the day clipped to the month's length."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def days_before(d: date, days: int) -> date:
    """Return ``d`` minus ``days`` days, stopping at :data:`datetime.date.min` (no overflow).

    Examples
    --------
    >>> days_before(date(1, 1, 2), 365)
    datetime.date(1, 1, 1)
    """
    return d - timedelta(days=days) if d.toordinal() > days else date.min


def point_of(grain: str, d: date) -> Point:
    """Return the unit of ``grain`` that contains ``d``."""
    if grain in ("week", "weekend"):
        return Point(grain, d - timedelta(days=d.weekday()))
    if grain == "day":
        return Point(grain, d)
    if grain in ("decade", "century"):
        size = 10 if grain == "decade" else 100
        return Point(grain, date(d.year - d.year % size, 1, 1))
    if grain == "season":
        month0 = (d.month % 12) // 3 * 3  # Dec/Jan/Feb -> 0, Mar-May -> 3, ...
        year = d.year - (d.month <= 2)
        return Point(grain, date(year, 12, 1) if month0 == 0 else date(year, month0, 1))
    size = GRAIN_MONTHS[grain]
    return Point(grain, date(d.year, (d.month - 1) // size * size + 1, 1))


def shift(p: Point, n: int) -> Point:
    """Return the unit ``n`` units of the same grain after ``p`` (before it when negative)."""
    if p.grain == "day":
        return Point("day", p.first + timedelta(days=n))
    if p.grain in ("week", "weekend"):
        return Point(p.grain, p.first + timedelta(weeks=n))
    months = {"decade": 120, "century": 1200}.get(p.grain) or GRAIN_MONTHS[p.grain]
    return Point(p.grain, add_months(p.first, n * months))


def bounds(p: Point) -> tuple[date, date]:
    """Return the first and last day of a unit (inclusive)."""
    if p.grain == "day":
        return p.first, p.first
    if p.grain == "week":
        return p.first, p.first + timedelta(days=6)
    if p.grain == "weekend":
        return p.first + timedelta(days=5), p.first + timedelta(days=6)
    return p.first, shift(p, 1).first - timedelta(days=1)


def value_of(p: Point) -> str:
    """Return the TIMEX3 value of a unit: ``2025-10``, ``2025-W44``, ``2025-SP``, ``199`` ..."""
    d = p.first
    if p.grain == "day":
        return d.isoformat()
    if p.grain in ("week", "weekend"):
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if p.grain == "weekend" else "")
    if p.grain == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if p.grain == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if p.grain == "half":
        return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
    if p.grain == "season":
        return f"{d.year:04d}-" + {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[d.month]
    if p.grain == "year":
        return f"{d.year:04d}"
    return str(d.year // (10 if p.grain == "decade" else 100))


def part_of(p: Point, mod: str) -> tuple[date, date]:
    """Return the early (START), middle (MID) or late (END) third of a unit."""
    start, end = bounds(p)
    if p.grain == "month":
        cut1, cut2 = start.replace(day=10), start.replace(day=20)
    else:
        third = ((end - start).days + 1) // 3
        cut1, cut2 = start + timedelta(days=third - 1), end - timedelta(days=third)
    if mod == "START":
        return start, cut1
    if mod == "MID":
        return cut1 + timedelta(days=1), cut2
    return cut2 + timedelta(days=1), end


#: The calendar grain that a TimeML unit counts in.
UNIT_GRAIN = {
    "S": "day", "MIN": "day", "H": "day", "D": "day", "W": "week", "FN": "week", "M": "month",
    "Q": "quarter", "Y": "year", "DE": "year", "CE": "year", "ML": "year",
}  # fmt: skip
#: Units that count several steps of their grain.
UNIT_STEPS = {"FN": 2, "DE": 10, "CE": 100, "ML": 1000}


def unit_code(name: str) -> str:
    """Return the TimeML unit letter(s) of a unit word ("years" -> "Y", "centuries" -> "CE")."""
    return L.UNITS[name.lower().rstrip("s")] if name.lower() != "centuries" else "CE"


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """Return the n-th (or, for n = -1, the last) given weekday of a month."""
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def holiday(name: str, year: int) -> date:
    """Return the date of a named holiday ("Christmas", "Easter Monday" ...) in ``year``."""
    key = re.sub(r"\s+", " ", name.lower())
    fixed = {
        "christmas eve": (12, 24), "christmas": (12, 25), "christmas day": (12, 25),
        "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
        "independence day": (7, 4), "fourth of july": (7, 4), "valentine's day": (2, 14),
        "boxing day": (12, 26),
    }  # fmt: skip
    if key in fixed:
        return date(year, *fixed[key])
    if key.startswith("thanksgiving"):
        return nth_weekday(year, 11, 3, 4)
    if key == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if key == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    shift = {"good friday": -2, "easter monday": 1}.get(key, 0)
    return easter(year) + timedelta(days=shift)


def duration_value(n, unit: str) -> str:
    """Return the TIMEX3 value of ``n`` units (``P3Y``, ``PT2H``); ``n`` None gives ``PXY``."""
    if n is None:
        return f"PX{ {'MIN': 'M', 'FN': 'W'}.get(unit, unit) }".replace(" ", "")
    if unit in ("S", "MIN", "H"):
        letter = {"S": "S", "MIN": "M", "H": "H"}[unit]
        if n != int(n):
            return f"PT{int(n)}{letter}{int(n % 1 * 60)}{'M' if unit == 'H' else 'S'}"
        return f"PT{int(n)}{letter}"
    scale = {"FN": (2, "W"), "DE": (10, "Y"), "CE": (100, "Y"), "ML": (1000, "Y")}
    factor, letter = scale.get(unit, (1, unit))
    total = n * factor
    if total != int(total):
        if letter == "Y":
            return f"P{int(total)}Y{round(total % 1 * 12)}M"
        total = round(total)
    return f"P{int(total)}{letter}"
