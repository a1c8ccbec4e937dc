"""The :class:`Event` value, apart from how events are found.

:mod:`geo.events.extract` builds events from a parsed article; this module holds what they are:
one happening of a document with its type and sub-type, trigger, interval and how it was
dated, site and context places, actors, toll, quantities, attribution and confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.events.arguments import location_precision
from geo.events.quantities import Quantity
from geo.model import PlaceMention, Sentence
from geo.time.timex import TimeSpan, date_label

__all__ = ["DATE_RULES", "EVENT_PLACE_ROLES", "Event"]

#: What a place does in an event, in display order.
EVENT_PLACE_ROLES = ("event_location", "destination", "origin", "government", "mentioned")

#: How an event got its date: its own time expression; the one of the clause that reports
#: it; the one of an earlier sentence of its paragraph (the tense allowing); "reported"
#: by the article's reference date (it happened on or before that day); none.
DATE_RULES = ("own", "reporting_clause", "paragraph", "reported", "none")


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a document.

    Attributes
    ----------
    event_id : str
        ``f"{doc_id}:e{n}"``, numbered from 1 in text order.
    event_type : str
        One of :data:`geo.frames.schema.EVENT_TYPES`.
    sub_event_type : str
        A key of :data:`geo.events.typology.SUB_TYPES` (ACLED's sub-types and Newsmap's).
    trigger, trigger_start, trigger_end : str, int, int
        The trigger words and their offsets in the document text.
    span : TimeSpan or None
        The event's date, None when undated.
    date_status : str
        ``"explicit"`` (its own temporal expression), ``"inherited"`` (from the
        statement that reports it or from its paragraph), ``"reported"`` (the article's
        date: on or before that day) or ``"undated"``.
    places : tuple of (PlaceMention, str)
        The resolved places of the event's sentences with their role in it (one of
        :data:`EVENT_PLACE_ROLES`), event locations first: the site and its context.
    actors : tuple of str
        People, organisations, groups and countries named in the event's clauses.
    quantities : tuple of Quantity
        Counts in the event's clause ("around 10,000 troops").
    attribution : str
        Who says so ("South Korea's National Intelligence Service (NIS) has revealed",
        "according to the NIS"), or ``""``.
    hedged : bool
        Expected, planned, possible or reported hearsay ("could", "reportedly").
    confidence : float
        In [0, 1]: trigger strength x date factor x hedge factor (see
        :mod:`geo.events.rules`).
    site : PlaceMention or None
        Where it happened: the most specific place attached to its trigger, else its
        clause's, else the article's focus.
    site_role : str
        ``"event_location"``, or ``"destination"`` for the end of a movement.
    actor1, actor2 : str
        Who acted and on whom ("" when the text does not say).
    fatalities, injured : int or None
        Its toll (None when the text gives no number).
    date_rule : str
        One of :data:`DATE_RULES`.
    sentences : tuple of Sentence
        Every sentence that tells of it (the first is ``sentence``).
    """

    event_id: str
    doc_id: str
    event_type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    span: TimeSpan | None
    date_status: str
    places: tuple[tuple[PlaceMention, str], ...]
    actors: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    attribution: str
    sentence: Sentence
    confidence: float
    hedged: bool = False
    reference_inferred: bool = False
    sub_event_type: str = "Other"
    site: PlaceMention | None = None
    site_role: str = ""
    actor1: str = ""
    actor2: str = ""
    fatalities: int | None = None
    injured: int | None = None
    date_rule: str = "none"
    sentences: tuple[Sentence, ...] = ()

    @property
    def location_precision(self) -> str:
        """Return "town", "district", "region", "country" or "" (:mod:`geo.events.arguments`)."""
        return location_precision(self.site)

    @property
    def context(self) -> tuple[tuple[PlaceMention, str], ...]:
        """The event's places other than its site, with their roles."""
        return tuple((pm, role) for pm, role in self.places if pm is not self.site)

    @property
    def start(self) -> date | None:
        """First day of the event's interval, or None."""
        return self.span.start if self.span is not None else None

    @property
    def end(self) -> date | None:
        """Last day (inclusive) of the event's interval, or None."""
        return self.span.end if self.span is not None else None

    @property
    def precision(self) -> str:
        """One of :data:`geo.frames.schema.DATE_PRECISIONS`."""
        return self.span.precision if self.span is not None else "undated"

    @property
    def date_phrase(self) -> str:
        """The words that date the event ("" when undated)."""
        return self.span.phrase if self.span is not None else ""

    @property
    def date_label(self) -> str:
        """A short label ("late Oct 2025"), "undated" when undated."""
        return date_label(self.span) if self.span is not None else "undated"
