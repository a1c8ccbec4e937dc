"""The end of the pipeline: plain values become GeoDataFrames (EPSG:4326).

Only this module builds GeoDataFrames; every step before it works on frozen values.
The columns are the contract in :mod:`geo.frames.schema`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from geo.frames.schema import CRS, EVENT_COLUMNS, FLOW_COLUMNS, PLACE_COLUMNS, ROLES
from geo.model import Place, PlaceMention
from geo.time.timex import date_label

__all__ = ["empty_frame", "events_frame", "flows_frame", "place_geometry", "places_frame"]


def empty_frame(columns: Sequence[str]):
    """Return an empty GeoDataFrame with the given columns in EPSG:4326."""
    import geopandas

    data = {c: [] for c in columns if c != "geometry"}
    return geopandas.GeoDataFrame(data, geometry=geopandas.GeoSeries([], crs=CRS), crs=CRS)


def place_geometry(place: Place):
    """Return the geometry a place is drawn with: its polygon or line, else its point."""
    from shapely.geometry import Point

    return place.geometry if place.geometry is not None else Point(place.lon, place.lat)


def _mention_record(pm: PlaceMention, sentence) -> dict:
    return {
        "doc_id": pm.mention.doc_id,
        "text": pm.mention.text,
        "start": pm.mention.start,
        "end": pm.mention.end,
        "role": pm.role,
        "sentence": sentence.text,
        "sentence_start": sentence.start,
    }


def places_frame(articles: Iterable) -> object:
    """Return one row per resolved place across the articles.

    Parameters
    ----------
    articles : iterable
        Objects with ``document`` (``doc_id``, ``text``), ``analysis`` (``sentences``)
        and ``places`` (tuple of :class:`~geo.model.PlaceMention`).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geo.frames.schema.PLACE_COLUMNS`, sorted by ``place_id``.
    """
    import geopandas

    grouped: dict[str, list] = defaultdict(list)
    first: dict[str, PlaceMention] = {}
    for article in articles:
        sentences = article.analysis.sentences
        for pm in article.places:
            if pm.place is None:
                continue
            sentence = sentences[pm.mention.sentence]
            grouped[pm.place.place_id].append((pm, _mention_record(pm, sentence)))
            best = first.get(pm.place.place_id)
            if best is None or pm.score > best.score:
                first[pm.place.place_id] = pm
    rows = []
    for place_id in sorted(grouped):
        items = grouped[place_id]
        chosen = first[place_id]
        place = chosen.place
        roles = sorted({pm.role for pm, _ in items}, key=ROLES.index)
        rows.append(
            {
                "place_id": place.place_id,
                "name": place.name,
                "geonameid": place.geonameid,
                "feature_class": place.feature_class,
                "precision": place.precision,
                "uncertainty_km": place.uncertainty_km
                if place.uncertainty_km is not None
                else float("nan"),
                "country": place.country,
                "admin1_name": place.admin1_name,
                "roles": ";".join(roles),
                "mention_count": len(items),
                "mentions": json.dumps([record for _, record in items], ensure_ascii=False),
                "doc_ids": ";".join(sorted({pm.mention.doc_id for pm, _ in items})),
                "reason": chosen.reason,
                "score": chosen.score,
                "runner_ups": json.dumps(
                    [
                        {
                            "place_id": r[0],
                            "name": r[1],
                            "admin1_name": r[2],
                            "country": r[3],
                            "score": r[4],
                        }
                        for r in chosen.runner_ups
                    ],
                    ensure_ascii=False,
                ),  # fmt: skip
                "source": place.source,
                "lat": place.lat,
                "lon": place.lon,
                "geometry": place_geometry(place),
            }
        )
    if not rows:
        return empty_frame(PLACE_COLUMNS)
    frame = geopandas.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    frame["geonameid"] = frame["geonameid"].astype("Int64")
    return frame[list(PLACE_COLUMNS)]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _span_fields(span) -> dict:
    if span is None:
        return {"start": None, "end": None, "date_precision": "undated", "date_phrase": "",
                "date_label": "undated"}  # fmt: skip
    return {
        "start": _iso(span.start),
        "end": _iso(span.end),
        "date_precision": span.precision,
        "date_phrase": span.phrase,
        "date_label": date_label(span),
    }


def _frame(rows: list[dict], columns: Sequence[str]):
    import geopandas

    if not rows:
        return empty_frame(columns)
    frame = geopandas.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    return frame[list(columns)]


def _context(event) -> str:
    return json.dumps(
        [
            {
                "place_id": pm.place.place_id,
                "name": pm.place.name,
                "role": role,
                "start": pm.mention.start,
                "end": pm.mention.end,
            }
            for pm, role in event.context
            if pm.place is not None
        ],
        ensure_ascii=False,
    )


def _date_label(event) -> str:
    label = date_label(event.span) if event.span is not None else "undated"
    return f"by {label}" if event.date_status == "reported" else label


def events_frame(articles: Iterable) -> object:
    """Return one row per event, at its site (an event with no site: no geometry).

    Parameters
    ----------
    articles : iterable
        Objects with ``document`` (``doc_id``, ``title``, ``url``) and ``events`` (tuple
        of :class:`geo.events.model.Event`).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geo.frames.schema.EVENT_COLUMNS`; ``start``/``end`` are ISO dates;
        the site's geometry is a point for a town and the outline of an area.
    """
    rows = []
    for article in articles:
        doc = article.document
        for event in article.events:
            tolls = {event.fatalities, event.injured} - {None}
            others = [q for q in event.quantities if q.value is not None and q.value not in tolls]
            quantity = others[0] if others else None
            site = event.site if event.site is not None and event.site.place is not None else None
            rows.append(
                {
                    "event_id": event.event_id,
                    "doc_id": doc.doc_id,
                    "doc_title": doc.title,
                    "doc_url": doc.url,
                    "event_type": event.event_type,
                    "sub_event_type": event.sub_event_type,
                    **_span_fields(event.span),
                    "date_label": _date_label(event),
                    "date_status": event.date_status,
                    "date_rule": event.date_rule,
                    "reference_inferred": bool(article.reference_inferred),
                    "place_id": site.place.place_id if site else "",
                    "place_name": site.place.name if site else "",
                    "place_role": event.site_role if site else "",
                    "location_precision": event.location_precision,
                    "context_places": _context(event),
                    "actors": ";".join(event.actors),
                    "actor1": event.actor1,
                    "actor2": event.actor2,
                    "fatalities": event.fatalities,
                    "injured": event.injured,
                    "quantity": quantity.value if quantity else float("nan"),
                    "quantity_text": quantity.text if quantity else "",
                    "attribution": event.attribution,
                    "sentence": event.sentence.text,
                    "sentence_start": event.sentence.start,
                    "sentence_end": event.sentence.end,
                    "notes": " ".join(s.text for s in event.sentences or (event.sentence,)),
                    "place_start": site.mention.start if site else -1,
                    "place_end": site.mention.end if site else -1,
                    "confidence": event.confidence,
                    "geometry": place_geometry(site.place) if site else None,
                }
            )
    frame = _frame(rows, EVENT_COLUMNS)
    for column in ("fatalities", "injured"):
        frame[column] = frame[column].astype("Int64")
    return frame


def flows_frame(articles: Iterable) -> object:
    """Return one row per movement, a line from origin to destination.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geo.frames.schema.FLOW_COLUMNS`.
    """
    from shapely.geometry import LineString

    sentences = {}
    for article in articles:
        sentences.update({e.event_id: e.sentence.text for e in article.events})
    rows = []
    for article in articles:
        for flow in article.flows:
            a, b = flow.origin.place, flow.destination.place
            span = _span_fields(flow.span)
            rows.append(
                {
                    "flow_id": flow.flow_id,
                    "event_id": flow.event_id,
                    "doc_id": flow.doc_id,
                    "origin_id": a.place_id,
                    "origin_name": a.name,
                    "destination_id": b.place_id,
                    "destination_name": b.name,
                    "quantity": flow.quantity if flow.quantity is not None else float("nan"),
                    "quantity_text": flow.quantity_text,
                    "status": flow.status,
                    "start": span["start"],
                    "end": span["end"],
                    "date_label": span["date_label"],
                    "sentence": sentences.get(flow.event_id, ""),
                    "confidence": flow.confidence,
                    "geometry": LineString([(a.lon, a.lat), (b.lon, b.lat)]),
                }
            )
    return _frame(rows, FLOW_COLUMNS)
