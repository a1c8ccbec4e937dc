"""Newsmap's events in the columns of ACLED's public exports, to put them beside ACLED's.

:func:`acled_frame` turns the events frame (and the places frame, for the admin-1 region
and the country) into one row per event ACLED would code: disasters are left out,
and Newsmap's own kinds (deployments, visits, statements, ...) are "Strategic
developments" with sub-type "Other" (:mod:`geo.events.typology`). ``python -m geo parse
--format acled`` writes it as ``acled.csv`` (cells neutralised against formula
injection by :mod:`geo.frames.writers`).

Mapping of the columns:

- ``event_id_cnty``: Newsmap's ``event_id``; ``event_date``: the first day of its
  interval; ``time_precision``: 1 for a day, 2 for a week or less or a "reported by"
  date, 3 for longer.
- ``location``, ``latitude``, ``longitude``: the site (a representative point for an
  area); ``geo_precision``: 1 for a town, 2 for a district, 3 for a region or a country.
- ``notes``: every sentence that tells of the event; ``source``: the article's title,
  else its URL, else its id; ``tags``: Newsmap's event type and date rule.
- Columns Newsmap does not read (``inter1``, ``interaction``, ``admin2``, ``region``,
  ``timestamp`` ...) are empty.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from geo.events.typology import VAC, acled_sub_type, acled_type

__all__ = ["ACLED_COLUMNS", "acled_frame"]

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

_COUNTRIES = Path(__file__).resolve().parent.parent / "data" / "countries.parquet"
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}
_GEO_PRECISION = {"town": 1, "district": 2, "region": 3, "country": 3, "macro_region": 3}
_SHORT = ("day",)
_MEDIUM = ("week", "part_of_month")


def _country_names() -> dict[str, str]:
    import pyarrow.parquet as pq

    table = pq.read_table(_COUNTRIES, columns=["iso_a2", "name"])
    return dict(zip(table["iso_a2"].to_pylist(), table["name"].to_pylist(), strict=True))


def _time_precision(precision: str, status: str) -> int | None:
    if precision == "undated":
        return None
    if status == "reported":
        return 2
    return 1 if precision in _SHORT else 2 if precision in _MEDIUM else 3


def _text(value) -> str:
    return "" if value is None or value != value else str(value)  # NaN != NaN


def acled_frame(events, places):
    """Return the events ACLED would code, one row each, in :data:`ACLED_COLUMNS`.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        The events frame (:data:`geo.frames.schema.EVENT_COLUMNS`).
    places : geopandas.GeoDataFrame
        The places frame (:data:`geo.frames.schema.PLACE_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ACLED_COLUMNS`; ``fatalities`` is 0 when the text gives none.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from geo.frames.build import empty_frame
    >>> from geo.frames.schema import EVENT_COLUMNS, PLACE_COLUMNS
    >>> len(acled_frame(empty_frame(EVENT_COLUMNS), empty_frame(PLACE_COLUMNS)))
    0
    """
    import pandas as pd

    by_place = {
        str(r["place_id"]): r
        for r in places[["place_id", "name", "feature_class", "country", "admin1_name"]].to_dict(
            "records"
        )
    }
    names = _country_names() if len(events) else {}
    rows = []
    for row, geom in zip(events.to_dict("records"), events.geometry, strict=True):
        kind = acled_type(row["event_type"], row["sub_event_type"])
        if not kind:
            continue
        place = by_place.get(str(row["place_id"]), {})
        point = geom.representative_point() if geom is not None and not geom.is_empty else None
        day = date.fromisoformat(row["start"]) if _text(row["start"]) else None
        admin1 = place.get("admin1_name", "")
        if place.get("feature_class") == "admin_region":
            admin1 = place.get("name", "")
        fatalities = row["fatalities"]
        rows.append(
            {
                "event_id_cnty": row["event_id"],
                "event_date": day.isoformat() if day else "",
                "year": day.year if day else None,
                "time_precision": _time_precision(row["date_precision"], row["date_status"]),
                "disorder_type": _DISORDER[kind],
                "event_type": kind,
                "sub_event_type": acled_sub_type(row["event_type"], row["sub_event_type"]),
                "actor1": row["actor1"],
                "actor2": row["actor2"],
                "civilian_targeting": "Civilian targeting" if kind == VAC else "",
                "country": names.get(place.get("country", ""), ""),
                "admin1": admin1 or "",
                "location": row["place_name"],
                "latitude": round(point.y, 4) if point is not None else None,
                "longitude": round(point.x, 4) if point is not None else None,
                "geo_precision": _GEO_PRECISION.get(row["location_precision"]),
                "source": _text(row["doc_title"]) or _text(row["doc_url"]) or row["doc_id"],
                "notes": row["notes"],
                "fatalities": 0 if fatalities is None or pd.isna(fatalities) else int(fatalities),
                "tags": f"newsmap_type={row['event_type']}; date_rule={row['date_rule']}",
            }
        )
    frame = pd.DataFrame(rows, columns=list(ACLED_COLUMNS))
    for column in ("year", "time_precision", "geo_precision", "fatalities"):
        frame[column] = frame[column].astype("Int64")
    return frame.fillna({c: "" for c in ACLED_COLUMNS if frame[c].dtype == object})
