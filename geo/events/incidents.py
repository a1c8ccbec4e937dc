"""Incidents: the events of different articles that tell one happening, merged and counted.

Ten reports of one strike are one incident with ten sources (outlets, by URL domain).
This module is the entry, from an events frame to incidents and back to frames:

1. :func:`reports_from_frame` reads an events frame (:data:`geo.frames.schema.EVENT_COLUMNS`,
   and ``actor1``, ``actor2``, ``fatalities``, ``sub_event_type``, ``location_precision``
   when the frame has them) into one :class:`~geo.events.grouping.Report` per event, at
   its site.
2. :func:`group_incidents` groups them (:func:`geo.events.grouping.group_reports`: blocking
   by area and month, pair scores of :mod:`geo.events.similarity`, union-find) into
   :class:`~geo.events.grouping.Incident` values: the best-located site, the narrowest
   interval all sources allow, the union of actors, the toll as a range, every source, and
   what the sources disagree on.
3. :func:`incidents_frame` writes one row per incident (``sources``, ``n_sources``, the
   reports as JSON); :func:`tag_events` gives each event row its ``incident_id`` and
   ``n_sources``.

>>> docs = {a.document.doc_id: a.document for a in result.articles}  # doctest: +SKIP
>>> found = group_incidents(result.events, articles=docs, places=result.places)  # doctest: +SKIP
>>> incidents_frame(found)[["site_name", "n_sources", "sources"]]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from geo.events.grouping import THRESHOLD, Incident, Report, group_reports
from geo.events.similarity import SITE_PRECISIONS, outlet

__all__ = [
    "INCIDENT_COLUMNS",
    "group_incidents",
    "incidents_frame",
    "reports_from_frame",
    "tag_events",
]

#: The columns of the incidents frame (EPSG:4326, one row per incident).
INCIDENT_COLUMNS = (
    "incident_id",  # "incident:" + its first event id
    "event_type",  # the type most reports give
    "sub_event_type",
    "start",  # ISO date: the narrowest interval all dated reports allow, or None
    "end",
    "date_precision",
    "site_id",  # the best-located site of its reports
    "site_name",
    "site_precision",  # town | district | region | country | ""
    "actors",  # ";"-joined union
    "fatalities_min",  # float or NaN
    "fatalities_max",
    "fatalities",  # "10", "8-12" when sources differ, "" when none gives a toll
    "n_events",
    "n_articles",
    "n_sources",  # distinct outlets (URL domains)
    "sources",  # ";"-joined outlets
    "conflicts",  # " | "-joined: what the sources disagree on
    "event_ids",  # ";"-joined
    "reports",  # JSON list: {event_id, doc_id, outlet, title, url, published, sentence,
    # start, end, site_name, fatalities}
    "geometry",  # Point of the site, None when no report has one
)

#: Place precisions (geo.frames.schema.PRECISIONS, ACLED's words) -> site precision.
_SITE_PRECISION = {
    "settlement": "town", "approximate_settlement": "town", "town": "town", "village": "town",
    "city": "town", "district": "district", "county": "district", "admin2": "district",
    "region": "region", "admin1": "region", "province": "region", "border": "region",
    "country": "country",
}  # fmt: skip

#: Roles that locate an event (others are context: origin, speaker's seat, mentioned).
_SITE_ROLES = ("event_location", "site", "destination", "")

#: An event with no date of its own happened at most this many days before its article.
REPORTED_WITHIN = 7

#: Words of a quantity that make it a toll when the frame has no ``fatalities`` column.
_DEATH_WORDS = ("killed", "dead", "died", "death", "fatalit", "lives", "bodies")


# --- reading a frame --------------------------------------------------------------------


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _day(value) -> date | None:
    text = _text(value)
    if text in ("", "NaT", "None", "<NA>"):
        return None
    return value if isinstance(value, date) else date.fromisoformat(text[:10])


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _meta(articles: Mapping | None, doc_id: str, name: str):
    item = articles.get(doc_id) if articles else None
    if item is None:
        return None
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _points(events) -> tuple[list[float], list[float]]:
    if "lat" in events.columns and "lon" in events.columns:
        return [float(x) for x in events["lat"]], [float(x) for x in events["lon"]]
    import shapely

    geoms = shapely.point_on_surface(events.geometry.to_numpy())
    return shapely.get_y(geoms).tolist(), shapely.get_x(geoms).tolist()


def _site_precision(place_id: str, stated: str, place: Mapping | None) -> str:
    for value in (stated, (place or {}).get("precision", "")):
        if _SITE_PRECISION.get(value):
            return _SITE_PRECISION[value]
    kind = place_id.split(":", 1)[0]
    return {"country": "country", "ne1": "region", "border": "region", "macro": ""}.get(
        kind, "town" if place_id else ""
    )


def _toll(row: Mapping) -> float | None:
    if "fatalities" in row:
        return _number(row["fatalities"])
    text = _text(row.get("quantity_text")).lower()
    return _number(row.get("quantity")) if any(w in text for w in _DEATH_WORDS) else None


def _actors(row: Mapping) -> tuple[str, ...]:
    names = [_text(row.get("actor1")), _text(row.get("actor2"))]
    if not any(names):
        names = _text(row.get("actors")).split(";")
    return tuple(n.strip() for n in names if n.strip())


def _site_rank(row: Mapping, precision: str) -> tuple:
    role = _text(row.get("place_role"))
    role_rank = _SITE_ROLES.index(role) if role in _SITE_ROLES else len(_SITE_ROLES)
    prec_rank = SITE_PRECISIONS.index(precision) if precision else len(SITE_PRECISIONS)
    return (role_rank, prec_rank)


def reports_from_frame(
    events, *, articles: Mapping | None = None, places=None
) -> tuple[Report, ...]:
    """Return one :class:`Report` per event of an events frame, sorted by event id.

    Parameters
    ----------
    events : pandas.DataFrame or geopandas.GeoDataFrame
        Columns of :data:`geo.frames.schema.EVENT_COLUMNS`; one row per event, or one per
        event and place (then the row whose role locates the event, the finest, is its
        site; an event whose places are all context has no site). ``actor1``, ``actor2``,
        ``fatalities``, ``sub_event_type`` and ``location_precision`` are read when present.
    articles : mapping, optional
        ``doc_id`` -> an object or dict with ``url``, ``title`` and ``published`` (a
        :class:`geo.corpus.model.Document` will do); default: ``doc_url``/``doc_title``.
    places : pandas.DataFrame, optional
        The places frame (``place_id``, ``precision``, ``country``, ``admin1_name``).

    Returns
    -------
    tuple of Report
    """
    info: dict[str, Mapping] = {}
    if places is not None and len(places):
        cols = [c for c in ("place_id", "precision", "country", "admin1_name") if c in places]
        info = {r["place_id"]: r for r in places[cols].to_dict("records")}
    lats, lons = _points(events) if len(events) else ([], [])
    columns = [c for c in events.columns if c != "geometry"]
    values = [events[c].tolist() for c in columns]  # plain Python values, column by column
    best: dict[str, tuple] = {}
    outlets: dict[str, str] = {}  # URL -> outlet, each URL parsed once
    rows = (dict(zip(columns, v, strict=True)) for v in zip(*values, strict=True))
    for k, row in enumerate(rows):
        place_id = _text(row.get("place_id"))
        precision = _site_precision(
            place_id, _text(row.get("location_precision")), info.get(place_id)
        )
        if _text(row.get("place_role")) not in _SITE_ROLES or not math.isfinite(lats[k]):
            place_id, precision = "", ""
        rank = _site_rank(row, precision) if place_id else (len(_SITE_ROLES), 9)
        event_id = _text(row["event_id"])
        if event_id not in best or rank < best[event_id][0]:
            best[event_id] = (rank, row, place_id, precision, lats[k], lons[k])
    return tuple(
        _report(row, place_id, precision, lat, lon, info.get(place_id) or {}, articles, outlets)
        for _, row, place_id, precision, lat, lon in (best[e] for e in sorted(best))
    )


def _own_date(row: Mapping) -> bool:
    """Whether the row's interval is the event's own, not "reported by the article's day"."""
    status = _text(row.get("date_status")).lower()
    rule = _text(row.get("date_rule")).lower()
    return status != "undated" and "report" not in status and "report" not in rule


def _report(row, place_id, precision, lat, lon, place, articles, outlets) -> Report:  # noqa: PLR0913
    doc_id = _text(row.get("doc_id"))
    url = _text(_meta(articles, doc_id, "url")) or _text(row.get("doc_url"))
    key = url or f"doc:{doc_id}"
    if key not in outlets:
        outlets[key] = outlet(url, fallback=f"doc:{doc_id}")
    published = _day(_meta(articles, doc_id, "published"))
    start, end = _day(row.get("start")), _day(row.get("end"))
    dated = (start is not None or end is not None) and _own_date(row)
    if not dated and published is not None:
        start, end = published - timedelta(days=REPORTED_WITHIN), published
    country = _text(place.get("country")) or (
        place_id.split(":", 1)[1][:2] if place_id.startswith(("country:", "border:")) else ""
    )
    admin1 = _text(place.get("admin1_name")) or (
        _text(row.get("place_name")) if precision == "region" else ""
    )
    return Report(
        event_id=_text(row.get("event_id")),
        doc_id=doc_id,
        event_type=_text(row.get("event_type")),
        sub_event_type=_text(row.get("sub_event_type")),
        start=start or end,
        end=end or start,
        date_precision=_text(row.get("date_precision")) or "undated",
        dated=dated,
        site_id=place_id,
        site_name=_text(row.get("place_name")) if place_id else "",
        site_precision=precision,
        lat=lat if place_id else math.nan,
        lon=lon if place_id else math.nan,
        admin1=admin1,
        country=country,
        actors=_actors(row),
        fatalities=_toll(row),
        sentence=_text(row.get("sentence")),
        title=_text(_meta(articles, doc_id, "title")) or _text(row.get("doc_title")),
        url=url,
        outlet=outlets[key],
        published=published,
        confidence=_number(row.get("confidence")) or 0.0,
    )


def group_incidents(
    events, *, articles: Mapping | None = None, places=None, threshold: float = THRESHOLD
) -> tuple[Incident, ...]:
    """Group the events of a frame into incidents.

    :func:`reports_from_frame`, then :func:`geo.events.grouping.group_reports`.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({
    ...     "event_id": ["a:e1", "b:e1"], "doc_id": ["a", "b"], "event_type": ["combat"] * 2,
    ...     "start": ["2020-05-06"] * 2, "end": ["2020-05-06"] * 2, "place_id": ["gn:1"] * 2,
    ...     "place_name": ["Al Hishah"] * 2, "place_role": ["event_location"] * 2,
    ...     "lat": [31.6] * 2, "lon": [15.3] * 2,
    ...     "sentence": ["LNA forces shelled Al Hishah.", "Al Hishah was shelled by the LNA."],
    ...     "doc_url": ["https://a.example.com/1", "https://b.example.org/2"]})
    >>> [(i.incident_id, i.n_sources) for i in group_incidents(frame)]
    [('incident:a:e1', 2)]
    """
    return group_reports(
        reports_from_frame(events, articles=articles, places=places), threshold=threshold
    )


# --- frames -----------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _toll_text(toll: tuple[float, float] | None) -> str:
    if toll is None:
        return ""
    lo, hi = toll
    return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"


def _source(r: Report) -> dict:
    return {
        "event_id": r.event_id,
        "doc_id": r.doc_id,
        "outlet": r.outlet,
        "title": r.title,
        "url": r.url,
        "published": _iso(r.published),
        "sentence": r.sentence,
        "start": _iso(r.start) if r.dated else None,
        "end": _iso(r.end) if r.dated else None,
        "site_name": r.site_name,
        "fatalities": r.fatalities,
    }


def incidents_frame(incidents: Sequence[Incident]):
    """Return one row per incident, columns :data:`INCIDENT_COLUMNS`, in EPSG:4326.

    Examples
    --------
    >>> incidents_frame(()).columns.tolist() == list(INCIDENT_COLUMNS)
    True
    """
    import geopandas
    from shapely.geometry import Point

    rows = []
    for inc in incidents:
        site = inc.site
        located = bool(site.site_id) and math.isfinite(site.lat)
        lo, hi = inc.fatalities or (math.nan, math.nan)
        rows.append(
            {
                "incident_id": inc.incident_id,
                "event_type": inc.event_type,
                "sub_event_type": inc.sub_event_type,
                "start": _iso(inc.start),
                "end": _iso(inc.end),
                "date_precision": inc.date_precision,
                "site_id": site.site_id,
                "site_name": site.site_name,
                "site_precision": site.site_precision,
                "actors": ";".join(inc.actors),
                "fatalities_min": lo,
                "fatalities_max": hi,
                "fatalities": _toll_text(inc.fatalities),
                "n_events": len(inc.reports),
                "n_articles": len({r.doc_id for r in inc.reports}),
                "n_sources": inc.n_sources,
                "sources": ";".join(inc.outlets),
                "conflicts": " | ".join(inc.conflicts),
                "event_ids": ";".join(r.event_id for r in inc.reports),
                "reports": json.dumps([_source(r) for r in inc.reports], ensure_ascii=False),
                "geometry": Point(site.lon, site.lat) if located else None,
            }
        )
    if not rows:
        empty = {c: [] for c in INCIDENT_COLUMNS if c != "geometry"}
        geometry = geopandas.GeoSeries([], crs="EPSG:4326")
        return geopandas.GeoDataFrame(empty, geometry=geometry, crs="EPSG:4326")
    frame = geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame[list(INCIDENT_COLUMNS)]


def tag_events(events, incidents: Sequence[Incident]):
    """Return a copy of the events frame with ``incident_id`` and ``n_sources`` columns.

    Every row of an event gets its incident; an event no incident holds (a frame other
    than the one grouped) gets ``""`` and 0.
    """
    incident_of, sources = {}, {}
    for inc in incidents:
        for r in inc.reports:
            incident_of[r.event_id] = inc.incident_id
            sources[r.event_id] = inc.n_sources
    out = events.copy()
    ids = out["event_id"].astype(str)
    out["incident_id"] = [incident_of.get(e, "") for e in ids]
    out["n_sources"] = [sources.get(e, 0) for e in ids]
    return out
