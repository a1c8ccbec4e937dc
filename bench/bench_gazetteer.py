"""Gazetteer benchmark: build time, index size, open time, lookups per second.

Usage: ``.venv/bin/python bench/bench_gazetteer.py [--reuse]``. Builds a fresh index in a
temporary folder (``--reuse``: measure the index in the cache instead), then times
opening it and 1,000 mixed lookups (names drawn from the index with a fixed seed,
spelling variants and unknown words), cold (first lookup of each name) and warm.
Targets (issue "Gazetteer"): open < 50 ms; >= 50,000 lookups/s warm.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from geo.gazetteer.build import build_index
from geo.gazetteer.index import Gazetteer, default_index_path


def mixed_names(index: Path, count: int = 1000, seed: int = 7) -> list[str]:
    with sqlite3.connect(index) as db:
        pool = [row[0] for row in db.execute("SELECT name FROM names")]
    rng = random.Random(seed)
    names = rng.sample(pool, count * 7 // 10)
    names += [n.upper() for n in rng.sample(pool, count // 10)]
    names += [f"{n}'s" for n in rng.sample(pool, count // 10)]
    names += [f"Xq{rng.randrange(10**6)}ville" for _ in range(count - len(names))]
    rng.shuffle(names)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="use the cached index, no build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.reuse:
            index = default_index_path()
            print(f"index: {index} (reused)")
        else:
            index = Path(tmp) / "gazetteer.sqlite"
            report = build_index(index)
            print(f"build time: {report.seconds:.1f} s ({sum(report.rows.values()):,} entries)")
        print(f"index size: {index.stat().st_size / 1e6:.1f} MB")
        opens = []
        for _ in range(5):
            started = time.perf_counter()
            gaz = Gazetteer.open(index)
            gaz.lookup("Kursk")
            opens.append(time.perf_counter() - started)
            gaz.close()
        print(f"open + first lookup: {min(opens) * 1000:.1f} ms (best of 5; target < 50 ms)")
        names = mixed_names(index)
        with Gazetteer.open(index) as gaz:
            started = time.perf_counter()
            found = sum(bool(gaz.lookup(n)) for n in names)
            cold = time.perf_counter() - started
            rounds = 20
            started = time.perf_counter()
            for _ in range(rounds):
                for n in names:
                    gaz.lookup(n)
            warm = time.perf_counter() - started
        print(f"lookups: {len(names):,} mixed names, {found:,} found")
        print(f"cold lookups/s: {len(names) / cold:,.0f}")
        print(f"warm lookups/s: {len(names) * rounds / warm:,.0f} (target >= 50,000)")


if __name__ == "__main__":
    main()
