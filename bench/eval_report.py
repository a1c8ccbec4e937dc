"""The geoparsing error report: worst resolutions, missed and spurious mentions, by cause.

Used by ``bench/eval_geoparse.py``. Gold and predicted spans are paired one to one by
overlap, greedily by the largest overlap (the definition of ``../shared/eval/score.py``),
and every error gets a cause read from what can be observed: the gazetteer's candidates
for the name, the NER entity over the span, the gold entry's GeoNames id and type. The
causes are diagnoses for choosing the next improvement, not exact accounting.
"""

from __future__ import annotations

import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from geoscore import pairs_overlap

from geo.places.context import haversine_km
from geo.places.evidence import person_names, spelled_alike
from testkit.error_classes import class_table

KM = 161.0
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,3}\. ?)+$|^[A-Z]{2}$")
_GENERIC = {
    "state", "county", "district", "city", "region", "province", "country", "capital",
    "valley", "island", "islands", "village", "town", "parish", "township", "borough",
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One error: a missed gold toponym, a spurious prediction or a wrong resolution."""

    doc_id: str
    text: str  # the words as written
    context: str
    cause: str
    kind: str = ""  # the mention kind (predictions only)
    chosen: str = ""  # the chosen entry and reason (predictions only)
    gold: str = ""  # the gold entry (gold toponyms only)
    gold_type: str = ""  # GeoNames feature code (LGL) or GeoWebNews type
    feature: str = ""  # our feature class / precision
    km: float | None = None


def _overlap(a_start, a_end, b_start, b_end) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def snippet(text: str, start: int, end: int, width: int = 60) -> str:
    """The words around a span, the span in [brackets], on one line."""
    left, right = text[max(0, start - width) : start], text[end : end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def _has_coords(t: dict) -> bool:
    return t.get("lat") is not None and t.get("lon") is not None


def _gold_type(g: dict) -> str:
    return g.get("feature_code") or g.get("gwn_type") or "?"


def _describe_gold(g: dict) -> str:
    name = g.get("gaz_name") or g.get("normalised_name") or g.get("name")
    where = ", ".join(x for x in (g.get("admin1_name"), g.get("country_name")) if x)
    label = f"{name} ({_gold_type(g)}{', ' + where if where else ''})"
    return f"{label} {g['lat']:.2f},{g['lon']:.2f}" if _has_coords(g) else label


class _Diagnosis:
    """Looks things up in the gazetteer to tell why a span went wrong."""

    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer
        self._db = sqlite3.connect(f"{gazetteer.path.resolve().as_uri()}?mode=ro", uri=True)
        self._by_id: dict[int, list] = {}

    def close(self) -> None:
        self._db.close()

    def entries(self, geonameid) -> list:
        if not isinstance(geonameid, int):
            return []
        if geonameid not in self._by_id:
            self._by_id[geonameid] = self._db.execute(
                "SELECT entry_id, feature_class FROM entries WHERE geonameid = ?", (geonameid,)
            ).fetchall()
        return self._by_id[geonameid]

    def resolution(self, g: dict, p, places) -> str:
        pm = p.source
        place, mention = pm.place, pm.mention
        gid = g.get("geonameid")
        if gid is not None and place.geonameid == gid:
            return f"same entry, another point ({place.feature_class} point convention)"
        if place.feature_class == "macro_region":
            return "macro-region point is not the gold continent/region point"
        if mention.kind == "demonym":
            return "demonym: gold is not the country (a people, region or other country)"
        if mention.kind == "border":
            return "border word: gold is not that country"
        if _ABBREVIATION.match(mention.text):
            return "abbreviation read as another name (Ky., Kan., Va.)"
        cands = self.gaz.lookup(mention.query, feature_classes=mention.feature_classes)
        near = [
            c
            for c in cands
            if (gid is not None and c.geonameid == gid)
            or haversine_km(c.lat, c.lon, g["lat"], g["lon"]) <= KM
        ]
        if near:
            right = near[0]
            if right.feature_class != place.feature_class:
                return f"wrong candidate: {place.feature_class} chosen, {right.feature_class} right"
            return f"wrong candidate: another {place.feature_class} ({_context_of(right, places)})"
        if self.entries(gid):
            return "gold entry in gazetteer, not a candidate for this name (alias/span)"
        return f"gold entry not in gazetteer ({_gold_type(g)})"

    def missed(self, doc: dict, g: dict, result) -> str:
        text = doc["text"]
        surface = text[g["start"] : g["end"]]
        if not _has_coords(g):
            return "gold has no coordinates (street, building)"
        for pm in result.places:
            m = pm.mention
            if _overlap(m.start, m.end, g["start"], g["end"]) > 0:
                if pm.place is None and m.kind == "facility":
                    return "inside a facility or institution name (not placed)"
                if pm.place is None:
                    return "found, but no gazetteer entry to resolve it"
                if m.kind == "border":
                    return "inside a border phrase whose words were not emitted"
        if not surface[:1].isupper():
            return "not capitalised"
        if _ABBREVIATION.match(surface):
            return "abbreviation (U.S., Ky., D.C.)"
        cands = self.gaz.lookup(surface)
        if not cands:
            singular = surface[:-1] if surface.endswith("s") else ""
            if singular and any(c.demonym for c in self.gaz.lookup(singular)):
                return "plural demonym (Russians, Palestinians)"
            if self.entries(g.get("geonameid")):
                return "name not in gazetteer, the place is (alias missing)"
            return f"not in gazetteer ({_gold_type(g)})"
        if surface.isupper() and len(surface) > 3:
            return "written in capitals (dateline, headline)"
        if any(c.demonym for c in cands) or g.get("modifier_type") == "Adjective":
            return "adjective/demonym not accepted"
        ent = _entity(result.analysis.doc, g["start"], g["end"])
        if surface in person_names(result.analysis.doc.ents):
            return "a word of a person's full name in the article, rejected"
        if not any(map(spelled_alike, cands)):
            return "only an alias unlike the name or a one-word fuzzy form, rejected"
        if ent is None:
            return "no NER entity; not prominent and no cue (filter)"
        if ent.label_ in _PLACE_LABELS:
            return f"NER {ent.label_}, gazetteer knows it, dropped (filter/span)"
        if ent.start_char < g["start"] or ent.end_char > g["end"]:
            return f"inside a longer NER {ent.label_} name (Ohio State University)"
        return f"NER calls the name itself {ent.label_}, rejected"

    def spurious(self, doc: dict, p, nlp_doc) -> str:
        for o in doc.get("other_spans") or ():
            if _overlap(o["start"], o["end"], p.start, p.end) > 0:
                return f"gold marks it a non-toponym ({o.get('gwn_type')})"
        pm = p.source
        if pm.mention.kind == "demonym":
            return "demonym/adjective (not a gold toponym here)"
        if pm.mention.kind == "border":
            return "border word (not a gold toponym here)"
        words = pm.mention.text.lower().removeprefix("the ")
        if words in _GENERIC:
            return "generic noun (the state, the county)"
        ent = _entity(nlp_doc, p.start, p.end)
        if pm.mention.text in person_names(nlp_doc.ents):
            return "a word of a person's full name, kept (NER place label)"
        if pm.mention.candidates and not spelled_alike(pm.mention.candidates[0]):
            return "an alias unlike the name, kept (NER place label)"
        if ent is not None and (ent.start_char < p.start or ent.end_char > p.end):
            return f"part of a longer NER {ent.label_} name (Main Street, Lincoln Center)"
        label = pm.mention.ner_label or (ent.label_ if ent is not None else "")
        if label in _PLACE_LABELS:
            return f"NER {label} too, not in gold (annotation scope or homonym)"
        if label:
            return f"NER says {label}"
        return "no NER entity; accepted as prominent or after a cue"


def _context_of(right, places) -> str:
    """How the article supports the right candidate: its region, its country, or nothing."""
    for pm in places:
        other = pm.place
        if other is None or pm.mention.kind == "border":
            continue
        in_region = (
            other.country == right.country
            and right.admin1_name
            and (other.admin1_name == right.admin1_name or other.name == right.admin1_name)
        )
        if in_region:
            return "the article names its region or places in it"
    if any(pm.place is not None and pm.place.country == right.country for pm in places):
        return "the article names its country only"
    return "no place of its country in the article"


def _entity(doc, start: int, end: int):
    for ent in doc.ents:
        if ent.start_char < end and start < ent.end_char:
            return ent
    return None


def collect(docs, results, predicted, gazetteer) -> dict:
    """Every error of the run, with its cause, and the resolution figures by group."""
    diag = _Diagnosis(gazetteer)
    missed, spurious, wrong = [], [], []
    by_feature = defaultdict(list)  # (feature_class, precision) -> errors km
    by_kind = defaultdict(lambda: Counter())  # kind -> predicted, tp, errors
    by_gold = defaultdict(list)  # gold type -> errors km
    try:
        for doc, result, preds in zip(docs, results, predicted, strict=True):
            gold, text = doc["toponyms"], doc["text"]
            pairs = pairs_overlap(gold, [{"start": p.start, "end": p.end} for p in preds])
            matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
            for p in preds:
                by_kind[p.source.mention.kind]["predicted"] += 1
            for i, j in pairs:
                g, p = gold[i], preds[j]
                kind = p.source.mention.kind
                by_kind[kind]["matched"] += 1
                if not _has_coords(g):
                    continue
                km = haversine_km(g["lat"], g["lon"], p.lat, p.lon)
                place = p.source.place
                by_feature[(place.feature_class, place.precision)].append(km)
                by_gold[_gold_type(g)].append(km)
                by_kind[kind]["resolved within 161 km"] += km <= KM
                if km > KM:
                    wrong.append(
                        Case(
                            doc["doc_id"],
                            text[g["start"] : g["end"]],
                            snippet(text, g["start"], g["end"]),
                            diag.resolution(g, p, result.places),
                            kind=kind,
                            chosen=p.source.reason,
                            gold=_describe_gold(g),
                            gold_type=_gold_type(g),
                            feature=f"{place.feature_class}/{place.precision}",
                            km=km,
                        )
                    )
            for i, g in enumerate(gold):
                if i not in matched_g:
                    missed.append(
                        Case(
                            doc["doc_id"],
                            text[g["start"] : g["end"]],
                            snippet(text, g["start"], g["end"]),
                            diag.missed(doc, g, result),
                            gold=_describe_gold(g),
                            gold_type=_gold_type(g),
                        )
                    )
            for j, p in enumerate(preds):
                if j not in matched_p:
                    spurious.append(
                        Case(
                            doc["doc_id"],
                            text[p.start : p.end],
                            snippet(text, p.start, p.end),
                            diag.spurious(doc, p, result.analysis.doc),
                            kind=p.source.mention.kind,
                            chosen=p.source.reason,
                        )
                    )
    finally:
        diag.close()
    return {
        "missed": missed,
        "spurious": spurious,
        "wrong": wrong,
        "by_feature": by_feature,
        "by_kind": by_kind,
        "by_gold": by_gold,
    }


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'")
    return " ".join(text.split())


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return out + [""]


def _causes(cases: list[Case]) -> list[list]:
    counts = Counter(c.cause for c in cases)
    examples = {}
    for c in cases:
        examples.setdefault(c.cause, Counter())[c.text] += 1
    return [
        [n, cause, ", ".join(f"{t} ({k})" for t, k in examples[cause].most_common(6))]
        for cause, n in counts.most_common()
    ]


def _frequent(cases: list[Case], top: int) -> list[list]:
    groups: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        groups[c.text.casefold()].append(c)
    ranked = sorted(groups.values(), key=lambda g: (-len(g), g[0].text))[:top]
    return [
        [
            len(g),
            g[0].text,
            "; ".join(f"{cause} ({n})" for cause, n in Counter(c.cause for c in g).most_common(2)),
            g[0].context,
        ]
        for g in ranked
    ]


def _by_type(cases: list[Case]) -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        out[c.gold_type].append(c)
    return out


def _groups(errors: dict) -> list[list]:
    rows = []
    for key, kms in sorted(errors.items(), key=lambda kv: -len(kv[1])):
        label = "/".join(key) if isinstance(key, tuple) else key
        bad = sum(km > KM for km in kms)
        rows.append(
            [label, len(kms), bad, f"{1 - bad / len(kms):.3f}", f"{statistics.median(kms):.0f}"]
        )
    return rows


def build_report(docs, results, predicted, gazetteer, *, scores: dict, top: int = 30):
    """Return the markdown report and a short text version for stdout.

    Parameters
    ----------
    docs : list of dict
        The gold corpus lines.
    results : list of ArticleResult
        The pipeline's result for each document.
    predicted : list of list of Predicted
        The predicted toponyms of each document (with the mention each comes from).
    gazetteer : Gazetteer
        The open gazetteer the pipeline used.
    scores : dict
        The scorer's JSON result.
    """
    found = collect(docs, results, predicted, gazetteer)
    missed, spurious, wrong = found["missed"], found["spurious"], found["wrong"]
    worst = sorted(wrong, key=lambda c: -c.km)[:50]
    denominator = scores["end_to_end"]["denominator"] or 1
    md = [
        "# Geoparsing error report",
        "",
        f"{len(docs)} documents; {len(missed)} gold toponyms missed, {len(spurious)} spurious "
        f"predictions, {len(wrong)} matched toponyms resolved more than {KM:.0f} km off. "
        f"One gold toponym with coordinates is {100 / denominator:.2f} points of end-to-end "
        "acc@161.",
        "",
        "## Error classes (counts of the causes below)",
        "",
        *_table(
            ["class", "resolution > 161 km", "missed", "spurious", "all"],
            class_table({"wrong": wrong, "missed": missed, "spurious": spurious}),
        ),
        "## Resolution errors by cause",
        "",
        *_table(["count", "cause", "examples (count)"], _causes(wrong)),
        "## Missed gold toponyms by cause",
        "",
        *_table(["count", "cause", "examples (count)"], _causes(missed)),
        "## Spurious predictions by cause",
        "",
        *_table(["count", "cause", "examples (count)"], _causes(spurious)),
        "## Missed gold toponyms by gold type",
        "",
        *_table(
            ["gold type", "missed", "top causes"],
            [
                [
                    t,
                    len(cs),
                    "; ".join(f"{k} ({n})" for k, n in Counter(c.cause for c in cs).most_common(3)),
                ]
                for t, cs in sorted(_by_type(missed).items(), key=lambda kv: -len(kv[1]))
            ],
        ),
        "## Resolution by our feature class / precision (matched gold with coordinates)",
        "",
        *_table(
            ["class/precision", "matched", f"> {KM:.0f} km", "acc@161", "median km"],
            _groups(found["by_feature"]),
        ),  # fmt: skip
        "## Resolution by gold type",
        "",
        *_table(
            ["gold type", "matched", f"> {KM:.0f} km", "acc@161", "median km"],
            _groups(found["by_gold"]),
        ),  # fmt: skip
        "## Predictions by mention kind",
        "",
        *_table(
            ["kind", "predicted", "matched gold", "resolved within 161 km"],
            [
                [k, c["predicted"], c["matched"], c["resolved within 161 km"]]
                for k, c in sorted(found["by_kind"].items())
            ],
        ),
        f"## The {len(worst)} worst resolutions",
        "",
        *_table(
            ["km", "name", "context", "chosen (reason)", "gold", "ours", "cause", "doc"],
            [
                [f"{c.km:.0f}", c.text, c.context, c.chosen, c.gold, c.feature, c.cause, c.doc_id]
                for c in worst
            ],
        ),
        f"## Most frequent missed toponyms (top {top})",
        "",
        *_table(["count", "name", "causes", "example"], _frequent(missed, top)),
        f"## Most frequent spurious predictions (top {top})",
        "",
        *_table(["count", "name", "causes", "example"], _frequent(spurious, top)),
    ]
    short = ["error classes (resolution > 161 km, missed, spurious, all):"]
    short += [
        f"  {name:28s} {w:5d} {m:5d} {sp:5d} {total:5d}"
        for name, w, m, sp, total in class_table(
            {"wrong": wrong, "missed": missed, "spurious": spurious}
        )
    ]
    short.append("errors by cause (count, cause):")
    for title, cases in (
        ("resolution > 161 km", wrong),
        ("missed", missed),
        ("spurious", spurious),
    ):
        short.append(f"  {title}: {len(cases)}")
        short += [f"    {n:5d}  {cause}" for n, cause, _ in _causes(cases)[:8]]
    short.append("worst resolutions:")
    short += [f"  {c.km:7.0f} km  {c.text!r} -> {c.chosen[:80]}" for c in worst[:10]]
    for title, cases in (("missed", missed), ("spurious", spurious)):
        short.append(f"most frequent {title}:")
        short += [f"  {n:4d}  {name}  ({causes})" for n, name, causes, _ in _frequent(cases, 10)]
    return "\n".join(md), "\n".join(short)
