"""Popup HTML: declared fields, every article value escaped, marks around escaped pieces."""

from html.parser import HTMLParser

import pytest

from layers import popups
from layers.frames import records
from layers.places import PLACE_FIELDS, events_by_place

from samples_frames import (
    SEED_URL,
    XSS_IMG,
    XSS_PLACE_NAME,
    XSS_SCRIPT,
    XSS_SENTENCE,
    XSS_TITLE,
    XSS_URL,
    sample_events,
    sample_flows,
    sample_places,
)

ALLOWED_TAGS = {"div", "h3", "p", "span", "blockquote", "mark", "a", "ul", "li"}
ALLOWED_ATTRS = {"class", "href", "target", "rel", "data-start", "data-end"}


class Collect(HTMLParser):
    """Collects tags, attributes and text of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment):
    parser = Collect()
    parser.feed(fragment)
    parser.close()
    return parser


def event_row(n):
    events = sample_events()
    return next(r for r in records(events, list(events.columns)) if r["event_id"].endswith(f"e{n}"))


def assert_safe(fragment):
    parsed = parse(fragment)
    assert set(parsed.tags) <= ALLOWED_TAGS, parsed.tags
    assert {name for name, _ in parsed.attrs} <= ALLOWED_ATTRS, parsed.attrs
    for name, value in parsed.attrs:
        if name == "href":
            assert value.startswith(("http://", "https://")), value
    return parsed


def test_highlight_escapes_pieces_then_marks():
    sentence = "A <b> near Kursk & co"
    start = sentence.index("Kursk")
    out = popups.highlight(sentence, start, start + len("Kursk"))
    assert out == "A &lt;b&gt; near <mark>Kursk</mark> &amp; co"


@pytest.mark.parametrize("start,end", [(-1, -1), (5, 3), (0, 999), (None, None), (2, 2)])
def test_highlight_out_of_range_gives_plain_escaped_text(start, end):
    assert popups.highlight("<x> text", start, end) == "&lt;x&gt; text"


def test_mark_on_a_mention_inside_markup_cannot_split_a_tag():
    start = XSS_SENTENCE.index("<script>")
    out = popups.highlight(XSS_SENTENCE, start + 1, start + 7)  # the word "script"
    assert "&lt;<mark>script</mark>&gt;" in out
    assert "<script" not in out


def test_event_popup_escapes_xss_sentence_title_and_attribution():
    html = popups.event_popup(event_row(6))
    parsed = assert_safe(html)
    text = "".join(parsed.text)
    assert XSS_SCRIPT in text and XSS_IMG in text  # shown as text, literally
    assert XSS_TITLE in text
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert "<mark>Kursk</mark>" in html


def test_javascript_url_is_not_a_link():
    html = popups.event_popup(event_row(6))
    assert "href" not in html
    assert XSS_URL not in html  # the title is shown instead, as text


@pytest.mark.parametrize(
    "url",
    [XSS_URL, "JavaScript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x", "ftp://x/y"],
)
def test_only_http_urls_become_links(url):
    assert popups.safe_url(url) is None
    assert "<a" not in popups.link(url, "title")


def test_http_link_is_escaped_in_attribute():
    html = popups.event_popup(event_row(1))
    assert_safe(html)
    assert 'href="https://example.org/news/north-korea-troops-russia?a=1&amp;b=2"' in html
    hrefs = [v for k, v in parse(html).attrs if k == "href"]
    assert hrefs == [SEED_URL]


def test_place_popup_lists_resolution_and_events_in_order():
    places, events = sample_places(), sample_events()
    grouped = events_by_place(events)
    place = next(r for r in records(places, PLACE_FIELDS) if r["place_id"] == "gn:544906")
    html = popups.place_popup(place, grouped["gn:544906"])
    assert_safe(html)
    text = "".join(parse(html).text)
    assert "gn:544906" in text and "(GeoNames 544906)" in text and "settlement" in text
    assert "not Korenëvo, Moscow Oblast" in text
    # dated events first by start, undated last
    assert text.index("Nov 2024") < text.index("spring 2025") < text.index("undated")
    assert html.count('class="newsmap-event"') == 3


def test_place_popup_caps_long_event_lists():
    row = {"name": "X", "place_id": "p"}
    events = [
        {"event_id": str(i), "sentence": f"s{i}", "start": None, "end": None} for i in range(7)
    ]
    html = popups.place_popup(row, events, max_events=3)
    assert html.count("<li>") == 3
    assert "and 4 more events" in html


def test_place_popup_escapes_place_name():
    place = next(r for r in records(sample_places(), PLACE_FIELDS) if r["name"] == XSS_PLACE_NAME)
    html = popups.place_popup(place, [])
    assert_safe(html)
    assert XSS_PLACE_NAME in "".join(parse(html).text)
    assert "±5 km" in html


def test_flow_popup_and_label_are_escaped():
    flows = sample_flows()
    rows = list(records(flows, list(flows.columns)))
    html = popups.flow_popup(rows[1])
    assert_safe(html)
    assert "<script" not in html
    assert popups.quantity_label(rows[0]["quantity"]) == "~10,000"
    assert popups.quantity_label(None, rows[1]["quantity_text"]) == rows[1]["quantity_text"]


def test_event_entry_carries_its_dates_for_the_filter():
    html = popups.event_entry(event_row(3))
    assert 'data-start="2025-09-01" data-end=""' in html
