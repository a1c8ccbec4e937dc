"""Popup data: plain values and per-layer lookup tables; the browser builds the DOM.

What the browser shows from these values is tested in ``test_browser.py``
(``test_popup_builder_*``); here: the values, the tables, the offsets, and that the
builder script never parses text as HTML.
"""

import re
from pathlib import Path

import pytest

from layers import popups
from layers.events import event_features, events_feature_layer
from layers.flows import flows_feature_layer
from layers.frames import checked, records
from layers.places import PLACE_FIELDS, events_by_place, places_feature_layer

from samples_frames import (
    SEED_URL,
    XSS_PLACE_NAME,
    XSS_SENTENCE,
    XSS_TITLE,
    XSS_URL,
    sample_events,
    sample_flows,
    sample_places,
)

SCRIPT = Path(popups.__file__).with_name("popups.js")


def event_props():
    """``event_id`` suffix -> (properties, tables) of the sample events layer."""
    tables = popups.PopupTables()
    features = event_features(checked(sample_events(), "events"), tables)
    values = tables.as_dict()
    return {f["properties"]["event_id"].split(":")[1]: f["properties"] for f in features}, values


def test_builder_script_never_parses_text_as_html():
    source = re.sub(r"/\*.*?\*/", "", SCRIPT.read_text(encoding="utf-8"), flags=re.DOTALL)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, sink
    assert "new Function" not in source
    # links get their href through setAttribute, after the scheme check
    assert re.search(r"safeUrl\(doc\[1\]\)", source) and 'setAttribute("href", url)' in source


def test_builder_script_can_sit_in_a_script_element():
    assert "</" not in popups.popups_script() and "<!--" not in popups.popups_script()


@pytest.mark.parametrize(
    "sentence,start,end,expected",
    [
        ("Troops near Kursk.", 12, 17, [12, 17]),
        ("😀 near Kursk.", 7, 12, [8, 13]),  # the emoji is two UTF-16 units
        ("Kursk", -1, -1, None),
        ("Kursk", 3, 2, None),
        ("Kursk", 0, 99, None),
        ("Kursk", None, None, None),
        ("Kursk", 2, 2, None),
    ],
)
def test_mark_offsets_are_utf16_and_checked(sentence, start, end, expected):
    assert popups.utf16_span(sentence, start, end) == expected


def test_mark_offsets_slice_back_to_the_mention():
    props, tables = event_props()
    rows = {r["event_id"].split(":")[1]: r for r in records(sample_events(), ["event_id"])}
    for key, p in props.items():
        sentence = tables["sentences"][p["s"]]
        if "m" in p:
            start, end = p["m"]
            assert sentence[start:end] in {
                "Korenevo",
                "Kursk region",
                "Novaya Sorochina",
                "Kursk",
                "Pyongyang",
            }, key
        else:
            assert key in rows and key == "e8"  # e8's sentence does not name its place


@pytest.mark.parametrize(
    "url",
    [
        XSS_URL,
        "JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "//evil.example/x",
        "ftp://x/y",
        "https://x.org/a b",
        "https://x.org/\x07",
    ],
)
def test_only_http_urls_are_kept_as_links(url):
    assert popups.safe_url(url) is None
    assert popups.document("A title", url) == ("A title", "")  # the title, never a link
    assert popups.document(None, url) == (url, "")  # no title: the URL as text


def test_xss_values_are_kept_as_data_and_the_javascript_url_dropped():
    props, tables = event_props()
    e6 = props["e6"]
    assert tables["sentences"][e6["s"]] == XSS_SENTENCE  # text, escaped only by the browser
    assert tables["docs"][e6["d"]] == [XSS_TITLE, ""]
    assert tables["attributions"][e6["a"]] == "according to <i>sources</i>"
    assert XSS_URL not in str(tables)
    assert not {"popup", "tooltip"} & set(e6)  # no HTML made in Python


def test_event_refs_point_at_their_values():
    props, tables = event_props()
    e1 = props["e1"]
    assert tables["labels"][e1["l"]] == "Nov 2024"
    assert tables["docs"][e1["d"]] == [
        "North Korea sends thousands of soldiers and engineers to Russia",
        SEED_URL,
    ]
    assert tables["names"][e1["n"]] == "Korenevo"
    assert (e1["event_type"], e1["start"], e1["end"]) == ("deployment", "2024-11-01", "2024-11-30")
    assert tables["types"]["technology_transfer"] == "Technology transfer"


def test_lookup_tables_hold_each_string_once():
    events = sample_events()
    layer = events_feature_layer(checked(events, "events"), cluster=False)
    tables = layer.tables
    for key in ("labels", "sentences", "attributions", "docs", "names"):
        assert len(tables[key]) == len({repr(v) for v in tables[key]}), key
    titles = [title for title, _ in tables["docs"]]
    assert sorted(titles) == sorted(set(events["doc_title"]))
    # seven events share the seed's title; it is written once, and referenced seven times
    refs = [f["properties"]["d"] for f in layer.data["features"]]
    seed = titles.index("North Korea sends thousands of soldiers and engineers to Russia")
    assert refs.count(seed) == 7


def test_place_popups_list_events_in_start_order_undated_last():
    layer = places_feature_layer(
        checked(sample_places(), "places"), events_by_place(checked(sample_events(), "events"))
    )
    props = {f["properties"]["place_id"]: f["properties"] for f in layer.data["features"]}
    korenevo = props["gn:544906"]
    entries = [layer.tables["events"][i] for i in korenevo["ev"]]
    labels = [layer.tables["labels"][e["l"]] if "l" in e else "" for e in entries]
    assert labels == ["Nov 2024", "spring 2025", "undated"]
    assert korenevo["events"] == 3 and "more" not in korenevo
    assert korenevo["resolution"] == (
        "gn:544906 (GeoNames 544906) · settlement · "
        "admin1 Kursk Oblast matches context; not Korenëvo, Moscow Oblast"
    )


def test_place_popups_cap_long_event_lists():
    events = sample_events()
    events["place_id"] = "gn:544906"
    grouped = events_by_place(checked(events, "events"), max_events=3)
    assert len(grouped["gn:544906"].rows) == 3 and grouped["gn:544906"].total == 8
    layer = places_feature_layer(
        checked(sample_places(), "places"), events_by_place(checked(events, "events"), max_events=3)
    )
    (korenevo,) = [
        f["properties"]
        for f in layer.data["features"]
        if f["properties"]["place_id"] == "gn:544906"
    ]
    assert len(korenevo["ev"]) == 3 and korenevo["more"] == 5


def test_place_resolution_is_plain_text_with_uncertainty():
    place = next(r for r in records(sample_places(), PLACE_FIELDS) if r["name"] == XSS_PLACE_NAME)
    text = popups.resolution(place)
    assert text.startswith("curated:novaya-sorochina") and "±5 km" in text
    assert "&" not in text  # plain text: the browser escapes it


def test_flow_texts_are_plain():
    layer = flows_feature_layer(checked(sample_flows(), "flows"))
    first, second = (f["properties"] for f in layer.data["features"])
    assert first["title"] == "Pyongyang → Kursk Oblast"
    assert first["meta"] == "~10,000 (around 10,000 troops) · reported · Oct–Nov 2024"
    assert second["title"] == f"Pyongyang → {XSS_PLACE_NAME}"
    assert second["label"] == "construction brigades <script>x()</script>"
    assert popups.quantity_label(None, None) == ""
