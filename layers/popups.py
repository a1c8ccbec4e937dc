r"""Popup and tooltip HTML for places, events and flows, built from declared fields.

Popups are precomputed HTML strings stored in a GeoJSON property and handed to
Leaflet's ``bindPopup``. Every value that comes from an article (names, sentences,
titles, attributions, labels, URLs) goes through :func:`html.escape` *piece by piece*,
and markup (``<mark>``, ``<a>``) is added around the escaped pieces. The page then
embeds the GeoJSON with folium's ``tojson`` filter, which writes ``<``, ``>``, ``&`` and
``'`` as ``\u003c`` etc., so ``</script>`` in article text cannot end the script.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

from layers.dates import iso
from layers.symbols import EVENT_SYMBOLS

Row = Mapping[str, Any]


def text(value: Any) -> str:
    """Return ``value`` as escaped HTML text (``""`` when missing).

    Examples
    --------
    >>> text("<b>Kursk</b> & co"), text(None)
    ('&lt;b&gt;Kursk&lt;/b&gt; &amp; co', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return escape(str(value), quote=True)


def safe_url(url: Any) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL, else ``None``.

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    return url


def link(url: Any, label: Any) -> str:
    """Return an escaped link to ``url``, or the escaped label alone if the URL is unsafe.

    Examples
    --------
    >>> link("https://example.org/?a=1&b=2", "A <title>")[:55]
    '<a href="https://example.org/?a=1&amp;b=2" target="_bla'
    >>> link("javascript:alert(1)", "A title")
    'A title'
    """
    shown = text(label) or text(url)
    href = safe_url(url)
    if href is None:
        return shown
    return f'<a href="{text(href)}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def highlight(sentence: Any, start: Any, end: Any) -> str:
    """Return the escaped sentence with ``sentence[start:end]`` wrapped in ``<mark>``.

    Offsets out of range (or ``-1``) give the escaped sentence without a mark.

    Examples
    --------
    >>> highlight("Troops reached <Kursk>.", 15, 22)
    'Troops reached <mark>&lt;Kursk&gt;</mark>.'
    >>> highlight("a <b>", -1, -1)
    'a &lt;b&gt;'
    """
    sentence = "" if sentence is None else str(sentence)
    if not (isinstance(start, int) and isinstance(end, int)) or not (
        0 <= start < end <= len(sentence)
    ):
        return text(sentence)
    return f"{text(sentence[:start])}<mark>{text(sentence[start:end])}</mark>{text(sentence[end:])}"


def _offset(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def mention_span(event: Row) -> tuple[int, int]:
    """Return the place mention's offsets relative to the event's sentence (``-1`` if none).

    Examples
    --------
    >>> mention_span({"sentence_start": 100, "place_start": 110, "place_end": 115})
    (10, 15)
    """
    base = _offset(event.get("sentence_start"))
    start, end = _offset(event.get("place_start")), _offset(event.get("place_end"))
    if base is None or start is None or end is None or start < 0 or end < 0:
        return -1, -1
    return start - base, end - base


def type_label(event_type: Any) -> str:
    """Return the human label of an event type, e.g. ``"Technology transfer"``."""
    symbol = EVENT_SYMBOLS.get(str(event_type))
    return symbol.label if symbol else str(event_type)


def event_entry(event: Row) -> str:
    """Return the HTML of one event: date, type, quoted sentence, attribution, source.

    The wrapper carries ``data-start``/``data-end`` so the export's date filter can hide
    it inside place popups.
    """
    start, end = mention_span(event)
    parts = [
        f'<div class="newsmap-event" data-start="{text(iso(event.get("start")))}" '
        f'data-end="{text(iso(event.get("end")))}">',
        f'<span class="newsmap-date">{text(event.get("date_label")) or "undated"}</span> · '
        f'<span class="newsmap-type">{text(type_label(event.get("event_type")))}</span>',
        f"<blockquote>“{highlight(event.get('sentence'), start, end)}”</blockquote>",
    ]
    meta = []
    if event.get("attribution"):
        meta.append(text(event["attribution"]))
    if event.get("doc_title") or event.get("doc_url"):
        meta.append(link(event.get("doc_url"), event.get("doc_title")))
    if meta:
        parts.append(f'<div class="newsmap-meta">{" — ".join(meta)}</div>')
    parts.append("</div>")
    return "".join(parts)


def event_popup(event: Row) -> str:
    """Return the popup HTML of one event row.

    Examples
    --------
    >>> html = event_popup({"place_name": "<Kursk>", "sentence": "x", "event_type": "combat"})
    >>> "&lt;Kursk&gt;" in html and "<Kursk>" not in html
    True
    """
    return (
        f'<div class="newsmap-popup"><h3>{text(event.get("place_name"))}</h3>'
        f"{event_entry(event)}</div>"
    )


def event_tooltip(event: Row) -> str:
    """Return the short tooltip HTML of one event: date, type and place."""
    label = text(event.get("date_label")) or "undated"
    return (
        f"{label} · {text(type_label(event.get('event_type')))} · {text(event.get('place_name'))}"
    )


def resolution(place: Row) -> str:
    """Return how a place was resolved: its gazetteer id, precision and the reason."""
    ident = text(place.get("place_id"))
    geonameid = place.get("geonameid")
    if isinstance(geonameid, float) and geonameid.is_integer():
        geonameid = int(geonameid)  # a column with missing ids is float
    if geonameid not in (None, ""):
        ident += f" (GeoNames {text(geonameid)})"
    precision = text(str(place.get("precision") or "").replace("_", " "))
    if place.get("uncertainty_km") is not None:
        precision += f", ±{float(place['uncertainty_km']):g} km"
    reason = text(place.get("reason"))
    return f"{ident} · {precision}" + (f" · {reason}" if reason else "")


def place_popup(place: Row, events: Sequence[Row] = (), *, max_events: int = 25) -> str:
    """Return the popup HTML of a place and the events located there.

    Parameters
    ----------
    place : mapping
        A places row (plain values).
    events : sequence of mapping
        The events rows whose ``place_id`` is this place.
    max_events : int
        At most this many events are listed; the rest are counted.

    Examples
    --------
    >>> html = place_popup({"name": "Korenevo", "place_id": "gn:544906", "precision": "settlement"})
    >>> html.startswith('<div class="newsmap-popup"><h3>Korenevo</h3>')
    True
    """
    parts = [
        f'<div class="newsmap-popup"><h3>{text(place.get("name"))}</h3>',
        f'<p class="newsmap-resolution">{resolution(place)}</p>',
    ]
    if events:
        items = "".join(f"<li>{event_entry(e)}</li>" for e in events[:max_events])
        parts.append(f"<ul>{items}</ul>")
        if len(events) > max_events:
            parts.append(f"<p>… and {len(events) - max_events} more events</p>")
    parts.append("</div>")
    return "".join(parts)


def quantity_label(quantity: Any, quantity_text: Any = None) -> str:
    """Return the label of a flow: ``"~10,000"`` from a number, else the quoted text.

    The result is plain text (escape it before putting it in HTML).

    Examples
    --------
    >>> quantity_label(10000.0), quantity_label(None, "construction brigades"), quantity_label(None)
    ('~10,000', 'construction brigades', '')
    """
    if isinstance(quantity, int | float) and not math.isnan(quantity):
        return f"~{quantity:,.0f}"
    return "" if quantity_text is None else str(quantity_text)


def flow_popup(flow: Row) -> str:
    """Return the popup HTML of a movement: origin → destination, quantity, date, sentence."""
    number = text(quantity_label(flow.get("quantity")))
    words = text(flow.get("quantity_text"))
    amount = f"{number} ({words})" if number and words else number or words
    rows = [
        f'<div class="newsmap-popup"><h3>{text(flow.get("origin_name"))} → '
        f"{text(flow.get('destination_name'))}</h3>",
        f'<p class="newsmap-meta">{amount + " · " if amount else ""}{text(flow.get("status"))} · '
        f"{text(flow.get('date_label')) or 'undated'}</p>",
    ]
    if flow.get("sentence"):
        rows.append(f"<blockquote>“{text(flow['sentence'])}”</blockquote>")
    rows.append("</div>")
    return "".join(rows)
