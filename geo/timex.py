"""Temporal expressions in English news text, normalised to date intervals and TIMEX3 values.

Every expression becomes a :class:`TimeSpan`: an inclusive interval of dates with a
precision (one of :data:`geo.schema.DATE_PRECISIONS`), the phrase and its character
offsets, and a TimeML TIMEX3 type, value and mod. Relative expressions resolve against
a reference date (the article's published date) or, for "two days later" and "the
next day", against the previous explicit date in the text. The regular expressions
live in :mod:`geo.timex_rules`; this module does the calendar arithmetic.

Conventions (TimeML / TimeBank): the TIMEX3 extent leaves out signals such as
"since", "in" and "on" but keeps approximators ("about two years"); the phrase of a
:class:`TimeSpan` keeps the signal, because "since September" is open-ended while
"September" is not. Seasons are northern-hemisphere meteorological seasons (winter
2025 is December 2025 to February 2026). A century has precision "decade", the
coarsest precision the schema has.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo import timex_rules as R

__all__ = ["TimeSpan", "date_label", "find_timexes", "infer_reference_date", "overlaps"]

_GRAIN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12}
_PRECISION = {
    "day": "day", "week": "week", "weekend": "week", "month": "month", "quarter": "quarter",
    "half": "half_year", "season": "season", "year": "year", "decade": "decade",
    "century": "decade",
}  # fmt: skip
_REF_VALUES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


@dataclass(frozen=True)
class TimeSpan:
    """One temporal expression of a text, resolved to an interval of dates.

    Attributes
    ----------
    start, end : datetime.date or None
        The inclusive interval; None on an open side or for durations and sets.
    precision : str
        One of :data:`geo.schema.DATE_PRECISIONS`.
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


# --- calendar -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    """A calendar unit: its grain and its first day (Monday for weeks and weekends)."""

    grain: str
    first: date


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _point(grain: str, d: date) -> _Point:
    """Return the unit of ``grain`` that contains ``d``."""
    if grain in ("week", "weekend"):
        return _Point(grain, d - timedelta(days=d.weekday()))
    if grain == "day":
        return _Point(grain, d)
    if grain in ("decade", "century"):
        size = 10 if grain == "decade" else 100
        return _Point(grain, date(d.year - d.year % size, 1, 1))
    if grain == "season":
        month0 = (d.month % 12) // 3 * 3  # Dec/Jan/Feb -> 0, Mar-May -> 3, ...
        year = d.year - (d.month <= 2)
        return _Point(grain, date(year, 12, 1) if month0 == 0 else date(year, month0, 1))
    size = _GRAIN_MONTHS[grain]
    return _Point(grain, date(d.year, (d.month - 1) // size * size + 1, 1))


def _shift(p: _Point, n: int) -> _Point:
    if p.grain == "day":
        return _Point("day", p.first + timedelta(days=n))
    if p.grain in ("week", "weekend"):
        return _Point(p.grain, p.first + timedelta(weeks=n))
    months = {"decade": 120, "century": 1200}.get(p.grain) or _GRAIN_MONTHS[p.grain]
    return _Point(p.grain, _add_months(p.first, n * months))


def _bounds(p: _Point) -> tuple[date, date]:
    if p.grain == "day":
        return p.first, p.first
    if p.grain == "week":
        return p.first, p.first + timedelta(days=6)
    if p.grain == "weekend":
        return p.first + timedelta(days=5), p.first + timedelta(days=6)
    return p.first, _shift(p, 1).first - timedelta(days=1)


def _value(p: _Point) -> str:
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


def _part(p: _Point, mod: str) -> tuple[date, date]:
    """Return the early (START), middle (MID) or late (END) third of a unit."""
    start, end = _bounds(p)
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


# --- resolution -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """What a handler makes of one match, before modifiers and signals."""

    kind: str  # DATE | TIME | DURATION | SET
    value: str
    point: _Point | None = None
    anchor: str = "absolute"
    mod: str | None = None
    start: date | None = None
    end: date | None = None
    precision: str | None = None


@dataclass
class _Context:
    text: str
    reference: date
    prefer: str  # "auto" | "future" (used to infer a reference date)
    last_day: _Point | None = None
    last_point: _Point | None = None
    direction: str = "auto"  # per match: "auto" | "past" | "future"


def _direction(ctx: _Context, start: int, end: int, signal: str | None) -> str:
    if ctx.prefer == "future":
        return "future"
    if signal == "since":
        return "past"
    if signal in ("until", "till", "by", "through", "as early as", "no later than"):
        return "future"
    left = max(ctx.text.rfind(c, max(0, start - 200), start) for c in ".!?\n")
    before = ctx.text[max(left + 1, start - 200) : start]
    return "future" if R.prefix_patterns()["future"].search(before) else "auto"


def _pick(ctx: _Context, build, anchor: str = "year") -> _Found | None:
    """Resolve a calendar name without a year: ``build(year)`` gives a point or None."""
    ref = ctx.reference
    cands = [p for p in (build(y) for y in range(ref.year - 2, ref.year + 3)) if p]
    if not cands:
        return None
    started = [p for p in cands if p.first <= ref]
    ahead = [p for p in cands if p.first > ref]
    if ctx.direction == "future":
        choice = next((p for p in cands if _bounds(p)[1] >= ref), cands[-1])
        if ctx.prefer != "future" and (choice.first - ref).days > 200:
            choice = started[-1] if started else choice
    elif ctx.direction == "auto" and ahead and (ahead[0].first - ref).days <= 62:
        choice = ahead[0]
    else:
        choice = started[-1] if started else cands[0]
    return _date(choice, anchor)


def _date(p: _Point, anchor: str = "absolute") -> _Found:
    kind = "DATE"
    return _Found(kind, _value(p), p, anchor)


def _weekday(ctx: _Context, wd: int, rel: str | None) -> _Point:
    ref = ctx.reference
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    if rel == "last":
        return _Point("day", ref - timedelta(days=back or 7))
    if rel == "next":
        return _Point("day", ref + timedelta(days=ahead or 7))
    if rel == "this":
        return _Point("day", ref + timedelta(days=wd - ref.weekday()))
    if ctx.direction == "future":
        return _Point("day", ref + timedelta(days=ahead))
    return _Point("day", ref - timedelta(days=back))


def _month_of(name: str) -> int:
    return R.MONTHS[name.rstrip(".").lower()]


def _year_of(text: str | None, ref: date) -> int | None:
    if not text:
        return None
    words = re.sub(r"\s+", " ", text.lower())
    offsets = {"this year": 0, "the year": 0, "the current year": 0, "last year": -1}
    if words in offsets or words == "next year":
        return ref.year + offsets.get(words, 1)
    return int(words)


def _day_point(ctx: _Context, m: re.Match[str]) -> _Found | None:
    month, day = _month_of(m["mon"]), int(re.sub(r"\D", "", m["day"]))
    year = m.groupdict().get("y")

    def build(year: int) -> _Point | None:
        if day > calendar.monthrange(year, month)[1]:
            return None
        return _Point("day", date(year, month, day))

    if year:
        p = build(int(year))
        return _date(p) if p else None
    return _pick(ctx, build)


def _h_iso(m, ctx):
    try:
        return _date(_Point("day", date(int(m["y"]), int(m["m"]), int(m["d"]))))
    except ValueError:
        return None


def _h_numeric(m, ctx):
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    y = y + (1900 if y >= 50 else 2000) if y < 100 else y
    month, day = (a, b) if a <= 12 else (b, a)
    try:
        return _date(_Point("day", date(y, month, day)))
    except ValueError:
        return None


def _h_time(m, ctx):
    if m["named"]:
        hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[m["named"]]
    else:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        if hour > 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    anchor = "reference"
    if m["wd"]:
        day = _weekday(ctx, R.WEEKDAYS[m["wd"].lower()], None)
    elif m["dw"]:
        shift = {"yesterday": -1, "tomorrow": 1}.get(m["dw"].lower(), 0)
        day = _Point("day", ctx.reference + timedelta(days=shift))
    elif m["mon"]:
        found = _day_point(ctx, m)
        if found is None:
            return None
        day, anchor = found.point, found.anchor
    else:
        day = ctx.last_day or _Point("day", ctx.reference)
    mod = "APPROX" if m["approx"] else None
    value = f"{_value(day)}T{hour:02d}:{minute:02d}"
    return _Found("TIME", value, day, anchor, mod)


def _h_mdy(m, ctx):
    return _day_point(ctx, m)


_h_dmy = _h_mdy


def _h_month_year(m, ctx):
    return _date(_Point("month", date(int(m["y"]), _month_of(m["mon"]), 1)))


def _h_month_rel(m, ctx):
    year = ctx.reference.year + {"this": 0, "last": -1, "next": 1}[m["rel"]]
    return _date(_Point("month", date(year, _month_of(m["mon"]), 1)), "reference")


def _h_rel_month(m, ctx):
    rel, month, ref = m["rel"].lower(), _month_of(m["mon"]), ctx.reference
    if rel in ("last", "past", "previous"):
        year = ref.year if month < ref.month else ref.year - 1
    elif rel in ("next", "coming"):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        year = ref.year
    return _date(_Point("month", date(year, month, 1)), "reference")


def _h_month(m, ctx):
    name = m["mon"]
    if m["each"]:
        return _Found("SET", f"XXXX-{_month_of(name):02d}")
    before = ctx.text[max(0, m.start() - 20) : m.start()]
    context = R.prefix_patterns()["month_context"].search(before)
    if name.rstrip(".").lower() in ("may", "march", "mar") and not context:
        return None
    if not context and re.search(r"[A-Z][\w.]*\s+$", before):  # "Theresa May", "Long March"
        return None
    month = _month_of(name)
    return _pick(ctx, lambda y: _Point("month", date(y, month, 1)))


def _season_point(name: str, year: int) -> _Point:
    return _Point("season", date(year, R.SEASON_MONTH[R.SEASONS[name.lower()]], 1))


def _h_season_year(m, ctx):
    name, year = (m["s"], m["y"]) if m["s"] else (m["s2"], m["y2"])
    return _date(_season_point(name, int(year)))


def _h_rel_season(m, ctx):
    rel, name, ref_year = m["rel"].lower(), m["s"], ctx.reference.year
    current = _point("season", ctx.reference)
    if rel == "the":
        return _pick(ctx, lambda y: _season_point(name, y))
    cands = [_season_point(name, y) for y in range(ctx.reference.year - 2, ctx.reference.year + 2)]
    if rel in ("last", "past"):
        choice = [p for p in cands if _bounds(p)[1] < ctx.reference][-1]
    elif rel in ("next", "coming"):
        choice = [p for p in cands if p.first > ctx.reference][0]
    else:
        choice = _season_point(name, current.first.year if name.lower() == "winter" else ref_year)
    return _date(choice, "reference")


def _quarter_point(year: int, q: int) -> _Point:
    return _Point("quarter", date(year, 3 * q - 2, 1))


def _h_quarter(m, ctx):
    q = R.ORDINALS[m["ord"].lower()]
    if q > 4:
        return None
    year = int(m["y0"]) if m["y0"] else _year_of(m["y"], ctx.reference)
    if m["y1"]:
        year = _year_of(f"{m['y1']} year", ctx.reference)
    if year is not None:
        absolute = bool(m["y0"]) or bool(m["y"] and m["y"][0].isdigit())
        return _date(_quarter_point(year, q), "absolute" if absolute else "reference")
    return _pick(ctx, lambda y: _quarter_point(y, q))


def _h_q(m, ctx):
    year = m["y"] or m["y2"]
    if year:
        return _date(_quarter_point(int(year), int(m["q"])))
    return _pick(ctx, lambda y: _quarter_point(y, int(m["q"])))


def _h_rel_quarter(m, ctx):
    current = _point("quarter", ctx.reference)
    rel = (m["rel"] or "").lower()
    adj = re.sub(r"\s+", "-", m["adj"] or "")
    if m["period"] and not adj:
        return None
    if rel == "this" or adj == "current":
        return _date(current, "reference")
    if rel == "next":
        return _date(_shift(current, 1), "reference")
    if rel == "last" or adj in ("latest", "most-recent", "recent", "past", "previous", "prior"):
        return _date(_shift(current, -1), "reference")
    recent = ctx.last_point if ctx.last_point and ctx.last_point.grain == "quarter" else None
    base = recent or _shift(current, -1)
    if adj.startswith("year") or adj == "comparable":
        return _date(_shift(base, -4), "previous")
    return _date(base, "previous" if recent else "reference")


def _h_half(m, ctx):
    h = int(m["h"]) if m["h"] else (1 if m["ord"].lower() in ("first", "1st") else 2)
    year = int(m["y2"]) if m["y2"] else _year_of(m["y"], ctx.reference)
    if year is not None:
        absolute = bool(m["y2"]) or bool(m["y"] and m["y"][0].isdigit())
        return _date(
            _Point("half", date(year, 6 * h - 5, 1)), "absolute" if absolute else "reference"
        )
    return _pick(ctx, lambda y: _Point("half", date(y, 6 * h - 5, 1)))


def _h_decade(m, ctx):
    pm = m["pm"] or m["pm2"] or m["pm3"]
    if m["dec"]:
        year, anchor = int(m["dec"]), "absolute"
    else:
        base = ctx.reference.year // 100 * 100
        tens = ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
        year = base + (int(m["dec2"]) if m["dec2"] else 20 + 10 * tens.index(m["word"].lower()))
        year -= 100 if year > ctx.reference.year else 0
        anchor = "reference"
    mod = {"early": "START", "late": "END", "mid": "MID"}.get((pm or "").lower())
    return _Found("DATE", str(year // 10), _Point("decade", date(year, 1, 1)), anchor, mod)


def _h_century(m, ctx):
    if m["this"]:
        return _date(_point("century", ctx.reference), "reference")
    n = R.ORDINALS[m["ord"].lower()]
    return _date(_Point("century", date(max(1, (n - 1) * 100), 1, 1)))


def _h_year(m, ctx):
    year = int(m["y"])
    after = ctx.text[m.end() : m.end() + 20]
    before = ctx.text[max(0, m.start() - 20) : m.start()]
    if R.prefix_patterns()["counted"].match(after) or re.search(r"(No|no|Nos)\.?\s+$", before):
        return None
    context = m["fisc"] or R.prefix_patterns()["month_context"].search(before)
    if year < 1900 and not context:
        return None
    if year > ctx.reference.year + 30 and not context:
        return None
    return _date(_Point("year", date(year, 1, 1)))


def _h_partday(m, ctx):
    ref = ctx.reference
    if m["solo"]:
        return _date(_Point("day", ref), "reference")
    lead = (m["lead"] or m["lead2"]).lower()
    part = R.PARTS_OF_DAY[(m["part"] or m["part2"]).lower()]
    shifts = {"yesterday": -1, "tomorrow": 1, "last": -1}
    if lead in R.WEEKDAYS:  # TimeBank dates "Friday night" as the day
        return _date(_weekday(ctx, R.WEEKDAYS[lead], None), "reference")
    elif lead == "the":
        return None  # "in the morning" is mostly generic
    else:
        day = _Point("day", ref + timedelta(days=shifts.get(lead, 0)))
    if lead == "last" and part != "NI":
        return None
    return _Found("TIME", f"{_value(day)}T{part}", day, "reference")


def _h_dayword(m, ctx):
    w = re.sub(r"\s+", " ", m["w"].lower())
    shift = {
        "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }.get(w, 0)  # fmt: skip
    day = _Point("day", ctx.reference + timedelta(days=shift))
    return _date(day, "reference")


def _h_weekday(m, ctx):
    wd = R.WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower() or None
    if rel in ("each", "every") or m["pl"]:
        return _Found("SET", f"XXXX-WXX-{wd + 1}")
    return _date(_weekday(ctx, wd, rel), "reference")


_UNIT_GRAIN = {
    "S": "day", "MIN": "day", "H": "day", "D": "day", "W": "week", "FN": "week", "M": "month",
    "Q": "quarter", "Y": "year", "DE": "year", "CE": "year", "ML": "year",
}  # fmt: skip
_UNIT_STEPS = {"FN": 2, "DE": 10, "CE": 100, "ML": 1000}


def _unit(name: str) -> str:
    return R.UNITS[name.lower().rstrip("s")] if name.lower() != "centuries" else "CE"


def _h_ago(m, ctx):
    n, unit = R.parse_number(m["n"]), _unit(m["unit"])
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    sign = 1 if direction in ("later", "after", "from now", "hence", "on") else -1
    from_reference = direction in ("ago", "from now", "hence", "back")
    follows = ctx.text[m.end() : m.end() + 2]
    if direction in ("after", "before", "on") and not re.match(r"\s*(?:[,.;:!?)]|$)", follows):
        return None  # "two years after the war": a duration and a signal (TimeML)
    if n is None or n != int(n):
        return _Found("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", None, "reference")
    if unit in ("S", "MIN") and not from_reference and ctx.last_day is None:
        return None
    steps = sign * int(n) * _UNIT_STEPS.get(unit, 1)
    ref_day = _Point("day", ctx.reference)
    recent = ctx.last_point
    if unit == "Y" and n == 1 and sign < 0 and recent and recent.grain in ("quarter", "half"):
        return _date(_shift(recent, -12 // _GRAIN_MONTHS[recent.grain]), "previous")
    base = ref_day if from_reference or ctx.last_day is None else ctx.last_day
    grain = _UNIT_GRAIN[unit]
    if unit in ("S", "MIN", "H"):
        return _date(base, "reference" if from_reference else "previous")
    anchor = "reference" if base is ref_day else "previous"
    return _date(_shift(_point(grain, base.first), steps), anchor)


def _h_anchored(m, ctx):
    base = ctx.last_day or _Point("day", ctx.reference)
    anchor = "previous" if ctx.last_day else "reference"
    if m["that"]:
        return _date(_point(m["unit2"].lower(), base.first), anchor)
    rel, unit = m["dir"].lower(), m["unit"].lower()
    if rel == "day":  # "the day before", "the day after"
        if unit not in ("before", "after"):
            return None
        return _date(_shift(base, -1 if unit == "before" else 1), anchor)
    if unit in ("before", "after"):
        return None
    sign = {"next": 1, "following": 1, "same": 0}.get(rel, -1)
    recent = ctx.last_point
    if (
        unit in ("month", "year")
        and recent
        and recent.grain in ("month", "quarter", "year")
        and (unit == "year" or recent.grain == "month")
    ):
        base, anchor = recent, "previous"
    if unit in ("morning", "evening", "night"):
        day = _shift(base, sign)
        return _Found("TIME", f"{_value(day)}T{R.PARTS_OF_DAY[unit]}", day, anchor)
    return _date(_shift(_point(unit, base.first), sign), anchor)


def _h_rel_grain(m, ctx):
    rel, grain = (m["rel"] or m["rel2"]).lower(), m["g"].lower()
    with_the = m["rel2"] is not None
    sign = {"this": 0, "current": 0, "latest": 0, "next": 1, "coming": 1, "following": 1}.get(
        rel, -1
    )
    if with_the and grain in ("decade", "century") and sign < 0:
        return _Found("DURATION", "P10Y" if grain == "decade" else "P100Y")
    if grain == "century" and sign == 0:
        return _date(_point("century", ctx.reference), "reference")
    return _date(_shift(_point(grain, ctx.reference), sign), "reference")


def _h_year_ago_adj(m, ctx):
    recent = ctx.last_point
    if recent and recent.grain in ("quarter", "half") or m["what"]:
        base = recent if recent and recent.grain in ("quarter", "half") else None
        base = base or _shift(_point("quarter", ctx.reference), -1)
        return _date(_shift(base, -12 // _GRAIN_MONTHS[base.grain]), "previous")
    return _date(_Point("year", date(ctx.reference.year - 1, 1, 1)), "reference")


def _h_year_quarter(m, ctx):
    year, recent = int(m["y"]), ctx.last_point
    if m["ord"]:
        q = R.ORDINALS[m["ord"].lower()]
    elif recent and recent.grain == "quarter":
        q = (recent.first.month - 1) // 3 + 1
    elif m["what"] == "quarter":
        q = (_shift(_point("quarter", ctx.reference), -1).first.month - 1) // 3 + 1
    else:
        return _date(_Point("year", date(year, 1, 1)))
    return _date(_quarter_point(year, min(q, 4)))


def _easter(year: int) -> date:
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


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """Return the n-th (or, for n = -1, the last) given weekday of a month."""
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _holiday(name: str, year: int) -> date:
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
        return _nth_weekday(year, 11, 3, 4)
    if key == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if key == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    shift = {"good friday": -2, "easter monday": 1}.get(key, 0)
    return _easter(year) + timedelta(days=shift)


def _h_holiday(m, ctx):
    if m["y"]:
        return _date(_Point("day", _holiday(m["h"], int(m["y"]))))
    return _pick(ctx, lambda y: _Point("day", _holiday(m["h"], y)))


def _h_spelled_year(m, ctx):
    if m["rest"] is None:
        year = 2000 + (R.parse_number(m["rest2"]) or 0 if m["rest2"] else 0)
    else:
        rest = R.parse_number(m["rest"])
        if rest is None or rest < 10:
            return None
        year = 1900 + rest
    return _date(_Point("year", date(year, 1, 1)))


def _h_the_year(m, ctx):
    grain = m["w"].lower()
    before = ctx.text[max(0, m.start() - 7) : m.start()].lower()
    if grain == "year" and re.search(r"\b(?:for|in|during|over)\s+$", before):
        return _Found("DURATION", "P1Y")  # "for the year": the whole year, as TimeBank has it
    recent = ctx.last_point
    if recent and recent.grain in ("year", "quarter", "half", "month", "season", "day"):
        return _date(_point(grain, recent.first), "previous")
    return _date(_point(grain, ctx.reference), "reference")


def _h_part_of_grain(m, ctx):
    mod = {"end": "END", "middle": "MID"}.get(m["part"].lower(), "START")
    found = _date(_point(m["g"].lower(), ctx.reference), "reference")
    return replace(found, mod=mod)


def _h_weekend(m, ctx):
    rel, ref = m["rel"].lower(), ctx.reference
    this = _point("weekend", ref)
    if rel == "this" or (rel == "the" and ref.weekday() >= 5):
        choice = this
    elif rel in ("next", "coming") or (rel == "the" and ctx.direction == "future"):
        choice = _shift(this, 1) if ref.weekday() >= 5 else this
    else:
        choice = _shift(this, -1) if ref.weekday() < 5 else this
    return _date(choice, "reference")


def _h_yearend(m, ctx):
    """Date "year-end" as the last day of the year, the one before or after by the tense."""
    return _pick(ctx, lambda y: _Point("day", date(y, 12, 31)), "reference")


def _duration_value(n, unit: str) -> str:
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


def _h_duration(m, ctx):
    number = m["n"].lower()
    unit = _unit(m["unit"])
    if unit == "S" and number in ("a", "an"):
        return None  # "a second time"
    if number in ("a", "an") and not m["rel"] and not m["the"] and m["unit"].lower() == "second":
        return None
    n = None if m["n2"] else R.parse_number(number)
    if number == "some" or (number in ("many", "few") and not m["pl"]) or m["old"]:
        return None  # "some day", ages ("a 6-year-old")
    if re.match(r"\s+old\b", ctx.text[m.end() : m.end() + 5]):
        return None  # an age: "52 years old"
    if unit == "Q" and (number in ("a", "an") and not m["rel"] or "-" in m.group()):
        return None  # a fraction: "a quarter of", "three-quarters"
    if n is not None and re.search(r"and\s+a\s+half$", m.group()):
        n += 0.5
    mod = "APPROX" if number.startswith("a couple") else None
    value = _duration_value(n, unit)
    rel = (m["rel"] or "").lower()
    found = _Found("DURATION", value, None, "absolute", mod)
    if rel in ("past", "last", "previous", "recent", "prior", "next", "coming") and n:
        grain = _UNIT_GRAIN[unit]
        if grain != "day" or unit == "D":
            steps = int(n) * _UNIT_STEPS.get(unit, 1)
            here = _point(grain, ctx.reference)
            sign = 1 if rel in ("next", "coming") else -1
            other = _bounds(_shift(here, sign * steps))[0 if sign < 0 else 1]
            lo, hi = sorted((other, ctx.reference))
            return replace(found, start=lo, end=hi, precision=_PRECISION[grain], anchor="reference")
    return found


def _h_vague_duration(m, ctx):
    unit = _unit(m["unit"] or m["unit2"])
    rel = (m["rel"] or "").lower()
    if rel in ("recent", "past", "last") and unit == "Y" and not m["the"]:
        return _Found("DATE", "PAST_REF", None, "reference")
    return _Found("DURATION", _duration_value(None, unit))


def _h_set(m, ctx):
    values = {
        "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    }  # fmt: skip
    return _Found("SET", values[m["w"].lower()])


def _h_every(m, ctx):
    name = (m["unit"] or m["unit2"]).lower()
    if name == "weekend":
        return _Found("SET", "XXXX-WXX-WE")
    return _Found("SET", _duration_value(1, _unit(name)))


def _h_ref(m, ctx):
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w.endswith("future") or w == "soon":
        return _Found("DATE", "FUTURE_REF", None, "reference")
    if w in ("recently", "lately", "previously", "formerly", "recent") or w.endswith("past"):
        return _Found("DATE", "PAST_REF", None, "reference")
    return _Found("DATE", "PRESENT_REF", None, "reference")


_HANDLERS = {name[3:]: f for name, f in dict(globals()).items() if name.startswith("_h_")}


# --- scanning -------------------------------------------------------------------------


def _call(name: str, m: re.Match[str], ctx: _Context) -> _Found | None:
    try:
        return _HANDLERS[name](m, ctx)
    except (ValueError, KeyError, IndexError, OverflowError):
        return None  # an impossible date ("Feb. 30") or a number out of range


def _candidates(text: str, reference: date, prefer: str) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping rule matches that resolve, longest first, in text order."""
    found = []
    lowered = text.lower()
    for order, (name, pattern, triggers) in enumerate(R.rules()):
        if triggers and not any(t in lowered for t in triggers):
            continue
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start() - m.end(), order, m.start(), name, m))
    found.sort(key=lambda c: c[:3])
    probe = _Context(text, reference, prefer)
    taken: list[tuple[int, int, str, re.Match]] = []
    for _, _, start, name, m in found:
        end = m.end()
        if any(start < e and end > s for s, e, _, _ in taken):
            continue
        if _call(name, m, probe) is not None:
            taken.append((start, end, name, m))
    return sorted(taken, key=lambda c: c[0])


_PART_MODS = {
    "early": "START", "earlier": "START", "beginning of": "START", "start of": "START",
    "dawn of": "START", "mid": "MID", "middle of": "MID", "the middle of": "MID",
    "late": "END", "later": "END", "end of": "END", "close of": "END",
}  # fmt: skip
_OPEN_BEFORE = ("until", "till", "before", "no later than", "as late as", "by")
_OPEN_AFTER = ("after", "as of", "no earlier than", "as early as", "starting")


def _prefix(text: str, floor: int, start: int, kind: str) -> re.Match[str] | None:
    window = text[max(floor, start - 30) : start]
    return R.prefix_patterns()[kind].search(window)


def _apply_part(found: _Found, part: str, ctx: _Context, rest: str) -> _Found | None:
    """Apply "early", "the end of", "the first half of" ... to a found date."""
    p = found.point
    part = re.sub(r"\s+", " ", part.lower()).removeprefix("the ")
    if p is None or found.kind not in ("DATE", "TIME") or found.value in _REF_VALUES:
        return None
    if part.endswith("half of"):
        if p.grain != "year":
            return None
        half = _Point("half", p.first if part.startswith("first") else _add_months(p.first, 6))
        return replace(found, value=_value(half), point=half)
    mod = _PART_MODS[part]
    start, end = _part(p, mod) if p.grain != "day" else _bounds(p)
    precision = "part_of_month" if p.grain == "month" else _PRECISION[p.grain]
    if part in ("earlier", "later") and rest.lower().startswith("this"):
        lo, hi = _bounds(p)
        start, end = (lo, ctx.reference) if part == "earlier" else (ctx.reference, hi)
        start, end = min(start, end), max(start, end)
        precision = "part_of_month" if p.grain == "month" else _PRECISION[p.grain]
    return replace(found, mod=mod, start=start, end=end, precision=precision)


def _apply_signal(found: _Found, signal: str, reference: date) -> _Found:
    """Open the interval for "since", "until", "after" ..."""
    if found.kind not in ("DATE", "TIME") or found.start is None or found.value in _REF_VALUES:
        return found
    if signal == "since" and found.start <= reference:
        return replace(found, end=max(found.end, reference), precision="open_ended")
    if signal in _OPEN_BEFORE:
        return replace(found, start=None, precision="open_ended")
    if signal in _OPEN_AFTER:
        return replace(found, end=None, precision="open_ended")
    return found


def _complete(found: _Found, reference: date) -> _Found:
    """Fill in the interval and precision from the point or the REF value."""
    if found.start is not None or found.end is not None:
        return found
    if found.point is not None:
        start, end = _bounds(found.point)
        if found.mod in ("START", "MID", "END") and found.point.grain != "day":
            start, end = _part(found.point, found.mod)
        grain = found.point.grain
        precision = (
            "part_of_month"
            if grain == "month" and found.mod in _PART_MODS.values()
            else (_PRECISION[grain])
        )
        return replace(found, start=start, end=end, precision=precision)
    if found.value == "PRESENT_REF":
        return replace(found, start=reference, end=reference, precision="day")
    if found.value == "PAST_REF":
        return replace(found, end=reference, precision="open_ended")
    if found.value == "FUTURE_REF":
        return replace(found, start=reference, precision="open_ended")
    return replace(found, precision="undated")


def _finish(found, text, start, end, t_start, part, approx, signal, ctx):
    """Apply the part-of, approximator and signal modifiers; fill in the interval."""
    if part:
        rest = text[start:end]
        parted = _apply_part(found, part["part"], ctx, rest)
        if parted is None:
            t_start += len(part.group())
        else:
            found = parted
    if approx:
        found = replace(found, mod=R.APPROX[re.sub(r"\s+", " ", approx["approx"].lower())])
    found = _complete(found, ctx.reference)
    if signal:
        found = _apply_signal(found, signal, ctx.reference)
    return found, t_start


def _scan(text: str, reference: date, prefer: str = "auto") -> list[tuple[TimeSpan, _Found]]:
    ctx = _Context(text, reference, prefer)
    out: list[tuple[TimeSpan, _Found]] = []
    floor = 0
    for start, end, name, m in _candidates(text, reference, prefer):
        if start < floor:
            continue
        if "x" in m.re.groupindex and m["x"]:
            start, end = m.start("x"), m.end("x")
        t_start = start
        part = _prefix(text, floor, t_start, "part")
        if part and name not in ("decade", "duration", "vague_duration", "ref"):
            t_start -= len(part.group())
        else:
            part = None
        approx = _prefix(text, floor, t_start, "approx")
        if approx and (name in ("duration", "ago", "year", "time", "decade") and not part):
            if not (name == "duration" and m["the"]):
                t_start -= len(approx.group())
            else:
                approx = None
        else:
            approx = None
        sig = _prefix(text, floor, t_start, "signal")
        signal = re.sub(r"\s+", " ", sig["signal"].lower()) if sig else None
        ctx.direction = _direction(ctx, start, end, signal)
        found = _call(name, m, ctx)
        if found is None:
            continue
        try:
            found, t_start = _finish(found, text, start, end, t_start, part, approx, signal, ctx)
        except (ValueError, OverflowError):
            continue  # a date beyond year 9999 or before year 1
        p_start = t_start - len(sig.group()) if sig else t_start
        if found.point is not None and found.kind in ("DATE", "TIME"):
            if found.anchor != "previous" or found.point.grain == "day":
                ctx.last_point = found.point
            if found.point.grain == "day":
                ctx.last_day = found.point
        span = TimeSpan(
            start=found.start,
            end=found.end,
            precision=found.precision or "undated",
            phrase=text[p_start:end],
            start_char=p_start,
            end_char=end,
            timex_type=found.kind,
            timex_value=found.value,
            mod=found.mod,
            anchored=found.anchor != "absolute",
            timex_start=t_start,
            timex_end=end,
            signal=signal,
            anchor=found.anchor,
        )
        out.append((span, found))
        floor = end
    return out


# --- public API -----------------------------------------------------------------------


def find_timexes(text: str, *, reference: date) -> tuple[TimeSpan, ...]:
    """Every temporal expression of ``text``, in order, resolved against ``reference``.

    Parameters
    ----------
    text : str
        English news text.
    reference : datetime.date
        The article's published date: "yesterday", "last year" and month names without
        a year resolve against it.

    Returns
    -------
    tuple of TimeSpan
        In text order, non-overlapping; ``text[s.start_char:s.end_char] == s.phrase``.

    Examples
    --------
    >>> from datetime import date
    >>> [(s.phrase, s.timex_value, str(s.start), str(s.end))
    ...  for s in find_timexes("Troops arrived in late October.", reference=date(2025, 10, 31))]
    [('in late October', '2025-10', '2025-10-21', '2025-10-31')]
    """
    if not isinstance(reference, date):
        raise TypeError(f"reference must be a datetime.date, got {type(reference).__name__}")
    return tuple(span for span, _ in _scan(text, reference))


def infer_reference_date(text: str) -> tuple[date | None, bool]:
    """Guess the published date of an undated article: its latest dated reference.

    Dates with a year give a first guess; month and day names without a year are then
    taken as the first such date on or after it, and the latest end of all of them is
    the reference ("the spring of 2025" then "late October" gives 31 October 2025).

    Parameters
    ----------
    text : str
        The article.

    Returns
    -------
    tuple of (datetime.date or None, bool)
        The date and True, or ``(None, False)`` when the text holds no year.

    Examples
    --------
    >>> infer_reference_date("In the spring of 2025 ... In late October, she met Putin.")
    (datetime.date(2025, 10, 31), True)
    >>> infer_reference_date("No dates here.")
    (None, False)
    """
    explicit = [
        _bounds(f.point)[1]
        for span, f in _scan(text, date(2000, 1, 1))
        if span.anchor == "absolute" and f.point is not None and f.kind in ("DATE", "TIME")
    ]
    if not explicit:
        return None, False
    guess = max(explicit)
    yearless = [
        _bounds(f.point)[1]
        for span, f in _scan(text, guess, prefer="future")
        if span.anchor == "year" and f.point is not None
    ]
    return max([guess, *yearless]), True


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
    if span.mod in _MOD_WORDS and span.timex_value not in _REF_VALUES:
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
