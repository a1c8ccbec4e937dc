"""Resolution of calendar expressions: what a matched date, month, season or year denotes.

Each ``_h_<rule>`` function takes the match of the rule of that name in
:mod:`geo.time.rules` and a :class:`Context` (the text, the reference date, the
previous dates) and returns a :class:`Found` or None when the match is not a time
after all. This module holds the expressions that name a calendar unit (with or
without its year); :mod:`geo.time.relative` holds those counted from the reference
or the previous date. :data:`HANDLERS` maps rule names to handlers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.time import lexicon as L
from geo.time import rules as R
from geo.time.calendar import (
    Point,
    bounds,
    holiday,
    point_of,
    shift,
    value_of,
)


@dataclass(frozen=True)
class Found:
    """What a handler makes of one match, before modifiers and signals."""

    kind: str  # DATE | TIME | DURATION | SET
    value: str
    point: Point | None = None
    anchor: str = "absolute"
    mod: str | None = None
    start: date | None = None
    end: date | None = None
    precision: str | None = None


@dataclass
class Context:
    """The text being scanned, its reference date and the dates found so far."""

    text: str
    reference: date
    prefer: str  # "auto" | "future" (used to infer a reference date)
    last_day: Point | None = None
    last_point: Point | None = None
    last_quarter: Point | None = None  # the quarter or half named last, days between or not
    direction: str = "auto"  # per match: "auto" | "past" | "future" | "maybe_future"


def recent_quarter(ctx: Context) -> Point | None:
    """Return the quarter (or half) an earnings report is about: the one named last.

    A day or a month named since does not change it ("the quarter ended Sept. 30 ...
    a year earlier"); a year does ("the first nine months", "In 1988, ...").
    """
    p = ctx.last_point
    if p is not None and p.grain in ("quarter", "half"):
        return p
    return None if p is not None and p.grain not in ("day", "month") else ctx.last_quarter


def pick(ctx: Context, build, anchor: str = "year") -> Found | None:
    """Resolve a calendar name without a year: ``build(year)`` gives a point or None."""
    ref = ctx.reference
    cands = [p for p in (build(y) for y in range(ref.year - 2, ref.year + 3)) if p]
    if not cands:
        return None
    started = [p for p in cands if p.first <= ref]
    ahead = [p for p in cands if p.first > ref]
    if ctx.direction in ("future", "maybe_future"):
        choice = next((p for p in cands if bounds(p)[1] >= ref), cands[-1])
        sure = ctx.direction == "future" and choice.grain in ("day", "month")
        limit = 300 if sure else 200  # "will ... in December" said in March
        if ctx.prefer != "future" and (choice.first - ref).days > limit:
            choice = started[-1] if started else choice
    elif ctx.direction == "auto" and ahead and (ahead[0].first - ref).days <= 62:
        choice = ahead[0]
    else:
        choice = started[-1] if started else cands[0]
    return date_found(choice, anchor)


def date_found(p: Point, anchor: str = "absolute") -> Found:
    """Return a DATE of the unit ``p``."""
    kind = "DATE"
    return Found(kind, value_of(p), p, anchor)


def weekday_point(ctx: Context, wd: int, rel: str | None) -> Point:
    """Return the day of weekday ``wd`` (0 is Monday) nearest the reference in the direction."""
    ref = ctx.reference
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    if rel == "last":
        return Point("day", ref - timedelta(days=back or 7))
    if rel == "next":
        return Point("day", ref + timedelta(days=ahead or 7))
    if rel == "this":
        return Point("day", ref + timedelta(days=wd - ref.weekday()))
    if ctx.direction == "future":
        return Point("day", ref + timedelta(days=ahead))
    return Point("day", ref - timedelta(days=back))


def month_of(name: str) -> int:
    """Return the number of a month name ("Sept." -> 9)."""
    return L.MONTHS[name.rstrip(".").lower()]


def year_of(text: str | None, ref: date) -> int | None:
    """Return the year of "2024", "this year", "last year" ... against ``ref``."""
    if not text:
        return None
    words = re.sub(r"\s+", " ", text.lower())
    offsets = {"this year": 0, "the year": 0, "the current year": 0, "last year": -1}
    if words in offsets or words == "next year":
        return ref.year + offsets.get(words, 1)
    return int(words)


def day_point(ctx: Context, m: re.Match[str]) -> Found | None:
    """Resolve a month and day, with or without a year."""
    month, day = month_of(m["mon"]), int(re.sub(r"\D", "", m["day"]))
    year = m.groupdict().get("y")

    def build(year: int) -> Point | None:
        if day > calendar.monthrange(year, month)[1]:
            return None
        return Point("day", date(year, month, day))

    if year:
        p = build(int(year))
        return date_found(p) if p else None
    return pick(ctx, build)


def _h_iso(m, ctx):
    try:
        return date_found(Point("day", date(int(m["y"]), int(m["m"]), int(m["d"]))))
    except ValueError:
        return None


def _h_numeric(m, ctx):
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    y = y + (1900 if y >= 50 else 2000) if y < 100 else y
    month, day = (a, b) if a <= 12 else (b, a)
    try:
        return date_found(Point("day", date(y, month, day)))
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
        day = weekday_point(ctx, L.WEEKDAYS[m["wd"].lower()], None)
    elif m["dw"]:
        shift = {"yesterday": -1, "tomorrow": 1}.get(m["dw"].lower(), 0)
        day = Point("day", ctx.reference + timedelta(days=shift))
    elif m["mon"]:
        found = day_point(ctx, m)
        if found is None:
            return None
        day, anchor = found.point, found.anchor
    else:
        day = ctx.last_day or Point("day", ctx.reference)
    mod = "APPROX" if m["approx"] else None
    value = f"{value_of(day)}T{hour:02d}:{minute:02d}"
    return Found("TIME", value, day, anchor, mod)


def _h_mdy(m, ctx):
    return day_point(ctx, m)


_h_dmy = _h_mdy


def year_number(text: str) -> int:
    """Return the year of "1994", "nineteen ninety-four" or "two thousand and one"."""
    if text[0].isdigit():
        return int(text)
    words = re.sub(r"[\s-]+", " ", text.lower()).replace(" and ", " ").split()
    base, rest = (1900, words[1:]) if words[0] == "nineteen" else (2000, words[2:])
    number = L.parse_number(" ".join(rest))
    if number is None:
        raise ValueError(f"not a year: {text!r}")
    return base + number


def _h_month_year(m, ctx):
    return date_found(Point("month", date(year_number(m["y"]), month_of(m["mon"]), 1)))


def _h_month_rel(m, ctx):
    year = ctx.reference.year + {"this": 0, "last": -1, "next": 1}[m["rel"]]
    return date_found(Point("month", date(year, month_of(m["mon"]), 1)), "reference")


def _h_rel_month(m, ctx):
    rel, month, ref = m["rel"].lower(), month_of(m["mon"]), ctx.reference
    if rel in ("last", "past", "previous"):
        year = ref.year if month < ref.month else ref.year - 1
    elif rel in ("next", "coming"):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        year = ref.year
    return date_found(Point("month", date(year, month, 1)), "reference")


def _h_month(m, ctx):
    name = m["mon"]
    if m["each"]:
        return Found("SET", f"XXXX-{month_of(name):02d}")
    before = ctx.text[max(0, m.start() - 20) : m.start()]
    context = R.prefix_patterns()["month_context"].search(before)
    if name.rstrip(".").lower() in ("may", "march", "mar") and not context:
        return None
    if not context and re.search(r"[A-Z][\w.]*\s+$", before):  # "Theresa May", "Long March"
        return None
    month = month_of(name)
    return pick(ctx, lambda y: Point("month", date(y, month, 1)))


def season_point(name: str, year: int) -> Point:
    """Return the season ``name`` of ``year`` (winter 2024 starts in December 2024)."""
    return Point("season", date(year, L.SEASON_MONTH[L.SEASONS[name.lower()]], 1))


def _h_season_year(m, ctx):
    name, year = (m["s"], m["y"]) if m["s"] else (m["s2"], m["y2"])
    return date_found(season_point(name, year_number(year)))


def _h_rel_season(m, ctx):
    rel, name, ref_year = m["rel"].lower(), m["s"], ctx.reference.year
    current = point_of("season", ctx.reference)
    if rel == "the":
        return pick(ctx, lambda y: season_point(name, y))
    cands = [season_point(name, y) for y in range(ctx.reference.year - 2, ctx.reference.year + 2)]
    if rel in ("last", "past"):
        choice = [p for p in cands if bounds(p)[1] < ctx.reference][-1]
    elif rel in ("next", "coming"):
        choice = [p for p in cands if p.first > ctx.reference][0]
    else:
        choice = season_point(name, current.first.year if name.lower() == "winter" else ref_year)
    return date_found(choice, "reference")


def quarter_point(year: int, q: int) -> Point:
    """Return quarter ``q`` of ``year``."""
    return Point("quarter", date(year, 3 * q - 2, 1))


def _h_quarter(m, ctx):
    q = L.ORDINALS[m["ord"].lower()]
    if q > 4:
        return None
    year = int(m["y0"]) if m["y0"] else year_of(m["y"], ctx.reference)
    if m["y1"]:
        year = year_of(f"{m['y1']} year", ctx.reference)
    if year is not None:
        absolute = bool(m["y0"]) or bool(m["y"] and m["y"][0].isdigit())
        return date_found(quarter_point(year, q), "absolute" if absolute else "reference")
    return pick(ctx, lambda y: quarter_point(y, q))


def _h_q(m, ctx):
    year = m["y"] or m["y2"]
    if year:
        return date_found(quarter_point(int(year), int(m["q"])))
    return pick(ctx, lambda y: quarter_point(y, int(m["q"])))


def _h_rel_quarter(m, ctx):
    current = point_of("quarter", ctx.reference)
    rel = (m["rel"] or "").lower()
    adj = re.sub(r"\s+", "-", m["adj"] or "")
    if m["period"] and not (adj or m["lys"]):
        return None
    recent = recent_quarter(ctx)
    recent = recent if recent and recent.grain == "quarter" else None
    if m["lys"] or m["ly"]:  # "last year's quarter", "the same period a year ago"
        return date_found(shift(recent or shift(current, -1), -4), "previous")
    if rel == "this" or adj == "current":
        return date_found(current, "reference")
    if rel == "next":
        return date_found(shift(current, 1), "reference")
    if rel == "last" or adj in ("latest", "most-recent", "recent", "past", "previous", "prior"):
        return date_found(shift(current, -1), "reference")
    base = recent or shift(current, -1)
    if adj.startswith("year") or adj == "comparable":
        if base.first > ctx.reference:  # a forecast: compare with the last reported quarter
            base = shift(current, -1)
        return date_found(shift(base, -4), "previous")
    return date_found(base, "previous" if recent else "reference")


def _h_half(m, ctx):
    h = int(m["h"]) if m["h"] else (1 if m["ord"].lower() in ("first", "1st") else 2)
    year = int(m["y2"]) if m["y2"] else year_of(m["y"], ctx.reference)
    if year is not None:
        absolute = bool(m["y2"]) or bool(m["y"] and m["y"][0].isdigit())
        return date_found(
            Point("half", date(year, 6 * h - 5, 1)), "absolute" if absolute else "reference"
        )
    return pick(ctx, lambda y: Point("half", date(y, 6 * h - 5, 1)))


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
    return Found("DATE", str(year // 10), Point("decade", date(year, 1, 1)), anchor, mod)


def _h_century(m, ctx):
    if m["this"]:
        return date_found(point_of("century", ctx.reference), "reference")
    n = L.ORDINALS[m["ord"].lower()]
    return date_found(Point("century", date(max(1, (n - 1) * 100), 1, 1)))


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
    return date_found(Point("year", date(year, 1, 1)))


def _h_year_quarter(m, ctx):
    year, recent = int(m["y"]), recent_quarter(ctx)
    if m["ord"]:
        q = L.ORDINALS[m["ord"].lower()]
    elif recent and recent.grain == "quarter":
        q = (recent.first.month - 1) // 3 + 1
    elif m["what"] == "quarter":
        q = (shift(point_of("quarter", ctx.reference), -1).first.month - 1) // 3 + 1
    else:
        return date_found(Point("year", date(year, 1, 1)))
    return date_found(quarter_point(year, min(q, 4)))


def _h_holiday(m, ctx):
    if m["y"]:
        return date_found(Point("day", holiday(m["h"], int(m["y"]))))
    return pick(ctx, lambda y: Point("day", holiday(m["h"], y)))


def _h_spelled_year(m, ctx):
    if m["rest"] is None:
        year = 2000 + (L.parse_number(m["rest2"]) or 0 if m["rest2"] else 0)
    else:
        rest = L.parse_number(m["rest"])
        if rest is None or rest < 10:
            return None
        year = 1900 + rest
    return date_found(Point("year", date(year, 1, 1)))


#: Rule name -> handler, for the rules resolved here.
HANDLERS = {name[3:]: f for name, f in dict(globals()).items() if name.startswith("_h_")}
