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

from app.downloads import data_bytes, map_bytes
from app.uploads import save_upload
from app.view import Choices, apply_choices, corpus_key, options_of
from geo.errors import BadInputError
from geo.frames.summary import warnings_of
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_corpus
from layers.dates import filter_events
from layers.export import asset_refs, is_remote

from samples_frames import embedded_event_ids

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
COUNT = re.compile(r"(\d+) of (\d+) events shown")
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
    expected = filter_events(result.events, since=NARROW_FROM)
    narrowed, total_after = _shown(app)
    assert total_after == total
    assert narrowed == expected["event_id"].nunique() < shown
    table = _table(app)
    assert sorted(table["event_id"]) == sorted(expected["event_id"])
    assert table["end"].notna().all() and (table["end"] >= NARROW_FROM.isoformat()).all()


def test_narrowing_both_ends_and_back_to_the_full_span(app, result):
    options = options_of(result.events)
    until = dt.date(2024, 12, 31)
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


def test_export_of_the_filtered_view_holds_exactly_those_events(app, result):
    app.date_input(key="since").set_value(NARROW_FROM).run()
    table = _table(app)
    view = apply_choices(result.places, result.events, result.flows, Choices(since=NARROW_FROM))
    page = map_bytes(view).decode("utf-8")
    # Events at a town are pins; events at a country or region are drawn as that area.
    pins = set(result.events.loc[result.events.geom_type == "Point", "event_id"])
    mapped = [i for i in table.loc[table["place_name"].astype(str) != "", "event_id"] if i in pins]
    assert sorted(embedded_event_ids(page)) == sorted(mapped)
    assert "newsmap-date-filter" in page and NARROW_FROM.isoformat() in page
    assert not [ref for ref in asset_refs(page) if is_remote(ref[1])]


def test_data_downloads_hold_the_view(result):
    view = apply_choices(result.places, result.events, result.flows, Choices(since=NARROW_FROM))
    geojson = json.loads(data_bytes(view, "geojson"))
    ids = [f["properties"]["event_id"] for f in geojson["features"]]
    assert sorted(ids) == sorted(view.events["event_id"])
    csv = pd.read_csv(io.BytesIO(data_bytes(view, "csv")))
    assert sorted(csv["event_id"]) == sorted(view.events["event_id"])
    gpkg = data_bytes(view, "gpkg")
    assert gpkg[:16] == b"SQLite format 3\x00"
    with pytest.raises(ValueError, match="shapefile"):
        data_bytes(view, "shapefile")


def test_gpkg_download_has_three_layers(result, tmp_path):
    view = apply_choices(result.places, result.events, result.flows, Choices())
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


def test_uploaded_article_is_saved_parsed_and_shown(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    monkeypatch.setenv("NEWSMAP_CORPUS", str(folder))
    at = AppTest.from_file(APP, default_timeout=180).run()
    _, total_before = _shown(at)
    key_before = corpus_key(folder)
    text = b"Artillery struck Belgorod on 5 March 2025, officials said.\n"
    path = save_upload(folder, "../Belgorod report.txt", text)
    assert path.parent == folder and path.name == "Belgorod-report.txt"
    assert path.read_bytes() == text
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
    assert corpus_key(folder) != key_before
    at.run()
    assert not at.exception
    _, total_after = _shown(at)
    table = _table(at)
    assert total_after > total_before
    assert "Belgorod" in set(table["place_name"])


def test_upload_over_the_limit_or_of_another_type_is_refused(tmp_path):
    with pytest.raises(BadInputError, match="big.txt"):
        save_upload(tmp_path, "big.txt", b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(BadInputError, match="report.pdf"):
        save_upload(tmp_path, "report.pdf", b"%PDF-1.4")
    assert list(tmp_path.iterdir()) == []


def test_the_app_never_renders_html_itself():
    source = (ROOT / "streamlit_app.py").read_text() + "".join(
        p.read_text() for p in (ROOT / "app").glob("*.py")
    )
    assert not re.search(r"unsafe_allow_html\s*=", source)
    assert not re.search(r"\bst\.html\(|components\.html\(", source)
