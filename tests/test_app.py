"""The Streamlit app, headless (``streamlit.testing.v1.AppTest``), and its download/upload helpers.

The app runs on a copy of ``seeds/`` in a temporary folder (``$NEWSMAP_CORPUS``), so no
test writes into the repository. What the app should show is computed here from the
same corpus with the pipeline and :func:`layers.dates.filter_events`, never hard-coded.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import app.view as app_view
from app.downloads import data_bytes, events_csv, map_bytes
from app.view import Choices, apply_choices, corpus_of, options_of
from geo.frames.summary import warnings_of
from geo.gazetteer.index import Gazetteer
from geo.library import read_entries
from geo.library.corrections import read_corrections
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_corpus
from layers.dates import filter_events
from layers.export import asset_refs, is_remote

from samples_frames import embedded_event_ids

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
COUNT = re.compile(r"(\d+) of (\d+) events? shown")
NARROW_FROM = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("app") / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


@pytest.fixture(scope="module")
def result(corpus):
    with Gazetteer.open() as gazetteer:
        return parse_corpus(corpus, gazetteer=gazetteer, nlp=load_nlp())


@pytest.fixture(scope="module")
def frames(result):
    return corpus_of(result.places, result.events, result.flows)


def _dated(table: pd.DataFrame) -> pd.DataFrame:
    return table.loc[table["start"].notna() | table["end"].notna()]


@pytest.fixture
def app(corpus, monkeypatch) -> AppTest:
    monkeypatch.setenv("NEWSMAP_CORPUS", str(corpus))
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest) -> tuple[int, int]:
    for block in at.markdown:
        match = COUNT.search(block.value)
        if match:
            return int(match.group(1)), int(match.group(2))
    raise AssertionError("no 'N of M events shown' on the page")


def _table(at: AppTest) -> pd.DataFrame:
    (table,) = [frame for frame in at.dataframe if "event_id" in frame.value.columns]
    return table.value


def test_moving_the_date_range_changes_the_events_shown_and_the_table(app, result):
    shown, total = _shown(app)
    assert (shown, total) == (result.events["event_id"].nunique(),) * 2
    assert sorted(_table(app)["event_id"]) == sorted(result.events["event_id"])

    app.date_input(key="since").set_value(NARROW_FROM).run()
    assert not app.exception
    expected = filter_events(result.events, since=NARROW_FROM, include_undated=True)
    narrowed, total_after = _shown(app)
    assert total_after == total
    assert narrowed == expected["event_id"].nunique() < shown
    table = _table(app)
    assert sorted(table["event_id"]) == sorted(expected["event_id"])
    dated = _dated(table)
    assert dated["end"].notna().all() and (dated["end"] >= NARROW_FROM.isoformat()).all()


def test_undated_events_are_kept_by_default_and_counted(app, result):
    undated = result.events.loc[result.events["start"].isna() & result.events["end"].isna()]
    assert len(undated), "the seed has undated events"
    app.date_input(key="since").set_value(NARROW_FROM).run()
    assert set(undated["event_id"]) <= set(_table(app)["event_id"])
    summary = " ".join(m.value for m in app.markdown)
    assert f"{undated['event_id'].nunique()} undated event" in summary
    app.checkbox(key="undated").uncheck().run()
    assert not set(undated["event_id"]) & set(_table(app)["event_id"])
    assert "hidden by the date range" in " ".join(m.value for m in app.markdown)
    expected = filter_events(result.events, since=NARROW_FROM)
    assert _shown(app)[0] == expected["event_id"].nunique()


def test_narrowing_both_ends_and_back_to_the_full_span(app, result):
    options = options_of(result.events)
    until = dt.date(2024, 12, 31)
    app.checkbox(key="undated").uncheck()
    app.date_input(key="until").set_value(until).run()
    expected = filter_events(result.events, until=until)
    assert sorted(_table(app)["event_id"]) == sorted(expected["event_id"])
    assert "undated events hidden" in " ".join(m.value for m in app.markdown)
    app.date_input(key="until").set_value(options.last).run()
    assert sorted(_table(app)["event_id"]) == sorted(result.events["event_id"])


def test_event_type_and_confidence_filters_narrow_the_table(app, result):
    kinds = sorted(set(result.events["event_type"]))
    app.multiselect(key="types").set_value(kinds[:1]).run()
    assert set(_table(app)["event_type"]) == {kinds[0]}
    app.multiselect(key="types").set_value(kinds).run()
    app.slider(key="confidence").set_value(0.7).run()
    table = _table(app)
    assert (table["confidence"] >= 0.7).all()
    assert len(table) == int((result.events["confidence"] >= 0.7).sum())


def test_export_of_the_filtered_view_holds_exactly_those_events(app, frames, result):
    app.date_input(key="since").set_value(NARROW_FROM).run()
    table = _table(app)
    view = apply_choices(frames, Choices(since=NARROW_FROM))
    page = map_bytes(view).decode("utf-8")
    # Events at a town are pins; events at a country or region are drawn as that area.
    pins = set(result.events.loc[result.events.geom_type == "Point", "event_id"])
    mapped = [i for i in table.loc[table["place_name"].astype(str) != "", "event_id"] if i in pins]
    assert sorted(embedded_event_ids(page)) == sorted(mapped)
    assert "newsmap-date-filter" in page and NARROW_FROM.isoformat() in page
    assert not [ref for ref in asset_refs(page) if is_remote(ref[1])]


def test_data_downloads_hold_the_view(frames):
    view = apply_choices(frames, Choices(since=NARROW_FROM))
    geojson = json.loads(data_bytes(view, "geojson"))
    ids = [f["properties"]["event_id"] for f in geojson["features"]]
    assert sorted(ids) == sorted(view.events["event_id"])
    csv = pd.read_csv(io.BytesIO(data_bytes(view, "csv")))
    assert sorted(csv["event_id"]) == sorted(view.events["event_id"])
    gpkg = data_bytes(view, "gpkg")
    assert gpkg[:16] == b"SQLite format 3\x00"
    with pytest.raises(ValueError, match="shapefile"):
        data_bytes(view, "shapefile")


def test_gpkg_download_has_three_layers(frames, tmp_path):
    view = apply_choices(frames, Choices())
    path = tmp_path / "view.gpkg"
    path.write_bytes(data_bytes(view, "gpkg"))
    events = gpd.read_file(path, layer="events")
    places = gpd.read_file(path, layer="places")
    assert len(events) == len(view.events) and len(places) == len(view.places)


def test_warnings_panel_lists_the_inferred_date(app, result):
    inferred = [message for kind, message in warnings_of(result) if kind == "inferred"]
    assert inferred, "the seed's date is inferred from its text"
    (panel,) = [e for e in app.expander if e.label.startswith("Warnings")]
    texts = "\n".join(t.value for t in panel.text)
    for message in inferred:
        assert message in texts
    assert "Inferred article dates" in " ".join(m.value for m in panel.markdown)


@pytest.fixture
def library_app(tmp_path, monkeypatch) -> tuple[AppTest, Path]:
    """The app on a fresh library in a temporary data folder (no NEWSMAP_CORPUS)."""
    monkeypatch.delenv("NEWSMAP_CORPUS", raising=False)
    monkeypatch.setenv("NEWSMAP_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    return at, tmp_path / "data"


def _button(at: AppTest, label: str):
    (button,) = [b for b in at.button if b.label == label]
    return button


def test_pasted_article_is_added_dated_shown_then_removed(library_app):
    at, data = library_app
    seeds_before = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir() if p.is_file()}
    _, total_before = _shown(at)
    at.text_area(key="pasted").input("Artillery struck Belgorod on Tuesday, officials said.\n")
    at.text_input(key="add_title").input("Belgorod shelled")
    at.date_input(key="add_published").set_value(dt.date(2025, 3, 6))
    at.text_input(key="add_url").input("https://example.org/belgorod")
    _button(at, "Add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (entry,) = [e for e in read_entries(data) if e.title == "Belgorod shelled"]
    assert entry.published == dt.date(2025, 3, 6)
    _, total_after = _shown(at)
    assert total_after > total_before
    table = _table(at)
    assert set(table["doc_title"]) == {"Belgorod shelled"}  # the view moves to the new article
    assert "Belgorod" in set(table["place_name"])
    assert (table["start"] == "2025-03-04").any()  # "on Tuesday" counts from its own date
    at.selectbox(key="library_article").set_value(entry.file).run()
    _button(at, "Remove this article").click().run()
    assert not at.exception
    assert entry.file not in {e.file for e in read_entries(data)}
    assert _shown(at)[1] == total_before
    seeds_after = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir() if p.is_file()}
    assert seeds_after == seeds_before  # uploads never go into the repository


def test_bad_input_through_the_app_is_refused_and_the_library_unchanged(library_app):
    at, data = library_app
    before = read_entries(data)
    _button(at, "Add").click().run()  # nothing chosen
    assert "choose a file or paste a text first" in " ".join(t.value for t in at.sidebar.text)
    at.text_area(key="pasted").input("\x00\x01\x02 binary")
    at.text_input(key="add_title").input("Binary")
    _button(at, "Add").click().run()
    assert "binary" in " ".join(t.value for t in at.sidebar.text)
    assert read_entries(data) == before


def test_the_app_never_renders_html_itself():
    source = (ROOT / "streamlit_app.py").read_text() + "".join(
        p.read_text() for p in (ROOT / "app").glob("*.py")
    )
    assert not re.search(r"unsafe_allow_html\s*=", source)
    assert not re.search(r"\bst\.html\(|components\.html\(", source)


def test_one_count_for_the_app_the_export_and_the_downloads(app, frames):
    app.date_input(key="since").set_value(NARROW_FROM).run()
    shown, _ = _shown(app)
    view = apply_choices(frames, Choices(since=NARROW_FROM))
    assert view.shown == shown == view.events["event_id"].nunique()
    csv = pd.read_csv(io.BytesIO(data_bytes(view, "csv")))
    assert csv["event_id"].nunique() == shown
    page = map_bytes(view).decode("utf-8")
    mapped = view.events.loc[view.events.geometry.notna().to_numpy(), "event_id"].nunique()
    assert mapped == shown - view.unmapped
    # the page's date control counts the events drawn as pins (areas are outlined instead)
    pins = view.events.loc[(view.events.geom_type == "Point").to_numpy(), "event_id"].nunique()
    assert f'data-total="{pins}"' in page


def test_a_rerun_filters_once_and_validates_nothing(app, monkeypatch):
    calls = {"range_mask": 0, "checked": 0}
    import layers.mapview

    real_mask, real_checked = app_view.range_mask, layers.mapview.checked

    def counting_mask(*args, **kwargs):
        calls["range_mask"] += 1
        return real_mask(*args, **kwargs)

    def counting_checked(*args, **kwargs):
        calls["checked"] += 1
        return real_checked(*args, **kwargs)

    monkeypatch.setattr(app_view, "range_mask", counting_mask)
    monkeypatch.setattr(layers.mapview, "checked", counting_checked)
    app.date_input(key="since").set_value(NARROW_FROM).run()
    assert not app.exception
    assert calls == {"range_mask": 1, "checked": 0}


def test_events_csv_has_lat_lon_and_neutralises_formulas(frames):
    events = frames.events.head(3).copy()
    events["sentence"] = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)"]
    table = pd.read_csv(io.StringIO(events_csv(events)))
    assert list(table["sentence"]) == ['\'=HYPERLINK("http://x")', "'+1", "'@SUM(A1)"]
    points = events.geometry.representative_point()
    assert table["lat"].tolist() == pytest.approx(points.y.round(6).tolist())
    assert table["lon"].tolist() == pytest.approx(points.x.round(6).tolist())


def test_the_documents_filter_keeps_that_document_and_its_places(frames):
    doc = frames.options.doc_ids[0]
    view = apply_choices(frames, Choices(doc_ids=(doc,)))
    assert set(view.events["doc_id"]) == {doc}
    assert view.places["doc_ids"].map(lambda v: doc in str(v).split(";")).all()
    assert view.shown == frames.events.loc[frames.events["doc_id"] == doc, "event_id"].nunique()


def test_a_correction_lasts_across_reruns_and_can_be_undone(library_app):
    at, data = library_app
    table = _table(at)
    event_id = table["event_id"].iloc[0]
    old = table.loc[table["event_id"] == event_id, "event_type"].iloc[0]
    new = "commemoration" if old != "commemoration" else "combat"
    at.selectbox(key="correct_kind").set_value("event_type").run()
    at.selectbox(key="correct_event").set_value(event_id).run()
    (type_box,) = [s for s in at.selectbox if s.label == "Type"]
    type_box.set_value(new)
    _button(at, "Save correction").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (saved,) = read_corrections(data)
    assert (saved.target, saved.value, saved.original) == (
        event_id,
        {"event_type": new},
        {"event_type": old},
    )
    assert set(_table(at).loc[lambda t: t["event_id"] == event_id, "event_type"]) == {new}
    at.run()  # a plain rerun keeps it
    assert set(_table(at).loc[lambda t: t["event_id"] == event_id, "event_type"]) == {new}
    _button(at, "Undo the last correction").click().run()
    assert read_corrections(data) == ()
    assert set(_table(at).loc[lambda t: t["event_id"] == event_id, "event_type"]) == {old}
