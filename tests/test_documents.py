"""Reading articles: decoding, markup, manifest, JSON Lines, limits, uploads."""

from __future__ import annotations

import dataclasses
import os
import warnings
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.corpus import uploads
from geo.corpus.article import TITLE_MAX_CHARS
from geo.corpus.htmltext import html_to_text, markdown_to_text
from geo.corpus.manifest import MANIFEST_COLUMNS, parse_manifest
from geo.corpus.read import iter_documents, read_corpus, read_document
from geo.corpus.uploads import safe_filename, save_article
from geo.errors import BadInputError

from samples_docs import (
    DECODING,
    HTML_NO_TITLE,
    HTML_PAGE,
    HTML_TEXT,
    JSONL_LINES,
    MARKDOWN,
    MARKDOWN_TEXT,
    Sample,
)

ROOT = Path(__file__).resolve().parent.parent


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# -- decoding ------------------------------------------------------------------------


READABLE = [s for s in DECODING if s.text is not None]
REJECTED = [s for s in DECODING if s.text is None]


@pytest.mark.parametrize("sample", READABLE, ids=lambda s: s.name)
def test_read_document_decodes_and_normalises(tmp_path: Path, sample: Sample) -> None:
    path = write(tmp_path, sample.filename, sample.data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = read_document(path)
    assert doc.text == sample.text
    assert "\r" not in doc.text
    messages = [str(w.message) for w in caught]
    if sample.problem:  # a guessed encoding is a warning naming the file and the codec
        assert any(str(path) in m and sample.problem in m for m in messages), messages
    else:
        assert messages == []


@pytest.mark.parametrize("sample", REJECTED, ids=lambda s: s.name)
def test_read_document_rejects_with_file_and_reason(tmp_path: Path, sample: Sample) -> None:
    path = write(tmp_path, sample.filename, sample.data)
    with pytest.raises(BadInputError, match=sample.problem) as raised:
        read_document(path)
    assert raised.value.source == str(path)


def test_read_corpus_records_problems_and_keeps_going(tmp_path: Path) -> None:
    for sample in DECODING:
        write(tmp_path, sample.filename, sample.data)
    corpus = read_corpus(tmp_path)
    good = sorted(s.filename for s in DECODING if s.text is not None)
    assert [Path(d.path).name for d in corpus.documents] == good
    errors = {Path(p.source).name: p.problem for p in corpus.problems if p.severity == "error"}
    assert errors.keys() == {s.filename for s in DECODING if s.text is None}
    warned = {Path(p.source).name for p in corpus.problems if p.severity == "warning"}
    assert warned == {s.filename for s in DECODING if s.text is not None and s.problem}
    for sample in DECODING:
        if sample.text is None:
            assert sample.problem in errors[sample.filename]


# -- markup --------------------------------------------------------------------------


def test_html_drops_scripts_styles_navigation_and_unescapes(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.html", HTML_PAGE))
    assert doc.text == HTML_TEXT
    assert doc.title == "Troops in Kursk"  # <title>, whitespace collapsed
    assert doc.language == "en"  # from <html lang="en-GB">
    for hidden in ("not text", "color", "Home", "Site name", "a comment", "Related", "2025 Site"):
        assert hidden not in doc.text


def test_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.htm", HTML_NO_TITLE))
    assert doc.title == "Engineers reach Korenevo"
    assert doc.text == "Engineers reach Korenevo\n\nBody text."


def test_html_with_no_text_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><script>alert(1)</script><p> </p></html>")
    with pytest.raises(BadInputError, match="no text"):
        read_document(path)


def test_html_word_conditional_comments_do_not_lose_text() -> None:
    page = "<p>Before<![if !supportLists]>1.<![endif]> after</p><p>next</p>"
    assert html_to_text(page).text == "Before1. after\n\nnext"


def test_html_declarations_html_parser_asserts_on_are_dropped() -> None:
    # html.parser raises AssertionError on this marked section; the page is still read
    page = "<title>T</title><p>Seoul<![foo[ x ]]>said</p><p>Kursk</p>"
    assert html_to_text(page) == html_to_text("<title>T</title><p>Seoul said</p><p>Kursk</p>")


def test_markdown_front_matter_and_markup(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", MARKDOWN)
    corpus = read_corpus(tmp_path)
    (doc,) = corpus.documents
    assert doc.text == MARKDOWN_TEXT
    assert (doc.title, doc.url) == ("Troops near Kursk", "https://example.org/troops")
    assert (doc.published, doc.published_source) == (date(2025, 10, 31), "front_matter")
    (problem,) = corpus.problems
    assert (problem.source, problem.severity) == (str(path), "warning")
    assert "line 5" in problem.problem


def test_front_matter_only_in_markdown(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "plain.txt", "---\ntitle: x\n---\nBody"))
    assert doc.text == "---\ntitle: x\n---\nBody"
    assert doc.title == "---"


def test_title_falls_back_to_first_non_empty_line_cut_short(tmp_path: Path) -> None:
    short = read_document(write(tmp_path, "a.txt", "\n\n  Troops in Kursk  \nBody"))
    assert short.title == "Troops in Kursk"
    long_line = " ".join(["word"] * 100)
    long = read_document(write(tmp_path, "b.txt", long_line))
    assert len(long.title) <= TITLE_MAX_CHARS
    assert long.title.endswith("…") and long_line.startswith(long.title[:-1])


# -- manifest ------------------------------------------------------------------------

MANIFEST = (
    "file,title,url,published,language\n"  # 1
    "a.txt,Title A,https://example.org/a,2025-10-31,en\n"  # 2
    "b.txt,too,few\n"  # 3: wrong column count
    "b.txt,Title B,,31/10/2025,en\n"  # 4: bad date
    "missing.txt,Gone,,,\n"  # 5: no such file
    "\n"  # 6: blank
    "c.md,Manifest title,,2024-02-29T10:00:00+00:00,\n"  # 7: date-time cut to its date
    "../outside.txt,Out,,,\n"  # 8: outside the folder
    "a.txt,Again,,,\n"  # 9: listed twice
)


def test_manifest_broken_lines_are_reported_and_the_rest_applies(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Body of A")
    write(tmp_path, "b.txt", "First line of B\nmore")
    write(tmp_path, "c.md", "---\ntitle: Front title\npublished: 2020-01-01\n---\nBody of C")
    write(tmp_path, "manifest.csv", MANIFEST)
    corpus = read_corpus(tmp_path)
    lines = {p.source.rsplit(":", 1)[1]: p.problem for p in corpus.problems}
    assert all(p.source.startswith(str(tmp_path / "manifest.csv")) for p in corpus.problems)
    assert set(lines) == {"3", "4", "5", "8", "9"}
    assert "3 columns, expected 5" in lines["3"]
    assert "31/10/2025" in lines["4"] and "ISO date" in lines["4"]
    assert "missing.txt" in lines["5"]
    assert "outside" in lines["8"] and "line 2" in lines["9"]
    a, b, c = corpus.documents
    assert (a.title, a.url, a.published, a.published_source) == (
        "Title A",
        "https://example.org/a",
        date(2025, 10, 31),
        "manifest",
    )
    assert (b.title, b.published, b.published_source) == ("First line of B", None, "none")
    # the manifest wins over front matter, field by field
    assert (c.title, c.published, c.published_source) == (
        "Manifest title",
        date(2024, 2, 29),
        "manifest",
    )


def test_manifest_without_file_column_is_ignored_as_a_whole() -> None:
    entries, problems = parse_manifest("name,title\na.txt,x\n", source="m.csv")
    assert entries == {}
    assert [(s, sev) for s, _, sev in problems] == [("m.csv:1", "error")]


def test_read_document_uses_the_manifest_beside_it(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Body")
    write(tmp_path, "manifest.csv", "file,published,language\na.txt,2025-01-02,EN\n")
    doc = read_document(path)
    assert (doc.published, doc.published_source, doc.language) == (
        date(2025, 1, 2),
        "manifest",
        "en",
    )


def test_seed_manifest_contract() -> None:
    corpus = read_corpus(ROOT / "seeds")
    assert corpus.problems == ()
    seeds = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert [Path(d.path).name for d in corpus.documents] == seeds
    text = (ROOT / "seeds" / "manifest.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(MANIFEST_COLUMNS)
    for doc in corpus.documents:
        assert doc.url.startswith("https://") and doc.language == "en"
        assert doc.title == doc.text.strip().splitlines()[0]  # the manifest title is the first line


# -- JSON Lines ----------------------------------------------------------------------


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    shard = write(tmp_path, "shard.jsonl", "\n".join(JSONL_LINES) + "\n")
    corpus = read_corpus(shard)
    assert [d.doc_id for d in corpus.documents] == ["a1", "7"]
    first, second = corpus.documents
    assert (first.title, first.published, first.published_source) == (
        "A",
        date(2025, 10, 30),
        "jsonl",
    )
    assert (second.text, second.title, second.published_source) == (
        "Engineers\nin Korenevo.",
        "Engineers",
        "none",
    )
    assert second.path == f"{shard}:6"
    found = {(p.source, p.severity) for p in corpus.problems}
    assert found == {
        (f"{shard}:2", "error"),
        (f"{shard}:3", "error"),
        (f"{shard}:5", "error"),
        (f"{shard}:6", "warning"),
    }


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    shard = write(tmp_path, "s.jsonl", "\n".join(JSONL_LINES))
    problems: list = []
    stream = iter_documents(shard, on_problem=problems.append)
    assert next(stream).doc_id == "a1"
    assert problems == []  # line 2 is not read yet
    assert next(stream).doc_id == "7"
    assert len(problems) == 4


def test_jsonl_line_over_the_limit_is_skipped(tmp_path: Path) -> None:
    long = '{"id": "big", "text": "' + "x" * 5000 + '"}'
    shard = write(tmp_path, "s.jsonl", "\n".join([JSONL_LINES[0], long, JSONL_LINES[5]]))
    corpus = read_corpus(shard, max_bytes=1000)
    assert [d.doc_id for d in corpus.documents] == ["a1", "7"]
    assert [(p.source, "limit" in p.problem) for p in corpus.problems if p.severity == "error"] == [
        (f"{shard}:2", True)
    ]


def test_doc_ids_are_unique_and_deterministic(tmp_path: Path) -> None:
    for name in ("a.txt", "a.md", "a-2.txt", "sub/a.html"):
        write(tmp_path, name, f"<p>{name}</p>" if name.endswith("html") else name)
    write(tmp_path, "z.jsonl", '{"id": "a", "text": "from the shard"}\n')
    write(tmp_path, ".hidden/x.txt", "never read")
    first = read_corpus(tmp_path)
    by_path = {Path(d.path).relative_to(tmp_path).as_posix(): d.doc_id for d in first.documents}
    # file stems are reserved first; the shard's "a" comes last
    expected = {
        "a-2.txt": "a-2",
        "a.md": "a",
        "a.txt": "a-3",
        "sub/a.html": "a-4",
        "z.jsonl:1": "a-5",
    }
    assert by_path == expected
    assert len({d.doc_id for d in first.documents}) == len(first.documents)
    assert read_corpus(tmp_path) == first


# -- limits, locations ---------------------------------------------------------------


def test_file_over_the_size_limit_is_rejected_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 50 MB of NUL bytes, nothing held in memory
        handle.truncate(50 * 1024 * 1024)
    write(tmp_path, "small.txt", "Kursk")
    corpus = read_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["small"]
    (problem,) = corpus.problems
    # a file that was read would have been called binary (it is all NUL bytes)
    assert problem.source == str(big) and "over the limit" in problem.problem
    with pytest.raises(BadInputError, match="over the limit"):
        read_document(big)


def test_max_bytes_is_a_keyword_option(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "x" * 2000)
    assert read_document(path, max_bytes=2000).text == "x" * 2000
    with pytest.raises(BadInputError, match="2,000 bytes"):
        read_document(path, max_bytes=1999)


def test_missing_or_unsupported_paths_raise(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="does not exist"):
        read_corpus(tmp_path / "nope")
    with pytest.raises(BadInputError, match=r"\.txt"):
        read_document(write(tmp_path, "data.pdf", "x"))
    with pytest.raises(BadInputError):
        read_document(tmp_path)


def test_fsspec_urls_are_read(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")  # installed with dask (requirements.txt)
    fs = fsspec.filesystem("memory")
    fs.pipe("/newsmap-test/b.txt", b"Second")
    fs.pipe("/newsmap-test/a.html", b"<title>T</title><p>First</p>")
    fs.pipe("/newsmap-test/manifest.csv", b"file,published\nb.txt,2025-03-01\n")
    try:
        corpus = read_corpus("memory://newsmap-test")
    finally:
        fs.rm("/newsmap-test", recursive=True)
    assert [(d.doc_id, d.text) for d in corpus.documents] == [("a", "First"), ("b", "Second")]
    assert corpus.documents[1].published == date(2025, 3, 1)
    assert corpus.documents[0].path.startswith("memory://")


def test_a_url_whose_file_system_is_missing_gives_a_clear_error() -> None:
    with pytest.raises(BadInputError, match="s3://bucket/corpus: cannot be opened"):
        read_corpus("s3://bucket/corpus")


def test_documents_are_frozen(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", "Kursk"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "changed"  # type: ignore[misc]
    with pytest.raises(ValueError, match="published_source"):
        dataclasses.replace(doc, published_source="guess")


# -- uploads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.TXT", "win.txt"),
        (".hidden.md", "hidden.md"),
        ("my report (final).HTML", "my-report-final.html"),
        ("..txt", "article.txt"),
        ("Курск.htm", "Курск.htm"),
    ],
)
def test_safe_filename(given: str, expected: str) -> None:
    assert safe_filename(given) == expected


def test_save_article_stays_in_the_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    saved = save_article(corpus, "../../escape.txt", b"Kursk")
    assert saved == corpus / "escape.txt" and saved.read_bytes() == b"Kursk"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.suffix != ".lock") == [
        "corpus",
        "escape.txt",
    ]


@pytest.mark.parametrize(
    ("filename", "data", "problem"),
    [
        ("a.exe", b"text", "must be a"),
        ("noextension", b"text", "must be a"),
        ("a.txt", b"\x00\x01binary", "binary"),
        ("a.txt", b"  \n", "whitespace"),
        ("a.html", b"<script>x</script>", "no text"),
        ("a.txt", b"x" * 101, "over the limit"),
    ],
)
def test_save_article_refuses_bad_uploads(
    tmp_path: Path, filename: str, data: bytes, problem: str
) -> None:
    with pytest.raises(BadInputError, match=problem):
        save_article(tmp_path, filename, data, max_bytes=100)
    assert list(tmp_path.iterdir()) == []


def test_save_article_never_overwrites_a_different_file(tmp_path: Path) -> None:
    first = save_article(tmp_path, "a.txt", b"one")
    again = save_article(tmp_path, "a.txt", b"one")
    second = save_article(tmp_path, "a.txt", b"two")
    third = save_article(tmp_path, "a.txt", b"three")
    assert first == again == tmp_path / "a.txt"
    assert (second.name, third.name) == ("a-2.txt", "a-3.txt")
    assert [p.read_bytes() for p in (first, second, third)] == [b"one", b"two", b"three"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-2.txt",
        "a-3.txt",
        "a.txt",
    ]


def test_save_article_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []

    def failing_replace(source: str, target: os.PathLike) -> None:
        seen.append((Path(source).read_bytes(), Path(source).parent))
        raise OSError("disk went away")

    monkeypatch.setattr(uploads.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk went away"):
        save_article(tmp_path, "a.txt", b"complete bytes")
    assert seen == [(b"complete bytes", tmp_path)]  # the full file was in the same folder
    assert [p for p in tmp_path.iterdir()] == []  # no temporary file left
    monkeypatch.undo()
    saved = save_article(tmp_path, "a.txt", b"complete bytes")
    assert [p for p in tmp_path.iterdir()] == [saved]


# -- properties ----------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t"),
    min_size=1,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT.filter(lambda t: t.strip()))
def test_utf8_text_round_trips_normalised(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "prop.txt", text.encode("utf-8"))
    expected = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not expected.strip():
        with pytest.raises(BadInputError):
            read_document(path)
        return
    doc = read_document(path)
    assert doc.text == expected
    assert doc.title and doc.title in expected.replace("\n", " ") or doc.title.endswith("…")


HTMLISH = st.lists(
    st.sampled_from(
        [
            "<p>", "</p>", "<br>", "<br/>", "<script>", "</script>", "<style>", "<nav>", "</nav>",
            "<title>", "</title>", "<h1>", "</h1>", "<pre>", "</pre>", "<!--", "-->", "<![if x]>",
            "<!DOCTYPE", "&amp;", "&#0;", "&#xD800;", "&bogus;", "<", ">", "</", "\x00", "\r",
            "<a href='", "'>", "Kursk", " ", "\n",
        ]
    )
    | st.text(max_size=5)
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(page=HTMLISH | st.text())
def test_html_to_text_never_raises(page: str) -> None:
    result = html_to_text(page)
    assert "\x00" not in result.text
    assert result.text == result.text.strip(" \n")
    assert "\n\n\n" not in result.text


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_markdown_to_text_never_raises_and_keeps_lines(text: str) -> None:
    plain = markdown_to_text(text.replace("\r", "\n"))
    assert plain.count("\n") <= text.replace("\r", "\n").count("\n")


def test_runs_of_line_breaks_make_at_most_one_blank_line():
    from geo.corpus.htmltext import html_to_text

    assert html_to_text("a<br><br><br>b").text == "a\n\nb"
