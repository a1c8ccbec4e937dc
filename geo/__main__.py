"""Command line: ``python -m geo ...``.

``gazetteer build [--if-needed]``
    build the index from its sources (``--if-needed``: only when missing or stale).
``gazetteer import FILE``
    stream a GeoNames dump (``allCountries.zip``, ``RU.zip``, ...) into the index.
``gazetteer path`` / ``gazetteer info``
    where the index is; what it holds.
``lookup NAME [--json]``
    the ranked candidates for a name.
``parse PATH --out DIR [--format F ...] [--engine dask [--scheduler ADDRESS | --workers N]]``
    geoparse the articles at PATH (a folder or a file) and write the frames to DIR
    (``--format``: geojson, gpkg, parquet, csv, or acled: the events in the columns of
    ACLED's public exports); with ``--engine dask``, on a Dask cluster into a partitioned
    GeoParquet dataset.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.errors import NewsmapError

EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 3


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except NewsmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    gaz = commands.add_parser("gazetteer", help="build, import into, or locate the index")
    gaz_commands = gaz.add_subparsers(required=True, metavar="ACTION")
    build = gaz_commands.add_parser("build", help="build the index from its sources")
    build.add_argument("--if-needed", action="store_true", help="only when missing or stale")
    build.add_argument("--index", type=Path, help="index file (default: the cache path)")
    build.add_argument(
        "--curated", type=Path, action="append", help="curated places CSV (repeatable)"
    )
    build.set_defaults(run=_build)
    imp = gaz_commands.add_parser("import", help="stream a GeoNames dump into the index")
    imp.add_argument("file", type=Path)
    imp.add_argument("--index", type=Path)
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    imp.set_defaults(run=_import)
    path = gaz_commands.add_parser("path", help="print where the index is")
    path.set_defaults(run=lambda a: print(_index_path(None)) or EXIT_OK)
    info = gaz_commands.add_parser("info", help="print what the index holds")
    info.add_argument("--index", type=Path)
    info.set_defaults(run=_info)

    look = commands.add_parser("lookup", help="ranked candidates for a place name")
    look.add_argument("name")
    look.add_argument("--json", action="store_true", help="one JSON object per candidate")
    look.add_argument("--limit", type=int, default=10)
    look.add_argument("--index", type=Path)
    look.set_defaults(run=_lookup)

    parse = commands.add_parser("parse", help="geoparse articles and write the frames")
    parse.add_argument(
        "path", help="a folder of articles, one article, a .jsonl, or an fsspec URL (dask)"
    )
    parse.add_argument(
        "--out", required=True, help="output folder (dask: a folder or an fsspec URL)"
    )
    parse.add_argument(
        "--format",
        action="append",
        choices=("geojson", "gpkg", "parquet", "csv", "acled"),
        help="output format (repeatable; default: all; local engine only); acled: acled.csv, "
        "the events in the columns of ACLED's public exports",
    )
    parse.add_argument("--index", type=Path)
    parse.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: one process, files in --out; dask: a partitioned GeoParquet dataset",
    )
    where = parse.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, tcp://HOST:8786")
    where.add_argument("--workers", type=int, help="local Dask worker processes (default: cores)")
    parse.add_argument(
        "--batch-size",
        type=int,
        default=100,
        help="article files per Dask partition (default: 100)",
    )
    parse.add_argument(
        "--block-size",
        type=int,
        default=4 * 1024 * 1024,
        help="bytes of a .jsonl shard per Dask partition (default: 4 MiB)",
    )
    parse.add_argument("--quiet", action="store_true", help="no progress bar")
    parse.set_defaults(run=_parse)
    return parser


def _index_path(index: Path | None) -> Path:
    from geo.gazetteer.index import default_index_path

    return index or default_index_path()


def _build(args: argparse.Namespace) -> int:
    from geo.gazetteer.build import build_index, default_sources, index_is_current

    index = _index_path(args.index)
    sources = default_sources(args.curated)
    if args.if_needed and index_is_current(index, sources):
        print(f"gazetteer index is up to date: {index}")
        return EXIT_OK
    report = build_index(index, sources=sources)
    for problem in report.problems:
        print(f"skipped {problem}", file=sys.stderr)
    rows = ", ".join(f"{source} {count:,}" for source, count in sorted(report.rows.items()))
    print(f"built {index} in {report.seconds:.1f} s, {report.size_bytes / 1e6:.1f} MB: {rows}")
    return EXIT_SKIPPED if report.problems else EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from geo.gazetteer.geonames_dump import import_dump

    report = import_dump(_index_path(args.index), args.file, progress=not args.quiet)
    for problem in report.problems:
        print(f"skipped {problem}", file=sys.stderr)
    print(
        f"imported {report.added:,} places from {args.file} "
        f"({report.already_present:,} already present, {report.other_classes:,} not populated "
        f"places, {len(report.problems):,} bad lines)"
    )
    return EXIT_SKIPPED if report.problems else EXIT_OK


def _info(args: argparse.Namespace) -> int:
    from geo.gazetteer.index import Gazetteer

    with Gazetteer.open(_index_path(args.index)) as gaz:
        print(gaz.path)
        for key, value in sorted(gaz.meta.items()):
            print(f"  {key}: {value}")
        for source, count in sorted(gaz.count().items()):
            print(f"  {source}: {count:,} entries")
    return EXIT_OK


def _lookup(args: argparse.Namespace) -> int:
    from geo.gazetteer.index import Gazetteer

    with Gazetteer.open(_index_path(args.index)) as gaz:
        candidates = gaz.lookup(args.name, limit=args.limit)
    if not candidates:
        print(f"no place called {args.name!r}", file=sys.stderr)
        return EXIT_ERROR
    for rank, cand in enumerate(candidates, start=1):
        if args.json:
            print(json.dumps({"rank": rank, **cand.to_dict()}, ensure_ascii=False))
        else:
            where = ", ".join(p for p in (cand.admin1_name, cand.country) if p)
            print(
                f"{rank:>2}. {cand.name} ({where}) {cand.lat:.4f}, {cand.lon:.4f} "
                f"{cand.feature_class} pop {cand.population:,} [{cand.match}] "
                f"{cand.entry_id} {cand.source}"
            )
    return EXIT_OK


def _parse(args: argparse.Namespace) -> int:
    from geo.frames.summary import summarise
    from geo.frames.writers import FORMATS, write_frames
    from geo.gazetteer.index import Gazetteer
    from geo.pipeline import parse_corpus

    if "://" not in args.path and not Path(args.path).exists():
        print(f"error: {args.path}: no such file or folder", file=sys.stderr)
        return EXIT_ERROR
    if args.engine == "dask":
        return _parse_dask(args)
    if args.scheduler or args.workers:
        print("error: --scheduler and --workers need --engine dask", file=sys.stderr)
        return EXIT_ERROR
    with Gazetteer.open(_index_path(args.index)) as gaz:
        result = parse_corpus(args.path, gazetteer=gaz)
    frames = {"places": result.places, "events": result.events, "flows": result.flows}
    written = write_frames(frames, args.out, formats=args.format or FORMATS)
    print(summarise(result))
    print(f"wrote {len(written)} files to {args.out}")
    skipped = [p for p in result.problems if p.severity == "error"]
    return EXIT_SKIPPED if skipped else EXIT_OK


def _parse_dask(args: argparse.Namespace) -> int:
    from geo.store.distributed import check_workers, dashboard_link, open_client, parse_to_dataset
    from geo.store.plan import check_sizes

    if args.format:
        print("error: --format applies to --engine local; dask writes GeoParquet", file=sys.stderr)
        return EXIT_ERROR
    check_sizes(args.batch_size, args.block_size)  # every option checked before anything starts
    check_workers(args.workers)
    with open_client(scheduler=args.scheduler, workers=args.workers) as client:
        link = dashboard_link(client)
        print(f"Dask dashboard: {link}" if link else "Dask: no dashboard (install bokeh)")
        report = parse_to_dataset(
            args.path, args.out, client=client, batch_size=args.batch_size,
            block_size=args.block_size, index=args.index, progress=not args.quiet,
        )  # fmt: skip
    print(report.summary())
    print(f"dataset in {args.out}")
    return EXIT_SKIPPED if report.skipped_something else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
