"""Corrections that last: the user's fixes to places and events, kept as data and re-applied.

The corrections are one human-readable JSON Lines file in the data folder
(``corrections.jsonl``), one correction a line, in the order they were made::

    {"kind": "event_type", "target": "doc:e3", "value": {"event_type": "combat"},
     "original": {"event_type": "deployment"}, "who": "ana", "when": "2025-11-02T10:00:00Z"}

Kinds: ``event_type`` (``value``: ``event_type``), ``event_dates`` (``start``, ``end``,
``date_label``), ``not_a_place`` (the place is dropped; its events stay, without a
place) and ``move_place`` (``lat``, ``lon`` and optionally ``name``). Each targets an
``event_id`` or a ``place_id``. :func:`apply_corrections` is pure: frames in, corrected
copies out, so the app and a command line give the same result on every parse. Undo
removes the last line. Writes are locked and atomic (:mod:`geo.files`).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely import Point

from geo.errors import BadInputError
from geo.files import atomic_write_text, locked

CORRECTIONS_NAME = "corrections.jsonl"
#: Each kind and the keys its ``value`` must hold.
KINDS = {
    "event_type": {"event_type"},
    "event_dates": {"start", "end", "date_label"},
    "not_a_place": set(),
    "move_place": {"lat", "lon"},
}


@dataclass(frozen=True)
class Correction:
    """One correction: what, of which event or place, to what, from what, by whom, when."""

    kind: str
    target: str
    value: dict[str, Any] = field(default_factory=dict)
    original: dict[str, Any] = field(default_factory=dict)
    who: str = ""
    when: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise BadInputError("correction", f"unknown kind {self.kind!r}; one of {list(KINDS)}")
        missing = KINDS[self.kind] - set(self.value)
        if missing:
            raise BadInputError("correction", f"{self.kind} needs {sorted(missing)}")
        if not self.target:
            raise BadInputError("correction", "names no event or place")


def corrections_text(corrections: tuple[Correction, ...]) -> str:
    """Return the JSON Lines text of ``corrections``.

    Examples
    --------
    >>> corrections_text((Correction("not_a_place", "gn:1", who="ana"),)).splitlines()[0][:40]
    '{"kind": "not_a_place", "target": "gn:1"'
    """
    return "".join(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in corrections)


def parse_corrections(text: str, *, source: str = CORRECTIONS_NAME) -> tuple[Correction, ...]:
    """Parse the JSON Lines text of corrections.

    Raises
    ------
    BadInputError
        Naming the line that is not a correction.
    """
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
            out.append(Correction(**values))
        except (ValueError, TypeError, BadInputError) as exc:
            raise BadInputError(f"{source}:{number}", f"is not a correction: {exc}") from exc
    return tuple(out)


def read_corrections(data: str | os.PathLike[str]) -> tuple[Correction, ...]:
    """Return the corrections saved in the data folder ``data`` (none when no file)."""
    path = Path(data) / CORRECTIONS_NAME
    if not path.is_file():
        return ()
    return parse_corrections(path.read_text(encoding="utf-8"), source=str(path))


def add_correction(data: str | os.PathLike[str], correction: Correction) -> None:
    """Append ``correction`` to the data folder's corrections (locked, atomic)."""
    path = Path(data) / CORRECTIONS_NAME
    with locked(path):
        saved = read_corrections(data)
        atomic_write_text(path, corrections_text((*saved, correction)))


def undo_last(data: str | os.PathLike[str]) -> Correction | None:
    """Remove the last correction and return it (``None`` when there is none)."""
    path = Path(data) / CORRECTIONS_NAME
    with locked(path):
        saved = read_corrections(data)
        if not saved:
            return None
        atomic_write_text(path, corrections_text(saved[:-1]))
    return saved[-1]


def apply_corrections(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    flows: gpd.GeoDataFrame,
    corrections: tuple[Correction, ...],
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return copies of the frames with ``corrections`` applied, in order.

    A correction whose target is not in the frames (another corpus, an article since
    removed) changes nothing.
    """
    places, events, flows = places.copy(), events.copy(), flows.copy()
    for c in corrections:
        if c.kind == "event_type":
            events.loc[events["event_id"] == c.target, "event_type"] = c.value["event_type"]
        elif c.kind == "event_dates":
            rows = events["event_id"] == c.target
            for column in ("start", "end", "date_label"):
                events.loc[rows, column] = c.value[column] or None
        elif c.kind == "not_a_place":
            at = events["place_id"] == c.target
            events.loc[at, ["place_id", "place_name", "place_role"]] = [None, "", ""]
            events.loc[at, events.geometry.name] = None
            places = places.loc[places["place_id"] != c.target]
            on = (flows["origin_id"] == c.target) | (flows["destination_id"] == c.target)
            flows = flows.loc[~on]
        elif c.kind == "move_place":
            point = Point(float(c.value["lon"]), float(c.value["lat"]))
            rows = places["place_id"] == c.target
            places.loc[rows, ["lat", "lon"]] = [point.y, point.x]
            places.loc[rows, places.geometry.name] = point
            at = events["place_id"] == c.target
            events.loc[at, events.geometry.name] = point
            if c.value.get("name"):
                places.loc[rows, "name"] = c.value["name"]
                events.loc[at, "place_name"] = c.value["name"]
    return places, events, flows
