"""The app's widgets: each ``*_ui()`` draws one part of the page and returns what was chosen.

Shared resources (the spaCy pipeline, the gazetteer, the parsed corpus, the boundary
outlines, the static assets) are cached with ``st.cache_resource``: they are large or
not picklable, and read only. Article text is shown only through widgets that render
plain text (``st.text``, ``st.dataframe``) or through the map's escaped popups; never with
``unsafe_allow_html``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import altair as alt
import folium
import streamlit as st
from streamlit_folium import st_folium

from app.downloads import DATA_FORMATS, data_bytes, map_bytes
from app.view import (
    Choices,
    Corpus,
    Options,
    View,
    corpus_of,
    date_range,
    events_table,
    summary_line,
    timeline,
    type_colors,
)
from geo.gazetteer.index import Gazetteer, default_index_path
from geo.library.corrections import apply_corrections
from geo.nlp.analysis import load_nlp
from geo.pipeline import ParseResult, parse_corpus
from layers.assets import install_static, use_assets
from layers.base import base_map
from layers.legend import Legend
from layers.mapview import center_zoom, focus_bounds, overlay_groups

#: The project's country outlines (Natural Earth), drawn under the map.
OUTLINES = Path(__file__).resolve().parent.parent / "geo" / "data" / "countries.parquet"
MAP_HEIGHT = 580
#: Simplification of the live map's country outlines, in degrees (about 5 km).
LIVE_MAP_SIMPLIFY = 0.05
WARNING_KINDS = {
    "skipped": "Input left out",
    "input": "Input read with a caveat",
    "inferred": "Inferred article dates",
    "unresolved": "Place names not in the gazetteer",
    "undated": "Undated events",
}
#: Headers of the events table (column: label).
TABLE_LABELS = {
    "date_label": "When",
    "event_type": "Type",
    "place_name": "Place",
    "place_role": "Role of the place",
    "doc_title": "Article",
    "actors": "Actors",
    "quantity_text": "Quantity",
    "attribution": "According to",
    "start": "From",
    "end": "To",
    "event_id": "Event id",
}
CREDITS = (
    "Place names and coordinates: [GeoNames](https://www.geonames.org/) (CC BY 4.0). "
    "Boundaries: [Natural Earth](https://www.naturalearthdata.com/) (public domain). "
    "Maps drawn with Leaflet and folium; everything is served locally."
)


# -- cached resources ----------------------------------------------------------------
@st.cache_resource(show_spinner="Loading the language model…")
def nlp_resource():
    """Return the spaCy pipeline (loaded once per server process)."""
    return load_nlp()


@st.cache_resource(show_spinner=False)
def gazetteer_resource(path: str) -> Gazetteer:
    """Return one read-only gazetteer handle shared by every session.

    Streamlit runs each script run in its own thread, so the handle is opened for use
    from any thread (it only reads).
    """
    return Gazetteer.open(path, threads=True)


@st.cache_resource(max_entries=2, show_spinner="Reading and parsing the corpus…")
def parsed_corpus(folder: str, key: tuple) -> ParseResult:
    """Return the parse of ``folder``; ``key`` (:func:`app.view.corpus_key`) keys the cache."""
    gazetteer = gazetteer_resource(str(default_index_path()))
    return parse_corpus(folder, gazetteer=gazetteer, nlp=nlp_resource())


@st.cache_resource(max_entries=2, show_spinner=False)
def corpus_resource(
    folder: str, key: tuple, _result: ParseResult, fixes: tuple = (), _corrections: tuple = ()
) -> Corpus:
    """Return the parse, corrected, validated and ready to filter.

    Made once per corpus version (``key``) and corrections file version (``fixes``).
    """
    places, events, flows = apply_corrections(
        _result.places, _result.events, _result.flows, _corrections
    )
    return corpus_of(places, events, flows, tolerance=LIVE_MAP_SIMPLIFY)


def outlines_path() -> str | None:
    """Return the path of the country outlines, or ``None`` when the file is missing.

    The maps get the path, not a frame: :func:`layers.base.outlines_file_json` reads,
    simplifies and serialises the outlines once per process and tolerance.
    """
    return str(OUTLINES) if OUTLINES.is_file() else None


@st.cache_resource(show_spinner=False)
def static_resource(root: str) -> str:
    """Copy Leaflet & co. into ``root/static/newsmap`` once (served at ``/app/static/``)."""
    return str(install_static(root))


# -- widgets ----------------------------------------------------------------------
def filters_ui(options: Options) -> Choices:
    """Draw the sidebar filters and return the choices."""
    sidebar = st.sidebar
    sidebar.header("Filters")
    since = until = None
    if options.first is not None:
        since = sidebar.date_input(
            "From",
            value=options.first,
            min_value=options.first,
            max_value=options.last,
            key="since",
            format="YYYY-MM-DD",
        )
        until = sidebar.date_input(
            "To",
            value=options.last,
            min_value=options.first,
            max_value=options.last,
            key="until",
            format="YYYY-MM-DD",
        )
        if since and until and since > until:
            sidebar.error("“From” is after “To”: the range is ignored until it is in order.")
            since = until = None
        since, until = date_range(since, until, options)
    else:
        sidebar.caption("No event in the corpus is dated.")
    undated = sidebar.checkbox(
        "Keep undated events",
        value=True,
        key="undated",
        help="Events with no date stay on the map and in the table whatever the range.",
    )
    types = sidebar.multiselect(
        "Event types", options.event_types, default=options.event_types, key="types"
    )
    focus = st.session_state.pop("focus_doc", None)
    if focus in options.doc_ids:  # a new article: show it (and fit the map to it)
        st.session_state["docs"] = [focus]
    docs = sidebar.multiselect(
        "Documents",
        options.doc_ids,
        default=[],
        format_func=lambda doc_id: options.doc_titles.get(doc_id, doc_id),
        placeholder="All documents",
        key="docs",
    )
    roles = sidebar.multiselect("Place roles", options.roles, default=options.roles, key="roles")
    confidence = sidebar.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key="confidence")
    return Choices(
        since=since,
        until=until,
        include_undated=bool(undated),
        event_types=_chosen(types, options.event_types),
        doc_ids=tuple(docs) or None,
        roles=_chosen(roles, options.roles),
        min_confidence=float(confidence),
    )


def found_text(file: str, result: ParseResult) -> str:
    """Return what the parse found in the article ``file`` (plain text), or ``""``."""
    lines = []
    for article in result.articles:
        if Path(article.document.path).name != file:
            continue
        names = sorted({pm.place.name for pm in article.places if pm.place is not None})
        events = len(article.events)
        lines.append(
            f"{article.document.title}\n{events} event{'s' * (events != 1)}; "
            f"places: {', '.join(names) or 'none'}"
        )
    return "\n".join(lines)


def forget_parse() -> None:
    """Free the cached parse after the library changed, and start from its whole span."""
    parsed_corpus.clear()
    corpus_resource.clear()
    for key in ("since", "until"):
        st.session_state.pop(key, None)


def summary_ui(view: View) -> None:
    """Show "N of M events shown"."""
    st.markdown(f"**{summary_line(view)}**")


def map_ui(view: View, *, outlines: str | None, event_types: Sequence[str] = ()) -> None:
    """Draw the view's map (assets served locally); panning and clicks do not rerun.

    The base (outlines, legend) is the same on every run, so streamlit-folium keeps the
    page it shows and only swaps the data layers (:func:`layers.mapview.overlay_groups`
    of the view's frames, drawn as they are) when a filter changes. The view is fitted
    to the view's data on open and after every filter or upload (streamlit-folium moves
    the map to a new ``center``/``zoom`` without reloading it).
    """
    bounds = focus_bounds(view.live_places, view.events, view.flows)
    center, zoom = center_zoom(bounds, height=MAP_HEIGHT)
    m = base_map(outlines, outline_tolerance=LIVE_MAP_SIMPLIFY, bounds=bounds)
    m.add_child(Legend(event_types), name="newsmap_legend")
    use_assets(m, "served", with_cluster=True)
    groups = overlay_groups(view.live_places, view.events, view.flows)
    st_folium(
        m,
        key="newsmap_map",
        center=center,
        zoom=zoom,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
    )


def timeline_ui(view: View) -> None:
    """Draw each dated event as a bar over its interval, coloured as on the map.

    Bars are grouped by type; their opacity says how precisely the event is dated (a
    day is solid, a year faint); the tooltip gives the date as written.
    """
    bars = timeline(view.events, until=view.choices.until)
    st.subheader("Timeline")
    if bars.empty:
        st.caption("No dated event in this view.")
        return
    labels, colors = type_colors()
    precision = "date_precision" if "date_precision" in bars.columns else None
    chart = (
        alt.Chart(bars)
        .mark_bar(height=8)
        .encode(
            x=alt.X("start:T", title="Date"),
            x2="end:T",
            y=alt.Y("label:N", title=None, sort=labels),
            yOffset=alt.YOffset("event_id:N"),
            color=alt.Color("label:N", title="Type", scale=alt.Scale(domain=labels, range=colors)),
            opacity=(
                alt.Opacity(f"{precision}:N", title="Dated to", legend=None)
                if precision
                else alt.value(0.8)
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Type"),
                alt.Tooltip("date_label:N", title="When"),
                *([alt.Tooltip(f"{precision}:N", title="Dated to")] if precision else []),
            ],
        )
        .properties(height=max(120, 40 * bars["label"].nunique()))
    )
    st.altair_chart(chart, width="stretch")


def table_ui(view: View) -> None:
    """Show the view's events as a table (cells are plain text)."""
    st.subheader("Events")
    st.dataframe(
        events_table(view.events),
        hide_index=True,
        width="stretch",
        key="events_table",
        column_config={
            column: st.column_config.TextColumn(label) for column, label in TABLE_LABELS.items()
        }
        | {
            "sentence": st.column_config.TextColumn("Sentence", width="large"),
            "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
        },
    )


def warnings_ui(warnings: Sequence[tuple[str, str]]) -> None:
    """List what the pipeline could not do, by kind (plain text)."""
    with st.expander(f"Warnings ({len(warnings)})", expanded=False):
        if not warnings:
            st.caption("Nothing to report.")
        for kind, title in WARNING_KINDS.items():
            messages = [message for k, message in warnings if k == kind]
            if messages:
                st.markdown(f"**{title}** ({len(messages)})")
                st.text("\n".join(messages))


def downloads_ui(view: View, *, outlines: str | None) -> None:
    """Offer the view as a self-contained map page, GeoJSON, GeoPackage and CSV."""
    st.subheader("Download this view")
    columns = st.columns(4)
    columns[0].download_button(
        "Map (HTML)",
        data=lambda: map_bytes(view, outlines=outlines),
        file_name="newsmap.html",
        mime="text/html",
        on_click="ignore",
        key="download_html",
    )
    labels = {
        "geojson": "Events (GeoJSON)",
        "gpkg": "All (GeoPackage)",
        "csv": "Events (CSV, with lat/lon)",
    }
    for column, (fmt, (name, mime)) in zip(columns[1:], DATA_FORMATS.items(), strict=True):
        column.download_button(
            labels[fmt],
            data=lambda fmt=fmt: data_bytes(view, fmt),
            file_name=name,
            mime=mime,
            on_click="ignore",
            key=f"download_{fmt}",
        )


def credits_ui() -> None:
    """Credit the data sources at the foot of the sidebar."""
    st.sidebar.divider()
    st.sidebar.caption(CREDITS)


def _chosen(values: Sequence[str], everything: Sequence[str]) -> tuple[str, ...] | None:
    """Return the chosen values, or ``None`` when all are chosen (no filter)."""
    return None if set(values) >= set(everything) else tuple(values)


def _md(text: str) -> str:
    """Escape Markdown in ``text`` (for file names shown in messages)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)
