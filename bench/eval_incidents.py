"""Score the grouping of incidents on reports made from ACLED's event notes.

Usage::

    .venv/bin/python bench/eval_incidents.py ../shared/eval/acled_dev/acled_events.jsonl
        [--limit N] [--seed 7] [--apart 150]

Each note (one to three sentences on one event, with its coded town, admin1, day and type)
becomes two or three reports of different outlets, by general transformations that know
nothing of any one note:

1. the note as it is, published on the event's day;
2. a headline made from the coded type and town ("Strike hits Kansafra on Tuesday"), and
   the note's explicit date rewritten relative to a publication day one to five days later
   ("On Tuesday", "yesterday");
3. (every other note) another headline ("... yesterday"), and the town given with its admin1
   and country ("Banfora (Cascades, Burkina Faso)"), published a day later.

Then, for the check that distinct events on one day in one town stay apart, ``--apart``
notes are moved to the town and day of another note of a different type or sub-type (the
town's name and the date phrase replaced).

All reports, mixed, go through the real pipeline (:func:`geo.pipeline.parse_articles`, the
frames of :mod:`geo.frames.build`) and :func:`geo.events.incidents.group_incidents`. Two
reports are "predicted same" when an incident holds events of both; "gold same" when they
come from one note. Printed: pairwise precision and recall over all reports, recall over
the pairs whose two reports have a located event (what grouping can reach given
extraction), the share of moved notes kept apart, and the grouping's time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from geo.corpus.model import Document
from geo.events.incidents import group_incidents, incidents_frame
from geo.frames.build import events_frame, places_frame
from geo.gazetteer.index import Gazetteer
from geo.nlp.analysis import load_nlp
from geo.pipeline import parse_articles

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "eval" / "acled_dev" / "acled_events.jsonl"

MONTHS = tuple(date(2001, m, 1).strftime("%B") for m in range(1, 13))
WEEKDAYS = tuple(date(2001, 1, d).strftime("%A") for d in range(1, 8))  # 2001-01-01: a Monday
_MONTH = "|".join(MONTHS + tuple(m[:3] for m in MONTHS))
#: An explicit date: "On 3 May 2020", "on May 3, 2020", "3 May 2020".
DATE_PHRASE = re.compile(
    rf"\b(?:[Oo]n )?(?:\d{{1,2}} (?:{_MONTH})\.? \d{{4}}|(?:{_MONTH})\.? \d{{1,2}},? \d{{4}})"
)
#: Headlines by ACLED event type ({town}), and for a toll ({n}); each report picks one.
HEADLINES = {
    "Battles": ("Fighting reported near {town}", "Clashes around {town}",
                "Gunfire and fighting in {town} area", "Armed clash near {town}"),
    "Explosions/Remote violence": ("Strike hits {town}", "Blast reported in {town}",
                                   "Shelling in {town}", "Explosion rocks {town}"),
    "Violence against civilians": ("Civilians attacked in {town}", "Attack on residents of {town}",
                                   "Residents of {town} targeted", "Civilian harmed in {town}"),
    "Protests": ("Protest held in {town}", "Demonstrators gather in {town}",
                 "Rally in {town}", "Residents of {town} take to the streets"),
    "Riots": ("Unrest in {town}", "Violent protest in {town}", "Crowd clashes in {town}",
              "Rioting reported in {town}"),
    "Strategic developments": ("Developments in {town}", "Security update from {town}",
                               "Incident in {town}", "Tension in {town}"),
}  # fmt: skip
KILLED = ("{n} killed in {town}", "{n} dead after violence in {town}",
          "Death toll of {n} in {town}", "{town}: {n} people die")  # fmt: skip
OUTLETS = tuple(f"https://www.{name}.example/news/" for name in (
    "daily-wire", "the-courier", "morning-post", "world-desk", "herald", "observer",
    "gazette", "tribune", "bulletin", "dispatch", "chronicle", "monitor",
))  # fmt: skip


def load_notes(path: Path, limit: int | None) -> list[dict]:
    notes = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [n for n in notes if n.get("events")][:limit]


def event_day(note: dict) -> date:
    return date.fromisoformat(note["events"][0]["date"])


def relative_phrase(day: date, published: date) -> str:
    """The words a reporter writing on ``published`` uses for ``day``."""
    gap = (published - day).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "yesterday"
    if gap < 7:
        return f"on {WEEKDAYS[day.weekday()]}"
    return f"{gap} days ago"


def relative_date(text: str, day: date, published: date) -> str:
    """Rewrite the explicit dates of ``text`` relative to ``published``."""
    phrase = relative_phrase(day, published)

    def swap(m: re.Match) -> str:
        first = m.start() == 0 or text[m.start() - 2 : m.start()].strip() in (".", "")
        return phrase[0].upper() + phrase[1:] if first else phrase

    return DATE_PHRASE.sub(swap, text)


def with_admin(text: str, event: dict) -> str:
    """Give the town with its admin1 and country at its first mention."""
    town, admin1, country = event["location"], event.get("admin1", ""), event.get("country", "")
    found = re.search(re.escape(town), text, flags=re.IGNORECASE)
    where = ", ".join(x for x in (admin1, country) if x and x != town)
    if found is None or not where:
        return text
    return f"{text[: found.end()]} ({where}){text[found.end() :]}"


def headline(event: dict, rng: random.Random) -> str:
    town = event["location"]
    if event.get("fatalities"):
        return rng.choice(KILLED).format(n=event["fatalities"], town=town)
    forms = HEADLINES.get(event["event_type"], HEADLINES["Strategic developments"])
    return rng.choice(forms).format(town=town)


def document(doc_id: str, text: str, title: str, published: date, outlet: str) -> Document:
    return Document(
        doc_id=doc_id, path=f"memory:{doc_id}", text=text, title=title or doc_id,
        url=f"{outlet}{doc_id}", published=published, language="en", published_source="jsonl",
    )  # fmt: skip


def variants(note: dict, k: int, rng: random.Random) -> list[Document]:
    """Two or three reports of one note, each from another outlet."""
    event, day, text = note["events"][0], event_day(note), note["text"]
    outlets = rng.sample(OUTLETS, 3)
    later = day + timedelta(days=rng.randint(1, 5))
    first = f"{headline(event, rng)} {relative_phrase(day, later)}"
    docs = [
        document(f"{note['doc_id']}~a", text, "", day, outlets[0]),
        document(f"{note['doc_id']}~b", f"{first}\n\n{relative_date(text, day, later)}", first,
                 later, outlets[1]),
    ]  # fmt: skip
    if k % 2 == 0:
        second = f"{headline(event, rng)} {relative_phrase(day, day + timedelta(days=1))}"
        docs.append(
            document(f"{note['doc_id']}~c", f"{second}\n\n{with_admin(text, event)}", second,
                     day + timedelta(days=1), outlets[2])
        )  # fmt: skip
    return docs


def moved(note: dict, target: dict, rng: random.Random) -> Document | None:
    """``note`` told as if it happened in ``target``'s town on ``target``'s day."""
    src, dst = note["events"][0], target["events"][0]
    if not re.search(re.escape(src["location"]), note["text"], flags=re.IGNORECASE):
        return None
    text = re.sub(re.escape(src["location"]), dst["location"], note["text"], flags=re.IGNORECASE)
    day = event_day(target)
    text = DATE_PHRASE.sub(f"On {day.day} {MONTHS[day.month - 1]} {day.year}", text)
    doc_id = f"{note['doc_id']}@{target['doc_id']}"
    return document(doc_id, text, "", day, rng.choice(OUTLETS))


def apart_pairs(notes: list[dict], count: int, rng: random.Random) -> list[tuple[dict, dict]]:
    """Pairs (note, target) of notes of another type or sub-type and another day.

    (On another day, so that the moved note stays apart from its own reports.)
    """
    pairs, tries = [], 0
    while len(pairs) < count and tries < 50 * count:
        tries += 1
        a, b = rng.sample(notes, 2)
        ea, eb = a["events"][0], b["events"][0]
        other = (ea["event_type"], ea["sub_event_type"]) != (eb["event_type"], eb["sub_event_type"])
        if other and ea["date"] != eb["date"]:
            pairs.append((a, b))
    return pairs


def pair_scores(gold: dict[str, str], predicted: dict[str, set[str]], reachable: set[str]):
    """Pairwise precision, recall, and recall over reachable pairs of reports."""
    by_incident: dict[str, set[str]] = {}
    for doc, incs in predicted.items():
        for inc in incs:
            by_incident.setdefault(inc, set()).add(doc)
    pred = {tuple(sorted(p)) for docs in by_incident.values() for p in combinations(docs, 2)}
    by_note: dict[str, list[str]] = {}
    for doc, note in gold.items():
        by_note.setdefault(note, []).append(doc)
    true = {tuple(sorted(p)) for docs in by_note.values() for p in combinations(docs, 2)}
    reach = {p for p in true if p[0] in reachable and p[1] in reachable}
    hit = pred & true
    return {
        "predicted_pairs": len(pred),
        "gold_pairs": len(true),
        "precision": len(hit) / len(pred) if pred else 1.0,
        "recall": len(hit) / len(true) if true else 1.0,
        "reachable_pairs": len(reach),
        "recall_reachable": len(hit & reach) / len(reach) if reach else 1.0,
    }


def show_misses(incidents, gold: dict[str, str]) -> None:
    """Print the located reports of one note that ended in different incidents."""
    by_note: dict[str, list] = {}
    for inc in incidents:
        for r in inc.reports:
            if r.site_id:
                by_note.setdefault(gold[r.doc_id], []).append((inc.incident_id, r))
    for note, items in sorted(by_note.items()):
        docs = {}
        for inc_id, r in items:
            docs.setdefault(r.doc_id, set()).add(inc_id)
        ids = list(docs.values())
        if all(a & b for a, b in combinations(ids, 2)):
            continue
        print(f"\nmissed {note}:")
        for inc_id, r in items:
            print(f"  {inc_id} [{r.event_type}] {r.site_name}/{r.site_precision} {r.start}..{r.end}"
                  f" dated={r.dated} {r.actors} | {r.sentence[:100]}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--apart", type=int, default=150)
    parser.add_argument("--show-errors", action="store_true", help="print the false merges")
    parser.add_argument("--show-misses", action="store_true", help="print the missed merges")
    parser.add_argument("--dump", type=Path, default=None, help="write the incidents CSV here")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    notes = load_notes(args.notes, args.limit)
    docs, gold = [], {}
    for k, note in enumerate(notes):
        for doc in variants(note, k, rng):
            docs.append(doc)
            gold[doc.doc_id] = note["doc_id"]
    checks = []
    for note, target in apart_pairs(notes, args.apart, rng):
        doc = moved(note, target, rng)
        if doc is not None:
            docs.append(doc)
            gold[doc.doc_id] = doc.doc_id
            checks.append((doc.doc_id, target["doc_id"]))
    rng.shuffle(docs)
    print(f"{len(notes)} notes -> {len(docs)} reports ({len(checks)} moved to another's town)")

    started = time.perf_counter()
    gazetteer = Gazetteer.open()
    try:
        articles = list(parse_articles(docs, gazetteer=gazetteer, nlp=load_nlp()))
    finally:
        gazetteer.close()
    events, places = events_frame(articles), places_frame(articles)
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    meta = {doc.doc_id: doc for doc in docs}
    incidents = group_incidents(events, articles=meta, places=places)
    grouped = time.perf_counter() - started

    predicted: dict[str, set[str]] = {}
    for inc in incidents:
        for r in inc.reports:
            predicted.setdefault(r.doc_id, set()).add(inc.incident_id)
    reachable = {r.doc_id for inc in incidents for r in inc.reports if r.site_id}
    scores = pair_scores(gold, predicted, reachable)
    with_event = sum(1 for d in docs if d.doc_id in predicted)
    print(f"pipeline: {parsed:.1f} s; grouping {len(events)} event rows: {grouped:.2f} s")
    print(f"reports with an event: {with_event}/{len(docs)}; with a located event: "
          f"{len(reachable)}/{len(docs)}")  # fmt: skip
    print(f"incidents: {len(incidents)}; with 2+ sources: "
          f"{sum(1 for i in incidents if i.n_sources >= 2)}")  # fmt: skip
    print(f"same-incident pairs: gold {scores['gold_pairs']}, predicted "
          f"{scores['predicted_pairs']}")  # fmt: skip
    print(f"pairwise precision          {scores['precision']:.3f}")
    print(f"pairwise recall             {scores['recall']:.3f}")
    print(f"recall, located pairs       {scores['recall_reachable']:.3f}  "
          f"({scores['reachable_pairs']} pairs, both reports with a located event)")  # fmt: skip
    merged = [
        m for m, target in checks
        if any(predicted.get(m, set()) & predicted.get(d, set())
               for d, note in gold.items() if note == target)
    ]  # fmt: skip
    print(f"same town, same day, other event kept apart: {len(checks) - len(merged)}/{len(checks)}")
    for inc in incidents[: args.show_errors and len(incidents)]:
        notes_of = {gold[r.doc_id] for r in inc.reports}
        if len(notes_of) > 1 and args.show_errors:
            print(f"\nfalse merge {inc.incident_id} at {inc.site.site_name}:")
            for r in inc.reports:
                print(f"  {r.doc_id} [{r.event_type}/{r.sub_event_type}] {r.site_name} "
                      f"{r.start}..{r.end} {r.actors} | {r.sentence[:110]}")  # fmt: skip
    if args.show_misses:
        show_misses(incidents, gold)
    if args.dump:
        incidents_frame(incidents).drop(columns="geometry").to_csv(args.dump, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
