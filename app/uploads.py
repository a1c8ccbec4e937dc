"""Adding an uploaded article to the corpus folder (size-limited, validated, atomic)."""

from __future__ import annotations

import os
from pathlib import Path

from geo.corpus.uploads import save_article

#: Largest upload accepted, in bytes (also ``server.maxUploadSize`` in MB).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: File types the uploader offers.
UPLOAD_TYPES = ("txt", "md", "html", "htm")


def save_upload(
    folder: str | os.PathLike[str],
    filename: str,
    data: bytes,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> Path:
    """Save an uploaded article into the corpus ``folder`` and return its path.

    The name is made safe, the bytes are checked like any article (size, type, text),
    and the file is written to a temporary name in ``folder`` and renamed into place;
    a name taken by other bytes gets ``-2``, ``-3``, ... (see
    :func:`geo.corpus.read.save_article`).

    Raises
    ------
    geo.errors.BadInputError
        When the name, size or content is not acceptable; the message names the file.

    Examples
    --------
    >>> import tempfile
    >>> save_upload(tempfile.mkdtemp(), "Kursk report.txt", b"Troops in Kursk.").name
    'Kursk-report.txt'
    """
    return save_article(folder, filename, data, max_bytes=max_bytes)
