"""Grouping reports of one happening: blocking, pair scores, union-find, the merged record.

:func:`group_reports` compares only the reports that share a month and an area (an area
cell of :data:`CELL_DEG` degrees and its neighbours for towns, the admin1 or the country
for regions and countries), so the work grows with the data, not with its square. Each
candidate pair gets a :func:`geo.events.similarity.pair_score`; the pairs above
:data:`THRESHOLD` are joined best first by a union-find that never puts two events of one
article, or date intervals with nothing in common, into one group. The result depends only
on the set of reports, not on their order. :func:`build_incident` makes the merged record.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from geo.events.similarity import SITE_PRECISIONS, fold_admin, pair_score, wordings

__all__ = ["CELL_DEG", "THRESHOLD", "Incident", "Report", "build_incident", "group_reports"]

#: The pair score from which two reports are one happening.
THRESHOLD = 0.7

#: Blocking: the side of an area cell in degrees, and the most months an interval spans.
CELL_DEG = 1.0
MAX_MONTHS = 12


@dataclass(frozen=True, slots=True)
class Report:
    """One event of one article, as the grouping sees it.

    ``start``/``end`` are the event's interval (inclusive); ``dated`` is False when they
    only say "reported by the article's day" (the month before ``published``).
    ``site_precision`` is one of :data:`SITE_PRECISIONS`, ``""`` when the event has no site.
    """

    event_id: str
    doc_id: str
    event_type: str
    sub_event_type: str
    start: date | None
    end: date | None
    date_precision: str
    dated: bool
    site_id: str
    site_name: str
    site_precision: str
    lat: float
    lon: float
    admin1: str
    country: str
    actors: tuple[str, ...]
    fatalities: float | None
    sentence: str
    title: str
    url: str
    outlet: str
    published: date | None
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Incident:
    """One happening and every report of it.

    Attributes
    ----------
    incident_id : str
        ``"incident:" + `` the first event id of its reports (stable, order-free).
    reports : tuple of Report
        Sorted by event id.
    site : Report
        The report whose site is the best located (finest precision, most cited).
    start, end : date or None
        The narrowest interval all dated reports allow.
    actors : tuple of str
        The union of the reports' actors, first spelling kept.
    fatalities : tuple of (float, float) or None
        The lowest and highest toll the sources give.
    outlets : tuple of str
        The distinct sources (URL domains), sorted.
    conflicts : tuple of str
        What the sources disagree on ("tolls differ: 3 (a.com), 5 (b.com)").
    """

    incident_id: str
    reports: tuple[Report, ...]
    event_type: str
    sub_event_type: str
    site: Report
    start: date | None
    end: date | None
    date_precision: str
    actors: tuple[str, ...]
    fatalities: tuple[float, float] | None
    outlets: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def n_sources(self) -> int:
        """Number of distinct outlets."""
        return len(self.outlets)


# --- blocking and grouping --------------------------------------------------------------


def _months(r: Report) -> list[tuple[int, int]]:
    if r.start is None:
        return [(0, 0)]
    first = r.start.year * 12 + r.start.month - 1
    last = r.end.year * 12 + r.end.month - 1
    return [divmod(m, 12) for m in range(max(first, last - MAX_MONTHS + 1), last + 1)]


def _areas(r: Report) -> tuple[list[tuple], list[tuple]]:
    """Return the area keys a report sits in and those it looks in (a symmetric relation).

    A town (or district) sits in its cell and, finely, in its admin1; it looks in the nine
    cells around it and at the regions of its admin1. A region looks at the towns of its
    admin1 and, with a country, at the regions and countries of its country. A town and
    a country are never compared.
    """
    if r.site_precision in ("town", "district"):
        i, j = math.floor(r.lat / CELL_DEG), math.floor(r.lon / CELL_DEG)
        homes = [("cell", i, j)]
        looks = [("cell", i + di, j + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
        if r.admin1:
            admin1 = fold_admin(r.admin1)
            homes.append(("town_in", r.country, admin1))
            looks.append(("region", r.country, admin1))
        return homes, looks
    if r.site_precision == "region":
        admin1 = fold_admin(r.admin1 or r.site_name)
        homes = [("region", r.country, admin1), ("in_country", r.country)]
        return homes, [("town_in", r.country, admin1), *homes]
    if r.site_precision == "country" and r.country:
        return [("in_country", r.country)], [("in_country", r.country)]
    return [], []


def _candidates(reports: Sequence[Report]):
    """Yield each pair ``(i, j)``, ``i < j``, of reports that share a month and an area."""
    index: dict[tuple, list[int]] = {}
    looks: list[list[tuple]] = []
    for k, r in enumerate(reports):
        homes, probes = _areas(r)
        months = _months(r)
        for key in homes:
            for m in months:
                index.setdefault((m, key), []).append(k)
        looks.append([(m, key) for key in probes for m in months])
    for i, keys in enumerate(looks):
        found = set()
        for key in keys:
            members = index.get(key)  # ascending: reports were indexed in order
            if members:
                found.update(members[bisect_right(members, i) :])
        yield from ((i, j) for j in sorted(found))


class _Groups:
    """Union-find over reports that keeps, per group, its articles and its common interval."""

    def __init__(self, reports: Sequence[Report]) -> None:
        self.parent = list(range(len(reports)))
        self.docs = [{r.doc_id} for r in reports]
        self.span = [(r.start, r.end) if r.start is not None else None for r in reports]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> bool:
        """Join the groups of ``i`` and ``j`` unless that would break a group's consistency."""
        a, b = self.find(i), self.find(j)
        if a == b or self.docs[a] & self.docs[b]:
            return False
        sa, sb = self.span[a], self.span[b]
        span = sa or sb
        if sa and sb:
            span = (max(sa[0], sb[0]), min(sa[1], sb[1]))
            if span[0] > span[1]:
                return False
        if len(self.docs[a]) < len(self.docs[b]):
            a, b = b, a
        self.parent[b] = a
        self.docs[a] |= self.docs[b]
        self.span[a] = span
        return True


def group_reports(
    reports: Sequence[Report], *, threshold: float = THRESHOLD
) -> tuple[Incident, ...]:
    """Group reports into incidents.

    Parameters
    ----------
    reports : sequence of Report
        Any order; the result depends only on the set of reports.
    threshold : float
        The :func:`pair_score` from which two reports are one happening.

    Returns
    -------
    tuple of Incident
        Every report in exactly one incident, incidents sorted by id.
    """
    reports = sorted(reports, key=lambda r: r.event_id)
    words = wordings(reports)
    pairs = []
    for i, j in _candidates(reports):
        score = pair_score(reports[i], reports[j], words[i], words[j])
        if score >= threshold:
            pairs.append((-score, i, j))
    pairs.sort()
    groups = _Groups(reports)
    for _, i, j in pairs:
        groups.join(i, j)
    members: dict[int, list[Report]] = {}
    for k, r in enumerate(reports):
        members.setdefault(groups.find(k), []).append(r)
    return tuple(sorted((build_incident(m) for m in members.values()), key=lambda x: x.incident_id))


# --- one incident from its reports ------------------------------------------------------


def _precision_rank(r: Report) -> int:
    return SITE_PRECISIONS.index(r.site_precision) if r.site_precision else len(SITE_PRECISIONS)


def _best_site(reports: Sequence[Report]) -> Report:
    cited = Counter(r.site_id for r in reports if r.site_id)
    return min(reports, key=lambda r: (_precision_rank(r), -cited[r.site_id], r.event_id))


def _interval(reports: Sequence[Report]) -> tuple[date | None, date | None, str]:
    spans = [r for r in reports if r.dated and r.start is not None]
    if not spans:
        return None, None, "undated"
    lo, hi = max(r.start for r in spans), min(r.end for r in spans)
    if lo > hi:  # cannot happen through group_reports; kept for hand-made groups
        narrow = min(spans, key=lambda r: ((r.end - r.start).days, r.event_id))
        return narrow.start, narrow.end, narrow.date_precision
    if lo == hi:
        return lo, hi, "day"
    narrow = min(spans, key=lambda r: ((r.end - r.start).days, r.event_id))
    return lo, hi, narrow.date_precision


def _by_outlet(values: Mapping[str, list[str]]) -> str:
    return ", ".join(f"{v} ({'; '.join(sorted(set(o)))})" for v, o in sorted(values.items()))


def _conflicts(reports: Sequence[Report], site: Report) -> tuple[str, ...]:
    out = []
    tolls: dict[str, list[str]] = {}
    for r in reports:
        if r.fatalities is not None:
            tolls.setdefault(f"{r.fatalities:g}", []).append(r.outlet)
    if len(tolls) > 1:
        out.append(f"tolls differ: {_by_outlet(tolls)}")
    sites: dict[str, list[str]] = {}
    for r in reports:
        if r.site_id and r.site_precision == site.site_precision:
            sites.setdefault(r.site_name, []).append(r.outlet)
    if len(sites) > 1:
        out.append(f"sites differ: {_by_outlet(sites)}")
    days = {(r.start, r.end) for r in reports if r.dated and r.date_precision == "day"}
    if len(days) > 1:
        out.append("days differ: " + ", ".join(sorted(s.isoformat() for s, _ in days)))
    return tuple(out)


def _majority(values: Sequence[str]) -> str:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def build_incident(reports: Sequence[Report]) -> Incident:
    """Merge the reports of one happening into an :class:`Incident`.

    The site is the best-located report's (finest precision, then the most cited);
    the interval the intersection of the dated reports'; the actors their union; the
    toll the range of the tolls given. Disagreements stay in ``conflicts``.
    """
    reports = tuple(sorted(reports, key=lambda r: r.event_id))
    site = _best_site(reports)
    start, end, precision = _interval(reports)
    actors: dict[str, str] = {}
    for r in reports:
        for a in r.actors:
            actors.setdefault(a.casefold(), a)
    tolls = [r.fatalities for r in reports if r.fatalities is not None]
    return Incident(
        incident_id=f"incident:{reports[0].event_id}",
        reports=reports,
        event_type=_majority([r.event_type for r in reports]),
        sub_event_type=_majority([r.sub_event_type for r in reports]),
        site=site,
        start=start,
        end=end,
        date_precision=precision,
        actors=tuple(actors.values()),
        fatalities=(min(tolls), max(tolls)) if tolls else None,
        outlets=tuple(sorted({r.outlet for r in reports})),
        conflicts=_conflicts(reports, site),
    )
