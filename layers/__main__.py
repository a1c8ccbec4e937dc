"""``python -m layers export``: write a self-contained HTML map of a corpus.

Exit status as ``python -m geo parse``: 0 written; 1 nothing written (an error, or
nothing to map: no event and no place, with the reasons); 3 written, but some input was
left out (listed on stderr).

Examples
--------
``python -m layers export --input seeds/ --since 2025-01-01 -o map.html``
``python -m layers export --places p.geojson --events e.geojson --flows f.geojson -o map.html``
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.errors import NewsmapError

#: The project's country outlines, used when present.
DEFAULT_OUTLINES = Path(__file__).resolve().parent.parent / "geo" / "data" / "countries.parquet"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m layers", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write one self-contained HTML map")
    export.add_argument(
        "--input",
        default="seeds/",
        help="corpus folder or file, or a dataset written by `geo parse --engine dask` "
        "(default seeds/)",
    )
    export.add_argument("--places", help="places GeoJSON (instead of --input)")
    export.add_argument("--events", help="events GeoJSON (instead of --input)")
    export.add_argument("--flows", help="flows GeoJSON (optional with --places/--events)")
    export.add_argument("--outlines", help="country outlines file (default geo/data/...)")
    export.add_argument("--since", help="first day YYYY-MM-DD")
    export.add_argument("--until", help="last day YYYY-MM-DD")
    export.add_argument(
        "--undated",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="keep undated events (default: only without a date range)",
    )
    export.add_argument(
        "--corrections",
        help="apply the corrections saved by the app (corrections.jsonl of the library, "
        "e.g. ~/.local/share/newsmap/corrections.jsonl)",
    )
    export.add_argument("--title", default="Newsmap", help="page title")
    export.add_argument("-o", "--output", required=True, help="HTML file to write")
    return parser


def _read(path: str | None, kind: str) -> Any:
    import geopandas as gpd

    from geo.errors import BadInputError
    from geo.frames import schema

    if path is None:
        columns = {"places": schema.PLACE_COLUMNS, "flows": schema.FLOW_COLUMNS}[kind]
        return gpd.GeoDataFrame(
            {c: [] for c in columns if c != "geometry"}, geometry=[], crs=schema.CRS
        )
    try:
        return gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BadInputError(path, f"cannot read the {kind} file: {exc}") from exc


EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 3


def _frames(args: argparse.Namespace) -> tuple[Any, Any, Any, list[str]]:
    """Return places, events, flows and the input left out (``source: problem``)."""
    if args.places or args.events or args.flows:
        if not args.events:
            raise NewsmapError("--events is required with --places/--flows")
        return (
            _read(args.places, "places"),
            _read(args.events, "events"),
            _read(args.flows, "flows"),
            [],
        )
    from geo.store.catalog import is_dataset
    from geo.store.read import read_dataset

    if is_dataset(args.input):
        # Only the partitions and rows of the chosen dates are read.
        frames = read_dataset(
            args.input, since=args.since, until=args.until, include_undated=args.undated
        )
        return frames.places, frames.events, frames.flows, []
    from geo.pipeline import parse_corpus

    if not Path(args.input).exists():
        raise NewsmapError(f"{args.input}: no such file or folder")
    corpus = parse_corpus(args.input)
    skipped = [f"{p.source}: {p.problem}" for p in corpus.problems if p.severity == "error"]
    return corpus.places, corpus.events, corpus.flows, skipped


def export_command(args: argparse.Namespace) -> tuple[Path, list[str]]:
    """Run ``export``: read the frames, build the map, write the page.

    Returns the page's path and the input left out.

    Raises
    ------
    NewsmapError
        When the input gives nothing to map (no event, no place); nothing is written.
    """
    from layers.dates import check_range
    from layers.export import export_html

    check_range(args.since, args.until)  # an inverted or malformed range, before any work
    places, events, flows, skipped = _frames(args)
    if args.corrections:
        from geo.library.corrections import apply_corrections, parse_corrections

        path = Path(args.corrections)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise NewsmapError(f"{path}: cannot read the corrections: {exc}") from exc
        fixes = parse_corrections(text, source=str(path))
        places, events, flows = apply_corrections(places, events, flows, fixes)
    if not len(events) and not len(places):
        reasons = "; ".join(skipped) or "no place or event was found in it"
        raise NewsmapError(f"{args.input}: nothing to map ({reasons}); no page written")
    outlines = None  # a path: read and serialised by layers.base.outlines_file_json
    outlines_path = Path(args.outlines) if args.outlines else DEFAULT_OUTLINES
    if args.outlines or outlines_path.is_file():
        outlines = str(outlines_path)
    page = export_html(
        (places, events, flows),
        args.output,
        since=args.since,
        until=args.until,
        include_undated=args.undated,
        title=args.title,
        outlines=outlines,
    )
    return page, skipped


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit status (see the module)."""
    args = _parser().parse_args(argv)
    try:
        path, skipped = export_command(args)
    except NewsmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for problem in skipped:
        print(f"skipped {problem}", file=sys.stderr)
    print(f"wrote {path}")
    return EXIT_SKIPPED if skipped else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
