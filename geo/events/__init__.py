"""Events and movements: what happened, where and when, from sentences, places and dates.

:func:`extract_events` reads the triggers of each sentence into :class:`Event` values;
:func:`extract_flows` turns movement events into origin → destination flows.
"""

from geo.events.extract import extract_events
from geo.events.flows import extract_flows
from geo.events.model import Event

__all__ = ["Event", "extract_events", "extract_flows"]
