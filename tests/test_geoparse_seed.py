"""The seed article end to end: places, roles, precisions, geometries, dates and flows.

Issue 3 and issue 4 "Must show" on ``seeds/``, with the full gazetteer index (opened at
its default path, as ``make setup`` builds it). The corpus is parsed once per module.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_corpus
from geo.places.context import haversine_km

pytestmark = pytest.mark.integration

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DOC_ID = "north-korea-troops-russia"

# Where the seed's places are, from the seed's fact sheet (kept outside the repository).
KURSK = (51.727, 36.185)
KORENEVO = (51.411, 34.900)


@pytest.fixture(scope="module")
def gazetteer():
    with Gazetteer.open() as gaz:
        yield gaz


@pytest.fixture(scope="module")
def result(gazetteer):
    return parse_corpus(SEEDS, gazetteer=gazetteer, nlp=load_nlp())


@pytest.fixture(scope="module")
def places(result):
    return result.places.set_index("place_id", drop=False)


@pytest.fixture(scope="module")
def article(result):
    (only,) = result.articles
    return only


def _row(places, name: str):
    rows = places[places["name"] == name]
    assert len(rows) == 1, f"expected one place named {name!r}, got {rows['place_id'].tolist()}"
    return rows.iloc[0]


def _mention(article, text: str, context: str):
    """Return the place mention written ``text`` whose sentence holds ``context``."""
    found = [
        pm
        for pm in article.places
        if pm.mention.text == text
        and context in article.analysis.sentences[pm.mention.sentence].text
    ]
    assert len(found) == 1, f"{text!r} in a sentence with {context!r}: {len(found)} mentions"
    return found[0]


# --- places ----------------------------------------------------------------------------


def test_the_corpus_reads_without_problems(result):
    assert result.problems == ()
    assert [a.document.doc_id for a in result.articles] == [DOC_ID]


def test_exactly_the_seed_places_are_found(places):
    assert set(places["place_id"]) == {
        "border:RU-UA",
        "country:KP",
        "country:KR",
        "country:RU",
        "country:UA",
        "curated:novaya-sorochina",
        "curated:staraya-sorochina",
        "gn:1835848",  # Seoul
        "gn:1871859",  # Pyongyang
        "gn:524901",  # Moscow
        "gn:544906",  # Korenevo, Kursk Oblast
        "macro:eastern-europe",
        "macro:northeast-asia",
        "ne1:538555",  # Kursk Oblast
    }


def test_every_place_is_in_epsg_4326_with_valid_coordinates(result, places):
    assert result.places.crs.to_epsg() == 4326
    assert places["lat"].between(-90, 90).all()
    assert places["lon"].between(-180, 180).all()
    assert places.geometry.is_valid.all()


def test_kursk_region_is_kursk_oblast_with_its_polygon(places):
    oblast = places.loc["ne1:538555"]
    assert oblast["name"] == "Kursk Oblast"
    assert oblast["precision"] == "region"
    assert oblast["feature_class"] == "admin_region"
    assert oblast.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert oblast.geometry.contains(Point(KURSK[1], KURSK[0]))
    texts = {m["text"] for m in json.loads(oblast["mentions"])}
    assert texts == {"Kursk region"}


def test_gazetteer_kursk_city_is_inside_the_resolved_region(gazetteer, places):
    # The seed names "the Kursk region" only; Kursk the city must still be where it is.
    city = gazetteer.lookup("Kursk", feature_classes=("populated_place",))[0]
    assert city.geonameid == 538560
    assert haversine_km(city.lat, city.lon, *KURSK) < 2
    assert places.loc["ne1:538555"].geometry.contains(Point(city.lon, city.lat))


def test_korenevo_is_the_one_in_kursk_oblast(places):
    korenevo = places.loc["gn:544906"]
    assert korenevo["geonameid"] == 544906
    assert haversine_km(korenevo["lat"], korenevo["lon"], *KORENEVO) < 2
    assert korenevo["admin1_name"] == "Kursk Oblast"
    assert korenevo["precision"] == "settlement"
    assert "Kursk region" in korenevo["reason"]
    runner_ups = json.loads(korenevo["runner_ups"])
    assert "Moscow Oblast" in {r["admin1_name"] for r in runner_ups}
    assert places.loc["ne1:538555"].geometry.contains(Point(korenevo["lon"], korenevo["lat"]))


@pytest.mark.parametrize(
    ("place_id", "name", "precision", "uncertainty_km"),
    [
        ("curated:staraya-sorochina", "Staraya Sorochina", "settlement", None),
        ("curated:novaya-sorochina", "Novaya Sorochina", "approximate_settlement", 5.0),
    ],
)
def test_stara_and_novaya_sorochina_are_two_villages(
    places, place_id, name, precision, uncertainty_km
):
    row = places.loc[place_id]
    assert row["name"] == name
    assert 51.34 <= row["lat"] <= 51.36
    assert 35.22 <= row["lon"] <= 35.23
    assert row["precision"] == precision
    if uncertainty_km is None:
        assert row["uncertainty_km"] != row["uncertainty_km"]  # NaN: exact
    else:
        assert row["uncertainty_km"] == uncertainty_km
    assert row["admin1_name"] == "Kursk Oblast"
    assert row["roles"] == "event_location"


def test_stara_is_written_as_in_the_text(places):
    mentions = json.loads(places.loc["curated:staraya-sorochina"]["mentions"])
    assert [m["text"] for m in mentions] == ["Stara"]


def test_the_russian_ukrainian_border_is_a_line_at_kursk_oblast(places):
    border = places.loc["border:RU-UA"]
    assert border["precision"] == "border"
    assert border.geometry.geom_type in ("LineString", "MultiLineString")
    # A long stretch of it runs along Kursk Oblast (the Kursk/Sumy border).
    oblast = places.loc["ne1:538555"].geometry
    along = border.geometry.intersection(oblast.buffer(0.05))
    assert along.length > 1.0  # degrees: well over 100 km
    korenevo = places.loc["gn:544906"]
    assert border.geometry.distance(Point(korenevo["lon"], korenevo["lat"])) < 0.5


@pytest.mark.parametrize(
    ("place_id", "name", "precision"),
    [
        ("gn:524901", "Moscow", "settlement"),
        ("gn:1871859", "Pyongyang", "settlement"),
        ("gn:1835848", "Seoul", "settlement"),
        ("country:RU", "Russia", "country"),
        ("country:KP", "North Korea", "country"),
        ("country:KR", "South Korea", "country"),
        ("macro:eastern-europe", "Eastern Europe", "macro_region"),
        ("macro:northeast-asia", "Northeast Asia", "macro_region"),
    ],
)
def test_capitals_countries_and_macro_regions(places, place_id, name, precision):
    row = places.loc[place_id]
    assert row["name"] == name
    assert row["precision"] == precision
    if precision in ("country", "macro_region"):
        assert row.geometry.geom_type in ("Polygon", "MultiPolygon")
    else:
        assert row.geometry.geom_type == "Point"


# --- roles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "context", "role"),
    [
        ("Seoul", "Seoul’s intelligence community", "government"),
        ("Seoul", "Seoul and its allies are bracing", "government"),
        ("Pyongyang", "Pyongyang’s forces", "government"),
        ("Pyongyang", "In Pyongyang, Kim Jong Un", "event_location"),
        ("Moscow", "Moscow could be compensating", "government"),
        ("Moscow", "Moscow officially confirmed", "government"),
        ("Moscow", "a high-profile visit to Moscow", "event_location"),
        ("Russia", "deployed around 10,000 troops to Russia", "event_location"),
        ("North Korean", "about 1,000 North Korean engineers", "mentioned"),
        ("Korenevo", "operations around Korenevo", "event_location"),
        ("Kursk region", "border districts of the Kursk region", "event_location"),
    ],
)
def test_role_of_a_mention_in_its_sentence(article, text, context, role):
    assert _mention(article, text, context).role == role


def test_north_korean_is_a_demonym_of_north_korea(article):
    pm = _mention(article, "North Korean", "about 1,000 North Korean engineers")
    assert pm.mention.kind == "demonym"
    assert pm.place.place_id == "country:KP"


def test_roles_aggregate_per_place(places):
    assert places.loc["gn:1835848"]["roles"] == "government"  # Seoul
    assert set(places.loc["gn:1871859"]["roles"].split(";")) >= {"government", "event_location"}
    assert set(places.loc["gn:524901"]["roles"].split(";")) >= {"government", "event_location"}
    assert "event_location" in places.loc["country:RU"]["roles"].split(";")


def test_government_stand_ins_are_not_event_locations(article):
    for pm in article.places:
        if pm.mention.possessive and pm.place is not None and pm.place.capital:
            assert pm.role != "event_location", pm.mention


# --- no false places -------------------------------------------------------------------


@pytest.mark.parametrize("word", ["War", "Minister", "Sent", "Ties", "Buryats", "Kim", "NIS"])
def test_common_words_are_not_places(article, word):
    assert word in article.document.text
    assert [pm for pm in article.places if pm.mention.text == word] == []


def test_stara_alone_is_not_in_slovakia(article, places):
    (stara,) = [pm for pm in article.places if pm.mention.text == "Stara"]
    assert stara.place.place_id == "curated:staraya-sorochina"
    assert not (places["country"] == "SK").any()


def test_every_mention_resolves(article):
    assert [pm.mention.text for pm in article.places if pm.place is None] == []


def test_mention_offsets_point_into_the_text(article):
    text = article.document.text
    for pm in article.places:
        assert text[pm.mention.start : pm.mention.end] == pm.mention.text


# --- dates, events and flows (issue 4) --------------------------------------------------


def test_reference_date_is_inferred_late_october_2025(article):
    assert article.reference_inferred
    assert date(2025, 10, 21) <= article.reference <= date(2025, 10, 31)


def _events(result, context: str, event_type: str):
    rows = result.events[
        result.events["sentence"].str.contains(context, regex=False)
        & (result.events["event_type"] == event_type)
    ]
    assert len(rows), f"no {event_type} event in a sentence with {context!r}"
    return rows


def test_nis_reported_deployment_since_september_2025(result):
    rows = _events(result, "since September, North Korea has deployed", "deployment")
    dated = rows[rows["date_phrase"] == "since September"]
    assert len(dated)
    row = dated.iloc[0]
    assert row["start"] == "2025-09-01"
    assert row["date_precision"] == "open_ended"
    assert row["date_status"] == "explicit"
    assert "NIS" in row["attribution"] or "National Intelligence Service" in row["attribution"]
    assert bool(row["reference_inferred"])


def test_visit_to_moscow_in_late_october_2025(result):
    rows = _events(result, "made a high-profile visit to Moscow", "diplomatic")
    row = rows.iloc[0]
    assert (row["start"], row["end"]) == ("2025-10-21", "2025-10-31")
    assert row["date_phrase"].lower() == "in late october"
    assert row["date_precision"] == "part_of_month"
    located = rows[rows["place_role"] == "event_location"]
    assert located["place_name"].tolist() == ["Moscow"]


def test_leaders_summit_in_june_2024(result):
    rows = _events(result, "leaders’ summit in June 2024", "diplomatic")
    dated = rows[rows["date_phrase"] == "in June 2024"]
    assert len(dated)
    row = dated.iloc[0]
    assert (row["start"], row["end"]) == ("2024-06-01", "2024-06-30")
    assert row["date_precision"] == "month"


def test_confirmation_in_the_spring_of_2025(result):
    rows = _events(result, "Moscow officially confirmed", "statement")
    dated = rows[rows["date_phrase"] == "in the spring of 2025"]
    assert len(dated)
    row = dated.iloc[0]
    assert (row["start"], row["end"]) == ("2025-03-01", "2025-05-31")
    assert row["date_precision"] == "season"
    assert row["date_status"] == "explicit"


@pytest.mark.parametrize(("quantity", "status"), [(10_000, "reported"), (5_000, "expected")])
def test_flow_north_korea_to_russia(result, places, quantity, status):
    # The troops go "to Russia": they arrive where the article puts them (the border
    # regions near Ukraine), not at Russia's middle in Siberia.
    flows = result.flows
    match = flows[
        (flows["origin_id"] == "country:KP")
        & (flows["destination_id"] == "border:RU-UA")
        & (flows["quantity"] == quantity)
    ]
    assert len(match) == 1
    row = match.iloc[0]
    assert row["status"] == status
    assert row["start"] == "2025-09-01"
    assert row.geometry.geom_type == "LineString"
    origin, destination = places.loc["country:KP"], places.loc["border:RU-UA"]
    assert list(row.geometry.coords) == [
        (origin["lon"], origin["lat"]),
        (destination["lon"], destination["lat"]),
    ]
