"""Resolve mentions to places, using the whole article as context.

Each mention's candidates are scored on:

- how the name matched (exact, alternate, folded, fuzzy);
- prominence (population, or being a country or a region);
- the regions and countries the article names ("the Kursk region" makes Korenevo,
  Kursk Oblast the likelier Korenevo);
- distance to the article's other places (anchors: places with one clear reading);
- a qualifier written after the name ("Paris, Texas"; "PARIS, Texas —" in a dateline).

A bare name matching a notable town and a region equally is taken for the town
("Pyongyang"); one that names a region exactly and a town only by an alternate name is
taken for the region ("Oklahoma"). A small place thousands of km from every other place
of the article, in a country it never names, is left unresolved as a likely misreading
("the Baltic coast" is not Baltic, Connecticut).

The best candidate becomes the place; the others are kept as runner-ups, and a short
reason in words says why the choice was made.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from geo.gazetteer import MATCH_KINDS, Candidate, Gazetteer
from geo.model import Mention, Place, PlaceMention
from geo.names import fold

__all__ = ["resolve_mentions", "place_from_candidate", "haversine_km"]

_MATCH_SCORE = {"exact": 1.0, "alternate": 0.9, "folded": 0.8, "fuzzy": 0.45}
_PRECISION = {
    "populated_place": "settlement",
    "admin_region": "region",
    "country": "country",
    "macro_region": "macro_region",
}


_REGION_WORDS = {"region", "oblast", "province", "state", "krai", "governorate", "prefecture"}


#: A small place this far from every other place of the article, in a country the
#: article does not otherwise name, is taken for a misreading ("the Baltic coast" is not
#: Baltic, Connecticut, in an article on Poland).
OUTLIER_KM = 2500.0


@dataclass(frozen=True)
class _Context:
    countries: dict  # ISO2 -> Counter of folded queries naming it (or a place in it)
    regions: dict  # (country, admin1_code) -> how the article names the region
    anchors: tuple  # ((lat, lon, folded query), ...): places with one clear reading

    def named_elsewhere(self, country: str, query: str) -> int:
        """How many mentions of other names point to the country."""
        named = self.countries.get(country)
        return sum(n for q, n in named.items() if q != query) if named else 0


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


def place_from_candidate(cand: Candidate, gazetteer: Gazetteer) -> Place:
    """Turn a gazetteer candidate into a :class:`Place` (with its polygon for areas)."""
    precision = _PRECISION.get(cand.feature_class, "settlement")
    if precision == "settlement" and cand.uncertainty_km:
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


def _candidates(mention: Mention, gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    return gazetteer.lookup(mention.query, feature_classes=mention.feature_classes, limit=25)


def _region_phrase(mention: Mention) -> str:
    last = mention.text.rsplit(None, 1)[-1].lower()
    return f"the {mention.text}" if last in _REGION_WORDS else mention.text


def _context(mentions: Sequence[Mention], cands: Sequence[tuple[Candidate, ...]]) -> _Context:
    countries: dict = {}
    regions: dict = {}
    anchors = []
    for i, found in enumerate(cands):
        if not found:
            continue
        top = found[0]
        key = fold(mentions[i].query)
        clear = (
            len(found) == 1
            or top.feature_class in ("country", "macro_region")
            or (top.importance > found[1].importance * 1.3 and top.match == "exact")
        )
        named = bool(top.country) and (
            top.feature_class == "country"
            or (top.feature_class == "admin_region" and mentions[i].kind != "name")
            or clear
        )
        if top.feature_class == "admin_region" and mentions[i].kind == "region":
            regions[(top.country, top.admin1_code)] = _region_phrase(mentions[i])
        if named:
            countries.setdefault(top.country, Counter())[key] += 1
        # Capitals are often named for their governments: they do not anchor the map.
        if (
            clear
            and top.feature_class in ("populated_place", "admin_region")
            and (top.feature_code != "PPLC")
        ):
            anchors.append((top.lat, top.lon, fold(mentions[i].query)))
    return _Context(countries, regions, tuple(anchors))


def _score(
    cand: Candidate,
    query: str,
    ctx: _Context,
    *,
    plain_name: bool,
    area_named: bool = False,
    qualifier: tuple[str, tuple] | None = None,
) -> tuple[float, list[str], float | None]:
    """Return (score, reasons, distance to the other places in km).

    ``plain_name``: the mention is a bare name ("Pyongyang"), which news uses for the
    city more often than for the region of the same name (when the city's name matches
    as well). ``area_named``: a region or country matches the name better than this
    place does ("Oklahoma" is the state; Oklahoma City only has it as an alternate name).
    ``qualifier``: the name the text writes after it ("Paris, Texas") and the areas
    it names.
    """
    reasons = []
    score = _MATCH_SCORE[cand.match]
    prominence = min(1.0, math.log10(cand.population + 1) / 7)
    if cand.feature_class in ("country", "macro_region"):
        prominence = 1.6
    elif cand.feature_class == "admin_region":
        prominence = max(prominence, 0.6) - (0.5 if plain_name else 0.0)
    elif area_named:
        prominence -= 1.0
    score += 0.3 * prominence
    if qualifier is not None and any(_inside(cand, area) for area in qualifier[1]):
        score += 1.0
        reasons.append(f"written with {qualifier[0]}")
    region = ctx.regions.get((cand.country, cand.admin1_code))
    if region and cand.feature_class == "populated_place":
        score += 0.6
        reasons.append(f"the article names {region}")
    others = ctx.named_elsewhere(cand.country, query)
    if cand.country and others > 0 and cand.feature_class != "country":
        score += 0.35
        if not region:
            reasons.append(f"the article names other places in {cand.country}")
    distances = [
        haversine_km(cand.lat, cand.lon, lat, lon) for lat, lon, key in ctx.anchors if key != query
    ]
    distance = min(distances) if distances else None
    if distance is not None and cand.feature_class == "populated_place":
        score += 0.4 * math.exp(-distance / 400)
        if distance < 200:
            reasons.append(f"{distance:.0f} km from the other places")
    return score, reasons, distance


def _notable(cand: Candidate) -> bool:
    return cand.population >= 100_000 or cand.feature_code in ("PPLC", "PPLA")


def _inside(cand: Candidate, area: Candidate) -> bool:
    if cand.entry_id == area.entry_id or cand.country != area.country:
        return False
    return area.feature_class == "country" or (
        bool(area.admin1_code) and cand.admin1_code == area.admin1_code
    )


def _outlier(best: Candidate, query: str, ctx: _Context, distance: float | None) -> bool:
    """Return True for a small place far from the article, in a country it never names."""
    return (
        best.feature_class == "populated_place"
        and best.population < 100_000
        and not best.source.startswith("curated")
        and distance is not None
        and distance > OUTLIER_KM
        and ctx.named_elsewhere(best.country, query) == 0
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


def resolve_mentions(mentions: Sequence[Mention], gazetteer: Gazetteer) -> tuple[PlaceMention, ...]:
    """Choose a place for every mention (None when the gazetteer has no candidate).

    Parameters
    ----------
    mentions : sequence of Mention
        All mentions of one article, in text order.
    gazetteer : Gazetteer
        An open gazetteer.

    Returns
    -------
    tuple of PlaceMention
        In the order of ``mentions``; the role is ``"mentioned"`` until
        :func:`geo.roles.assign_roles` sets it.
    """
    cands = [_candidates(m, gazetteer) for m in mentions]
    ctx = _context(mentions, cands)
    made: dict[str, Place] = {}
    out = []
    for mention, found in zip(mentions, cands, strict=True):
        if not found:
            out.append(
                PlaceMention(mention, None, 0.0, f"no gazetteer entry for {mention.query!r}")
            )
            continue
        if mention.kind == "border":
            out.append(_resolve_border(mention, found[0], gazetteer))
            continue
        query = fold(mention.query)
        qualifier = None
        if mention.extra and mention.kind == "name":
            areas = gazetteer.lookup(
                mention.extra[0], feature_classes=("country", "admin_region"), fuzzy=False
            )
            qualifier = (mention.extra[0], areas)
        rank = {c.entry_id: MATCH_KINDS.index(c.match) for c in found}
        # Only a notable town makes a bare name more likely the town than the region.
        best_point = min(
            (
                rank[c.entry_id]
                for c in found
                if c.feature_class == "populated_place" and _notable(c)
            ),
            default=9,
        )
        best_area = min(
            (rank[c.entry_id] for c in found if c.feature_class in ("admin_region", "country")),
            default=9,
        )
        plain = mention.kind == "name"
        scored = sorted(
            (
                (
                    *_score(
                        c,
                        query,
                        ctx,
                        plain_name=plain and best_point <= rank[c.entry_id],
                        area_named=plain and best_area < rank[c.entry_id],
                        qualifier=qualifier,
                    ),
                    c,
                )
                for c in found
            ),
            key=lambda s: (-s[0], s[3].entry_id),
        )
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
        total = sum(math.exp(5 * (s[0] - best_score)) for s in scored)
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


def _resolve_border(mention: Mention, first: Candidate, gazetteer: Gazetteer) -> PlaceMention:
    other = gazetteer.lookup(mention.extra[0], feature_classes=("country",), fuzzy=False)
    place = _border(first, other[0], gazetteer) if other else None
    if place is None:
        return PlaceMention(mention, None, 0.0, f"{mention.text}: the countries do not touch")
    return PlaceMention(
        mention, place, 1.0, f"{place.name}: the line shared by the two countries' polygons"
    )
