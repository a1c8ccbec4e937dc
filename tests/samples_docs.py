"""Tiny named article samples for the document reader's tests.

Each sample is a file name, its bytes, and what reading it must give: the stored text,
or the words of the problem it is rejected with.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    name: str
    filename: str
    data: bytes
    text: str | None = None  # the stored text; None when the file is rejected
    problem: str = ""  # words of the rejection, or of the warning when text is set


DECODING = (
    Sample("utf8", "utf8.txt", b"Korenevo, Kursk Oblast.\n", "Korenevo, Kursk Oblast.\n"),
    Sample(
        "utf8_bom_crlf",
        "utf8-bom.txt",
        codecs.BOM_UTF8 + "Kursk — Курск\r\nline two".encode(),
        "Kursk — Курск\nline two",
    ),
    Sample("old_mac_newlines", "mac.txt", b"Seoul\rPyongyang\r", "Seoul\nPyongyang\n"),
    Sample("cp1252_cafe", "cp1252.txt", b"Caf\xe9 in Kursk\r\n", "Café in Kursk\n", "cp1252"),
    Sample(
        "cp1252_quotes",
        "quotes.txt",
        b"\x93Seoul\x94 said \x96 again",
        "\u201cSeoul\u201d said \u2013 again",
        "cp1252",
    ),
    Sample(
        "latin1_byte_undefined_in_cp1252",
        "latin1.txt",
        b"Seoul \x81 said caf\xe9 in Kursk Oblast",
        "Seoul \x81 said café in Kursk Oblast",
        "latin-1",
    ),
    Sample(
        "utf16_le_bom",
        "utf16le.txt",
        codecs.BOM_UTF16_LE + "Pyongyang – Курск\r\n".encode("utf-16-le"),
        "Pyongyang – Курск\n",
    ),
    Sample(
        "utf16_be_bom",
        "utf16be.txt",
        codecs.BOM_UTF16_BE + "Moscow\n".encode("utf-16-be"),
        "Moscow\n",
    ),
    Sample("empty", "empty.txt", b"", None, "is empty"),
    Sample("whitespace", "blank.txt", b" \n\t \r\n  ", None, "only whitespace"),
    Sample("binary_nul", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary"),
    Sample("binary_controls", "controls.txt", bytes(range(1, 32)) * 8 + b"abc", None, "binary"),
    Sample("utf16_bom_odd_bytes", "broken16.txt", codecs.BOM_UTF16_LE + b"a\x00b", None, "utf-16"),
)

HTML_PAGE = (
    "<!DOCTYPE html><html lang='en-GB'><head><title>Troops in  Kursk</title>"
    "<style>p { color: red }</style><script>var s = '<p>not text</p>';</script></head>"
    "<body><nav>Home | World</nav><header><h1>Site name</h1></header><!-- a comment -->"
    "<article><h1>North Korea sends troops</h1>"
    "<p>Seoul &amp; Kyiv said &quot;10,000&quot;   troops&nbsp;arrived &#8212; in\n  October.</p>"
    "<div>Korenevo<br>Kursk</div><ul><li>one</li><li>two</li></ul></article>"
    "<aside>Related: other story</aside><footer>&copy; 2025 Site</footer></body></html>"
)
HTML_TEXT = (
    "North Korea sends troops\n\n"
    'Seoul & Kyiv said "10,000" troops\xa0arrived \u2014 in October.\n\n'
    "Korenevo\nKursk\n\none\n\ntwo"
)

HTML_NO_TITLE = "<body><h1>  Engineers reach Korenevo </h1><p>Body text.</p></body>"

MARKDOWN = (
    "---\n"
    "title: 'Troops near Kursk'\n"
    "published: 2025-10-31\n"
    "url: https://example.org/troops\n"
    "this line is not a key value pair\n"
    "---\n"
    "# Heading #\n"
    "\n"
    "**Korean** engineers, _reportedly_, reached [Korenevo](https://x.org/k) via snake_case_road.\n"
    "\n"
    "***\n"
    "> Quoted `code` and ![a map](map.png).\n"
)
MARKDOWN_TEXT = (
    "Heading\n\nKorean engineers, reportedly, reached Korenevo via snake_case_road.\n\n\n"
    "Quoted code and a map."
)

#: One good article per line with bad lines between them (line numbers are 1-based).
JSONL_LINES = (
    '{"id": "a1", "text": "Troops reached Kursk.", "title": "A", "published": "2025-10-30"}',
    '{"id": "a2", "text": "unterminated',  # 2: not JSON
    '{"id": "a3", "title": "no text"}',  # 3: no text
    "",  # 4: blank, skipped silently
    "[1, 2, 3]",  # 5: not an object
    '{"id": 7, "text": "Engineers\\r\\nin Korenevo.", "published": "31 Oct"}',  # 6: bad date
)
