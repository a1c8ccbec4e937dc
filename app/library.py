"""The sidebar's library: add, edit and remove the user's articles.

An article is added from a file or pasted text, with its date, title, URL and source.

The library lives in the user's data folder (:func:`geo.library.data_dir`), never in
the repository; every change goes through :mod:`geo.library` (validated, locked,
atomic). Messages are plain text (``st.text``) or escaped Markdown: nothing an upload
says is rendered as HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geo.errors import NewsmapError
from geo.library import (
    Added,
    add_article,
    add_text,
    read_entries,
    remove_article,
    update_article,
)

#: Largest upload accepted, in bytes (also ``server.maxUploadSize`` in MB, which makes
#: the browser refuse a bigger file before sending it).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: File types the uploader offers.
UPLOAD_TYPES = ("txt", "md", "html", "htm")


@dataclass(frozen=True)
class Change:
    """What the user just did to the library (shown once, after the rerun)."""

    kind: str  # "added", "duplicate", "edited", "removed"
    file: str
    title: str


def _now() -> str:
    """Return the time an article is added, in UTC (the app's clock, not geo's)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_ui(data: Path) -> Change | None:
    """Offer the "Add an article" form; add what is submitted; return the change."""
    with st.sidebar.expander("Add an article"), st.form("add_article", clear_on_submit=True):
        upload = st.file_uploader(
            f"File ({', '.join(UPLOAD_TYPES)}; up to {MAX_UPLOAD_BYTES // 2**20} MB)",
            type=list(UPLOAD_TYPES),
            key="upload",
        )
        pasted = st.text_area("…or paste the article's text", key="pasted", height=100)
        title = st.text_input("Title", key="add_title")
        published = st.date_input("Published", value=None, key="add_published", format="YYYY-MM-DD")
        url = st.text_input("URL", key="add_url", placeholder="https://…")
        source = st.text_input("Source", key="add_source", placeholder="e.g. a newspaper")
        submitted = st.form_submit_button("Add")
    if not submitted:
        return None
    fields = {"url": url, "published": published, "source": source, "added": _now()}
    try:
        if upload is not None:
            added = add_article(
                data,
                upload.name,
                upload.getvalue(),
                title=title,
                max_bytes=MAX_UPLOAD_BYTES,
                **fields,
            )
        elif pasted.strip():
            if not title.strip():
                raise NewsmapError("pasted text needs a title")
            added = add_text(data, pasted, title=title, max_bytes=MAX_UPLOAD_BYTES, **fields)
        else:
            raise NewsmapError("choose a file or paste a text first")
    except NewsmapError as exc:
        st.sidebar.error("The article was not added:")
        st.sidebar.text(str(exc))
        return None
    return _change_of(added)


def _change_of(added: Added) -> Change:
    st.session_state["library_article"] = added.entry.file  # shown in the Library list
    kind = "duplicate" if added.duplicate else "added"
    return Change(kind, added.entry.file, added.entry.title)


def manage_ui(data: Path) -> Change | None:
    """List the library's articles; edit or remove the one chosen; return the change."""
    entries = {entry.file: entry for entry in read_entries(data)}
    with st.sidebar.expander(f"Library ({_count(len(entries))})"):
        if not entries:
            st.caption("No article yet: add one above.")
            return None
        file = st.selectbox(
            "Article",
            list(entries),
            format_func=lambda f: entries[f].title or f,
            key="library_article",
        )
        entry = entries[file]
        with st.form(f"edit_{file}"):
            title = st.text_input("Title", value=entry.title)
            published = st.date_input("Published", value=entry.published, format="YYYY-MM-DD")
            url = st.text_input("URL", value=entry.url)
            source = st.text_input("Source", value=entry.source)
            save = st.form_submit_button("Save")
        remove = st.button("Remove this article", key=f"remove_{file}")
    try:
        if save:
            new = update_article(
                data, file, title=title, published=published, url=url, source=source
            )
            return Change("edited", new.file, new.title)
        if remove:
            old = remove_article(data, file)
            return Change("removed", old.file, old.title)
    except NewsmapError as exc:
        st.sidebar.error("The library was not changed:")
        st.sidebar.text(str(exc))
    return None


def change_ui(change: Change, found: str) -> None:
    """Say what changed (plain text); ``found`` tells what the parse found in it."""
    label = change.title or change.file
    message = {
        "added": f"Added: {label}",
        "duplicate": f"Already in the library (same content): {label}",
        "edited": f"Saved: {label}",
        "removed": f"Removed: {label}",
    }[change.kind]
    st.sidebar.success("Library updated")
    st.sidebar.text(f"{message}\n{found}".strip())


def _count(n: int) -> str:
    return "1 article" if n == 1 else f"{n} articles"
