"""The values reading a corpus produces: :class:`Document`, :class:`Problem`, :class:`Corpus`.

Where each field of a document comes from is described in :mod:`geo.corpus.read`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.errors import BadInputError

PUBLISHED_SOURCES = ("manifest", "front_matter", "jsonl", "none")


@dataclass(frozen=True)
class Document:
    r"""One article: its stored text and what is known about it.

    Parameters
    ----------
    doc_id : str
        Unique in its corpus: the file stem or the JSON Lines ``id``.
    path : str
        Where it was read from (``"seeds/x.html"``, ``"seeds/shard.jsonl:7"``).
    text : str
        Plain text, newlines ``"\n"``; all offsets point into this string.
    title, url : str
        ``""`` when unknown (``title`` always has a fallback, see :mod:`geo.corpus.read`).
    published : datetime.date or None
        The publication date, None when unknown (the pipeline infers one later).
    language : str
        ISO 639-1 code, ``"en"`` unless told otherwise.
    published_source : str
        One of :data:`PUBLISHED_SOURCES`: where ``published`` came from.
    meta_published : tuple of datetime.date
        The publication dates an HTML page states in its metadata, most trusted first
        (:func:`geo.corpus.published.html_published`); empty for other files. The
        pipeline uses them when ``published`` is unknown (:mod:`geo.time.reference`).
    """

    doc_id: str
    path: str
    text: str
    title: str
    url: str
    published: date | None
    language: str
    published_source: str
    meta_published: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if self.published_source not in PUBLISHED_SOURCES:
            raise ValueError(
                f"published_source {self.published_source!r} not in {PUBLISHED_SOURCES}"
            )


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input, recorded instead of raised.

    ``severity`` is ``"error"`` when something was left out (an article, a manifest line)
    and ``"warning"`` when it was read with a caveat (a guessed encoding, a renamed id).
    """

    source: str
    problem: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"

    @classmethod
    def from_error(cls, source: str, exc: Exception) -> Problem:
        """Return the problem an exception raised while reading ``source`` stands for.

        A :class:`~geo.errors.BadInputError` keeps its own source and wording; any other
        exception is named with its type, so one bad input is reported, never raised.
        """
        if isinstance(exc, BadInputError):
            return cls(exc.source, exc.problem)
        return cls(source, f"could not be read: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Corpus:
    """The documents read from a corpus and the problems met on the way."""

    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]
