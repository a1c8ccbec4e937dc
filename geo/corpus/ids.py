"""Unique ``doc_id`` values across a corpus (the rule is in :mod:`geo.corpus.read`).

File stems are reserved up front and win over shard ids; a later duplicate becomes
``stem-2``, ``stem-3``, ... (first free) and is reported as a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from geo.corpus.model import Document, Problem


class DocIds:
    """Hands out unique doc_ids: file stems are reserved up front, duplicates get -N."""

    def __init__(self, reserved: set[str]) -> None:
        self.reserved = reserved
        self.used: set[str] = set()

    def claim(self, wanted: str, *, is_file: bool) -> str:
        """Return ``wanted``, or ``wanted-N`` (first free) when it is taken."""
        doc_id, number = wanted, 1
        while doc_id in self.used or ((not is_file or number > 1) and doc_id in self.reserved):
            number += 1
            doc_id = f"{wanted}-{number}"
        self.used.add(doc_id)
        return doc_id


def claimed(doc: Document, ids: DocIds, problems, report, *, is_file: bool) -> Iterator[Document]:
    """Report ``problems`` and yield ``doc`` with a unique id (a renamed id is reported)."""
    for problem in problems:
        report(problem)
    doc_id = ids.claim(doc.doc_id, is_file=is_file)
    if doc_id != doc.doc_id:
        report(
            Problem(doc.path, f"id {doc.doc_id!r} is already taken; using {doc_id!r}", "warning")
        )
        doc = replace(doc, doc_id=doc_id)
    yield doc
