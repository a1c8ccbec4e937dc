"""Newsmap's own geoparsing scorer: the metrics of the public corpora, computed in-process.

The benchmarks score with the corpus's own scorer when it is present
(``../shared/eval/score.py`` beside the repository); a clone without it, and the
tests, use this module. It computes the same published metrics and returns the same
JSON layout:

- recognition P/R/F1 with exact spans (identical offsets) and with overlapping spans
  (one-to-one, greedily by the largest overlap);
- resolution over matched gold toponyms that have coordinates: acc@161 km, mean and
  median error, and the AUC of the sorted log errors (Gritta et al. 2018), a matched
  prediction without coordinates counting as the largest error (half the Earth's
  circumference);
- end-to-end acc@161: gold toponyms with coordinates found and placed within 161 km,
  over all gold toponyms with coordinates.

>>> gold = [{"doc_id": "a", "toponyms": [{"start": 0, "end": 5, "lat": 48.85, "lon": 2.35}]}]
>>> pred = [{"doc_id": "a", "toponyms": [{"start": 0, "end": 5, "lat": 48.86, "lon": 2.34}]}]
>>> s = score(gold, pred)
>>> s["recognition"]["exact"]["f1"], s["end_to_end"]["acc161_exact"]
(1.0, 1.0)
"""

from __future__ import annotations

import math
import statistics
from itertools import pairwise

from geo.places.context import haversine_km

#: Half the Earth's circumference: the error of a prediction without coordinates.
MAX_ERROR_KM = 20039.0
KM = 161.0
MODES = ("exact", "overlap")


def _coords(t: dict) -> bool:
    return t.get("lat") is not None and t.get("lon") is not None


def pairs_exact(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) index pairs with identical offsets."""
    free: dict[tuple[int, int], list[int]] = {}
    for j, p in enumerate(pred):
        free.setdefault((p["start"], p["end"]), []).append(j)
    out = []
    for i, g in enumerate(gold):
        waiting = free.get((g["start"], g["end"]))
        if waiting:
            out.append((i, waiting.pop(0)))
    return out


def pairs_overlap(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) index pairs of overlapping spans, largest overlap first."""
    options = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            shared = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if shared > 0:
                shift = abs(g["start"] - p["start"]) + abs(g["end"] - p["end"])
                options.append((-shared, shift, i, j))
    used_gold, used_pred, out = set(), set(), []
    for _, _, i, j in sorted(options):
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            out.append((i, j))
    return sorted(out)


def auc(errors: list[float]) -> float | None:
    """Area under the sorted ``ln(1 + error)`` curve, normalised to [0, 1] (0 is perfect)."""
    if not errors:
        return None
    top = math.log(MAX_ERROR_KM)
    ys = sorted(min(math.log1p(e), top) for e in errors)
    if len(ys) == 1:
        return ys[0] / top
    return sum((a + b) / 2 for a, b in pairwise(ys)) / (top * (len(ys) - 1))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": n_pred - tp, "fn": n_gold - tp, "precision": p, "recall": r, "f1": f}


def _resolution(errors: list[float], unresolved: int) -> dict:
    if not errors:
        stats = {"n": 0, "acc161": None, "mean_km": None, "median_km": None, "auc": None}
    else:
        stats = {
            "n": len(errors),
            "acc161": sum(e <= KM for e in errors) / len(errors),
            "mean_km": statistics.fmean(errors),
            "median_km": statistics.median(errors),
            "auc": auc(errors),
        }
    return {**stats, "unresolved_predictions": unresolved}


def score(gold_docs: list[dict], pred_docs: list[dict]) -> dict:
    """Score predictions against gold documents (both in the corpora's JSON Lines format)."""
    predicted = {d["doc_id"]: d.get("toponyms", []) for d in pred_docs}
    n_gold = n_gold_c = n_pred = n_pred_c = 0
    tp = dict.fromkeys(MODES, 0)
    e2e = dict.fromkeys(MODES, 0)
    unresolved = dict.fromkeys(MODES, 0)
    errors: dict[str, list[float]] = {m: [] for m in MODES}
    for doc in gold_docs:
        gold, pred = doc["toponyms"], predicted.get(doc["doc_id"], [])
        n_gold += len(gold)
        n_gold_c += sum(map(_coords, gold))
        n_pred += len(pred)
        n_pred_c += sum(map(_coords, pred))
        for mode, pairing in (("exact", pairs_exact), ("overlap", pairs_overlap)):
            pairs = pairing(gold, pred)
            tp[mode] += len(pairs)
            for i, j in pairs:
                g, p = gold[i], pred[j]
                if not _coords(g):
                    continue
                err = MAX_ERROR_KM
                if _coords(p):
                    err = min(haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]), MAX_ERROR_KM)
                errors[mode].append(err)
                unresolved[mode] += not _coords(p)
                e2e[mode] += err <= KM
    return {
        "docs": len(gold_docs),
        "docs_with_prediction_line": len(predicted),
        "gold_toponyms": n_gold,
        "gold_with_coords": n_gold_c,
        "pred_toponyms": n_pred,
        "pred_with_coords": n_pred_c,
        "recognition": {m: _prf(tp[m], n_pred, n_gold) for m in MODES},
        "resolution": {m: _resolution(errors[m], unresolved[m]) for m in MODES},
        "end_to_end": {
            "acc161_exact": e2e["exact"] / n_gold_c if n_gold_c else None,
            "acc161_overlap": e2e["overlap"] / n_gold_c if n_gold_c else None,
            "denominator": n_gold_c,
        },
        "settings": {"km": KM, "max_error_km": MAX_ERROR_KM, "scorer": "bench/geoscore.py"},
    }
