r"""What an article says about its own date: the page's metadata and the dateline.

:func:`html_published` reads the publication dates an HTML page states in its metadata,
most trusted first. A linear scan (``str.find``) cuts out the tags that can hold one
(``<meta>``, ``<time>``, a tag with ``datePublished``, JSON-LD blocks), and only those go
through the standard library's :class:`html.parser.HTMLParser` (no regex); the rest of
the page is never parsed twice. The dates read:

1. ``<meta property="article:published_time">`` (Open Graph);
2. ``datePublished`` of a JSON-LD ``<script type="application/ld+json">`` block;
3. any tag with ``itemprop="datePublished"`` (its ``content`` or ``datetime``);
4. the common ``<meta name=...>`` dates: ``date``, ``pubdate``, ``publishdate``,
   ``publish-date``, ``dc.date``, ``dc.date.issued``, ``dcterms.date``,
   ``dcterms.issued``, ``article.published``, ``og:published_time``;
5. ``<time datetime>``: the one marked ``pubdate``, else the first.

:func:`read_dateline` reads the dateline at the head of a text, in the forms agencies
use: ``TBILISI, December 1, 2024 —``, ``KARACHI, Aug 27 (Reuters) -``,
``WASHINGTON, D.C., March 3, 2025 —``, ``JERUSALEM (AP) _``, ``NAIROBI, Kenya (AP) --``:
a city in capitals, up to two regions, an optional date, an optional agency in
parentheses, and a dash, an underscore or a colon. The head is read with one
bounded regular expression per paragraph start (no nested repetition, at most
:data:`HEAD_CHARS` characters), so no input makes it slow.

Nothing here decides the reference date: :mod:`geo.time.reference` does, with the
published date first.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

__all__ = ["Dateline", "html_published", "read_dateline", "parse_day"]

#: ``<meta name=...>`` (or ``property``/``itemprop``) values that hold a publication date.
DATE_METAS = (
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.issued", "article.published",
    "og:published_time",
)  # fmt: skip

#: The largest JSON-LD block read (bytes of text); bigger ones are skipped.
MAX_JSON_LD = 200_000
#: How far into a paragraph a dateline may reach.
HEAD_CHARS = 160
#: How many paragraphs at the head of a text may hold the dateline.
HEAD_PARAGRAPHS = 5


def parse_day(value: str) -> date | None:
    """Read the day at the start of an ISO date or date-time ("2024-12-01T09:30:00+04:00").

    The day is the one written (the publisher's local day), whatever the time zone.
    ``YYYY/MM/DD`` and ``YYYYMMDD`` are read too. None when it is not a valid day.

    Examples
    --------
    >>> parse_day("2024-12-01T23:30:00-05:00"), parse_day("yesterday")
    (datetime.date(2024, 12, 1), None)
    """
    value = value.strip()
    if len(value) >= 10 and value[4] in "-/" and value[7] == value[4]:
        digits = value[:4] + value[5:7] + value[8:10]
        rest = value[10:11]
    else:
        digits, rest = value[:8], value[8:9]
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit() or rest.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _json_ld_dates(data: object, out: list[date], depth: int = 0) -> None:
    """Collect every ``datePublished`` of a JSON-LD value (nested graphs included)."""
    if depth > 20:
        return
    if isinstance(data, dict):
        value = data.get("datePublished")
        if isinstance(value, str) and (day := parse_day(value)):
            out.append(day)
        for key, item in data.items():
            if key != "datePublished" and isinstance(item, dict | list):
                _json_ld_dates(item, out, depth + 1)
    elif isinstance(data, list):
        for item in data:
            _json_ld_dates(item, out, depth + 1)


class _DateReader(HTMLParser):
    """Collect the publication dates of a page, by kind (see :func:`html_published`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[date]] = {
            k: [] for k in ("og", "json_ld", "itemprop", "meta", "time_pubdate", "time")
        }
        self._json: list[str] | None = None

    def reset(self) -> None:
        """Forget the parser's state (between two fragments), not the dates found."""
        super().reset()
        self._json = None

    def _add(self, kind: str, value: str | None) -> None:
        day = parse_day(value or "")
        if day is not None:
            self.found[kind].append(day)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if (a.get("itemprop") or "").lower() == "datepublished":
            self._add("itemprop", a.get("content") or a.get("datetime"))
        if tag == "meta":
            key = (a.get("property") or a.get("name") or "").strip().lower()
            if key == "article:published_time":
                self._add("og", a.get("content"))
            elif key in DATE_METAS:
                self._add("meta", a.get("content"))
        elif tag == "time" and a.get("datetime"):
            self._add("time_pubdate" if "pubdate" in a else "time", a["datetime"])
        elif tag == "script" and (a.get("type") or "").strip().lower() == "application/ld+json":
            self._json = []

    def handle_data(self, data: str) -> None:
        if self._json is not None:
            self._json.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json is not None:
            block, self._json = "".join(self._json), None
            if len(block) <= MAX_JSON_LD:  # a broken block says nothing about the date
                with contextlib.suppress(ValueError, RecursionError):
                    _json_ld_dates(json.loads(block), self.found["json_ld"])


#: How far before ``datePublished`` the ``<`` of its tag may be.
MAX_TAG_CHARS = 2_000


def _inside(at: int, blocks: list[tuple[int, int]]) -> bool:
    """Whether offset ``at`` lies in one of ``blocks`` (sorted, not overlapping)."""
    k = bisect.bisect_right(blocks, (at, len(blocks) and blocks[-1][1] + 1)) - 1
    return k >= 0 and blocks[k][0] <= at < blocks[k][1]


def _tags(low: str, marker: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every tag that opens with ``marker``, outside ``blocks``."""
    out = []
    at = low.find(marker)
    while at >= 0:
        end = low.find(">", at)
        if end < 0:
            break
        if not _inside(at, blocks):
            out.append((at, end + 1))
        at = low.find(marker, end)
    return out


def _fragments(html: str) -> list[tuple[int, int]]:
    """Return the stretches of ``html`` that can state its date, in order (see the module)."""
    low = html.lower()
    blocks: list[tuple[int, int]] = []  # JSON-LD scripts, whole
    at = low.find("application/ld+json")
    while at >= 0:
        start, close = low.rfind("<script", 0, at), low.find("</script", at)
        if close < 0:
            break
        end = low.find(">", close)
        end = len(low) if end < 0 else end + 1
        if start >= 0 and (not blocks or start >= blocks[-1][1]):
            blocks.append((start, end))
        at = low.find("application/ld+json", end)
    tags = _tags(low, "<meta", blocks) + _tags(low, "<time", blocks)
    at = low.find("datepublished")
    while at >= 0:
        start = low.rfind("<", max(0, at - MAX_TAG_CHARS), at)
        end = low.find(">", at)
        if end < 0:
            break
        if start >= 0 and not _inside(at, blocks):
            tags.append((start, end + 1))
        at = low.find("datepublished", end)
    return sorted(set(tags + blocks))


def html_published(html: str) -> tuple[date, ...]:
    """Return the publication dates an HTML page states in its metadata, most trusted first.

    Parameters
    ----------
    html : str
        The page, before its markup is removed.

    Returns
    -------
    tuple of datetime.date
        Distinct days in the order of the module's list (the first is the page's own
        publication date; the others are fallbacks when it is refused, e.g. a
        placeholder ``0001-01-01``). Empty when the page states none.

    Examples
    --------
    >>> html_published('<meta property="article:published_time" content="2024-12-01T09:00Z">')
    (datetime.date(2024, 12, 1),)
    """
    reader = _DateReader()
    for start, end in _fragments(html):
        reader.feed(html[start:end])
        reader.reset()  # an unclosed fragment never runs into the next one
    reader.close()
    out: list[date] = []
    for days in reader.found.values():
        out += [d for d in days[:1] if d not in out]  # the first of each kind
    return tuple(out)


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = "(?:" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + ")"
_CITY_WORD = r"[A-Z][A-Z'.\-]*[A-Z.]"
_REGION_WORD = r"[A-Z][A-Za-z'.\-]*"
_DATELINE = re.compile(
    rf"(?P<city>{_CITY_WORD}(?: {_CITY_WORD}){{0,3}})"
    rf"(?P<region>(?:, (?!{_MONTH}\b){_REGION_WORD}(?: {_REGION_WORD}){{0,2}}){{0,2}})"
    rf"(?:,? (?:(?P<mon>{_MONTH})\.? (?P<day>[0-3]?\d)|(?P<day2>[0-3]?\d) (?P<mon2>{_MONTH}))"
    rf"(?:,? (?P<year>(?:19|20)\d\d))?)?"
    rf" ?(?:\((?P<agency>[A-Za-z][\w .&'/-]{{0,30}})\))?"
    rf" ?(?P<sep>—|–|--|-|_|:)(?!\w)"
)


@dataclass(frozen=True)
class Dateline:
    """The dateline at the head of an article.

    Attributes
    ----------
    city, region, agency : str
        As written ("KARACHI", "Sindh", "Reuters"); ``""`` when absent.
    month, day : int or None
        The date it gives, None when it gives none ("JERUSALEM (AP) _").
    year : int or None
        Its year, None when it names none ("Aug 27").
    start, end : int
        Offsets of the dateline in the text, its separator included.
    """

    city: str
    region: str
    agency: str
    month: int | None
    day: int | None
    year: int | None
    start: int
    end: int


def _head_paragraphs(text: str) -> list[int]:
    """Offsets where the first :data:`HEAD_PARAGRAPHS` non-empty lines of ``text`` start."""
    starts, at = [], 0
    while at < len(text) and len(starts) < HEAD_PARAGRAPHS:
        nl = text.find("\n", at)
        line_end = len(text) if nl < 0 else nl
        first = at + len(text[at:line_end]) - len(text[at:line_end].lstrip())
        if first < line_end:
            starts.append(first)
        at = line_end + 1
    return starts


def read_dateline(text: str) -> Dateline | None:
    r"""Find the dateline at the start of one of the first paragraphs of ``text``.

    Parameters
    ----------
    text : str
        The article's plain text (title lines first are fine).

    Returns
    -------
    Dateline or None
        The first dateline found; None when the head of the text holds none.

    Examples
    --------
    >>> d = read_dateline("Quake\n\nKARACHI, Aug 27 (Reuters) - A quake struck.")
    >>> d.city, d.month, d.day, d.year, d.agency
    ('KARACHI', 8, 27, None, 'Reuters')
    """
    for start in _head_paragraphs(text):
        head = text[start : start + HEAD_CHARS]
        m = _DATELINE.match(head)
        if m is None or not any(c.isalpha() for c in m["city"]):
            continue
        name, day = m["mon"] or m["mon2"], m["day"] or m["day2"]
        month = _MONTHS[name.lower()] if name else None
        return Dateline(
            city=m["city"],
            region=m["region"].lstrip(", "),
            agency=m["agency"] or "",
            month=month,
            day=int(day) if day else None,
            year=int(m["year"]) if m["year"] else None,
            start=start,
            end=start + m.end(),
        )
    return None
