"""Issues 7 and 18: the pipeline on a Dask LocalCluster whose workers read and write.

A few hundred generated articles (testkit/synthetic.py) are parsed once in one
process and once on the cluster; every comparison is between those two runs. Uses the
full gazetteer index (opened at its default path).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_corpus
from geo.store.catalog import read_catalog
from geo.store.distributed import open_client, parse_to_dataset
from geo.store.plan import list_corpus, plan_partitions
from geo.store.read import event_files, read_dataset, read_events, read_flows
from layers.dates import filter_events
from testkit.synthetic import synthetic_articles, write_shards

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
ARTICLES, PER_SHARD, BLOCK = 240, 80, 15_000  # 3 shards of ~40 KB, 3 partitions each
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


def parts_of(corpus, **sizes) -> list:
    return list(plan_partitions(list_corpus(corpus), **sizes))


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
    report = parse_to_dataset(corpus, out, client=client, block_size=BLOCK, progress=False)
    return out, report


def test_shards_are_planned_as_byte_ranges_in_corpus_order(corpus):
    parts = parts_of(corpus, block_size=BLOCK)
    assert [p.pid for p in parts] == sorted(p.pid for p in parts)
    assert all(p.shard and not p.files and p.end - p.start <= BLOCK for p in parts)
    assert len(parts) == 9


@pytest.mark.parametrize("block_size", [1, 97, 700, 15_000, 10**9])
def test_the_workers_read_every_article_once_as_one_process_does(tmp_path, block_size):
    from geo.corpus.read import read_corpus
    from geo.store.task import read_partition

    corpus = tmp_path / "corpus"
    articles = synthetic_articles(9, seed=2)
    articles[5]["id"] = articles[7]["id"] = "same"  # renamed in one partition: same-2, same-3
    write_shards(corpus, articles, per_shard=5)
    (corpus / "a").mkdir()
    for name in ("a/note.txt", "same.txt", "z.md"):
        (corpus / name).write_text("Troops arrived in Kursk on 3 May 2025.\n", encoding="utf-8")
    first = corpus / "shard-000.jsonl"
    first.write_bytes(b"\xef\xbb\xbf" + first.read_bytes())  # a byte-order mark
    listing = list_corpus(corpus)
    got = []
    for part in plan_partitions(listing, block_size=block_size, batch_size=2):
        docs, problems, _ = read_partition(part, reserved=listing.stems, max_bytes=10**6)
        got += docs
    want = read_corpus(corpus.resolve()).documents
    if block_size > 700:  # ids are unique across the corpus when a shard is one partition
        assert got == list(want)
    else:
        assert [(d.path, d.text) for d in got] == [(d.path, d.text) for d in want]


def test_cluster_run_gives_the_single_process_frames(dataset, single):
    out, report = dataset
    assert report.articles == ARTICLES and not report.failed and len(report.done) == 9
    assert len(single.events) > ARTICLES and len(single.flows) > 0  # the corpus has content
    assert_same_frames(read_dataset(out), single)


def test_places_are_merged_by_area_blocks_on_the_workers(dataset, single):
    out, _ = dataset
    markers, merged = read_catalog(out)
    assert merged is not None and len(merged["files"]) > 1  # several cells, one task each
    places = read_dataset(out).places
    assert places["place_id"].is_unique
    spread = places[places["doc_ids"].str.count(";") >= PER_SHARD]  # named in many partitions
    assert len(spread) > 0
    assert places["mention_count"].sum() == single.places["mention_count"].sum()


def test_events_are_partitioned_by_month_of_start(dataset):
    import pyarrow.parquet as pq

    out, _ = dataset
    for path in (out / "events").glob("month=*/*.parquet"):
        month = path.parent.name.removeprefix("month=")
        starts = pq.read_table(path, columns=["start"])["start"].to_pylist()
        if month == "undated":
            assert all(s is None for s in starts)
        else:
            assert starts and all(s[:7] == month for s in starts)


def test_a_dataset_given_as_a_file_url_is_the_same_dataset(corpus, client, dataset, single,
                                                           tmp_path):  # fmt: skip
    out = tmp_path / "out"
    shutil.copytree(dataset[0], out)
    url = out.resolve().as_uri()  # file:///...
    again = parse_to_dataset(corpus, url, client=client, block_size=BLOCK, progress=False)
    assert not again.failed and not again.done and len(again.resumed) == 9
    assert read_catalog(url)[1] == read_catalog(dataset[0])[1]  # merged places kept as they were
    assert_same_frames(read_dataset(url), single)


def test_a_corpus_and_a_dataset_given_as_file_urls(corpus, client, single, tmp_path):
    url = (tmp_path / "url-out").as_uri()
    report = parse_to_dataset(corpus.resolve().as_uri(), url, client=client, block_size=BLOCK,
                              progress=False)  # fmt: skip
    assert report.articles == ARTICLES and not report.failed
    assert (tmp_path / "url-out" / "_catalog.json").is_file()
    assert_same_frames(read_dataset(url), single)


def test_interrupted_run_resumes_without_duplicates(corpus, client, single, tmp_path):
    out = tmp_path / "out"

    class Interrupted(Exception):
        pass

    def stop_after_two(pid, seen=[]):  # noqa: B006 - a counter for this one run
        seen.append(pid)
        if len(seen) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        parse_to_dataset(corpus, out, client=client, block_size=BLOCK, progress=False,
                         on_partition=stop_after_two)  # fmt: skip
    first = {m["partition"] for m in read_catalog(out)[0]}
    assert 1 <= len(first) <= 2
    again = parse_to_dataset(corpus, out, client=client, block_size=BLOCK, progress=False)
    assert set(again.resumed) == first and len(again.done) == 9 - len(first)
    assert_same_frames(read_dataset(out), single)


def test_lost_markers_are_redone_and_rows_not_duplicated(dataset, client, corpus, single, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(dataset[0], out)
    lost = sorted(p.name[:-5] for p in (out / "_done").iterdir())[1:4:2]
    for pid in lost:  # files written, marker not: the run was killed in between
        (out / "_done" / f"{pid}.json").unlink()
    rerun = parse_to_dataset(corpus, out, client=client, block_size=BLOCK, progress=False)
    assert sorted(rerun.done) == lost and len(rerun.resumed) == 7
    assert_same_frames(read_dataset(out), single)


def test_an_edited_article_is_parsed_again_and_its_old_rows_dropped(client, tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    records_ = synthetic_articles(20, seed=9)
    write_shards(corpus, records_, per_shard=10)
    first = parse_to_dataset(corpus, out, client=client, block_size=4_000, progress=False)
    records_[13]["text"] += " Aid convoys reached Goma on May 3, 2025."  # in shard-001
    write_shards(corpus, records_, per_shard=10)
    second = parse_to_dataset(corpus, out, client=client, block_size=4_000, progress=False)
    assert len(second.done) >= 1 and len(second.resumed) == len(first.done) - len(second.done)
    assert all("shard-001" in pid for pid in second.done)
    with Gazetteer.open() as gaz:
        assert_same_frames(read_dataset(out), parse_corpus(corpus, gazetteer=gaz))


def test_a_partition_the_corpus_lost_is_removed_with_its_rows(client, tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_shards(corpus, synthetic_articles(12, seed=4), per_shard=6)
    parse_to_dataset(corpus, out, client=client, progress=False)
    (corpus / "shard-001.jsonl").unlink()
    parse_to_dataset(corpus, out, client=client, progress=False)
    events = read_dataset(out).events
    assert set(events["doc_id"]) <= {f"syn-{n:05d}" for n in range(6)}
    assert not list((out / "events").glob("month=*/part-000001-*"))


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
    report = parse_to_dataset(corpus, out, client=client, block_size=BLOCK, progress=False,
                              on_partition=kill_a_busy_worker)  # fmt: skip
    assert killed, "no worker was busy after the first partition"
    assert report.articles == ARTICLES and not report.failed
    assert_same_frames(read_dataset(out), single)
    client.wait_for_workers(2, timeout=180)  # a restarted worker loads spaCy and the index


def test_a_worker_killed_while_writing_leaves_nothing_that_is_read(corpus, client, single,
                                                                   tmp_path):  # fmt: skip
    import pyarrow.parquet as pq

    from geo.files import TEMPORARY_GLOB

    def die_in_the_middle_of_a_write() -> None:  # run on one worker (pickled by value)
        import geo.store.storage
        from geo.files import atomic_write

        def half_then_die(path, data):
            def write(tmp):
                tmp.write_bytes(data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)

            atomic_write(path, write)

        geo.store.storage.atomic_write_bytes = half_then_die

    client.wait_for_workers(2, timeout=180)  # a restarted worker loads spaCy and the index
    victim = sorted(client.scheduler_info()["workers"])[0]
    client.run(die_in_the_middle_of_a_write, workers=[victim])
    out = tmp_path / "out"
    report = parse_to_dataset(corpus, out, client=client, block_size=BLOCK, progress=False)
    partial = [p for p in out.rglob(TEMPORARY_GLOB) if p.is_file()]
    assert partial, "the worker did not die in the middle of a write"
    assert report.articles == ARTICLES and not report.failed
    markers, merged = read_catalog(out)
    listed = [f["path"] for m in markers for f in m["files"]] + [f["path"] for f in merged["files"]]
    assert not {out / rel for rel in listed} & set(partial)
    for rel in listed:  # every file a reader opens is whole
        assert pq.read_metadata(out / rel).num_rows >= 0
    assert_same_frames(read_dataset(out), single)
    client.wait_for_workers(2, timeout=180)  # a restarted worker loads spaCy and the index


def test_a_failing_partition_is_reported_by_name_and_the_rest_completes(monkeypatch, tmp_path):
    import geo.store.task

    corpus = tmp_path / "corpus"
    write_shards(corpus, synthetic_articles(12, seed=3), per_shard=4)
    real = geo.store.task.parse_documents

    def broken(documents, **kwargs):
        if any(d.doc_id == "syn-00005" for d in documents):
            raise OSError("disk full")
        return real(documents, **kwargs)

    monkeypatch.setattr(geo.store.task, "parse_documents", broken)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, processes=False) as cluster, Client(cluster) as local:
        report = parse_to_dataset(corpus, tmp_path / "out", client=local, progress=False)
    ((name, error),) = report.failed
    assert "shard-001.jsonl" in name and "OSError: disk full" in error
    assert report.skipped_something and report.articles == 8 and len(report.done) == 2
    events = read_dataset(tmp_path / "out").events
    assert set(events["doc_id"]) <= {f"syn-{n:05d}" for n in (0, 1, 2, 3, 8, 9, 10, 11)}


def test_a_failing_article_fails_only_itself(monkeypatch, tmp_path):
    import geo.pipeline

    corpus = tmp_path / "corpus"
    write_shards(corpus, synthetic_articles(12, seed=3), per_shard=4)
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": ""}\nnot json\n', encoding="utf-8")
    real = geo.pipeline.parse_article

    def broken(document, **kwargs):
        if document.doc_id == "syn-00005":
            raise RuntimeError("boom")
        return real(document, **kwargs)

    monkeypatch.setattr(geo.pipeline, "parse_article", broken)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, processes=False) as cluster, Client(cluster) as local:
        report = parse_to_dataset(corpus, tmp_path / "out", client=local, progress=False)
    assert not report.failed and report.articles == 11 and report.skipped_something
    named = {p.source.rpartition("/")[2]: p.problem for p in report.problems}
    assert named["shard-001.jsonl:2"] == "RuntimeError: boom"
    assert "no 'text'" in named["bad.jsonl:1"] and "not valid JSON" in named["bad.jsonl:2"]
    events = read_dataset(tmp_path / "out").events
    assert "syn-00004" in set(events["doc_id"]) and "syn-00005" not in set(events["doc_id"])


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
    touched = {out / rel for rel in event_files(out, since=since, until=until)}
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


def test_a_bbox_read_keeps_the_events_located_in_the_box(dataset):
    import shapely

    out, _ = dataset
    box = (30.0, 45.0, 40.0, 52.0)  # Kharkiv, Belgorod, Kursk; not Odesa or Seoul
    got = read_events(out, bbox=box)
    everything = read_events(out)
    inside = everything[everything.geometry.intersects(shapely.box(*box))]
    assert 0 < len(got) < len(everything)
    assert records(got, KEYS["events"]) == records(inside, KEYS["events"])


def _geo(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "geo", "parse", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_cli_runs_dask_and_a_rerun_skips_done_partitions(tmp_path):
    corpus = tmp_path / "corpus"
    write_shards(corpus, synthetic_articles(16, seed=5), per_shard=8)
    args = [
        str(corpus),
        "--engine",
        "dask",
        "--workers",
        "1",
        "--quiet",
        "--out",
        str(tmp_path / "o"),
    ]
    first = _geo(*args)
    assert first.returncode == 0, first.stderr
    assert "parsed 16 articles in 2 partitions" in first.stdout
    events = read_events(tmp_path / "o")
    second = _geo(*args)
    assert second.returncode == 0, second.stderr
    assert "parsed 0 articles in 0 partitions" in second.stdout
    assert "2 partitions already done" in second.stdout
    assert len(read_events(tmp_path / "o")) == len(events)


@pytest.mark.parametrize(
    ("option", "value"),
    [("--batch-size", "0"), ("--block-size", "-5"), ("--workers", "-1"), ("--workers", "0")],
)
def test_cli_refuses_a_bad_option_before_writing_anything(tmp_path, option, value):
    corpus = tmp_path / "corpus"
    write_shards(corpus, synthetic_articles(2, seed=5), per_shard=2)
    out = tmp_path / "o"
    bad = _geo(str(corpus), "--engine", "dask", option, value, "--quiet", "--out", str(out),
               timeout=60)  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.strip() == f"error: {option}: {value} is not a positive whole number"
    assert not out.exists()


def test_cli_reports_a_scheduler_where_nothing_listens_in_one_line(tmp_path):
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    corpus = tmp_path / "corpus"
    write_shards(corpus, synthetic_articles(2, seed=5), per_shard=2)
    out = tmp_path / "o"
    run = _geo(str(corpus), "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}",
               "--out", str(out), timeout=60)  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f"error: no Dask scheduler answers at tcp://127.0.0.1:{port}: Connection refused"
    ]
    assert not out.exists()


def test_a_refused_option_leaves_the_folder_usable(client, tmp_path):
    from geo.errors import BadInputError

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_shards(corpus, synthetic_articles(4, seed=5), per_shard=4)
    with pytest.raises(BadInputError, match="--batch-size"):
        parse_to_dataset(corpus, out, client=client, batch_size=0, progress=False)
    assert not out.exists()
    report = parse_to_dataset(corpus, out, client=client, progress=False)
    assert report.articles == 4 and not report.failed
    header = json.loads((out / "_newsmap_dataset.json").read_text(encoding="utf-8"))
    assert header["partitioning"]["batch_size"] == 100


def test_layers_export_reads_only_the_chosen_dates_of_a_dataset(dataset, tmp_path):
    import re

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


DAYS = (None, "2025-01-10", "2025-01-15", "2025-01-20", "2025-02-01")
SPANS = [(s, e) for s in DAYS for e in DAYS if s is None or e is None or s <= e]
RANGES = [(s, u) for s in DAYS for u in DAYS if s is None or u is None or s <= u]


@pytest.mark.parametrize(("since", "until"), RANGES)
def test_the_dataset_filter_is_the_one_overlap_rule(since, until):
    """geo.time.timex.overlaps and the pyarrow filter of the dataset reader agree on every span."""
    from datetime import date

    import pyarrow as pa

    from geo.store.read import overlap_filter
    from geo.time.timex import overlaps

    def day(text):
        return None if text is None else date.fromisoformat(text)

    table = pa.table({"start": [s for s, _ in SPANS], "end": [e for _, e in SPANS]},
                     schema=pa.schema([("start", pa.string()), ("end", pa.string())]))  # fmt: skip
    kept = table.filter(overlap_filter(since, until))
    got = set(zip(kept["start"].to_pylist(), kept["end"].to_pylist(), strict=True))
    want = {(s, e) for s, e in SPANS if overlaps((day(s), day(e)), day(since), day(until))}
    assert got == want
