"""The user's own library: articles kept outside the repository, and corrections that last.

The entry points are :func:`data_dir` (where the library lives), :func:`start_library`
(made once from the seed corpus), :func:`add_article` / :func:`add_text`,
:func:`update_article` and :func:`remove_article` (see :mod:`geo.library.articles`).
"""

from geo.library.articles import (
    Added,
    Entry,
    add_article,
    add_text,
    articles_folder,
    data_dir,
    read_entries,
    remove_article,
    start_library,
    update_article,
)

__all__ = [
    "Added",
    "Entry",
    "add_article",
    "add_text",
    "articles_folder",
    "data_dir",
    "read_entries",
    "remove_article",
    "start_library",
    "update_article",
]
