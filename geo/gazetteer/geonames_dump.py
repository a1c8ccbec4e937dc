"""Import a full GeoNames dump (``allCountries.zip``, ``RU.zip`` or its ``.txt``) into the index.

The dump is the standard GeoNames table: one place a line, 19 tab-separated columns
(geonameid, name, asciiname, alternatenames, latitude, longitude, feature class,
feature code, country code, cc2, admin1 code, admin2, admin3, admin4, population,
elevation, dem, timezone, modification date). It is streamed line by line, so a
1.5 GB ``allCountries.txt`` never sits in memory. Populated places (class ``P``) are
imported; places already in the index (same geonameid) are skipped. A malformed line
is reported with its file and line number and skipped.

The import works on a copy of the index that replaces it only when complete, so an
interrupted import leaves the previous index intact.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from geo.errors import BadInputError
from geo.gazetteer.build import insert_entries, open_for_writing
from geo.gazetteer.sources import Entry, Problem

__all__ = ["ImportReport", "import_dump", "parse_line"]

_COLUMNS = 19


@dataclass(frozen=True)
class ImportReport:
    """What an import added and skipped."""

    path: Path
    added: int
    already_present: int
    other_classes: int
    problems: tuple[Problem, ...]


def parse_line(
    line: str, where: str, admin1_names: dict[tuple[str, str], str], source: str
) -> Entry | None:
    """Parse one dump line into an entry; None for a place that is not populated.

    Raises
    ------
    BadInputError
        The line does not have 19 columns, or a number or coordinate is invalid.
    """
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != _COLUMNS:
        raise BadInputError(where, f"expected {_COLUMNS} tab-separated columns, found {len(cols)}")
    if cols[6] != "P":
        return None
    try:
        geonameid = int(cols[0])
        lat, lon = float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError as exc:
        raise BadInputError(where, f"bad number ({exc})") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadInputError(where, f"coordinates ({lat}, {lon}) out of range")
    if not cols[1].strip():
        raise BadInputError(where, "empty name")
    country, admin1 = cols[8], cols[10]
    alternates = tuple(a for a in {cols[2], *cols[3].split(",")} if a)
    return Entry(
        entry_id=f"gn:{geonameid}",
        name=cols[1],
        feature_class="populated_place",
        feature_code=cols[7] or "PPL",
        lat=lat,
        lon=lon,
        country=country,
        source=source,
        geonameid=geonameid,
        admin1_code=admin1,
        admin1_name=admin1_names.get((country, admin1), ""),
        population=population,
        alternates=alternates,
    )


@contextmanager
def _open_lines(path: Path) -> Iterator[tuple[io.TextIOBase, int]]:
    """Open a dump (.zip with one .txt inside, or a .txt) as text lines, with its size."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if m.filename.endswith(".txt")]
            members = [m for m in members if "readme" not in m.filename.lower()]
            if not members:
                raise BadInputError(str(path), "the zip holds no .txt GeoNames table")
            with archive.open(members[0]) as raw:
                yield (
                    io.TextIOWrapper(raw, encoding="utf-8", errors="replace"),
                    members[0].file_size,
                )
    else:
        with path.open(encoding="utf-8", errors="replace") as handle:
            yield handle, path.stat().st_size


def import_dump(index: Path, dump: Path, *, progress: bool = True) -> ImportReport:
    """Stream a GeoNames dump into the index at ``index``.

    Parameters
    ----------
    index : Path
        A built index (see :func:`geo.gazetteer.build.build_index`).
    dump : Path
        ``allCountries.zip``, a country file such as ``RU.zip``, or the ``.txt`` inside.
    progress : bool
        Show a progress bar (tqdm) over the bytes read.
    """
    from tqdm import tqdm

    if not dump.is_file():
        raise BadInputError(str(dump), "no such file")
    source = f"geonames-dump:{dump.name}"
    handle, tmp_name = tempfile.mkstemp(prefix=f".{index.name}.", suffix=".tmp", dir=index.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    problems: list[Problem] = []
    added = present = other = 0
    try:
        shutil.copyfile(index, tmp)
        db = open_for_writing(tmp)
        known = {row[0] for row in db.execute("SELECT geonameid FROM entries WHERE geonameid")}
        admin1_names = {
            (c, a): n
            for c, a, n in db.execute(
                "SELECT country, admin1_code, name FROM entries WHERE feature_class='admin_region'"
            )
        }
        next_id = db.execute("SELECT MAX(id) FROM entries").fetchone()[0] or 0
        batch: list[Entry] = []
        with _open_lines(dump) as (lines, size):
            bar = tqdm(total=size, unit="B", unit_scale=True, disable=not progress, desc=dump.name)
            for number, line in enumerate(lines, start=1):
                bar.update(len(line.encode("utf-8")))
                if not line.strip() or line.startswith("#"):
                    continue
                try:
                    entry = parse_line(line, f"{dump}:{number}", admin1_names, source)
                except BadInputError as exc:
                    problems.append(Problem(exc.source, exc.problem))
                    continue
                if entry is None:
                    other += 1
                elif entry.geonameid in known:
                    present += 1
                else:
                    known.add(entry.geonameid)
                    batch.append(entry)
                if len(batch) >= 20_000:
                    added += sum(insert_entries(db, batch, start_id=next_id).values())
                    next_id += len(batch)
                    batch.clear()
            bar.close()
        added += sum(insert_entries(db, batch, start_id=next_id).values())
        db.execute("INSERT OR REPLACE INTO meta VALUES ('imported_' || ?, ?)", (dump.name, added))
        db.execute("ANALYZE")
        db.close()
        os.replace(tmp, index)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BadInputError(str(index), f"cannot import into the index: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ImportReport(dump, added, present, other, tuple(problems))
