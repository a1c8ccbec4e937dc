"""The immutable values that flow through the geoparser.

``Sentence``
    a sentence of a document, with its character offsets.
``Mention``
    a piece of text that names a place, with the name to look up.
``Place``
    a resolved gazetteer entry (or a border built from two countries).
``PlaceMention``
    a mention, the place chosen for it, why, the runner-ups and its role.

Offsets are Python ``str`` offsets into the document's stored text, ``end`` exclusive:
``doc.text[m.start:m.end] == m.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Sentence", "Mention", "Place", "PlaceMention", "MENTION_KINDS"]

#: How a mention names a place.
MENTION_KINDS = (
    "name",  # "Korenevo", "Moscow"
    "region",  # "the Kursk region", "Kursk Oblast"
    "demonym",  # "North Korean", "Russian"
    "border",  # "the Russian-Ukrainian border"
    "coordinated",  # "Stara" in "Stara and Novaya Sorochina", looked up as "Stara Sorochina"
    "facility",  # "Dublin Airport" (placed at Dublin), "St. Michael's Hospital" (not placed)
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its index in the document and its offsets."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A place reference found in a document.

    Attributes
    ----------
    text : str
        The words as written (``doc.text[start:end]``).
    query : str
        The name to look up: ``"Stara Sorochina"`` for the ``"Stara"`` of "Stara and
        Novaya Sorochina", ``"Kursk"`` for "the Kursk region".
    kind : str
        One of :data:`MENTION_KINDS`.
    feature_classes : tuple of str or None
        Restrict the gazetteer lookup to these feature classes (None: any).
    sentence : int
        Index of the sentence that holds the mention.
    ner_label : str
        The statistical NER label of the span, or ``""``.
    possessive : bool
        Written as a possessive ("Moscow's").
    extra : tuple of str
        More names that belong to the mention (a border's second country).
    candidates : tuple of geo.gazetteer.candidate.Candidate
        The gazetteer's readings of ``query`` (within ``feature_classes``), best first,
        looked up once when the mention was found and used again to resolve it.
    extra_candidates : tuple of geo.gazetteer.candidate.Candidate
        The areas that ``extra[0]`` names (the qualifier's countries and regions, the
        border's second country), looked up when the mention was found.
    """

    doc_id: str
    text: str
    start: int
    end: int
    query: str
    kind: str
    sentence: int
    feature_classes: tuple[str, ...] | None = None
    ner_label: str = ""
    possessive: bool = False
    extra: tuple[str, ...] = ()
    candidates: tuple = field(default=(), compare=False, repr=False)
    extra_candidates: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: a gazetteer entry or a border between two countries.

    ``geometry`` is a shapely geometry: the polygon of an area, the line of a border,
    or None for a point place (then ``lat``/``lon`` is the place).
    """

    place_id: str
    name: str
    feature_class: str
    precision: str
    lat: float
    lon: float
    country: str = ""
    admin1_name: str = ""
    geonameid: int | None = None
    uncertainty_km: float | None = None
    source: str = ""
    capital: bool = False
    geometry: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A mention with the place chosen for it.

    ``place`` is None when the name could not be resolved. ``role`` is one of
    ``geo.frames.schema.ROLES``. ``runner_ups`` are ``(place_id, name, admin1_name, country,
    score)`` tuples of the other candidates, best first.
    """

    mention: Mention
    place: Place | None
    score: float
    reason: str
    role: str = "mentioned"
    runner_ups: tuple[tuple[str, str, str, str, float], ...] = ()
