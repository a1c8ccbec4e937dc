"""Syntactic evidence for and against reading a capitalised span as a place.

Small predicates on spaCy tokens that :mod:`geo.places.mentions` combines: a locative cue before
the span, a title before it ("Gov. Perry"), a street word after it ("Main Street"), a
verb of speech it is the subject of ("Baker said"), its place at the edge of an
organisation's name ("the [Jamaica] Cancer Society") and a town opening the name of its
own institution ("[Dublin] City Council").
"""

from __future__ import annotations

from difflib import SequenceMatcher

from geo.gazetteer.candidate import Candidate
from geo.gazetteer.names import fold
from geo.places import words as lexicon
from geo.places.resolve import ADMIN2_TYPES

__all__ = [
    "ORG_TOWN_POPULATION",
    "after_title",
    "before_street",
    "has_cue",
    "local_body",
    "org_edge",
    "person_names",
    "speaker",
    "spelled_alike",
]

#: A town at the edge of an organisation's name must be at least this large.
ORG_TOWN_POPULATION = 5_000


def speaker(tok) -> bool:
    """Return True when the token is the subject of a verb of speech ("Baker said")."""
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in lexicon.SPEECH


def after_title(doc, i: int) -> bool:
    """Return True when a person's title stands just before token ``i``."""
    if i == 0:
        return False
    prev = doc[i - 1].text
    if prev == "." and i >= 2:
        prev = doc[i - 2].text
    return prev.lower().rstrip(".") in lexicon.TITLES and prev[:1].isupper()


def before_street(doc, i: int) -> bool:
    """Return True when a street or building word follows token ``i`` ("Main Street")."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is not None and nxt.text[:1].isupper() and nxt.lower_.rstrip(".") in lexicon.STREETS


def local_body(doc, ent, toks: list, best: Candidate) -> bool:
    """Return True for a town that opens the name of its own institution.

    "[Dublin] City Council", "[Paris] High School", "[Laurel County] Sheriff's Office";
    not "Adrian Dunbar" or "Moody's Analytics".
    """
    county = best.feature_code in ADMIN2_TYPES
    start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
    if (best.population < ORG_TOWN_POPULATION and not county) or toks[0].i != start:
        return False
    rest = {t.lower_ for t in doc[toks[-1].i + 1 : ent.end]}
    return bool(rest & lexicon.INSTITUTIONS)


def org_edge(doc, ent, toks: list) -> bool:
    """Return True when the tokens open or close the entity, or follow its "of"."""
    first, last = toks[0].i, toks[-1].i
    start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
    if first == start or last == ent.end - 1:
        return True
    return first > ent.start and doc[first - 1].lower_ in ("of", "in", "at")


def has_cue(doc, i: int) -> bool:
    """Return True when a locative cue ("in", "near", "the villages of") precedes token ``i``."""
    return any(doc[j].text.lower() in lexicon.CUES for j in range(max(0, i - 3), i))


#: How alike (difflib ratio of the folded names) an alternate name must be to the entry's
#: own name to count as a spelling of it rather than a translation or a nickname.
SPELLED_ALIKE = 0.75


def spelled_alike(cand: Candidate) -> bool:
    """Return True when the name matched is the entry's name or a spelling of it.

    Exact and folded matches are; an alternate name is when it is close to the entry's
    name ("Kyiv" and "Kiev" are not, "Zaporozhye" and "Zaporizhzhia" are) or names an
    area (the curated names of countries and regions: "Holland", "Burma"); a fuzzy match
    only for a name of several words.
    """
    if cand.match in ("exact", "folded") or cand.demonym:
        return True
    if cand.match == "fuzzy":
        # A transliteration of a name of several words ("Stara Sorochyna",
        # "Bilhorod-Dnistrovskyi"); one word
        # alone is too often another word ("Smirnov" is not Smirnykh).
        return any(sep in cand.matched_name.strip() for sep in (" ", "-"))
    if cand.feature_class != "populated_place":
        return True
    alike = SequenceMatcher(None, fold(cand.matched_name), fold(cand.name))
    return alike.real_quick_ratio() >= SPELLED_ALIKE and alike.ratio() >= SPELLED_ALIKE


def person_names(ents) -> frozenset[str]:
    """Return the words of the article's full personal names ("Ashley", "Sutton").

    A word that the article writes as part of a person's full name is that person when
    it stands alone later ("Sutton said"), however many towns share it. Only names of
    two or three capitalised words count (not "Abuja Chamber of Commerce", a misreading).
    """
    return frozenset(
        tok.text
        for ent in ents
        if ent.label_ == "PERSON" and 1 < len(ent) <= 3 and all(t.is_title for t in ent)
        for tok in ent
    )
