"""Corrections that last (geo.library.corrections): stored as JSON Lines, re-applied, undone."""

from __future__ import annotations

import json

import pytest
from geopandas.testing import assert_geodataframe_equal

from geo.errors import BadInputError
from geo.library.corrections import (
    Correction,
    add_correction,
    apply_corrections,
    corrections_text,
    parse_corrections,
    read_corrections,
    undo_last,
)

from samples_frames import sample_events, sample_flows, sample_places

KORENEVO = "gn:544906"


def frames():
    return sample_places(), sample_events(), sample_flows()


def test_a_new_type_and_new_dates_apply_to_every_row_of_the_event():
    events = sample_events()
    target = events["event_id"].iloc[0]
    corrections = (
        Correction("event_type", target, {"event_type": "combat"}, {"event_type": "x"}),
        Correction("event_dates", target, {"start": "2025-01-01", "end": "2025-01-31",
                                           "date_label": "Jan 2025"}),
    )  # fmt: skip
    _, out, _ = apply_corrections(*frames(), corrections)
    rows = out.loc[out["event_id"] == target]
    assert set(rows["event_type"]) == {"combat"}
    assert set(zip(rows["start"], rows["end"], strict=True)) == {("2025-01-01", "2025-01-31")}


def test_not_a_place_drops_the_place_and_keeps_its_events_placeless():
    places, events, flows = frames()
    at = set(events.loc[events["place_id"] == KORENEVO, "event_id"])
    assert at
    p, e, _ = apply_corrections(places, events, flows, (Correction("not_a_place", KORENEVO),))
    assert KORENEVO not in set(p["place_id"])
    assert at <= set(e["event_id"])
    assert e.loc[e["event_id"].isin(at) & e["place_id"].isna()].geometry.isna().all()


def test_move_place_moves_the_place_and_its_events():
    value = {"lat": 51.5, "lon": 35.0, "name": "Korenevo (moved)"}
    p, e, _ = apply_corrections(*frames(), (Correction("move_place", KORENEVO, value),))
    row = p.loc[p["place_id"] == KORENEVO].iloc[0]
    assert (row.geometry.x, row.geometry.y, row["lat"], row["name"]) == (
        35.0,
        51.5,
        51.5,
        "Korenevo (moved)",
    )
    moved = e.loc[e["place_id"] == KORENEVO]
    assert len(moved) and all((g.x, g.y) == (35.0, 51.5) for g in moved.geometry)


def test_applying_never_touches_the_inputs_and_unknown_targets_change_nothing():
    given = frames()
    out = apply_corrections(*given, (Correction("not_a_place", "gn:none"),))
    for before, after, result in zip(frames(), given, out, strict=True):
        assert_geodataframe_equal(before, after)
        assert_geodataframe_equal(before, result)


def test_stored_human_readable_reapplied_and_undone(tmp_path):
    first = Correction("not_a_place", KORENEVO, who="ana", when="2025-11-02T10:00:00Z")
    second = Correction("event_type", "x:e1", {"event_type": "combat"}, {"event_type": "other"})
    add_correction(tmp_path, first)
    add_correction(tmp_path, second)
    lines = (tmp_path / "corrections.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["who"] == "ana" and len(lines) == 2
    assert read_corrections(tmp_path) == (first, second)
    assert undo_last(tmp_path) == second
    assert read_corrections(tmp_path) == (first,)
    assert undo_last(tmp_path) == first and undo_last(tmp_path) is None


@pytest.mark.parametrize(
    "line,problem",
    [
        ('{"kind": "rename", "target": "a"}', "unknown kind"),
        ('{"kind": "move_place", "target": "a", "value": {"lat": 1}}', "needs"),
        ("not json", "is not a correction"),
    ],
)
def test_a_bad_line_is_named(line, problem):
    with pytest.raises(BadInputError, match=problem) as info:
        parse_corrections('{"kind": "not_a_place", "target": "a"}\n' + line)
    assert "corrections.jsonl:2" in str(info.value)


def test_text_round_trips():
    corrections = (Correction("move_place", "a", {"lat": 1.5, "lon": 2.0}, {"lat": 0}),)
    assert parse_corrections(corrections_text(corrections)) == corrections
