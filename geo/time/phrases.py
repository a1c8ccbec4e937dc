"""Resolution of compound phrases: a week named by a day in it, duration adjectives.

"The week of March 6" is the week that holds that day; "a day-long meeting" and
"decades-long" are durations; "it is the second day of the strike" is the reference
day; "over the years", "the weeks ahead" and "for a while" are durations of unknown
length (TimeML ``PXY``, ``PXW``, ``PXX``); "the early summer" is the summer with a
mod. The ``_h_<rule>`` handlers of these rules of :mod:`geo.time.rules`;
:data:`HANDLERS` maps rule names to handlers.
"""

from __future__ import annotations

from dataclasses import replace

from geo.time import lexicon as L
from geo.time import resolve as timex_resolve
from geo.time.calendar import Point, duration_value, point_of, unit_code, value_of
from geo.time.resolve import Found, date_found, day_point


def _h_week_of(m, ctx):
    found = day_point(ctx, m)
    if found is None:
        return None
    week = point_of("week", found.point.first)
    return replace(found, value=value_of(week), point=week)


def _h_nth_day(m, ctx):
    """Date "today is the eighth day of the strike" as the reference day."""
    return date_found(Point("day", ctx.reference), "reference")


def _h_long_duration(m, ctx):
    unit = unit_code(m["unit"])
    # "decades-long": some decades; "day-long": one day
    n = L.parse_number(m["n"]) if m["n"] else (None if m["pl"] else 1)
    if m["n"] and (n is None or m["pl"] and n == 1):
        return None
    return Found("DURATION", duration_value(n, unit))


def _h_the_years(m, ctx):
    """Resolve "over the years", "in the early years", "the weeks ahead": PXY, PXW."""
    if m["x2"]:  # "for a while": a duration of unknown unit
        return Found("DURATION", "PXX")
    return Found("DURATION", duration_value(None, unit_code(m["unit"] or m["unit2"])))


def _h_part_season(m, ctx):
    """Resolve "the early summer" as the summer with the mod START (TimeML)."""
    found = timex_resolve.HANDLERS["rel_season"](m, ctx)
    return replace(found, mod={"early": "START", "mid": "MID", "late": "END"}[m["pm"]])


#: Rule name -> handler, for the rules resolved here.
HANDLERS = {name[3:]: f for name, f in dict(globals()).items() if name.startswith("_h_")}
