"""Tolls: how many people a happening killed and injured, as numbers of their own.

:func:`find_toll` reads the forms news and incident reports use: a count before a
verb of dying or wounding ("48 fighters were killed", "two civilians were injured"),
after one ("killing 14", "injuring two"), a count of deaths ("seven fatalities",
"a death toll of 12"), and one person ("a baby girl was killed", "a man was shot
dead" → 1). Only a count tied to such words is a toll: a population ("2.3 million
residents"), a distance ("8 kilometers"), a sum of money, troops or displaced people
stay quantities (:mod:`geo.events.quantities`). Parts of a count already given
("including two children") are not added again. Pure text; no spaCy.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["Toll", "find_toll"]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_NUM = (
    r"(?P<{n}>\d{{1,3}}(?:,\d{{3}})+|\d+|(?:"
    + "|".join(_TENS)
    + r")(?:[-\s](?:"
    + "|".join(_UNITS)
    + r"))?|"
    + "|".join(_UNITS)
    + r"|a\s+dozen|dozen)"
)
_QUAL = (
    r"(?:(?:at\s+least|about|around|some|nearly|almost|over|more\s+than|up\s+to|"
    r"an\s+estimated)\s+)?"
)
_FILLER = r"(?:(?!and\b|but\b|while\b|as\b|after\b)[A-Za-z][\w'’-]*\s+){0,5}?"
_BE = r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|been|got)\s+)?"
_ADV = r"(?:(?:reportedly|allegedly|reported|also|all|later|confirmed|feared)\s+)*"
_DIE = (
    r"(?:killed|dead|died|die|murdered|slain|massacred|executed|beheaded|lynched|"
    r"shot\s+dead|hacked\s+to\s+death|burn(?:ed|t)\s+to\s+death|beaten\s+to\s+death|"
    r"stabbed\s+to\s+death|drowned|perished|lost\s+their\s+lives)"
)
_HURT = r"(?:injured|wounded|hurt|injuring|wounding)"
_KILL = (
    r"(?:killed|killing|kills|kill|murdered|murdering|massacred|executed|"
    r"claimed\s+the\s+lives\s+of|left)"
)
_PART = re.compile(r"(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Toll:
    """The people a happening killed and injured (None: the text gives no number)."""

    fatalities: int | None
    injured: int | None


def _value(word: str) -> int:
    word = " ".join(word.lower().replace("-", " ").split())
    if word[0].isdigit():
        return int(word.replace(",", ""))
    if "dozen" in word:
        return 12
    parts = word.split()
    return sum(_TENS.get(p, 0) + _UNITS.get(p, 0) for p in parts)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    num = _NUM.format(n="n")
    flags = re.IGNORECASE
    return (
        ("dead", re.compile(rf"\b{_QUAL}{num}\s+{_FILLER}{_BE}{_ADV}{_DIE}\b", flags)),
        ("dead", re.compile(rf"\b{_KILL}\s+{_QUAL}{num}\b(?!\s*(?:%|per|km|kilomet|mile))",
                            flags)),
        ("dead", re.compile(rf"\b{_QUAL}{num}\s+(?:\w+\s+)?(?:fatalities|deaths|dead|bodies)\b",
                            flags)),
        ("dead", re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?{_QUAL}{num}\b", flags)),
        ("hurt", re.compile(rf"\b{_QUAL}{num}\s+{_FILLER}{_BE}{_ADV}{_HURT}\b", flags)),
        ("hurt", re.compile(rf"\b(?:injuring|wounding|injured|wounded)\s+{_QUAL}{num}\b", flags)),
        ("hurt", re.compile(rf"\b{_QUAL}{num}\s+(?:\w+\s+)?(?:injuries|injured|wounded)\b", flags)),
        ("one_dead", re.compile(rf"\b(?:a|an)\s+{_FILLER}{_BE}{_ADV}{_DIE}\b", flags)),
        ("one_hurt", re.compile(rf"\b(?:a|an)\s+{_FILLER}{_BE}{_ADV}(?:injured|wounded)\b", flags)),
    )  # fmt: skip


def find_toll(text: str, *, exclude: tuple[tuple[int, int], ...] = ()) -> Toll:
    """Return the toll a stretch of text states.

    Parameters
    ----------
    text : str
        One sentence (or the sentences of one happening).
    exclude : tuple of (int, int)
        Spans of ``text`` whose numbers are not counts (its dates).

    Returns
    -------
    Toll
        The sum of the distinct counts of each kind (a count that is a part of another,
        "including two children", is left out); a single person counts 1 when no
        number is given.

    Examples
    --------
    >>> find_toll("48 BH fighters were killed and two soldiers injured.")
    Toll(fatalities=48, injured=2)
    >>> find_toll("The attack killed 14, including three children.")
    Toll(fatalities=14, injured=None)
    >>> find_toll("A baby girl was killed by gunmen.")
    Toll(fatalities=1, injured=None)
    >>> find_toll("The town of 2.3 million residents is about 8 kilometers away.")
    Toll(fatalities=None, injured=None)
    """
    for s, e in exclude:  # dates are no counts: blank them, offsets unchanged
        text = text[:s] + "#" * (e - s) + text[e:]
    found: dict[str, dict[tuple[int, int], int]] = {"dead": {}, "hurt": {}}
    singles = {"dead": False, "hurt": False}
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            if kind.startswith("one_"):
                singles[kind[4:]] = True
                continue
            at = m.span("n")
            if _PART.search(text[max(0, at[0] - 20) : at[0]].rstrip() + " "):
                continue
            if _PART.search(text[max(0, m.start() - 20) : m.start()]):
                continue
            found[kind][at] = _value(m["n"])
    dead = sum(found["dead"].values()) if found["dead"] else (1 if singles["dead"] else None)
    hurt = sum(found["hurt"].values()) if found["hurt"] else (1 if singles["hurt"] else None)
    return Toll(dead, hurt)
