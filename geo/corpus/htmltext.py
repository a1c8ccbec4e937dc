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
  each line is stripped and empty paragraphs are dropped.

Markdown (:func:`markdown_to_text`), deliberately simple, line by line:

- ATX headings ``# Title`` keep their text; lines of only ``-``, ``=``, ``*`` or ``_``
  (thematic breaks, setext underlines) become empty lines; ``> `` quote markers go;
- ``[text](url)`` and ``![alt](url)`` become ``text`` and ``alt``;
- ``**b**``, ``__b__``, ``*i*``, ``_i_`` and `` `code` `` lose their markers when the
  marker is not inside a word (``snake_case`` stays as it is);
- list markers, tables, HTML and backslash escapes are left as they are.

Front matter (:func:`split_front_matter`): a ``.md`` file may start with a block of
simple ``key: value`` lines between two ``---`` lines (no nesting, no lists; values may
be quoted). Keys are lower-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

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
            lang = dict(attrs).get("lang") or ""
            self.language = lang.strip().split("-")[0].split("_")[0].lower()
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
    html = html.replace("\x00", "\ufffd")  # our markers use NUL
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


_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:[-=*_][ \t]*){3,}$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_STRONG = re.compile(r"(?<!\w)(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")


def markdown_to_text(markdown: str) -> str:
    r"""Strip simple Markdown markup, line by line (see the module docstring).

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
        line = _QUOTE.sub("", line)
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _CODE.sub(r"\1", line)
        line = _IMAGE_OR_LINK.sub(r"\1", line)
        line = _STRONG.sub(r"\2", line)
        line = _EMPHASIS.sub(r"\2", line)
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
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        fields[match.group(1).lower()] = value
    return fields, "\n".join(lines[end + 1 :]), problems
