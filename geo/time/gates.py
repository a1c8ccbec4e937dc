"""Quick tests that spare the date rules of :mod:`geo.time.rules` most of a text.

The scan runs every rule's regex over the whole text, yet most texts hold no match of
most rules, and most positions of a text start none. Three kinds of test skip that work:

- a *trigger* is a word one of which the lower-cased text must contain for the rule to
  match (every match of ``weekend`` holds "weekend");
- an *anchor* is a regex that every match of the rule contains: when one quick search
  finds none in the text, the rule is not run (every match of ``ago`` holds a unit and
  a direction: "days ago", "years later");
- a *lead* is a lookahead that every match starts with: the regex engine then skips
  most positions of a text at once.

All three are speed-ups only: a rule finds the same matches with them as without.
"""

from __future__ import annotations

import functools
import re

from geo.time.lexicon import MONTHS
from geo.time.rules import AMPM, RULES, UNIT, WEEKDAY

__all__ = ["rules"]

#: Words one of which a text must contain (lower-cased) for a rule to be worth running.
TRIGGERS = {
    "iso": ("-",),
    "numeric": ("/",),
    "time": ("a.m", "p.m", "am", "pm", "noon", "midnight", "midday"),
    "season_year": ("spring", "summer", "fall", "autumn", "winter"),
    "rel_season": ("spring", "summer", "fall", "autumn", "winter"),
    "part_season": ("spring", "summer", "fall", "autumn", "winter"),
    "quarter": ("quarter",),
    "q": ("q1", "q2", "q3", "q4"),
    "rel_quarter": ("quarter", "period"),
    "year_quarter": ("quarter", "period"),
    "holiday": (
        "christmas", "new year", "halloween", "thanksgiving", "easter", "good friday",
        "independence", "fourth of july", "labor day", "memorial", "valentine", "boxing",
    ),
    "spelled_year": ("nineteen", "thousand"),
    "part_of_grain": (" of the ",),
    "half": ("half", "h1", "h2"),
    "decade": (
        "0s", "0's", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
        "eighties", "nineties",
    ),
    "century": ("century",),
    "partday": ("morning", "afternoon", "evening", "night"),  # "tonight", "overnight" too
    "dayword": ("today", "tonight", "yesterday", "tomorrow"),  # "the day after tomorrow"
    "weekend": ("weekend",),
    "week_of": ("week of",),
    "nth_day": ("st day", "nd day", "rd day", "th day"),
    "long_duration": ("-long",),
    "the_years": ("the years", "the early years", "the first years", "the later years", "decades",
                  "ahead", " while"),
    "yearend": ("year-end", "year end", "year's"),
    "year_ago_adj": ("ago", "earlier", "prior-year", "year-before"),
    "set": ("daily", "weekly", "monthly", "annually", "yearly", "quarterly", "hourly", "nightly"),
}  # fmt: skip

#: A month name starts with the first three letters of one, capitalised or in capitals.
_MONTH_START = "|".join(sorted({f for m in MONTHS for f in (m[:3].capitalize(), m[:3].upper())}))

#: Regexes one of which every match of a rule contains (case as written). Each starts
#: with a word or a set of characters, which the regex engine looks for quickly.
ANCHORS = {
    "iso": (r"\d-\d\d-\d",),
    "numeric": (r"\d/\d",),
    "time": (rf"\d\s*{AMPM}", "noon|midnight|midday"),
    "mdy": (_MONTH_START,),
    "dmy": (_MONTH_START,),
    "month_year": (_MONTH_START,),
    "month_rel": (_MONTH_START,),
    "rel_month": (_MONTH_START,),
    "month": (_MONTH_START,),
    "weekday": (WEEKDAY,),
    "year": (r"1[0-9]\d\d|20\d\d",),
    "part_of_grain": (r"(?:end|beginning|start|middle)\s+of\s+the\s",),
    "vague_duration": (rf"{UNIT}s\b",),  # "recent weeks", "for months"
    "every": (r"[Ee](?:ach|very)\s", rf"\s(?:a|per)\s+{UNIT}"),
    "quarter": (r"quarter(?<=[\s-]quarter)",),  # not "headquarters"
    "ago": (
        rf"{UNIT}s?\s+(?:ago|earlier|later|before|after|from\s+now|hence|previously|back|on)\b",
    ),
}

#: Lookaheads that every match of a rule starts with: the regex engine then skips most
#: positions of a text at once.
LEADS = {
    "time": r"\b",
    "mdy": r"\b(?=[A-Z])",
    "dmy": r"\b(?=[A-Zt\d])",
    "month_year": r"\b(?=[A-Z])",
    "month_rel": r"\b(?=[A-Z])",
    "month": r"\b(?=[A-Ze])",
    "season_year": r"\b",
    "decade": r"(?=[TtelmM'\d])",
    "year": r"(?=[FfTtCcMm12])",
    "weekday": r"\b",
    # A digit, "the", a "last"-like word or a number word ("ſ" is an "s" to the "(?i:...)"
    # of its numbers).
    "duration": r"(?=[\dzotfsenamcplirZOTFSENAMCPLRſ])\b",
    "nth_day": r"(?=[i'])",
    "the_years": r"\b(?=[OoIiDdTtFfAa])",
    "vague_duration": r"\b(?=[tTrcpnlRCfowiaFOWIAİı])",  # "İ", "ı" are "i" to "(?i:in)"
    "every": r"(?=[eEotp%\d])",
    "ref": r"(?=[nNcCpatrRlLTs])",
    "rel_grain": r"\b(?=[tlnpcTLNP])",
    "anchored": r"\b(?=[tT])",
    "the_year": r"\b(?=[tT])",
    "part_of_grain": r"\b(?=[tTebsm])",
    # Rules that start at a letter or digit: skip the other positions quickly.
    "ago": r"(?=[^\W_])",
    "long_duration": r"(?=[^\W_])",
    "century": r"(?=[^\W_])",
    "quarter": r"(?=[^\W_])",
}


@functools.cache
def rules() -> tuple[
    tuple[str, re.Pattern[str], tuple[str, ...], tuple[re.Pattern[str], ...]], ...
]:
    """Compile the rules, in order of preference for spans of equal length.

    Returns
    -------
    tuple of (str, re.Pattern, tuple of str, tuple of re.Pattern)
        The rule name, which names its handler in :mod:`geo.time.timex`, its regex, its
        triggers (lower-case words one of which a text must contain for the rule to
        match; empty: always run it) and its anchors (regexes one of which every match
        contains; empty: no such test). Rules with the same anchor share one compiled
        regex.

    Examples
    --------
    >>> {name: pattern for name, pattern, *_ in rules()}["iso"].search("on 2025-03-03.").group()
    '2025-03-03'
    """
    anchors = {source: re.compile(source) for sources in ANCHORS.values() for source in sources}
    return tuple(
        (
            name,
            re.compile(LEADS.get(name, "") + f"(?:{pattern})"),
            TRIGGERS.get(name, ()),
            tuple(anchors[source] for source in ANCHORS.get(name, ())),
        )
        for name, pattern in RULES
    )
