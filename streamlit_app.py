"""Newsmap's app: ``streamlit run streamlit_app.py`` (``make run``).

The articles are the user's library (:mod:`geo.library`: ``$NEWSMAP_DATA``, else
``~/.local/share/newsmap``), started from ``seeds/`` the first time; articles are
added, edited and removed there, never in the repository. ``$NEWSMAP_CORPUS`` shows a
folder as it is instead (read only: no library). ``main()`` reads the choices from the
``*_ui()`` functions of :mod:`app.ui` and :mod:`app.library` and draws the view.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from app import library, ui
from app.corrections import corrections_key, corrections_ui
from app.view import apply_choices, corpus_key
from geo.frames.summary import warnings_of
from geo.library import data_dir, start_library
from geo.library.corrections import read_corrections

ROOT = Path(__file__).resolve().parent


def corpus_source() -> tuple[Path, Path | None]:
    """Return the corpus folder and the library's data folder (``None``: read only)."""
    if os.environ.get("NEWSMAP_CORPUS"):
        return Path(os.environ["NEWSMAP_CORPUS"]), None
    data = data_dir()
    return start_library(data, ROOT / "seeds"), data


def main() -> None:
    """Draw the page."""
    st.set_page_config(page_title="Newsmap", layout="wide")
    st.title("Newsmap")
    ui.static_resource(str(ROOT))
    folder, data = corpus_source()
    change = None
    if data is None:
        st.sidebar.caption("Showing $NEWSMAP_CORPUS as it is (no library).")
    else:
        added = library.add_ui(data)
        change = library.manage_ui(data) or added
        if change is not None:
            ui.forget_parse()
            if change.kind == "added":
                st.session_state["focus_doc"] = Path(change.file).stem
    key = corpus_key(folder)
    result = ui.parsed_corpus(str(folder), key)
    if change is not None:
        library.change_ui(change, ui.found_text(change.file, result))
    fixes, corrections = (), ()
    if data is not None:
        fixes, corrections = corrections_key(data), read_corrections(data)
    corpus = ui.corpus_resource(str(folder), key, result, fixes, corrections)
    if data is not None and corrections_ui(data, result.events, result.places):
        ui.corpus_resource.clear()
        st.rerun()
    choices = ui.filters_ui(corpus.options)
    ui.credits_ui()
    view = apply_choices(corpus, choices)  # the one filter of this run, drawn by all below
    ui.summary_ui(view)
    ui.map_ui(view, outlines=ui.outlines_path(), event_types=corpus.options.event_types)
    ui.downloads_ui(view, outlines=ui.outlines_path())
    ui.timeline_ui(view)
    ui.table_ui(view)
    ui.warnings_ui(warnings_of(result))


if __name__ == "__main__":
    main()
