"""Score Newsmap's events on ACLED-style event notes, beside the trivial peer.

Usage::

    .venv/bin/python bench/eval_events.py CORPUS_DIR [--out DIR] [--gold GOLD.jsonl]
        [--scorer PATH/score_acled.py] [--peer PATH/baseline_acled.py] [--no-peer]

CORPUS_DIR holds the notes as Newsmap input (JSON Lines shards: ``id``, ``text``,
``published``), e.g. ``../shared/eval/acled_dev/corpus``; the gold file defaults to
``acled_events.jsonl`` beside it. Every note goes through
:func:`geo.pipeline.parse_articles` (the function the app runs), on one core; the events
and places frames are written to ``OUT/events.geojson`` and ``OUT/places.geojson`` in
the scorer's columns, and the scorer runs as a subprocess. The peer
(``baseline_acled.py``: the most populous gazetteer match of any capitalised run, dated
with the published day) runs in the same session and is scored the same way; the two
tables are printed one after the other, then one line of the headline figures side by
side.

How Newsmap's events map onto the scorer's columns (one feature per event, at its site):

- ``event_type``: the scorer knows Newsmap's historical vocabulary (``combat`` for
  violence, ``other`` for demonstrations, the rest strategic); Newsmap's types are
  mapped by their ACLED class (:func:`geo.events.typology.acled_type`);
- ``quantity``: the event's fatalities when it has any, else its first count;
- ``place_role``: ``event_location`` (``destination`` for a movement's end);
- the geometry is the site's, as the events frame has it: a point for a town, the
  outline of a country or region that has one (the scorer measures points only, so an
  event located at an area is neither a hit nor a miss of its distance figures).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import shapely

from geo.corpus.read import read_corpus
from geo.events.typology import acled_type
from geo.frames.build import place_geometry
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_articles

from onecore import pin_one_core

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = REPO.parent / "shared" / "eval" / "score_acled.py"
DEFAULT_PEER = REPO.parent / "shared" / "eval" / "baseline_acled.py"

#: ACLED's event type -> the scorer's system vocabulary (see score_acled.py).
_SCORER_TYPE = {
    "Battles": "combat",
    "Explosions/Remote violence": "combat",
    "Violence against civilians": "combat",
    "Protests": "other",
    "Riots": "other",
    "Strategic developments": "statement",
}
HEADLINE = (
    "notes_with_any_event",
    "loc_hit@25",
    "precision@25_macro",
    "date_hit",
    "date_exact",
    "fatal_hit",
    "type_acc",
)


def _scorer_type(event_type: str, sub_event_type: str) -> str:
    return _SCORER_TYPE.get(acled_type(event_type, sub_event_type), "none")


def _features(articles) -> tuple[dict, dict]:
    """Return the events and places as GeoJSON collections in the scorer's columns."""
    events, places = [], {}
    for article in articles:
        doc_id = article.document.doc_id
        for pm in article.places:
            if pm.place is None:
                continue
            p = pm.place
            row = places.setdefault(
                p.place_id,
                {
                    "place_id": p.place_id,
                    "name": p.name,
                    "feature_class": p.feature_class,
                    "admin1_name": p.admin1_name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "doc_ids": set(),
                },
            )
            row["doc_ids"].add(doc_id)
        for e in article.events:
            site = e.site
            quantity = e.fatalities
            if quantity is None:
                quantity = next((q.value for q in e.quantities if q.value is not None), None)
            props = {
                "event_id": e.event_id,
                "doc_id": doc_id,
                "event_type": _scorer_type(e.event_type, e.sub_event_type),
                "start": e.start.isoformat() if e.start else None,
                "end": e.end.isoformat() if e.end else None,
                "date_precision": e.precision,
                "date_status": e.date_status,
                "place_id": site.place.place_id if site else "",
                "place_name": site.place.name if site else "",
                "place_role": e.site_role if site else "",
                "quantity": quantity,
                "confidence": e.confidence,
            }
            geometry = None
            if site is not None:  # an area is drawn as the area (its outline), not a pin
                geometry = shapely.geometry.mapping(place_geometry(site.place))
            events.append({"type": "Feature", "properties": props, "geometry": geometry})
    place_features = [
        {
            "type": "Feature",
            "properties": {**row, "doc_ids": ";".join(sorted(row["doc_ids"]))},
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        }
        for row in places.values()
    ]
    return (
        {"type": "FeatureCollection", "features": events},
        {"type": "FeatureCollection", "features": place_features},
    )


def _score(scorer: Path, gold: Path, out: Path, label: str) -> tuple[str, dict]:
    summary = out / "summary.json"
    done = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(out / "events.geojson"),
         "--places", str(out / "places.geojson"), "--label", label, "--json-out", str(summary),
         "--details", str(out / "details.jsonl")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    table = done.stdout[done.stdout.index(f"\n{label}:") + 1 :]
    return table, json.loads(summary.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=Path("eval_events_out"))
    ap.add_argument("--gold", type=Path, help="default: acled_events.jsonl beside CORPUS")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--peer", type=Path, default=DEFAULT_PEER)
    ap.add_argument("--no-peer", action="store_true", help="do not run the peer")
    args = ap.parse_args(argv)
    gold = args.gold or args.corpus.parent / "acled_events.jsonl"
    for path, what in ((gold, "gold file"), (args.scorer, "scorer")):
        if not path.exists():
            print(f"error: {path}: no {what} there (see --help)", file=sys.stderr)
            return 1
    note = pin_one_core()
    corpus = read_corpus(args.corpus)
    nlp = load_nlp()
    with Gazetteer.open() as gaz:
        wall, cpu = time.perf_counter(), time.process_time()
        articles = list(parse_articles(corpus.documents, gazetteer=gaz, nlp=nlp))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    events, places = _features(articles)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in (("events", events), ("places", places)):
        (args.out / f"{name}.geojson").write_text(json.dumps(data), encoding="utf-8")
    table, ours = _score(args.scorer, gold, args.out, "newsmap")
    print(table)
    n = len(articles)
    print(f"  speed: {n / wall:.1f} articles/s wall, {n / cpu:.1f} per CPU s ({note})")
    if args.no_peer or not args.peer.exists():
        return 0
    peer_out = args.out / "peer"
    subprocess.run(
        [sys.executable, str(args.peer), str(args.corpus), str(peer_out), "--ngrams", "3"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    peer_table, peer = _score(args.scorer, gold, peer_out, "peer")
    print()
    print(peer_table)
    print()
    print(f"{'':28s}{'newsmap':>10s}{'peer':>10s}")
    for key in HEADLINE:
        print(f"  {key:26s}{ours[key]!s:>10s}{peer[key]!s:>10s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
