r"""One article file's bytes into a :class:`~geo.corpus.model.Document`: :func:`parse_article`.

The bytes are decoded (:mod:`geo.corpus.decode`), the markup removed (:mod:`geo.corpus.htmltext`)
and the metadata taken first from the manifest, then from the file itself, with the first
non-empty line of the text as the title of last resort (the rules are in
:mod:`geo.corpus.read`). An HTML page's own publication dates (its ``<meta>``, JSON-LD and
``<time>`` dates, :mod:`geo.corpus.published`) are kept apart in ``Document.meta_published``.
"""

from __future__ import annotations

from datetime import date

from geo.corpus.decode import decode_article, parse_published
from geo.corpus.htmltext import html_to_text, markdown_to_text, split_front_matter
from geo.corpus.manifest import ManifestEntry
from geo.corpus.model import Document, Problem
from geo.corpus.published import html_published
from geo.errors import BadInputError

DEFAULT_LANGUAGE = "en"
TITLE_MAX_CHARS = 200


def first_line(text: str) -> str:
    """Return the first non-empty line, cut to ``TITLE_MAX_CHARS`` (the title of last resort)."""
    line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if len(line) <= TITLE_MAX_CHARS:
        return line
    cut = line[: TITLE_MAX_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def parse_article(
    data: bytes, *, suffix: str, doc_id: str, path: str, meta: ManifestEntry | None = None
) -> tuple[Document, list[Problem]]:
    r"""Turn one article file's bytes into a Document and the warnings met.

    Parameters
    ----------
    data : bytes
        The file's content.
    suffix : str
        ``".txt"``, ``".md"``, ``".html"`` or ``".htm"``: how to read the markup.
    doc_id, path : str
        The document's id and where it comes from (used in problems).
    meta : ManifestEntry, optional
        The manifest's line for this file; it wins over what the file says.

    Returns
    -------
    document : Document
    problems : list of Problem
        Warnings only (a guessed encoding, a bad front-matter line).

    Raises
    ------
    BadInputError
        If the bytes are binary, empty, or hold no text once the markup is removed.

    Examples
    --------
    >>> doc, _ = parse_article(b"<h1>Kursk</h1><p>Troops</p>", suffix=".html", doc_id="k", path="k")
    >>> doc.title, doc.text, doc.published_source
    ('Kursk', 'Kursk\n\nTroops', 'none')
    """
    raw, notes = decode_article(data, source=path)
    problems = [Problem(path, note, "warning") for note in notes]
    found: dict[str, str] = {}
    meta_published: tuple[date, ...] = ()
    if suffix == ".md":
        found, body, fm_notes = split_front_matter(raw)
        problems += [Problem(path, note, "warning") for note in fm_notes]
        text = markdown_to_text(body)
    elif suffix in (".html", ".htm"):
        page = html_to_text(raw)
        meta_published = html_published(raw)
        text = page.text
        found = {"title": page.title or page.heading, "html_language": page.language}
    else:
        text = raw
    if not text.strip():
        raise BadInputError(path, "has no text once the markup is removed")
    front_date = found.get("published", found.get("date", ""))
    try:
        front_published = parse_published(front_date) if suffix == ".md" else None
    except ValueError as exc:
        problems.append(Problem(path, f"front matter {exc}; ignored", "warning"))
        front_published = None
    meta = meta or ManifestEntry()
    published, published_source = meta.published, "manifest"
    if published is None:
        published, published_source = front_published, "front_matter"
    language = meta.language or found.get("language") or found.get("lang")
    return Document(
        doc_id=doc_id,
        path=path,
        text=text,
        title=meta.title or found.get("title") or first_line(text),
        url=meta.url or found.get("url", ""),
        published=published,
        language=language or found.get("html_language") or DEFAULT_LANGUAGE,
        published_source=published_source if published else "none",
        meta_published=meta_published,
    ), problems
