"""Movements: deployments from one place to another, as origin-destination flows.

A deployment event (:mod:`geo.events.extract`) whose places include an origin (the country or
capital that sends, or "from X") and a destination (its site: "to X", "into X", or the
place the article gives inside the country X) becomes a :class:`Flow` per count: "North
Korea has deployed around 10,000 troops to Russia, with another 5,000 expected to follow
soon" gives a reported flow of about 10,000 and an expected flow of 5,000, both North
Korea -> Russia (at the border regions the article names).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geo.events import rules as R
from geo.events.model import Event
from geo.model import PlaceMention
from geo.time.timex import TimeSpan

__all__ = ["Flow", "extract_flows"]


@dataclass(frozen=True, slots=True)
class Flow:
    """A movement from an origin to a destination.

    Attributes
    ----------
    flow_id : str
        ``f"{event_id}:f{n}"``, numbered from 1 within the event.
    event_id, doc_id : str
        The deployment event it comes from and its document.
    origin, destination : PlaceMention
        Where the movement starts and ends (both resolved, different places).
    quantity : float or None
        How many (None when the text gives no number).
    quantity_text : str
        The count as written ("around 10,000 troops"), or ``""``.
    status : str
        ``"reported"`` or ``"expected"`` (one of :data:`geo.frames.schema.FLOW_STATUSES`).
    span : TimeSpan or None
        The event's date.
    confidence : float
        The event's confidence, lowered for an expected movement.
    """

    flow_id: str
    event_id: str
    doc_id: str
    origin: PlaceMention
    destination: PlaceMention
    quantity: float | None
    quantity_text: str
    status: str
    span: TimeSpan | None
    confidence: float


@functools.cache
def _expected_after() -> re.Pattern[str]:
    return re.compile(r"\s*,?\s*(?:" + "|".join(R.EXPECTED_AFTER) + ")", re.IGNORECASE)


def _first(event: Event, role: str) -> PlaceMention | None:
    return next((pm for pm, r in event.places if r == role and pm.place is not None), None)


def extract_flows(events: tuple[Event, ...] | list[Event]) -> tuple[Flow, ...]:
    """Extract the movements of deployment events with both an origin and a destination.

    The first count that does not add to another is the event's own movement
    (expected when the event is hedged); each additional count ("another 5,000",
    "2,000 more") is one more movement between the same places, expected when words
    such as "expected to", "set to" or "will" follow it.

    Parameters
    ----------
    events : sequence of Event
        Events from :func:`geo.events.extract.extract_events`.

    Returns
    -------
    tuple of Flow
        In the order of the events.

    Examples
    --------
    >>> extract_flows(())
    ()
    """
    flows: list[Flow] = []
    for event in events:
        if event.event_type not in ("deployment",):
            continue
        origin = _first(event, "origin")
        destination = event.site if event.site_role == "destination" else None
        destination = destination or _first(event, "destination")
        if origin is None or destination is None:
            continue
        if origin.place.place_id == destination.place.place_id:
            continue
        counts = [q for q in event.quantities if not q.additional]
        main = [q for q in counts if q.value is not None][:1] or counts[:1]  # 10,000 > thousands
        inside = range(event.sentence.start, event.sentence.end)
        extra = [q for q in event.quantities if q.additional and q.start in inside]
        counts = [(q, "expected" if event.hedged else "reported") for q in main] or [
            (None, "expected" if event.hedged else "reported")
        ]
        base = event.sentence.start
        for q in extra:
            after = event.sentence.text[q.end - base :]
            counts.append((q, "expected" if _expected_after().match(after) else "reported"))
        for n, (q, status) in enumerate(counts, start=1):
            factor = R.HEDGE_FACTOR if status == "expected" and not event.hedged else 1.0
            flows.append(
                Flow(
                    flow_id=f"{event.event_id}:f{n}",
                    event_id=event.event_id,
                    doc_id=event.doc_id,
                    origin=origin,
                    destination=destination,
                    quantity=q.value if q is not None else None,
                    quantity_text=q.text if q is not None else "",
                    status=status,
                    span=event.span,
                    confidence=round(event.confidence * factor, 3),
                )
            )
    return tuple(flows)
