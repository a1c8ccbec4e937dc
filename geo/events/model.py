"""The :class:`Event` value and :func:`filter_events`, apart from how events are found.

:mod:`geo.events.extract` builds events from a parsed article; this module holds what they are
(one event of a document: type, trigger, interval, places with roles, actors,
quantities, attribution, confidence) and the date filter the app, the export and the
dataset reader share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.events.quantities import Quantity
from geo.model import PlaceMention, Sentence
from geo.time.timex import TimeSpan, date_label, overlaps

__all__ = ["EVENT_PLACE_ROLES", "Event", "filter_events"]

#: What a place does in an event, in display order.
EVENT_PLACE_ROLES = ("event_location", "destination", "origin", "government", "mentioned")


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a document.

    Attributes
    ----------
    event_id : str
        ``f"{doc_id}:e{n}"``, numbered from 1 in text order.
    event_type : str
        One of :data:`geo.frames.schema.EVENT_TYPES`.
    trigger, trigger_start, trigger_end : str, int, int
        The trigger words and their offsets in the document text.
    span : TimeSpan or None
        The event's date, None when undated.
    date_status : str
        ``"explicit"`` (its own temporal expression), ``"inherited"`` (from the
        statement that reports it or from the previous sentence) or ``"undated"``.
    places : tuple of (PlaceMention, str)
        The resolved places of the event with their role in it (one of
        :data:`EVENT_PLACE_ROLES`), event locations first.
    actors : tuple of str
        People, organisations, groups and countries acting.
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


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if value is None or str(value) in ("", "nan", "NaN", "NaT", "<NA>", "None"):
        return None
    return date.fromisoformat(str(value)[:10])


def filter_events(
    events_or_frame, since: date | str | None = None, until: date | str | None = None
):
    """Keep the events whose interval overlaps ``[since, until]`` (inclusive; None is open).

    An event overlaps when it starts on or before ``until`` and ends on or after
    ``since``; an open-ended side overlaps everything on that side. Undated events are
    dropped as soon as either bound is set.

    Parameters
    ----------
    events_or_frame : sequence of Event, or pandas.DataFrame
        Events, or a frame with ISO ``start`` and ``end`` columns (None/NaN when open).
    since, until : datetime.date or ISO str or None
        The range.

    Returns
    -------
    tuple of Event, or DataFrame
        Same kind as the input, in the same order; a frame is a filtered copy.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"start": ["2024-06-01", "2025-09-01", None],
    ...                       "end": ["2024-06-30", "2025-10-31", None]})
    >>> filter_events(frame, "2025-01-01", None).index.tolist()
    [1]
    """
    lo, hi = _as_date(since), _as_date(until)
    if hasattr(events_or_frame, "loc") and hasattr(events_or_frame, "columns"):
        frame = events_or_frame
        keep = [
            overlaps((_as_date(s), _as_date(e)), lo, hi)
            for s, e in zip(frame["start"], frame["end"], strict=True)
        ]
        return frame.loc[keep].copy()
    return tuple(e for e in events_or_frame if overlaps((e.start, e.end), lo, hi))
