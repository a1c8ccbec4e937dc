"""Place mentions found by patterns, before the statistical pass of :mod:`geo.places.mentions`.

Datelines ("KHARTOUM, Sudan (AP) —", the city looked up as "Khartoum"), AP state
abbreviations ("Lexington, Ky."), region acronyms ("NSW"), borders ("the
Russian-Ukrainian border"), regions ("the Kursk region") and coordinated names ("Stara
and Novaya Sorochina" is two places). Each pattern's text is confirmed in the gazetteer.
A qualifier written after a name ("Paris, Texas") that names a country or region holding
one of its candidates is kept in ``Mention.extra`` (:func:`qualifier`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geo.gazetteer.candidate import Candidate
from geo.gazetteer.index import Gazetteer
from geo.model import Mention
from geo.nlp.analysis import Analysis
from geo.places import words as lexicon

__all__ = ["QUALIFIER", "is_dateline", "mention_at", "pattern_mentions", "qualifier"]

_REGION_WORDS = (
    "region|regions|oblast|oblasts|province|provinces|krai|kray|governorate|prefecture|"
    "state|territory|district|county|republic"
)
_REGION_ACRONYM = re.compile(r"\b(?:BC|NSW|KZN|NRW)\b(?![-.]\w)")
#: AP style state abbreviations ("Ky.", "N.C."), longest first.
_ABBREVIATIONS = "|".join(
    re.escape(a) for a in sorted(lexicon.STATE_ABBREVIATIONS, key=len, reverse=True)
)
_FIRST_LETTERS = "".join(sorted({a[0] for a in lexicon.STATE_ABBREVIATIONS}))
# The lookahead lets the regex engine pass over the other positions quickly.
_ABBREVIATION = re.compile(rf"(?=[{_FIRST_LETTERS}])(?<![\w.])(?:{_ABBREVIATIONS})")

_CAPITAL = "[A-ZÀ-ÞĀ-ſЀ-Я]"
_WORD = rf"{_CAPITAL}[\w’'\-]*"
#: A lookahead for patterns that start with a capitalised word: the regex engine then
#: passes over the other positions of a text quickly (the matches are the same).
_AT_CAPITAL = rf"(?={_CAPITAL})"
_BORDER = re.compile(
    rf"{_AT_CAPITAL}\b(?P<a>{_WORD}(?:\s{_WORD})?)\s?[-–—/]\s?(?P<b>{_WORD}(?:\s{_WORD})?)"
    r"\s+(?:state\s+)?border\b"
)
_BORDER_BETWEEN = re.compile(
    rf"\bborder\s+between\s+(?P<a>{_WORD}(?:\s{_WORD})?)\s+and\s+(?P<b>{_WORD}(?:\s{_WORD})?)"
)
_REGION = re.compile(
    rf"{_AT_CAPITAL}\b(?P<name>{_WORD}(?:[\s-]{_WORD}){{0,2}})\s+(?P<word>{_REGION_WORDS})\b",
)
_COORDINATED = re.compile(
    rf"{_AT_CAPITAL}\b(?P<first>{_WORD})\s+(?:and|or|&)\s+(?P<second>{_WORD})\s+(?P<tail>{_WORD})\b"
)
# A dateline: "KHARTOUM, Sudan (AP) — ", "SÃO PAULO (Reuters) - ", "PARIS, Texas — ".
_UPPER_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]*"
# It starts a line, or follows the end of a headline run into the text ("... budget .
# COLUMBUS, Ohio (AP) —") or a byline's date ("March 15, 2009 NEWARK --"). The first
# lookahead, the city's capital, only lets the regex engine skip the other positions.
_DATELINE = re.compile(
    r"(?=[A-ZÀ-ÖØ-Þ])(?:^|(?<=[.!?]\s)|(?<=\d{4}\s))"
    rf"(?P<city>{_UPPER_WORD}(?: {_UPPER_WORD}){{0,3}})"
    rf"(?:,\s(?P<where>(?:{_ABBREVIATIONS})|{_WORD}\.?(?:\s{_WORD}\.?){{0,2}}))?"
    r"(?:,\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2})?"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:[—–\-\ufffd]{1,2}|:)\s",
    re.MULTILINE,
)
# What follows a name to say where it is: "Paris, Texas", "Korenevo, Russia", "Greenville, N.C.".
QUALIFIER = re.compile(rf",\s(?P<where>(?:{_ABBREVIATIONS})(?![\w.])|{_WORD}(?:\s{_WORD}){{0,2}})")


def is_dateline(text: str, start: int) -> bool:
    """Return True when ``start`` is where the city of a dateline begins.

    Examples
    --------
    >>> is_dateline("KHARTOUM, Sudan (AP) — Shelling hit Omdurman.", 0)
    True
    >>> is_dateline("Shelling hit Omdurman.", 13)
    False
    """
    found = _DATELINE.match(text, start)
    return found is not None and found.start("city") == start


def qualifier(gaz: Gazetteer, where: str, candidates) -> tuple[str, tuple[Candidate, ...]]:
    """Return the longest head of ``where`` naming a country or region that holds a candidate.

    With it, the areas that name matches (``("", ())`` when none holds a candidate). An
    AP state abbreviation stands for its state ("N.C." is North Carolina).
    """
    if where in lexicon.STATE_ABBREVIATIONS:
        where = lexicon.STATE_ABBREVIATIONS[where]
    words = where.split()
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n]).rstrip(".")
        if name.lower() in lexicon.NEVER:
            continue
        areas = gaz.lookup(name, feature_classes=("country", "admin_region"), fuzzy=False)
        if any(gaz.holds(a, c) for a in areas for c in candidates):
            return name, areas
    return "", ()


def mention_at(analysis: Analysis, doc_id: str, start: int, end: int, query: str, kind: str, **kw):
    """Return the :class:`Mention` of ``analysis.text[start:end]`` looked up as ``query``."""
    text = analysis.text
    possessive = text[end : end + 2] in ("'s", "’s") or (
        text[end : end + 1] in ("'", "’") and text[end - 1 : end] == "s"
    )
    return Mention(
        doc_id=doc_id,
        text=text[start:end],
        start=start,
        end=end,
        query=query,
        kind=kind,
        sentence=analysis.sentence_at(start).index,
        possessive=possessive,
        **kw,
    )


def _country(gazetteer: Gazetteer, name: str) -> Candidate | None:
    found = gazetteer.lookup(name, feature_classes=("country",), fuzzy=False)
    return found[0] if found else None


def pattern_mentions(analysis: Analysis, gaz: Gazetteer, doc_id: str) -> Iterator[Mention]:
    """Yield the mentions the patterns find, pattern by pattern (they may overlap)."""
    text = analysis.text
    for m in _DATELINE.finditer(text):
        city = m["city"].title()
        if sum(ch.isalpha() for ch in city) < 3 or city.lower() in lexicon.NEVER:
            continue
        found = gaz.lookup(city, feature_classes=("populated_place",), fuzzy=False)
        if found:
            where, areas = qualifier(gaz, m["where"], found) if m["where"] else ("", ())
            yield mention_at(
                analysis, doc_id, m.start("city"), m.end("city"), city, "name",
                feature_classes=("populated_place",), extra=(where,) if where else (),
                candidates=found, extra_candidates=areas,
            )  # fmt: skip
    for m in _ABBREVIATION.finditer(text):
        # "Lexington, Ky.", "Sen. Rand Paul, R-Ky.": after a comma or a party letter only.
        if text[max(0, m.start() - 2) : m.start()] not in (", ", "-") and not (
            text[m.start() - 1 : m.start()] == "-" and m.start() > 1
        ):
            continue
        name = lexicon.STATE_ABBREVIATIONS[m[0]]
        found = gaz.lookup(name, feature_classes=("admin_region",), fuzzy=False)
        if found:
            yield mention_at(
                analysis, doc_id, m.start(), m.end(), name, "name",
                feature_classes=("admin_region",), candidates=found,
            )  # fmt: skip
    # The next patterns need words that few texts hold (an acronym, "border"): looking
    # for the words first spares most texts the regex.
    acronyms = any(a in text for a in lexicon.REGION_ACRONYMS)
    for m in _REGION_ACRONYM.finditer(text) if acronyms else ():
        # "BC", "NSW": not after a number ("300 BC").
        before = text[max(0, m.start() - 12) : m.start()].split()
        if before and before[-1].rstrip(",").isdigit():
            continue
        name = lexicon.REGION_ACRONYMS[m[0]]
        found = gaz.lookup(name, feature_classes=("admin_region",), fuzzy=False)
        if found:
            yield mention_at(
                analysis, doc_id, m.start(), m.end(), name, "name",
                feature_classes=("admin_region",), candidates=found,
            )  # fmt: skip
    for pattern in (_BORDER, _BORDER_BETWEEN) if "border" in text else ():
        for m in pattern.finditer(text):
            a, b = _country(gaz, m["a"]), _country(gaz, m["b"])
            if a and b and a.entry_id != b.entry_id:
                yield mention_at(
                    analysis, doc_id, m.start(), m.end(), a.name, "border",
                    feature_classes=("country",), extra=(b.name,),
                    candidates=(a,), extra_candidates=(b,),
                )  # fmt: skip
    for m in _REGION.finditer(text):
        name = _strip_leading_article(m["name"])
        start = m.start("name") + (len(m["name"]) - len(name))
        regions = gaz.lookup(f"{name} region", feature_classes=("admin_region",), fuzzy=False)
        if regions and name.lower() not in lexicon.NEVER:
            yield mention_at(
                analysis, doc_id, start, m.end(), f"{name} region", "region",
                feature_classes=("admin_region",), candidates=regions,
            )  # fmt: skip
    for m in _COORDINATED.finditer(text):
        second = f"{m['second']} {m['tail']}"
        first = f"{m['first']} {m['tail']}"
        if m["first"].lower() in lexicon.NEVER or not gaz.lookup(second, fuzzy=False):
            continue
        found = gaz.lookup(first)
        if found and not gaz.lookup(f"{m['first']} {m['second']}", fuzzy=False):
            yield mention_at(
                analysis,
                doc_id,
                m.start("first"),
                m.end("first"),
                first,
                "coordinated",
                candidates=found,
            )


def _strip_leading_article(name: str) -> str:
    return name[4:] if name.startswith(("The ", "the ")) else name
