"""Resolve mentions to places, using the whole article as context.

Each mention's candidates are scored on:

- how the name matched (exact, alternate, folded, fuzzy);
- prominence (population, or being a country or a region);
- a qualifier written after the name ("Paris, Texas"; "PARIS, Texas —" in a dateline);
- what the rest of the article says (:mod:`geo.places.context`): the countries and
  regions its other names point to, the regions it names ("the Kursk region" makes
  Korenevo, Kursk Oblast the likelier Korenevo), the distance to its clear places. Two
  rounds: the readings the article makes likely then vote again.

A country's or macro-region's own name is the country ("China", never China, Texas,
unless written "China, Texas"); "Laurel County" is one of the counties of that name. A
bare name matching a notable town and a region equally is taken for the town when the
town lies in the region or is a capital ("Pyongyang", "Washington"), else for the region
("Ontario"); a metropolis also takes its region's name ("New York"); one that names a
region exactly and a smaller town only by an alternate name is the region ("Oklahoma"),
and a small town named like a region is the lesser reading ("California" is not
California, Falkirk). A small place thousands of km from every other place of the
article, in a country it never names, is left unresolved as a likely misreading ("the
Baltic coast" is not Baltic, Connecticut).

The best candidate becomes the place; the others are kept as runner-ups, and a short
reason in words says why the choice was made.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from geo.gazetteer.candidate import MATCH_KINDS, Candidate
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.names import fold
from geo.model import Mention, Place, PlaceMention
from geo.places.context import (
    SHARPNESS,
    ArticleContext,
    article_context,
    contextual,
)

__all__ = ["resolve_mentions", "place_from_candidate"]

_MATCH_SCORE = {"exact": 1.0, "alternate": 0.9, "folded": 0.8, "fuzzy": 0.45}
_PRECISION = {
    "populated_place": "settlement",
    "admin_region": "region",
    "country": "country",
    "macro_region": "macro_region",
    "water_body": "region",  # an area without a polygon: its point and uncertainty_km
}


#: Feature types of admin-2 areas (US counties, districts elsewhere) in the curated format.
ADMIN2_TYPES = frozenset(
    {"county", "parish", "borough", "census area", "city and borough", "district"}
)


#: A small place this far from every other place of the article, in a country the
#: article does not otherwise name, is taken for a misreading ("the Baltic coast" is not
#: Baltic, Connecticut, in an article on Poland).
OUTLIER_KM = 2500.0

_ROUNDS = 2  # rounds of voting before the final choice
_PROMINENCE_WEIGHT = 0.5  # how much prominence (population, class) counts
_REGION_PROMINENCE = 1.0  # prominence of an admin-1 region (regions have no population)


def place_from_candidate(cand: Candidate, gazetteer: Gazetteer) -> Place:
    """Turn a gazetteer candidate into a :class:`Place` (with its polygon for areas)."""
    precision = _PRECISION.get(cand.feature_class, "settlement")
    if cand.feature_code in ADMIN2_TYPES:
        precision = "region"  # a county, from geo/data/us_counties.csv
    elif precision == "settlement" and cand.uncertainty_km:
        precision = "approximate_settlement"
    return Place(
        place_id=cand.entry_id,
        name=cand.name,
        feature_class=cand.feature_class,
        precision=precision,
        lat=cand.lat,
        lon=cand.lon,
        country=cand.country,
        admin1_name=cand.admin1_name,
        geonameid=cand.geonameid,
        uncertainty_km=cand.uncertainty_km,
        source=cand.source,
        capital=cand.feature_code == "PPLC",
        geometry=gazetteer.geometry(cand.entry_id) if cand.has_geometry else None,
    )


def _border(a: Candidate, b: Candidate, gazetteer: Gazetteer) -> Place | None:
    """Return the line two countries share, as a border place (None if they do not touch)."""
    import shapely

    first, second = sorted((a, b), key=lambda c: c.country)
    shape_a, shape_b = gazetteer.geometry(first.entry_id), gazetteer.geometry(second.entry_id)
    if shape_a is None or shape_b is None:
        return None
    line = shapely.line_merge(shapely.intersection(shape_a.boundary, shape_b.buffer(1e-4)))
    if line.is_empty or line.length == 0:
        return None
    mid = line.interpolate(0.5, normalized=True) if line.geom_type == "LineString" else None
    mid = mid or line.representative_point()
    return Place(
        place_id=f"border:{first.country}-{second.country}",
        name=f"{first.name}–{second.name} border",
        feature_class="border",
        precision="border",
        lat=mid.y,
        lon=mid.x,
        country="",
        source=first.source,
        geometry=line,
    )


def _candidates(mention: Mention) -> tuple[Candidate, ...]:
    """Return the readings to choose from: those found with the mention, narrowed."""
    return _keep_admin2(mention, _keep_country(mention, mention.candidates))


def _keep_country(mention: Mention, found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Keep a country's own name for the country, not a town named after it.

    "China" is China, not China, Texas, however American the article ("the Middle East"
    is the macro-region, not Middle East, Maryland); only a qualifier
    written after the name ("China, Texas") makes it the town. Regions of the same name
    still compete ("Georgia" the state in an article about the United States).
    """
    if mention.extra or mention.kind != "name":
        return found
    if any(
        c.feature_class in ("country", "macro_region") and c.match in ("exact", "alternate")
        for c in found
    ):
        return tuple(c for c in found if c.feature_class != "populated_place")
    return found


def _keep_admin2(mention: Mention, found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Keep "Laurel County" for the counties of that name, never a town or region abroad."""
    last = mention.text.rsplit(None, 1)[-1].lower().rstrip(".")
    if last not in ("county", "parish", "co", "borough", "district"):
        return found
    counties = tuple(c for c in found if c.feature_code in ADMIN2_TYPES)
    return counties or found


def _prior(
    cand: Candidate,
    *,
    plain_name: bool,
    area_named: bool = False,
    area_too: frozenset = frozenset(),
    qualifier: tuple[str, frozenset[str]] | None = None,
) -> tuple[float, list[str]]:
    """Return the score of a reading on its own (name match, prominence, qualifier).

    ``plain_name``: the mention is a bare name ("Pyongyang") that news uses for the
    city more than for the region of the same name that holds it. ``area_named``: a
    region or country matches the name better than this place does ("Oklahoma" is the
    state; Oklahoma City only has it as an alternate name). ``qualifier``: the name the
    text writes after it ("Paris, Texas") and the ids of the readings that lie in the
    areas it names.
    """
    reasons = []
    score = _MATCH_SCORE[cand.match]
    prominence = min(1.0, math.log10(cand.population + 1) / 7)
    if cand.feature_class in ("country", "macro_region", "water_body"):
        prominence = 1.6
    elif cand.feature_class == "admin_region":
        prominence = max(prominence, _REGION_PROMINENCE) - (0.5 if plain_name else 0.0)
    elif area_named:
        prominence -= 1.0
    elif area_too and cand.population < 100_000:
        # "California" is the state, not California, Falkirk; "Kansas" not Kansas, Illinois
        # (a town named after a region of its own country is the lesser of the two).
        prominence -= 1.0 if cand.country in area_too else 0.5
    score += _PROMINENCE_WEIGHT * prominence
    if qualifier is not None and cand.entry_id in qualifier[1]:
        score += 1.0
        reasons.append(f"written with {qualifier[0]}")
    return score, reasons


def _notable(cand: Candidate) -> bool:
    return cand.population >= 100_000 or cand.feature_code in ("PPLC", "PPLA")


def _outlier(best: Candidate, query: str, ctx: ArticleContext, distance: float | None) -> bool:
    """Return True for a small place far from the article, in a country it never names."""
    return (
        best.feature_class == "populated_place"
        and best.population < 100_000
        and not best.listed
        and distance is not None
        and distance > OUTLIER_KM
        and ctx.named_elsewhere(best.country, query) < 0.5
    )


def _describe(cand: Candidate) -> str:
    where = cand.admin1_name if cand.admin1_name and cand.admin1_name != cand.name else ""
    where = where or (cand.country if cand.feature_class != "country" else "")
    kind = {"admin_region": " (region)", "country": " (country)"}.get(cand.feature_class, "")
    return f"{cand.name}{kind}, {where}" if where else f"{cand.name}{kind}"


def _reason(best: Candidate, why: list[str], runner: Candidate | None, far: float | None) -> str:
    parts = [_describe(best)]
    if why:
        parts.append(": " + "; ".join(why))
    elif best.population and best.feature_class == "populated_place":
        parts.append(f": the most likely place of that name ({best.match} match)")
    else:
        parts.append(f": {best.feature_class.replace('_', ' ')}, {best.match} match")
    if runner is not None:
        if far is not None:
            parts.append(f"; {_describe(runner)} is {far:.0f} km from the other places")
        else:
            parts.append(f"; not {_describe(runner)}")
    return "".join(parts)


def _named_for(town: Candidate, region: Candidate, rank: dict) -> bool:
    """Tell whether a bare name shared by a notable town and a region means the town.

    The town matches as well as the region and lies in it ("Kursk", "Pyongyang") or is a
    capital ("Washington"); a metropolis also wins when only its alternate name is the
    region's name ("New York" for New York City, but "Oklahoma" is the state and
    "Quebec" the province).
    """
    t, r = rank[town.entry_id], rank[region.entry_id]
    inside = (town.country, town.admin1_code) == (region.country, region.admin1_code)
    if t <= r:
        return town.feature_code == "PPLC" or inside
    return inside and t == r + 1 and town.population >= 1_000_000


def _priors(mention: Mention, found: tuple[Candidate, ...], gazetteer: Gazetteer) -> list:
    """Return ``(score, reasons)`` of every candidate on its own."""
    qualifier = None
    if mention.extra and mention.kind == "name":
        areas = mention.extra_candidates
        held = (c.entry_id for c in found if any(gazetteer.holds(a, c) for a in areas))
        qualifier = (mention.extra[0], frozenset(held))
    rank = {c.entry_id: MATCH_KINDS.index(c.match) for c in found}
    towns = [c for c in found if c.feature_class == "populated_place" and _notable(c)]
    regions = [c for c in found if c.feature_class == "admin_region"]
    best_area = min(
        (rank[c.entry_id] for c in found if c.feature_class in ("admin_region", "country")),
        default=9,
    )
    plain = mention.kind == "name"
    areas = frozenset(
        c.country
        for c in found
        if c.feature_class in ("admin_region", "country") and rank[c.entry_id] == best_area
    )
    out = []
    for c in found:
        # A bare name is the town when a notable town of that name lies in the region
        # ("Pyongyang", "Kursk") or is a capital ("Washington"), not when the town is
        # elsewhere ("Ontario" is the province, not Ontario, California).
        town_first = c.feature_class == "admin_region" and any(
            _named_for(t, c, rank) for t in towns
        )
        out.append(
            _prior(
                c,
                plain_name=plain and town_first,
                area_named=plain
                and best_area < rank[c.entry_id]
                and not any(_named_for(c, r, rank) for r in regions),
                area_too=areas if plain and best_area == rank[c.entry_id] else frozenset(),
                qualifier=qualifier,
            )
        )
    return out


def resolve_mentions(mentions: Sequence[Mention], gazetteer: Gazetteer) -> tuple[PlaceMention, ...]:
    """Choose a place for every mention (None when the gazetteer has no candidate).

    Parameters
    ----------
    mentions : sequence of Mention
        All mentions of one article, in text order, with the candidates found for them
        (:attr:`geo.model.Mention.candidates`): resolving looks no name up again.
    gazetteer : Gazetteer
        An open gazetteer (for polygons and containment).

    Returns
    -------
    tuple of PlaceMention
        In the order of ``mentions``; the role is ``"mentioned"`` until
        :func:`geo.places.roles.assign_roles` sets it.
    """
    cands = [_candidates(m) for m in mentions]
    priors = [_priors(m, found, gazetteer) for m, found in zip(mentions, cands, strict=True)]
    queries = [fold(m.query) for m in mentions]
    scores = [[s for s, _ in p] for p in priors]
    # Two rounds: the readings the article makes likely then vote again.
    for _ in range(_ROUNDS):
        ctx = article_context(mentions, cands, scores)
        bonus = _in_context(ctx)
        scores = [
            [s + bonus(c, q)[0] for (s, _), c in zip(p, found, strict=True)]
            for p, found, q in zip(priors, cands, queries, strict=True)
        ]
    ctx = article_context(mentions, cands, scores)
    in_context = _in_context(ctx)
    made: dict[str, Place] = {}
    out = []
    for mention, found, prior, query in zip(mentions, cands, priors, queries, strict=True):
        if not found:
            why = (
                f"{mention.text}: a facility or institution; no place opens its name"
                if mention.kind == "facility"
                else f"no gazetteer entry for {mention.query!r}"
            )
            out.append(PlaceMention(mention, None, 0.0, why))
            continue
        if mention.kind == "border":
            out.append(_resolve_border(mention, found[0], gazetteer))
            continue
        scored = []
        for (score, why), c in zip(prior, found, strict=True):
            bonus, more, distance = in_context(c, query)
            scored.append((score + bonus, why + more, distance, c))
        scored.sort(key=lambda s: (-s[0], s[3].entry_id))
        best_score, why, best_distance, best = scored[0]
        if not mention.extra and _outlier(best, query, ctx, best_distance):
            out.append(
                PlaceMention(
                    mention,
                    None,
                    0.0,
                    f"{_describe(best)} is {best_distance:.0f} km from the article's other "
                    "places, in a country it does not name: left unresolved",
                )
            )
            continue
        runner = scored[1] if len(scored) > 1 else None
        total = sum(math.exp(SHARPNESS * (s[0] - best_score)) for s in scored)
        confidence = 1 / total
        far = None
        if runner is not None and runner[2] is not None and runner[2] - (scored[0][2] or 0) > 200:
            far = runner[2]
        reason = _reason(best, why, runner[3] if runner else None, far)
        runner_ups = tuple(
            (c.entry_id, c.name, c.admin1_name, c.country, round(s, 3))
            for s, _, _, c in scored[1:6]
        )
        place = made.get(best.entry_id)
        if place is None:  # one Place (and one polygon read) per entry and article
            place = made[best.entry_id] = place_from_candidate(best, gazetteer)
        out.append(
            PlaceMention(mention, place, round(confidence, 3), reason, "mentioned", runner_ups)
        )
    return tuple(out)


def _in_context(ctx: ArticleContext):
    """Return :func:`contextual` against ``ctx``, computed once per entry and query.

    An article repeats its names ("Russia" ten times), and each repeat has the same
    readings; the result is the same for the same entry and query.
    """
    memo: dict = {}

    def scored(cand: Candidate, query: str) -> tuple[float, list[str], float | None]:
        key = (cand.entry_id, query)
        if key not in memo:
            memo[key] = contextual(cand, query, ctx)
        return memo[key]

    return scored


def _resolve_border(mention: Mention, first: Candidate, gazetteer: Gazetteer) -> PlaceMention:
    other = mention.extra_candidates
    place = _border(first, other[0], gazetteer) if other else None
    if place is None:
        return PlaceMention(mention, None, 0.0, f"{mention.text}: the countries do not touch")
    return PlaceMention(
        mention, place, 1.0, f"{place.name}: the line shared by the two countries' polygons"
    )
