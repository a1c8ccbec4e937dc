"""Tests of geo.time.timex: named samples, labels, filtering, Hypothesis properties, eval smoke."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.frames.schema import DATE_PRECISIONS
from geo.time.reference import date_article
from geo.time.scan import read_expressions
from geo.time.timex import TimeSpan, date_label, find_timexes, overlaps

REPO = Path(__file__).resolve().parent.parent
REF = date(2025, 10, 31)  # a Friday: the inferred reference date of the seed article

# name, text, reference, phrase, start, end, precision, TIMEX value, mod
INTERVALS = [
    ("since_month", "Since September, the North has sent troops.", REF, "Since September",
     "2025-09-01", "2025-10-31", "open_ended", "2025-09", None),
    ("late_month", "In late October, she met Putin.", REF, "In late October",
     "2025-10-21", "2025-10-31", "part_of_month", "2025-10", "END"),
    ("early_month", "Talks began in early March.", REF, "in early March",
     "2025-03-01", "2025-03-10", "part_of_month", "2025-03", "START"),
    ("mid_month", "It ended in mid-May.", REF, "in mid-May",
     "2025-05-11", "2025-05-20", "part_of_month", "2025-05", "MID"),
    ("month_year", "since their summit in June 2024, ties grew", REF, "in June 2024",
     "2024-06-01", "2024-06-30", "month", "2024-06", None),
    ("season_year", "confirmed only in the spring of 2025.", REF, "in the spring of 2025",
     "2025-03-01", "2025-05-31", "season", "2025-SP", None),
    ("winter_crosses_year", "in the winter of 2024 the front froze", REF, "in the winter of 2024",
     "2024-12-01", "2025-02-28", "season", "2024-WI", None),
    ("dateline_weekday", "Officials said on Tuesday that troops left.", REF, "on Tuesday",
     "2025-10-28", "2025-10-28", "day", "2025-10-28", None),
    ("since_year", "have circulated since 2024, though", REF, "since 2024",
     "2024-01-01", "2025-10-31", "open_ended", "2024", None),
    ("last_year", "Exports fell last year.", REF, "last year",
     "2024-01-01", "2024-12-31", "year", "2024", None),
    ("next_month", "A vote is due next month.", REF, "next month",
     "2025-11-01", "2025-11-30", "month", "2025-11", None),
    ("yesterday", "The ministry said yesterday.", REF, "yesterday",
     "2025-10-30", "2025-10-30", "day", "2025-10-30", None),
    ("this_week", "Talks resume this week.", REF, "this week",
     "2025-10-27", "2025-11-02", "week", "2025-W44", None),
    ("years_ago", "The plant closed three years ago.", REF, "three years ago",
     "2022-01-01", "2022-12-31", "year", "2022", None),
    ("decade", "It was built in the 1990s.", REF, "in the 1990s",
     "1990-01-01", "1999-12-31", "decade", "199", None),
    ("quarter", "Output grew in Q3 2024.", REF, "in Q3 2024",
     "2024-07-01", "2024-09-30", "quarter", "2024-Q3", None),
    ("half_year", "Sales rose in the first half of 2025.", REF, "in the first half of 2025",
     "2025-01-01", "2025-06-30", "half_year", "2025-H1", None),
    ("mdy", "The deal was signed on March 3, 2025.", REF, "on March 3, 2025",
     "2025-03-03", "2025-03-03", "day", "2025-03-03", None),
    ("dmy", "The deal was signed on 3 March 2025.", REF, "on 3 March 2025",
     "2025-03-03", "2025-03-03", "day", "2025-03-03", None),
    ("iso", "Filed 2025-03-03 in Seoul.", REF, "2025-03-03",
     "2025-03-03", "2025-03-03", "day", "2025-03-03", None),
    ("mid_year", "Shipments began in mid-2024.", REF, "in mid-2024",
     "2024-05-02", "2024-08-31", "year", "2024", "MID"),
    ("earlier_this_month", "Earlier this month, Kim visited.", REF, "Earlier this month",
     "2025-10-01", "2025-10-31", "part_of_month", "2025-10", "START"),
    ("month_across_new_year", "The talks collapsed in December.", date(2026, 1, 5), "in December",
     "2025-12-01", "2025-12-31", "month", "2025-12", None),
    ("today_is_dct", "Markets fell today.", REF, "today",
     "2025-10-31", "2025-10-31", "day", "2025-10-31", None),
    ("last_week_iso", "He resigned last week.", date(2024, 7, 10), "last week",
     "2024-07-01", "2024-07-07", "week", "2024-W27", None),
]  # fmt: skip


@pytest.mark.parametrize(
    "text,reference,phrase,start,end,precision,value,mod",
    [case[1:] for case in INTERVALS],
    ids=[case[0] for case in INTERVALS],
)
def test_interval(text, reference, phrase, start, end, precision, value, mod):
    spans = find_timexes(text, reference=reference)
    assert [s.phrase for s in spans] == [phrase]
    (span,) = spans
    assert text[span.start_char : span.end_char] == phrase
    assert (str(span.start), str(span.end)) == (start, end)
    assert (span.precision, span.timex_value, span.mod) == (precision, value, mod)


def test_relative_to_previous_date():
    text = "The talks began on March 3, 2025. Two days later, they collapsed."
    spans = find_timexes(text, reference=REF)
    assert [s.phrase for s in spans] == ["on March 3, 2025", "Two days later"]
    assert spans[1].start == spans[1].end == date(2025, 3, 5)
    assert spans[1].anchor == "previous" and spans[1].anchored


def test_next_day_without_earlier_date_uses_reference():
    (span,) = find_timexes("The next day, troops moved.", reference=REF)
    assert span.start == date(2025, 11, 1)


# name, text, reference, expected (TIMEX type, value) for every expression
VALUES = [
    ("now", "Troops are now active on Russian soil.", [("DATE", "PRESENT_REF")]),
    ("currently", "He is currently in Moscow.", [("DATE", "PRESENT_REF")]),
    ("recently", "Seoul recently warned Pyongyang.", [("DATE", "PAST_REF")]),
    ("the_past", "Such deals failed in the past.", [("DATE", "PAST_REF")]),
    ("the_future", "Ties may deepen in the future.", [("DATE", "FUTURE_REF")]),
    ("duration", "The war has lasted for three years.", [("DURATION", "P3Y")]),
    ("vague_duration", "It took several months.", [("DURATION", "PXM")]),
    ("quarterly", "Dividends are paid quarterly.", [("SET", "P3M")]),
    ("daily_set", "The agency reports daily.", [("SET", "P1D")]),
    ("weekday_value", "Officials met on Tuesday.", [("DATE", "2025-10-28")]),
    ("decade_value", "Prices peaked in the 1990s.", [("DATE", "199")]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_timex_value(text, expected):
    spans = find_timexes(text, reference=REF)
    assert [(s.timex_type, s.timex_value) for s in spans] == expected


# TimeML / TempEval-3 conventions, as the TimeBank + AQUAINT annotations apply them:
# name, text, reference, expected (TIMEX type, value, mod) for every expression
CONVENTIONS = [
    ("mid_part_of_day", "In London at mid-afternoon yesterday, shares rose.", REF,
     [("TIME", "2025-10-30TAF", "MID")]),
    ("noon_is_not_in_afternoon", "By mid afternoon, troops left.", REF,
     [("TIME", "2025-10-31TAF", "MID")]),
    ("weekday_night_is_the_day", "Protesters marched on Friday night.", REF,
     [("DATE", "2025-10-31", None)]),
    ("for_the_year_is_the_year", "Sales for the year rose.", REF, [("DATE", "2025", None)]),
    ("the_year_ended_is_a_duration", "Revenue for the year ended June 30 rose.", REF,
     [("DURATION", "P1Y", None), ("DATE", "2025-06-30", None)]),
    ("current_fiscal_year", "It expects sales in the current fiscal year to rise.", REF,
     [("DATE", "2025", None)]),
    ("full_year_is_the_reference_year",
     "Profit rose in 2022. It forecast an increase for the full year.", REF,
     [("DATE", "2022", None), ("DATE", "2025", None)]),
    ("modal_does_not_move_a_weekday_ahead",
     "They said they would appeal the ruling announced Wednesday.", REF,
     [("DATE", "2025-10-29", None)]),
    ("abbreviation_does_not_end_the_sentence",
     "Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", date(2025, 10, 26),
     [("DATE", "2026-02-01", None)]),
    ("effective_date_ahead", "The new labor pact is effective June 1.", date(2025, 10, 26),
     [("DATE", "2026-06-01", None)]),
    ("through_next_month_name", "The bank extended loans through January.", date(2025, 10, 30),
     [("DATE", "2026-01", None)]),
    ("through_past_month_name", "Sales rose this year through August.", date(2025, 10, 27),
     [("DATE", "2025", None), ("DATE", "2025-08", None)]),
    ("year_earlier_ordinal_quarter", "In the year-earlier third quarter, it earned $5 million.",
     date(2025, 10, 27), [("DATE", "2024-Q3", None)]),
    ("year_earlier_after_nine_months",
     "In the first nine months, net rose 5% from a year earlier.", date(2025, 10, 26),
     [("DURATION", "P9M", None), ("DATE", "2024", None)]),
    ("corresponding_period_last_year",
     "Third-quarter net fell from the corresponding period last year.", date(2025, 11, 1),
     [("DATE", "2025-Q3", None), ("DATE", "2024-Q3", None)]),
    ("last_years_quarter", "Third-quarter sales topped last year's quarter.", date(2025, 11, 1),
     [("DATE", "2025-Q3", None), ("DATE", "2024-Q3", None)]),
    ("that_year_is_the_year_before", "He fled in June 1998 and returned later that year.",
     date(2000, 1, 28), [("DATE", "1998-06", None), ("DATE", "1998", "END")]),
    ("spelled_year_in_season", "We saw that price in the winter of nineteen ninety-four.",
     date(1998, 2, 23), [("DATE", "1994-WI", None)]),
    ("spelled_year_after_month", "January nineteen ninety-seven. Atlanta again.",
     date(1998, 2, 27), [("DATE", "1997-01", None)]),
    ("thousands_are_not_a_year", "In March two thousand troops came.", date(1998, 2, 27),
     [("DATE", "1998-03", None)]),
    ("todays_generic_noun", "The case is for today's youth, he said today.", REF,
     [("DATE", "2025-10-31", None)]),
]  # fmt: skip


@pytest.mark.parametrize(
    "text,reference,expected", [c[1:] for c in CONVENTIONS], ids=[c[0] for c in CONVENTIONS]
)
def test_timeml_convention(text, reference, expected):
    spans = find_timexes(text, reference=reference)
    assert [(s.timex_type, s.timex_value, s.mod) for s in spans] == expected


NOT_TIME = [
    ("eastern_europe", "As tensions in Eastern Europe continue, Moscow waits."),
    ("troop_count", "North Korea has deployed around 10,000 troops to Russia."),
    ("may_modal", "Officials fear Moscow may send more engineers."),
    ("march_noun", "Thousands joined a protest march in Seoul."),
    ("march_name", "They sang during the Long March memorial."),
    ("sun_newspaper", "The Sun reported that the Sun newspaper was sold."),
    ("may_name", "Theresa May spoke to reporters."),
    ("counted_year", "Some 2000 troops crossed the border."),
    ("age", "A 6-year-old boy was hurt."),
]


@pytest.mark.parametrize("text", [c[1] for c in NOT_TIME], ids=[c[0] for c in NOT_TIME])
def test_not_a_time(text):
    assert find_timexes(text, reference=REF) == ()


def test_month_with_context_is_a_month():
    (span,) = find_timexes("The summit was held in May.", reference=REF)
    assert span.timex_value == "2025-05"


def test_easter_is_a_holiday():
    (span,) = find_timexes("They met on Easter Sunday 2025.", reference=REF)
    assert span.start == date(2025, 4, 20)


def test_infer_reference_from_latest_dated_reference():
    text = "Moscow confirmed it in the spring of 2025. In late October, Choe visited Moscow."
    reference, _ = date_article(text)
    assert (reference.day, reference.rule) == (date(2025, 10, 31), "latest-in-text")


def test_infer_reference_of_seed_article():
    text = (REPO / "seeds" / "north-korea-troops-russia.txt").read_text(encoding="utf-8")
    reference, _ = date_article(text)
    assert (reference.day, reference.rule) == (date(2025, 10, 31), "latest-in-text")


@pytest.mark.parametrize("text", ["", "No dates at all.", "Troops arrived in late October."])
def test_infer_reference_without_a_year(text):
    reference, _ = date_article(text)
    assert (reference.day, reference.rule) == (None, "none")


# name, text, (value, start) of each expression with no reference
UNRESOLVED = [
    ("weekday", "On Tuesday, troops arrived.", [("XXXX-XX-XX", None)]),
    ("month", "They came in September.", [("XXXX-09", None)]),
    ("last_week", "It rained last week.", [("XXXX-WXX", None)]),
    ("quarter", "Sales fell in the third quarter.", [("XXXX-Q3", None)]),
    ("now", "Prices are high now.", [("PRESENT_REF", None)]),
    ("explicit_year", "Built in 2024.", [("2024", date(2024, 1, 1))]),
    ("explicit_day", "On 3 May 2020, troops came.", [("2020-05-03", date(2020, 5, 3))]),
    ("duration", "The siege lasted three years.", [("P3Y", None)]),
]


@pytest.mark.parametrize(("name", "text", "expected"), UNRESOLVED, ids=[u[0] for u in UNRESOLVED])
def test_without_a_reference_only_explicit_years_resolve(name, text, expected):
    spans = find_timexes(text, reference=None)
    assert [(s.timex_value, s.start) for s in spans] == expected
    for span in spans:
        assert text[span.start_char : span.end_char] == span.phrase  # the words are kept
        if span.start is None and span.timex_type == "DATE":
            assert span.precision == "undated"


def test_since_without_a_reference_stays_open():
    (span,) = find_timexes("Prices have risen since June 2023.", reference=None)
    assert (span.start, span.end, span.precision) == (date(2023, 6, 1), None, "open_ended")


def test_expressions_read_once_serve_any_reference():
    text = "Since September, troops arrived; on Tuesday two more came. In June 2024 talks began."
    expressions = read_expressions(text)
    for reference in (None, REF, date(1999, 1, 1)):
        assert find_timexes(text, reference=reference, expressions=expressions) == find_timexes(
            text, reference=reference
        )


def test_expressions_of_another_text_are_refused():
    with pytest.raises(ValueError, match="another text"):
        find_timexes("in June 2024", reference=REF, expressions=read_expressions("in May"))


LABELS = [
    ("In late October, she met Putin.", "late Oct 2025"),
    ("Since September, troops came.", "since Sep 2025"),
    ("their summit in June 2024.", "Jun 2024"),
    ("in the spring of 2025.", "spring 2025"),
    ("signed on 12 March 2025.", "12 Mar 2025"),
    ("It grew in 2024.", "2024"),
    ("It was built in the 1990s.", "1990s"),
    ("Sales in Q3 2024 rose.", "Q3 2024"),
]


@pytest.mark.parametrize("text,label", LABELS, ids=[lab for _, lab in LABELS])
def test_date_label(text, label):
    (span,) = find_timexes(text, reference=REF)
    assert date_label(span) == label


@pytest.mark.parametrize(
    "interval,since,until,expected",
    [
        ((date(2025, 9, 1), None), date(2025, 10, 1), date(2025, 10, 31), True),
        ((None, date(2024, 6, 30)), date(2025, 1, 1), None, False),
        ((date(2024, 6, 1), date(2024, 6, 30)), None, date(2024, 6, 1), True),
        ((date(2024, 6, 1), date(2024, 6, 30)), date(2024, 7, 1), None, False),
        ((None, None), None, None, True),
        ((None, None), date(2024, 1, 1), None, False),
    ],
)
def test_overlaps(interval, since, until, expected):
    assert overlaps(interval, since, until) is expected


def test_overlaps_accepts_a_span():
    (span,) = find_timexes("in June 2024", reference=REF)
    assert overlaps(span, date(2024, 6, 30), None)
    assert not overlaps(span, date(2024, 7, 1), None)


def test_reference_must_be_a_date():
    with pytest.raises(TypeError, match="reference"):
        find_timexes("in June 2024", reference="2024-06-01")


# --- properties ------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "in",
        "on",
        "since",
        "late",
        "early",
        "mid",
        "the",
        "of",
        "last",
        "next",
        "this",
        "ago",
        "later",
        "earlier",
        "two",
        "three",
        "a",
        "several",
        "years",
        "months",
        "days",
        "week",
        "quarter",
        "spring",
        "winter",
        "May",
        "March",
        "October",
        "June",
        "Tuesday",
        "2024",
        "1990s",
        "Q3",
        "first",
        "half",
        "10,000",
        "troops",
        "Eastern",
        "Europe",
        "may",
        "march",
        "now",
        "today",
        "yesterday",
        ",",
        ".",
        "-",
        "3",
        "12",
        "2025-03-03",
        "3/3/25",
        "noon",
        "p.m.",
        "a.m.",
        "Easter",
        "Christmas",
        "fiscal",
        "year-earlier",
        "period",
    ]  # fmt: skip
)
_TEXT = st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=40).map(" ".join))
_REFERENCE = st.dates()


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.one_of(st.none(), _REFERENCE))
def test_spans_are_well_formed(text, reference):
    spans = find_timexes(text, reference=reference)
    for span in spans:
        assert text[span.start_char : span.end_char] == span.phrase
        assert span.start_char <= span.timex_start < span.timex_end == span.end_char
        assert span.precision in DATE_PRESCISIONS_OR_UNDATED
        assert span.timex_type in ("DATE", "TIME", "DURATION", "SET")
        if span.start is not None and span.end is not None:
            assert span.start <= span.end
        assert isinstance(date_label(span), str) and date_label(span)
        if reference is None and span.anchor != "absolute":
            assert span.start is None and span.end is None
    assert all(a.end_char <= b.start_char for a, b in zip(spans, spans[1:], strict=False))


DATE_PRESCISIONS_OR_UNDATED = set(DATE_PRECISIONS)

_MAYBE_DATE = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_MAYBE_DATE, _MAYBE_DATE)), _MAYBE_DATE, _MAYBE_DATE)
def test_filtering_is_idempotent_and_a_subset(intervals, since, until):
    intervals = [(a, b) if a is None or b is None or a <= b else (b, a) for a, b in intervals]
    once = [i for i in intervals if overlaps(i, since, until)]
    twice = [i for i in once if overlaps(i, since, until)]
    assert twice == once
    assert all(i in intervals for i in once)
    unfiltered = [i for i in intervals if overlaps(i, None, None)]
    assert unfiltered == intervals


def test_timespan_is_frozen():
    (span,) = find_timexes("in June 2024", reference=REF)
    assert isinstance(span, TimeSpan)
    with pytest.raises(AttributeError):
        span.start = None  # type: ignore[misc]


# --- the evaluation script ---------------------------------------------------------------


def _doc(doc_id, dct, text, *gold):
    timexes = [
        {"start": text.index(phrase), "end": text.index(phrase) + len(phrase), "text": phrase,
         "type": kind, "value": value, "mod": mod}
        for phrase, kind, value, mod in gold
    ]  # fmt: skip
    return {"doc_id": doc_id, "dct": dct, "text": text, "timexes": timexes}


TINY_CORPUS = [
    _doc("d1", "1998-02-13", "Prices fell last year and rose on Friday.",
         ("last year", "DATE", "1997", None), ("Friday", "DATE", "1998-02-13", None)),
    _doc("d2", "1989-10-30", "The plan took three years.",
         ("three years", "DURATION", "P3Y", None)),
    _doc("d3", "2000-01-06", "Storms hit in late November, officials said.",
         ("late November", "DATE", "1999-11", "END")),
]  # fmt: skip


def test_eval_script_writes_predictions_and_scores(tmp_path):
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in TINY_CORPUS), encoding="utf-8")
    predictions = tmp_path / "out" / "pred.jsonl"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "eval_timex.py"), str(corpus),
         "--predictions", str(predictions), "--scorer", "builtin"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in rows] == ["d1", "d2", "d3"]
    for row, doc in zip(rows, TINY_CORPUS, strict=True):
        for t in row["timexes"]:
            assert set(t) == {"start", "end", "text", "type", "value", "mod"}
            assert doc["text"][t["start"] : t["end"]] == t["text"]
    value_line = next(line for line in result.stdout.splitlines() if line.startswith("value"))
    accuracy, f1 = (float(x) for x in value_line.split()[1:3])
    assert 0 <= f1 <= accuracy <= 100
    assert "'relaxed': 4" in result.stdout  # all four gold expressions found
    assert "expressions/s" in result.stdout
    assert "most frequent missed" in result.stdout


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Drones struck the port overnight on March 3.", date(2025, 3, 3)),
        ("Shelling began tonight, March 4, in the east.", date(2025, 3, 4)),
    ],
    ids=["overnight-on", "tonight-comma"],
)
def test_a_time_of_day_belongs_to_the_date_right_after_it(text, day):
    first = find_timexes(text, reference=date(2025, 3, 6))[0]
    assert (first.start, first.end) == (day, day)
