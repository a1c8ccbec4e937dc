"""TIMEX3 values of geo.time under the TimeML / TimeBank conventions: one named sample a rule."""

from __future__ import annotations

from datetime import date

import pytest

from geo.time.timex import find_timexes

THU = date(1998, 3, 5)  # a Thursday
MON = date(1998, 10, 26)  # a Monday
OCT = date(1989, 10, 26)  # a Thursday in the fourth quarter

# name, text, reference, expected (phrase, TIMEX type, value, mod) for every expression
CASES = [
    # "this coming Sunday" is the next Sunday ahead, not the one just past
    ("this_coming_weekday", "The rally is this coming Sunday.", THU,
     [("this coming Sunday", "DATE", "1998-03-08", None)]),
    ("coming_weekday", "The vote is set for coming Monday.", THU,
     [("for coming Monday", "DATE", "1998-03-09", None)]),
    # a plural part of a named day recurs: a SET
    ("weekday_nights_are_a_set", "Flights leave on Tuesday nights.", THU,
     [("on Tuesday nights", "SET", "XXXX-WXX-2TNI", None)]),
    # "the then current price": the present of a past time
    ("then_current_is_past", "Holders may buy shares at the then current price.", THU,
     [("then current", "DATE", "PAST_REF", None)]),
    # vague durations after a capitalised preposition
    ("for_weeks_at_sentence_start", "For weeks the crowds have gathered.", THU,
     [("For weeks", "DURATION", "PXW", None)]),
    # the half of a decade is the decade with a START / END mod
    ("last_half_of_a_decade", "Sales were flat in the last half of the '80s.", THU,
     [("in the last half of the '80s", "DATE", "198", "END")]),
    ("half_of_something_else", "He scored in the second half of the game.", THU, []),
    # the week of a day is the ISO week that holds it
    ("week_of_a_day", "A hearing is due the week of March 9.", THU,
     [("the week of March 9", "DATE", "1998-W11", None)]),
    # duration adjectives
    ("day_long", "They left their third day-long meeting.", THU,
     [("day-long", "DURATION", "P1D", None)]),
    ("number_week_long", "A two-week-long strike ended.", THU,
     [("two-week-long", "DURATION", "P2W", None)]),
    ("a_year_long_leaves_out_the_article", "After a year-long wait, it opened.", THU,
     [("year-long", "DURATION", "P1Y", None)]),
    # "the day before the vote" is anchored to an event, not to the previous date
    ("day_before_an_event", "He was seen on March 3, the day before the vote.", THU,
     [("on March 3", "DATE", "1998-03-03", None)]),
    ("day_before_alone", "Talks began on March 3. The day before, troops left.", THU,
     [("on March 3", "DATE", "1998-03-03", None), ("The day before", "DATE", "1998-03-02", None)]),
    # a sentence that opens with a weekday and goes on in the future
    ("opening_weekday_future", "On Tuesday, the league plans to hold a news conference.", MON,
     [("On Tuesday", "DATE", "1998-10-27", None)]),
    ("opening_weekday_past", "On Tuesday, the league held a news conference.", MON,
     [("On Tuesday", "DATE", "1998-10-20", None)]),
    ("reported_weekday_stays_past", "Officials said Tuesday they will meet.", MON,
     [("Tuesday", "DATE", "1998-10-20", None)]),
    # "soon" is FUTURE_REF, but not in "as soon as", "soon after" or a past narrative
    ("soon", "Prosecutors may soon seek an indictment.", THU,
     [("soon", "DATE", "FUTURE_REF", None)]),
    ("as_soon_as", "Leave as soon as possible.", THU, []),
    ("soon_after", "He died soon after the attack.", THU, []),
    ("soon_in_the_past", "He was soon released.", THU, []),
    # "in the past" alone is PAST_REF; with a count it is a duration
    ("in_the_past_before_a_clause", "In the past it considered a bid.", THU,
     [("In the past", "DATE", "PAST_REF", None)]),
    ("in_the_past_two_years", "In the past two years it grew.", THU,
     [("In the past two years", "DURATION", "P2Y", None)]),
    # "the near term", "the short term", "a later date": the future
    ("the_near_term", "We don't minimize the challenges of the near term.", THU,
     [("the near term", "DATE", "FUTURE_REF", None)]),
    ("the_short_term", "It will placate holders in the short term.", THU,
     [("in the short term", "DATE", "FUTURE_REF", None)]),
    ("long_term_adjective", "It holds long-term debt.", THU, []),
    ("a_later_date", "It will raise the money at a later date.", THU,
     [("at a later date", "DATE", "FUTURE_REF", None)]),
    # "today is the eighth day of ...": the reference day
    ("nth_day_is_today", "It's the second day of the offensive.", THU,
     [("the second day", "DATE", "1998-03-05", None)]),
    ("nth_day_elsewhere", "He fell ill on the second day of the talks.", THU, []),
    # a sentence-initial "Now," is a discourse marker; "now" in a clause is the present
    ("now_comma_is_a_discourse_marker", "Now, the firm says it will sell. It now holds 5%.", THU,
     [("now", "DATE", "PRESENT_REF", None)]),
    # "quarter-to-quarter" compares quarters; it names none
    ("quarter_to_quarter", "The quarter-to-quarter comparison was better.", OCT, []),
    # "Year-earlier" opening a sentence is the year-earlier quarter too
    ("year_earlier_capitalised", "Net rose in the third quarter. Year-earlier results fell.", OCT,
     [("in the third quarter", "DATE", "1989-Q3", None),
      ("Year-earlier", "DATE", "1988-Q3", None)]),
    # "couple of" without "a" is two, approximately
    ("the_next_couple_of_years", "Over the next couple of years we expect growth.", THU,
     [("Over the next couple of years", "DURATION", "P2Y", "APPROX")]),
    # a season with a part: the season and a mod
    ("the_early_summer", "Orders rose from the low levels of the early summer.", OCT,
     [("the early summer", "DATE", "1989-SU", "START")]),
    # bare plural durations after "over", "in": some years; "the weeks ahead": some weeks
    ("over_the_years", "Over the years the rules changed.", THU,
     [("Over the years", "DURATION", "PXY", None)]),
    ("in_the_early_years", "Fewer lives are saved in the early years.", THU,
     [("in the early years", "DURATION", "PXY", None)]),
    ("the_years_of_something", "He wrote about the years of war.", THU, []),
    ("the_weeks_ahead", "Prices may fall in the weeks ahead.", THU,
     [("in the weeks ahead", "DURATION", "PXW", None)]),
    # "a while" is a duration of unknown unit
    ("for_a_while", "They will live without power for a while.", THU,
     [("for a while", "DURATION", "PXX", None)]),
    ("while_is_a_conjunction", "He slept while they talked.", THU, []),
    # "at the time" in a report is a past time; "at the time of X" is anchored to X
    ("at_the_time", "He said at the time he was willing to leave.", THU,
     [("at the time", "DATE", "PAST_REF", None)]),
    ("at_the_time_of_an_event", "There were 12 members at the time of its founding.", THU, []),
    # "daily" as an adverb before a preposition is a set
    ("daily_before_a_preposition", "Protesters gather daily outside the house.", THU,
     [("daily", "SET", "P1D", None)]),
    # "from today through Nov. 17": today is the reference day, not Nov. 17
    ("today_before_a_range_end", "Shares can be tendered from today through Nov. 17.",
     date(1989, 10, 27),
     [("from today", "DATE", "1989-10-27", None), ("through Nov. 17", "DATE", "1989-11-17", None)]),
    # "last Oct. 23" is a day, not the month
    ("last_month_and_day", "He was shot last Oct. 23 at his home.", date(1999, 4, 19),
     [("Oct. 23", "DATE", "1998-10-23", None)]),
    # a past perfect keeps a schedule in the past
    ("had_been_due_is_past", "The offer had been due to expire Friday evening.", MON,
     [("Friday evening", "DATE", "1998-10-23", None)]),
    ("is_due_is_future", "The offer is due to expire Friday evening.", MON,
     [("Friday evening", "DATE", "1998-10-30", None)]),
    ("until_with_past_perfect", "Until Thursday, they had not called him a suspect.",
     date(1999, 5, 7), [("Until Thursday", "DATE", "1999-05-06", None)]),
    # "a day earlier", "three days later": a duration before the signal (TimeBank)
    ("a_day_earlier_is_a_duration", "A day earlier, trucks crossed the border.", THU,
     [("A day earlier", "DURATION", "P1D", None)]),
    ("a_few_days_later", "A few days later, the firm reported a loss.", THU,
     [("A few days later", "DURATION", "PXD", None)]),
    ("a_year_earlier_stays_a_date", "Sales rose from a year earlier.", THU,
     [("from a year earlier", "DATE", "1997", None)]),
]  # fmt: skip


@pytest.mark.parametrize(
    "text,reference,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_timex_value_convention(text, reference, expected):
    spans = find_timexes(text, reference=reference)
    assert [(s.phrase, s.timex_type, s.timex_value, s.mod) for s in spans] == expected


def test_year_ago_period_after_a_forecast_compares_with_the_last_reported_quarter():
    text = (
        "He expects losses through the third quarter of 1990. "
        "In the year-ago period, it earned $5 million."
    )
    spans = find_timexes(text, reference=date(1989, 10, 26))
    assert [s.timex_value for s in spans] == ["1990-Q3", "1988-Q3"]


def test_year_ago_period_follows_a_reported_quarter():
    text = "Net rose in the second quarter. In the year-ago period, it lost money."
    spans = find_timexes(text, reference=date(1989, 10, 26))
    assert [s.timex_value for s in spans] == ["1989-Q2", "1988-Q2"]


def test_half_of_a_decade_is_the_half_of_its_interval():
    (late,) = find_timexes("in the last half of the '80s", reference=THU)
    (early,) = find_timexes("in the first half of the 1990s", reference=THU)
    assert (str(late.start), str(late.end), late.precision) == (
        "1985-01-01",
        "1989-12-31",
        "decade",
    )
    assert (str(early.start), str(early.end)) == ("1990-01-01", "1994-12-31")


def test_week_of_a_day_spans_the_week():
    (span,) = find_timexes("the week of March 9", reference=THU)
    assert (str(span.start), str(span.end), span.precision) == ("1998-03-09", "1998-03-15", "week")


def test_three_days_later_keeps_the_day_it_reaches():
    text = "Talks began on March 3. Three days later, they collapsed. The next day, troops left."
    later, next_day = find_timexes(text, reference=THU)[1:]
    assert (later.timex_type, later.timex_value) == ("DURATION", "P3D")
    assert later.start == later.end == date(1998, 3, 6) and later.anchor == "previous"
    assert next_day.start == date(1998, 3, 7)


def test_a_year_earlier_compares_the_quarter_named_before_a_day():
    text = (
        "Net fell in the fiscal first quarter ended Sept. 30. A year earlier, it earned $5 million."
    )
    spans = find_timexes(text, reference=OCT)
    assert [s.timex_value for s in spans] == ["1989-Q1", "1989-09-30", "1988-Q1"]


def test_an_old_comparison_period_does_not_become_the_reported_quarter():
    text = (
        "Net rose in the first quarter ended Sept. 30. In the 1988 period, it lost money. "
        "Earlier this month it sold a unit. During the quarter, it issued shares."
    )
    spans = find_timexes(text, reference=OCT)
    assert [s.timex_value for s in spans] == [
        "1989-Q1",
        "1989-09-30",
        "1988-Q1",
        "1989-10",
        "1989-Q1",
    ]
