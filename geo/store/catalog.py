"""A dataset folder's bookkeeping: its header, the ``_done`` markers and ``_catalog.json``.

:func:`open_dataset` creates the folder (or checks an existing one's partitioning);
a partition counts only once its marker is written; the catalog gathers every marker
in one file. The layout is described in :mod:`geo.store`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from geo.errors import BadInputError
from geo.files import atomic_write_text

HEADER = "_newsmap_dataset.json"
DONE = "_done"
CATALOG = "_catalog.json"
FORMAT = "newsmap-dataset"
VERSION = 1


def open_dataset(out: str | os.PathLike, *, partitioning: dict) -> Path:
    """Create the dataset folder, or check that an existing one was partitioned the same way.

    ``partitioning`` (the corpus and the batch size) is recorded in the header; a rerun
    with another partitioning would pair the ``_done`` markers with other articles.

    Raises
    ------
    BadInputError
        If ``out`` holds a dataset partitioned differently, or something else.
    """
    root = Path(out)
    header = root / HEADER
    wanted = {"format": FORMAT, "version": VERSION, "partitioning": partitioning}
    if header.is_file():
        found = json.loads(header.read_text(encoding="utf-8"))
        if found != wanted:
            raise BadInputError(
                os.fspath(out),
                f"holds a dataset made with {found.get('partitioning')}, not {partitioning}; "
                "resume with the same corpus and batch size, or choose another --out",
            )
        return root
    if root.is_dir() and any(root.iterdir()):
        raise BadInputError(os.fspath(out), "is not empty and not a Newsmap dataset")
    text = json.dumps(wanted, indent=1)
    atomic_write_text(header, text)
    return root


def done_partitions(dataset: str | os.PathLike) -> list[str]:
    """Return the ids of the complete partitions, sorted (corpus order)."""
    folder = Path(dataset) / DONE
    if not folder.is_dir():
        return []
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")
                  and not p.name.startswith("."))  # fmt: skip


def read_marker(dataset: str | os.PathLike, pid: str) -> dict:
    """Return the ``_done`` marker of one partition."""
    return json.loads((Path(dataset) / DONE / f"{pid}.json").read_text(encoding="utf-8"))


def write_catalog(dataset: str | os.PathLike) -> Path:
    """Gather every ``_done`` marker into ``_catalog.json`` (readers then open one file)."""
    root = Path(dataset)
    markers = [read_marker(root, pid) for pid in done_partitions(root)]
    text = json.dumps({"partitions": markers}, ensure_ascii=False)
    return atomic_write_text(root / CATALOG, text)


def is_dataset(path: str | os.PathLike) -> bool:
    """Tell whether ``path`` is a dataset folder written by :func:`write_partition`."""
    return (Path(path) / HEADER).is_file()


def read_catalog(dataset: str | os.PathLike) -> list[dict]:
    """Return the markers of the complete partitions, in corpus order.

    Uses ``_catalog.json`` when it lists exactly the partitions marked done, else reads
    the markers one by one.

    Raises
    ------
    BadInputError
        If ``dataset`` is not a Newsmap dataset folder.
    """
    root = Path(dataset)
    if not is_dataset(root):
        raise BadInputError(os.fspath(dataset), f"is not a Newsmap dataset (no {HEADER})")
    done = done_partitions(root)
    catalog = root / CATALOG
    if catalog.is_file():
        markers = json.loads(catalog.read_text(encoding="utf-8"))["partitions"]
        if [m["partition"] for m in markers] == done:
            return markers
    return [read_marker(root, pid) for pid in done]
