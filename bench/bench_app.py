"""The app's speed: time to first map, rerun after a filter change, export load time in Chromium.

Run: ``.venv/bin/python bench/bench_app.py [--sizes 1000 10000 100000] [--rerun-sizes 1000 10000]``.

Prints
- app time to first map: ``streamlit run`` on a copy of ``seeds/`` until the map iframe
  has place markers in Debian's chromium (cold: a new server; warm: a second page);
- rerun after a filter change: the seed in the browser (date typed until the new map has
  markers), and synthetic corpora of N events with AppTest (script run only);
- the exported HTML's size and Chromium load time (file://, network blocked, until the
  date control and the events layer are there) for 1,000, 10,000 and 100,000 events.

Targets (issue 5): 100,000 events open in under 10 s; a filter rerun at 10,000 events
under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_export import synthetic_events, synthetic_flows, synthetic_places  # noqa: E402
from browser_util import (  # noqa: E402
    JS_EVENT_IDS,
    MAP_FRAME,
    block_network,
    launch_chromium,
    make_corpus,
    streamlit_server,
    wait_for_map,
)

from layers.export import render_page, write_atomic  # noqa: E402
from layers.mapview import build_map  # noqa: E402

TARGET_OPEN_S = 10.0
TARGET_RERUN_S = 1.0


def first_map(playwright) -> None:
    """Time from ``streamlit run`` to a map with markers, cold and warm."""
    browser = launch_chromium(playwright)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", xss=False)
        start = time.perf_counter()
        with streamlit_server(corpus) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(url)
            wait_for_map(page, timeout=180_000)
            cold = time.perf_counter() - start
            page.close()
            start = time.perf_counter()
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(url)
            frame = wait_for_map(page, timeout=180_000)
            warm = time.perf_counter() - start
            print(
                f"app time to first map: cold {cold:.1f} s (server start, model, parse), "
                f"warm {warm:.1f} s (new page)"
            )
            old = page.query_selector(MAP_FRAME)
            shown = len(frame.evaluate(JS_EVENT_IDS))
            start = time.perf_counter()
            page.get_by_role("spinbutton", name="year, From").click()
            page.keyboard.type("20250101")
            page.keyboard.press("Escape")
            page.get_by_role("heading", name="Filters").click()
            page.wait_for_function(
                "([old, sel]) => { const f = document.querySelector(sel); return f && f !== old; }",
                arg=[old, MAP_FRAME],
                timeout=120_000,
            )
            frame = wait_for_map(page, timeout=120_000)
            rerun = time.perf_counter() - start
            after = len(frame.evaluate(JS_EVENT_IDS))
            print(
                f"seed rerun after a date change, in the browser: {rerun:.2f} s "
                f"({shown} -> {after} event markers)"
            )
    browser.close()


def synthetic_result(n: int):
    """A ParseResult-like object with ``n`` synthetic events (from bench_export)."""
    from types import SimpleNamespace

    rng = random.Random(5)
    places = synthetic_places(rng)
    return SimpleNamespace(
        articles=(),
        problems=(),
        places=places,
        events=synthetic_events(n, places, rng),
        flows=synthetic_flows(places, rng),
    )


def reruns(sizes: list[int]) -> None:
    """Time an AppTest script rerun after a date change, on synthetic corpora."""
    import os

    from streamlit.testing.v1 import AppTest

    import app.ui

    original = app.ui.parsed_corpus
    print("rerun after a filter change (AppTest, script only; target < 1 s at 10,000):")
    print(f"  {'events':>7}  {'first run s':>11}  {'rerun s':>8}  {'shown':>6}")
    try:
        for n in sizes:
            result = synthetic_result(n)
            app.ui.parsed_corpus = lambda folder, key, result=result: result
            with tempfile.TemporaryDirectory() as tmp:
                os.environ["NEWSMAP_CORPUS"] = tmp
                at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
                start = time.perf_counter()
                at.run()
                first = time.perf_counter() - start
                if at.exception:
                    raise RuntimeError(at.exception[0].value)
                start = time.perf_counter()
                at.date_input(key="since").set_value(dt.date(2025, 1, 1)).run()
                rerun = time.perf_counter() - start
                line = next(m.value for m in at.markdown if "events shown" in m.value)
                shown = line.strip("*").split(" of ")[0]
                flag = (
                    "" if n != 10_000 else ("  ok" if rerun < TARGET_RERUN_S else "  OVER TARGET")
                )
                print(f"  {n:>7}  {first:>11.2f}  {rerun:>8.2f}  {shown:>6}{flag}")
    finally:
        app.ui.parsed_corpus = original


def export_loads(playwright, sizes: list[int]) -> None:
    """Write the export of N synthetic events; time Chromium opening it offline."""
    browser = launch_chromium(playwright)
    print("export (file://, network blocked; target < 10 s at 100,000):")
    print(f"  {'events':>7}  {'write s':>8}  {'HTML MB':>8}  {'load s':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            frames = synthetic_result(n)
            start = time.perf_counter()
            m = build_map(frames.places, frames.events, frames.flows, assets="inline")
            path = write_atomic(Path(tmp) / f"export-{n}.html", render_page(m))
            written = time.perf_counter() - start
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            blocked = block_network(page)
            start = time.perf_counter()
            page.goto(path.as_uri(), timeout=300_000)
            page.wait_for_selector(".newsmap-date-filter", timeout=300_000)
            page.wait_for_function(
                "() => document.querySelector('.leaflet-marker-icon')", timeout=300_000
            )
            loaded = time.perf_counter() - start
            markers = len(page.evaluate(JS_EVENT_IDS))
            page.close()
            size = path.stat().st_size / 2**20
            flag = "" if n != 100_000 else ("  ok" if loaded < TARGET_OPEN_S else "  OVER TARGET")
            print(
                f"  {n:>7}  {written:>8.1f}  {size:>8.1f}  {loaded:>7.2f}{flag}"
                f"  ({markers} event markers; {len(blocked)} requests blocked)"
            )
            path.unlink()
    browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rerun-sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--skip-app", action="store_true", help="only the export figures")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    if shutil.which("streamlit") is None and not (ROOT / ".venv" / "bin" / "streamlit").exists():
        raise SystemExit("streamlit is not installed: run `make setup`")
    with sync_playwright() as playwright:
        if not args.skip_app:
            first_map(playwright)
        export_loads(playwright, args.sizes)
    if not args.skip_app:
        reruns(args.rerun_sizes)


if __name__ == "__main__":
    main()
