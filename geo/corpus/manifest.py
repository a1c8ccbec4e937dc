"""Parse a corpus's ``manifest.csv`` (its format is described in :mod:`geo.corpus.read`).

Parsing is pure: text in, entries and problems out. Broken lines are reported with
their line number and skipped; the other lines still apply. Each line is one record: a
quote left open is reported on its own line and never swallows the lines after it (so a
field cannot hold a newline). A ``language`` that is not a language tag is refused.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

from geo.corpus.decode import is_language_code, parse_published

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "url", "published", "language")


@dataclass(frozen=True)
class ManifestEntry:
    """What the manifest says about one file; ``""`` and None mean unknown."""

    title: str = ""
    url: str = ""
    published: date | None = None
    language: str = ""


def _row(line: str) -> list[str]:
    """Parse one line of CSV; a quote left open is an error, never the next lines' text."""
    return next(csv.reader([line], strict=True), [])


def parse_manifest(
    text: str, *, source: str = MANIFEST_NAME, articles: set[str] | frozenset[str] | None = None
) -> tuple[dict[str, ManifestEntry], list[tuple[str, str, str]]]:
    r"""Parse manifest CSV text into entries keyed by the file's path in the corpus.

    Parameters
    ----------
    text : str
        The manifest's text, newlines normalised.
    source : str
        The manifest's name, used in problems (``"seeds/manifest.csv:7"``).
    articles : set of str, optional
        The article paths in the corpus; lines naming others are reported (and kept).

    Returns
    -------
    entries : dict of str to ManifestEntry
        One per good line, keyed by the ``file`` column (``./`` and ``\`` normalised).
    problems : list of (source, problem, severity)
        ``severity`` is ``"error"`` for an ignored line, ``"warning"`` otherwise.

    Examples
    --------
    >>> entries, problems = parse_manifest("file,published\na.txt,2025-10-31\nb.txt,31/10\n")
    >>> entries["a.txt"].published, problems
    (datetime.date(2025, 10, 31), [('manifest.csv:3', "published '31/10' is not an ISO date (YYYY-MM-DD); line ignored", 'error')])
    """  # noqa: E501
    lines = text.split("\n")
    try:
        header = [name.strip().lower() for name in _row(lines[0])]
    except csv.Error as exc:
        return {}, [(f"{source}:1", f"is not CSV ({exc}); manifest ignored", "error")]
    if "file" not in header:
        expected = ",".join(MANIFEST_COLUMNS)
        return {}, [(f"{source}:1", f"the header must name the columns {expected}", "error")]
    problems = [
        (f"{source}:1", f"unknown column {name!r} ignored", "warning")
        for name in header
        if name not in MANIFEST_COLUMNS
    ]
    entries: dict[str, ManifestEntry] = {}
    seen: dict[str, int] = {}
    for number, text_line in enumerate(lines[1:], start=2):
        line = f"{source}:{number}"
        if not text_line.strip() or text_line.lstrip().startswith("#"):
            continue
        try:
            row = _row(text_line)
        except csv.Error as exc:
            problems.append((line, f"is not CSV ({exc}); line ignored", "error"))
            continue
        if not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) != len(header):
            expected = f"{len(header)} ({','.join(header)})"
            problems.append((line, f"has {len(row)} columns, expected {expected}", "error"))
            continue
        values = {name: value.strip() for name, value in zip(header, row, strict=True)}
        name = values["file"].replace("\\", "/").removeprefix("./")
        language = values.get("language", "").lower()
        try:
            if not name or name.startswith("/") or ".." in name.split("/"):
                raise ValueError(f"file {values['file']!r} is not a path inside the corpus folder")
            if name in seen:
                raise ValueError(f"file {name!r} is already listed on line {seen[name]}")
            if language and not is_language_code(language):
                raise ValueError(f"language {language!r} is not a language code (en, pt-br)")
            published = parse_published(values.get("published", ""))
        except ValueError as exc:
            problems.append((line, f"{exc}; line ignored", "error"))
            continue
        if articles is not None and name not in articles:
            problems.append(
                (line, f"names {name!r}, which is not an article in the corpus", "error")
            )
        seen[name] = number
        entries[name] = ManifestEntry(
            title=values.get("title", ""),
            url=values.get("url", ""),
            published=published,
            language=language,
        )
    return entries, problems
