"""The gazetteer on a tiny index built from named samples (tests/samples_gazetteer.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.errors import GazetteerError
from geo.gazetteer.build import build_index, index_is_current
from geo.gazetteer.candidate import MATCH_KINDS
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.names import fold, skeleton

from samples_gazetteer import ADMIN1, CITIES, COUNTRIES, write_sources

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-gazetteer")
    sources = write_sources(folder)
    report = build_index(folder / "index.sqlite", sources=sources)
    return folder / "index.sqlite", sources, report


@pytest.fixture(scope="module")
def gaz(tiny):
    with Gazetteer.open(tiny[0]) as handle:
        yield handle


def names(candidates):
    return [(c.name, c.admin1_name or c.country) for c in candidates]


# -- names --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("variants"),
    [
        ("Korenevo", "Korenëvo", "KORENEVO", "Коренёво", "Коренево"),
        ("Kursk", "Kurs'k", "Kurs’k", "Курск"),
        ("Zürich", "Zurich", "ZÜRICH"),
        ("Novaya Sorochina", "Novaya-Sorochina", "novaya  sorochina"),
    ],
    ids=["yo-e", "apostrophe", "diacritics", "hyphen-space"],
)
def test_fold_unites_spellings(variants):
    assert len({fold(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("variants"),
    [
        ("Korenevo", "Korenyovo", "Koreneve", "Korenjovo"),
        ("Staraya", "Stara", "Staraja"),
        ("Bilohorivskiy", "Bilohorivskyy", "Bilohorivsky"),
        ("Zaporizhzhia", "Zaporizhzhya"),
    ],
    ids=["korenevo", "staraya", "iy-y-yy", "ia-ya"],
)
def test_skeleton_unites_transliterations(variants):
    assert len({skeleton(v) for v in variants}) == 1


@pytest.mark.parametrize(("a", "b"), [("Kursk", "Kyiv"), ("Moscow", "Kursk"), ("Lviv", "Kyiv")])
def test_skeleton_keeps_different_names_apart(a, b):
    assert skeleton(a) != skeleton(b)


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_never_raises(text):
    assert fold(fold(text)) == fold(text)
    assert skeleton(text) == skeleton(text)


# -- building -----------------------------------------------------------------------
def test_build_indexes_every_source_and_reports_bad_curated_rows(tiny):
    _, sources, report = tiny
    assert report.rows == {
        "geonames-cities500": len(CITIES),
        "natural-earth-admin1": len(ADMIN1),
        "natural-earth-admin0": len(COUNTRIES),
        "curated-macro-regions": 3,
        "curated:places.csv": 3,  # 5 rows, 2 of them bad
    }
    problems = [str(p) for p in report.problems]
    assert len(problems) == 2
    assert problems[0].startswith(f"{sources.curated[0]}:4: lat 'not-a-number'")
    assert problems[1].startswith(f"{sources.curated[0]}:5: lat 95.0 is outside")


def test_index_is_current_until_a_source_changes(tiny, tmp_path):
    index, sources, _ = tiny
    assert index_is_current(index, sources)
    changed = tmp_path / "places.csv"
    changed.write_text(sources.curated[0].read_text() + "Extra,,50,30,village,UA,,,t\n")
    from dataclasses import replace

    assert not index_is_current(index, replace(sources, curated=(changed,)))
    assert not index_is_current(tmp_path / "missing.sqlite", sources)


def test_interrupted_build_leaves_previous_index_intact(tiny, tmp_path, monkeypatch):
    index = tmp_path / "index.sqlite"
    _, sources, _ = tiny
    build_index(index, sources=sources)
    before = index.read_bytes()

    import geo.gazetteer.build as builder

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "insert_entries", explode)
    with pytest.raises(KeyboardInterrupt):
        build_index(index, sources=sources)
    assert index.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["index.sqlite"]  # no temporary left


def test_two_processes_building_at_once_publish_a_whole_index(tiny, tmp_path):
    index = tmp_path / "index.sqlite"
    _, sources, _ = tiny
    code = (
        "from pathlib import Path\n"
        "from samples_gazetteer import write_sources\n"
        "from geo.gazetteer.build import build_index\n"
        "build_index(Path({index!r}), sources=write_sources(Path({folder!r})))\n"
    )
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                code.format(
                    index=str(index),
                    folder=str(tmp_path / f"src{i}"),
                ),
            ],
            env=dict(os.environ, PYTHONPATH=str(Path(__file__).parent)),
        )
        for i in range(2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Gazetteer.open(index) as handle:
        assert handle.count()["geonames-cities500"] == len(CITIES)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["index.sqlite"]


# -- opening ------------------------------------------------------------------------
def test_open_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(GazetteerError, match="gazetteer build"):
        Gazetteer.open(tmp_path / "nothing.sqlite")


def test_open_rejects_a_file_that_is_not_an_index(tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(GazetteerError, match="not a gazetteer index"):
        Gazetteer.open(bogus)


def test_open_rejects_another_schema_version(tmp_path, tiny):
    copy = tmp_path / "old.sqlite"
    copy.write_bytes(tiny[0].read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(GazetteerError, match="rebuild"):
        Gazetteer.open(copy)


def test_index_path_honours_environment(monkeypatch, tmp_path):
    from geo.gazetteer.index import default_index_path

    monkeypatch.delenv("NEWSMAP_GAZETTEER", raising=False)
    monkeypatch.setenv("NEWSMAP_CACHE_DIR", str(tmp_path))
    assert default_index_path() == tmp_path / "gazetteer.sqlite"
    monkeypatch.setenv("NEWSMAP_GAZETTEER", str(tmp_path / "x.sqlite"))
    assert default_index_path() == tmp_path / "x.sqlite"


# -- lookups ------------------------------------------------------------------------
def test_ambiguous_name_lists_every_place_best_match_first(gaz):
    found = gaz.lookup("Korenevo")
    assert names(found) == [("Korenevo", "Kursk Oblast"), ("Korenëvo", "Moscow Oblast")]
    # English news drops diacritics: "Korenevo" is how it writes Korenëvo too.
    assert [c.match for c in found] == ["exact", "exact"]
    assert found[0].geonameid == 544906


def test_moscow_ranks_the_russian_capital_first(gaz):
    found = gaz.lookup("Moscow")
    assert found[0].entry_id == "gn:524901"
    assert found[0].feature_code == "PPLC"
    assert {c.entry_id for c in found} >= {"gn:5601538", "gn:4941935", "ne1:524925"}


@pytest.mark.parametrize("query", ["Kursk Oblast", "Kursk region", "the Kursk region"])
def test_region_queries_reach_the_region_with_its_polygon(gaz, query):
    top = gaz.lookup(query)[0]
    assert (top.entry_id, top.feature_class, top.has_geometry) == (
        "ne1:538555",
        "admin_region",
        True,
    )
    assert gaz.geometry(top.entry_id).contains(__import__("shapely").Point(36.18457, 51.72689))


def test_point_entries_have_no_geometry(gaz):
    assert gaz.geometry("gn:538560") is None


@pytest.mark.parametrize(
    ("query", "entry", "match"),
    [
        ("Stara Sorochina", "curated:staraya-sorochina", "alternate"),
        ("Staraya Sorochina", "curated:staraya-sorochina", "exact"),
        ("Staraja Sorochina", "curated:staraya-sorochina", "fuzzy"),
        ("Novaya Sorochina", "curated:novaya-sorochina", "exact"),
        ("Korenyovo", "gn:544906", "fuzzy"),
        ("Zurich", "gn:2657896", "exact"),  # written without its accents
        ("ZÜRICH", "gn:2657896", "exact"),  # case does not count
        ("Zurïch", "gn:2657896", "folded"),
        ("Sao Paulo", "gn:3448439", "exact"),
        ("Kharkov", "gn:706483", "alternate"),
        ("Москва", "gn:524901", "folded"),
        ("South Korea's", "country:KR", "exact"),
        ("U.S.", "country:US", "alternate"),
        ("the Korean Peninsula", "macro:korean-peninsula", "exact"),
        ("East Europe", "macro:eastern-europe", "alternate"),
    ],
)
def test_lookup_reaches_the_entry(gaz, query, entry, match):
    top = gaz.lookup(query)[0]
    assert (top.entry_id, top.match) == (entry, match)


def test_curated_places_carry_uncertainty_and_region(gaz):
    novaya = gaz.lookup("Novaya Sorochina")[0]
    assert novaya.uncertainty_km == 5
    assert (novaya.admin1_name, novaya.admin1_code, novaya.country) == ("Kursk Oblast", "41", "RU")
    assert gaz.lookup("Staraya Sorochina")[0].uncertainty_km is None


def test_demonyms_reach_their_country(gaz):
    top = gaz.lookup("North Korean")[0]
    assert (top.entry_id, top.demonym) == ("country:KP", True)


def test_codes_in_alternate_names_are_not_indexed(gaz):
    assert gaz.lookup("URS") == ()
    assert "gn:524901" not in {c.entry_id for c in gaz.lookup("MOW")}


def test_a_part_of_a_name_does_not_match(gaz):
    assert gaz.lookup("Stara") == ()


def test_feature_class_filter(gaz):
    assert {c.feature_class for c in gaz.lookup("Moscow", feature_classes=["admin_region"])} == {
        "admin_region"
    }


def test_fuzzy_can_be_switched_off(gaz):
    assert gaz.lookup("Korenyovo", fuzzy=False) == ()


def test_macro_region_points_follow_geonames_or_the_members(gaz):
    europe = gaz.lookup("Europe")[0]
    assert (europe.lat, europe.lon, europe.geonameid) == (48.69096, 9.14062, 6255148)
    korea = gaz.lookup("Korean Peninsula")[0]  # mean of 40 N 127 E and 36.5 N 127.75 E
    assert abs(korea.lat - 38.25) < 0.1 and abs(korea.lon - 127.37) < 0.1


def test_macro_region_geometry_is_the_union_of_its_members(gaz):
    from shapely import Point

    shape = gaz.geometry("macro:eastern-europe")
    assert shape.contains(Point(100, 60)) and shape.contains(Point(32, 49))
    assert not shape.contains(Point(127, 40))


@given(st.text(max_size=30))
def test_lookup_never_raises_and_ranks_by_match_kind(gaz, text):
    found = gaz.lookup(text)
    ranks = [MATCH_KINDS.index(c.match) for c in found]
    assert ranks == sorted(ranks)
    for cand in found:
        assert -90 <= cand.lat <= 90 and -180 <= cand.lon <= 180


# -- command line -------------------------------------------------------------------
def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_cli_lookup_json_lists_candidates(tiny):
    result = run_cli("lookup", "Korenevo", "--json", "--index", str(tiny[0]))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["admin1_name"] for r in rows] == ["Kursk Oblast", "Moscow Oblast"]
    for key in (
        "name",
        "lat",
        "lon",
        "feature_class",
        "country",
        "population",
        "source",
        "geonameid",
    ):
        assert key in rows[0]


def test_cli_lookup_of_unknown_name_fails_clearly(tiny):
    result = run_cli("lookup", "Xyzzyville", "--index", str(tiny[0]))
    assert result.returncode == 1
    assert "no place called 'Xyzzyville'" in result.stderr


def test_cli_without_index_names_the_missing_file(tmp_path):
    result = run_cli("lookup", "Kursk", env={"NEWSMAP_GAZETTEER": str(tmp_path / "none.sqlite")})
    assert result.returncode == 1
    assert "none.sqlite" in result.stderr and "gazetteer build" in result.stderr


def test_region_of_a_place_is_the_polygon_of_its_country_that_holds_it():
    from shapely.geometry import box

    from geo.gazetteer.build import region_locator
    from geo.gazetteer.sources import Entry

    def region(code, name, country, shape):
        return Entry(f"ne1:{code}", name, "admin_region", "Region", 0, 0, country, "t",
                     admin1_code=code, admin1_name=name, wkb=shape.wkb)  # fmt: skip

    west = region("01", "West", "AA", box(0, 0, 1, 1))
    east = region("02", "East", "AA", box(1, 0, 2, 1))
    foreign = region("09", "Abroad", "BB", box(2, 0, 3, 1))
    town = Entry("gn:1", "Town", "populated_place", "PPL", 0.5, 1.5, "AA", "t",
                 admin1_code="01", admin1_name="West")  # fmt: skip
    border_town = Entry("gn:2", "Edge", "populated_place", "PPL", 0.5, 2.5, "AA", "t",
                        admin1_code="02", admin1_name="East")  # fmt: skip
    at_sea = Entry("gn:3", "Sea", "populated_place", "PPL", 5.0, 5.0, "AA", "t",
                   admin1_code="01", admin1_name="West")  # fmt: skip
    located = region_locator([west, east, foreign])([town, border_town, at_sea])
    assert [(e.admin1_code, e.admin1_name) for e in located] == [
        ("02", "East"),  # the polygon wins over the code
        ("02", "East"),  # a polygon of another country does not
        ("01", "West"),  # outside every polygon: the code's region
    ]


def test_a_handle_opened_for_threads_answers_from_another_thread(tiny):
    import threading

    results = []
    with Gazetteer.open(tiny[0], threads=True) as handle:
        worker = threading.Thread(target=lambda: results.append(handle.lookup("Kursk")[0].name))
        worker.start()
        worker.join(timeout=30)
    assert results == ["Kursk"]


def test_a_default_handle_refuses_other_threads(tiny):
    import threading

    errors = []

    def use(handle):
        try:
            handle.lookup("Seoul")
        except sqlite3.ProgrammingError as exc:
            errors.append(exc)

    with Gazetteer.open(tiny[0]) as handle:
        worker = threading.Thread(target=use, args=(handle,))
        worker.start()
        worker.join(timeout=30)
    assert len(errors) == 1


# -- ranking: codes, abbreviations, accents -------------------------------------------
def test_a_word_in_lower_case_never_matches_a_code(gaz):
    # "Rus" is a word, not Russia's ISO code RUS.
    assert "country:RU" not in {c.entry_id for c in gaz.lookup("Rus")}


@pytest.mark.parametrize("code", ["RUS", "KOR"])
def test_a_code_outside_the_abbreviation_table_matches_nothing(gaz, code):
    # ISO codes are stored as alternate names, but "RUS" or "GTM" (GTM Research) in news
    # is rarely the country: only the abbreviations of names.ABBREVIATIONS match a code.
    assert not any(c.feature_class == "country" for c in gaz.lookup(code))


def test_an_abbreviation_matches_with_or_without_dots(gaz):
    top = gaz.lookup("US")[0]
    assert (top.entry_id, top.match) == ("country:US", "alternate")
