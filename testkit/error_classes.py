"""The error classes of the geoparser, as the places issue names them, counted from causes.

``bench/eval_report.py`` gives every error a cause in words; this module groups the causes
into the five classes a reader tracks from run to run:

- **not a place**: a word that is no place read as one (people, organisations,
  acronyms, loose aliases, common words);
- **homonym**: the right name, the wrong place of that name (the article's context lost);
- **inside a name**: a place word inside a facility's or an organisation's name;
- **point**: the right entry at another point (a region's or a continent's point);
- **missing**: a place the gazetteer or the rules do not find;
- **rejected**: a gold place the rules found too weakly supported (the price of the
  precision above), and **annotation scope**: spans a corpus does not count (streets
  without coordinates, adjectives in LGL).
"""

from __future__ import annotations

from collections import Counter

__all__ = ["CLASSES", "error_class", "class_table"]

CLASSES = (
    "not a place",
    "homonym",
    "inside a name",
    "point",
    "missing",
    "rejected (evidence too weak)",
    "annotation scope",
    "other",
)

_REJECTED = "rejected (evidence too weak)"

# (section, words of the cause) -> class; the first rule that matches wins.
_RULES = (
    ("wrong", ("same entry, another point", "macro-region point"), "point"),
    ("wrong", ("wrong candidate", "abbreviation read as"), "homonym"),
    ("wrong", ("not in gazetteer", "not a candidate for this name"), "missing"),
    ("spurious", ("part of a longer", "facility"), "inside a name"),
    ("spurious", ("NER says", "person", "alias", "no NER entity", "generic noun",
                  "gold marks it a non-toponym"), "not a place"),  # fmt: skip
    ("spurious", ("NER GPE too", "NER LOC too", "NER FAC too"), "not a place"),
    ("spurious", ("demonym/adjective", "border word"), "annotation scope"),
    ("missed", ("inside a longer", "facility"), "inside a name"),
    ("missed", ("no coordinates",), "annotation scope"),
    ("missed", ("rejected", "no NER entity", "not capitalised", "dropped"), _REJECTED),
    ("missed", ("not in gazetteer", "alias missing", "written in capitals", "abbreviation",
                "adjective/demonym", "no gazetteer entry", "plural demonym"), "missing"),
)  # fmt: skip


def error_class(section: str, cause: str) -> str:
    """Return the class of an error of ``section`` ("wrong", "missed", "spurious").

    Examples
    --------
    >>> error_class("spurious", "NER says PERSON")
    'not a place'
    >>> error_class("wrong", "same entry, another point (admin_region point convention)")
    'point'
    """
    for where, words, name in _RULES:
        if where == section and any(w in cause for w in words):
            return name
    return "other"


def class_table(sections: dict[str, list]) -> list[list]:
    """Return one row per class: the count of each section's errors in it, and the total."""
    counts = {
        section: Counter(error_class(section, c.cause) for c in cases)
        for section, cases in sections.items()
    }
    rows = []
    for name in CLASSES:
        row = [counts[s][name] for s in sections]
        if any(row):
            rows.append([name, *row, sum(row)])
    return rows
