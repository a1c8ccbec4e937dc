"""The columns of Newsmap's three GeoDataFrames: places, events and flows.

This module is the contract between ``geo`` (which builds the frames) and ``layers``
(which draws them). Every frame is in EPSG:4326. Values that are lists in Python are
stored as JSON text (``mentions``, ``runner_ups``) or joined with ``";"`` (``roles``,
``doc_ids``, ``actors``) so that the frames write unchanged to GeoJSON, GeoPackage,
GeoParquet and CSV.
"""

from __future__ import annotations

CRS = "EPSG:4326"

#: How precisely a place is located.
PRECISIONS = (
    "settlement",
    "approximate_settlement",
    "region",
    "country",
    "macro_region",
    "border",
)

#: What a place does in an article.
ROLES = ("event_location", "mentioned", "government")

#: The kinds of event Newsmap recognises.
EVENT_TYPES = (
    "deployment",
    "reconstruction",
    "demining",
    "diplomatic",
    "combat",
    "protest",
    "strategic",
    "disaster",
    "statement",
    "technology_transfer",
    "commemoration",
    "other",
)

#: How precisely an event is dated.
DATE_PRECISIONS = (
    "day",
    "week",
    "part_of_month",
    "month",
    "season",
    "quarter",
    "half_year",
    "year",
    "decade",
    "open_ended",
    "undated",
)

#: Where an event's date comes from.
DATE_STATUSES = ("explicit", "inherited", "reported", "undated")

#: Status of a movement.
FLOW_STATUSES = ("reported", "expected")

PLACE_COLUMNS = (
    "place_id",  # "gn:544906", "ne1:538555", "country:RU", "macro:eastern-europe", "border:RU-UA",
    # "water:black-sea"
    "name",  # display name, e.g. "Korenevo"
    "geonameid",  # GeoNames id or None
    "feature_class",  # populated_place | admin_region | country | macro_region | border |
    # water_body (a sea, gulf, strait...: geo/gazetteer/water.py)
    "precision",  # one of PRECISIONS ("region" for a water body: a point and its uncertainty)
    "uncertainty_km",  # float or NaN
    "country",  # ISO 3166-1 alpha-2, "" for macro-regions, water bodies and borders
    "admin1_name",  # e.g. "Kursk Oblast"
    "roles",  # ";"-joined subset of ROLES, sorted
    "mention_count",  # int
    "mentions",  # JSON list of {"doc_id", "text", "start", "end", "sentence", "sentence_start"}
    "doc_ids",  # ";"-joined
    "reason",  # short human-readable reason for the choice
    "score",  # float in [0, 1]
    "runner_ups",  # JSON list of {"place_id", "name", "admin1_name", "country", "score"}
    "source",  # gazetteer source of the entry
    "lat",  # representative point
    "lon",
    "geometry",  # Point, (Multi)Polygon for areas, (Multi)LineString for borders
)

#: How precisely an event is located (:func:`geo.events.arguments.location_precision`).
LOCATION_PRECISIONS = ("town", "district", "region", "country", "macro_region", "")

#: How an event got its date (:data:`geo.events.model.DATE_RULES`).
DATE_RULES = ("own", "reporting_clause", "paragraph", "reported", "none")

EVENT_COLUMNS = (
    "event_id",  # unique in the frame's corpus, e.g. "north-korea-troops-russia:e3"
    "doc_id",
    "doc_title",
    "doc_url",
    "event_type",  # one of EVENT_TYPES
    "sub_event_type",  # ACLED's sub-type ("Armed clash", "Air/drone strike") or Newsmap's
    # ("Flood", "Deployment", "Visit"): geo/events/typology.py
    "start",  # ISO date "YYYY-MM-DD", or None when undated
    "end",  # ISO date, inclusive, or None
    "date_precision",  # one of DATE_PRECISIONS
    "date_phrase",  # the words that date it, e.g. "in late October"
    "date_label",  # short label for people, e.g. "late Oct 2025", "by 3 May 2020"
    "date_status",  # one of DATE_STATUSES ("reported": on or before the article's date)
    "date_rule",  # one of DATE_RULES
    "reference_inferred",  # bool: the article's date was inferred from its text
    "place_id",  # the event's site ("" when it has none): one row per event
    "place_name",
    "place_role",  # "event_location", or "destination" for the end of a movement
    "location_precision",  # one of LOCATION_PRECISIONS
    "context_places",  # JSON list of {"place_id", "name", "role", "start", "end"}: the other
    # places of its sentences (origins, destinations, speakers' seats, compared places)
    "actors",  # ";"-joined: every person, organisation or group named in its clauses
    "actor1",  # who acted ("LNA forces"), or ""
    "actor2",  # on whom ("GNA positions"), or ""
    "fatalities",  # Int64 or <NA>: people killed as the text gives them
    "injured",  # Int64 or <NA>
    "quantity",  # float or NaN: its first other count, e.g. 10000 (troops)
    "quantity_text",  # e.g. "around 10,000 troops"
    "attribution",  # e.g. "according to the NIS"
    "sentence",  # the first sentence that tells of it, verbatim
    "sentence_start",  # offset of that sentence in the document text
    "sentence_end",
    "notes",  # every sentence that tells of it, joined by one space
    "place_start",  # offset of the site's mention in the document (for highlighting), -1 if none
    "place_end",
    "confidence",  # float in [0, 1]
    "geometry",  # the site's geometry: a Point for a town, the outline of an area
)

FLOW_COLUMNS = (
    "flow_id",
    "event_id",
    "doc_id",
    "origin_id",
    "origin_name",
    "destination_id",
    "destination_name",
    "quantity",  # float or NaN
    "quantity_text",
    "status",  # one of FLOW_STATUSES
    "start",
    "end",
    "date_label",
    "sentence",
    "confidence",
    "geometry",  # LineString from origin to destination
)
