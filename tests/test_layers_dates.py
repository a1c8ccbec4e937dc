"""Date filtering by interval overlap: named cases and properties (Hypothesis).

The exported page's JavaScript rule (:data:`layers.datecontrol.IN_RANGE_JS`) is run with
node on the very cases the Python rule is checked on.
"""

import datetime as dt
import json
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import BadInputError
from layers.datecontrol import IN_RANGE_JS
from layers.dates import check_range, filter_events, in_range, iso, parse_day

from samples_frames import sample_events

d = dt.date.fromisoformat
DAYS = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 12, 31))
MAYBE_DAY = st.none() | DAYS


#: (start, end, since, until, include_undated, expected): checked in Python and in JS.
CASES = [
    ("2025-10-20", "2025-10-31", "2025-10-31", None, None, True),  # touches the first day
    ("2025-10-20", "2025-10-31", None, "2025-10-20", None, True),  # touches the last day
    ("2025-10-20", "2025-10-31", "2025-11-01", None, None, False),
    ("2025-10-20", "2025-10-31", None, "2025-10-19", None, False),
    ("2024-08-06", "2025-04-26", "2025-01-01", "2025-01-31", None, True),  # range inside
    ("2025-01-10", "2025-01-12", "2025-01-01", "2025-01-31", None, True),  # span inside
    ("2025-09-01", None, "2030-01-01", None, None, True),  # open-ended: still going
    ("2025-09-01", None, None, "2025-08-31", None, False),
    (None, "2024-01-31", "2024-02-01", None, None, False),  # "until January"
    (None, "2024-01-31", None, "2023-01-01", None, True),
    (None, None, None, None, None, True),  # undated, no range
    (None, None, "2025-01-01", None, None, False),  # undated, range set
    (None, None, "2025-01-01", None, True, True),  # undated, asked for
    (None, None, None, None, False, False),  # undated, refused
    ("2025-01-01", "2025-01-01", "2025-01-01", "2025-01-01", False, True),  # one day
]


@pytest.mark.parametrize("start,end,since,until,undated,expected", CASES)
def test_overlap_cases(start, end, since, until, undated, expected):
    args = [None if v is None else d(v) for v in (start, end, since, until)]
    assert in_range(*args, include_undated=undated) is expected


@pytest.fixture(scope="module")
def js_answers():
    node = shutil.which("node")
    assert node, "node is needed to run the exported page's date rule"
    script = (
        IN_RANGE_JS
        + "\nconst cases = JSON.parse(process.argv[1]);\n"
        + "console.log(JSON.stringify(cases.map(c => newsmapInRange("
        + "c[0] || '', c[1] || '', c[2] || '', c[3] || '', c[4]))));"
    )
    cases = json.dumps([case[:5] for case in CASES])
    out = subprocess.run([node, "-e", script, cases], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_the_pages_javascript_rule_gives_the_same_answers(js_answers, index):
    start, end, since, until, undated, expected = CASES[index]
    days = [None if v is None else d(v) for v in (start, end, since, until)]
    assert js_answers[index] is expected is in_range(*days, include_undated=undated)


def test_undated_can_be_kept_or_dropped_explicitly():
    assert in_range(None, None, d("2025-01-01"), None, include_undated=True)
    assert not in_range(None, None, None, None, include_undated=False)


@pytest.mark.parametrize("bad", ["2025-1-1", "2025-02-30", "yesterday", 3, "2025-10-31T00:00"])
def test_parse_day_names_the_bad_value(bad):
    with pytest.raises(BadInputError, match=repr(bad).replace("(", r"\(").replace(")", r"\)")):
        parse_day(bad, source="x")


def test_range_must_be_in_order():
    with pytest.raises(BadInputError, match="since 2025-02-01 is after until 2025-01-01"):
        check_range("2025-02-01", "2025-01-01")


def test_filter_copies_and_keeps_index():
    events = sample_events()
    kept = filter_events(events, since="2025-10-01")
    assert sorted(kept.index) == [2, 5]  # e3 (since Sep 2025), e6 (late Oct 2025)
    kept.loc[2, "sentence"] = "changed"
    assert events.loc[2, "sentence"] != "changed"


def brute_force(start, end, since, until, include_undated=None):
    """Overlap by enumerating days of a bounded calendar (the definition, spelled out)."""
    if start is None and end is None:
        if include_undated is None:
            return since is None and until is None
        return include_undated
    lo, hi = dt.date(2022, 1, 1), dt.date(2027, 12, 31)
    first, last = start or lo, end or hi
    a, b = since or lo, until or hi
    day = max(first, a)
    return day <= min(last, b)


@given(MAYBE_DAY, MAYBE_DAY, MAYBE_DAY, MAYBE_DAY, st.sampled_from([None, True, False]))
def test_overlap_matches_the_day_by_day_definition(s, e, a, b, undated):
    if s and e and s > e:
        s, e = e, s
    if a and b and a > b:  # check_range refuses inverted ranges
        a, b = b, a
    assert in_range(s, e, a, b, include_undated=undated) == brute_force(s, e, a, b, undated)


spans = st.lists(st.tuples(MAYBE_DAY, MAYBE_DAY), max_size=12).map(
    lambda pairs: [(min(p), max(p)) if None not in p else p for p in pairs]
)


def frame_of(pairs):
    events = sample_events().iloc[[0] * len(pairs)].reset_index(drop=True)
    events["event_id"] = [f"e{i}" for i in range(len(pairs))]
    events["start"] = [iso(s) or None for s, _ in pairs]
    events["end"] = [iso(e) or None for _, e in pairs]
    return events


@settings(max_examples=60, deadline=None)
@given(spans, MAYBE_DAY, MAYBE_DAY)
def test_filter_is_an_idempotent_subset(pairs, a, b):
    if a and b and a > b:
        a, b = b, a
    events = frame_of(pairs)
    once = filter_events(events, since=a, until=b)
    twice = filter_events(once, since=a, until=b)
    assert set(once["event_id"]) <= set(events["event_id"])
    assert list(twice["event_id"]) == list(once["event_id"])
    expected = [f"e{i}" for i, (s, e) in enumerate(pairs) if brute_force(s, e, a, b)]
    assert list(once["event_id"]) == expected
