"""Scale benchmark (issue 7): the pipeline on Dask, and date slices of a large dataset.

Prints
- articles/s in one process, and on a Dask LocalCluster of 1 and 2 worker processes
  (target: >= 1.8x from 1 to 2 workers on a 2-core machine), the time each worker takes
  to load the model and the gazetteer once, and the memory of each worker;
- the time to read a one-month slice of 1,000,000 synthetic events against the whole
  dataset (target: a slice in under 1 s).

Usage: ``.venv/bin/python bench/bench_scale.py [--articles 400] [--events 1000000]``
with the gazetteer index at its default path (``NEWSMAP_GAZETTEER``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# One BLAS thread, as in every Dask worker (distributed sets these): a fair single process.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


from geo.store.distributed import (
    PipelineResources,
    open_client,
    parse_partition,
    parse_to_dataset,
    partitions,
)
from testkit.synthetic import synthetic_articles, write_shards

ROOT = Path(__file__).resolve().parent.parent

BATCH = 25


def single_process(corpus: Path) -> tuple[float, float]:
    """Return (load seconds, articles/s) for the same partitions parsed in this process."""
    from geo.store.distributed import worker_resources

    started = time.perf_counter()
    worker_resources()
    PipelineResources().setup(None)  # the same warm-up a worker does
    load = time.perf_counter() - started
    parts = list(partitions(corpus, batch_size=BATCH))
    started = time.perf_counter()
    count = 0
    for part in parts:
        parse_partition(part.documents)
        count += len(part.documents)
    return load, count / (time.perf_counter() - started)


def worker_rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def load_note() -> str:
    """Return the 1-minute load average, flagged when other work shares the cores."""
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    return f"load {load:.1f} on {cores} cores" + (" — BUSY, figures low" if load > cores else "")


def _spin(_=None) -> float:
    started, x = time.perf_counter(), 0
    for i in range(5_000_000):
        x += i
    return time.perf_counter() - started


def machine_speedup() -> float:
    """Return how much faster two processes run two pure-Python loops than one does now.

    About 2.0 on an idle 2-core machine; less when other work shares the cores, which
    caps any Dask speed-up measured at the same time.
    """
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, range(2))  # start both
        started = time.perf_counter()
        pool.map(_spin, range(2), chunksize=2)  # both loops in one process
        one = time.perf_counter() - started
        started = time.perf_counter()
        pool.map(_spin, range(2), chunksize=1)
        two = time.perf_counter() - started
    return one / two


def worker_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def on_dask(corpus: Path, out: Path, workers: int) -> tuple[float, float, list[int], float]:
    """Return (load s, articles/s, RSS bytes per worker, share of the run on a CPU).

    The share is the workers' CPU time over (wall time x workers): near 1 when each
    worker had a core to itself, lower when other work took the cores.
    """
    with open_client(workers=workers) as client:
        started = time.perf_counter()
        client.register_plugin(PipelineResources())
        load = time.perf_counter() - started
        cpu = sum(client.run(worker_cpu).values())
        report = parse_to_dataset(corpus, out, client=client, batch_size=BATCH, progress=False)
        assert not report.failed, report.summary()
        cpu = sum(client.run(worker_cpu).values()) - cpu
        rss = sorted(client.run(worker_rss).values())
    return load, report.articles / report.seconds, rss, cpu / (report.seconds * workers)


def synthetic_events(rows: int, *, seed: int = 0):
    """Return an events frame of ``rows`` rows over 25 months (5% undated)."""
    import geopandas
    import numpy as np
    import pandas as pd
    import shapely

    from geo.frames.schema import CRS, EVENT_COLUMNS

    rng = np.random.default_rng(seed)
    first = np.datetime64("2024-01-01")
    start = first + rng.integers(0, 25 * 30, rows).astype("timedelta64[D]")
    end = start + rng.integers(0, 30, rows).astype("timedelta64[D]")
    undated = rng.random(rows) < 0.05
    start_s = pd.Series(start.astype(str), dtype=object).where(~undated, None)
    end_s = pd.Series(end.astype(str), dtype=object).where(~undated, None)
    n = np.arange(rows)
    data = {c: "" for c in EVENT_COLUMNS if c != "geometry"}
    data.update(
        event_id=[f"d{i // 3}:e{i % 3}" for i in n], doc_id=[f"d{i // 3}" for i in n],
        event_type="deployment", start=start_s, end=end_s, date_precision="day",
        reference_inferred=False, quantity=np.nan, sentence_start=0, sentence_end=10,
        place_start=-1, place_end=-1, confidence=0.5,
    )  # fmt: skip
    frame = pd.DataFrame(data, index=n)
    points = shapely.points(rng.uniform(20, 40, rows), rng.uniform(44, 56, rows))
    return geopandas.GeoDataFrame(frame, geometry=points, crs=CRS)[list(EVENT_COLUMNS)]


def slice_timing(rows: int, folder: Path, *, groups: int = 10) -> None:
    """Write ``rows`` events as ``groups`` partitions, then time reads of a month and all."""
    import geopandas

    from geo.frames.build import empty_frame
    from geo.frames.schema import FLOW_COLUMNS, PLACE_COLUMNS
    from geo.store.catalog import open_dataset, write_catalog
    from geo.store.read import event_files, read_events
    from geo.store.write import write_partition

    class Frames:
        def __init__(self, events):
            self.events = events
            self.places = empty_frame(PLACE_COLUMNS)
            self.flows = empty_frame(FLOW_COLUMNS)

    started = time.perf_counter()
    events = synthetic_events(rows)
    open_dataset(folder, partitioning={"corpus": "synthetic", "batch_size": rows // groups})
    size = -(-rows // groups)
    for number in range(groups):
        part = geopandas.GeoDataFrame(events.iloc[number * size : (number + 1) * size])
        write_partition(folder, f"{number:06d}-synthetic", Frames(part), doc_ids=[], sources=[])
    write_catalog(folder)
    files = list((folder / "events").glob("month=*/*.parquet"))
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n{rows:,} synthetic events: {len(files)} files, {megabytes:.0f} MB, "
          f"written in {time.perf_counter() - started:.1f} s ({groups} partitions)")  # fmt: skip
    read_events(folder, since="2025-01-01", until="2025-01-31")  # warm the imports
    for label, since, until in (
        ("one month (Oct 2025)", "2025-10-01", "2025-10-31"),
        ("one day (2025-03-15)", "2025-03-15", "2025-03-15"),
        ("three months (2024 Q3)", "2024-07-01", "2024-09-30"),
        ("the whole dataset", None, None),
    ):
        best, got, touched = float("inf"), 0, 0
        for _ in range(3):
            t = time.perf_counter()
            frame = read_events(folder, since=since, until=until)
            best = min(best, time.perf_counter() - t)
            got = len(frame)
        touched = len(event_files(folder, since=since, until=until))
        print(f"  read {label:<24} {got:>9,} rows from {touched:>3} files in {best:6.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_shards(corpus, synthetic_articles(args.articles, seed=11), per_shard=100)
        print(f"{args.articles} synthetic articles, partitions of {BATCH}")
        load, rate = single_process(corpus)
        print(
            f"  single process     {rate:6.1f} articles/s   (load model + gazetteer {load:.2f} s)"
            f"   [{load_note()}]"
        )
        rates = {}
        for workers in (1, 2):
            out = Path(tmp) / f"out{workers}"
            load, rates[workers], rss, share = on_dask(corpus, out, workers)
            memory = ", ".join(f"{r / 1e6:.0f} MB" for r in rss)
            print(f"  dask, {workers} worker{'s' if workers > 1 else ' '}    "
                  f"{rates[workers]:6.1f} articles/s   (load per worker {load:.2f} s; "
                  f"memory per worker {memory}; workers on a CPU {share:.0%} of the run)"
                  f"   [{load_note()}]")  # fmt: skip
        machine = machine_speedup()
        print(f"  speed-up 1 -> 2 workers: {rates[2] / rates[1]:.2f}x (target >= 1.8x); "
              f"two pure-Python processes here now: {machine:.2f}x")  # fmt: skip
        slice_timing(args.events, Path(tmp) / "events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
