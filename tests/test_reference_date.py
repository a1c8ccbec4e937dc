"""Tests of the reference date: its rules (published, html-meta, dateline, latest-in-text, none).

Tiny named samples for each dateline form and each kind of HTML metadata, the article
without any date (no clock, expressions unresolved, a warning naming the file), refused
out-of-range dates, and Hypothesis properties: the clock never matters, an explicit
published date always wins, a dateline's date is the reference when nothing else gives one.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import sys
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.corpus.article import parse_article as read_article
from geo.corpus.model import Document
from geo.corpus.published import html_published, parse_day, read_dateline
from geo.pipeline import reference_date
from geo.time.reference import REFERENCE_RULES, date_article

REPO = Path(__file__).resolve().parent.parent


def document(text: str, *, published=None, meta=(), path="sample.txt") -> Document:
    return Document(
        doc_id="sample",
        path=path,
        text=text,
        title="",
        url="",
        published=published,
        language="en",
        published_source="manifest" if published else "none",
        meta_published=meta,
    )


# --- datelines ---------------------------------------------------------------------------

# name, text, (city, region, agency, month, day, year)
DATELINES = [
    ("city_month_day_year", "TBILISI, December 1, 2024 — Protesters gathered.",
     ("TBILISI", "", "", 12, 1, 2024)),
    ("city_abbr_day_agency", "KARACHI, Aug 27 (Reuters) - Rain flooded streets.",
     ("KARACHI", "", "Reuters", 8, 27, None)),
    ("city_agency", "JERUSALEM (AP) — The court ruled.", ("JERUSALEM", "", "AP", None, None, None)),
    ("city_state_date", "WASHINGTON, D.C., March 3, 2025 — Congress met.",
     ("WASHINGTON", "D.C.", "", 3, 3, 2025)),
    ("city_country_agency_underscore", "NAIROBI, Kenya (AP) _ Police said.",
     ("NAIROBI", "Kenya", "AP", None, None, None)),
    ("two_word_city_double_dash", "NEW YORK, Jan. 9 (AP) -- Markets fell.",
     ("NEW YORK", "", "AP", 1, 9, None)),
    ("day_month_year", "PARIS, 5 June 2023 (AFP) - Strikes began.",
     ("PARIS", "", "AFP", 6, 5, 2023)),
    ("city_alone", "MIAMI _ The storm passed.", ("MIAMI", "", "", None, None, None)),
    ("after_a_title", "Storm hits coast\n\nHAVANA, Sept. 4 (Xinhua) -- Winds rose.",
     ("HAVANA", "", "Xinhua", 9, 4, None)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "expected"), DATELINES, ids=[d[0] for d in DATELINES])
def test_dateline_forms(name, text, expected):
    line = read_dateline(text)
    assert line is not None
    assert (line.city, line.region, line.agency, line.month, line.day, line.year) == expected
    assert text[line.start : line.end].startswith(line.city)


NOT_DATELINES = [
    ("lowercase_city", "Tbilisi, December 1, 2024 — Protesters gathered."),
    ("hyphenated_word", "NATO-led forces arrived in the city."),
    ("plain_sentence", "Troops arrived on Tuesday - officials said."),
    ("deep_in_the_text", "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nKYIV (AP) — Six."),
    ("empty", ""),
]


@pytest.mark.parametrize(("name", "text"), NOT_DATELINES, ids=[d[0] for d in NOT_DATELINES])
def test_not_a_dateline(name, text):
    assert read_dateline(text) is None


# name, text, reference, rule
DATELINE_REFERENCES = [
    ("full_date_beats_a_later_year", "TBILISI, December 1, 2024 — Elections are due in 2028.",
     date(2024, 12, 1), "dateline"),
    ("year_from_the_text", "KARACHI, Aug 27 (Reuters) - The floods of 2024 were the worst.",
     date(2024, 8, 27), "dateline"),
    ("year_closest_to_a_full_date", "HAVANA, Jan. 2 (AP) -- On December 30, 2023, rain fell.",
     date(2024, 1, 2), "dateline"),
    ("no_year_anywhere", "KARACHI, Aug 27 (Reuters) - Rain fell on Tuesday.", None, "none"),
    ("no_date_in_dateline", "JERUSALEM (AP) — On May 3, 2021, the court ruled.",
     date(2021, 5, 3), "latest-in-text"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "day", "rule"), DATELINE_REFERENCES, ids=[d[0] for d in DATELINE_REFERENCES]
)
def test_dateline_reference(name, text, day, rule, recwarn):
    reference, _, _ = reference_date(document(text))
    assert (reference.day, reference.rule) == (day, rule)


def test_yearless_dateline_resolves_relative_dates():
    text = "KARACHI, Aug 27 (Reuters) - Rain fell on Tuesday, as in 2024."
    reference, spans, _ = reference_date(document(text))
    tuesday = next(s for s in spans if "Tuesday" in s.phrase)
    assert reference.day == date(2024, 8, 27)
    assert tuesday.start == date(2024, 8, 27)  # 27 August 2024 was a Tuesday


# --- HTML metadata ---------------------------------------------------------------------

DAY = date(2024, 11, 12)
# name, page, dates
HTML_PAGES = [
    ("open_graph", '<meta property="article:published_time" content="2024-11-12T08:00:00+00:00">',
     (DAY,)),
    ("json_ld", '<script type="application/ld+json">{"@type": "NewsArticle", '
     '"datePublished": "2024-11-12T10:00:00Z"}</script>', (DAY,)),
    ("json_ld_graph", '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
     '{"@type": "NewsArticle", "datePublished": "2024-11-12"}]}</script>', (DAY,)),
    ("itemprop", '<span itemprop="datePublished" content="2024-11-12">12 Nov</span>', (DAY,)),
    ("meta_date", '<meta name="date" content="2024-11-12">', (DAY,)),
    ("meta_pubdate", '<meta name="pubdate" content="20241112">', (DAY,)),
    ("meta_dc_date", '<meta name="DC.date.issued" content="2024/11/12">', (DAY,)),
    ("time_datetime", '<p>Posted <time datetime="2024-11-12T09:30">9:30</time></p>', (DAY,)),
    ("time_pubdate_first", '<time datetime="2024-11-20">x</time><time pubdate '
     'datetime="2024-11-12">y</time>', (DAY, date(2024, 11, 20))),
    ("open_graph_first", '<meta name="date" content="2024-11-20"><meta '
     'property="article:published_time" content="2024-11-12">', (DAY, date(2024, 11, 20))),
    ("broken_json_ld", '<script type="application/ld+json">{"datePublished": </script>'
     '<meta name="date" content="2024-11-12">', (DAY,)),
    ("not_a_date", '<meta name="date" content="yesterday">', ()),
    ("words_not_tags", "<p>datePublished: 2020-01-01, article:published_time</p>", ()),
    ("uppercase_tags", '<META NAME="PUBDATE" CONTENT="2024-11-12">', (DAY,)),
    ("none", "<p>No metadata.</p>", ()),
]  # fmt: skip


@pytest.mark.parametrize(("name", "page", "dates"), HTML_PAGES, ids=[h[0] for h in HTML_PAGES])
def test_html_metadata_forms(name, page, dates):
    assert html_published(page) == dates


def test_html_metadata_dates_the_article():
    page = (
        b'<html><head><meta property="article:published_time" content="2024-11-12T08:00Z">'
        b"</head><body><p>Troops arrived on Tuesday.</p></body></html>"
    )
    doc, _ = read_article(page, suffix=".html", doc_id="p", path="p.html")
    assert doc.meta_published == (DAY,)
    assert doc.published is None
    reference, spans, problems = reference_date(doc)
    assert (reference.day, reference.rule, problems) == (DAY, "html-meta", ())
    assert spans[0].start == date(2024, 11, 12)  # 12 November 2024 was a Tuesday


def test_a_placeholder_meta_date_gives_way_to_the_next(recwarn):
    page = (
        '<meta property="article:published_time" content="0001-01-01T00:00:00">'
        '<script type="application/ld+json">{"datePublished": "2024-11-12"}</script>'
    )
    doc = document("Troops arrived.", meta=html_published(page), path="p.html")
    reference, _, problems = reference_date(doc)
    assert (reference.day, reference.rule) == (DAY, "html-meta")
    assert "0001-01-01" in problems[0].problem and "out of range" in problems[0].problem


@pytest.mark.parametrize(
    ("value", "day"),
    [("2024-11-12", DAY), ("2024-11-12T23:59:00-05:00", DAY), ("2024/11/12", DAY),
     ("20241112", DAY), ("2024-13-01", None), ("202411120", None), ("", None), ("٢٠٢٤١١١٢", None)],
)  # fmt: skip
def test_parse_day(value, day):
    assert parse_day(value) == day


# --- no anchor, refused dates ----------------------------------------------------------


def test_no_anchor_no_clock_relative_unresolved_and_a_warning_names_the_file():
    text = "Troops arrived on Tuesday. Last week, shelling hit the town in September."
    with pytest.warns(UserWarning, match=r"undated\.txt") as caught:
        reference, spans, problems = reference_date(document(text, path="corpus/undated.txt"))
    assert (reference.day, reference.rule, reference.inferred) == (None, "none", False)
    assert [s.phrase for s in spans] == ["on Tuesday", "Last week", "in September"]
    assert all(s.start is None and s.end is None for s in spans)
    assert [s.timex_value for s in spans] == ["XXXX-XX-XX", "XXXX-WXX", "XXXX-09"]
    (problem,) = problems
    assert problem.source == "corpus/undated.txt" and problem.severity == "warning"
    assert "manifest.csv" in problem.problem and "JSON Lines" in problem.problem
    assert str(problem) in str(caught[0].message)


@pytest.mark.parametrize("bad", [date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1)])
def test_out_of_range_published_is_refused(bad, recwarn):
    doc = document("TBILISI, December 1, 2024 — Protesters gathered.", published=bad)
    reference, _, problems = reference_date(doc)
    assert (reference.day, reference.rule) == (date(2024, 12, 1), "dateline")
    assert bad.isoformat() in problems[0].problem and "out of range" in problems[0].problem


def test_out_of_range_published_alone_leaves_no_reference(recwarn):
    reference, _, problems = reference_date(document("On Tuesday.", published=date(1, 1, 1)))
    assert (reference.day, reference.rule) == (None, "none")
    assert len(problems) == 2  # the refusal, then "no reference date"


def test_placeholder_in_a_manifest_does_not_crash(tmp_path, recwarn):
    from geo.corpus.read import read_corpus

    (tmp_path / "a.txt").write_text("Troops arrived on 3 May 2020.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,published\na.txt,0001-01-01\n", encoding="utf-8")
    (doc,) = read_corpus(tmp_path).documents
    reference, _, problems = reference_date(doc)
    assert (reference.day, reference.rule) == (date(2020, 5, 3), "latest-in-text")
    assert "0001-01-01" in problems[0].problem


def test_no_clock_in_geo():
    calls = []
    for path in (REPO / "geo").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("today", "now", "utcnow"):
                calls.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert calls == []


# --- properties ------------------------------------------------------------------------

_CITIES = st.sampled_from(["KYIV", "NEW YORK", "DAR ES SALAAM", "WASHINGTON, D.C.", "LAGOS"])
_DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 28))
_PIECES = st.sampled_from(
    [
        "Troops arrived on Tuesday.",
        "Last week, talks failed.",
        "In late October, the minister visited.",
        "Elections are due in 2028.",
        "On 3 May 2020, a bridge fell.",
        "The spring of 2019 was dry.",
        "Since September, prices rose.",
        "Prices are high now.",
        "JERUSALEM (AP) — ",
    ]
)
_BODY = st.lists(_PIECES, max_size=6).map(" ".join)
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]  # fmt: skip


class _Stands(type):
    """A metaclass that keeps ``isinstance(real_date, FrozenDate)`` true (as freezegun does)."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, cls.__mro__[1])


@contextlib.contextmanager
def clock(day: date):
    """Make every clock geo could read say ``day`` (date.today, datetime.now, time.time)."""

    class FrozenDate(dt.date, metaclass=_Stands):
        @classmethod
        def today(cls):
            return cls(day.year, day.month, day.day)

    class FrozenDatetime(dt.datetime, metaclass=_Stands):
        @classmethod
        def now(cls, tz=None):
            return cls(day.year, day.month, day.day, 12)

        @classmethod
        def today(cls):
            return cls.now()

    seconds = dt.datetime(day.year, day.month, day.day, 12).timestamp()
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch("time.time", return_value=seconds))
        for name, module in list(sys.modules.items()):
            if not name.startswith("geo") or module is None:
                continue
            if getattr(module, "date", None) is dt.date:
                stack.enter_context(mock.patch.object(module, "date", FrozenDate))
            if getattr(module, "datetime", None) is dt.datetime:
                stack.enter_context(mock.patch.object(module, "datetime", FrozenDatetime))
        yield


def _summary(doc):
    with mock.patch("warnings.warn"):
        reference, spans, problems = reference_date(doc)
    return reference, [(s.phrase, s.timex_value, s.start, s.end) for s in spans], problems


@settings(max_examples=60, deadline=None)
@given(_BODY, st.one_of(st.none(), _DAYS), st.sampled_from([date(1971, 2, 3), date(2099, 9, 9)]))
def test_the_result_never_depends_on_the_clock(body, published, today):
    doc = document(body, published=published)
    with clock(date(2000, 1, 1)):
        first = _summary(doc)
    with clock(today):
        assert _summary(doc) == first


@settings(max_examples=60, deadline=None)
@given(_CITIES, _DAYS, _BODY, _DAYS)
def test_an_explicit_published_date_always_wins(city, day, body, published):
    text = f"{city}, {_MONTH_NAMES[day.month - 1]} {day.day}, {day.year} — {body}"
    meta = (day,)
    reference, _, problems = _summary(document(text, published=published, meta=meta))
    assert (reference.day, reference.rule, problems) == (published, "published", ())


@settings(max_examples=60, deadline=None)
@given(_CITIES, _DAYS, _BODY, st.booleans())
def test_a_datelines_date_is_the_reference_when_nothing_else_gives_one(city, day, body, year):
    month = _MONTH_NAMES[day.month - 1]
    if year:
        text = f"{city}, {month} {day.day}, {day.year} — {body}"
    else:  # the year comes from the nearest date with one
        text = f"{city}, {month[:3]} {day.day} (Reuters) - In {day.year}, a bridge fell. {body}"
    reference, _, _ = _summary(document(text))
    assert (reference.day, reference.rule) == (day, "dateline")


def test_every_rule_is_named():
    assert REFERENCE_RULES == ("published", "html-meta", "dateline", "latest-in-text", "none")


def test_date_article_reads_the_text_once():
    with mock.patch(
        "geo.time.reference.read_expressions", wraps=date_article.__globals__["read_expressions"]
    ) as read:
        date_article("In the spring of 2025 ... In late October, she met Putin.")
    assert read.call_count == 1


def test_a_yearless_dateline_in_a_text_without_a_year_is_noted(recwarn):
    text = "KARACHI, Aug 27 (Reuters) - Rain fell on Tuesday."
    reference, _, problems = reference_date(document(text))
    assert reference.rule == "none"
    assert "has no year" in problems[0].problem and "month 8, day 27" in problems[0].problem
