"""A plain-text summary of a parsed corpus: what was found, what was not, what was skipped.

File names, ids and place names come from the articles: control characters (newlines
included), line separators and bidirectional-text controls in them are printed as
escapes (:func:`printable`), so no input can forge or reorder a line of the summary.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["printable", "summarise", "warnings_of"]

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    r"""Escape control, line-separator and bidi characters (a newline becomes ``\n``).

    Examples
    --------
    >>> printable("a\nb\u202ec")
    'a\\nb\\u202ec'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def warnings_of(result) -> list[tuple[str, str]]:
    """Return ``(kind, message)`` pairs a user should see.

    Kinds: ``skipped`` (input left out), ``input`` (read with a caveat), ``unresolved``
    (a place name the gazetteer does not know), ``inferred`` (an article's date was
    inferred), ``undated`` (an event with no date).
    """
    out: list[tuple[str, str]] = []
    for problem in result.problems:
        kind = "skipped" if problem.severity == "error" else "input"
        out.append((kind, f"{problem.source}: {problem.problem}"))
    for article in result.articles:
        doc = article.document
        if article.reference_inferred:
            out.append(
                (
                    "inferred",
                    f"{doc.doc_id}: no published date; dates count from "
                    f"{article.reference.isoformat()}, inferred from the text",
                )
            )
        unresolved = Counter(pm.mention.text for pm in article.places if pm.place is None)
        for name, count in sorted(unresolved.items()):
            times = f" ({count}×)" if count > 1 else ""
            out.append(("unresolved", f"{doc.doc_id}: {name!r}{times} not in the gazetteer"))
        for event in article.events:
            if event.date_status == "undated":
                snippet = event.sentence.text[:90]
                out.append(
                    ("undated", f"{doc.doc_id}: {event.event_type} event, no date: {snippet}")
                )
    return out


def summarise(result) -> str:
    """Return the summary printed by ``python -m geo parse``."""
    lines = []
    precision = Counter(result.places["precision"]) if len(result.places) else Counter()
    lines.append(
        f"{len(result.articles)} articles: {len(result.places)} places "
        f"({', '.join(f'{n} {k}' for k, n in sorted(precision.items())) or 'none'}), "
        f"{result.events['event_id'].nunique() if len(result.events) else 0} events, "
        f"{len(result.flows)} flows"
    )
    for article in result.articles:
        found = sorted({pm.place.name for pm in article.places if pm.place is not None})
        lines.append(f"- {article.document.doc_id}: {', '.join(found) or 'no places'}")
    for kind, message in warnings_of(result):
        lines.append(f"  [{kind}] {message}")
    return "\n".join(printable(line) for line in lines)
