r"""Bytes to text for articles: encodings, newlines, binary and empty files, ISO dates.

Decoding order: UTF-8 (a leading byte-order mark is dropped); UTF-32 or UTF-16 when the
bytes start with their byte-order mark; otherwise the encoding :mod:`charset_normalizer`
detects among the Windows and KOI8 code pages (:data:`GUESSED_ENCODINGS`), with a warning
naming it. A Latin code page is read as cp1252 (the detector cannot tell cp1250 from
cp1252 on short texts; latin-1 for the five bytes cp1252 leaves undefined); Cyrillic,
Greek, Hebrew, Arabic and Baltic texts are read in the code page detected, unless that
reading holds accented Latin letters too (then cp1252 is the better guess).
``"\r\n"`` and ``"\r"`` become ``"\n"``; other line separators (U+0085, U+2028) are kept.
Bytes with NUL (outside UTF-16/32) or text with more than 5% control characters are
binary; empty and whitespace-only text is rejected.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime

from geo.errors import BadInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: The code pages tried on bytes that are not UTF-8, the Latin ones read as cp1252.
GUESSED_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "koi8_r",
)
_LATIN = frozenset({"cp1252", "cp1250", "cp1254"})
_LATIN_LETTER = re.compile("[\u00c0-\u024f]")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_SAMPLE_CHARS = 65536


def looks_binary(text: str) -> bool:
    r"""Tell whether decoded text holds NUL or more than 5% control characters.

    Only the first 65,536 characters are counted.

    Examples
    --------
    >>> looks_binary("Kursk\tOblast\n"), looks_binary("\x01\x02a")
    (False, True)
    """
    sample = text[:_SAMPLE_CHARS]
    return "\x00" in text or len(_CONTROL.findall(sample)) * 20 > len(sample)


def normalise_newlines(text: str) -> str:
    r"""Drop a leading byte-order mark and turn ``"\r\n"`` and ``"\r"`` into ``"\n"``.

    Examples
    --------
    >>> normalise_newlines("\ufeffa\r\nb\rc")
    'a\nb\nc'
    """
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def decode_article(data: bytes, *, source: str = "<bytes>") -> tuple[str, tuple[str, ...]]:
    r"""Decode an article's bytes into normalised text (see the module docstring).

    Parameters
    ----------
    data : bytes
        The file's content.
    source : str
        Name used in errors.

    Returns
    -------
    text : str
        The decoded text, newlines normalised.
    warnings : tuple of str
        Caveats, e.g. that the text was not UTF-8 and was decoded as cp1252.

    Raises
    ------
    BadInputError
        If the bytes are binary, empty or whitespace only, or a byte-order mark lies.

    Examples
    --------
    >>> decode_article(b"caf\xe9\r\n")
    ('café\n', ('not valid UTF-8 (byte 3); decoded as cp1252: check the letters',))
    """
    notes: tuple[str, ...] = ()
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise BadInputError(
                    source,
                    f"starts with a {codec} byte-order mark but is not {codec}: {exc.reason}",
                ) from None
            break
    else:
        if b"\x00" in data:
            raise BadInputError(source, "is binary (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, codec = _guess(data)
            notes = (f"not valid UTF-8 (byte {exc.start}); decoded as {codec}: check the letters",)
    text = normalise_newlines(text)
    if looks_binary(text):
        raise BadInputError(source, "is binary (mostly control characters), not text")
    if not text.strip():
        raise BadInputError(source, "is empty" if not text else "contains only whitespace")
    return text, notes


def _guess(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 in the code page detected (see the module docstring)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(GUESSED_ENCODINGS)).best()
    codec = best.encoding if best is not None else "cp1252"
    if codec not in _LATIN:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and not _LATIN_LETTER.search(text):  # a mixed-script guess is a poor one
            return text, codec
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def is_language_code(value: str) -> bool:
    """Tell whether ``value`` looks like a language tag (``en``, ``pt-BR``, ``zh_Hant``).

    Examples
    --------
    >>> is_language_code("pt-BR"), is_language_code("zz-<script>")
    (True, False)
    """
    return _LANGUAGE.fullmatch(value) is not None


def parse_published(value: str) -> date | None:
    """Parse an ISO date (or date-time, cut to its date); ``""`` is None.

    Examples
    --------
    >>> parse_published("2025-10-31"), parse_published(" ")
    (datetime.date(2025, 10, 31), None)
    """
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            raise ValueError(f"published {value!r} is not an ISO date (YYYY-MM-DD)") from None
