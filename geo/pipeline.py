"""The whole pipeline, step by step: articles → places, dates, events → GeoDataFrames.

>>> result = parse_corpus("seeds/")  # doctest: +SKIP
>>> result.places[["name", "precision", "roles"]]  # doctest: +SKIP

:func:`parse_article` is the per-article function; the single-process path
(:func:`parse_corpus`) and the distributed one both call it.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from geo.corpus.model import Document, Problem
from geo.corpus.published import read_dateline
from geo.corpus.read import read_corpus
from geo.events.extract import extract_events
from geo.events.flows import extract_flows
from geo.frames.build import events_frame, flows_frame, places_frame
from geo.gazetteer.index import Gazetteer
from geo.limits import ARTICLE_SECONDS, time_budget
from geo.model import PlaceMention
from geo.nlp.analysis import Analysis, analyse, analyse_many, load_nlp
from geo.places.mentions import find_mentions
from geo.places.resolve import resolve_mentions
from geo.places.roles import assign_roles
from geo.time.reference import Reference, date_article
from geo.time.timex import TimeSpan

__all__ = [
    "ArticleResult",
    "ParseResult",
    "parse_article",
    "parse_articles",
    "parse_corpus",
    "reference_date",
]


@dataclass(frozen=True)
class ArticleResult:
    """Everything the pipeline found in one article.

    ``reference`` is the date its relative dates count from (None when nothing gives
    one: then they stay unresolved), ``reference_rule`` the rule that chose it (one of
    :data:`geo.time.reference.REFERENCE_RULES`), ``reference_inferred`` whether it was
    read from the text, and ``problems`` the warnings about it (a refused date, no date).
    """

    document: Document
    analysis: Analysis
    reference: date | None
    reference_inferred: bool
    reference_rule: str
    places: tuple[PlaceMention, ...]
    timexes: tuple[TimeSpan, ...]
    events: tuple
    flows: tuple
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class ParseResult:
    """A parsed corpus: the articles, what was skipped, and the three frames."""

    articles: tuple[ArticleResult, ...]
    problems: tuple[Problem, ...]
    places: object  # GeoDataFrame, geo.frames.schema.PLACE_COLUMNS
    events: object  # GeoDataFrame, geo.frames.schema.EVENT_COLUMNS
    flows: object  # GeoDataFrame, geo.frames.schema.FLOW_COLUMNS


def reference_date(
    document: Document,
) -> tuple[Reference, tuple[TimeSpan, ...], tuple[Problem, ...]]:
    """Choose the article's reference date and resolve its temporal expressions against it.

    The rules, first that applies: its published date, its HTML metadata, its dateline,
    the latest full date of its text, else none (:mod:`geo.time.reference`); never the
    machine clock. The text's expressions are read once. Each note (a refused date, no
    date at all) becomes a warning naming the file: a :class:`Problem` and a Python
    :mod:`warnings` warning.
    """
    line = read_dateline(document.text)
    reference, timexes = date_article(
        document.text,
        published=document.published,
        meta_published=document.meta_published,
        dateline=(line.month, line.day, line.year, line.start) if line and line.month else None,
    )
    problems = tuple(Problem(document.path, note, "warning") for note in reference.notes)
    for problem in problems:
        warnings.warn(str(problem), stacklevel=2)
    return reference, timexes, problems


def parse_article(
    document: Document, *, gazetteer: Gazetteer, nlp, analysis: Analysis | None = None
) -> ArticleResult:
    """Run every step on one article, in order.

    ``analysis`` may be given when the NLP step already ran (batched, see
    :func:`parse_corpus`); it must be the analysis of ``document.text``. A warning
    (:mod:`warnings`, and in ``problems``) names an article without a reference date.
    """
    if analysis is None:
        analysis = analyse(document.text, nlp)
    mentions = find_mentions(analysis, gazetteer, doc_id=document.doc_id)
    places = resolve_mentions(mentions, gazetteer)
    places = assign_roles(places, analysis.doc, text=analysis.text)
    reference, timexes, problems = reference_date(document)
    events = extract_events(
        document.text,
        analysis.sentences,
        analysis.doc,
        places,
        timexes,
        doc_id=document.doc_id,
        reference=reference.day,
        reference_inferred=reference.inferred,
    )
    flows = extract_flows(events)
    return ArticleResult(
        document=document,
        analysis=analysis,
        reference=reference.day,
        reference_inferred=reference.inferred,
        reference_rule=reference.rule,
        places=places,
        timexes=timexes,
        events=events,
        flows=flows,
        problems=problems,
    )


def parse_articles(
    documents: Iterable[Document], *, gazetteer: Gazetteer, nlp
) -> Iterator[ArticleResult]:
    """Yield :func:`parse_article` of each document, in order, the NLP step batched.

    spaCy runs over batches of documents (:func:`geo.nlp.analysis.analyse_many`), which is faster
    than one at a time; every other step runs per article.
    """
    documents = list(documents)
    analyses = analyse_many((doc.text for doc in documents), nlp)
    for doc, analysis in zip(documents, analyses, strict=True):
        yield parse_article(doc, gazetteer=gazetteer, nlp=nlp, analysis=analysis)


def _isolated(documents, gazetteer: Gazetteer, nlp, report) -> tuple[ArticleResult, ...]:
    """Parse each document within its time budget; one that fails is reported, not raised."""
    results = []
    for start in range(0, len(documents), 32):
        batch = documents[start : start + 32]
        try:
            analyses = list(analyse_many((doc.text for doc in batch), nlp))
        except Exception:  # noqa: BLE001 - one article spoils its batch: analyse one by one
            analyses = [None] * len(batch)
        for doc, analysis in zip(batch, analyses, strict=True):
            try:
                with time_budget(ARTICLE_SECONDS):
                    results.append(
                        parse_article(doc, gazetteer=gazetteer, nlp=nlp, analysis=analysis)
                    )
            except Exception as exc:  # noqa: BLE001 - one article can only fail itself
                report(Problem(doc.path, f"could not be parsed: {type(exc).__name__}: {exc}"))
    return tuple(results)


def parse_corpus(
    path: str | os.PathLike,
    *,
    gazetteer: Gazetteer | None = None,
    nlp=None,
) -> ParseResult:
    """Parse every article at ``path`` (a folder or a file) into places, events and flows.

    Parameters
    ----------
    path : path-like
        A corpus folder, one article, or a JSON Lines shard.
    gazetteer : Gazetteer, optional
        An open gazetteer; default: the index at its default path.
    nlp : spaCy Language, optional
        Default: :func:`geo.nlp.analysis.load_nlp`.
    """
    corpus = read_corpus(path)
    own = gazetteer is None
    gaz = gazetteer or Gazetteer.open()
    problems = list(corpus.problems)
    try:
        articles = _isolated(corpus.documents, gaz, nlp or load_nlp(), problems.append)
    finally:
        if own:
            gaz.close()
    return ParseResult(
        articles=articles,
        problems=tuple(problems) + tuple(p for a in articles for p in a.problems),
        places=places_frame(articles),
        events=events_frame(articles),
        flows=flows_frame(articles),
    )
