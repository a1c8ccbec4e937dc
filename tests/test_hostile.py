"""Hostile input: one bad file never takes the run down, nothing outside the corpus is read.

A temporary corpus puts each hostile case of issue 17 next to good articles; ``python -m
geo parse`` runs on it once per module. The other tests check the parts on their own
(reader, manifest, markup, long texts, uploads, the index, the output folder, dates),
with Hypothesis over the per-file reader and the date scan at the edges of ``date``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.corpus.article import parse_article
from geo.corpus.htmltext import html_to_text, markdown_to_text
from geo.corpus.manifest import parse_manifest
from geo.corpus.read import read_corpus
from geo.corpus.shards import shard_line
from geo.corpus.uploads import save_article
from geo.errors import BadInputError, GazetteerError
from geo.files import atomic_folder, remove_temporaries
from geo.frames.summary import printable
from geo.gazetteer.build import build_index
from geo.gazetteer.index import Gazetteer
from geo.limits import BudgetExceeded, time_budget
from geo.nlp.analysis import PART_CHARS, analyse, load_nlp, text_parts
from geo.time.calendar import days_before
from geo.time.timex import find_timexes

from samples_gazetteer import write_sources

ROOT = Path(__file__).resolve().parent.parent
EXIT_SKIPPED = 3
SECRET = "Zyxwvut-outside-the-corpus"
GOOD = {
    "good-poland.txt": "Storms in Poland\n\nProtesters gathered in Kraków, Poland, on Friday.\n",
    "good-kursk.md": "# Kursk\n\n**Troops** left *Kursk* on Monday, officials in Moscow said.\n",
}
RTL_NAME = "evil\u202etxt.\nforged.txt"  # a bidi override and a newline in a file name
#: Each hostile file: name -> (bytes, the words its report must hold).
HOSTILE = {
    "markdown-bomb.md": (b"**a**b " * 32_000, "max_chars"),
    "long.txt": (b"Troops left Kursk. " * 52_637, "max_chars"),
    "tags.html": (b"<a " * 20_000 + b"<p>Kursk</p>", None),
    "cyrillic.txt": ("Войска вошли в Курскую область.\n".encode("cp1251"), "cp1251"),
    "zero-date.txt": (b"Sales in Paris will grow next quarter.\n", None),
}
SHARD = [
    json.dumps({"id": "shard-good", "text": "Floods hit Porto Alegre, Brazil, on Monday."}),
    "[" * 100_000 + "]" * 100_000,
    '{"id": "surrogate", "text": "Troops left Kursk \\ud800 on Monday, officials said."}',
    json.dumps({"id": "shard-good-2", "text": "Drones struck Odesa, Ukraine, on Sunday."}),
]
MANIFEST = (
    "file,title,url,published,language\n"
    'good-poland.txt,"Storms in Poland,,2024-09-16,en\n'
    "good-kursk.md,Kursk,,2024-08-12,en\n"
    "zero-date.txt,Zero,,0001-01-01,en\n"
    "cyrillic.txt,Kursk,,2024-08-12,zz-<script>\n"
)


def hostile_corpus(folder: Path, outside: Path) -> Path:
    """Write the hostile corpus into ``folder``; ``outside`` holds a file beyond it."""
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, (data, _) in HOSTILE.items():
        (folder / name).write_bytes(data)
    (folder / "shard.jsonl").write_text("\n".join(SHARD) + "\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    (outside / "secret.txt").write_text(f"{SECRET} lives in Paris, France.\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "inside.txt").symlink_to(folder / "good-poland.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / os.fsdecode(b"bad-\xff-name.txt")).write_text("Kursk, Russia.\n")
    (folder / RTL_NAME).write_text("Riots in Lyon, France.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return hostile_corpus(tmp_path_factory.mktemp("hostile"), tmp_path_factory.mktemp("outside"))


@pytest.fixture(scope="module")
def run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    completed = subprocess.run(
        [sys.executable, "-m", "geo", "parse", str(corpus), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,  # a guard against hanging (the named pipe did), not a speed test
        check=False,
    )
    return completed, out


# -- the command line on the whole corpus -------------------------------------------------


def test_parse_exits_3_and_writes_the_good_articles(run):
    completed, out = run
    assert completed.returncode == EXIT_SKIPPED, completed.stderr[-3000:]
    places = (out / "places.csv").read_text(encoding="utf-8")
    for doc_id in ("good-poland", "good-kursk", "shard-good", "shard-good-2", "inside"):
        assert doc_id in places


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("markdown-bomb.md", "max_chars"),
        ("long.txt", "max_chars"),
        ("pipe.txt", "named pipe"),
        ("passwd.txt", "outside the corpus"),
        ("dangling.txt", "dangling symlink"),
        ("bad-\\xff-name.txt", "not valid UTF-8"),
        ("shard.jsonl:2", "nested too deep"),
        ("shard.jsonl:3", "lone surrogates"),
        ("manifest.csv:2", "is not CSV"),
        ("manifest.csv:5", "not a language code"),
        ("cyrillic.txt", "cp1251"),
    ],
)
def test_parse_reports_each_bad_input_by_name(run, name: str, problem: str):
    completed, _ = run
    lines = [line for line in completed.stdout.splitlines() if name in line]
    assert any(problem in line for line in lines), completed.stdout[-3000:]


def test_nothing_from_outside_the_corpus_is_written(run):
    _, out = run
    for path in out.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name


def test_the_summary_escapes_newlines_and_bidi_controls(run):
    completed, _ = run
    assert "\u202e" not in completed.stdout
    assert "forged.txt" not in "\n".join(
        line for line in completed.stdout.splitlines() if line.startswith("forged.txt")
    )
    assert "evil\\u202etxt.\\nforged" in completed.stdout


def test_a_manifest_line_after_an_open_quote_still_applies(corpus):
    entries, problems = parse_manifest(MANIFEST, articles=None)
    assert [p[0] for p in problems] == ["manifest.csv:2", "manifest.csv:5"]
    assert entries["good-kursk.md"].published == date(2024, 8, 12)
    assert entries["zero-date.txt"].published == date(1, 1, 1)


# -- the reader ---------------------------------------------------------------------------


def test_the_reader_reports_each_case_and_reads_the_good_ones(corpus):
    result = read_corpus(corpus)
    ids = {doc.doc_id for doc in result.documents}
    assert {"good-poland", "good-kursk", "shard-good", "surrogate", "inside", "tags"} <= ids
    assert not {"passwd", "pipe", "dangling", "long", "markdown-bomb"} & ids
    assert all(SECRET not in doc.text for doc in result.documents)
    surrogate = next(doc for doc in result.documents if doc.doc_id == "surrogate")
    assert surrogate.text == "Troops left Kursk \ufffd on Monday, officials said."


def test_a_single_named_pipe_is_refused_not_waited_on(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = read_corpus(tmp_path / "pipe.txt")
    assert [p.problem for p in result.problems] == ["is a named pipe, not a regular file; not read"]


def test_cp1251_is_detected_and_named():
    doc, notes = parse_article(
        HOSTILE["cyrillic.txt"][0], suffix=".txt", doc_id="c", path="cyrillic.txt"
    )
    assert doc.text.startswith("Войска вошли в Курскую")
    assert "cp1251" in notes[0].problem


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**a**b " * 3, "**a**b **a**b **a**b"),
        ("**Kursk** and *Sudzha*", "Kursk and Sudzha"),
        ("[a" * 5 + "](x)", "[a[a[a[aa"),
        ("# Kursk" + " " * 50 + "x", "Kursk" + " " * 50 + "x"),
    ],
)
def test_markdown_hostile_patterns_keep_their_meaning(markdown: str, text: str):
    assert markdown_to_text(markdown) == text


def test_an_unclosed_tag_is_text_and_the_rest_still_parses():
    page = html_to_text("<a <a <p>Kursk</p><!-- never closed <p>Sudzha</p>")
    assert "Kursk" in page.text
    assert "<a" in page.text


# -- long texts, budgets ------------------------------------------------------------------


@pytest.mark.parametrize("limit", [10, 25, 1000])
@given(text=st.text(alphabet="ab .\n", max_size=3000))
def test_text_parts_join_back_and_respect_the_limit(limit: int, text: str):
    parts = text_parts(text, limit=limit)
    assert "".join(parts) == text
    assert all(len(part) <= limit for part in parts)


def test_a_text_longer_than_a_part_keeps_its_offsets():
    text = "Troops left Kursk on Monday.\n\n" * (PART_CHARS // 30 + 200)
    analysis = analyse(text, load_nlp())
    assert analysis.doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in analysis.doc)
    assert analysis.sentences[-1].text == "Troops left Kursk on Monday."


def test_the_time_budget_stops_runaway_work():
    with pytest.raises(BudgetExceeded), time_budget(0.05):
        while True:
            pass


# -- writes -------------------------------------------------------------------------------


def test_concurrent_uploads_of_one_name_keep_every_file(tmp_path: Path):
    texts = [f"Article {i} about Kursk.".encode() for i in range(12)]
    threads = [
        threading.Thread(target=save_article, args=(tmp_path, "same.txt", data)) for data in texts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = sorted(p.read_bytes() for p in tmp_path.glob("same*.txt"))
    assert saved == sorted(texts)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing hidden left


def test_an_over_long_upload_is_refused_with_the_reason(tmp_path: Path):
    with pytest.raises(BadInputError, match="max_chars"):
        save_article(tmp_path, "long.txt", b"Kursk. " * 40_000)


def test_a_failed_write_leaves_the_old_set_whole(tmp_path: Path):
    out = tmp_path / "out"
    with atomic_folder(out) as new:
        (new / "places.csv").write_text("old")
        (new / "events.csv").write_text("old")
    (out / "mine.txt").write_text("the user's")
    with pytest.raises(RuntimeError), atomic_folder(out) as new:
        (new / "places.csv").write_text("new")
        raise RuntimeError("killed")
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "places.csv": "old",
        "events.csv": "old",
        "mine.txt": "the user's",
    }
    with atomic_folder(out) as new:
        (new / "places.csv").write_text("new")
    assert (out / "places.csv").read_text() == "new"
    assert (out / "mine.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_killed_runs_temporary_folder_is_removed(tmp_path: Path):
    (tmp_path / ".out.abc123.tmpdir").mkdir()
    (tmp_path / ".out.abc123.tmpdir" / "places.csv").write_text("half")
    (tmp_path / ".other.x.tmpdir").mkdir()
    assert remove_temporaries(tmp_path, older_than=0, of="out") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.x.tmpdir"]


# -- the index ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("damaged")
    index = folder / "index.sqlite"
    build_index(index, sources=write_sources(folder))
    size = index.stat().st_size
    with open(index, "r+b") as handle:  # page 1 (the header) kept: the file still opens
        for offset in range(4096, size, 8192):
            handle.seek(offset)
            handle.write(os.urandom(512))
    return index


def test_a_damaged_index_is_refused_with_how_to_rebuild(damaged: Path):
    with pytest.raises(GazetteerError, match="gazetteer build"):
        Gazetteer.open(damaged)


def test_a_sound_index_is_checked_once_per_file(tmp_path: Path):
    index = tmp_path / "index.sqlite"
    build_index(index, sources=write_sources(tmp_path))
    with Gazetteer.open(index):
        pass
    assert (tmp_path / ".verified" / "index.sqlite").exists()
    with Gazetteer.open(index) as gaz:
        assert gaz.lookup("Kursk") is not None


def test_index_reads_raise_gazetteer_errors_not_sqlite_ones(tmp_path: Path):
    index = tmp_path / "index.sqlite"
    build_index(index, sources=write_sources(tmp_path))
    with Gazetteer.open(index) as gaz:
        with pytest.raises(GazetteerError, match="gazetteer build"):
            gaz._db.execute("SELECT * FROM no_such_table")
        assert not isinstance(GazetteerError("x"), sqlite3.DatabaseError)


# -- output hygiene and dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\u202eb", "a\\u202eb"),
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("Kraków", "Kraków"),
    ],
)
def test_printable_escapes_controls_and_bidi(raw: str, shown: str):
    assert printable(raw) == shown


def test_next_quarter_from_the_first_day_of_the_calendar():
    spans = find_timexes("Sales will grow next quarter.", reference=date(1, 1, 1))
    assert [s.phrase for s in spans] == ["next quarter"]
    assert days_before(date(1, 1, 5), 365) == date.min


PHRASES = (
    "next quarter", "last quarter", "next year", "last month", "yesterday", "tomorrow",
    "in 3 days", "3 years ago", "last decade", "the next century", "last Monday",
    "this weekend", "next spring", "the first half of next year", "in March", "Christmas",
    "the past 12 months", "two decades ago", "on 31 December",
)  # fmt: skip
EDGE_DATES = st.one_of(
    st.dates(max_value=date.min + timedelta(days=800)),
    st.dates(min_value=date.max - timedelta(days=800)),
)


@settings(max_examples=300, deadline=None)
@given(reference=EDGE_DATES, phrases=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3))
def test_the_date_scan_never_crashes_at_the_edges_of_date(reference: date, phrases: list[str]):
    text = "Troops moved " + " and ".join(phrases) + "."
    for span in find_timexes(text, reference=reference):
        assert text[span.start_char : span.end_char] == span.phrase


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".html", ".htm"]))
def test_the_per_file_reader_only_raises_bad_input(data: bytes, suffix: str):
    with contextlib.suppress(BadInputError):
        parse_article(data, suffix=suffix, doc_id="x", path=f"x{suffix}")


@settings(max_examples=300, deadline=None)
@given(record=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "text", "title", "url", "published", "language"]), inner
    ),
))  # fmt: skip
def test_the_shard_reader_only_raises_bad_input(record):
    line = json.dumps(record).encode("utf-8", "surrogatepass")
    with contextlib.suppress(BadInputError):
        shard_line(line, source="s.jsonl:1")
