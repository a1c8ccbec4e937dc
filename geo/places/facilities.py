"""Facilities and organisations named like places: "Pearson International Airport".

A facility is its own place. Its name often holds a word that the gazetteer knows as a
town ("Pearson", "Keita", "Saint Michael"), and reading that word alone puts the
facility on a homonym thousands of km away. So a capitalised run that ends in a
facility's or a company's head word ("Airport", "University", "Hospital", "Club",
"Analytica") is claimed whole, as one mention of kind ``"facility"``:

- when a town of some size, a region or a country opens the name ("Dublin Airport",
  "Ohio State University", "Toronto's Pearson Airport"), that place is the mention (the
  facility is there), and the facility's other words are no mention;
- otherwise (or for a company: "Cambridge Analytica") the facility is a mention without
  candidates that stays unresolved with its reason ("a facility; no place opens its
  name"), never a homonym of one of its words.

Seats of government and institutions that news names by their building ("the White
House", "the Kremlin", "Congress") are facilities whose words name no place at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from geo.gazetteer.candidate import Candidate
from geo.gazetteer.index import Gazetteer
from geo.model import Mention
from geo.nlp.analysis import Analysis
from geo.places import words as lexicon
from geo.places.evidence import spelled_alike
from geo.places.patterns import mention_at

__all__ = ["COMPANY_HEADS", "FACILITY_HEADS", "INSTITUTION_NAMES", "facility_mentions"]

#: The last word of a facility's name.
FACILITY_HEADS = frozenset({
    "airport", "airfield", "university", "hospital", "club", "college", "academy",
    "institute", "stadium", "cathedral", "church", "mosque", "synagogue", "temple",
    "prison", "penitentiary", "hotel", "museum", "infirmary", "clinic", "seminary",
})  # fmt: skip
#: The last word of a company's name: a place word in it is no place ("Cambridge Analytica").
COMPANY_HEADS = frozenset({
    "analytica", "inc", "corp", "corporation", "ltd", "llc", "plc", "gmbh", "holdings",
})  # fmt: skip

#: Buildings and institutions news names for what they do: never a place by their words.
INSTITUTION_NAMES = frozenset({
    "White House", "West Wing", "Oval Office", "Capitol", "Capitol Hill", "Kremlin",
    "Pentagon", "Congress", "Downing Street", "Élysée", "Elysee", "Élysée Palace",
    "Blue House", "Knesset", "Bundestag", "Duma", "State Duma",
})  # fmt: skip

HEADS = FACILITY_HEADS | COMPANY_HEADS
_POSSESSIVE = {"'s", "’s"}
#: A town opening a facility's name ("Hartford Hospital") must be at least this populous;
#: one written as a possessive ("Toronto's Pearson Airport") must be prominent.
OPENER_POPULATION = 5_000
PROMINENT_POPULATION = 100_000


def _head(word: str) -> str:
    return word.lower().rstrip(".")


def _opens(cand: Candidate, possessive: bool) -> bool:
    """Return True for a reading that can be the place a facility is named for."""
    if cand.match not in ("exact", "alternate", "folded") or cand.demonym:
        return False
    if cand.feature_class in ("country", "admin_region") or cand.feature_code == "PPLC":
        return True
    if cand.listed:
        return True  # a county from the census, a curated place
    return cand.population >= (PROMINENT_POPULATION if possessive else OPENER_POPULATION)


def facility_mentions(
    analysis: Analysis, gaz: Gazetteer, doc_id: str, runs: list
) -> Iterator[tuple[int, int, Mention]]:
    """Yield ``(start, end, mention)`` for each facility name among the capitalised runs.

    ``start``/``end`` is the whole facility name, which no other mention may claim; the
    mention is the place that opens it (kind ``"name"``), or the facility itself (kind
    ``"facility"``, no candidates) when no place does.
    """
    text, doc = analysis.text, analysis.doc
    by_end = {run[-1].i: run for run in runs}
    for run in runs:
        if run[0].lower_ == "the" or (run[0].is_sent_start and run[0].pos_ != "PROPN"):
            run = run[1:]  # "The White House"; "Shares of Kursk Holdings" opening a sentence
        while run and run[0].text in ("of", "de", "and"):
            run = run[1:]
        if not run:
            continue
        name = text[run[0].idx : run[-1].idx + len(run[-1].text)]
        if name in INSTITUTION_NAMES:
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            yield start, end, mention_at(analysis, doc_id, start, end, name, "facility")
            continue
        at = next((k for k, t in enumerate(run) if _head(t.text) in HEADS), None)
        if at is None:
            continue
        run, head = run[: at + 1], _head(run[at].text)
        i = run[0].i
        if i >= 2 and doc[i - 1].text in _POSSESSIVE and (i - 2) in by_end:
            # "St. Michael's Hospital", "Toronto's Pearson Airport": one name over the 's.
            run = [*by_end[i - 2], doc[i - 1], *run]
        if len(run) < 2:
            continue
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        opener = None if head in COMPANY_HEADS else _opener(analysis, gaz, doc_id, run)
        yield (
            start,
            end,
            opener or mention_at(analysis, doc_id, start, end, text[start:end], "facility"),
        )


def _opener(analysis: Analysis, gaz: Gazetteer, doc_id: str, run: list) -> Mention | None:
    """Return the mention of the place that opens the facility's name, or None."""
    text = analysis.text
    if run[0].lower_ == "the":
        run = run[1:]
    for n in range(min(3, len(run) - 1), 0, -1):
        head = run[:n]
        if (
            head[-1].text in _POSSESSIVE
            or run[n].text in ("of", "de")
            or head[-1].lower_ == "state"
        ):
            continue  # "Ohio State University" is opened by Ohio
        if head[0].lower_.rstrip(".") in lexicon.NEVER | lexicon.GENERIC:
            return None  # "North Fulton Hospital", "St. James Church": no town opens it
        possessive = run[n].text in _POSSESSIVE
        start, end = head[0].idx, head[-1].idx + len(head[-1].text)
        found = tuple(c for c in gaz.lookup(text[start:end], fuzzy=False) if spelled_alike(c))
        demonyms = tuple(c for c in found if c.demonym and c.feature_class == "country")
        if demonyms:  # "the Russian Academy of Sciences": the country's adjective
            return mention_at(analysis, doc_id, start, end, text[start:end], "demonym",
                              feature_classes=("country",), candidates=demonyms)  # fmt: skip
        if any(_opens(c, possessive) for c in found):
            return mention_at(analysis, doc_id, start, end, text[start:end], "name",
                              candidates=found)  # fmt: skip
    return None
