"""Counts in news text: "around 10,000 troops", "another 5,000", "thousands of soldiers".

:func:`find_quantities` reads numbers written in digits (``10,000``, ``1.5 million``),
number words with a scale (``two thousand``) and vague counts (``thousands of``), with
the words around them that matter to a map: an approximator ("around", "about",
"some", "more than"), an additive ("another", "an additional", "5,000 more") and the
counted noun ("troops", "North Korean engineers"). Pure text; no spaCy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Quantity", "find_quantities"]

_WORD_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "several": None, "a few": None,
    "tens of": None, "hundreds of": None, "a couple of": None,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000,
           "billion": 1_000_000_000}  # fmt: skip
_VAGUE = r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|hundreds|thousands|millions|dozens)"
_QUALIFIERS = (
    r"around|about|some|nearly|almost|roughly|approximately|an\s+estimated|estimated|"
    r"more\s+than|over|up\s+to|at\s+least|fewer\s+than|less\s+than|as\s+many\s+as|"
    r"close\s+to|just\s+over|upwards\s+of|under|at\s+most"
)
_ADDITIVES = r"another|an\s+additional|additional|a\s+further|further"
_STOP = frozenset(
    str.split(
        "to from in into on at by for with and or but of the a an is are was were be been being "
        "has have had will would could may might expected set due who which that than as per "
        "more additional this these those its their his her our your it they he she we said "
        "says since after before during while when where near across"
    )
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count in the text.

    Attributes
    ----------
    value : float or None
        The number; None for a vague count ("thousands of soldiers").
    text : str
        The words as written, qualifier and counted noun included
        (``text[start:end]`` of the text searched).
    unit : str
        The counted noun as written ("troops"), or ``""``.
    approximate : bool
        Qualified ("around", "about", "more than") or vague.
    additional : bool
        An addition to an earlier count ("another 5,000", "5,000 more").
    start, end : int
        Offsets of ``text``.
    """

    value: float | None
    text: str
    unit: str
    approximate: bool
    additional: bool
    start: int
    end: int


@functools.cache
def _pattern() -> re.Pattern[str]:
    ordered = sorted(_WORD_NUMBERS, key=len, reverse=True)
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    scales = "|".join(_SCALES)
    number = (
        rf"(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        rf"(?:\s+(?P<dscale>{scales})s?\b)?"
        rf"|(?P<word>{words})\s+(?P<wscale>{scales})s?\b"
        rf"|(?P<vague>{_VAGUE})\b"
    )
    return re.compile(
        rf"(?<![\w.,-])"
        rf"(?:(?P<add>{_ADDITIVES})\s+)?(?:(?P<qual>{_QUALIFIERS})\s+)?"
        rf"(?:{number})(?![\w-]|[.,]\d)"
        rf"(?P<more>\s+(?:more|additional))?"
        rf"(?P<unit>(?:\s+of(?:\s+(?:its|their|the|his|her|our))?)?(?:\s+(?!(?:{'|'.join(_STOP)})\b)[A-Za-z][\w'’-]*){{0,3}})",
        re.IGNORECASE,
    )


#: The letters beyond ASCII that match ASCII ones case-insensitively ("ſ" is an "s").
_FOLDED = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ, Kelvin K


def _may_count(text: str) -> bool:
    """Tell whether ``text`` may hold a count: every count has a digit or a scale word.

    A quick test that spares most sentences the full pattern.
    """
    if re.search(r"\d", text):
        return True
    low = text.lower()
    return any(scale in low for scale in _SCALES) or any(ch in text for ch in _FOLDED)


def _value(m: re.Match[str]) -> float | None:
    if m["digits"]:
        value = float(m["digits"].replace(",", ""))
        return value * _SCALES[m["dscale"].lower()] if m["dscale"] else value
    if m["word"]:
        base = _WORD_NUMBERS[" ".join(m["word"].lower().split())]
        return None if base is None else float(base * _SCALES[m["wscale"].lower()])
    return None


def _unit_words(
    m: re.Match[str], offset: int, is_noun: Callable[[int], bool] | None
) -> list[tuple[int, str]]:
    """Return the counted noun phrase after the number as (offset, word) pairs."""
    words = [(w.start() + m.start("unit") + offset, w[0]) for w in re.finditer(r"\S+", m["unit"])]
    while words and words[0][1].lower() in ("of", "its", "their", "the", "his", "her", "our"):
        words = words[1:]
    kept = []
    for at, word in words:
        noun = is_noun(at) if is_noun is not None else not word.lower().endswith("ed")
        if not noun:
            break
        kept.append((at, word))
    return kept


def find_quantities(
    text: str,
    *,
    offset: int = 0,
    exclude: tuple[tuple[int, int], ...] = (),
    is_noun: Callable[[int], bool] | None = None,
) -> tuple[Quantity, ...]:
    """Every count in ``text``, in order.

    Parameters
    ----------
    text : str
        A sentence or any stretch of text.
    offset : int
        Added to the offsets of the results (the position of ``text`` in its document).
    exclude : tuple of (int, int)
        Spans (in the offsets of the results) whose numbers are not counts, such as
        dates ("June 2024").
    is_noun : callable, optional
        Tells whether the word starting at an offset (in the offsets of the results) can
        belong to a noun phrase; the counted noun stops before the first word that
        cannot ("troops" in "5,000 troops arrived"). Without it, a word ending in
        "-ed" ends the noun phrase.

    Returns
    -------
    tuple of Quantity

    Examples
    --------
    >>> [(q.value, q.text, q.approximate, q.additional)
    ...  for q in find_quantities("around 10,000 troops, with another 5,000 expected")]
    [(10000.0, 'around 10,000 troops', True, False), (5000.0, 'another 5,000', False, True)]
    """
    if not _may_count(text):
        return ()
    out = []
    for m in _pattern().finditer(text):
        start, end = m.start() + offset, m.end() + offset
        if any(s < end and start < e for s, e in exclude):
            continue
        unit_words = _unit_words(m, offset, is_noun)
        if not unit_words:
            if m["vague"] or not (m["qual"] or m["add"] or m["more"]):
                continue  # "thousands" or "2024" alone is not a count of anything
            end = m.start("unit") + offset
        else:
            end = unit_words[-1][0] + len(unit_words[-1][1])
        out.append(
            Quantity(
                value=_value(m),
                text=text[start - offset : end - offset],
                unit=unit_words[-1][1] if unit_words else "",
                approximate=bool(m["qual"] or m["vague"]),
                additional=bool(m["add"] or m["more"]),
                start=start,
                end=end,
            )
        )
    return tuple(out)
