"""Issue 7: the pipeline on a Dask LocalCluster of 2 worker processes, into a dataset.

A few hundred generated articles (testkit/synthetic.py) are parsed once in one
process and once on the cluster; every comparison is between those two runs. Uses the
full gazetteer index (opened at its default path).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_corpus
from geo.store.catalog import read_catalog
from geo.store.distributed import open_client, parse_to_dataset, partitions
from geo.store.read import event_files, read_dataset, read_events, read_flows
from layers.dates import filter_events
from testkit.synthetic import synthetic_articles, write_shards

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
ARTICLES, PER_SHARD, BATCH = 240, 80, 40  # 3 shards, 6 partitions
KEYS = {"places": ["place_id"], "events": ["event_id", "place_id"], "flows": ["flow_id"]}


def records(frame, keys) -> list[tuple]:
    """The rows as tuples, sorted by ``keys``; missing values as None, geometry as WKT."""
    plain = frame.drop(columns="geometry").astype(object)
    plain = plain.where(plain.notna(), None)
    plain["geometry"] = [g.wkt if g is not None else None for g in frame.geometry]
    rows = [tuple(row) for row in plain.itertuples(index=False)]
    key_at = [list(plain.columns).index(k) for k in keys]
    return sorted(rows, key=lambda row: tuple(str(row[i]) for i in key_at))


def assert_same_frames(got, want) -> None:
    for name, keys in KEYS.items():
        a, b = getattr(got, name), getattr(want, name)
        assert list(a.columns) == list(b.columns), name
        assert records(a, keys) == records(b, keys), name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_shards(folder, synthetic_articles(ARTICLES, seed=7), per_shard=PER_SHARD)
    return folder


@pytest.fixture(scope="module")
def single(corpus):
    with Gazetteer.open() as gaz:
        return parse_corpus(corpus, gazetteer=gaz, nlp=load_nlp())


@pytest.fixture(scope="module")
def client():
    with open_client(workers=2) as client:
        yield client


@pytest.fixture(scope="module")
def dataset(corpus, client, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("dataset") / "out"
    report = parse_to_dataset(corpus, out, client=client, batch_size=BATCH, progress=False)
    return out, report


def test_partitions_stay_inside_a_shard_and_keep_corpus_order(corpus):
    parts = list(partitions(corpus, batch_size=BATCH))
    assert [p.pid for p in parts] == sorted(p.pid for p in parts)
    for part in parts:
        shards = {d.path.rpartition(":")[0] for d in part.documents}
        assert len(shards) == 1 and len(part.documents) <= BATCH
    ids = [d.doc_id for p in parts for d in p.documents]
    assert ids == [f"syn-{n:05d}" for n in range(ARTICLES)]


def test_cluster_run_gives_the_single_process_frames(dataset, single):
    out, report = dataset
    assert report.articles == ARTICLES and not report.failed and len(report.done) == 6
    assert len(single.events) > ARTICLES and len(single.flows) > 0  # the corpus has content
    assert_same_frames(read_dataset(out), single)


def test_places_in_several_partitions_are_merged(dataset, single):
    out, _ = dataset
    places = read_dataset(out).places
    assert places["place_id"].is_unique
    spread = places[places["doc_ids"].str.count(";") >= BATCH]  # named in over one partition
    assert len(spread) > 0
    assert places["mention_count"].sum() == single.places["mention_count"].sum()


def test_events_are_partitioned_by_month_of_start(dataset):
    out, _ = dataset
    for path in (out / "events").glob("month=*/*.parquet"):
        month = path.parent.name.removeprefix("month=")
        starts = read_events_file(path)
        if month == "undated":
            assert all(s is None for s in starts)
        else:
            assert starts and all(s[:7] == month for s in starts)


def read_events_file(path: Path) -> list:
    import pyarrow.parquet as pq

    return pq.read_table(path, columns=["start"])["start"].to_pylist()


def test_interrupted_run_resumes_without_duplicates(corpus, client, single, tmp_path):
    out = tmp_path / "out"

    class Interrupted(Exception):
        pass

    def stop_after_two(pid, seen=[]):  # noqa: B006 - a counter for this one run
        seen.append(pid)
        if len(seen) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        parse_to_dataset(corpus, out, client=client, batch_size=BATCH, progress=False,
                         on_partition=stop_after_two)  # fmt: skip
    first = {m["partition"] for m in read_catalog(out)}
    assert 1 <= len(first) <= 2
    again = parse_to_dataset(corpus, out, client=client, batch_size=BATCH, progress=False)
    assert set(again.resumed) == first and len(again.done) == 6 - len(first)
    assert_same_frames(read_dataset(out), single)


def test_lost_markers_are_redone_and_rows_not_duplicated(dataset, client, corpus, single, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(dataset[0], out)
    lost = sorted(p.name[:-5] for p in (out / "_done").iterdir())[1:4:2]
    for pid in lost:  # files written, marker not: the run was killed in between
        (out / "_done" / f"{pid}.json").unlink()
    rerun = parse_to_dataset(corpus, out, client=client, batch_size=BATCH, progress=False)
    assert sorted(rerun.done) == lost and len(rerun.resumed) == 4
    assert_same_frames(read_dataset(out), single)


def test_killed_worker_loses_no_articles(corpus, client, single, tmp_path):
    killed = []

    def kill_a_busy_worker(pid):
        if killed:
            return
        busy = [addr for addr, tasks in client.processing().items() if tasks]
        if busy:
            killed.append(client.run(os.getpid, workers=busy[:1])[busy[0]])
            os.kill(killed[0], signal.SIGKILL)

    out = tmp_path / "out"
    report = parse_to_dataset(corpus, out, client=client, batch_size=BATCH, progress=False,
                              on_partition=kill_a_busy_worker)  # fmt: skip
    assert killed, "no worker was busy after the first partition"
    assert report.articles == ARTICLES and not report.failed
    assert_same_frames(read_dataset(out), single)
    client.wait_for_workers(2, timeout=60)


def test_a_failing_partition_is_reported_by_name_and_the_rest_completes(monkeypatch, tmp_path):
    import geo.pipeline

    corpus = tmp_path / "corpus"
    write_shards(corpus, synthetic_articles(12, seed=3), per_shard=4)
    real = geo.pipeline.parse_article

    def broken(document, **kwargs):
        if document.doc_id == "syn-00005":
            raise RuntimeError("boom")
        return real(document, **kwargs)

    monkeypatch.setattr(geo.pipeline, "parse_article", broken)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, processes=False) as cluster, Client(cluster) as local:
        report = parse_to_dataset(corpus, tmp_path / "out", client=local, progress=False)
    ((name, error),) = report.failed
    assert "shard-001.jsonl" in name and "RuntimeError: boom" in error
    assert report.skipped_something and report.articles == 8 and len(report.done) == 2
    events = read_dataset(tmp_path / "out").events
    assert set(events["doc_id"]) <= {f"syn-{n:05d}" for n in (0, 1, 2, 3, 8, 9, 10, 11)}


@pytest.mark.parametrize(
    ("since", "until"),
    [("2024-06-01", "2024-06-30"), ("2025-01-01", "2025-03-31"), (None, "2024-02-10"),
     ("2025-11-15", None), (None, None)],
)  # fmt: skip
def test_date_slice_reads_only_overlapping_files_and_exact_rows(dataset, tmp_path, since, until):
    out = tmp_path / "out"
    shutil.copytree(dataset[0], out)
    everything = read_dataset(out, include_undated=True)
    want = filter_events(everything.events, since=since, until=until)
    touched = set(event_files(out, since=since, until=until))
    all_files = set((out / "events").glob("month=*/*.parquet"))
    if since or until:
        assert touched < all_files and not any("undated" in str(p) for p in touched)
    for path in all_files - touched:  # what a read must never open
        path.write_bytes(b"not parquet")
    got = read_events(out, since=since, until=until)
    assert records(got, KEYS["events"]) == records(want, KEYS["events"])
    for path in touched:
        month = path.parent.name.removeprefix("month=")
        assert until is None or month <= until[:7]
    flows = read_flows(out, since=since, until=until)
    assert records(flows, KEYS["flows"]) == records(
        filter_events(everything.flows, since=since, until=until), KEYS["flows"]
    )


def test_cli_runs_dask_and_a_rerun_skips_done_partitions(tmp_path):
    corpus = tmp_path / "corpus"
    write_shards(corpus, synthetic_articles(16, seed=5), per_shard=8)
    options = ["--engine", "dask", "--workers", "1", "--batch-size", "8", "--quiet"]
    command = [
        sys.executable,
        "-m",
        "geo",
        "parse",
        str(corpus),
        *options,
        "--out",
        str(tmp_path / "o"),
    ]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "parsed 16 articles in 2 partitions" in first.stdout
    events = read_events(tmp_path / "o")
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "parsed 0 articles in 0 partitions" in second.stdout
    assert "2 partitions already done" in second.stdout
    assert len(read_events(tmp_path / "o")) == len(events)


def test_layers_export_reads_only_the_chosen_dates_of_a_dataset(dataset, tmp_path):
    import re

    from geo.store.read import read_events
    from layers.__main__ import main

    out, _ = dataset
    page = tmp_path / "map.html"
    assert main(["export", "--input", str(out), "--since", "2024-01-01",
                 "--until", "2024-12-31", "-o", str(page)]) == 0  # fmt: skip
    kept = read_events(out, since="2024-01-01", until="2024-12-31")
    html = page.read_text(encoding="utf-8")
    shown = re.search(r"(\d+) of (\d+) events shown", html)
    assert shown is not None
    located = kept[kept.geometry.notna() & ~kept.geometry.is_empty]
    assert len(kept) > 0
    # distinct events, as the app counts them (one marker per event and place)
    assert int(shown.group(1)) == located["event_id"].nunique()
