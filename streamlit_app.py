"""Newsmap's app: ``streamlit run streamlit_app.py`` (``make run``).

The corpus folder is ``$NEWSMAP_CORPUS`` (default ``seeds/``). ``main()`` reads the
choices from the ``*_ui()`` functions of :mod:`app.ui` and draws the view.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from app import ui
from app.view import apply_choices, corpus_key
from geo.frames.summary import warnings_of

ROOT = Path(__file__).resolve().parent


def corpus_folder() -> Path:
    """Return the corpus folder: ``$NEWSMAP_CORPUS`` or ``seeds/`` beside this file."""
    return Path(os.environ.get("NEWSMAP_CORPUS") or ROOT / "seeds")


def main() -> None:
    """Draw the page."""
    st.set_page_config(page_title="Newsmap", layout="wide")
    st.title("Newsmap")
    ui.static_resource(str(ROOT))
    folder = corpus_folder()
    added = ui.upload_ui(folder)
    key = corpus_key(folder)
    result = ui.parsed_corpus(str(folder), key)
    if added is not None:
        ui.added_ui(added, result)
    corpus = ui.corpus_resource(str(folder), key, result)
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
