"""The app in a real browser: ``streamlit run`` on a free port, Debian's chromium via Playwright.

One streamlit server per module, on a copy of ``seeds/`` plus an article carrying XSS
strings next to a place name. What the page should show is computed here from the same
corpus with :func:`geo.pipeline.parse_corpus`, never hard-coded. Screenshots go to
``test-artifacts/``. These tests fail (never skip) when chromium is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_corpus
from layers.dates import iso
from layers.export import asset_refs, export_html, is_remote
from layers.popups import type_label
from testkit.browser import (
    JS_CLICK_EVENT,
    JS_EVENT_IDS,
    JS_HOVER_EVENT,
    JS_MAP_BOUNDS,
    JS_PLACE_MARKERS,
    JS_VISIBLE_EVENT_IDS,
    JS_ZOOM_TO,
    MAP_FRAME,
    XSS_IMG,
    XSS_SCRIPT,
    block_network,
    change_map,
    frame_asset_refs,
    is_local,
    launch_chromium,
    make_corpus,
    screenshot,
    streamlit_server,
    wait_for_map,
)

from samples_frames import (
    SEED_URL,
    XSS_PLACE_NAME,
    XSS_SENTENCE,
    XSS_TITLE,
    embedded_tables,
    sample_events,
    sample_flows,
    sample_places,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

TIMEOUT = 90_000  # ms, for the first page (it parses the corpus)
COUNT = re.compile(r"(\d+) of (\d+) events? shown")
NARROW_FROM = dt.date(2025, 1, 1)


@dataclass
class Session:
    """A page and what it did: dialogs opened and URLs requested."""

    page: object
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("browser") / "corpus")


@pytest.fixture(scope="module")
def result(corpus):
    with Gazetteer.open() as gazetteer:
        return parse_corpus(corpus, gazetteer=gazetteer, nlp=load_nlp())


@pytest.fixture(scope="module")
def server(corpus):
    with streamlit_server(corpus) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def _session(browser, name: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    session = Session(page)

    def on_dialog(dialog) -> None:
        session.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: session.requests.append(request.url))
    return context, session


@pytest.fixture
def app(browser, server, request):
    """A fresh browser page on the app, its map drawn; screenshot at the end."""
    context, session = _session(browser, request.node.name)
    session.page.goto(server)
    session.map = wait_for_map(session.page, timeout=TIMEOUT)
    yield session
    screenshot(session.page, f"browser-{request.node.name}")
    context.close()


@pytest.fixture(scope="module")
def export_file(browser, server, tmp_path_factory) -> Path:
    """The map page downloaded from the app's "Map (HTML)" button (default view)."""
    context, session = _session(browser, "download")
    page = session.page
    page.goto(server)
    wait_for_map(page, timeout=TIMEOUT)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Map (HTML)").click()
    path = tmp_path_factory.mktemp("export") / "newsmap.html"
    info.value.save_as(path)
    context.close()
    return path


@pytest.fixture
def offline(browser, export_file, request):
    """The downloaded page opened from disk with every network request aborted."""
    context, session = _session(browser, request.node.name)
    session.blocked = block_network(session.page)
    session.page.goto(export_file.as_uri())
    session.page.wait_for_selector(".leaflet-container")
    session.page.wait_for_selector(".newsmap-date-filter")
    session.map = session.page.main_frame
    yield session
    screenshot(session.page, f"export-{request.node.name}")
    context.close()


# -- helpers ------------------------------------------------------------------------
def _point_places(result) -> dict[str, str]:
    places = result.places
    has_point = places["lat"].notna() & places["lon"].notna() & places.geometry.notna()
    return dict(zip(places.loc[has_point, "place_id"], places.loc[has_point, "name"], strict=True))


def _place(result, name: str):
    rows = result.places[result.places["name"] == name]
    assert len(rows) == 1, f"expected one place named {name!r}, got {rows['place_id'].tolist()}"
    return rows.iloc[0]


def _summit_ids(result) -> set[str]:
    """The events dated within June 2024 (the seed's summit), from the parse itself."""
    events = result.events
    dated = events["start"].notna() & events["end"].notna()
    june = dated & (events["start"] >= "2024-06-01") & (events["end"] <= "2024-06-30")
    return set(events.loc[june.to_numpy() & events.geometry.notna().to_numpy(), "event_id"])


def _spans(result) -> dict[str, tuple[str, str]]:
    """``(start, end)`` of each event as ISO strings, ``""`` when open (for comparisons)."""
    events = result.events
    return {
        i: (iso(start), iso(end))
        for i, start, end in zip(events["event_id"], events["start"], events["end"], strict=True)
    }


def _hide_events_layer(frame) -> None:
    """Untick the Events overlay in the map's layer control (so place markers are on top)."""
    frame.hover(".leaflet-control-layers")
    label = frame.locator(".leaflet-control-layers-overlays label", has_text="Events")
    label.locator("input").uncheck()


def _click_marker(marker) -> None:
    """Click a marker's SVG path itself.

    A pointer click hit-tests a screen point, and while clusters and layers settle a
    neighbouring marker can sit there for a moment; the DOM click goes to the marker and
    Leaflet handles it exactly as a user's click on it.
    """
    marker.wait_for()
    marker.dispatch_event("click")


def _open_place_popup(frame, place) -> str:
    """Zoom onto a place, click its marker and return the popup's text."""
    _hide_events_layer(frame)
    assert frame.evaluate(JS_ZOOM_TO, [float(place["lat"]), float(place["lon"]), 11])
    frame.evaluate(JS_PLACE_MARKERS)  # tags the markers' SVG paths
    _click_marker(frame.locator(f'[data-test-place="{place["place_id"]}"]'))
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    return popup.text_content()


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shown(page) -> tuple[int, int]:
    text = page.get_by_text(COUNT).first.text_content()
    shown, total = COUNT.search(text).groups()
    return int(shown), int(total)


def _set_date(page, label: str, day: dt.date) -> None:
    """Type a day into a streamlit date input (year, month, day segments) and commit it.

    The value is committed when the field loses focus: close the calendar, click away.
    """
    page.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(f"{day.year:04d}{day.month:02d}{day.day:02d}")
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Filters").click()


def _no_injected_markup(frame) -> None:
    injected = frame.evaluate(
        """() => ({
            img: document.querySelectorAll('img[src="x"]').length,
            script: [...document.scripts].filter(s => s.textContent.trim() === "alert(1)").length
        })"""
    )
    assert injected == {"img": 0, "script": 0}


# -- the served app ---------------------------------------------------------------
def test_map_shows_the_seed_places(app, result):
    markers = app.map.evaluate(JS_PLACE_MARKERS)
    expected = _point_places(result)
    assert sorted(m["place_id"] for m in markers) == sorted(expected)
    assert {m["name"] for m in markers} == set(expected.values())
    assert "Korenevo" in {m["name"] for m in markers}
    assert app.dialogs == []


def test_clicking_korenevo_opens_a_popup_quoting_its_sentence(app, result):
    korenevo = _place(result, "Korenevo")
    sentences = set(
        result.events.loc[result.events["place_id"] == korenevo["place_id"], "sentence"]
    )
    assert sentences, "the seed has no event at Korenevo"
    text = _normal(_open_place_popup(app.map, korenevo))
    assert "Korenevo" in text
    for sentence in sentences:
        assert _normal(sentence) in text
    assert app.dialogs == []


def test_narrowing_the_range_to_2025_hides_the_june_2024_summit(app, result):
    summit = _summit_ids(result)
    assert summit, "the seed has no event in June 2024"
    before = set(app.map.evaluate(JS_EVENT_IDS))
    assert summit <= before
    shown_before, total = _shown(app.page)
    old_frame = app.page.query_selector(MAP_FRAME)
    frame = change_map(app.page, lambda: _set_date(app.page, "From", NARROW_FROM))
    # the map's page stays: only its data layers are swapped
    same = app.page.evaluate(
        "([old, sel]) => document.querySelector(sel) === old", [old_frame, MAP_FRAME]
    )
    assert same
    # the old data layers are off the map and no longer listed (they can be freed)
    groups = frame.evaluate("() => window.feature_group.map((g) => Boolean(g._map))")
    assert groups == [True, True, True, True]
    after = set(frame.evaluate(JS_EVENT_IDS))
    assert not summit & after
    spans = _spans(result)
    dated = [i for i in after if spans[i] != ("", "")]  # undated events are kept (the default)
    assert dated and all(spans[i][1] >= NARROW_FROM.isoformat() for i in dated)
    shown_after, total_after = _shown(app.page)
    assert total_after == total and shown_after < shown_before
    assert app.dialogs == []


def test_xss_strings_show_as_text_in_popup_and_table(app, result):
    belgorod = _place(result, "Belgorod")
    text = _open_place_popup(app.map, belgorod)
    assert XSS_SCRIPT in text and XSS_IMG in text
    _no_injected_markup(app.map)
    # the table: narrow it to the XSS article with the Documents filter
    (title,) = set(result.events.loc[result.events["doc_id"] == "xss-report", "doc_title"])
    documents = app.page.locator('[data-testid="stMultiSelect"]', has_text="Documents")
    documents.click()
    app.page.keyboard.type("Shelling near Belgorod")
    app.page.get_by_role("option", name=title).click()
    app.page.keyboard.press("Escape")
    cells = app.page.locator('[data-testid="stDataFrame"] td[role="gridcell"]')
    cells.filter(has_text=XSS_IMG).first.wait_for(state="attached", timeout=60_000)
    texts = cells.all_text_contents()
    assert any(XSS_SCRIPT in t for t in texts) and any(XSS_IMG in t for t in texts)
    _no_injected_markup(app.page.main_frame)
    assert app.dialogs == []


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_first_view_fits_the_data_and_korenevo_zoom_screenshots(
    browser, server, result, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server)
    frame = wait_for_map(page, timeout=TIMEOUT)
    frame.locator(".leaflet-marker-icon, path.leaflet-interactive").first.wait_for()
    page.wait_for_timeout(1500)  # streamlit-folium moves the view after the first draw
    south, west, north, east = frame.evaluate(JS_MAP_BOUNDS)
    points = result.places.loc[result.places.geometry.geom_type == "Point"]
    inside = (
        (points.geometry.y >= south)
        & (points.geometry.y <= north)
        & (points.geometry.x >= west)
        & (points.geometry.x <= east)
    )
    assert inside.all(), points.loc[~inside, "name"].tolist()
    # fitted: at most a zoom level or so wider than the data (Kursk to Korea), not the world
    data_span = points.geometry.x.max() - points.geometry.x.min()
    assert east - west < 3 * data_span
    screenshot(page, f"seed-first-view-{width}x{height}")
    korenevo = _place(result, "Korenevo")
    frame.evaluate(JS_ZOOM_TO, [korenevo.geometry.y, korenevo.geometry.x, 11])
    page.wait_for_timeout(800)
    screenshot(page, f"seed-korenevo-{width}x{height}")
    context.close()


def test_legend_collapses_and_expands(app):
    legend = app.map.locator("details.newsmap-legend")
    assert legend.evaluate("(d) => d.open") is True  # 1400x1100: room for it
    legend.locator("summary").click()
    assert legend.evaluate("(d) => d.open") is False
    assert not legend.locator("[data-event-type]").first.is_visible()
    legend.locator("summary").click()
    assert legend.evaluate("(d) => d.open") is True


def test_served_page_loads_nothing_from_other_hosts(app, server):
    for frame in app.page.frames:
        refs = frame_asset_refs(frame)
        assert refs, f"no script/link in frame {frame.url}"
        for ref in refs:
            assert not is_remote(ref) or is_local(ref, server), (frame.url, ref)
    outside = [url for url in app.requests if not is_local(url, server)]
    assert outside == []


# -- the downloaded page ------------------------------------------------------------
def test_downloaded_map_has_only_local_assets(export_file):
    refs = asset_refs(export_file.read_text(encoding="utf-8"))
    assert refs == [] or not [ref for ref in refs if is_remote(ref[1])]


def test_downloaded_map_shows_the_same_markers_offline(offline, app):
    served_places = sorted(m["place_id"] for m in app.map.evaluate(JS_PLACE_MARKERS))
    served_events = sorted(app.map.evaluate(JS_EVENT_IDS))
    assert sorted(m["place_id"] for m in offline.map.evaluate(JS_PLACE_MARKERS)) == served_places
    assert sorted(offline.map.evaluate(JS_EVENT_IDS)) == served_events
    assert offline.blocked == []
    assert offline.dialogs == []


def test_downloaded_map_date_control_works_offline(offline, result):
    page = offline.page
    control = page.locator(".newsmap-date-filter")
    total = int(control.get_attribute("data-total"))
    assert (
        control.locator(".newsmap-date-count").text_content() == f"{total} of {total} events shown"
    )
    summit = _summit_ids(result)
    assert summit <= set(page.evaluate(JS_VISIBLE_EVENT_IDS))
    control.locator('input[name="since"]').fill(NARROW_FROM.isoformat())
    control.locator('input[name="since"]').dispatch_event("change")
    visible = set(page.evaluate(JS_VISIBLE_EVENT_IDS))
    assert not summit & visible
    spans = _spans(result)
    dated = [i for i in visible if spans[i] != ("", "")]
    assert dated and all(spans[i][1] >= NARROW_FROM.isoformat() for i in dated)
    assert control.locator(".newsmap-date-count").text_content() == (
        f"{len(set(page.evaluate(JS_VISIBLE_EVENT_IDS)))} of {total} events shown"
    )
    assert offline.blocked == []


def test_downloaded_map_shows_xss_strings_as_text(offline, result):
    text = _open_place_popup(offline.map, _place(result, "Belgorod"))
    assert XSS_SCRIPT in text and XSS_IMG in text
    _no_injected_markup(offline.map)
    assert offline.dialogs == []
    assert offline.blocked == []


def test_downloaded_map_hides_undated_events_once_a_range_is_set(offline, result):
    # the app keeps undated events by default, so the page starts with the box ticked;
    # unticked, undated events show while no range is set, and only then
    page = offline.page
    spans = _spans(result)
    undated = {i for i, span in spans.items() if span == ("", "")}
    shown = set(page.evaluate(JS_VISIBLE_EVENT_IDS))
    assert undated & shown, "the seed corpus has undated mapped events"
    control = page.locator(".newsmap-date-filter")
    assert control.locator('input[name="undated"]').is_checked()
    control.locator('input[name="undated"]').uncheck()
    control.locator('input[name="since"]').fill(NARROW_FROM.isoformat())
    control.locator('input[name="since"]').dispatch_event("change")
    assert not undated & set(page.evaluate(JS_VISIBLE_EVENT_IDS))
    control.locator('input[name="undated"]').check()  # asked for: shown within the range
    assert undated & shown <= set(page.evaluate(JS_VISIBLE_EVENT_IDS))
    assert offline.blocked == []


def test_downloaded_map_tables_hold_each_title_once(export_file, result):
    page = export_file.read_text(encoding="utf-8")
    (tables,) = [t for builder, t in embedded_tables(page).values() if builder == "events"]
    titles = [title for title, _ in tables["docs"]]
    assert len(titles) == len(set(titles))
    mapped = result.events.loc[result.events.geometry.notna().to_numpy()]
    assert set(titles) == set(mapped["doc_title"])
    assert len(tables["sentences"]) == len(set(tables["sentences"]))
    assert len(mapped) > len(titles)  # many events, each title written once


# -- the popup builder, on the tiny sample frames (no server) ------------------------
@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> Path:
    """The sample frames exported unclustered (each event marker on the map)."""
    path = tmp_path_factory.mktemp("samples") / "samples.html"
    return export_html((sample_places(), sample_events(), sample_flows()), path, cluster=False)


@pytest.fixture
def sample(browser, sample_file, request):
    context, session = _session(browser, request.node.name)
    session.blocked = block_network(session.page)
    session.page.goto(sample_file.as_uri())
    session.page.wait_for_selector(".newsmap-date-filter")
    yield session
    screenshot(session.page, f"samples-{request.node.name}")
    context.close()


def _event_popup(page, event_id: str):
    assert page.evaluate(JS_CLICK_EVENT, event_id)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    return popup


def _expected_event_text(row, *, link_text: str) -> str:
    """What an event popup reads: place, date, type, quoted sentence, attribution, source."""
    return (
        f"{row['place_name']}{row['date_label']} · {type_label(row['event_type'])}"
        f"“{row['sentence']}”{row['attribution']} — {link_text}"
    )


def test_popup_builder_shows_xss_text_literally(sample):
    events = sample_events().set_index("event_id")
    row = events.loc["north-korea-troops-russia:e6"]
    assert row["sentence"] == XSS_SENTENCE
    popup = _event_popup(sample.page, "north-korea-troops-russia:e6")
    assert popup.text_content() == _expected_event_text(row, link_text=XSS_TITLE)
    shape = popup.evaluate(
        """(root) => ({
            marks: [...root.querySelectorAll("mark")].map(m => m.textContent),
            links: root.querySelectorAll("a").length,
            injected: root.querySelectorAll("script, img, b, i").length,
            html: root.innerHTML,
        })"""
    )
    assert shape["marks"] == ["Kursk"]  # the place, highlighted from the offsets
    assert shape["links"] == 0  # javascript: URL: the title is plain text
    assert shape["injected"] == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shape["html"]  # a text node
    _no_injected_markup(sample.page.main_frame)
    assert sample.dialogs == [] and sample.blocked == []


def test_popup_builder_links_only_http_urls(sample):
    events = sample_events().set_index("event_id")
    row = events.loc["north-korea-troops-russia:e1"]
    popup = _event_popup(sample.page, "north-korea-troops-russia:e1")
    assert popup.text_content() == _expected_event_text(row, link_text=row["doc_title"])
    links = popup.evaluate(
        """(root) => [...root.querySelectorAll("a")].map(a => [
            a.getAttribute("href"), a.getAttribute("target"), a.getAttribute("rel")])"""
    )
    assert links == [[SEED_URL, "_blank", "noopener noreferrer"]]
    assert popup.locator("mark").text_content() == "Korenevo"
    assert popup.locator(".newsmap-event").get_attribute("data-start") == "2024-11-01"


def test_popup_builder_tooltips_and_labels_are_text(sample):
    page = sample.page
    assert page.evaluate(JS_HOVER_EVENT, "north-korea-troops-russia:e6")
    tooltip = page.locator(".leaflet-tooltip", has_text="late Oct 2025")
    assert tooltip.text_content() == "late Oct 2025 · Statement · Kursk"
    labels = page.locator(".newsmap-flow-label").all_text_contents()
    assert "construction brigades <script>x()</script>" in labels and "~10,000" in labels
    _no_injected_markup(page.main_frame)
    assert sample.dialogs == []


def test_popup_builder_place_name_with_markup_is_a_title(sample):
    place = sample_places().set_index("name").loc[XSS_PLACE_NAME]
    _hide_events_layer(sample.page.main_frame)
    assert sample.page.evaluate(JS_ZOOM_TO, [float(place["lat"]), float(place["lon"]), 11])
    sample.page.evaluate(JS_PLACE_MARKERS)
    _click_marker(sample.page.locator('[data-test-place="curated:novaya-sorochina"]'))
    popup = sample.page.locator(".leaflet-popup-content")
    assert popup.locator("h3").text_content() == XSS_PLACE_NAME
    assert (
        popup.locator(".newsmap-resolution")
        .text_content()
        .startswith("curated:novaya-sorochina · approximate settlement, ±5 km")
    )
    _no_injected_markup(sample.page.main_frame)
    assert sample.dialogs == []


# -- the library: upload with a date, see it, remove it ------------------------------
UPLOAD = b"Artillery struck Belgorod on 5 March 2025, officials said.\n"


def test_uploaded_article_is_shown_without_a_reload_then_removed(browser, tmp_path):
    data = tmp_path / "data"
    with streamlit_server(None, data=data) as url:
        context, session = _session(browser, "upload")
        page = session.page
        page.goto(url)
        wait_for_map(page, timeout=TIMEOUT)
        _, total = _shown(page)
        page.get_by_text("Add an article").click()
        upload = tmp_path / "belgorod-report.txt"
        upload.write_bytes(UPLOAD)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(upload)
        page.get_by_label("Title").first.fill("Belgorod report")
        page.get_by_label("URL").first.fill("https://example.org/belgorod")

        def add() -> None:
            page.get_by_role("button", name="Add", exact=True).click()

        frame = change_map(page, add, timeout=120_000)
        page.get_by_text("Added: Belgorod report").wait_for(timeout=60_000)
        shown, total_after = _shown(page)
        assert total_after > total and shown < total_after  # the view shows the new article
        names = {m["name"] for m in frame.evaluate(JS_PLACE_MARKERS)}
        assert "Belgorod" in names
        south, west, north, east = frame.evaluate(JS_MAP_BOUNDS)
        assert south <= 50.6 <= north and west <= 36.6 <= east  # moved to Belgorod
        screenshot(page, "library-uploaded")
        assert (data / "articles" / "belgorod-report.txt").read_bytes() == UPLOAD
        page.get_by_text("Library (2 articles)").click()
        page.get_by_role("button", name="Remove this article").click()
        page.get_by_text("Removed: Belgorod report").wait_for(timeout=60_000)
        assert not (data / "articles" / "belgorod-report.txt").exists()
        assert session.dialogs == []
        context.close()
