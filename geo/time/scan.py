"""The scan of the date normaliser: read the expressions once, resolve them against a reference.

:func:`read_expressions` runs the rules of :mod:`geo.time.rules` whose trigger words
occur in the text, once per text: it does not depend on any reference date.
:func:`scan` resolves those expressions against a reference (or against none):
overlapping matches keep the longest; each match is resolved by its handler
(:mod:`geo.time.resolve`, :mod:`geo.time.relative`), then the words before it are
read: a part ("early", "the end of"), an approximator ("about") and a signal
("since", "in"), which change its interval and its TIMEX3 mod and extent. The tense
of the sentence before it ("will", "would", "until") tells whether a month or weekday
name without a year lies ahead of the reference or behind it.

Without a reference (an article whose date is unknown), only expressions that name
their own year resolve; every other one is kept, unresolved: no interval, precision
``"undated"``, a TIMEX3 value with ``X`` for the unknown digits (``"XXXX-09"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.time import lexicon as L
from geo.time import phrases as timex_phrases
from geo.time import relative as timex_relative
from geo.time import resolve as timex_resolve
from geo.time import rules as R
from geo.time.calendar import (
    PRECISION,
    REF_VALUES,
    Point,
    add_months,
    bounds,
    days_before,
    part_of,
    point_of,
    value_of,
)
from geo.time.gates import rules
from geo.time.resolve import Context, Found

_HANDLERS = timex_resolve.HANDLERS | timex_relative.HANDLERS | timex_phrases.HANDLERS


@dataclass(frozen=True)
class Hit:
    """One resolved expression and where it lies in the text.

    Attributes
    ----------
    found : Found
        Its type, value, mod, interval and precision.
    start_char, timex_start, end_char : int
        Offsets of the phrase (signal included), of the TIMEX3 extent, and their end.
    signal : str or None
        The signal before it, lower case ("since").
    """

    found: Found
    start_char: int
    timex_start: int
    end_char: int
    signal: str | None


#: Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "col", "lt", "sgt", "capt",
    "prof", "inc", "corp", "co", "ltd", "jr", "sr", "no", "vs", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k",
))  # fmt: skip


def sentence_before(text: str, start: int, *, window: int = 200) -> str:
    """Return the text of the sentence before offset ``start`` (at most ``window`` chars).

    A full stop ends a sentence unless it ends an abbreviation ("Mr.", "Corp.", "Sept.")
    or a single capital ("P."), so that "will succeed Daniel P. Davison Feb. 1" stays
    one sentence.
    """
    floor = max(0, start - window)
    cut = max(floor, text.rfind("\n", floor, start) + 1)
    for m in R.prefix_patterns()["sentence_end"].finditer(text, cut, start):
        word = m["word"].lower()
        if len(word) > 1 and word not in _ABBREVIATIONS:
            cut = m.end()
    return text[cut:start]


_PAST_PERFECT = re.compile(r"\bhad\s+(?:not\s+|never\s+|previously\s+|already\s+)?been\b", re.I)
_PAST_PERFECT_AFTER = re.compile(r"[^.;!?]*?\bhad\b", re.I)


def choose_direction(ctx: Context, start: int, end: int, signal: str | None) -> str:
    """Read the tense around an expression: "past", "future", "maybe_future" or "auto".

    "maybe_future" is a modal ("would", "could") before it: enough to put a month ahead
    of the reference, not a weekday ("said they would appeal the ruling announced
    Wednesday"). A past perfect keeps a schedule in the past: "it had been due to
    expire Friday", "Until Thursday, they had not called him a suspect".
    """
    if ctx.prefer == "future":
        return "future"
    return _tense(ctx.text, start, end, signal)


def _tense(text: str, start: int, end: int, signal: str | None) -> str:
    """:func:`choose_direction` read from the text alone."""
    if signal == "since":
        return "past"
    if signal in ("until", "till", "by", "as early as", "no later than"):
        after = text[end : end + 120]
        return "auto" if _PAST_PERFECT_AFTER.match(after) else "future"  # "Until Friday, they had"
    if signal == "through":
        return "maybe_future"  # "through January" (ahead), "this year through August"
    before = sentence_before(text, start)
    patterns = R.prefix_patterns()
    if patterns["future"].search(before) and not _PAST_PERFECT.search(before):
        return "future"  # but "it had been due to expire Friday" is past
    opens = not before.strip(" \"'`(") or before.strip() == (signal or "").capitalize()
    if opens and patterns["future_after"].match(text, end, min(len(text), end + 120)):
        return "future"  # a sentence that opens with the date: "On Friday, the council will vote."
    return "maybe_future" if patterns["maybe_future"].search(before) else "auto"


def call(name: str, m: re.Match[str], ctx: Context) -> Found | None:
    """Run the handler of rule ``name``; None when the match is not a valid time."""
    try:
        return _HANDLERS[name](m, ctx)
    except (ValueError, KeyError, IndexError, OverflowError):
        return None  # an impossible date ("Feb. 30") or a number out of range


@dataclass(frozen=True)
class Expressions:
    """The raw temporal expressions of one text: every rule match, before any resolution.

    Attributes
    ----------
    text : str
        The text they were read from.
    matches : tuple of (int, int, int, str, re.Match)
        ``(-length, rule order, start, rule name, match)`` of every non-empty match,
        longest first (the order in which :func:`candidates` takes them).
    """

    text: str
    matches: tuple[tuple[int, int, int, str, re.Match], ...]


def read_expressions(text: str) -> Expressions:
    """Run every rule over ``text`` once; the result serves any reference date.

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    Expressions
        The matches, to resolve with :func:`scan`.
    """
    found = []
    lowered = text.lower()
    held: dict[re.Pattern, bool] = {}  # whether the text holds an anchor
    for order, (name, pattern, triggers, anchors) in enumerate(rules()):
        if triggers and not any(t in lowered for t in triggers):
            continue
        if anchors and not any(_holds(a, text, held) for a in anchors):
            continue
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start() - m.end(), order, m.start(), name, m))
    found.sort(key=lambda c: c[:3])
    return Expressions(text, tuple(found))


def _holds(anchor: re.Pattern, text: str, held: dict[re.Pattern, bool]) -> bool:
    """Tell whether ``text`` holds ``anchor``, searched once per text (``held``)."""
    if anchor not in held:
        held[anchor] = anchor.search(text) is not None
    return held[anchor]


def candidates(
    expressions: Expressions, reference: date, prefer: str
) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping rule matches that resolve, longest first, in text order."""
    probe = Context(expressions.text, reference, prefer)
    taken: list[tuple[int, int, str, re.Match]] = []
    for _, _, start, name, m in expressions.matches:
        end = m.end()
        if any(start < e and end > s for s, e, _, _ in taken):
            continue
        if call(name, m, probe) is not None:
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


def _apply_part(found: Found, part: str, ctx: Context, rest: str) -> Found | None:
    """Apply "early", "the end of", "the first half of" ... to a found date."""
    p = found.point
    part = re.sub(r"\s+", " ", part.lower()).removeprefix("the ")
    if p is None or found.kind not in ("DATE", "TIME") or found.value in REF_VALUES:
        return None
    if part.endswith("half of"):
        first = part.startswith("first")
        if p.grain in ("decade", "century"):  # "the last half of the '80s"
            lo, hi = bounds(p)
            mid = lo.replace(year=lo.year + (hi.year - lo.year + 1) // 2)
            start, end = (lo, mid - timedelta(days=1)) if first else (mid, hi)
            mod = "START" if first else "END"
            return replace(found, mod=mod, start=start, end=end, precision="decade")
        if p.grain != "year":
            return None
        half = Point("half", p.first if part.startswith("first") else add_months(p.first, 6))
        return replace(found, value=value_of(half), point=half)
    mod = _PART_MODS[part]
    start, end = part_of(p, mod) if p.grain != "day" else bounds(p)
    precision = "part_of_month" if p.grain == "month" else PRECISION[p.grain]
    if part in ("earlier", "later") and rest.lower().startswith("this"):
        lo, hi = bounds(p)
        start, end = (lo, ctx.reference) if part == "earlier" else (ctx.reference, hi)
        start, end = min(start, end), max(start, end)
        precision = "part_of_month" if p.grain == "month" else PRECISION[p.grain]
    return replace(found, mod=mod, start=start, end=end, precision=precision)


def _apply_signal(found: Found, signal: str, reference: date | None) -> Found:
    """Open the interval for "since", "until", "after" ...

    "Since" runs to the reference, or stays open at its end when there is none.
    """
    if found.kind not in ("DATE", "TIME") or found.start is None or found.value in REF_VALUES:
        return found
    if signal == "since" and reference is None:
        return replace(found, end=None, precision="open_ended")
    if signal == "since" and found.start <= reference:
        return replace(found, end=max(found.end, reference), precision="open_ended")
    if signal in _OPEN_BEFORE:
        return replace(found, start=None, precision="open_ended")
    if signal in _OPEN_AFTER:
        return replace(found, end=None, precision="open_ended")
    return found


def _complete(found: Found, reference: date) -> Found:
    """Fill in the interval and precision from the point or the REF value."""
    if found.start is not None or found.end is not None:
        return found
    if found.point is not None:
        start, end = bounds(found.point)
        if found.mod in ("START", "MID", "END") and found.point.grain != "day":
            start, end = part_of(found.point, found.mod)
        grain = found.point.grain
        precision = (
            "part_of_month"
            if grain == "month" and found.mod in _PART_MODS.values()
            else (PRECISION[grain])
        )
        return replace(found, start=start, end=end, precision=precision)
    if found.value == "PRESENT_REF":
        return replace(found, start=reference, end=reference, precision="day")
    if found.value == "PAST_REF":
        return replace(found, end=reference, precision="open_ended")
    if found.value == "FUTURE_REF":
        return replace(found, start=reference, precision="open_ended")
    return replace(found, precision="undated")


def _finish(found, text, start, end, t_start, part, approx, signal, ctx, reference):
    """Apply the part-of, approximator and signal modifiers; fill in the interval.

    ``reference`` is the real reference (None when unknown); ``ctx.reference`` may be a
    stand-in, used only for expressions that are kept unresolved.
    """
    if part:
        rest = text[start:end]
        parted = _apply_part(found, part["part"], ctx, rest)
        if parted is None:
            t_start += len(part.group())
        else:
            found = parted
    if approx:
        found = replace(found, mod=L.APPROX[re.sub(r"\s+", " ", approx["approx"].lower())])
    found = _complete(found, ctx.reference)
    if signal:
        found = _apply_signal(found, signal, reference)
    return found, t_start


#: The stand-in reference of a scan without one: it lets every handler run (no year is
#: rejected as too far ahead of it) but nothing resolved against it is kept.
_STAND_IN = date(2100, 6, 30)


def _unresolved(found: Found) -> Found:
    """Keep an expression that needs a reference, without a reference: no interval.

    Its TIMEX3 value keeps its form with ``X`` for what is unknown: the year of a name
    without one ("XXXX-09" for "September"), every digit of an expression counted from
    the reference ("XXXX-WXX" for "last week"). The value of a duration or a set does
    not depend on any date and is kept.
    """
    value = found.value
    if found.kind in ("DATE", "TIME") and value not in REF_VALUES:
        value = "XXXX" + value[4:] if found.anchor == "year" else re.sub(r"\d", "X", value)
    return replace(found, value=value, point=None, start=None, end=None, precision="undated")


def _reported(p: Point, reference: date) -> bool:
    """Whether a quarter can be the one an article reports on: ended within a year or ahead.

    "The 1988 period" compared with this year's quarter is not.
    """
    return bounds(p)[1] > days_before(reference, 365)


def scan(expressions: Expressions, reference: date | None, prefer: str = "auto") -> list[Hit]:
    """Resolve the expressions of a text against ``reference``, in text order.

    Parameters
    ----------
    expressions : Expressions
        The text's expressions, from :func:`read_expressions`.
    reference : datetime.date or None
        The date that relative expressions resolve against; None when it is unknown:
        then only expressions with their own year resolve, and the others are kept
        unresolved (see :func:`_unresolved`).
    prefer : str
        ``"auto"``, or ``"future"`` to read yearless names as on or after the reference.

    Returns
    -------
    list of Hit
        Non-overlapping, in text order.
    """
    text = expressions.text
    ctx = Context(text, reference or _STAND_IN, prefer)
    out: list[Hit] = []
    floor = 0
    for start, end, name, m in candidates(expressions, ctx.reference, prefer):
        if start < floor:
            continue
        x = next((g for g in ("x", "x2") if g in m.re.groupindex and m[g]), None)
        if x:  # the extent of the expression within a match that reads around it
            start, end = m.start(x), m.end(x)
        t_start = start
        part = _prefix(text, floor, t_start, "part")
        halves = name == "decade" and part and part["part"].endswith("of")
        if part and (halves or name not in ("decade", "duration", "vague_duration", "ref")):
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
        ctx.direction = choose_direction(ctx, start, end, signal)
        found = call(name, m, ctx)
        if found is None:
            continue
        try:
            found, t_start = _finish(
                found, text, start, end, t_start, part, approx, signal, ctx, reference
            )
        except (ValueError, OverflowError):
            continue  # a date beyond year 9999 or before year 1
        p_start = t_start - len(sig.group()) if sig else t_start
        if reference is None and found.anchor != "absolute":
            out.append(Hit(_unresolved(found), p_start, t_start, end, signal))
            floor = end
            continue
        if found.kind == "DURATION" and re.fullmatch(r"P(?:6|9|1[01])M", found.value):
            # "the first nine months": "a year earlier" then compares years, not quarters
            last = ctx.last_point.first if ctx.last_point else reference
            ctx.last_point = point_of("year", last) if last else None
            ctx.last_quarter = None
        if found.point is not None:  # "two days later" (a DURATION) moves on the date too
            if found.anchor != "previous" or found.point.grain == "day":
                ctx.last_point = found.point
            if found.point.grain == "day":
                ctx.last_day = found.point
            if found.point.grain in ("quarter", "half") and _reported(found.point, ctx.reference):
                ctx.last_quarter = found.point
        out.append(Hit(found, p_start, t_start, end, signal))
        floor = end
    return out
