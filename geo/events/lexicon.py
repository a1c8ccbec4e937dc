"""The trigger lexicon: which words start which event, read from ``geo/data/event_triggers.csv``.

Each row of the CSV is one trigger: a base form (``lemma``), an optional second base form
that must follow within three tokens (``second``: "blow up", "tear gas", "take control"),
the event type and sub-type (:mod:`geo.events.typology`), a strength in (0, 1], an
optional cue set of :data:`geo.events.rules.CUES` that must occur in the trigger's
clause, and an optional dependency frame:

- ``place_object``: the trigger counts only when a place is its direct object or the
  object of its "of" ("the rebels took Sake", "seized control of the town");
- ``noun`` / ``verb``: only as a noun ("a storm") / as a verb ("gunmen stormed").

A word may have several rows: the first whose frame fits is taken ("took Sake" is a
territory taken; "capture" without a place is a clash).

Two-word triggers win over single words. How to extend: add a row (the CSV is data,
kept general: words of a kind of event, never the words of one article) and its
checksum in ``geo/data/MANIFEST.json``.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from geo.errors import BadInputError
from geo.events.rules import CUES
from geo.events.typology import SUB_TYPES

__all__ = ["LEXICON_PATH", "Lexicon", "Trigger", "load_lexicon"]

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "event_triggers.csv"
COLUMNS = ("lemma", "second", "event_type", "sub_event_type", "strength", "cue", "frame")
FRAMES = ("", "place_object", "noun", "verb")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of the lexicon."""

    lemma: str
    second: str
    event_type: str
    sub_event_type: str
    strength: float
    cue: str
    frame: str


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The triggers by first base form: ``single`` one-word ones, ``phrases`` two-word ones.

    Compared and hashed by identity (one lexicon per process).
    """

    single: dict[str, tuple[Trigger, ...]]
    phrases: dict[str, tuple[Trigger, ...]]


def _row(row: dict, where: str, cues) -> Trigger:
    try:
        strength = float(row["strength"])
    except ValueError as exc:
        raise BadInputError(where, f"strength {row['strength']!r} is not a number") from exc
    trigger = Trigger(
        lemma=row["lemma"].strip().lower(),
        second=(row["second"] or "").strip().lower(),
        event_type=row["event_type"].strip(),
        sub_event_type=row["sub_event_type"].strip(),
        strength=strength,
        cue=(row["cue"] or "").strip(),
        frame=(row["frame"] or "").strip(),
    )
    known = SUB_TYPES.get(trigger.sub_event_type)
    if known is None or known[0] != trigger.event_type:
        raise BadInputError(
            where, f"sub-type {trigger.sub_event_type!r} is not one of {trigger.event_type!r}"
        )
    if trigger.cue and trigger.cue not in cues:
        raise BadInputError(where, f"unknown cue set {trigger.cue!r}")
    if trigger.frame not in FRAMES or not trigger.lemma or not 0 < strength <= 1:
        raise BadInputError(where, "bad frame, empty lemma or strength outside (0, 1]")
    return trigger


def parse_lexicon(text: str, *, source: str, cues) -> Lexicon:
    """Return the lexicon of a CSV text (see the module docstring for its columns).

    Raises
    ------
    BadInputError
        Naming the source and the line, for a bad header or row.
    """
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise BadInputError(source, f"expected the columns {','.join(COLUMNS)}")
    single: dict[str, list[Trigger]] = {}
    phrases: dict[str, list[Trigger]] = {}
    for line, row in enumerate(reader, start=2):
        t = _row(row, f"{source}:{line}", cues)
        (phrases if t.second else single).setdefault(t.lemma, []).append(t)
    return Lexicon(
        {k: tuple(v) for k, v in single.items()}, {k: tuple(v) for k, v in phrases.items()}
    )


@functools.cache
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Return the lexicon of the CSV at ``path`` (read once per process: it is package data)."""
    return parse_lexicon(path.read_text(encoding="utf-8"), source=str(path), cues=CUES)
