"""The gazetteer: an offline index of places, opened once and queried by name.

The index is one SQLite file built by :mod:`geo.gazetteer.build` from GeoNames
cities500, Natural Earth admin-1 regions and countries, curated macro-regions and water
bodies (seas, gulfs, straits) and the user's curated places (see the README). It lives
in a cache directory outside the repository: ``$NEWSMAP_GAZETTEER`` names the file
itself, else ``$NEWSMAP_CACHE_DIR/gazetteer.sqlite``, else ``$XDG_CACHE_HOME/newsmap/``
or ``~/.cache/newsmap/``.

Examples
--------
>>> from geo.gazetteer.index import Gazetteer
>>> with Gazetteer.open() as gaz:  # doctest: +SKIP
...     [c.admin1_name for c in gaz.lookup("Korenevo")][:2]
['Kursk Oblast', 'Moscow Oblast']
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from geo.errors import GazetteerError
from geo.files import atomic_write_text
from geo.gazetteer.candidate import MATCH_KINDS, Candidate
from geo.gazetteer.names import ABBREVIATIONS, fold, skeleton, strip_possessive

__all__ = ["Gazetteer", "SCHEMA_VERSION", "default_index_path"]

SCHEMA_VERSION = 3

# Name kinds stored in the index.
NAME_PRIMARY, NAME_ALTERNATE, NAME_DEMONYM = 0, 1, 2

# Words that name an administrative region after a proper name: "the Kursk region".
_REGION_WORDS = re.compile(
    r"\s+(?:region|oblast|province|state|krai|kray|territory|governorate|prefecture|"
    r"republic|autonomous republic|district|county|department|voivodeship|canton)$",
    re.IGNORECASE,
)


def default_index_path() -> Path:
    """Return where the index lives, honouring the environment variables."""
    explicit = os.environ.get("NEWSMAP_GAZETTEER")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("NEWSMAP_CACHE_DIR")
    if cache:
        return Path(cache) / "gazetteer.sqlite"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsmap" / "gazetteer.sqlite"


_ENTRY_COLUMNS = (
    "e.entry_id, e.name, e.feature_class, e.feature_code, e.geonameid, e.lat, e.lon, "
    "e.country, e.admin1_code, e.admin1_name, e.population, e.source, e.uncertainty_km, "
    "e.has_geometry, e.note"
)


class Gazetteer:
    """A read-only handle on a built index. Open it with :meth:`Gazetteer.open`.

    Lookups are cached per handle, so repeated names in a corpus cost one query.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = _Guarded(connection, path)
        self.path = path
        self._cache: dict[tuple, tuple[Candidate, ...]] = {}
        self._areas: dict[str, object] = {}
        self.meta = dict(connection.execute("SELECT key, value FROM meta"))

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, threads: bool = False) -> Gazetteer:
        """Open the index read-only.

        Parameters
        ----------
        path : path-like, optional
            The index file; default :func:`default_index_path`.
        threads : bool
            Allow the handle to be used from other threads than the one that opened it
            (Streamlit runs each rerun in a new thread). Safe: the handle only reads.

        Raises
        ------
        GazetteerError
            When the file is missing, is not a Newsmap index, has another schema, or is
            damaged (SQLite's ``quick_check`` fails: see :func:`_verify`).
        """
        index = Path(path) if path is not None else default_index_path()
        if not index.is_file():
            raise GazetteerError(
                f"{index}: no gazetteer index here; build it with `python -m geo gazetteer build`"
            )
        try:
            db = sqlite3.connect(
                f"{index.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=not threads
            )
            version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{index}: not a gazetteer index ({exc}); {_REBUILD}") from exc
        if version is None or int(version[0]) != SCHEMA_VERSION:
            db.close()
            raise GazetteerError(
                f"{index}: index schema {version and version[0]} is not {SCHEMA_VERSION}; "
                "rebuild it with `python -m geo gazetteer build`"
            )
        try:
            _verify(db, index)
        except GazetteerError:
            db.close()
            raise
        return cls(db, index)

    def close(self) -> None:
        """Close the underlying database."""
        self._db.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries -----------------------------------------------------------------
    def lookup(
        self,
        name: str,
        *,
        feature_classes: Iterable[str] | None = None,
        fuzzy: bool = True,
        limit: int = 25,
    ) -> tuple[Candidate, ...]:
        """Return the ranked candidates for a name.

        Parameters
        ----------
        name : str
            A place name as written: ``"Korenevo"``, ``"the Kursk region"``,
            ``"South Korea's"``, ``"North Korean"``.
        feature_classes : iterable of str, optional
            Keep only these classes (see :data:`FEATURE_CLASSES`).
        fuzzy : bool
            Also try the transliteration skeleton when nothing matches exactly or folded.
        limit : int
            At most this many candidates.

        Returns
        -------
        tuple of Candidate
            Best first: by match kind, then by :attr:`Candidate.importance`.
        """
        classes = tuple(sorted(feature_classes)) if feature_classes is not None else None
        key = (name, classes, fuzzy, limit)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._lookup(name, classes, fuzzy, limit)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def _lookup(
        self, name: str, classes: tuple[str, ...] | None, fuzzy: bool, limit: int
    ) -> tuple[Candidate, ...]:
        query = strip_possessive(name.strip())
        if query.lower().startswith("the "):
            query = query[4:]
        found = self._match(query, classes, fuzzy)
        base = _REGION_WORDS.sub("", query)
        if base != query and (classes is None or "admin_region" in classes):
            # "Kursk region" / "Kursk Oblast": the region called Kursk.
            for cand in self._match(base, ("admin_region",), fuzzy).values():
                found.setdefault(cand.entry_id, cand)
        ranked = sorted(
            found.values(),
            key=lambda c: (MATCH_KINDS.index(c.match), -c.importance, c.entry_id),
        )
        return tuple(ranked[:limit])

    def _match(
        self, query: str, classes: tuple[str, ...] | None, fuzzy: bool
    ) -> dict[str, Candidate]:
        rows = self._db.execute(
            f"SELECT n.name, n.kind, {_ENTRY_COLUMNS} FROM names n "
            "JOIN entries e ON e.id = n.entry WHERE n.folded = ?",
            (fold(query),),
        ).fetchall()
        if not rows and fuzzy and len(query) >= 4:
            rows = self._db.execute(
                f"SELECT n.name, -1, {_ENTRY_COLUMNS} FROM names n "
                "JOIN entries e ON e.id = n.entry WHERE n.skeleton = ?",
                (skeleton(query),),
            ).fetchall()
        best: dict[str, Candidate] = {}
        wanted = query.casefold()
        english = query.isascii()  # news writes "Cancun" and "Sao Paulo" for Cancún, São Paulo
        # "US" is not "Us" (Aude): an abbreviation only matches a name written in capitals.
        acronym = query.isupper() and len(query.replace(".", "")) <= 4
        for matched, kind, *entry in rows:
            if classes is not None and entry[2] not in classes:
                continue
            if _code(matched) and (not acronym or _undotted(matched).upper() not in ABBREVIATIONS):
                # "Ken" is not KEN (Kenya's ISO code), "Eu" not EU; "GTM" is no abbreviation
                # news writes for Guatemala (only those of names.ABBREVIATIONS are).
                continue
            if kind == -1:
                match = "fuzzy"
            elif (
                matched.casefold() == wanted
                or (english and _plain(matched) == wanted)
                or (acronym and _undotted(matched) == _undotted(query))
            ) and not (acronym and not matched.isupper()):
                match = "exact" if kind == NAME_PRIMARY else "alternate"
            else:
                match = "folded"
            cand = _candidate(entry, matched, match, kind == NAME_DEMONYM)
            old = best.get(cand.entry_id)
            if old is None or MATCH_KINDS.index(match) < MATCH_KINDS.index(old.match):
                best[cand.entry_id] = cand
        return best

    def get(self, entry_id: str) -> Candidate | None:
        """Return the entry with this id as an exact candidate, or None."""
        row = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.entry_id = ?", (entry_id,)
        ).fetchone()
        return None if row is None else _candidate(row, row[1], "exact", False)

    def geometry(self, entry_id: str):
        """Return the polygon of an area entry as a shapely geometry, or None for points."""
        import shapely

        row = self._db.execute(
            "SELECT g.wkb FROM geometries g JOIN entries e ON e.id = g.entry WHERE e.entry_id = ?",
            (entry_id,),
        ).fetchone()
        return None if row is None else shapely.from_wkb(row[0])

    def holds(self, area: Candidate, place: Candidate) -> bool:
        """Tell whether ``place`` lies in ``area`` (a country or a region of one).

        Same country; then a country holds all its places, a region those of its admin-1
        code, and a region with a polygon also those whose point lies in it (the UK's
        nations hold towns whose admin-1 region is a county).

        Examples
        --------
        >>> texas = gaz.lookup("Texas", feature_classes=("admin_region",))[0]  # doctest: +SKIP
        >>> [p.country for p in gaz.lookup("Paris") if gaz.holds(texas, p)]  # doctest: +SKIP
        ['US']
        """
        if place.entry_id == area.entry_id or not place.country or place.country != area.country:
            return False
        if area.feature_class == "country":
            return True
        if area.admin1_code and place.admin1_code == area.admin1_code:
            return True
        if area.feature_class != "admin_region" or not area.has_geometry:
            return False
        if area.entry_id not in self._areas:
            self._areas[area.entry_id] = self.geometry(area.entry_id)
        polygon = self._areas[area.entry_id]
        if polygon is None:
            return False
        import shapely

        return bool(shapely.contains_xy(polygon, place.lon, place.lat))

    def admin1_of(self, country: str, admin1_code: str) -> Candidate | None:
        """Return the admin-1 region entry of a country's admin-1 code, or None."""
        row = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.feature_class = 'admin_region' "
            "AND e.country = ? AND e.admin1_code = ? LIMIT 1",
            (country, admin1_code),
        ).fetchone()
        return None if row is None else _candidate(row, row[1], "exact", False)

    def count(self) -> dict[str, int]:
        """Return the number of entries per source."""
        return dict(self._db.execute("SELECT source, COUNT(*) FROM entries GROUP BY source"))


_REBUILD = "rebuild it with `python -m geo gazetteer build`"


def _identity(index: Path) -> str:
    info = index.stat()
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ino} {SCHEMA_VERSION}\n"


def _verify(db: sqlite3.Connection, index: Path) -> None:
    """Refuse a damaged index: SQLite's ``PRAGMA quick_check``, once per file identity.

    ``quick_check`` reads the whole file (0.3-0.9 s on the full index), so it runs when
    the file's size, modification time or inode changed since the last check that
    passed; that check is recorded in ``.verified/<index name>`` beside the index (when
    the folder is writable). Opening a checked index costs one ``stat``.
    """
    stamp = index.parent / ".verified" / index.name
    identity = _identity(index)
    try:
        if stamp.read_text(encoding="utf-8") == identity:
            return
    except (OSError, UnicodeDecodeError):
        pass
    try:
        found = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    if found != ["ok"]:
        raise GazetteerError(f"{index}: the index is damaged ({'; '.join(found)}); {_REBUILD}")
    with contextlib.suppress(OSError):  # a read-only cache: the check runs again next time
        atomic_write_text(stamp, identity)


class _Guarded:
    """The index's connection; a database error becomes a :class:`GazetteerError`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path

    def execute(self, sql: str, parameters=()) -> _Rows:
        try:
            return _Rows(self._connection.execute(sql, parameters).fetchall())
        except sqlite3.ProgrammingError:
            raise  # a misuse (another thread, a closed handle), not a damaged file
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                f"{self._path}: the index cannot be read ({exc}); {_REBUILD}"
            ) from None

    def close(self) -> None:
        self._connection.close()


class _Rows(list):
    """Rows already fetched, with the cursor's ``fetchone`` and ``fetchall``."""

    def fetchone(self):
        return self[0] if self else None

    def fetchall(self) -> list:
        return list(self)


def _plain(name: str) -> str:
    """Return the name in lower case without accents: "Cancún" is written as "Cancun"."""
    if name.isascii():
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _undotted(name: str) -> str:
    """Return an abbreviation without its dots: "U.S." and "US" are written alike."""
    return name.replace(".", "").casefold()


def _code(name: str) -> bool:
    """Return True for a code or acronym written in capitals ("KEN", "U.S.", "EU")."""
    letters = name.replace(".", "")
    return len(letters) <= 4 and letters.isalpha() and letters.isupper()


def _candidate(entry: list | tuple, matched: str, match: str, demonym: bool) -> Candidate:
    (entry_id, name, feature_class, feature_code, geonameid, lat, lon, country, admin1_code,
     admin1_name, population, source, uncertainty_km, has_geometry, note) = entry  # fmt: skip
    return Candidate(
        entry_id=entry_id,
        name=name,
        matched_name=matched,
        match=match,
        demonym=demonym,
        feature_class=feature_class,
        feature_code=feature_code,
        geonameid=geonameid,
        lat=lat,
        lon=lon,
        country=country,
        admin1_code=admin1_code,
        admin1_name=admin1_name,
        population=population,
        source=source,
        uncertainty_km=uncertainty_km,
        has_geometry=bool(has_geometry),
        note=note,
    )
