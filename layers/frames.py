"""Validate Newsmap's frames at the edge of ``layers`` and turn rows into plain values.

Builders call :func:`checked` first: it checks the type, the columns of ``geo/frames/schema.py``,
the CRS and the categorical values, and returns a *copy* in EPSG:4326, so nothing
downstream can touch the caller's frame.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import BadInputError
from geo.frames import schema
from layers.dates import parse_day

#: Columns of each frame kind, and the name used in error messages.
COLUMNS = {
    "places": schema.PLACE_COLUMNS,
    "events": schema.EVENT_COLUMNS,
    "flows": schema.FLOW_COLUMNS,
}
_ID_COLUMN = {"places": "place_id", "events": "event_id", "flows": "flow_id"}
_ALLOWED = {
    "places": {"precision": schema.PRECISIONS},
    "events": {"event_type": schema.EVENT_TYPES},
    "flows": {"status": schema.FLOW_STATUSES},
}


def checked(frame: Any, kind: str) -> gpd.GeoDataFrame:
    """Return a validated copy of ``frame`` in EPSG:4326.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        A places, events or flows frame following ``geo/frames/schema.py``.
    kind : {"places", "events", "flows"}
        Which contract to check.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy (the input is never modified), reprojected to EPSG:4326.

    Raises
    ------
    BadInputError
        When the frame is not a GeoDataFrame, lacks columns, has no CRS, or holds a
        value outside the schema; the message names the row and the bad value.

    Examples
    --------
    >>> import geopandas as gpd
    >>> checked(gpd.GeoDataFrame({"x": [1]}, geometry=[None]), "flows")
    Traceback (most recent call last):
    ...
    geo.errors.BadInputError: flows frame: missing columns ...
    """
    if kind not in COLUMNS:
        raise BadInputError(
            "layers", f"unknown frame kind {kind!r}; expected one of {list(COLUMNS)}"
        )
    source = f"{kind} frame"
    if not isinstance(frame, gpd.GeoDataFrame):
        raise BadInputError(source, f"expected a GeoDataFrame, got {type(frame).__name__}")
    missing = [c for c in COLUMNS[kind] if c not in frame.columns]
    if missing:
        raise BadInputError(source, f"missing columns {missing} (see geo/frames/schema.py)")
    if len(frame) and frame.crs is None:
        raise BadInputError(source, f"has no CRS; expected {schema.CRS}")
    out = frame.copy()
    if len(out) and not out.crs.equals(schema.CRS):
        out = out.to_crs(schema.CRS)
    _check_categories(out, kind)
    if kind in ("events", "flows"):
        _check_dates(out, kind)
    if kind == "places":
        _check_coordinates(out)
    return out


def _row_source(frame: pd.DataFrame, kind: str, index: Any) -> str:
    ident = frame.at[index, _ID_COLUMN[kind]]
    return f"{kind} frame, row {index!r} ({_ID_COLUMN[kind]} {ident!r})"


def _check_categories(frame: pd.DataFrame, kind: str) -> None:
    for column, allowed in _ALLOWED[kind].items():
        bad = ~frame[column].isin(allowed)
        if bad.any():
            index = frame.index[bad.to_numpy()][0]
            value = frame.at[index, column]
            raise BadInputError(
                _row_source(frame, kind, index),
                f"{column} {value!r} is not one of {list(allowed)}",
            )


def _check_dates(frame: pd.DataFrame, kind: str) -> None:
    """Check ``start``/``end`` and rewrite them (in the copy) as ISO strings or None."""
    starts, ends = [], []
    seen: dict[tuple[Any, Any], tuple[str | None, str | None]] = {}  # spans repeat a lot
    for index, start, end in zip(frame.index, frame["start"], frame["end"], strict=True):
        try:
            key = (start, end)
            span = seen.get(key)
        except TypeError:  # an unhashable value: parse_day will name it
            key, span = None, None
        if span is None:
            span = _span(frame, kind, index, start, end)
            if key is not None:
                seen[key] = span
        starts.append(span[0])
        ends.append(span[1])
    frame["start"] = pd.Series(starts, index=frame.index, dtype=object)
    frame["end"] = pd.Series(ends, index=frame.index, dtype=object)


def _span(
    frame: pd.DataFrame, kind: str, index: Any, start: Any, end: Any
) -> tuple[str | None, str | None]:
    try:
        first = parse_day(start, source="start")
        last = parse_day(end, source="end")
    except BadInputError as exc:  # name the row only when there is an error
        raise BadInputError(
            f"{_row_source(frame, kind, index)} {exc.source}", exc.problem
        ) from None
    if first is not None and last is not None and first > last:
        raise BadInputError(
            _row_source(frame, kind, index), f"start {start!r} is after end {end!r}"
        )
    return (
        None if first is None else first.isoformat(),
        None if last is None else last.isoformat(),
    )


def _check_coordinates(frame: pd.DataFrame) -> None:
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    bad = (lat.abs() > 90) | (lon.abs() > 180)
    if bad.any():
        index = frame.index[bad.to_numpy()][0]
        raise BadInputError(
            _row_source(frame, "places", index),
            f"lat/lon ({frame.at[index, 'lat']!r}, {frame.at[index, 'lon']!r}) out of range",
        )


def plain(value: Any) -> Any:
    """Return ``value`` as a plain Python value, with every missing value as ``None``.

    Examples
    --------
    >>> plain(float("nan")) is None, plain(np.int64(3)), plain("x")
    (True, 3, 'x')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame: pd.DataFrame, columns: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Yield the rows of ``frame`` as dicts of plain values over ``columns``.

    Examples
    --------
    >>> list(records(pd.DataFrame({"a": [1.0, float("nan")]}), ["a"]))
    [{'a': 1.0}, {'a': None}]
    """
    data = [plain_column(frame[c]) for c in columns]
    for values in zip(*data, strict=True):
        yield dict(zip(columns, values, strict=True))


def plain_column(column: pd.Series) -> list[Any]:
    """Return a column as a list of plain Python values, every missing value as ``None``.

    Examples
    --------
    >>> plain_column(pd.Series([1.5, None])), plain_column(pd.Series(["a", None]))
    ([1.5, None], ['a', None])
    """
    missing = column.isna().tolist()
    return [
        None if gone else (value.item() if isinstance(value, np.generic) else value)
        for value, gone in zip(column.tolist(), missing, strict=True)
    ]


def point_coordinates(frame: gpd.GeoDataFrame) -> list[tuple[float, float] | None]:
    """Return ``(lon, lat)`` of each row's point: ``lon``/``lat``, else the geometry's.

    A geometry that is not a point gives its representative point. Rows with neither give
    ``None`` (they are not drawn).

    Examples
    --------
    >>> from shapely import Point
    >>> frame = gpd.GeoDataFrame({"lat": [1.0, None, None], "lon": [2.0, None, None]},
    ...                          geometry=[None, Point(3, 4), None], crs=4326)
    >>> point_coordinates(frame)
    [(2.0, 1.0), (3.0, 4.0), None]
    """
    if "lat" in frame.columns and "lon" in frame.columns:
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype=float)
    else:
        lat = lon = np.full(len(frame), np.nan)
    known = ~(np.isnan(lat) | np.isnan(lon))
    lat, lon = np.round(lat, 6).tolist(), np.round(lon, 6).tolist()
    out: list[tuple[float, float] | None] = []
    for i, geom in enumerate(frame.geometry):
        if known[i]:
            out.append((lon[i], lat[i]))
        elif geom is None or geom.is_empty:
            out.append(None)
        else:
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            out.append((round(point.x, 6), round(point.y, 6)))
    return out
