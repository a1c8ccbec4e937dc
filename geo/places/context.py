"""What an article says about where it is: the votes its names cast, and its anchors.

:mod:`geo.places.resolve` scores every reading of a name on its own (match, prominence,
qualifier), then adds what the rest of the article says (:func:`contextual`):

- every mention votes for the countries and admin-1 regions of its readings, in
  proportion to how likely each reading is (a "Richmond" that may be in Virginia,
  England or Australia gives each a part of one vote), so an article of ambiguous small
  places still points to the country most of them share; a name never votes for its
  own readings;
- the regions the article names as such ("the Kursk region");
- the distance to the places with one clear reading (anchors).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from geo.gazetteer.candidate import Candidate
from geo.gazetteer.names import fold
from geo.model import Mention

__all__ = ["ArticleContext", "article_context", "contextual", "haversine_km", "probabilities"]

#: How fast a reading's probability falls with its score.
SHARPNESS = 5.0
_CLEAR = 0.75  # a reading at least this likely anchors the article's map
_COUNTRY_WEIGHT = 0.45  # bonus for a reading in the country the other names point to
_ADMIN1_WEIGHT = 0.3  # bonus for a reading in the region the other names point to
_REGION_WORDS = {"region", "oblast", "province", "state", "krai", "governorate", "prefecture"}


@dataclass(frozen=True)
class ArticleContext:
    """The votes of an article's names and its anchors (see the module docstring)."""

    countries: dict  # ISO2 -> {folded query: weight in [0, 1]}
    admin1: dict  # (ISO2, admin1 code) -> {folded query: weight}
    regions: dict  # (country, admin1_code) -> how the article names the region ("the X region")
    anchors: tuple  # ((lat, lon, folded query, country), ...): places with one clear reading
    totals: dict = field(default_factory=dict)  # sums of the weights, see _totals

    def named_elsewhere(self, country: str, query: str) -> float:
        """Return how strongly mentions of other names point to the country."""
        named = self.countries.get(country)
        return self.totals["country"].get(country, 0.0) - named.get(query, 0.0) if named else 0.0

    def country_share(self, country: str, query: str) -> float:
        """Return the country's part of the votes of the other names (0 to 1)."""
        total = self.totals["all"] - self.totals["query"].get(query, 0.0)
        return self.named_elsewhere(country, query) / total if total > 1e-9 else 0.0

    def admin1_share(self, country: str, admin1: str, query: str) -> float:
        """Return the region's part of the votes for regions of its country (0 to 1)."""
        named = self.admin1.get((country, admin1))
        if not named:
            return 0.0
        mine = self.totals["admin1"][(country, admin1)] - named.get(query, 0.0)
        by_query = self.totals["admin1_query"].get((country, query), 0.0)
        total = self.totals["admin1_country"].get(country, 0.0) - by_query
        return mine / total if total > 1e-9 else 0.0


def _totals(countries: dict, admin1: dict) -> dict:
    """Return the sums that make a share one dictionary read."""
    country_total = {cc: sum(named.values()) for cc, named in countries.items()}
    query_total: dict = {}
    for named in countries.values():
        for q, w in named.items():
            query_total[q] = query_total.get(q, 0.0) + w
    admin1_total = {key: sum(named.values()) for key, named in admin1.items()}
    admin1_country: dict = {}
    admin1_query: dict = {}
    for (cc, _), named in admin1.items():
        for q, w in named.items():
            admin1_country[cc] = admin1_country.get(cc, 0.0) + w
            admin1_query[(cc, q)] = admin1_query.get((cc, q), 0.0) + w
    return {
        "country": country_total,
        "query": query_total,
        "all": sum(country_total.values()),
        "admin1": admin1_total,
        "admin1_country": admin1_country,
        "admin1_query": admin1_query,
    }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km.

    Examples
    --------
    >>> round(haversine_km(51.727, 36.185, 51.411, 34.900))
    96
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _region_phrase(mention: Mention) -> str:
    last = mention.text.rsplit(None, 1)[-1].lower()
    return f"the {mention.text}" if last in _REGION_WORDS else mention.text


def probabilities(scores: Sequence[float]) -> list[float]:
    """Return each reading's probability from its score (a softmax of sharpness 5).

    Examples
    --------
    >>> [round(p, 3) for p in probabilities([1.0, 1.0, 0.0])]
    [0.498, 0.498, 0.003]
    """
    top = max(scores)
    weights = [math.exp(SHARPNESS * (s - top)) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def article_context(
    mentions: Sequence[Mention],
    cands: Sequence[tuple[Candidate, ...]],
    scores: Sequence[Sequence[float]],
) -> ArticleContext:
    """Gather the article's votes for countries and regions, and its clear places."""
    countries: dict = {}
    admin1: dict = {}
    regions: dict = {}
    anchors = []
    for mention, found, score in zip(mentions, cands, scores, strict=True):
        if not found or mention.kind == "border":
            continue
        key = fold(mention.query)
        probs = probabilities(score)
        per_country: dict = {}
        per_region: dict = {}
        for cand, p in zip(found, probs, strict=True):
            if not cand.country:
                continue
            per_country[cand.country] = max(per_country.get(cand.country, 0.0), p)
            if cand.admin1_code and cand.feature_class in ("populated_place", "admin_region"):
                region = (cand.country, cand.admin1_code)
                per_region[region] = max(per_region.get(region, 0.0), p)
        for country, p in per_country.items():
            named = countries.setdefault(country, {})
            named[key] = max(named.get(key, 0.0), p)
        for region, p in per_region.items():
            named = admin1.setdefault(region, {})
            named[key] = max(named.get(key, 0.0), p)
        best = max(range(len(found)), key=lambda j: (probs[j], -j))
        top = found[best]
        if top.feature_class == "admin_region" and mention.kind == "region":
            regions[(top.country, top.admin1_code)] = _region_phrase(mention)
        # Capitals are often named for their governments: they do not anchor the map.
        if (
            probs[best] >= _CLEAR
            and top.feature_class in ("populated_place", "admin_region")
            and top.feature_code != "PPLC"
        ):
            anchors.append((top.lat, top.lon, key, top.country))
    return ArticleContext(countries, admin1, regions, tuple(anchors), _totals(countries, admin1))


def contextual(
    cand: Candidate, query: str, ctx: ArticleContext
) -> tuple[float, list[str], float | None]:
    """Return (bonus, reasons, distance to the other places in km) from the article."""
    reasons = []
    bonus = 0.0
    region = ctx.regions.get((cand.country, cand.admin1_code))
    if region and cand.feature_class == "populated_place":
        bonus += 0.6
        reasons.append(f"the article names {region}")
    if cand.country and cand.feature_class != "country":
        share = ctx.country_share(cand.country, query)
        bonus += _COUNTRY_WEIGHT * share
        if share >= 0.3 and not region:
            reasons.append(f"the article names other places in {cand.country}")
        if cand.admin1_code and cand.feature_class in ("populated_place", "admin_region"):
            inner = ctx.admin1_share(cand.country, cand.admin1_code, query)
            bonus += _ADMIN1_WEIGHT * inner * share
            if inner >= 0.5 and share >= 0.3 and not region and cand.admin1_name:
                reasons.append(f"the article names places in {cand.admin1_name}")
    distances = [
        haversine_km(cand.lat, cand.lon, lat, lon)
        for lat, lon, key, _ in ctx.anchors
        if key != query
    ]
    distance = min(distances) if distances else None
    if distance is not None and cand.feature_class == "populated_place":
        bonus += 0.4 * math.exp(-distance / 400)
        if distance < 200:
            reasons.append(f"{distance:.0f} km from the other places")
    elif distance is not None and cand.feature_class == "admin_region":
        bonus += 0.2 * math.exp(-distance / 1000)  # a region's point is only its middle
    return bonus, reasons, distance
