"""What popups and tooltips show, as plain values; the browser builds them (``popups.js``).

Popups are not HTML strings any more: each layer carries its features' values and a few
*lookup tables* (date labels, sentences, attributions, documents, place names), and
``NewsmapPopups`` (``layers/popups.js``) builds each popup when it opens, as DOM nodes
whose text is set with ``textContent``/``createTextNode``. Article text is therefore
never parsed as HTML: ``<script>`` in a sentence shows as ``<script>``. Links are made
only for http(s) URLs (checked here and again in the browser), with ``setAttribute``.

An event's compact form (the keys a popup reads, shared by the events layer's features
and the places' event lists):

``event_type``, ``start``, ``end``
    Its type and ISO days (``""`` when open).
``l``, ``s``, ``a``, ``d``, ``n``
    Indexes into the tables ``labels``, ``sentences``, ``attributions``, ``docs``
    (``[title, url]``) and ``names``; left out when the value is missing.
``m``
    ``[start, end]`` of the place mention in the sentence, in UTF-16 code units (what
    JavaScript strings count); left out when there is none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from folium.template import Template

from layers.dates import iso
from layers.geojson import Strings
from layers.raw import RawMacroElement
from layers.symbols import EVENT_SYMBOLS

Row = Mapping[str, Any]

#: Human label of each event type (the ``types`` table of every layer with events).
TYPE_LABELS = {key: symbol.label for key, symbol in EVENT_SYMBOLS.items()}


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


def plain(value: Any) -> str:
    """Return ``value`` as text, ``""`` when missing.

    Examples
    --------
    >>> plain(None), plain(float("nan")), plain(3)
    ('', '', '3')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


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
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    return url


def document(title: Any, url: Any) -> tuple[str, str] | None:
    """Return a document's ``(title, url)`` for the ``docs`` table; unsafe URLs are dropped.

    Without a title, an unsafe URL is kept as the text to show (never as a link).

    Examples
    --------
    >>> document("A", "javascript:alert(1)"), document("", "https://x.org/"), document(None, None)
    (('A', ''), ('', 'https://x.org/'), None)
    """
    title, url = plain(title), plain(url)
    if not title and not url:
        return None
    href = safe_url(url)
    if href is not None:
        return title, href
    return (title, "") if title else (url, "")


def utf16_span(sentence: Any, start: Any, end: Any) -> list[int] | None:
    """Return ``[start, end]`` counted in UTF-16 code units, or ``None`` when out of range.

    Python counts code points, JavaScript UTF-16 units; they differ after an emoji.

    Examples
    --------
    >>> utf16_span("Kursk", 0, 5), utf16_span("😀 Kursk", 2, 7), utf16_span("ab", 1, 1)
    ([0, 5], [3, 8], None)
    """
    sentence = plain(sentence)
    if not (isinstance(start, int) and isinstance(end, int)) or not (
        0 <= start < end <= len(sentence)
    ):
        return None
    if sentence.isascii():
        return [start, end]

    def units(text: str) -> int:
        return len(text.encode("utf-16-le")) // 2

    return [units(sentence[:start]), units(sentence[:end])]


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


@lru_cache(maxsize=4096)
def _cached_day(value: Any) -> str:
    return iso(value)


def _day(value: Any) -> str:
    """Return :func:`layers.dates.iso` of ``value``; days repeat, so strings are cached."""
    return _cached_day(value) if isinstance(value, str) else iso(value)


def type_label(event_type: Any) -> str:
    """Return the human label of an event type, e.g. ``"Technology transfer"``."""
    return TYPE_LABELS.get(str(event_type), str(event_type))


class PopupTables:
    """The lookup tables of one layer's popups, filled as features are added.

    Examples
    --------
    >>> tables = PopupTables()
    >>> row = {"event_type": "combat", "start": "2025-01-02", "end": None, "sentence": "x",
    ...        "doc_title": "T", "doc_url": "https://x.org/", "date_label": "2 Jan 2025"}
    >>> tables.event(row) == tables.event(row), tables.as_dict()["docs"]
    (True, [['T', 'https://x.org/']])
    """

    def __init__(self) -> None:
        self.labels = Strings()
        self.sentences = Strings()
        self.attributions = Strings()
        self.docs = Strings()
        self.names = Strings()
        self.events: list[dict[str, Any]] = []
        self._doc_index: dict[tuple[Any, Any], int | None] = {}

    def event(self, row: Row) -> dict[str, Any]:
        """Return the compact form of one event row (see the module docstring)."""
        sentence = plain(row.get("sentence"))
        out: dict[str, Any] = {
            "event_type": row.get("event_type"),
            "start": _day(row.get("start")),
            "end": _day(row.get("end")),
        }
        refs = (
            ("l", self.labels.index(plain(row.get("date_label")))),
            ("s", self.sentences.index(sentence)),
            ("a", self.attributions.index(plain(row.get("attribution")))),
            ("d", self._doc(row.get("doc_title"), row.get("doc_url"))),
            ("n", self.names.index(plain(row.get("place_name")))),
            ("m", utf16_span(sentence, *mention_span(row))),
        )
        for key, value in refs:
            if value is not None:
                out[key] = value
        return out

    def _doc(self, title: Any, url: Any) -> int | None:
        key = (title, url)
        if key not in self._doc_index:  # URLs are checked once per document
            self._doc_index[key] = self.docs.index(document(title, url))
        return self._doc_index[key]

    def place_events(self, rows: Sequence[Row]) -> list[int]:
        """Add the events listed in a place popup; return their indexes in ``events``."""
        start = len(self.events)
        for row in rows:
            entry = self.event(row)
            entry.pop("n", None)  # the popup's title is the place
            self.events.append(entry)
        return list(range(start, len(self.events)))

    def as_dict(self) -> dict[str, Any]:
        """Return the tables as plain values (for :class:`layers.geojson.FeatureLayer`)."""
        tables: dict[str, Any] = {
            "types": TYPE_LABELS,
            "labels": self.labels.values,
            "sentences": self.sentences.values,
            "attributions": self.attributions.values,
            "docs": self.docs.values,
            "names": self.names.values,
        }
        if self.events:
            tables["events"] = self.events
        return tables


def resolution(place: Row) -> str:
    """Return how a place was resolved, as plain text: id, precision and the reason.

    Examples
    --------
    >>> resolution({"place_id": "gn:1", "geonameid": 1.0, "precision": "settlement",
    ...             "reason": "only candidate"})
    'gn:1 (GeoNames 1) · settlement · only candidate'
    """
    ident = plain(place.get("place_id"))
    geonameid = place.get("geonameid")
    if isinstance(geonameid, float) and geonameid.is_integer():
        geonameid = int(geonameid)  # a column with missing ids is float
    if plain(geonameid):
        ident += f" (GeoNames {geonameid})"
    precision = plain(place.get("precision")).replace("_", " ")
    uncertainty = place.get("uncertainty_km")
    if uncertainty is not None and not (isinstance(uncertainty, float) and math.isnan(uncertainty)):
        precision += f", ±{float(uncertainty):g} km"
    reason = plain(place.get("reason"))
    return f"{ident} · {precision}" + (f" · {reason}" if reason else "")


def quantity_label(quantity: Any, quantity_text: Any = None) -> str:
    """Return the label of a flow: ``"~10,000"`` from a number, else the quoted text.

    Examples
    --------
    >>> quantity_label(10000.0), quantity_label(None, "construction brigades"), quantity_label(None)
    ('~10,000', 'construction brigades', '')
    """
    if isinstance(quantity, int | float) and not math.isnan(quantity):
        return f"~{quantity:,.0f}"
    return plain(quantity_text)


def flow_texts(flow: Row) -> dict[str, str]:
    """Return the plain texts of a movement's popup: ``title``, ``meta`` and ``sentence``.

    Examples
    --------
    >>> flow_texts({"origin_name": "A", "destination_name": "B", "quantity": 5.0,
    ...             "status": "reported", "date_label": "May 2024"})["meta"]
    '~5 · reported · May 2024'
    """
    number = quantity_label(flow.get("quantity"))
    words = plain(flow.get("quantity_text"))
    amount = f"{number} ({words})" if number and words else number or words
    status = plain(flow.get("status"))
    date = plain(flow.get("date_label")) or "undated"
    return {
        "title": f"{plain(flow.get('origin_name'))} → {plain(flow.get('destination_name'))}",
        "meta": f"{amount + ' · ' if amount else ''}{status} · {date}",
        "sentence": plain(flow.get("sentence")),
    }


@cache
def popups_script() -> str:
    r"""Return ``layers/popups.js``, ready to sit inside a ``<script>`` element."""
    source = Path(__file__).with_name("popups.js").read_text(encoding="utf-8")
    if "</" in source or "<!--" in source:
        raise ValueError("layers/popups.js must not contain '</' or '<!--'")
    return source


class PopupScript(RawMacroElement):
    """Define ``NewsmapPopups`` in the page's script, before the layers that use it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.source }}
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PopupScript"

    @property
    def source(self) -> str:
        """The text of ``layers/popups.js``."""
        return popups_script()
