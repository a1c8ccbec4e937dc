"""Incidents: the events of different articles that tell one happening, merged and counted.

Most tests build tiny events frames by hand (the columns of
:data:`geo.frames.schema.EVENT_COLUMNS` that the grouping reads, plus ``actor1``,
``fatalities`` and ``sub_event_type`` where a case needs them); the last one runs the real
pipeline on the seed article and a second article on the same deployment written for
this test.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.events.grouping import build_incident, group_reports
from geo.events.incidents import (
    INCIDENT_COLUMNS,
    group_incidents,
    incidents_frame,
    reports_from_frame,
    tag_events,
)
from geo.events.similarity import outlet, proper_names

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class Row:
    """One event as an events-frame row (a hand-made report of one article)."""

    doc: str
    sentence: str
    day: str = "2024-03-12"
    end: str | None = None
    town: tuple[str, str, float, float] = ("gn:1", "Kharkiv", 49.99, 36.23)
    url: str = ""
    event_type: str = "combat"
    sub_event_type: str = ""
    actor1: str = ""
    fatalities: float | None = None

    def record(self) -> dict:
        place_id, name, lat, lon = self.town
        return {
            "event_id": f"{self.doc}:e1",
            "doc_id": self.doc,
            "doc_title": self.doc,
            "doc_url": self.url or f"https://www.{self.doc}.example/story",
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "start": self.day,
            "end": self.end or self.day,
            "date_precision": "day",
            "date_status": "explicit",
            "place_id": place_id,
            "place_name": name,
            "place_role": "event_location",
            "actors": self.actor1,
            "actor1": self.actor1,
            "fatalities": float("nan") if self.fatalities is None else self.fatalities,
            "sentence": self.sentence,
            "confidence": 0.8,
            "lat": lat,
            "lon": lon,
        }


def frame(*rows: Row) -> pd.DataFrame:
    return pd.DataFrame([r.record() for r in rows])


def incident_of(incidents, event_id: str):
    (found,) = [i for i in incidents if event_id in {r.event_id for r in i.reports}]
    return found


# --- named samples ----------------------------------------------------------------------

STRIKE_A = Row(
    "wire",
    "A Russian missile struck a printing house in Kharkiv on Tuesday, killing seven workers.",
    actor1="Russian forces",
    fatalities=7,
    sub_event_type="missile",
)
STRIKE_B = Row(
    "daily",
    "Seven people died when a missile hit a Kharkiv printing house, regional officials said.",
    actor1="Russia",
    fatalities=7,
    sub_event_type="missile",
)
STRIKE_C_TOLL = Row(
    "courier",
    "The missile that hit the Kharkiv printing house killed nine workers, rescuers said.",
    fatalities=9,
    sub_event_type="missile",
)
PROTEST_SAME_TOWN_DAY = Row(
    "gazette",
    "Hundreds of pensioners marched to Kharkiv city hall demanding higher heating subsidies.",
    event_type="protests",
    sub_event_type="peaceful protest",
    actor1="pensioners",
)
DRONE_SAME_TOWN_DAY = Row(
    "herald",
    "A drone attack set fire to a fuel depot on the outskirts of Kharkiv, the governor said.",
    actor1="Russian forces",
    sub_event_type="drone strike",
)
STRIKE_OTHER_DAY = Row(
    "monitor",
    "A Russian missile struck a printing house in Kharkiv, killing seven workers.",
    day="2024-03-20",
    actor1="Russian forces",
    sub_event_type="missile",
)
STRIKE_OTHER_TOWN = Row(
    "observer",
    "A Russian missile struck a printing house in Odesa on Tuesday, killing seven workers.",
    town=("gn:2", "Odesa", 46.48, 30.73),
    actor1="Russian forces",
    sub_event_type="missile",
)


def test_the_same_strike_from_two_outlets_is_one_incident_with_two_sources():
    (incident,) = group_incidents(frame(STRIKE_A, STRIKE_B))
    assert {r.doc_id for r in incident.reports} == {"wire", "daily"}
    assert incident.n_sources == 2
    assert incident.outlets == ("daily.example", "wire.example")
    assert incident.site.site_name == "Kharkiv"
    assert str(incident.start) == str(incident.end) == "2024-03-12"


@pytest.mark.parametrize(
    "other",
    [DRONE_SAME_TOWN_DAY, PROTEST_SAME_TOWN_DAY, STRIKE_OTHER_DAY, STRIKE_OTHER_TOWN],
    ids=["drone_strike_same_town_day", "protest_same_town_day", "other_day", "other_town"],
)
def test_a_different_happening_stays_apart(other):
    incidents = group_incidents(frame(STRIKE_A, STRIKE_B, other))
    assert incident_of(incidents, other.doc + ":e1").reports == tuple(
        r for r in reports_from_frame(frame(other))
    )
    assert len(incident_of(incidents, "wire:e1").reports) == 2


def test_two_strikes_in_one_town_on_one_day_are_kept_apart():
    incidents = group_incidents(frame(STRIKE_A, DRONE_SAME_TOWN_DAY))
    assert len(incidents) == 2


def test_differing_tolls_are_kept_as_a_range_and_shown_as_a_conflict():
    (incident,) = group_incidents(frame(STRIKE_A, STRIKE_B, STRIKE_C_TOLL))
    assert incident.fatalities == (7.0, 9.0)
    (row,) = incidents_frame([incident]).to_dict("records")
    assert row["fatalities"] == "7-9"
    assert "tolls differ: 7 (daily.example; wire.example), 9 (courier.example)" in row["conflicts"]


def test_the_same_outlet_twice_counts_one_source():
    a = Row(STRIKE_A.doc, STRIKE_A.sentence, url="https://www.kyivpost.example/a")
    b = Row(STRIKE_B.doc, STRIKE_B.sentence, url="https://m.kyivpost.example/b")
    (incident,) = group_incidents(frame(a, b))
    assert len({r.doc_id for r in incident.reports}) == 2
    assert incident.n_sources == 1


def test_the_best_located_site_and_the_narrowest_interval_win():
    region = Row(
        "region",
        "This week a Russian missile struck a printing house in the Kharkiv region, "
        "killing seven workers.",
        day="2024-03-10", end="2024-03-16", town=("ne1:9", "Kharkiv Oblast", 49.6, 36.5),
        actor1="Russian forces",
    )  # fmt: skip
    places = pd.DataFrame(
        {"place_id": ["gn:1", "ne1:9"], "precision": ["settlement", "region"],
         "country": ["UA", "UA"], "admin1_name": ["Kharkiv Oblast", "Kharkiv Oblast"]}
    )  # fmt: skip
    (incident,) = group_incidents(frame(STRIKE_A, region), places=places)
    assert incident.site.site_id == "gn:1"
    assert (str(incident.start), str(incident.end)) == ("2024-03-12", "2024-03-12")
    assert incident.date_precision == "day"


def test_an_event_told_on_several_rows_is_located_at_its_event_location():
    rows = frame(STRIKE_A)
    context = rows.assign(place_id="country:RU", place_name="Russia", place_role="origin",
                          lat=61.5, lon=105.3)  # fmt: skip
    (report,) = reports_from_frame(pd.concat([context, rows], ignore_index=True))
    assert (report.site_id, report.site_precision) == ("gn:1", "town")


def test_articles_give_url_title_and_published_day():
    articles = {
        "wire": {"url": "https://apnews.com/x", "title": "Strike", "published": "2024-03-13"}
    }
    (report,) = reports_from_frame(frame(STRIKE_A), articles=articles)
    assert (report.outlet, report.title, str(report.published)) == (
        "apnews.com",
        "Strike",
        "2024-03-13",
    )


def test_frames_carry_sources_and_incident_ids():
    events = frame(STRIKE_A, STRIKE_B, PROTEST_SAME_TOWN_DAY)
    incidents = group_incidents(events)
    table = incidents_frame(incidents)
    assert table.columns.tolist() == list(INCIDENT_COLUMNS)
    assert sorted(table["n_sources"]) == [1, 2]
    merged = table[table["n_sources"] == 2].iloc[0]
    assert merged["sources"] == "daily.example;wire.example"
    assert {r["doc_id"] for r in json.loads(merged["reports"])} == {"wire", "daily"}
    tagged = tag_events(events, incidents)
    assert tagged.groupby("incident_id")["event_id"].count().sort_values().tolist() == [1, 2]
    assert "incident_id" not in events.columns


def test_an_empty_frame_gives_no_incidents():
    assert group_incidents(frame().reindex(columns=list(frame(STRIKE_A).columns))) == ()
    assert incidents_frame(()).empty


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.reuters.com/world/x", "reuters.com"),
        ("http://news.bbc.co.uk/2/hi/x.stm", "bbc.co.uk"),
        ("https://edition.cnn.com/a", "cnn.com"),
        ("tass.ru/politika/1", "tass.ru"),
        ("", "doc:a1"),
        ("not a url", "doc:a1"),
    ],
)
def test_outlet_is_the_registrable_domain(url, expected):
    assert outlet(url, fallback="doc:a1") == expected


def test_proper_names_skip_sentence_starts():
    assert proper_names("Troops shelled Bara. Residents fled to Idleb.") == {"bara", "idleb"}


def test_build_incident_of_one_report_has_one_source():
    (report,) = reports_from_frame(frame(STRIKE_A))
    incident = build_incident([report])
    assert (incident.n_sources, incident.conflicts, incident.fatalities) == (1, (), (7.0, 7.0))


# --- properties -------------------------------------------------------------------------

POOL = (STRIKE_A, STRIKE_B, STRIKE_C_TOLL, PROTEST_SAME_TOWN_DAY, DRONE_SAME_TOWN_DAY,
        STRIKE_OTHER_DAY, STRIKE_OTHER_TOWN)  # fmt: skip
SHARED_OUTLET = tuple(Row(r.doc, r.sentence, r.day, r.end, r.town, "https://one.example/" + r.doc,
                          r.event_type, r.sub_event_type, r.actor1, r.fatalities)
                      for r in POOL)  # fmt: skip


def _partition(incidents) -> set[frozenset[str]]:
    return {frozenset(r.event_id for r in i.reports) for i in incidents}


@settings(max_examples=40, deadline=None)
@given(st.permutations(POOL))
def test_grouping_does_not_depend_on_order(rows):
    assert _partition(group_incidents(frame(*rows))) == _partition(group_incidents(frame(*POOL)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(POOL + SHARED_OUTLET), min_size=1, max_size=7,
                unique_by=lambda r: r.doc))  # fmt: skip
def test_every_event_in_exactly_one_incident_and_sources_at_most_articles(rows):
    reports = reports_from_frame(frame(*rows))
    incidents = group_reports(reports)
    ids = [r.event_id for i in incidents for r in i.reports]
    assert sorted(ids) == sorted(r.event_id for r in reports)
    for inc in incidents:
        assert 1 <= inc.n_sources <= len({r.doc_id for r in inc.reports})
        assert len({r.doc_id for r in inc.reports}) == len(inc.reports)


# --- the seed and a second article on the same deployment -------------------------------

#: A second report of the deployment the seed article tells, written for this test.
SECOND_ARTICLE = """\
Seoul says thousands of North Korean soldiers now rebuild Russia's border regions

SEOUL — North Korea has sent about 10,000 troops to Russia since September, South Korea's spy \
agency told lawmakers, and a further 5,000 are expected to follow them.

Most of the deployed soldiers belong to construction units that repair roads and buildings \
damaged in the Kursk region, the National Intelligence Service said. Around 1,000 military \
engineers are clearing mines near the border with Ukraine.

Officials in Seoul fear that Moscow may repay Pyongyang with missile and drone technology.
"""


@pytest.mark.integration
@pytest.mark.xfail(
    strict=True,
    reason="known gap: the seed's deployment is now sited at the Russia-Ukraine border (a line) "
    "and the second article's at Kursk Oblast; site compatibility does not yet relate a border "
    "to the regions along it (issue 16 stays open)",
)
def test_the_seed_and_a_second_article_make_one_incident_with_two_sources(tmp_path):
    from geo.gazetteer.index import Gazetteer
    from geo.nlp.analysis import load_nlp
    from geo.pipeline import parse_corpus

    for name in ("north-korea-troops-russia.txt", "manifest.csv"):
        shutil.copy(SEEDS / name, tmp_path / name)
    (tmp_path / "seoul-pyongyang-troops.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    with (tmp_path / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write(
            "seoul-pyongyang-troops.txt,Seoul says thousands of North Korean soldiers now "
            "rebuild Russia's border regions,https://www.example-wire.org/asia/seoul-troops,"
            "2025-11-03,en\n"
        )
    with Gazetteer.open() as gazetteer:
        result = parse_corpus(tmp_path, gazetteer=gazetteer, nlp=load_nlp())
    documents = {a.document.doc_id: a.document for a in result.articles}
    incidents = group_incidents(result.events, articles=documents, places=result.places)
    both = [i for i in incidents if len({r.doc_id for r in i.reports}) == 2]
    assert len(both) == 1
    (deployment,) = both
    assert deployment.event_type == "deployment"
    assert deployment.outlets == ("example-wire.org", "tdpelmedia.com")
    assert any("10,000 troops" in r.sentence for r in deployment.reports)
    row = incidents_frame(both).iloc[0]
    assert (row["n_sources"], row["sources"]) == (2, "example-wire.org;tdpelmedia.com")
