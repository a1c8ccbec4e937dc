"""Read curated places CSVs: the user's places and the project's US counties.

The format is :data:`geo.gazetteer.sources.CURATED_COLUMNS` (``name``, ``alternate_names``,
``lat``, ``lon``, ``feature_type``, ``country``, ``admin1``, ``uncertainty_km``,
``source``; an optional ``fips``). One bad row is a :class:`geo.gazetteer.sources.Problem` naming
the file and line; the other rows are still read.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from geo.gazetteer.names import fold
from geo.gazetteer.sources import Entry, Problem

__all__ = ["read_curated"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "place"


def read_curated(
    path: Path,
    admin1_codes: dict[tuple[str, str], str] | None = None,
    *,
    origin: str = "curated",
):
    """Read a curated places CSV (columns :data:`CURATED_COLUMNS`).

    Parameters
    ----------
    path : Path
        The CSV. ``alternate_names`` is ``"|"``-separated; ``uncertainty_km`` may be
        empty (exact place); ``source`` says where the coordinates come from.
    admin1_codes : dict, optional
        ``(country, folded admin-1 name) -> admin-1 code``, to attach the region code.
    origin : str
        What the file is: ``"curated"`` for the user's places, ``"census"`` for the
        project's US counties. Entries get the source ``"{origin}:{file name}"`` and
        the id ``"{origin}:{slug of the name}"``, or ``"{origin}:{fips}"`` when the
        file has a ``fips`` column.

    Returns
    -------
    (list of Entry, list of Problem)
        The good rows, and one problem per bad row (file and line named).
    """
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = defaultdict(int)
    admin1_codes = admin1_codes or {}
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        return entries, [Problem(str(path), f"cannot read: {exc.strerror or exc}")]
    with handle:
        reader = csv.DictReader(handle)
        absent = [c for c in ("name", "lat", "lon") if c not in (reader.fieldnames or ())]
        if absent:
            return entries, [Problem(f"{path}:1", f"missing columns {absent}")]
        for row in reader:
            where = f"{path}:{reader.line_num}"
            try:
                entry = _curated_entry(row, admin1_codes, origin, path.name)
            except ValueError as exc:
                problems.append(Problem(where, str(exc)))
                continue
            seen[entry.entry_id] += 1
            if seen[entry.entry_id] > 1:
                entry = _replace_id(entry, f"{entry.entry_id}-{seen[entry.entry_id]}")
            entries.append(entry)
    return entries, problems


def _replace_id(entry: Entry, entry_id: str) -> Entry:
    from dataclasses import replace

    return replace(entry, entry_id=entry_id)


def _curated_entry(
    row: dict, admin1_codes: dict[tuple[str, str], str], origin: str, file_name: str
) -> Entry:
    if None in row:
        raise ValueError("more fields than the header has")
    name = (row.get("name") or "").strip()
    if not name:
        raise ValueError("empty name")
    lat = _number(row, "lat", -90, 90)
    lon = _number(row, "lon", -180, 180)
    raw_unc = (row.get("uncertainty_km") or "").strip()
    uncertainty = _number(row, "uncertainty_km", 0, 20_000) if raw_unc else None
    country = (row.get("country") or "").strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"country {country!r} is not an ISO 3166-1 alpha-2 code")
    feature_type = (row.get("feature_type") or "village").strip().lower()
    admin1 = (row.get("admin1") or "").strip()
    return Entry(
        entry_id=f"{origin}:{(row.get('fips') or '').strip() or _slug(name)}",
        name=name,
        feature_class="populated_place",
        feature_code=feature_type,
        lat=lat,
        lon=lon,
        country=country,
        source=f"{origin}:{file_name}",
        note=(row.get("source") or "").strip(),
        admin1_code=admin1_codes.get((country, fold(admin1)), ""),
        admin1_name=admin1,
        uncertainty_km=uncertainty,
        alternates=tuple(
            a.strip() for a in (row.get("alternate_names") or "").split("|") if a.strip()
        ),
    )


def _number(row: dict, column: str, low: float, high: float) -> float:
    raw = (row.get(column) or "").strip()
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{column} {raw!r} is not a number") from None
    if not low <= value <= high:
        raise ValueError(f"{column} {value} is outside [{low}, {high}]")
    return value
