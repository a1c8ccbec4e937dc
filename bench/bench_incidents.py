"""Speed and memory of the incident grouping on a large synthetic events frame.

Usage::

    .venv/bin/python bench/bench_incidents.py [--events 100000] [--seed 3]

Builds an events frame in the shape of :data:`geo.frames.schema.EVENT_COLUMNS` (with
``actor1``/``fatalities`` as the events frame of the issue "Events an analyst can trust"
adds them): happenings in 4,000 towns over two years, each told by one to four outlets
with other wording, some at the town's region or country only, some with a month instead
of a day. Then times :func:`geo.events.incidents.group_incidents` in its two steps (reading
the frame, :func:`~geo.events.incidents.reports_from_frame`; grouping,
:func:`geo.events.grouping.group_reports`) and :func:`geo.events.incidents.incidents_frame`
on one core, and prints the peak memory and, as a sanity check, the pairwise precision and
recall against the happenings the reports were made from.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from datetime import date, timedelta

from geo.events.grouping import group_reports
from geo.events.incidents import incidents_frame, reports_from_frame

from onecore import pin_one_core

TYPES = ("combat", "explosions", "civilians", "protests", "riots", "strategic")
VERBS = {
    "combat": ("clashed with", "fought", "attacked"),
    "explosions": ("shelled", "struck", "bombed"),
    "civilians": ("killed", "abducted", "attacked"),
    "protests": ("marched against", "protested against", "rallied against"),
    "riots": ("rioted against", "stoned", "clashed with"),
    "strategic": ("arrested", "seized", "looted"),
}
NOUNS = ("market", "checkpoint", "convoy", "village", "school", "mosque", "bridge")
GROUPS = [f"Group{k}" for k in range(300)]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_frame(n_events: int, seed: int):
    """An events frame, a places frame and the happening of each event."""
    import geopandas
    import pandas as pd

    rng = random.Random(seed)
    towns = [
        (f"gn:{k}", f"Town{k}", rng.uniform(-35, 60), rng.uniform(-100, 140), f"C{k % 90:02d}")
        for k in range(4000)
    ]
    places = [
        {"place_id": t[0], "precision": "settlement", "country": t[4], "admin1_name": f"R{k % 700}"}
        for k, t in enumerate(towns)
    ]  # fmt: skip
    places += [
        {"place_id": f"ne1:{r}", "precision": "region", "country": f"C{r % 90:02d}",
         "admin1_name": f"R{r}"} for r in range(700)
    ]  # fmt: skip
    rows, happening = [], []
    start = date(2023, 1, 1)
    h = 0
    while len(rows) < n_events:
        h += 1
        k = rng.randrange(len(towns))
        place_id, name, lat, lon, country = towns[k]
        kind = rng.choice(TYPES)
        day = start + timedelta(days=rng.randrange(730))
        a1, a2 = rng.sample(GROUPS, 2)
        toll = rng.choice((0, 0, 1, 2, 3, 5, 12))
        noun = rng.choice(NOUNS)
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            n = len(rows)
            doc = f"d{n}"
            verb = rng.choice(VERBS[kind])
            text = f"{a1} fighters {verb} {a2} near the {noun} in {name}, leaving {toll} dead."
            coarse = rng.random()
            site = (place_id, name, "event_location", lat, lon)
            if coarse < 0.08:
                site = (f"ne1:{k % 700}", f"R{k % 700}", "event_location", lat + 0.3, lon)
            elif coarse < 0.12:
                site = (f"country:{country}", country, "event_location", lat + 2, lon + 2)
            monthly = rng.random() < 0.1
            first = day.replace(day=1) if monthly else day
            last = (
                (first + timedelta(days=31)).replace(day=1) - timedelta(days=1) if monthly else day
            )
            rows.append(
                {
                    "event_id": f"{doc}:e1", "doc_id": doc, "doc_title": text[:40],
                    "doc_url": f"https://www.outlet{rng.randrange(200)}.example/{doc}",
                    "event_type": kind, "start": first.isoformat(), "end": last.isoformat(),
                    "date_precision": "month" if monthly else "day", "date_status": "explicit",
                    "place_id": site[0], "place_name": site[1], "place_role": site[2],
                    "actors": f"{a1};{a2}", "actor1": a1, "actor2": a2,
                    "fatalities": float(toll), "sentence": text, "confidence": 0.8,
                    "lon": site[4], "lat": site[3],
                }
            )  # fmt: skip
            happening.append(h)
    rows, happening = rows[:n_events], happening[:n_events]
    frame = pd.DataFrame(rows)
    frame = geopandas.GeoDataFrame(
        frame.drop(columns=["lat", "lon"]),
        geometry=geopandas.points_from_xy(frame["lon"], frame["lat"]),
        crs="EPSG:4326",
    )
    return frame, pd.DataFrame(places), dict(zip(frame["event_id"], happening, strict=True))


def pairwise(incidents, truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of "same happening" over the events."""
    predicted = same = 0
    for inc in incidents:
        n = len(inc.reports)
        predicted += n * (n - 1) // 2
        counts = Counter(truth[r.event_id] for r in inc.reports)
        same += sum(c * (c - 1) // 2 for c in counts.values())
    sizes = Counter(truth.values())
    gold = sum(c * (c - 1) // 2 for c in sizes.values())
    return (same / predicted if predicted else 1.0), (same / gold if gold else 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    print(pin_one_core())
    events, places, truth = synthetic_frame(args.events, args.seed)
    before = _rss_mb()
    print(f"{len(events)} events, {len(set(truth.values()))} happenings; "
          f"peak RSS before grouping {before:.0f} MB")  # fmt: skip
    wall, cpu = time.perf_counter(), time.process_time()
    reports = reports_from_frame(events, places=places)
    read = time.process_time() - cpu
    incidents = group_reports(reports)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"group_incidents: {wall:.2f} s wall, {cpu:.2f} s CPU (reading the frame {read:.2f} s,"
          f" grouping {cpu - read:.2f} s), {len(incidents)} incidents, "
          f"{sum(1 for i in incidents if i.n_sources >= 2)} with 2+ sources")  # fmt: skip
    wall2 = time.perf_counter()
    frame = incidents_frame(incidents)
    print(f"incidents_frame: {time.perf_counter() - wall2:.2f} s, {len(frame)} rows")
    print(f"peak RSS after: {_rss_mb():.0f} MB (+{_rss_mb() - before:.0f} MB)")
    precision, recall = pairwise(incidents, truth)
    print(f"pairwise precision {precision:.3f}, recall {recall:.3f} (synthetic happenings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
