"""The regular expressions of the date normaliser (:mod:`geo.time.timex`).

Nothing here knows about reference dates: this module only says which stretches of
text look like temporal expressions (the words they are made of are in
:mod:`geo.time.lexicon`). Every rule is a regular expression whose named groups the resolver in
:mod:`geo.time.timex` reads; a rule may mark the extent of the expression with the group
``x`` when its regex also needs context around it. The rules are compiled once, on
first use (:func:`geo.time.gates.rules`, with the quick tests that spare them most of a
text), never at import.
"""

from __future__ import annotations

import functools
import re

from geo.time.lexicon import (
    APPROX,
    COUNTED,
    GENERIC_NOUNS,
    MONTH_CONTEXT,
    MONTHS,
    ORDINALS,
    SEASONS,
    SIGNALS,
    SMALL_NUMBERS,
    TENS,
    VAGUE,
    WEEKDAYS,
)


def _alt(words) -> str:
    """Join ``words`` into a non-capturing alternation, longest first, spaces as any space."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _cap(words) -> str:
    """Join ``words`` like :func:`_alt`, each Capitalised or in CAPITALS (proper names)."""
    forms = {f for w in words for f in (w.capitalize(), w.upper())}
    return _alt(forms)


_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
# A month name: full and capitalised, or abbreviated with a dot, or abbreviated before a day.
MONTH = (
    rf"(?:{_cap(_FULL_MONTHS)}\b|{_alt([a + '.' for a in _ABBR])}"
    rf"|{_alt(_ABBR)}\b(?=\.?\s*\d))"
)
WEEKDAY = rf"{_cap(WEEKDAYS)}\b"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d%])"
NUMBER_WORD = (
    rf"(?:{_alt(TENS)}(?:[\s-]+{_alt(SMALL_NUMBERS[1:10])})?|{_alt(SMALL_NUMBERS)}|a\s+dozen|a\s+hundred"
    rf"|one\s+hundred)\b"
)
NUMBER = (
    rf"(?i:(?<![\d,.])\d{{1,3}}(?:\.\d+)?(?:\s+1/2)?|{NUMBER_WORD}|{_alt(VAGUE)}|a\s+couple\s+of|a\s+couple|couple\s+of"
    r"|an?\b)"
)
UNIT = (
    r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade"
    r"|centur(?:y|ie)|millenni(?:um|a))"
)
GRAIN = r"(?:day|week|weekend|month|quarter|year|decade|century)"
SEASON = _alt(list(SEASONS) + [s.capitalize() for s in SEASONS])
ORDINAL = _alt([f for o in ORDINALS if o not in ("last", "final") for f in (o, o.capitalize())])
PART = r"(?:morning|afternoon|evening|night)"
AMPM = r"(?:[ap]\.m\.?|[AP]\.M\.?|[ap]m\b|[AP]M\b)"
ZONE = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|MSK|KST|local\s+time))?"
DAYWORD = r"(?:today|tonight|yesterday|tomorrow|Today|Tonight|Yesterday|Tomorrow)"
REL = r"(?:this|last|next|past|coming|previous|current|This|Last|Next|Past)"
#: A year in words: "nineteen ninety-four", "two thousand and one".
SPELLED_YEAR = (
    rf"(?:[Nn]ineteen[\s-]+(?:{_alt(TENS)}(?:[\s-]+{_alt(SMALL_NUMBERS[1:10])})?|{_alt(SMALL_NUMBERS[10:])})"
    rf"|[Tt]wo\s+thousand(?:\s+and)?\s+{_alt(SMALL_NUMBERS[1:])})\b(?![\s-]+(?:hundred|thousand))"
)
_YEARISH = rf"(?:{YEAR}|this\s+year|last\s+year|next\s+year|the\s+year|the\s+current\s+year)"
_DATE_TAIL = rf"(?:,?\s+{WEEKDAY})?"

#: Each rule: (name, pattern). The resolver in geo.time.timex has one handler per name.
RULES: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("numeric", r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    (
        "time",
        rf"(?:(?P<approx>about|around|shortly\s+after|shortly\s+before|just\s+after|just\s+before)\s+)?"
        rf"(?:(?P<h>\d{{1,2}})(?:[:.](?P<min>\d\d))?\s*(?P<ampm>{AMPM})|\b(?P<named>noon|midnight|midday)\b)"
        rf"{ZONE}(?:,?\s+(?:(?P<wd>{WEEKDAY})|(?P<dw>{DAYWORD})|(?P<mon>{MONTH})\s*(?P<day>{DAY})))?",
    ),
    (
        "mdy",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s*(?P<day>{DAY})(?:,?\s+(?P<y>{YEAR}))?"
        rf"(?!\s*(?:-|to)\s*\d)",
    ),
    (
        "dmy",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH})"
        rf"(?:,?\s+(?P<y>{YEAR}))?",
    ),
    ("month_year", rf"(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR}|{SPELLED_YEAR})"),
    ("month_rel", rf"(?P<mon>{MONTH})\s+(?P<rel>this|last|next)\s+year"),
    ("rel_month", rf"\b(?P<rel>{REL})\s+(?P<mon>{MONTH})(?!\.?\s*\d)"),
    ("month", rf"(?P<each>(?:each|every)\s+)?(?P<mon>{MONTH})"),
    (
        "season_year",
        rf"(?:\bthe\s+)?(?P<s>{SEASON})(?:\s+of)?\s+(?P<y>{YEAR}|{SPELLED_YEAR})"
        rf"|(?P<y2>{YEAR})\s+(?P<s2>{SEASON})",
    ),
    ("rel_season", rf"\b(?P<rel>this|last|next|past|coming|[Tt]he)\s+(?P<s>{SEASON})\b"),
    ("part_season", rf"\b(?P<rel>[Tt]he)\s+(?P<pm>early|late|mid)[\s-]+(?P<s>{SEASON})\b"),
    (
        "quarter",
        rf"(?:\b(?P<the>the|The|this|This|last|next)\s+)?(?:(?P<y0>{YEAR})(?:'s)?\s+"
        rf"|(?P<y1>this|This|last|Last|next|Next)\s+year's\s+)?"
        rf"(?:(?P<fisc>fiscal|calendar)\s+)?(?P<ord>{ORDINAL}|last|final)[\s-]+quarters?\b"
        rf"(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?(?P<y>{_YEARISH}))?",
    ),
    ("q", rf"\b[Qq](?P<q>[1-4])(?:\s*(?:of\s+)?(?P<y>{YEAR})|-(?P<y2>{YEAR}))?\b"),
    (
        "rel_quarter",
        r"\b(?:(?P<rel>this|This|last|Last|next|Next)|(?P<lys>[Ll]ast\s+year's)|(?:the|The)\s+"
        r"(?P<adj>latest|most\s+recent|recent|current|same|past|previous|prior|year-ago"
        r"|year-earlier|year\s+ago|year-before|comparable|fiscal|corresponding)?)\s*"
        r"(?:-?\s*(?P<fisc>fiscal)\s+)?"
        r"(?:quarter\b(?!s|-to-)|(?P<period>period\b)(?<!the\speriod)(?<!The\speriod))"
        r"(?P<ly>\s+(?:last\s+year|a\s+year\s+(?:ago|earlier)))?",
    ),
    (
        "year_quarter",
        rf"\b(?:the|The)\s+(?P<y>{YEAR})\s+(?:(?P<ord>{ORDINAL})\s+)?(?P<what>quarter|period)\b",
    ),
    (
        "holiday",
        r"\b(?P<h>Christmas\s+Eve|Christmas(?:\s+Day)?|New\s+Year's\s+(?:Day|Eve)|Halloween"
        r"|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday|\s+Monday)?(?!\w)|Good\s+Friday"
        r"|Independence\s+Day|Fourth\s+of\s+July|Labor\s+Day|Memorial\s+Day|Valentine's\s+Day"
        r"|Boxing\s+Day)(?:,?\s+(?P<y>{YEAR}))?".replace("{YEAR}", YEAR),
    ),
    (
        "spelled_year",
        rf"\b(?:(?:the|The)\s+year\s+)?[Nn]ineteen(?:\s+hundred(?:\s+and)?)?[\s-]+"
        rf"(?P<rest>{_alt(TENS)}(?:[\s-]+{_alt(SMALL_NUMBERS[1:10])})?|{_alt(SMALL_NUMBERS[1:])})\b"
        rf"|\b(?:the|The)\s+year\s+two\s+thousand(?:(?:\s+and)?\s+(?P<rest2>{_alt(SMALL_NUMBERS[1:])}))?\b",
    ),
    (
        "the_year",
        r"\b(?:the|The)\s+(?:(?P<adj>(?:current\s+)?(?:fiscal|calendar)|full|entire|whole|current)\s+)?(?P<w>year|month)\b"
        r"(?![- ](?:ago|earlier|before)|'s|s)",
    ),
    (
        "part_of_grain",
        r"\b(?:the\s+|The\s+)?(?P<part>end|beginning|start|middle)\s+of\s+the\s+"
        r"(?P<g>month|week|year|quarter|decade|day)\b",
    ),
    (
        "half",
        rf"\b(?:the\s+|The\s+)?(?P<ord>first|second|latter|last|1st|2nd|First|Second)[\s-]+half\b"
        rf"(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?P<y>{_YEARISH})|(?!\s+of\b))"
        rf"|\bH(?P<h>[12])\s*(?P<y2>{YEAR})",
    ),
    (
        "decade",
        r"(?:\b[Tt]he\s+)?(?:(?P<pm>early|late|mid)[\s-]+)?(?P<dec>1[0-9]\d0|20\d0)'?s\b"
        r"|(?:\b[Tt]he\s+)?(?:(?P<pm2>early|late|mid)[\s-]+)?'(?P<dec2>\d0)'?s\b"
        r"|\b[Tt]he\s+(?:(?P<pm3>early|late|mid)[\s-]+)?(?P<word>twent|thirt|fort|fift|sixt"
        r"|sevent|eight|ninet)ies\b",
    ),
    ("century", rf"(?:\b[Tt]he\s+)?(?P<ord>{ORDINAL})[\s-]+century\b|\b(?P<this>this)\s+century\b"),
    (
        "year",
        rf"(?:\b(?P<fisc>[Ff]iscal(?:\s+year)?|[Tt]he\s+year|[Cc]alendar(?:\s+year)?|"
        rf"[Mm]odel\s+year|FY)\s*)?(?<![\d,.$£€#/])(?<!\d-)(?P<y>{YEAR})(?![.,]\d|-\d\d-)",
    ),
    (
        "partday",
        rf"\b(?P<lead>this|This|last|Last|tomorrow|Tomorrow|yesterday|Yesterday|[Tt]he)\s+"
        rf"(?P<part>{PART})\b(?!s)|\b(?P<lead2>{WEEKDAY}|yesterday|tomorrow|today)\s+"
        rf"(?P<part2>{PART})(?P<pl>s)?\b|\b(?P<solo>[Tt]onight|[Oo]vernight)\b"
        rf"|\b(?P<mid>[Mm]id)[\s-]?(?P<part3>morning|afternoon|evening)\b"
        rf"(?:,?\s+(?P<lead3>{WEEKDAY}|yesterday|today|tomorrow))?",
    ),
    ("nth_day", rf"\b(?:is|'s)\s+(?P<x>the\s+(?P<ord>{ORDINAL})\s+day)\b(?!s)"),
    ("dayword", rf"\b(?P<w>{DAYWORD}|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))\b"),
    (
        "weekday",
        rf"(?:\b(?P<rel>(?:[Tt]his\s+)?coming|this|last|next|This|Last|Next|each|every|Each"
        rf"|Every)\s+)?(?P<wd>{WEEKDAY})(?P<pl>s)?",
    ),
    (
        "ago",
        rf"\b(?P<n>{NUMBER})[\s-]+(?P<unit>{UNIT})s?\s+(?P<dir>ago|earlier|later|before|after"
        rf"|from\s+now|hence|previously|back|on)\b",
    ),
    (
        "anchored",
        r"\b(?:the|The)\s+(?P<dir>next|following|previous|preceding|prior|same|day)\s+"
        r"(?P<unit>day|week|month|year|morning|evening|night|before|after)\b"
        r"|\b(?P<that>that|That)\s+(?P<unit2>day|week|month|year)\b",
    ),
    (
        "rel_grain",
        rf"\b(?:(?P<rel>{REL})|(?:the|The)\s+(?P<rel2>past|last|previous|current|coming|next|"
        rf"following|prior|latest))\s+(?P<g>{GRAIN})\b(?!-|s\b)",
    ),
    (
        "year_ago_adj",
        rf"\b(?:[Tt]he\s+)?(?:(?:comparable|corresponding|same)\s+)?(?P<w>[Yy]ear-ago|[Yy]ear-earlier"
        rf"|year\s+ago|year\s+earlier|prior-year|year-before|a\s+year\s+ago|a\s+year\s+earlier)"
        rf"(?=\s+(?:(?:{ORDINAL}|fourth)[\s-]+quarter|quarter|period|month|level|results|figure"
        rf"|profit|earnings|loss|net|sales|revenue|s|time|days?))"
        rf"(?:\s+(?:(?P<ord>{ORDINAL})[\s-]+)?(?P<what>quarter|period))?",
    ),
    (
        "week_of",
        rf"\b(?:the|The)\s+week\s+of\s+(?P<mon>{MONTH})\s*(?P<day>{DAY})(?:,?\s+(?P<y>{YEAR}))?",
    ),
    (
        "long_duration",
        rf"\b(?:(?![Aa]n?\s)(?P<n>{NUMBER})[\s-]+)?(?P<unit>{UNIT})(?P<pl>s)?-long\b",
    ),
    (
        "weekend",
        r"\b(?:(?P<rel>this|last|next|This|Last|Next|the|The|past|coming)\s+)weekend\b",
    ),
    ("yearend", r"\b(?:(?:the\s+|The\s+)?(?:year[- ]end|year's\s+end))\b"),
    (
        "duration",
        rf"(?:\b(?P<the>the|The)\s+)?(?:(?P<rel>past|last|next|coming|first|previous|following|"
        rf"final|latest|initial|prior|recent|Past|Last|Next|First|Previous|Recent)\s+)?"
        rf"\b(?P<n>{NUMBER})(?:\s+to\s+(?P<n2>{NUMBER}))?(?:[\s-]+(?:more|additional|full|"
        rf"straight|consecutive|trading|business|working|long|or\s+so|extra|calendar))?"
        rf"[\s-]+(?P<unit>{UNIT})(?P<pl>s)?\b(?:\s+and\s+a\s+half)?(?P<old>-old)?(?!-)",
    ),
    (
        "vague_duration",
        rf"\b(?:(?P<the>the|The)\s+)?(?P<rel>recent|coming|past|next|last|Recent|Coming)\s+"
        rf"(?P<unit>{UNIT})s\b|\b(?P<pre>(?i:for|over|within|in|after)|lasted|took|takes|take)\s+"
        rf"(?P<x>(?P<unit2>minute|hour|day|week|month|year|decade|centurie)s)\b(?!\s+(?:of|ago|old))",
    ),
    (
        "the_years",
        r"\b(?:[Oo]ver|[Ii]n|[Dd]uring|[Tt]hrough)\s+(?P<x>(?:the|The)\s+(?:(?:early|first|later)\s+)?"
        r"(?P<unit>year|decade)s)\b(?!\s+(?:of|ago|old|to|before))"
        rf"|\b(?:the|The)\s+(?P<unit2>{UNIT})s\s+ahead\b"
        r"|\b(?:[Ff]or|[Ii]n|[Aa]fter)\s+(?:quite\s+)?(?P<x2>a\s+(?:little\s+)?while)\b",
    ),
    (
        "set",
        r"\b(?P<w>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly)\b"
        r"(?!\s+(?!(?:in|on|at|and|or|for|by|to|from|with|since|until|over|during|as|through|but"
        r"|the|a|an|basis|until|because|if|when|while|than|so|outside|inside|near|across|around"
        r"|throughout|along|among|into|after|before|between|within)\b)[a-z])",
    ),
    (
        "every",
        rf"\b(?:each|every|Each|Every)\s+(?:other\s+)?(?P<unit>{UNIT}|weekend)\b"
        rf"|(?:\b(?:once|twice|times|percent|%)|\d)\s+(?P<x>(?:a|per)\s+(?P<unit2>{UNIT}))\b",
    ),
    (
        "ref",
        r"\b(?P<w>now|Now(?!\s*,)|currently|Currently|nowadays|Nowadays|presently|at\s+present|"
        r"these\s+days|recently|Recently|lately|Lately|"
        r"(?:the\s+|The\s+)?past(?=\s*[,.;:]|\s+(?:and|or|but|when|that|is|was|has|had)\b)|"
        r"(?<=[Ii]n\s)the\s+past|(?:the\s+|The\s+)(?:near|short|long)\s+term(?![\w-])|"
        r"(?<=\bat\s)a\s+later\s+date|(?<=\bat\s)the\s+time(?!\s+(?:of|when|that|being|to)\b)|"
        r"(?<![Aa]s\s)(?<!\b[Ww]as\s)(?<!\bwere\s)soon(?!\s+(?:after|as|afterwards?|thereafter"
        r"|became|\w+ed)\b)|"
        r"(?:the\s+|The\s+)(?:near\s+|distant\s+|foreseeable\s+)?future"
        r"(?!\s+(?:of|contracts?|deliver|price|market|exchange|trading))|"
        r"(?:then[\s-]+)?current(?=\s+[a-z]))\b",
    ),
)


@functools.cache
def prefix_patterns() -> dict[str, re.Pattern[str]]:
    """Compile the regexes that find an expression's modifiers in the text before it.

    Returns
    -------
    dict of str to re.Pattern
        ``part`` (early, late, the end of ...), ``approx`` (about, more than ...) and
        ``signal`` (since, until, in ...), each anchored at the end of a string.
    """
    part = (
        r"(?:\b(?:[Tt]he\s+)?(?P<part>early|Early|late|Late|mid|Mid|earlier|Earlier|later|Later"
        r"|middle\s+of|[Tt]he\s+middle\s+of|end\s+of|beginning\s+of|start\s+of|first\s+half\s+of"
        r"|second\s+half\s+of|last\s+half\s+of|latter\s+half\s+of|dawn\s+of|close\s+of)(?:-|\s+(?:in\s+|on\s+)?))$"
    )
    return {
        "part": re.compile(part),
        "approx": re.compile(rf"\b(?P<approx>{_alt(APPROX)}|{_cap(APPROX)})\s+$"),
        "signal": re.compile(rf"\b(?P<signal>{_alt(SIGNALS)}|{_cap(SIGNALS)})\s+$"),
        "month_context": re.compile(rf"\b{_alt(MONTH_CONTEXT)}[\s-]*$", re.IGNORECASE),
        "counted": re.compile(rf"^\s+{_alt(COUNTED)}\b", re.IGNORECASE),
        "future": re.compile(
            r"\b(?:will|won't|'ll|shall|going\s+to|(?:is|are|was|were)\s+(?:to|due)|scheduled"
            r"|plans?\s+to|planned|planning|intends?\s+to|to\s+be\s+held|upcoming"
            r"|expected\s+to|expires?|set\s+to|payable|effective"
            r"|as\s+soon\s+as|as\s+early\s+as)\b(?:\W+\w+){0,8}\W*$",
            re.IGNORECASE,
        ),
        "future_after": re.compile(
            r"[^.;:!?\w]*(?:[\w'-]+[^.;:!?\w]+){0,12}?(?:will|'ll|shall|plans?\s+to"
            r"|(?:is|are)\s+(?:(?:scheduled|expected|due|set)\s+)?to)\b",
            re.IGNORECASE,
        ),
        "maybe_future": re.compile(
            r"\b(?:would|could|might|may)\b(?:\W+\w+){0,8}\W*$", re.IGNORECASE
        ),
        "generic_era": re.compile(rf"'s\s+(?:[a-z]+\s+)?{_alt(GENERIC_NOUNS)}\b"),
        "sentence_end": re.compile(
            r"(?<![\w.])(?P<word>\w+(?:\.\w+)*)[.!?][\"')\]]*\s+(?=[\"'`(]*[A-Z0-9])"
        ),
    }
