"""The lexicon of the date normaliser (:mod:`geo.time.timex`): month, day, number and unit words.

Plain data and :func:`parse_number`; the regular expressions built from these words
are in :mod:`geo.time.rules`.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
#: First month of each season (northern-hemisphere meteorological seasons).
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "tonight": "NI",
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "eleventh": 11, "11th": 11, "twelfth": 12,
    "12th": 12, "thirteenth": 13, "13th": 13, "fourteenth": 14, "14th": 14, "fifteenth": 15,
    "15th": 15, "sixteenth": 16, "16th": 16, "seventeenth": 17, "17th": 17, "eighteenth": 18,
    "18th": 18, "nineteenth": 19, "19th": 19, "twentieth": 20, "20th": 20,
    "twenty-first": 21, "21st": 21, "last": 4, "final": 4,
}  # fmt: skip
SMALL_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = {w: i for i, w in enumerate(SMALL_NUMBERS)} | {
    w: 20 + 10 * i for i, w in enumerate(TENS)
}
#: Quantities that leave the number unknown ("several years" -> PXY).
VAGUE = ("several", "a few", "few", "many", "some", "a number of", "numerous", "countless")
#: TimeML unit letters; a quarter counts as three months.
UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "FN", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML",
}  # fmt: skip
#: Words before a time expression that change its meaning: kept in the phrase but
#: not in the TIMEX3 extent.
SIGNALS = (
    "since", "until", "till", "through", "throughout", "by", "before", "after", "from", "in",
    "on", "at", "during", "for", "as of", "as early as", "as late as", "no later than",
    "no earlier than", "starting", "beginning", "ending", "within", "over", "around",
)  # fmt: skip
#: Approximators and comparatives kept in the TIMEX3 extent, and their TimeML mod.
APPROX = {
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "LESS_THAN", "close to": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS",
    "just over": "MORE_THAN", "just under": "LESS_THAN", "well over": "MORE_THAN",
}  # fmt: skip
#: Words after which a bare "May" or "March" is a month rather than a verb or noun.
MONTH_CONTEXT = (
    "in", "since", "until", "till", "by", "of", "from", "through", "during", "before", "after",
    "last", "next", "this", "early", "late", "mid", "end of", "beginning of", "start of",
    "middle of", "each", "every", "and", "or", "to", "between", "early-", "late-", "mid-",
)  # fmt: skip
#: Words after a four-digit number that show it counts things rather than names a year.
COUNTED = (
    "troops", "soldiers", "people", "persons", "men", "women", "residents", "civilians",
    "workers", "employees", "jobs", "units", "shares", "cars", "vehicles", "tons", "tonnes",
    "km", "kilometers", "kilometres", "miles", "meters", "metres", "feet", "dollars", "euros",
    "members", "votes", "points", "cases", "deaths", "students", "homes", "houses", "rounds",
    "missiles", "drones", "tanks", "police", "officers", "refugees", "children", "prisoners",
    "seats", "acres", "barrels", "pounds", "yen", "marks", "francs", "engineers", "fighters",
    "hectares", "square", "calories", "hours", "minutes", "times", "percent", "copies",
    "signatures", "delegates", "species", "islands", "pages", "words", "passengers",
)  # fmt: skip

#: Nouns after "today's" that make it an era ("today's youth"), not the day.
GENERIC_NOUNS = (
    "world", "youth", "society", "generation", "generations", "young", "children", "kids",
    "computers", "technology", "technologies", "economy", "standards", "culture", "families",
    "students", "teenagers", "consumers", "workers", "workplace", "environment", "climate",
    "politics", "people", "women", "men", "parents", "leaders", "age", "era", "times",
)  # fmt: skip


def parse_number(text: str) -> int | float | None:
    """Read a number written in digits or words; None when it is vague.

    Parameters
    ----------
    text : str
        e.g. ``"three"``, ``"twenty-four"``, ``"10"``, ``"a"``, ``"several"``.

    Returns
    -------
    int, float or None
        The number, or None for ``"several"``, ``"a few"`` and the like.

    Examples
    --------
    >>> parse_number("twenty four"), parse_number("a"), parse_number("several")
    (24, 1, None)
    """
    words = re.sub(r"[\s-]+", " ", text.strip().lower())
    if words in ("a", "an", "one"):
        return 1
    if words in ("a couple of", "a couple", "couple of"):
        return 2
    if words == "a dozen":
        return 12
    if words in ("a hundred", "one hundred"):
        return 100
    if words.replace(" 1/2", "").replace(".", "", 1).isdigit():
        whole = float(words.replace(" 1/2", "")) + (0.5 if " 1/2" in words else 0)
        return int(whole) if whole == int(whole) else whole
    total = 0
    for word in words.split():
        if word not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[word]
    return total
