"""Scale benchmark (issues 7 and 18): the Dask engine, its driver, and date slices of a dataset.

Prints
- articles/s of the same partitions run in this process and on a Dask LocalCluster of 1 and
  2 worker processes (workers read their partitions and write their files), with articles
  per CPU-second and the speed-up 1 -> 2 workers (target: >= 1.8x on an idle 2-core
  machine) beside the speed-up two plain Python processes get at the same moment (the
  ceiling this shared machine allows now);
- whether every run gives the same frames;
- the driver's CPU time and peak Python memory for two corpus sizes (flat, not growing
  with the corpus: the driver never holds article text or rows);
- a projection for 1,000,000 articles on 8, 32 and 128 workers from the measured costs;
- the time to read a one-month slice of synthetic events against the whole dataset.

Usage: ``.venv/bin/python bench/bench_scale.py [--articles 400] [--driver 400,4000]
[--events 1000000]`` with the gazetteer index at its default path (``NEWSMAP_GAZETTEER``).
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


from geo.store.distributed import PipelineResources, open_client, parse_to_dataset
from geo.store.plan import list_corpus, plan_partitions
from testkit.synthetic import synthetic_articles, write_shards

PER_PARTITION = 25  # articles per partition (shards cut into byte ranges of that size)


def make_corpus(folder: Path, articles: int) -> int:
    """Write ``articles`` synthetic articles in shards of 100; return the block size in bytes."""
    paths = write_shards(folder, synthetic_articles(articles, seed=11), per_shard=100)
    size = sum(p.stat().st_size for p in paths)
    return -(-size * PER_PARTITION // articles)


def cpu_now() -> float:
    """This process's CPU seconds (user + system)."""
    times = os.times()
    return times.user + times.system


def single_process(corpus: Path, out: Path, block: int) -> tuple[float, float, float]:
    """Run every partition's task in this process; return (load s, articles/s, CPU s)."""
    from geo.store.catalog import open_dataset, write_catalog, write_marker
    from geo.store.task import run_partition, worker_resources

    started = time.perf_counter()
    worker_resources()
    PipelineResources().setup(None)  # the same warm-up a worker does
    load = time.perf_counter() - started
    listing = list_corpus(corpus)
    storage = open_dataset(out, partitioning={"corpus": "bench"})
    markers, count = [], 0
    started, cpu = time.perf_counter(), cpu_now()
    for part in plan_partitions(listing, block_size=block):
        marker = run_partition(part, storage.location, reserved=listing.stems)
        write_marker(storage, marker)
        markers.append(marker)
        count += marker["articles"]
    write_catalog(storage, markers)
    return load, count / (time.perf_counter() - started), cpu_now() - cpu


def worker_rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def worker_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


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


class Driver:
    """The driver's CPU seconds and Python memory (tracemalloc) over one run.

    ``peak`` is the whole run's peak (the catalog step included); ``map_peak`` the largest
    memory in use when a partition was committed (the map step).
    """

    map_peak = 0

    def on_partition(self, pid: str) -> None:
        import tracemalloc

        self.map_peak = max(self.map_peak, tracemalloc.get_traced_memory()[0])

    def __enter__(self):
        import tracemalloc

        tracemalloc.start()
        self.cpu, self.wall = cpu_now(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        import tracemalloc

        self.cpu = cpu_now() - self.cpu
        self.wall = time.perf_counter() - self.wall
        self.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def on_dask(corpus: Path, out: Path, workers: int, block: int) -> dict:
    """Run the engine on ``workers`` processes; return its rates, loads and costs."""
    with open_client(workers=workers) as client:
        started = time.perf_counter()
        client.register_plugin(PipelineResources())
        load = time.perf_counter() - started
        cpu = sum(client.run(worker_cpu).values())
        with Driver() as driver:
            report = parse_to_dataset(corpus, out, client=client, block_size=block,
                                      progress=False, on_partition=driver.on_partition)  # fmt: skip
        assert not report.failed, report.summary()
        cpu = sum(client.run(worker_cpu).values()) - cpu
        rss = sorted(client.run(worker_rss).values())
    return {"load": load, "rate": report.articles / report.seconds, "rss": rss,
            "cpu": cpu, "share": cpu / (report.seconds * workers), "driver": driver,
            "articles": report.articles, "partitions": len(report.done)}  # fmt: skip


def same_frames(a: Path, b: Path) -> bool:
    """Whether two datasets hold the same three frames (rows compared as sorted tuples)."""
    from geo.store.read import read_dataset

    def rows(frame):
        plain = frame.drop(columns="geometry").astype(object)
        plain = plain.where(plain.notna(), None)
        return sorted(map(str, zip(*(plain[c] for c in plain), frame.geometry.to_wkt(),
                                   strict=True)))  # fmt: skip

    x, y = read_dataset(a, include_undated=True), read_dataset(b, include_undated=True)
    return all(rows(getattr(x, k)) == rows(getattr(y, k)) for k in ("places", "events", "flows"))


def partition_costs(out: Path) -> tuple[float, int]:
    """Return (worker CPU seconds per article, articles) from the markers of a run."""
    from geo.store.catalog import read_markers

    markers = read_markers(out)
    articles = sum(m["articles"] for m in markers)
    return sum(m["cpu_seconds"] for m in markers) / max(articles, 1), articles


def projection(per_article: float, driver_per_partition: float) -> None:
    """Print the run time and driver load for 1,000,000 articles on 8, 32 and 128 workers."""
    articles, batch = 1_000_000, 100
    partitions = articles // batch
    print(f"\nprojection for {articles:,} articles in partitions of {batch} "
          f"({partitions:,} partitions):")  # fmt: skip
    for workers in (8, 32, 128):
        work = per_article * articles / workers
        driver = driver_per_partition * partitions
        total = max(work, driver)
        print(f"  {workers:>3} workers: {total / 3600:5.2f} h "
              f"(workers {work / 3600:.2f} h each; driver CPU {driver / 60:.1f} min, "
              f"{driver / total:.1%} of one core)")  # fmt: skip
    print(
        "  assumes: one core per worker at this machine's measured CPU cost per article "
        f"({per_article * 1000:.0f} ms; these synthetic articles are ~650 bytes, real news "
        "~5x longer and slower, which only lowers the driver's share); storage that "
        "serves every worker's reads and writes (object storage or a shared file system); "
        "the driver's measured CPU time per extra partition (planning, scheduling, "
        "committing; measured under tracemalloc, so high) overlapping the workers' work; "
        "the places merge after the map step (one task per 10-degree cell: grows with "
        "places, not articles) left out"
    )


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
    from geo.store.catalog import open_dataset, write_catalog, write_marker
    from geo.store.read import event_files, read_events
    from geo.store.write import write_partition

    class Frames:
        def __init__(self, events):
            self.events = events
            self.places = empty_frame(PLACE_COLUMNS)
            self.flows = empty_frame(FLOW_COLUMNS)

    started = time.perf_counter()
    events = synthetic_events(rows)
    storage = open_dataset(folder, partitioning={"corpus": "synthetic", "groups": groups})
    size = -(-rows // groups)
    markers = []
    for number in range(groups):
        part = geopandas.GeoDataFrame(events.iloc[number * size : (number + 1) * size])
        pid, digest = f"{number:06d}-synthetic", f"{number:064x}"
        files = write_partition(storage, pid, Frames(part), digest=digest)
        markers.append({"partition": pid, "sha256": digest, "files": files})
        write_marker(storage, markers[-1])
    write_catalog(storage, markers)
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
    parser.add_argument("--driver", default="400,4000", help="corpus sizes for the driver")
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        block = make_corpus(corpus, args.articles)
        print(f"{args.articles} synthetic articles, partitions of ~{PER_PARTITION} "
              f"(shards cut into {block:,}-byte ranges)   [{load_note()}]")  # fmt: skip
        load, rate, cpu = single_process(corpus, Path(tmp) / "out0", block)
        print(
            f"  one process        {rate:6.1f} articles/s   "
            f"{args.articles / cpu:6.1f} per CPU-s   (load model + gazetteer {load:.2f} s)"
        )
        runs = {}
        for workers in (1, 2):
            runs[workers] = run = on_dask(corpus, Path(tmp) / f"out{workers}", workers, block)
            memory = ", ".join(f"{r / 1e6:.0f} MB" for r in run["rss"])
            print(f"  dask, {workers} worker{'s' if workers > 1 else ' '}    "
                  f"{run['rate']:6.1f} articles/s   {run['articles'] / run['cpu']:6.1f} per "
                  f"CPU-s   (load per worker {run['load']:.2f} s; memory per worker {memory}; "
                  f"workers on a CPU {run['share']:.0%} of the run)   [{load_note()}]")  # fmt: skip
        machine = machine_speedup()
        speedup = runs[2]["rate"] / runs[1]["rate"]
        print(f"  speed-up 1 -> 2 workers: {speedup:.2f}x (target >= 1.8x on an idle machine); "
              f"two plain Python processes here now: {machine:.2f}x; ratio "
              f"{speedup / machine:.2f}")  # fmt: skip
        same = all(same_frames(Path(tmp) / "out0", Path(tmp) / f"out{w}") for w in (1, 2))
        print(f"  same frames in one process and on 1 and 2 workers: {same}")
        print("\ndriver (2 workers): CPU seconds and peak Python memory while it runs")
        costs = []
        for size in (int(n) for n in args.driver.split(",")):
            folder = Path(tmp) / f"driver-{size}"
            block = make_corpus(folder / "corpus", size)
            run = on_dask(folder / "corpus", folder / "out", 2, block)
            driver = run["driver"]
            costs.append((run, driver))
            print(f"  {size:>6,} articles, {run['partitions']:>4} partitions: driver CPU "
                  f"{driver.cpu:5.2f} s ({driver.cpu / run['partitions'] * 1000:.0f} ms a "
                  f"partition) in {driver.wall:5.1f} s; peak Python memory "
                  f"{driver.peak / 1e6:5.2f} MB (map step {driver.map_peak / 1e6:5.2f} MB)   "
                  f"[{load_note()}]")  # fmt: skip
        (small, d_small), (large, d_large) = costs[0], costs[-1]
        extra = max(large["partitions"] - small["partitions"], 1)
        marginal = max(d_large.cpu - d_small.cpu, 0.0) / extra  # per partition, fixed costs out
        print(f"  driver CPU per extra partition: {marginal * 1000:.0f} ms; fixed "
              f"{d_small.cpu - marginal * small['partitions']:.2f} s a run")  # fmt: skip
        per_article, _ = partition_costs(Path(tmp) / f"driver-{args.driver.split(',')[-1]}" / "out")
        projection(per_article, marginal)
        slice_timing(args.events, Path(tmp) / "events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
