"""The sidebar's corrections: change an event's type or dates, drop a wrong place, move one.

Each correction is saved in the library's ``corrections.jsonl`` (:mod:`geo.library.corrections`)
with who made it, when and the original values, and is applied to every later parse.
Labels are plain text; nothing here renders HTML.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo.errors import NewsmapError
from geo.frames import schema
from geo.library.corrections import CORRECTIONS_NAME, Correction, add_correction, undo_last

WHAT = {
    "event_type": "An event's type",
    "event_dates": "An event's dates",
    "not_a_place": "Not a place",
    "move_place": "Move a place",
}


def corrections_key(data: Path) -> tuple[int, int]:
    """Return ``(mtime_ns, size)`` of the corrections file, ``(0, 0)`` without one."""
    path = data / CORRECTIONS_NAME
    if not path.is_file():
        return (0, 0)
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "")


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def corrections_ui(data: Path, events: gpd.GeoDataFrame, places: gpd.GeoDataFrame) -> bool:
    """Offer the corrections form; return True when a correction was saved or undone."""
    with st.sidebar.expander("Correct"):
        kind = st.selectbox("What", list(WHAT), format_func=WHAT.get, key="correct_kind")
        correction = None
        if kind in ("event_type", "event_dates"):
            correction = _event_form(kind, events)
        else:
            correction = _place_form(kind, places)
        undo = st.button("Undo the last correction", key="correct_undo")
    try:
        if correction is not None:
            add_correction(data, correction)
            st.sidebar.success("Correction saved; it applies to every parse.")
            return True
        if undo:
            undone = undo_last(data)
            st.sidebar.text("Nothing to undo." if undone is None else f"Undone: {undone.kind}")
            return undone is not None
    except NewsmapError as exc:
        st.sidebar.error("The correction was not saved:")
        st.sidebar.text(str(exc))
    return False


def _event_form(kind: str, events: gpd.GeoDataFrame) -> Correction | None:
    rows = events.drop_duplicates("event_id").set_index("event_id")
    if rows.empty:
        st.caption("No event to correct.")
        return None
    event_id = st.selectbox(
        "Event",
        list(rows.index),
        format_func=lambda i: (
            f"{rows.at[i, 'date_label'] or 'undated'} · "
            f"{rows.at[i, 'event_type']} · {str(rows.at[i, 'sentence'])[:70]}"
        ),
        key="correct_event",
    )
    row = rows.loc[event_id]
    with st.form(f"correct_{kind}"):
        if kind == "event_type":
            types = list(schema.EVENT_TYPES)
            new = st.selectbox("Type", types, index=types.index(row["event_type"]))
            value = {"event_type": new}
            original = {"event_type": row["event_type"]}
        else:
            start = st.date_input("From", value=_day(row["start"]), format="YYYY-MM-DD")
            end = st.date_input("To", value=_day(row["end"]), format="YYYY-MM-DD")
            label = st.text_input("Label", value=str(row["date_label"] or ""))
            value = {"start": _iso(start), "end": _iso(end), "date_label": label}
            original = {k: row[k] for k in ("start", "end", "date_label")}
        if not st.form_submit_button("Save correction"):
            return None
    if kind == "event_dates" and value["start"] and value["end"] and value["start"] > value["end"]:
        raise_in_sidebar("“From” is after “To”.")
        return None
    return Correction(kind, event_id, value, _plain(original), _who(), _now())


def _place_form(kind: str, places: gpd.GeoDataFrame) -> Correction | None:
    rows = places.set_index("place_id")
    if rows.empty:
        st.caption("No place to correct.")
        return None
    place_id = st.selectbox(
        "Place",
        list(rows.index),
        format_func=lambda i: (
            f"{rows.at[i, 'name']} ({rows.at[i, 'admin1_name'] or ''} "
            f"{rows.at[i, 'country'] or ''})"
        ),
        key="correct_place",
    )
    row = rows.loc[place_id]
    with st.form(f"correct_{kind}"):
        value: dict = {}
        if kind == "move_place":
            lat = st.number_input("Latitude", -90.0, 90.0, float(row["lat"]), format="%.5f")
            lon = st.number_input("Longitude", -180.0, 180.0, float(row["lon"]), format="%.5f")
            name = st.text_input("Name", value=str(row["name"]))
            value = {"lat": lat, "lon": lon, "name": name}
        if not st.form_submit_button("Save correction"):
            return None
    original = {"name": row["name"], "lat": row["lat"], "lon": row["lon"]}
    return Correction(kind, place_id, value, _plain(original), _who(), _now())


def raise_in_sidebar(message: str) -> None:
    """Show a refused correction's reason."""
    st.sidebar.error(message)


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _plain(values: dict) -> dict:
    """Return JSON-friendly values (numpy numbers and NaN become floats and None)."""
    out = {}
    for key, value in values.items():
        if value is None or (isinstance(value, float) and value != value):
            out[key] = None
        elif hasattr(value, "item"):
            out[key] = value.item()
        else:
            out[key] = value
    return out
