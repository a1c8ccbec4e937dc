"""Resolution of relative expressions: deictic days, counted offsets, durations, sets.

"Yesterday", "last week", "two days later", "the next day", "the past three years",
"every week", "recently": the ``_h_<rule>`` handlers of the rules of
:mod:`geo.time.rules` whose value is counted from the reference date or from the
previous date of the text. :data:`HANDLERS` maps rule names to handlers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from geo.time import lexicon as L
from geo.time import rules as R
from geo.time.calendar import (
    GRAIN_MONTHS,
    PRECISION,
    UNIT_GRAIN,
    UNIT_STEPS,
    Point,
    bounds,
    duration_value,
    point_of,
    shift,
    unit_code,
    value_of,
)
from geo.time.resolve import (
    Found,
    date_found,
    pick,
    quarter_point,
    recent_quarter,
    weekday_point,
)


def _h_partday(m, ctx):
    ref = ctx.reference
    if m["solo"]:
        return date_found(Point("day", ref), "reference")
    if m["mid"]:  # "mid-afternoon", "mid-morning yesterday"
        day = _day_of(ctx, m["lead3"]) if m["lead3"] else Point("day", ref)
        part = L.PARTS_OF_DAY[m["part3"].lower()]
        return Found("TIME", f"{value_of(day)}T{part}", day, "reference", "MID")
    lead = (m["lead"] or m["lead2"]).lower()
    part = L.PARTS_OF_DAY[(m["part"] or m["part2"]).lower()]
    if lead == "the":
        return None  # "in the morning" is mostly generic
    if lead == "last" and part != "NI":
        return None
    if lead in L.WEEKDAYS and m["pl"]:  # "Tuesday nights": every Tuesday night
        return Found("SET", f"XXXX-WXX-{L.WEEKDAYS[lead] + 1}T{part}")
    if lead in L.WEEKDAYS:  # TimeBank mostly dates "Friday night" as the day
        return date_found(_day_of(ctx, lead), "reference")
    day = _day_of(ctx, "yesterday" if lead == "last" else lead)
    return Found("TIME", f"{value_of(day)}T{part}", day, "reference")


def _day_of(ctx, word: str) -> Point:
    """Return the day of "yesterday", "today", "tomorrow", "this" or a weekday name."""
    word = word.lower()
    if word in L.WEEKDAYS:
        return weekday_point(ctx, L.WEEKDAYS[word], None)
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return Point("day", ctx.reference + timedelta(days=shift))


def _h_dayword(m, ctx):
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w in ("today", "tomorrow") and R.prefix_patterns()["generic_era"].match(ctx.text, m.end()):
        return None  # "today's youth", "tomorrow's world": an era, not a day (TimeBank)
    shift = {
        "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }.get(w, 0)  # fmt: skip
    day = Point("day", ctx.reference + timedelta(days=shift))
    return date_found(day, "reference")


def _h_weekday(m, ctx):
    wd = L.WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower() or None
    if rel and rel.endswith("coming"):  # "this coming Sunday": the next one ahead
        rel = "next"
    if rel in ("each", "every") or m["pl"]:
        return Found("SET", f"XXXX-WXX-{wd + 1}")
    return date_found(weekday_point(ctx, wd, rel), "reference")


#: Units whose "earlier" names a period compared with, not a duration.
_LONG_UNITS = ("Y", "DE", "CE", "ML")


def _h_ago(m, ctx):
    """Date "two days ago"; "three days later" is a DURATION (TimeBank) dated for the map.

    TimeML annotates "three days" before the signal "later" or "earlier" as a duration;
    the span keeps the day it reaches for the map. A year "earlier" stays a date: in a
    report it names the period compared with ("up from $5 million a year earlier").
    """
    found = _ago(m, ctx)
    unit = unit_code(m["unit"])
    if found is None or m["dir"].lower() not in ("later", "earlier") or unit in _LONG_UNITS:
        return found
    n = L.parse_number(m["n"])
    return replace(found, kind="DURATION", value=duration_value(n, unit))


def _ago(m, ctx):
    n, unit = L.parse_number(m["n"]), unit_code(m["unit"])
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    sign = 1 if direction in ("later", "after", "from now", "hence", "on") else -1
    from_reference = direction in ("ago", "from now", "hence", "back")
    follows = ctx.text[m.end() : m.end() + 2]
    if direction in ("after", "before", "on") and not re.match(r"\s*(?:[,.;:!?)]|$)", follows):
        return None  # "two years after the war": a duration and a signal (TimeML)
    if n is None or n != int(n):
        return Found("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", None, "reference")
    if unit in ("S", "MIN") and not from_reference and ctx.last_day is None:
        return None
    steps = sign * int(n) * UNIT_STEPS.get(unit, 1)
    ref_day = Point("day", ctx.reference)
    recent = recent_quarter(ctx)
    if unit == "Y" and n == 1 and sign < 0 and recent:
        return date_found(shift(recent, -12 // GRAIN_MONTHS[recent.grain]), "previous")
    base = ref_day if from_reference or ctx.last_day is None else ctx.last_day
    grain = UNIT_GRAIN[unit]
    if unit in ("S", "MIN", "H"):
        return date_found(base, "reference" if from_reference else "previous")
    anchor = "reference" if base is ref_day else "previous"
    return date_found(shift(point_of(grain, base.first), steps), anchor)


def reported(ctx) -> Point | None:
    """Return the latest period named before, unless it lies ahead of the reference.

    "The year-ago period" compares with a period already reported: after "losses
    through the third quarter of 1990" it still means a year before the last quarter.
    """
    recent = recent_quarter(ctx) or ctx.last_point
    return recent if recent is None or recent.first <= ctx.reference else None


_FINER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "half": 4, "season": 3, "year": 5}


def _h_anchored(m, ctx):
    base = ctx.last_day or Point("day", ctx.reference)
    anchor = "previous" if ctx.last_day else "reference"
    if m["that"]:  # "that year": the year of the date before ("in June 1998 ... later that year")
        unit, recent = m["unit2"].lower(), ctx.last_point
        if recent and _FINER.get(recent.grain, 9) <= _FINER[unit]:
            return date_found(point_of(unit, recent.first), "previous")
        return date_found(point_of(unit, base.first), anchor)
    rel, unit = m["dir"].lower(), m["unit"].lower()
    if rel == "day":  # "the day before", "the day after"
        if unit not in ("before", "after"):
            return None
        if re.match(r"\s*[\w'`]", ctx.text[m.end() : m.end() + 3]):
            return None  # "the day before the vote": a day anchored to an event (TimeML)
        return date_found(shift(base, -1 if unit == "before" else 1), anchor)
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
        day = shift(base, sign)
        return Found("TIME", f"{value_of(day)}T{L.PARTS_OF_DAY[unit]}", day, anchor)
    return date_found(shift(point_of(unit, base.first), sign), anchor)


def _h_rel_grain(m, ctx):
    rel, grain = (m["rel"] or m["rel2"]).lower(), m["g"].lower()
    with_the = m["rel2"] is not None
    sign = {"this": 0, "current": 0, "latest": 0, "next": 1, "coming": 1, "following": 1}.get(
        rel, -1
    )
    if with_the and grain in ("decade", "century") and sign < 0:
        return Found("DURATION", "P10Y" if grain == "decade" else "P100Y")
    if grain == "century" and sign == 0:
        return date_found(point_of("century", ctx.reference), "reference")
    return date_found(shift(point_of(grain, ctx.reference), sign), "reference")


def _h_year_ago_adj(m, ctx):
    recent = reported(ctx)
    if m["ord"]:  # "the year-earlier third quarter": that quarter a year before
        q = L.ORDINALS[m["ord"].lower()]
        if q > 4:
            return None
        if recent and recent.grain == "quarter" and (recent.first.month - 1) // 3 + 1 == q:
            base = recent
        else:
            year = ctx.reference.year - (3 * q - 2 > ctx.reference.month)
            base = quarter_point(year, q)
        return date_found(shift(base, -4), "previous")
    if recent and recent.grain in ("quarter", "half") or m["what"]:
        base = recent if recent and recent.grain in ("quarter", "half") else None
        base = base or shift(point_of("quarter", ctx.reference), -1)
        return date_found(shift(base, -12 // GRAIN_MONTHS[base.grain]), "previous")
    return date_found(Point("year", date(ctx.reference.year - 1, 1, 1)), "reference")


def _h_the_year(m, ctx):
    grain = m["w"].lower()
    after = ctx.text[m.end() : m.end() + 16]
    if re.match(r"\s+(?:that\s+)?(?:ended|ending|ends)\b", after):
        return Found("DURATION", "P1Y" if grain == "year" else "P1M")  # "the year ended June 30"
    recent = ctx.last_point
    current = (m["adj"] or "").lower().startswith(("current", "full"))  # the reference's
    if (
        not current
        and recent
        and recent.grain in ("year", "quarter", "half", "month", "season", "day")
    ):
        return date_found(point_of(grain, recent.first), "previous")
    return date_found(point_of(grain, ctx.reference), "reference")


def _h_part_of_grain(m, ctx):
    mod = {"end": "END", "middle": "MID"}.get(m["part"].lower(), "START")
    found = date_found(point_of(m["g"].lower(), ctx.reference), "reference")
    return replace(found, mod=mod)


def _h_weekend(m, ctx):
    rel, ref = m["rel"].lower(), ctx.reference
    this = point_of("weekend", ref)
    if rel == "this" or (rel == "the" and ref.weekday() >= 5):
        choice = this
    elif rel in ("next", "coming") or (rel == "the" and ctx.direction == "future"):
        choice = shift(this, 1) if ref.weekday() >= 5 else this
    else:
        choice = shift(this, -1) if ref.weekday() < 5 else this
    return date_found(choice, "reference")


def _h_yearend(m, ctx):
    """Date "year-end" as the last day of the year, the one before or after by the tense."""
    return pick(ctx, lambda y: Point("day", date(y, 12, 31)), "reference")


def _h_duration(m, ctx):
    number = m["n"].lower()
    unit = unit_code(m["unit"])
    if unit == "S" and number in ("a", "an"):
        return None  # "a second time"
    if number in ("a", "an") and not m["rel"] and not m["the"] and m["unit"].lower() == "second":
        return None
    n = None if m["n2"] else L.parse_number(number)
    if number == "some" or (number in ("many", "few") and not m["pl"]) or m["old"]:
        return None  # "some day", ages ("a 6-year-old")
    if re.match(r"\s+old\b", ctx.text[m.end() : m.end() + 5]):
        return None  # an age: "52 years old"
    if unit == "Q" and (number in ("a", "an") and not m["rel"] or "-" in m.group()):
        return None  # a fraction: "a quarter of", "three-quarters"
    if n is not None and re.search(r"and\s+a\s+half$", m.group()):
        n += 0.5
    mod = "APPROX" if number.startswith(("a couple", "couple")) else None
    value = duration_value(n, unit)
    rel = (m["rel"] or "").lower()
    found = Found("DURATION", value, None, "absolute", mod)
    if rel in ("past", "last", "previous", "recent", "prior", "next", "coming") and n:
        grain = UNIT_GRAIN[unit]
        if grain != "day" or unit == "D":
            steps = int(n) * UNIT_STEPS.get(unit, 1)
            here = point_of(grain, ctx.reference)
            sign = 1 if rel in ("next", "coming") else -1
            other = bounds(shift(here, sign * steps))[0 if sign < 0 else 1]
            lo, hi = sorted((other, ctx.reference))
            return replace(found, start=lo, end=hi, precision=PRECISION[grain], anchor="reference")
    return found


def _h_vague_duration(m, ctx):
    unit = unit_code(m["unit"] or m["unit2"])
    rel = (m["rel"] or "").lower()
    if rel in ("recent", "past", "last") and unit == "Y" and not m["the"]:
        return Found("DATE", "PAST_REF", None, "reference")
    return Found("DURATION", duration_value(None, unit))


def _h_set(m, ctx):
    values = {
        "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    }  # fmt: skip
    return Found("SET", values[m["w"].lower()])


def _h_every(m, ctx):
    name = (m["unit"] or m["unit2"]).lower()
    if name == "weekend":
        return Found("SET", "XXXX-WXX-WE")
    return Found("SET", duration_value(1, unit_code(name)))


#: Words of the past; "at the time" in a report is a past time (TimeBank).
_PAST_WORDS = ("recently", "lately", "previously", "formerly", "recent", "the time")


def _h_ref(m, ctx):
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w.endswith(("future", "term", "later date")) or w == "soon":
        return Found("DATE", "FUTURE_REF", None, "reference")
    if w in _PAST_WORDS or w.endswith("past"):
        return Found("DATE", "PAST_REF", None, "reference")
    if w.startswith("then"):  # "the then current price": the present of a past time
        return Found("DATE", "PAST_REF", None, "reference")
    return Found("DATE", "PRESENT_REF", None, "reference")


#: Rule name -> handler, for the rules resolved here.
HANDLERS = {name[3:]: f for name, f in dict(globals()).items() if name.startswith("_h_")}
