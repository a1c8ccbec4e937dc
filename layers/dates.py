"""Date ranges for the map: parse ISO days and keep the events that overlap a range.

An event spans ``[start, end]`` (inclusive ISO days). A missing ``start`` means "from
any time", a missing ``end`` "still going"; an event with neither is *undated*. Whether
it overlaps ``[since, until]`` is :func:`geo.time.overlaps` (the one rule); this module
adds the choice to keep undated events. The exported page's JavaScript mirrors both
(:data:`layers.datecontrol.IN_RANGE_JS`, tested on the same cases).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import geopandas as gpd
import numpy as np

from geo.errors import BadInputError
from geo.time import overlaps


def parse_day(value: Any, *, source: str = "date") -> dt.date | None:
    """Return ``value`` as a date, or ``None`` when it is missing.

    Parameters
    ----------
    value : str, datetime.date, None or NaN
        An ISO day ``"YYYY-MM-DD"``, a date, or a missing value.
    source : str
        Named in the error when ``value`` is not a day.

    Raises
    ------
    BadInputError
        When ``value`` is neither missing nor an ISO day.

    Examples
    --------
    >>> parse_day("2025-10-31")
    datetime.date(2025, 10, 31)
    >>> parse_day(None) is None, parse_day("") is None
    (True, True)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if str(value) in ("NaT", "<NA>"):  # pandas' missing values (NaT is a datetime)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            if len(value) != 10:
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BadInputError(source, f"{value!r} ({type(value).__name__}) is not an ISO day YYYY-MM-DD")


def in_range(
    start: dt.date | None,
    end: dt.date | None,
    since: dt.date | None,
    until: dt.date | None,
    *,
    include_undated: bool | None = None,
) -> bool:
    """Tell whether an event spanning ``[start, end]`` is kept for ``[since, until]``.

    Dated events follow :func:`geo.time.overlaps` (the one overlap rule). An undated
    event (no start, no end) is kept as ``include_undated`` says, or, when it is
    ``None``, as :func:`geo.time.overlaps` says (only when no range is set).

    Examples
    --------
    >>> d = dt.date.fromisoformat
    >>> in_range(d("2025-10-20"), d("2025-10-31"), d("2025-10-31"), None)
    True
    >>> in_range(None, None, d("2025-01-01"), None), in_range(
    ...     None, None, d("2025-01-01"), None, include_undated=True)
    (False, True)
    """
    if start is None and end is None and include_undated is not None:
        return include_undated
    return overlaps((start, end), since, until)


def range_mask(
    frame: gpd.GeoDataFrame,
    *,
    since: Any = None,
    until: Any = None,
    include_undated: bool | None = None,
) -> np.ndarray:
    """Return one bool per row of ``frame``: whether its span passes :func:`in_range`.

    Works on any frame with ``start`` and ``end`` columns (events and flows); nothing is
    copied, so a caller can combine the mask with others and select once.

    Raises
    ------
    BadInputError
        When ``since`` or ``until`` is not a day, or ``since`` is after ``until``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"start": ["2024-05-01", None], "end": ["2024-05-31", None]})
    >>> range_mask(frame, since="2024-05-15").tolist(), range_mask(frame).tolist()
    ([True, False], [True, True])
    """
    first, last = check_range(since, until)
    return np.fromiter(
        (
            in_range(
                parse_day(s, source="start"),
                parse_day(e, source="end"),
                first,
                last,
                include_undated=include_undated,
            )
            for s, e in zip(frame["start"], frame["end"], strict=True)
        ),
        dtype=bool,
        count=len(frame),
    )


def filter_events(
    events: gpd.GeoDataFrame,
    *,
    since: Any = None,
    until: Any = None,
    include_undated: bool | None = None,
) -> gpd.GeoDataFrame:
    """Return a copy of the rows of ``events`` that pass :func:`range_mask`.

    Examples
    --------
    >>> import geopandas as gpd
    >>> frame = gpd.GeoDataFrame(
    ...     {"start": ["2024-05-01", None], "end": ["2024-05-31", None]}, geometry=[None, None]
    ... )
    >>> len(filter_events(frame, since="2024-05-15")), len(filter_events(frame))
    (1, 2)
    """
    keep = range_mask(events, since=since, until=until, include_undated=include_undated)
    return events.loc[keep].copy()


def check_range(since: Any, until: Any) -> tuple[dt.date | None, dt.date | None]:
    """Parse a ``since``/``until`` pair and check that it is in order.

    Examples
    --------
    >>> check_range("2024-01-01", None)
    (datetime.date(2024, 1, 1), None)
    """
    first = parse_day(since, source="since")
    last = parse_day(until, source="until")
    if first is not None and last is not None and first > last:
        raise BadInputError("date range", f"since {first} is after until {last}")
    return first, last


def iso(value: Any) -> str:
    """Return a day as ``"YYYY-MM-DD"``, or ``""`` when missing (for HTML and JSON).

    Examples
    --------
    >>> iso("2025-01-02"), iso(None)
    ('2025-01-02', '')
    """
    day = parse_day(value)
    return "" if day is None else day.isoformat()
