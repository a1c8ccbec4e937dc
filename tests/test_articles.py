"""Short articles written for the tests: places, roles and dates beyond the seed.

``tests/articles/`` holds seven short articles and their ``manifest.csv`` (published
dates for all but one). Each covers something the seed does not: another continent
(Sudan, Brazil), an ambiguous name resolved by context (Paris, Texas and Paris,
France), non-ASCII names (São Paulo, Kraków, Gdańsk, Orléans), hyphenated names
(Bilhorod-Dnistrovskyi), datelines ("KHARTOUM, Sudan (AP) —"), places joined by "and",
capitals standing in for governments ("Washington and Beijing agreed"), a weekday
against the published date, "two days later", an article with no date at all, two
events in one sentence and a month without a year across a new year.

Coordinates are the real places' (within ``TOLERANCE_KM``), not copied from the index.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest
from shapely import Point

from geo.corpus.model import Document
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_article, parse_corpus
from geo.places.context import haversine_km

pytestmark = pytest.mark.integration

ARTICLES = Path(__file__).resolve().parent / "articles"
TOLERANCE_KM = 15.0


@pytest.fixture(scope="module")
def result():
    with Gazetteer.open() as gaz:
        return parse_corpus(ARTICLES, gazetteer=gaz, nlp=load_nlp())


@pytest.fixture(scope="module")
def articles(result):
    return {a.document.doc_id: a for a in result.articles}


def _mentions(article, text: str, context: str = ""):
    sentences = article.analysis.sentences
    return [
        pm
        for pm in article.places
        if pm.mention.text == text and context in sentences[pm.mention.sentence].text
    ]


def _timex(article, phrase: str):
    found = [t for t in article.timexes if t.phrase == phrase]
    assert found, f"{phrase!r} not among {[t.phrase for t in article.timexes]}"
    return found[0]


def _events(article, event_type: str, place_name: str):
    return [
        e
        for e in article.events
        if e.event_type == event_type
        and any(
            pm.place is not None and pm.place.name == place_name and role == "event_location"
            for pm, role in e.places
        )
    ]


# --- the corpus -------------------------------------------------------------------------


def test_every_article_is_read_without_problems(result):
    # the one warning: the article with no date anywhere (its relative dates stay unresolved)
    (problem,) = result.problems
    assert problem.source.endswith("paris-france-farmers.txt")
    assert problem.severity == "warning" and "no reference date" in problem.problem
    assert sorted(a.document.doc_id for a in result.articles) == [
        "brazil-floods",
        "paris-france-farmers",
        "paris-texas-tornado",
        "poland-storms",
        "sudan-omdurman",
        "ukraine-drones",
        "us-china-tariffs",
    ]


@pytest.mark.parametrize(
    ("doc_id", "published"),
    [
        ("sudan-omdurman", date(2024, 5, 16)),
        ("paris-texas-tornado", date(2024, 5, 27)),
        ("ukraine-drones", date(2025, 3, 6)),
        ("brazil-floods", date(2025, 1, 10)),
        ("us-china-tariffs", date(2025, 5, 12)),
        ("poland-storms", date(2024, 9, 16)),
    ],
)
def test_published_date_from_the_manifest_is_the_reference(articles, doc_id, published):
    article = articles[doc_id]
    assert article.document.published == published
    assert article.document.published_source == "manifest"
    assert article.reference == published
    assert not article.reference_inferred


# --- places -----------------------------------------------------------------------------


class Case(NamedTuple):
    doc_id: str
    text: str  # as written
    place_id: str
    lat: float
    lon: float
    role: str
    context: str = ""  # a snippet of the mention's sentence, when the text occurs twice


PLACES = [
    # Africa; a dateline in capitals, with its country.
    Case("sudan-omdurman", "KHARTOUM", "gn:379252", 15.55, 32.53, "event_location"),
    Case("sudan-omdurman", "Omdurman", "gn:365137", 15.64, 32.48, "event_location", "market"),
    Case("sudan-omdurman", "El Fasher", "gn:379555", 13.63, 25.35, "event_location"),
    Case("sudan-omdurman", "Port Sudan", "gn:377039", 19.62, 37.22, "event_location"),
    # Ambiguous: Paris, Texas by its dateline and the Texan towns around it ...
    Case("paris-texas-tornado", "PARIS", "gn:4717560", 33.66, -95.56, "event_location"),
    Case("paris-texas-tornado", "Paris", "gn:4717560", 33.66, -95.56, "event_location", "tore"),
    Case("paris-texas-tornado", "Dallas", "gn:4684888", 32.78, -96.80, "event_location"),
    Case("paris-texas-tornado", "Sherman", "gn:4728328", 33.64, -96.61, "event_location"),
    # ... and Paris, France by Lyon, Marseille and Orléans (no dateline, no date).
    Case("paris-france-farmers", "Paris", "gn:2988507", 48.86, 2.35, "event_location", "toward"),
    Case("paris-france-farmers", "Lyon", "gn:2996944", 45.76, 4.84, "event_location"),
    Case("paris-france-farmers", "Marseille", "gn:2995469", 43.30, 5.37, "event_location"),
    Case("paris-france-farmers", "Orléans", "gn:2989317", 47.90, 1.90, "event_location"),
    # Two places joined by "and"; a hyphenated name; the city, not the village that
    # has "Zaporizhzhia" as its main spelling.
    Case("ukraine-drones", "Zaporizhzhia", "gn:687700", 47.84, 35.14, "event_location", "struck"),
    Case(
        "ukraine-drones",
        "Bilhorod-Dnistrovskyi",
        "gn:712160",
        46.19,
        30.35,
        "event_location",
        "struck",
    ),
    Case("ukraine-drones", "Odesa", "gn:698740", 46.48, 30.73, "event_location"),
    # South America, non-ASCII names, a dateline in capitals with diacritics.
    Case("brazil-floods", "SÃO PAULO", "gn:3448439", -23.55, -46.63, "event_location"),
    Case("brazil-floods", "São Paulo", "gn:3448439", -23.55, -46.63, "event_location", "Campinas"),
    Case("brazil-floods", "Campinas", "gn:3467865", -22.91, -47.06, "event_location"),
    Case("brazil-floods", "Belo Horizonte", "gn:3470127", -19.92, -43.94, "event_location"),
    # Capitals standing in for their governments.
    Case("us-china-tariffs", "Washington", "gn:4140963", 38.90, -77.04, "government", "agreed"),
    Case("us-china-tariffs", "Beijing", "gn:1816670", 39.90, 116.40, "government", "agreed"),
    Case("us-china-tariffs", "Washington", "gn:4140963", 38.90, -77.04, "government", "further"),
    Case("us-china-tariffs", "Geneva", "gn:2660646", 46.20, 6.15, "event_location"),
    Case("us-china-tariffs", "China", "country:CN", 35.0, 105.0, "government"),
    # Non-ASCII names in Poland.
    Case("poland-storms", "Kraków", "gn:3094802", 50.06, 19.94, "event_location"),
    Case("poland-storms", "Gdańsk", "gn:3099434", 54.35, 18.65, "event_location"),
    Case("poland-storms", "Warsaw", "gn:756135", 52.23, 21.01, "event_location"),
]


@pytest.mark.parametrize("case", PLACES, ids=lambda c: f"{c.doc_id}:{c.text}:{c.context}")
def test_place_and_role(articles, case):
    found = _mentions(articles[case.doc_id], case.text, case.context)
    assert len(found) == 1, f"{case.text!r} ({case.context!r}): {len(found)} mentions"
    pm = found[0]
    assert pm.place is not None, pm.reason
    assert pm.place.place_id == case.place_id, pm.reason
    tolerance = 1500.0 if pm.place.precision == "country" else TOLERANCE_KM
    assert haversine_km(pm.place.lat, pm.place.lon, case.lat, case.lon) < tolerance
    assert pm.role == case.role


@pytest.mark.parametrize(
    ("doc_id", "text", "place_id", "name"),
    [
        ("paris-texas-tornado", "Texas", "ne1:4736286", "Texas"),
        # A state, not Oklahoma City (which has "Oklahoma" only as an alternate name).
        ("paris-texas-tornado", "Oklahoma", "ne1:4544379", "Oklahoma"),
        ("brazil-floods", "Minas Gerais", "ne1:3457153", "Minas Gerais"),
    ],
)
def test_regions_are_regions_with_polygons(articles, doc_id, text, place_id, name):
    for pm in _mentions(articles[doc_id], text):
        assert pm.place.place_id == place_id, pm.reason
        assert pm.place.name == name
        assert pm.place.precision == "region"
        assert pm.place.geometry.geom_type in ("Polygon", "MultiPolygon")


def test_paris_texas_reason_and_runner_up(result):
    places = result.places.set_index("place_id")
    texas = places.loc["gn:4717560"]
    assert texas["admin1_name"] == "Texas"
    assert "Texas" in texas["reason"]
    # In the French article the Texan Paris was considered and set aside.
    france = places.loc["gn:2988507"]
    assert france["country"] == "FR"
    assert "gn:4717560" in {r["place_id"] for r in json.loads(france["runner_ups"])}


def test_a_country_is_found_with_its_polygon(result):
    places = result.places.set_index("place_id")
    for place_id in ("country:SD", "country:BR", "country:PL", "country:CN"):
        row = places.loc[place_id]
        assert row["precision"] == "country"
        assert row.geometry.geom_type in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(
    ("doc_id", "place_ids"),
    [
        ("sudan-omdurman", {"country:SD", "gn:365137", "gn:377039", "gn:379252", "gn:379555"}),
        (
            "paris-texas-tornado",
            {"gn:4684888", "gn:4717560", "gn:4728328", "ne1:4544379", "ne1:4736286"},
        ),
        ("paris-france-farmers", {"gn:2988507", "gn:2989317", "gn:2995469", "gn:2996944"}),
        ("ukraine-drones", {"country:RU", "country:UA", "gn:687700", "gn:698740", "gn:712160"}),
        (
            "brazil-floods",
            {"country:BR", "gn:3448439", "gn:3467865", "gn:3470127", "ne1:3457153"},
        ),
        ("us-china-tariffs", {"country:CN", "gn:1816670", "gn:2660646", "gn:4140963"}),
        ("poland-storms", {"country:PL", "gn:3094802", "gn:3099434", "gn:756135"}),
    ],
)
def test_exactly_these_places_per_article(articles, doc_id, place_ids):
    found = {pm.place.place_id for pm in articles[doc_id].places if pm.place is not None}
    assert found == place_ids


def test_no_false_place_from_an_adjective_far_away(articles):
    # "along the Baltic coast": not Baltic, Connecticut, in an article on Poland.
    (baltic,) = _mentions(articles["poland-storms"], "Baltic")
    assert baltic.place is None
    assert "km" in baltic.reason


def test_a_name_the_gazetteer_lacks_is_reported_unresolved(articles):
    (darfur,) = _mentions(articles["sudan-omdurman"], "Darfur")
    assert darfur.place is None


def test_hyphenated_name_is_one_place_not_belgorod(articles):
    names = {pm.mention.text for pm in articles["ukraine-drones"].places}
    assert "Bilhorod" not in names
    assert "gn:578072" not in {
        pm.place.place_id for pm in articles["ukraine-drones"].places if pm.place
    }


# --- dates and events -------------------------------------------------------------------


def test_dateline_weekday_is_the_tuesday_before_publication(articles):
    article = articles["sudan-omdurman"]
    tuesday = _timex(article, "on Tuesday")
    assert (tuesday.start, tuesday.end, tuesday.precision) == (
        date(2024, 5, 14),
        date(2024, 5, 14),
        "day",
    )
    shelling = [e for e in _events(article, "combat", "Omdurman") if e.span is not None]
    assert [(e.start, e.date_status) for e in shelling] == [(date(2024, 5, 14), "explicit")]


def test_since_a_month_runs_to_the_published_date(articles):
    since = _timex(articles["sudan-omdurman"], "since April")
    assert (since.start, since.end, since.precision) == (
        date(2024, 4, 1),
        date(2024, 5, 16),
        "open_ended",
    )


def test_weekday_in_a_texas_dateline_article(articles):
    saturday = _timex(articles["paris-texas-tornado"], "late on Saturday")
    assert saturday.start == saturday.end == date(2024, 5, 25)


def test_two_days_later_counts_from_the_date_before_it(articles):
    later = _timex(articles["ukraine-drones"], "Two days later")
    assert (later.start, later.end, later.precision) == (
        date(2025, 3, 5),
        date(2025, 3, 5),
        "day",
    )
    assert later.anchor == "previous"


def test_overnight_on_a_date_dates_the_strike(articles):
    strikes = _events(articles["ukraine-drones"], "combat", "Zaporizhzhya")
    overnight = [e for e in strikes if "overnight" in e.sentence.text]
    assert [e.start for e in overnight] == [date(2025, 3, 3)]


def test_event_two_days_later_is_dated_from_the_date_before_it(articles):
    strikes = _events(articles["ukraine-drones"], "combat", "Odesa")
    assert [(e.start, e.end) for e in strikes] == [(date(2025, 3, 5), date(2025, 3, 5))]


def test_article_with_no_date_at_all(articles):
    article = articles["paris-france-farmers"]
    assert article.document.published is None
    assert (article.reference, article.reference_rule) == (None, "none")  # never the clock
    assert not article.reference_inferred
    assert article.timexes == ()
    assert article.events
    for event in article.events:
        assert event.span is None
        assert event.date_status == "undated"
        assert event.precision == "undated"


def test_two_events_in_one_sentence_keep_their_own_dates(articles):
    article = articles["poland-storms"]
    (clash,) = _events(article, "protest", "Kraków")  # protesters clashing with police: a riot
    (evacuation,) = _events(article, "other", "Gdańsk")
    assert clash.sentence == evacuation.sentence
    assert (clash.start, clash.end) == (date(2024, 9, 13), date(2024, 9, 13))
    assert (evacuation.start, evacuation.end) == (date(2024, 9, 14), date(2024, 9, 14))
    assert {pm.place.name for pm, _ in clash.places if pm.place} == {"Kraków"}
    assert {pm.place.name for pm, _ in evacuation.places if pm.place} == {"Gdańsk"}


def test_month_without_a_year_across_a_new_year(articles):
    article = articles["brazil-floods"]  # published 10 January 2025
    december = _timex(article, "in December")
    assert (december.start, december.end, december.precision) == (
        date(2024, 12, 1),
        date(2024, 12, 31),
        "month",
    )
    november = [e for e in article.events if e.date_phrase == "In November"]
    assert [(e.start, e.end, e.date_status) for e in november] == [
        (date(2024, 11, 1), date(2024, 11, 30), "explicit")
    ]


def test_capitals_agree_on_a_weekday(articles):
    article = articles["us-china-tariffs"]
    talks = _events(article, "diplomatic", "Geneva")
    assert [(e.start, e.precision) for e in talks] == [(date(2025, 5, 11), "day")]


def test_event_frame_dates_are_iso_and_ordered(result):
    dated = result.events.dropna(subset=["start"])
    assert len(dated)
    for start, end in zip(dated["start"], dated["end"], strict=True):
        assert date.fromisoformat(start) <= date.fromisoformat(end)


# --- a UK article: the nations are areas, not US towns ----------------------------------

UK_FLOODS = (
    "Flooding hit towns across England and Wales on Tuesday; in London, the Thames burst "
    "its banks near Richmond and rail lines into Cardiff were closed."
)


def test_uk_nations_resolve_to_their_areas_and_keep_london_in_the_uk():
    doc = Document(
        "uk-floods", "uk-floods.txt", UK_FLOODS, "", "", date(2024, 1, 9), "en", "manifest"
    )
    with Gazetteer.open() as gaz:
        article = parse_article(doc, gazetteer=gaz, nlp=load_nlp())
    places = {pm.mention.text: pm.place for pm in article.places}
    for text, place_id in (("England", "iso3166-2:GB-ENG"), ("Wales", "iso3166-2:GB-WLS")):
        assert places[text].place_id == place_id
        assert (places[text].country, places[text].precision) == ("GB", "region")
        assert places[text].geometry.geom_type in ("Polygon", "MultiPolygon")
    london = places["London"]
    assert london.country == "GB"
    assert haversine_km(london.lat, london.lon, 51.5072, -0.1276) < TOLERANCE_KM
    assert places["England"].geometry.contains(Point(london.lon, london.lat))


def test_a_nation_written_after_a_town_picks_the_town_inside_it():
    # "Perth, Scotland": the nation holds Perth by its polygon (the town's admin-1 region
    # is a council area), so the qualifier outweighs the larger Perth in Australia.
    text = "Storms flooded Perth, Scotland, and cut power across the region on Monday."
    doc = Document("perth", "perth.txt", text, "", "", date(2024, 1, 9), "en", "manifest")
    with Gazetteer.open() as gaz:
        article = parse_article(doc, gazetteer=gaz, nlp=load_nlp())
        perth = next(pm for pm in article.places if pm.mention.text == "Perth")
        scotland = gaz.geometry("iso3166-2:GB-SCT")
    assert perth.place.country == "GB"
    assert "written with Scotland" in perth.reason
    assert scotland.contains(Point(perth.place.lon, perth.place.lat))


def test_an_ap_state_abbreviation_after_a_town_picks_the_town_in_that_state():
    # Greenville, South Carolina is the larger; "N.C." names North Carolina.
    text = "Storms toppled trees in Greenville, N.C., on Monday, and crews worked all night."
    doc = Document("ap", "ap.txt", text, "", "", date(2024, 1, 9), "en", "manifest")
    with Gazetteer.open() as gaz:
        article = parse_article(doc, gazetteer=gaz, nlp=load_nlp())
    places = {pm.mention.text: pm for pm in article.places}
    assert places["Greenville"].place.admin1_name == "North Carolina"
    assert "written with North Carolina" in places["Greenville"].reason
    assert places["N.C."].place.name == "North Carolina"


def test_a_persons_title_is_not_a_town_of_that_name():
    # Officer is a town in Victoria, Australia; here it is a title.
    text = (
        "Witnesses are asked to call Officer Robert Canto. She was promoted to "
        "Administrative Officer in 1997, Part III of the report says."
    )
    doc = Document("title", "title.txt", text, "", "", date(2024, 1, 9), "en", "manifest")
    with Gazetteer.open() as gaz:
        assert gaz.lookup("Officer")  # the town exists
        article = parse_article(doc, gazetteer=gaz, nlp=load_nlp())
    assert not {"Officer", "Part"} & {pm.mention.text for pm in article.places}


BLACK_SEA = (
    "Russian drones flew over the Black Sea toward Odesa overnight, Ukraine's air force "
    "said on Tuesday. Two cargo ships were struck in the Sea of Azov."
)


def test_seas_resolve_to_water_bodies_and_the_frame_accepts_them():
    from geo.frames.build import places_frame
    from layers.frames import checked

    doc = Document("seas", "seas.txt", BLACK_SEA, "", "", date(2024, 1, 9), "en", "manifest")
    with Gazetteer.open() as gaz:
        article = parse_article(doc, gazetteer=gaz, nlp=load_nlp())
    places = {pm.mention.text: pm.place for pm in article.places if pm.place is not None}
    for text, place_id, lat, lon in (
        ("Black Sea", "water:black-sea", 43.3, 34.0),
        ("Sea of Azov", "water:sea-of-azov", 46.0, 36.5),
    ):
        place = places[text]
        assert (place.place_id, place.feature_class, place.country) == (place_id, "water_body", "")
        assert place.precision == "region" and place.uncertainty_km > 0
        assert haversine_km(place.lat, place.lon, lat, lon) < 100
    odesa = places["Odesa"]
    assert odesa.country == "UA"
    assert haversine_km(odesa.lat, odesa.lon, 46.4775, 30.7326) < TOLERANCE_KM
    frame = checked(places_frame([article]), "places")
    seas = frame[frame["feature_class"] == "water_body"]
    assert set(seas["place_id"]) == {"water:black-sea", "water:sea-of-azov"}
    assert set(seas["country"]) == {""}


def test_a_hyphenated_strait_with_a_lower_case_connector_is_one_name():
    # "Bab-el-Mandeb": "el" joins the words by hyphens; "Bab" alone is Al Bab, Syria.
    text = "Houthi forces fired on tankers in the Bab-el-Mandeb and the Red Sea on Monday."
    doc = Document("strait", "strait.txt", text, "", "", date(2024, 1, 9), "en", "manifest")
    with Gazetteer.open() as gaz:
        article = parse_article(doc, gazetteer=gaz, nlp=load_nlp())
    places = {pm.mention.text: pm.place for pm in article.places if pm.place is not None}
    assert places["Bab-el-Mandeb"].place_id == "water:bab-el-mandeb"
    assert places["Red Sea"].place_id == "water:red-sea"
    assert "Bab" not in places
