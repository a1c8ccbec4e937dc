"""The role of each place mention: event location, merely mentioned, or a government.

- **government**: a capital or a country that stands in for its government: written
  as a possessive of something that is not a place ("Pyongyang's forces", "Seoul's
  intelligence community"), the subject of a verb ("Moscow could be compensating",
  "Moscow officially confirmed"), or relations "between Moscow and Pyongyang";
  conjuncts share the role ("Pyongyang and Moscow continue").
- **event_location**: the object of a locative or directional preposition ("in
  Pyongyang", "to Russia", "around Korenevo", "the border districts of the Kursk
  region", "the villages of Stara and Novaya Sorochina"); a town that is the direct
  object of a verb ("drones struck Zaporizhzhia"); the city of a dateline
  ("KHARTOUM, Sudan (AP) —").
- **mentioned**: everything else, including adjectives and demonyms ("North Korean
  troops").

Stand-ins for a government are not event locations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geo.model import PlaceMention
from geo.places.patterns import is_dateline

__all__ = [
    "ARRIVAL_PREPS",
    "COMPARISON_PREPS",
    "DESTINATION_PREPS",
    "ORIGIN_PREPS",
    "PLACE_NOUNS",
    "WHERE_PREPS",
    "assign_roles",
    "mention_role",
    "preposition_role",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Prepositions whose object is where something happens ("in", "near", "around").
WHERE_PREPS = _words(
    "in at near around inside outside across within throughout on via over beyond along off "
    "nearby outskirts behind through onto"
)
#: Prepositions whose object is where a movement starts.
ORIGIN_PREPS = frozenset({"from"})
#: Prepositions whose object is where a movement ends.
DESTINATION_PREPS = frozenset({"to", "into", "towards", "toward"})
#: Prepositions that also give the end of a movement ("deployed troops in Mali").
ARRIVAL_PREPS = frozenset({"in", "at", "inside", "within"})
#: Prepositions whose object is only compared with ("than Kyiv", "like Gaza").
COMPARISON_PREPS = frozenset({"than", "like", "unlike"})
_LOCATIVE = WHERE_PREPS | ORIGIN_PREPS | DESTINATION_PREPS


def preposition_role(word: str, *, movement: bool = False) -> str:
    """Return what the object of a preposition is to an event.

    ``"origin"`` ("from X"), ``"destination"`` ("to X" of a movement, or "in X" of a
    movement), ``"event_location"`` ("in X", "near X", "to X" of anything else),
    ``"mentioned"`` otherwise ("than X", "of X", "about X").

    Examples
    --------
    >>> preposition_role("from"), preposition_role("to"), preposition_role("to", movement=True)
    ('origin', 'event_location', 'destination')
    """
    word = word.lower()
    if word in ORIGIN_PREPS:
        return "origin"
    if word in DESTINATION_PREPS or (movement and word in ARRIVAL_PREPS):
        return "destination" if movement else "event_location"
    return "event_location" if word in WHERE_PREPS else "mentioned"


PLACE_NOUNS = {
    "village", "villages", "town", "towns", "city", "cities", "region", "regions", "district",
    "districts", "outskirts", "area", "areas", "province", "provinces", "border", "borders",
    "territory", "territories", "part", "parts", "north", "south", "east", "west", "centre",
    "center", "heart", "capital", "streets", "suburbs", "suburb", "settlement", "settlements",
    "oblast", "county", "state", "port", "coast", "frontline", "front", "township",
    "neighborhood", "neighbourhood", "ward", "commune", "locality", "municipality",
    "countryside", "governorate", "department", "subdivision", "sub-district", "camp",
}  # fmt: skip
_RELATION_NOUNS = {"ties", "relations", "relationship", "talks", "cooperation", "rift", "tensions"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent"}
_GOVERNMENT_CLASSES = {"country"}


def _tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _root(tokens):
    """Return the token of the span whose head lies outside it."""
    ids = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in ids or tok.head.i == tok.i:
            return tok
    return tokens[-1]


def _can_govern(pm: PlaceMention) -> bool:
    place = pm.place
    return (
        place is not None
        and pm.mention.kind == "name"
        and (place.capital or place.feature_class in _GOVERNMENT_CLASSES)
    )


def _is_object_town(root, pm: PlaceMention) -> bool:
    """Return True for a town a verb acts on: "struck Zaporizhzhia" (capitals excluded)."""
    place = pm.place
    if place.feature_class != "populated_place" or place.capital:
        return False
    head = root
    for _ in range(4):
        if head.dep_ in ("conj", "appos") and head.head.i != head.i:
            head = head.head
            continue
        break
    return head.dep_ == "dobj" and head.head.pos_ == "VERB"


def _is_locative(root) -> bool:
    head = root
    # Climb through conjunctions and appositions: "around Korenevo and the villages of ..."
    for _ in range(4):
        if head.dep_ in ("conj", "appos", "compound") and head.head.i != head.i:
            head = head.head
            continue
        break
    if head.dep_ == "pobj":
        prep = head.head
        word = prep.text.lower()
        if word in _LOCATIVE:
            return True
        if word == "of" and prep.head.text.lower() in PLACE_NOUNS:
            return True
    return False


def _is_government_use(root, pm: PlaceMention, starts_of_places: set[int]) -> bool:
    if pm.mention.possessive:
        # "Russia's Kursk region" names a place; "Russia's campaign" its government.
        following = root.doc[root.i + 2] if root.i + 2 < len(root.doc) else None
        return following is None or following.idx not in starts_of_places
    head = root
    for _ in range(3):
        if head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
            continue
        break
    if head.dep_ in _SUBJECT_DEPS:
        return True
    if head.dep_ == "pobj" and head.head.text.lower() == "between":
        return head.head.head.text.lower() in _RELATION_NOUNS
    return False


def mention_role(
    pm: PlaceMention, doc, starts_of_places: set[int], *, text: str | None = None
) -> str:
    """Return the role of one mention in its sentence (see the module docstring).

    ``text`` is ``doc.text``, passed in by callers that have it (spaCy rebuilds it on
    every access).
    """
    if pm.place is None or pm.mention.kind == "demonym":
        return "mentioned"
    tokens = _tokens(doc, pm.mention.start, pm.mention.end)
    if not tokens:
        return "mentioned"
    if is_dateline(doc.text if text is None else text, pm.mention.start):
        return "event_location"
    root = _root(tokens)
    if _can_govern(pm) and _is_government_use(root, pm, starts_of_places):
        return "government"
    if _is_locative(root) or _is_object_town(root, pm):
        return "event_location"
    return "mentioned"


def assign_roles(
    places: Sequence[PlaceMention], doc, *, text: str | None = None
) -> tuple[PlaceMention, ...]:
    """Return the mentions with their roles set.

    Parameters
    ----------
    places : sequence of PlaceMention
        One article's resolved mentions.
    doc : spacy.tokens.Doc
        The article's parsed text (tags and dependencies).
    text : str, optional
        ``doc.text``, when the caller has it (spaCy rebuilds it on every access).
    """
    starts = {pm.mention.start for pm in places}
    text = doc.text if text is None else text
    return tuple(replace(pm, role=mention_role(pm, doc, starts, text=text)) for pm in places)
