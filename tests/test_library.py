"""The user's library (geo.library): started from the seeds, added to, edited, emptied.

Every test works in a temporary data folder; nothing is written into the repository.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.corpus import read_corpus
from geo.errors import BadInputError
from geo.library import (
    add_article,
    add_text,
    articles_folder,
    data_dir,
    read_entries,
    remove_article,
    start_library,
    update_article,
)
from geo.library.articles import Entry, entries_text, parse_entries

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = b"Artillery struck Belgorod on 5 March 2025, officials said.\n"


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "kursk.txt").write_text("Troops moved to Kursk in October 2025.\n")
    (folder / "manifest.csv").write_text(
        "file,title,url,published,language\nkursk.txt,Kursk report,https://example.org/k,"
        "2025-10-31,en\n"
    )
    (folder / "places.csv").write_text("name,lat,lon\n")  # not an article
    return folder


@pytest.fixture
def data(tmp_path, seeds) -> Path:
    folder = tmp_path / "data"
    start_library(folder, seeds)
    return folder


def snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in data.rglob("*") if p.is_file()}


def test_data_dir_follows_the_environment():
    assert data_dir({"NEWSMAP_DATA": "/srv/nm"}) == Path("/srv/nm")
    assert data_dir({"XDG_DATA_HOME": "/home/u/.data"}) == Path("/home/u/.data/newsmap")
    assert data_dir({}).parts[-3:] == (".local", "share", "newsmap")


def test_library_starts_from_the_seed_articles_once(data, seeds):
    (entry,) = read_entries(data)
    assert (entry.file, entry.title, entry.published) == (
        "kursk.txt",
        "Kursk report",
        dt.date(2025, 10, 31),
    )
    assert sorted(p.name for p in articles_folder(data).iterdir()) == ["kursk.txt", "manifest.csv"]
    remove_article(data, "kursk.txt")
    start_library(data, seeds)  # an existing library is left as the user made it
    assert read_entries(data) == ()


def test_the_repository_seeds_start_a_library(tmp_path):
    start_library(tmp_path, ROOT / "seeds")
    (entry,) = read_entries(tmp_path)
    assert entry.file == "north-korea-troops-russia.txt" and entry.url.startswith("https://")


def test_an_added_article_carries_its_date_title_url_and_source(data):
    added = add_article(
        data,
        "belgorod.txt",
        ARTICLE,
        title="Belgorod shelled",
        url="https://example.org/b",
        published=dt.date(2025, 3, 6),
        source="Example News",
        added="2025-03-06T10:00:00Z",
    )
    assert not added.duplicate and added.entry.sha256 == hashlib.sha256(ARTICLE).hexdigest()
    corpus = read_corpus(articles_folder(data))
    (doc,) = [d for d in corpus.documents if d.doc_id == "belgorod"]
    assert (doc.title, doc.url, doc.published) == (
        "Belgorod shelled",
        "https://example.org/b",
        dt.date(2025, 3, 6),
    )
    assert corpus.problems == () or not [p for p in corpus.problems if p.severity == "error"]
    assert read_entries(data)[-1].source == "Example News"


def test_the_same_content_under_another_name_is_not_added_again(data):
    first = add_article(data, "belgorod.txt", ARTICLE)
    before = snapshot(data)
    again = add_article(data, "belgorod-copy.txt", ARTICLE, title="Again")
    assert again.duplicate and again.entry == first.entry
    assert snapshot(data) == before


def test_pasted_text_is_named_after_its_title(data):
    added = add_text(data, ARTICLE.decode(), title="Shelling in Belgorod / March")
    assert added.entry.file == "Shelling-in-Belgorod-March.txt"
    assert (articles_folder(data) / added.entry.file).read_bytes() == ARTICLE


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("big.txt", b"x" * (50 * 1024 * 1024), "over the limit"),
        ("report.pdf", b"%PDF-1.4 Kursk", ".txt, .md, .html or .htm"),
        ("../escape.txt", ARTICLE, "must not name a folder"),
        ("..\\escape.txt", ARTICLE, "must not name a folder"),
        (".hidden.txt", ARTICLE, "start with a dot"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_the_library_unchanged(
    data, name, content, reason
):
    before = snapshot(data)
    with pytest.raises(BadInputError, match=reason):
        add_article(data, name, content, max_bytes=2 * 1024 * 1024)
    assert snapshot(data) == before


def test_a_url_that_is_not_http_is_refused(data):
    before = snapshot(data)
    with pytest.raises(BadInputError, match="not an http"):
        add_article(data, "a.txt", ARTICLE, url="javascript:alert(1)")
    assert snapshot(data) == before


def test_edit_then_remove(data):
    add_article(data, "belgorod.txt", ARTICLE)
    new = update_article(data, "belgorod.txt", title="Belgorod", published=dt.date(2025, 3, 5))
    assert read_entries(data)[-1] == new and new.published == dt.date(2025, 3, 5)
    with pytest.raises(BadInputError, match="only"):
        update_article(data, "belgorod.txt", sha256="0")
    removed = remove_article(data, "belgorod.txt")
    assert removed.file == "belgorod.txt"
    assert not (articles_folder(data) / "belgorod.txt").exists()
    assert [e.file for e in read_entries(data)] == ["kursk.txt"]
    with pytest.raises(BadInputError, match="not an article of the library"):
        remove_article(data, "belgorod.txt")


def test_no_temporary_file_is_left(data):
    add_article(data, "belgorod.txt", ARTICLE)
    left = [p for p in data.rglob(".*") if p.is_file() and p.suffix != ".lock"]
    assert left == []  # the lock file of geo.files.locked stays, empty


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"))


@given(
    st.lists(
        st.builds(
            Entry,
            file=st.from_regex(r"[a-z]{1,8}\.txt", fullmatch=True),
            title=TEXT,
            url=TEXT,
            published=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)),
            source=TEXT,
            sha256=st.from_regex(r"[0-9a-f]{0,64}", fullmatch=True),
            added=TEXT,
        ),
        max_size=5,
    )
)
def test_library_csv_round_trips(entries):
    entries = tuple(entries)
    assert parse_entries(entries_text(entries)) == entries


def test_repository_seeds_are_never_written(tmp_path):
    before = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir() if p.is_file()}
    start_library(tmp_path, ROOT / "seeds")
    add_article(tmp_path, "belgorod.txt", ARTICLE)
    after = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir() if p.is_file()}
    assert after == before
    shutil.rmtree(tmp_path)
