r"""Plain text from HTML and Markdown articles, with the standard library only.

The text these functions return is what Newsmap stores as an article's text: every
offset computed later points into it, not into the original markup.

HTML (:func:`html_to_text`), with :mod:`html.parser` (no network, nothing fetched):

- the content of ``<script>``, ``<style>``, ``<nav>``, ``<header>``, ``<footer>``,
  ``<aside>``, ``<noscript>``, ``<template>``, ``<svg>``, ``<iframe>``, ``<object>``,
  ``<select>`` and ``<button>`` is dropped, and so are comments, declarations and
  processing instructions; ``<title>`` is kept apart as a title, not as text;
- block elements (``<p>``, ``<div>``, ``<li>``, ``<h1>``-``<h6>``, ``<tr>``, ...) become
  paragraph breaks (``"\n\n"``), ``<br>`` a line break;
- entities are unescaped; runs of spaces collapse to one space (except in ``<pre>``);
  each line is stripped and empty paragraphs are dropped;
- a tag or comment that is never closed is text (its ``<`` escaped before parsing),
  which keeps :mod:`html.parser` linear in the page.

Markdown (:func:`markdown_to_text`), deliberately simple, line by line:

- ATX headings ``# Title`` keep their text; lines of only ``-``, ``=``, ``*`` or ``_``
  (thematic breaks, setext underlines) become empty lines; ``> `` quote markers go;
- ``[text](url)`` and ``![alt](url)`` become ``text`` and ``alt`` (``text`` without
  brackets, ``url`` with at most one level of parentheses);
- ``**b**``, ``__b__``, ``*i*``, ``_i_`` and `` `code` `` lose their markers when the
  marker is not inside a word (``snake_case`` stays as it is);
- list markers, tables, HTML and backslash escapes are left as they are;
- every step is linear in the input (no regular expression that rescans a line).

Front matter (:func:`split_front_matter`): a ``.md`` file may start with a block of
simple ``key: value`` lines between two ``---`` lines (no nesting, no lists; values may
be quoted). Keys are lower-cased.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from html.parser import HTMLParser

from geo.corpus.decode import is_language_code

#: Elements whose content is never article text.
SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "select",
        "button",
    }
)

#: Elements that start and end a paragraph.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)

_PARAGRAPH = "\x00p"  # marker inside the parser only; NUL never survives decoding
_LINE = "\x00l"
_DECLARATION = re.compile(r"<!(?!--)[^>]*>?")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


@dataclass(frozen=True)
class HtmlText:
    r"""The plain text of an HTML page and the metadata found on the way.

    Parameters
    ----------
    text : str
        Paragraphs separated by ``"\n\n"``; no leading or trailing whitespace.
    title : str
        Text of the first ``<title>``, whitespace collapsed ("" if none).
    heading : str
        Text of the first ``<h1>`` that is kept as text ("" if none).
    language : str
        Primary subtag of ``<html lang="...">``, lower-cased ("" if none).
    """

    text: str
    title: str = ""
    heading: str = ""
    language: str = ""


class _TextParser(HTMLParser):
    """Collects text outside skipped elements, with paragraph and line markers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.heading_parts: list[str] = []
        self.language = ""
        self.skip_depth = 0
        self.pre_depth = 0
        self.in_title = False
        self.in_h1 = False
        self.h1_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html" and not self.language:
            lang = (dict(attrs).get("lang") or "").strip()
            if is_language_code(lang):
                self.language = lang.split("-")[0].split("_")[0].lower()
        if tag != "title":
            self.in_title = False  # an unclosed <title> must not swallow the page
        if tag in SKIPPED_TAGS:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "br":
            self.parts.append(_LINE)
        elif tag in BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)
            if tag == "pre":
                self.pre_depth += 1
            if tag == "h1" and not self.h1_done and not self.skip_depth:
                self.in_h1 = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SKIPPED_TAGS and tag not in ("title", "pre", "h1"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)
            if tag == "h1" and self.in_h1:
                self.in_h1 = False
                self.h1_done = bool(_collapse("".join(self.heading_parts)))

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.in_h1:
            self.heading_parts.append(data)
        if self.pre_depth:
            self.parts.append(data.replace("\n", _LINE))
        else:
            self.parts.append(_SPACES.sub(" ", data))


_BLANK_LINES = re.compile(r"\n{3,}")
_MARKUP = re.compile(r"<[^<>]*+>?")


def _defuse(html: str) -> str:
    """Escape each ``<`` that opens a tag never closed, so parsing stays linear.

    :mod:`html.parser` rescans to the end of the page for every tag or comment that is
    not closed (``<a `` 20,000 times took 33 s). A ``<`` followed by a letter, ``/``,
    ``!`` or ``?`` whose ``>`` does not come before the next ``<`` becomes ``&lt;``
    (text, as a browser would show it), and so does a ``<!--`` with no ``-->`` after it.
    Comments that are closed are kept whole, ``<`` and all. One pass over the text.
    """
    last_close = html.rfind("-->")
    out, pos = [], 0
    while (start := html.find("<", pos)) >= 0:
        out.append(html[pos:start])
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4) if start + 4 <= last_close else -1
            if end >= 0:
                out.append(html[start : end + 3])
                pos = end + 3
                continue
            out.append("&lt;")
            pos = start + 1
            continue
        match = _MARKUP.match(html, start)
        chunk = match.group()
        follower = html[start + 1 : start + 2]
        opens_tag = bool(follower) and (follower.isalpha() or follower in "/!?")
        out.append(chunk if chunk.endswith(">") or not opens_tag else "&lt;" + chunk[1:])
        pos = start + len(chunk)
    out.append(html[pos:])
    return "".join(out)


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def html_to_text(html: str) -> HtmlText:
    r"""Extract the readable text of an HTML page.

    Parameters
    ----------
    html : str
        The page, already decoded. Malformed markup is tolerated; this never raises.

    Returns
    -------
    HtmlText
        The text (paragraphs separated by blank lines), the ``<title>``, the first
        ``<h1>`` and the page's language.

    Examples
    --------
    >>> page = "<title>T</title><script>x()</script><p>Caf&eacute;</p><p>Kursk</p>"
    >>> html_to_text(page)
    HtmlText(text='Café\n\nKursk', title='T', heading='', language='')
    """
    parser = _TextParser()
    html = _defuse(html.replace("\x00", "\ufffd"))  # our markers use NUL
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        # _markupbase asserts on some malformed <!...> declarations: drop them and retry.
        parser = _TextParser()
        parser.feed(_DECLARATION.sub(" ", html))
        parser.close()
    raw = "".join(parser.parts)
    paragraphs = []
    for block in raw.split(_PARAGRAPH):
        lines = [line.strip(" ") for line in block.split(_LINE)]
        # Runs of <br> make blank lines: at most one, like a paragraph break.
        paragraph = _BLANK_LINES.sub("\n\n", "\n".join(lines).strip("\n"))
        if paragraph.strip():
            paragraphs.append(paragraph)
    return HtmlText(
        text="\n\n".join(paragraphs),
        title=_collapse("".join(parser.title_parts)),
        heading=_collapse("".join(parser.heading_parts)) if parser.h1_done else "",
        language=parser.language,
    )


_RULE = re.compile(r"^ {0,3}(?:[-=*_][ \t]*){3,}$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_HEADING = re.compile(r" {0,3}#{1,6}(?=[ \t]|$)")
# A link's text holds no brackets and its target at most one level of parentheses;
# possessive repeats, so a failed match costs the distance to the next bracket only.
_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]\n]*+)\]\((?:[^()\n]++|\([^()\n]*+\))*+\)")
_CODE = re.compile(r"`([^`\n]+)`")


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _strong_open(line: str, i: int, width: int) -> bool:
    before, after = line[i - 1 : i], line[i + width : i + width + 1]
    return not (before and _word(before)) and bool(after) and not after.isspace()


def _strong_close(line: str, j: int, width: int) -> bool:
    before, after = line[j - 1 : j], line[j + width : j + width + 1]
    return bool(before) and not before.isspace() and not (after and _word(after))


def _em_open(line: str, i: int, width: int) -> bool:
    before, after = line[i - 1 : i], line[i + 1 : i + 2]
    return (
        not (before and (_word(before) or before == "*"))
        and bool(after)
        and not (after.isspace() or after in "*_")
    )


def _em_close(line: str, j: int, width: int) -> bool:
    before, after = line[j - 1 : j], line[j + 1 : j + 2]
    return (
        bool(before)
        and not (before.isspace() or before in "*_")
        and not (after and (_word(after) or after == "*"))
    )


def _unwrap(line: str, markers: tuple[str, ...], opens, closes) -> str:
    r"""Drop the markers of every ``<m>text<m>`` span, in one pass (linear in the line).

    It gives what ``re.sub(r"(m)(.+?)\1", r"\2", ...)`` with the opening and closing
    conditions ``opens`` and ``closes`` gives, without its quadratic rescans: each
    opener takes the first closer of its marker at least one character later.
    """
    width = len(markers[0])
    found = sorted((i, m) for m in markers for i in _positions(line, m) if opens(line, i, width))
    if not found:
        return line
    closers = {m: [j for j in _positions(line, m) if closes(line, j, width)] for m in markers}
    out, pos = [], 0
    for i, m in found:
        if i < pos:
            continue
        ends = closers[m]
        k = bisect_left(ends, i + width + 1)
        if k == len(ends):
            continue
        j = ends[k]
        out += [line[pos:i], line[i + width : j]]
        pos = j + width
    return "".join(out) + line[pos:]


def _positions(line: str, marker: str) -> list[int]:
    """Every index where ``marker`` starts, overlapping ones included."""
    found, i = [], line.find(marker)
    while i >= 0:
        found.append(i)
        i = line.find(marker, i + 1)
    return found


def _heading(line: str) -> str:
    """Return an ATX heading's text (``## Kursk ##`` is ``Kursk``), or the line itself."""
    match = _HEADING.match(line)
    if not match:
        return line
    text = line[match.end() :].strip(" \t")
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):
        text = closing.rstrip(" \t")
    return text


def markdown_to_text(markdown: str) -> str:
    r"""Strip simple Markdown markup, line by line (see the module docstring).

    Every step is linear in the line's length: hostile inputs (``**a**b `` thousands of
    times, brackets never closed) cost no more than ordinary text.

    Parameters
    ----------
    markdown : str
        Markdown without front matter, newlines already normalised to ``"\n"``.

    Returns
    -------
    str
        The text, with the same lines; leading and trailing blank lines removed.

    Examples
    --------
    >>> markdown_to_text("# Troops\n\n**Seoul** said [NIS](https://x.kr) *confirmed*.")
    'Troops\n\nSeoul said NIS confirmed.'
    """
    lines = []
    for line in markdown.split("\n"):
        if _RULE.match(line):
            lines.append("")
            continue
        line = _heading(_QUOTE.sub("", line))
        line = _CODE.sub(r"\1", line)
        line = _IMAGE_OR_LINK.sub(r"\1", line)
        line = _unwrap(line, ("**", "__"), _strong_open, _strong_close)
        line = _unwrap(line, ("*", "_"), _em_open, _em_close)
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")


_KEY_VALUE = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def split_front_matter(text: str) -> tuple[dict[str, str], str, list[str]]:
    r"""Split ``---`` front matter of simple ``key: value`` lines from a Markdown text.

    Parameters
    ----------
    text : str
        The Markdown file's text, newlines normalised to ``"\n"``.

    Returns
    -------
    fields : dict of str to str
        Lower-cased keys to values (surrounding quotes removed); empty values are kept.
    body : str
        The text after the closing ``---`` line (the whole text if there is no front
        matter or it is never closed).
    problems : list of str
        Lines of the block that are not ``key: value`` (they are ignored), and a note
        when an opening ``---`` is never closed.

    Examples
    --------
    >>> split_front_matter("---\ntitle: 'Kursk'\npublished: 2025-10-31\n---\nBody")
    ({'title': 'Kursk', 'published': '2025-10-31'}, 'Body', [])
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text, []
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return {}, text, ["front matter opened with '---' is never closed; read as text"]
    fields: dict[str, str] = {}
    problems = []
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            problems.append(f"front matter line {number} is not 'key: value'; ignored")
            continue
        value, key = match.group(2), match.group(1).lower()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if key in ("language", "lang") and value and not is_language_code(value):
            problems.append(f"front matter {key} {value!r} is not a language code; ignored")
            continue
        fields[key] = value
    return fields, "\n".join(lines[end + 1 :]), problems
