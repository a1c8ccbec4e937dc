r"""JSON Lines shards: one article a line, read as a stream (format in :mod:`geo.corpus.read`).

A bad line (not UTF-8, not JSON, nested too deep, no ``id`` or ``text``, over
``max_bytes``) is reported by its ``shard.jsonl:LINE`` and skipped; the other lines are
still read. Lone surrogates (``"\ud800"``, which JSON allows and UTF-8 cannot hold) are
replaced by U+FFFD with a warning, one character for one, so offsets are unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from geo.corpus.article import DEFAULT_LANGUAGE, first_line
from geo.corpus.decode import is_language_code, looks_binary, normalise_newlines, parse_published
from geo.corpus.ids import DocIds, claimed
from geo.corpus.model import Document, Problem
from geo.errors import BadInputError

SHARD_SUFFIX = ".jsonl"


def shard_line(line: bytes, *, source: str) -> tuple[Document, list[Problem]]:
    """Turn one JSON Lines record into a Document (doc_id still to be made unique)."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadInputError(source, f"is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BadInputError(source, f"is not valid JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise BadInputError(source, "is JSON nested too deep to read") from None
    if not isinstance(record, dict):
        raise BadInputError(source, f"is a JSON {type(record).__name__}, expected an object")
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise BadInputError(source, "has no 'id' (a non-empty string)")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadInputError(source, "has no 'text' (a non-empty string)")
    problems = []
    doc_id, text = _no_surrogates(doc_id, "id", source, problems), normalise_newlines(text)
    text = _no_surrogates(text, "text", source, problems)
    if looks_binary(text):
        raise BadInputError(source, "'text' is mostly control characters, not text")
    fields = {}
    for key in ("title", "url", "published", "language"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(source, f"'{key}' is not a string; ignored", "warning"))
            value = None
        fields[key] = _no_surrogates((value or "").strip(), key, source, problems)
    if fields["language"] and not is_language_code(fields["language"]):
        problems.append(
            Problem(
                source,
                f"language {fields['language']!r} is not a language code; ignored",
                "warning",
            )
        )
        fields["language"] = ""
    try:
        published = parse_published(fields["published"])
    except ValueError as exc:
        problems.append(Problem(source, f"{exc}; ignored", "warning"))
        published = None
    return Document(
        doc_id=doc_id.strip(),
        path=source,
        text=text,
        title=fields["title"] or first_line(text),
        url=fields["url"],
        published=published,
        language=fields["language"] or DEFAULT_LANGUAGE,
        published_source="jsonl" if published else "none",
    ), problems


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: str, key: str, source: str, problems: list[Problem]) -> str:
    """Replace lone surrogates by U+FFFD (one for one), noting it in ``problems``."""
    if not _SURROGATE.search(value):
        return value
    problems.append(
        Problem(
            source,
            f"'{key}' holds lone surrogates (not Unicode text); replaced by U+FFFD",
            "warning",
        )
    )
    return _SURROGATE.sub("\ufffd", value)


def iter_shard(
    fs, where: str, source: str, ids: DocIds, max_bytes: int, report
) -> Iterator[Document]:
    """Yield the documents of one shard, reporting each bad line and skipping it."""
    with fs.open(where, "rb") as handle:
        number = 0
        while line := handle.readline(max_bytes + 1):
            number += 1
            line_source = f"{source}:{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                report(
                    Problem(line_source, f"is over the limit of {max_bytes:,} bytes (max_bytes)")
                )
                continue
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            try:
                doc, problems = shard_line(line, source=line_source)
            except Exception as exc:  # noqa: BLE001 - one bad record never stops the shard
                report(Problem.from_error(line_source, exc))
                continue
            yield from claimed(doc, ids, problems, report, is_file=False)
