"""Synthetic news corpora for the scale tests and benchmark: short English articles.

Every article is built from templates with real place names and dates, so the whole
pipeline (NER, gazetteer, roles, dates, events, flows) has something to find. The
output is deterministic for a given seed. Nothing here knows what the parser will
return: tests compare two runs of the parser, never against expectations written here.

>>> docs = synthetic_articles(3, seed=1)
>>> [d["id"] for d in docs]
['syn-00000', 'syn-00001', 'syn-00002']
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

# (place, country adjective, country) triples: real places the gazetteer knows.
PLACES = (
    ("Kursk", "Russian", "Russia"),
    ("Belgorod", "Russian", "Russia"),
    ("Rostov-on-Don", "Russian", "Russia"),
    ("Kharkiv", "Ukrainian", "Ukraine"),
    ("Odesa", "Ukrainian", "Ukraine"),
    ("Zaporizhzhia", "Ukrainian", "Ukraine"),
    ("Pyongyang", "North Korean", "North Korea"),
    ("Seoul", "South Korean", "South Korea"),
    ("Warsaw", "Polish", "Poland"),
    ("Vilnius", "Lithuanian", "Lithuania"),
    ("Ankara", "Turkish", "Turkey"),
    ("Beirut", "Lebanese", "Lebanon"),
    ("Khartoum", "Sudanese", "Sudan"),
    ("Goma", "Congolese", "the Democratic Republic of the Congo"),
    ("Aleppo", "Syrian", "Syria"),
    ("Tbilisi", "Georgian", "Georgia"),
)

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

TEMPLATES = (
    "{a_adj} troops were deployed to {b} on {day}, officials said.",
    "About {n:,} soldiers arrived in {b} from {a} in {month} {year}.",
    "Artillery shelling hit {b} on {day}, according to the {b_adj} army.",
    "Diplomats from {a_country} and {b_country} held talks in {a} on {day}.",
    "Engineers began demining fields near {b} in early {month} {year}.",
    "The government in {a} said on {day} that aid convoys would reach {b} next week.",
    "Reconstruction of the bridge in {b} started in {month} {year}.",
    "{n:,} troops moved from {a} to {b} in late {month} {year}, the ministry said.",
)


def _day(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def synthetic_articles(
    count: int, *, seed: int = 0, first: date = date(2024, 1, 1), months: int = 24
) -> list[dict]:
    """Return ``count`` articles as JSON Lines records (``id``, ``title``, ``text``, ...).

    Dates fall in the ``months`` months from ``first``; one article in ten has no
    ``published`` date, so the pipeline infers it from the text.
    """
    rng = random.Random(seed)
    records = []
    span = months * 30
    for number in range(count):
        published = first + timedelta(days=rng.randrange(span))
        (a, a_adj, a_country), (b, b_adj, b_country) = rng.sample(PLACES, 2)
        sentences = []
        for template in rng.sample(TEMPLATES, 4):
            when = published - timedelta(days=rng.randrange(1, 40))
            sentences.append(
                template.format(
                    a=a,
                    a_adj=a_adj,
                    a_country=a_country,
                    b=b,
                    b_adj=b_adj,
                    b_country=b_country,
                    day=_day(when),
                    month=MONTHS[when.month - 1],
                    year=when.year,
                    n=rng.choice((500, 1500, 3000, 10000)),
                )  # fmt: skip
            )
        title = f"{a_adj} moves near {b}"
        records.append(
            {
                "id": f"syn-{number:05d}",
                "title": title,
                "url": f"https://example.org/news/{number}",
                "published": "" if number % 10 == 9 else published.isoformat(),
                "text": title + "\n\n" + " ".join(sentences),
            }
        )
    return records


def write_shards(folder: Path, records: list[dict], *, per_shard: int) -> list[Path]:
    """Write the records as JSON Lines shards ``shard-000.jsonl``, ... in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, first in enumerate(range(0, len(records), per_shard)):
        path = folder / f"shard-{number:03d}.jsonl"
        lines = (json.dumps(r, ensure_ascii=False) for r in records[first : first + per_shard])
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
