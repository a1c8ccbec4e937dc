"""Validate Newsmap's frames at the edge of ``layers`` and turn rows into plain values.

Builders call :func:`checked` first: it checks the type, the columns of ``geo/schema.py``,
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

from geo import schema
from geo.errors import BadInputError
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
        A places, events or flows frame following ``geo/schema.py``.
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
        raise BadInputError(source, f"missing columns {missing} (see geo/schema.py)")
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
    for index, start, end in zip(frame.index, frame["start"], frame["end"], strict=True):
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
        starts.append(None if first is None else first.isoformat())
        ends.append(None if last is None else last.isoformat())
    frame["start"] = pd.Series(starts, index=frame.index, dtype=object)
    frame["end"] = pd.Series(ends, index=frame.index, dtype=object)


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
    data = {c: frame[c].tolist() for c in columns}
    for i in range(len(frame)):
        yield {c: plain(data[c][i]) for c in columns}


def point_coordinates(frame: gpd.GeoDataFrame) -> list[tuple[float, float] | None]:
    """Return ``(lon, lat)`` of each row's point: the geometry, else ``lon``/``lat``.

    Rows with neither give ``None`` (they are not drawn).
    """
    out: list[tuple[float, float] | None] = []
    geoms = frame.geometry
    has_lat = "lat" in frame.columns and "lon" in frame.columns
    for i, geom in enumerate(geoms):
        if has_lat:
            lat, lon = plain(frame["lat"].iat[i]), plain(frame["lon"].iat[i])
            if lat is not None and lon is not None:
                out.append((round(float(lon), 6), round(float(lat), 6)))
                continue
        if geom is None or geom.is_empty:
            out.append(None)
            continue
        point = geom if geom.geom_type == "Point" else geom.representative_point()
        out.append((round(point.x, 6), round(point.y, 6)))
    return out
