"""Importing a GeoNames dump (standard table format) into a built index."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo.gazetteer.build import build_index
from geo.gazetteer.geonames_dump import import_dump
from geo.gazetteer.index import Gazetteer

from samples_gazetteer import write_sources

REPO = Path(__file__).resolve().parent.parent


def dump_line(gid, name, lat, lon, fclass="P", fcode="PPL", cc="RU", a1="41", pop=0, alts=""):
    ascii_name = name.encode("ascii", "ignore").decode() or name
    cols = [str(gid), name, ascii_name, alts, str(lat), str(lon), fclass, fcode, cc, "", a1,
            "", "", "", str(pop), "", "150", "Europe/Moscow", "2024-01-01"]  # fmt: skip
    return "\t".join(cols)


# A village cities500 lacks, a place already indexed, a river (not a populated place),
# a short line, a bad latitude, and a non-ASCII village with alternates.
RU_LINES = [
    dump_line(479123, "Sudzha", 51.19, 35.27, pop=5600, alts="Суджа,Sudža"),
    dump_line(544906, "Korenevo", 51.41065, 34.90008, pop=6236),
    dump_line(500001, "Loknya", 51.3, 35.2, fclass="H", fcode="STM"),
    "12345\tBroken line with too few columns",
    dump_line(500002, "Nowhere", 123.0, 35.0),
    dump_line(500003, "Malaya Loknya", 51.35, 35.25, alts="Малая Локня"),
]


@pytest.fixture
def index(tmp_path):
    path = tmp_path / "index.sqlite"
    build_index(path, sources=write_sources(tmp_path / "src"))
    return path


@pytest.fixture
def ru_zip(tmp_path):
    path = tmp_path / "RU.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "GeoNames readme\n")
        archive.writestr("RU.txt", "\n".join(RU_LINES) + "\n")
    return path


def test_import_adds_villages_and_reports_bad_lines(index, ru_zip):
    report = import_dump(index, ru_zip, progress=False)
    assert (report.added, report.already_present, report.other_classes) == (2, 1, 1)
    assert [p.source for p in report.problems] == [f"{ru_zip}:4", f"{ru_zip}:5"]
    assert "19 tab-separated columns" in report.problems[0].problem
    assert "out of range" in report.problems[1].problem
    with Gazetteer.open(index) as gaz:
        sudzha = gaz.lookup("Sudzha")[0]
        assert (sudzha.entry_id, sudzha.admin1_name, sudzha.source) == (
            "gn:479123",
            "Kursk Oblast",
            "geonames-dump:RU.zip",
        )
        assert gaz.lookup("Малая Локня")[0].entry_id == "gn:500003"
        assert len([c for c in gaz.lookup("Korenevo") if c.geonameid == 544906]) == 1


def test_import_reads_a_plain_text_table(index, tmp_path):
    txt = tmp_path / "RU.txt"
    txt.write_text("\n".join(RU_LINES[:1]) + "\n", encoding="utf-8")
    assert import_dump(index, txt, progress=False).added == 1


def test_failed_import_leaves_index_intact(index, ru_zip, monkeypatch):
    before = index.read_bytes()
    import geo.gazetteer.geonames_dump as dump

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(dump, "insert_entries", explode)
    with pytest.raises(KeyboardInterrupt):
        import_dump(index, ru_zip, progress=False)
    assert index.read_bytes() == before
    assert not [p for p in index.parent.iterdir() if p.name.endswith(".tmp")]


def test_cli_import_exit_status_says_lines_were_skipped(index, ru_zip):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "gazetteer", "import", str(ru_zip), "--index", str(index)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3
    assert f"skipped {ru_zip}:4" in result.stderr
    assert "imported 2 places" in result.stdout


def test_zip_without_table_is_rejected(index, tmp_path):
    from geo.errors import BadInputError

    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "nothing\n")
    with pytest.raises(BadInputError, match="no .txt GeoNames table"):
        import_dump(index, empty, progress=False)
