"""A plain-text summary of a parsed corpus: what was found, what was not, what was skipped."""

from __future__ import annotations

from collections import Counter

__all__ = ["summarise", "warnings_of"]


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
    return "\n".join(lines)
