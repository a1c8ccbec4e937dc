"""The events frame and its exports on the seed: one row per event, areas as areas, ACLED columns.

Also the trigger lexicon's contract and the CSV writers' guard against formula cells.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from geo.errors import BadInputError
from geo.events.lexicon import COLUMNS, load_lexicon, parse_lexicon
from geo.events.rules import CUES
from geo.events.typology import ACLED_TYPES, SUB_TYPES, acled_type
from geo.frames.acled import ACLED_COLUMNS, acled_frame
from geo.frames.schema import DATE_RULES, DATE_STATUSES, EVENT_COLUMNS, LOCATION_PRECISIONS
from geo.frames.writers import neutralise, write_frames
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
AREAS = ("Polygon", "MultiPolygon", "LineString", "MultiLineString")


@pytest.fixture(scope="module")
def result():
    with Gazetteer.open() as gaz:
        return parse_corpus(SEEDS, gazetteer=gaz, nlp=load_nlp())


# --- the seed ----------------------------------------------------------------------------


def test_one_row_per_event_with_the_new_columns(result):
    events = result.events
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert events["event_id"].is_unique
    assert set(events["date_status"]) <= set(DATE_STATUSES)
    assert set(events["date_rule"]) <= set(DATE_RULES)
    assert set(events["location_precision"]) <= set(LOCATION_PRECISIONS)
    for cell in events["context_places"]:
        assert all({"place_id", "name", "role"} <= set(p) for p in json.loads(cell))


def test_no_event_is_a_pin_at_a_country(result):
    events = result.events
    wide = events[events["location_precision"].isin(["country", "region", "macro_region"])]
    assert len(wide)
    assert all(g is None or g.geom_type in AREAS for g in wide.geometry)


def test_every_event_is_dated_or_reported_by_the_inferred_date(result):
    (article,) = result.articles
    for e in article.events:
        if e.date_status == "reported":
            assert (e.start, e.end, e.date_rule) == (
                article.reference,
                article.reference,
                "reported",
            )
        elif e.date_status == "undated":
            assert e.date_rule == "none"


def test_korenevo_and_the_sorochina_villages_carry_a_combat_event(result):
    (article,) = result.articles
    villages = {"Korenevo", "Staraya Sorochina", "Novaya Sorochina"}
    (combat,) = [
        e for e in article.events if e.event_type == "combat" and e.site.place.name in villages
    ]
    where = {pm.place.name: role for pm, role in combat.places}
    assert all(where.get(name) == "event_location" for name in villages), where


def test_the_ten_thousand_troops_arrive_at_the_border_not_in_siberia(result):
    flows = result.flows
    (row,) = flows[flows["quantity"] == 10_000].itertuples()
    assert row.origin_id == "country:KP" and row.destination_id == "border:RU-UA"


# --- the ACLED export --------------------------------------------------------------------


def test_acled_export_has_acled_columns_and_types(result, tmp_path):
    write_frames({"places": result.places, "events": result.events}, tmp_path, formats=["acled"])
    with (tmp_path / "acled.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames) == ACLED_COLUMNS
    assert rows and all(r["event_type"] in ACLED_TYPES for r in rows)
    assert all(r["geo_precision"] in ("1", "2", "3") for r in rows if r["location"])


def test_acled_export_leaves_out_disasters(result):
    events = result.events.copy()
    events.loc[events.index[0], ["event_type", "sub_event_type"]] = ["disaster", "Flood"]
    table = acled_frame(events, result.places)
    assert events["event_id"].iloc[0] not in set(table["event_id_cnty"])
    assert len(table) == len(events) - 1


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_that_would_be_formulas_are_neutralised(cell):
    table = neutralise(pd.DataFrame({"text": [cell, "plain"], "n": [-1.0, 2.0]}))
    assert table["text"].tolist() == [f"'{cell}", "plain"]
    assert table["n"].tolist() == [-1.0, 2.0]


# --- the lexicon -------------------------------------------------------------------------


def test_every_lexicon_sub_type_has_an_acled_type_unless_newsmap_only():
    lexicon = load_lexicon()
    rules = [r for group in (*lexicon.single.values(), *lexicon.phrases.values()) for r in group]
    assert rules
    for r in rules:
        assert SUB_TYPES[r.sub_event_type][0] == r.event_type
        assert acled_type(r.event_type, r.sub_event_type) in (*ACLED_TYPES, "")


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("kill,,combat,Flood,0.9,,", "sub-type"),
        ("kill,,combat,Attack,strong,,", "strength"),
        ("kill,,combat,Attack,0.9,nonsense,", "cue"),
        ("kill,,combat,Attack,0.9,,sideways", "frame"),
    ],
)
def test_a_bad_lexicon_row_names_its_line(row, problem):
    text = ",".join(COLUMNS) + "\n" + row + "\n"
    with pytest.raises(BadInputError, match=rf"triggers.csv:2.*{problem}"):
        parse_lexicon(text, source="triggers.csv", cues=CUES)
