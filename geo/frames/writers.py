"""Write the frames to GeoJSON (RFC 7946), GeoPackage, GeoParquet and CSV, atomically.

Every file is written to a temporary name in the output folder and renamed over its
final name only when complete: a crash never leaves a half-written file. Every CSV
writer neutralises the text cells a spreadsheet would run as a formula (those starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading ``'``): the
cells hold article text, which is untrusted. ``acled`` writes the events in the columns
of ACLED's public exports (:mod:`geo.frames.acled`) as ``acled.csv``.

The set of files is written into a temporary folder that then takes the output folder's
place in one step (:func:`geo.files.atomic_folder`): a killed run never leaves a
half-written file nor a mix of new and old files, and its temporary folder is removed
by the next run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from geo.files import atomic_folder, atomic_write, locked, remove_temporaries

__all__ = ["FORMATS", "neutralise", "write_frames"]

FORMATS = ("geojson", "gpkg", "parquet", "csv", "acled")

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(table):
    """Return a copy of a table whose text cells cannot run as spreadsheet formulas.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": ["=1+1", "ok", "-x", None], "n": [-1, 2, 3, 4]})
    >>> neutralise(table)["a"].tolist()
    ["'=1+1", 'ok', "'-x", nan]
    """
    from pandas.api.types import is_numeric_dtype

    out = table.copy()
    for column in out.columns:
        if not is_numeric_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v
            )
    return out


def _plain(frame):
    """Return a copy fit for drivers: no pandas NA in object columns."""
    out = frame.copy()
    for column in out.columns:
        if column != out.geometry.name and out[column].dtype == object:
            out[column] = out[column].where(out[column].notna(), None)
    return out


def _geojson(frame, tmp: Path, name: str) -> None:
    _plain(frame).to_file(tmp, driver="GeoJSON", engine="pyogrio", layer=name, RFC7946="YES")


def _parquet(frame, tmp: Path) -> None:
    frame.to_parquet(tmp, index=False)


def _csv(frame, tmp: Path) -> None:
    table = frame.drop(columns=frame.geometry.name).copy()
    table["wkt"] = frame.geometry.to_wkt()
    neutralise(table).to_csv(tmp, index=False)


def _acled(frames: Mapping[str, object], tmp: Path) -> None:
    from geo.frames.acled import acled_frame
    from geo.frames.build import empty_frame
    from geo.frames.schema import PLACE_COLUMNS

    places = frames.get("places")
    table = acled_frame(
        frames["events"], places if places is not None else empty_frame(PLACE_COLUMNS)
    )
    neutralise(table).to_csv(tmp, index=False)


def write_frames(
    frames: Mapping[str, object], out_dir: str | os.PathLike, *, formats=FORMATS
) -> list[Path]:
    """Write each named frame in every format; return the paths written.

    Parameters
    ----------
    frames : mapping of str to GeoDataFrame
        E.g. ``{"places": ..., "events": ..., "flows": ...}``.
    out_dir : path-like
        The output folder (created if needed).
    formats : iterable of str
        Any of :data:`FORMATS`. ``gpkg`` writes one ``newsmap.gpkg`` with a layer per frame;
        ``acled`` one ``acled.csv`` of the ``events`` frame (with ``places`` for the regions).
    """
    formats = tuple(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output formats {sorted(unknown)}; expected some of {FORMATS}")
    out = Path(out_dir)
    with locked(out):  # the set appears whole (atomic_folder); a killed run's is removed
        remove_temporaries(out.parent, older_than=0, of=out.name)
        with atomic_folder(out) as tmp:
            written = _write_all(frames, tmp, formats)
    return [out / path.name for path in written]


def _write_all(frames: Mapping[str, object], out: Path, formats: tuple[str, ...]) -> list[Path]:
    written: list[Path] = []
    for name, frame in frames.items():
        if "geojson" in formats:
            written.append(
                atomic_write(out / f"{name}.geojson", lambda t, f=frame, n=name: _geojson(f, t, n))
            )
        if "parquet" in formats:
            written.append(atomic_write(out / f"{name}.parquet", lambda t, f=frame: _parquet(f, t)))
        if "csv" in formats:
            written.append(atomic_write(out / f"{name}.csv", lambda t, f=frame: _csv(f, t)))
    if "gpkg" in formats:

        def gpkg(tmp: Path) -> None:
            for name, frame in frames.items():
                _plain(frame).to_file(
                    tmp, layer=name, driver="GPKG", engine="pyogrio", geometry_type="Unknown"
                )

        written.append(atomic_write(out / "newsmap.gpkg", gpkg))
    if "acled" in formats and "events" in frames:
        written.append(atomic_write(out / "acled.csv", lambda t: _acled(frames, t)))
    return written
