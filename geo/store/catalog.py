"""A dataset's bookkeeping: its header, the ``_done`` markers and ``_catalog.json``.

:func:`open_dataset` creates the header (or checks an existing one's partitioning); a
partition counts only once its marker is written; the catalog gathers every marker
(without its article ids) and the merged places in one file. All of it goes through a
:class:`geo.store.storage.Storage`, so a dataset may be a folder or an fsspec URL. The
layout is described in :mod:`geo.store`.
"""

from __future__ import annotations

import json

from geo.errors import BadInputError
from geo.store.storage import Storage

HEADER = "_newsmap_dataset.json"
DONE = "_done"
CATALOG = "_catalog.json"
FORMAT = "newsmap-dataset"
VERSION = 2


def open_dataset(dataset, *, partitioning: dict) -> Storage:
    """Create the dataset's header, or check that an existing one was partitioned the same way.

    ``partitioning`` (the corpus, batch and block sizes) is recorded in the header; a rerun
    with another partitioning would pair the ``_done`` markers with other articles. Call
    it only once every option is valid: the header is the first thing written.

    Raises
    ------
    BadInputError
        If ``dataset`` holds a dataset partitioned differently, or something else.
    """
    storage = Storage.of(dataset)
    wanted = {"format": FORMAT, "version": VERSION, "partitioning": partitioning}
    text = storage.read_text(HEADER)
    if text is not None:
        found = json.loads(text)
        if found != wanted:
            raise BadInputError(
                storage.location,
                f"holds a dataset made with {found.get('partitioning')}, not {partitioning}; "
                "resume with the same corpus, batch and block size, or choose another --out",
            )
        return storage
    if storage.names(""):
        raise BadInputError(storage.location, "is not empty and not a Newsmap dataset")
    storage.write_text(HEADER, json.dumps(wanted, indent=1))
    return storage


def done_partitions(dataset) -> list[str]:
    """Return the ids of the complete partitions, sorted (corpus order)."""
    names = Storage.of(dataset).names(DONE)
    return [n[:-5] for n in names if n.endswith(".json") and not n.startswith(".")]


def read_marker(dataset, pid: str) -> dict | None:
    """Return the ``_done`` marker of one partition, or None when there is none."""
    text = Storage.of(dataset).read_text(f"{DONE}/{pid}.json")
    return None if text is None else json.loads(text)


def write_marker(dataset, marker: dict) -> None:
    """Commit a partition: write its marker (its files are then read)."""
    text = json.dumps(marker, ensure_ascii=False)
    Storage.of(dataset).write_text(f"{DONE}/{marker['partition']}.json", text)


def remove_partition(dataset, marker: dict, *, keep=frozenset()) -> None:
    """Remove a partition's marker, then its files (but those in ``keep``)."""
    storage = Storage.of(dataset)
    storage.remove(f"{DONE}/{marker['partition']}.json")
    for entry in marker["files"]:
        if entry["path"] not in keep:
            storage.remove(entry["path"])


def is_dataset(path) -> bool:
    """Tell whether ``path`` (a folder or URL) is a dataset written by the Dask engine."""
    return Storage.of(path).read_text(HEADER) is not None


def read_markers(dataset) -> list[dict]:
    """Return the marker of every complete partition, in corpus order."""
    storage = Storage.of(dataset)
    markers = (read_marker(storage, pid) for pid in done_partitions(storage))
    return [m for m in markers if m is not None]


def write_catalog(dataset, markers: list[dict], *, places: dict | None = None) -> None:
    """Write ``_catalog.json``: the markers (without doc_ids) and the merged places."""
    light = [{k: v for k, v in marker.items() if k != "doc_ids"} for marker in markers]
    text = json.dumps({"partitions": light, "places": places}, ensure_ascii=False)
    Storage.of(dataset).write_text(CATALOG, text)


def merged_places(dataset) -> dict | None:
    """Return the merged places ``_catalog.json`` records (``generation``, ``files``), if any."""
    text = Storage.of(dataset).read_text(CATALOG)
    return None if text is None else json.loads(text).get("places")


def read_catalog(dataset) -> tuple[list[dict], dict | None]:
    """Return the markers of the complete partitions (corpus order) and the merged places.

    Uses ``_catalog.json`` when it lists exactly the partitions marked done, else reads
    the markers one by one (and then reports no merged places).

    Raises
    ------
    BadInputError
        If ``dataset`` is not a Newsmap dataset.
    """
    storage = Storage.of(dataset)
    if not is_dataset(storage):
        raise BadInputError(storage.location, f"is not a Newsmap dataset (no {HEADER})")
    done = done_partitions(storage)
    text = storage.read_text(CATALOG)
    if text is not None:
        catalog = json.loads(text)
        if [m["partition"] for m in catalog["partitions"]] == done:
            return catalog["partitions"], catalog.get("places")
    return read_markers(storage), None
