"""Read the curated water bodies: oceans, seas, gulfs, straits, channels and canals.

``geo/data/water_bodies.csv`` is curated by hand, like ``macro_regions.csv``: no
package we can reach ships named marine areas. Columns (see ``geo/data/README.md``):
``key``, ``name``, ``aliases`` ("|"-separated), ``kind`` (one of :data:`KINDS`),
``lat``, ``lon`` (a point in the water; a canal's lies in its country),
``uncertainty_km`` (how far the water reaches from that point) and ``countries``
(ISO2 codes of the shores, "|"-separated).

In the gazetteer a water body is an area without a polygon: feature class
``water_body``, feature code its kind, no country (it belongs to none), drawn as its
point with the radius ``uncertainty_km``.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from geo.gazetteer.sources import DATA_DIR, Entry, Problem

__all__ = ["KINDS", "WATER_COLUMNS", "WATER_SOURCE", "read_water_bodies"]

#: The kinds of water body, from the largest.
KINDS = ("ocean", "sea", "gulf", "strait", "channel", "canal")

#: Columns of ``water_bodies.csv``, in order.
WATER_COLUMNS = ("key", "name", "aliases", "kind", "lat", "lon", "uncertainty_km", "countries")

#: The source label of the entries (``curated-``: a list made on purpose).
WATER_SOURCE = "curated-water-bodies"


def _row_problem(row: dict[str, str]) -> str:
    """Return what is wrong with a row, or "" when it is good."""
    if not (row.get("key") or "").strip() or not (row.get("name") or "").strip():
        return "needs key and name"
    if row.get("kind") not in KINDS:
        return f"kind {row.get('kind')!r} is not one of {', '.join(KINDS)}"
    try:
        lat, lon, radius = (float(row[c]) for c in ("lat", "lon", "uncertainty_km"))
    except (TypeError, ValueError):
        return "lat, lon and uncertainty_km must be numbers"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not math.isfinite(radius) or radius <= 0:
        return "lat/lon out of range or uncertainty_km not positive"
    return ""


def read_water_bodies(path: Path | None = None) -> tuple[list[Entry], list[Problem]]:
    """Read the curated water bodies.

    Parameters
    ----------
    path : Path, optional
        Default ``geo/data/water_bodies.csv``.

    Returns
    -------
    (list of Entry, list of Problem)
        One entry per good row (id ``water:<key>``); one problem per bad row, naming
        the file and line. A missing file is one problem.
    """
    source = Path(path or DATA_DIR / "water_bodies.csv")
    entries: list[Entry] = []
    problems: list[Problem] = []
    try:
        handle = source.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        return entries, [Problem(str(source), f"cannot read: {exc.strerror or exc}")]
    seen: set[str] = set()
    with handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            problem = _row_problem(row)
            if not problem and row["key"] in seen:
                problem = f"duplicate key {row['key']!r}"
            if problem:
                problems.append(Problem(f"{source}:{line}", problem))
                continue
            seen.add(row["key"])
            shores = "|".join(c.strip() for c in (row.get("countries") or "").split("|"))
            entries.append(
                Entry(
                    entry_id=f"water:{row['key'].strip()}",
                    name=row["name"].strip(),
                    feature_class="water_body",
                    feature_code=row["kind"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    country="",
                    source=WATER_SOURCE,
                    uncertainty_km=float(row["uncertainty_km"]),
                    alternates=tuple(
                        a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()
                    ),
                    note=f"shores: {shores}" if shores else "",
                )
            )
    return entries, problems
