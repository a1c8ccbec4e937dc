"""Save an uploaded article into a corpus folder: safe name, validated, atomic.

The article is validated with :func:`geo.corpus.read.parse_article` (the same rules as
reading), written to a hidden temporary file in the folder and renamed into place
(:func:`geo.files.atomic_write_bytes`). A name that is taken by different bytes gets
``-2``, ``-3``, ...; the name is chosen and the file saved under a lock on the folder
(:func:`geo.files.locked`: ``.<folder>.lock`` beside it, nothing added inside the corpus),
so concurrent uploads of one name never overwrite each other.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from geo.errors import BadInputError
from geo.files import atomic_write_bytes, locked

ARTICLE_SUFFIXES = (".htm", ".html", ".md", ".txt")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Longest article text the pipeline parses, in characters (after markup is removed):
#: the place and event steps grow faster than the text, so longer articles are refused.
DEFAULT_MAX_CHARS = 200_000


def too_long(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str | None:
    """Say why a text is too long to parse, or None when it is not.

    Examples
    --------
    >>> too_long("Kursk" * 3, max_chars=10)
    'is 15 characters of text, over the limit of 10 parsed per article (max_chars)'
    """
    if len(text) <= max_chars:
        return None
    limit = f"over the limit of {max_chars:,} parsed per article (max_chars)"
    return f"is {len(text):,} characters of text, {limit}"


def safe_filename(filename: str) -> str:
    """Make an uploaded file's name safe to create in the corpus folder.

    Directories are dropped (no path traversal), characters other than letters,
    digits, ``.``, ``_`` and ``-`` become ``-``, leading dots go (no hidden files) and
    the extension is lower-cased.

    Raises
    ------
    BadInputError
        If the extension is not ``.txt``, ``.md``, ``.html`` or ``.htm``.

    Examples
    --------
    >>> safe_filename("../../etc/.Kursk report.TXT")
    'Kursk-report.txt'
    """
    name = unicodedata.normalize("NFC", re.split(r"[\\/]", filename)[-1]).strip()
    stem, dot, ext = name.rpartition(".")
    suffix = f".{ext.lower()}"
    if not dot or suffix not in ARTICLE_SUFFIXES:
        raise BadInputError(filename, "must be a .txt, .md, .html or .htm file")
    stem = re.sub(r"-{2,}", "-", re.sub(r"[^\w.-]+", "-", stem)).strip(".-")[:120]
    return f"{stem or 'article'}{suffix}"


def save_article(
    folder: str | os.PathLike[str],
    filename: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Path:
    """Save an uploaded article into a corpus folder, atomically, never clobbering.

    The name is made safe with :func:`safe_filename`; the bytes must be an article
    :func:`read_document` accepts. If a file of that name already holds the same bytes
    it is returned as is; if it holds other bytes, the article is saved as
    ``name-2.txt`` (``-3``, ...), under an inter-process lock on ``folder``. The bytes go
    to a hidden temporary file in ``folder`` that is then renamed into place, so readers
    never see half a file.

    Parameters
    ----------
    folder : str or os.PathLike
        The corpus folder (created if missing).
    filename : str
        The name the upload came with.
    data : bytes
        The file's content.
    max_bytes : int
        Largest file accepted, in bytes.
    max_chars : int
        Longest text accepted, in characters (see :data:`DEFAULT_MAX_CHARS`).

    Returns
    -------
    pathlib.Path
        Where the article now is.

    Raises
    ------
    BadInputError
        If the name, size or content is not acceptable.

    Examples
    --------
    >>> import tempfile
    >>> save_article(tempfile.mkdtemp(), "../Kursk.txt", b"Kursk, 2025").name
    'Kursk.txt'
    """
    name = safe_filename(filename)
    if len(data) > max_bytes:
        raise BadInputError(filename, f"is {len(data):,} bytes, over the limit of {max_bytes:,}")
    from geo.corpus.article import parse_article  # here: geo.corpus.read imports this module

    stem, suffix = name.rsplit(".", 1)
    doc, _ = parse_article(data, suffix=f".{suffix}", doc_id=stem, path=filename)
    if why := too_long(doc.text, max_chars):
        raise BadInputError(filename, why)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):  # the free name is chosen and taken at once (lock beside the folder)
        target, number = folder / name, 1
        while target.exists() or target.is_symlink():
            same = target.is_file() and target.stat().st_size == len(data)
            if same and not target.is_symlink() and target.read_bytes() == data:
                return target
            number += 1
            target = folder / f"{stem}-{number}.{suffix}"
        return atomic_write_bytes(target, data)
