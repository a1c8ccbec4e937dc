"""Write the frames to GeoJSON (RFC 7946), GeoPackage, GeoParquet and CSV, atomically.

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

__all__ = ["FORMATS", "write_frames"]

FORMATS = ("geojson", "gpkg", "parquet", "csv")


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
    table.to_csv(tmp, index=False)


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
        Any of :data:`FORMATS`. ``gpkg`` writes one ``newsmap.gpkg`` with a layer per frame.
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
    return written
