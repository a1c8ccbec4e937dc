"""A gazetteer entry as a lookup returns it: :class:`Candidate`.

Also the vocabularies of its fields (feature classes, match kinds, listed sources).
:mod:`geo.gazetteer.index` finds candidates and re-exports these names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["FEATURE_CLASSES", "LISTED_SOURCES", "MATCH_KINDS", "Candidate"]

#: Source label prefixes of entries listed on purpose (see :attr:`Candidate.listed`).
LISTED_SOURCES = ("curated", "census:")

#: Feature classes of gazetteer entries, from the smallest to the largest land areas,
#: then water bodies (areas in no country, without a polygon: :mod:`geo.gazetteer.water`).
FEATURE_CLASSES = ("populated_place", "admin_region", "country", "macro_region", "water_body")

#: How a query matched a name, best first.
MATCH_KINDS = ("exact", "alternate", "folded", "fuzzy")

_CLASS_WEIGHT = {
    "country": 8.0,
    "populated_place": 1.0,
    "admin_region": 0.6,
    "macro_region": 4.0,
    "water_body": 4.0,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name may refer to.

    Attributes
    ----------
    entry_id : str
        Stable id in the index: ``gn:<geonameid>`` (GeoNames places), ``ne1:<gn_id>``
        (Natural Earth admin-1), ``iso3166-2:<code>`` (a nation such as England),
        ``country:<ISO2>``, ``macro:<key>``, ``water:<key>`` (a sea, gulf, strait...),
        ``curated:<slug>``.
    name : str
        The entry's display name.
    matched_name : str
        The stored name that the query matched (an alternate name, a demonym, ...).
    match : str
        One of :data:`MATCH_KINDS`.
    demonym : bool
        The query matched an adjective or demonym ("North Korean") of a country.
    feature_class : str
        One of :data:`FEATURE_CLASSES`.
    feature_code : str
        Finer type: ``PPLC`` for a capital, ``PPL`` for other GeoNames places, the
        Natural Earth type for regions ("Region", "Province", ...), the curated
        feature type ("village"), a water body's kind ("sea", "strait", ...).
    source : str
        Where the entry comes from: ``geonames-cities500``, ``natural-earth-admin1``,
        ``natural-earth-admin1+iso3166-2`` (the UK's nations),
        ``natural-earth-admin0``, ``curated-macro-regions``, ``curated-water-bodies``,
        ``curated:<file>``,
        ``geonames-dump:<file>``.
    note : str
        Provenance of a curated entry's coordinates (the CSV's ``source`` column).
    """

    entry_id: str
    name: str
    matched_name: str
    match: str
    demonym: bool
    feature_class: str
    feature_code: str
    geonameid: int | None
    lat: float
    lon: float
    country: str
    admin1_code: str
    admin1_name: str
    population: int
    source: str
    uncertainty_km: float | None
    has_geometry: bool
    note: str = ""

    @property
    def listed(self) -> bool:
        """Tell whether the entry comes from a list of places made on purpose.

        The user's curated places, the project's macro-regions (``curated-``) and its
        US counties (``census:``) are places by intent, unlike GeoNames' many villages
        named like common words.
        """
        return self.source.startswith(LISTED_SOURCES)

    @property
    def importance(self) -> float:
        """A prior for how often news means this entry: population, weighted by class."""
        return math.log10(self.population + 10) * _CLASS_WEIGHT.get(self.feature_class, 1.0)

    def to_dict(self) -> dict:
        """Return the candidate as a JSON-ready dict."""
        return {name: getattr(self, name) for name in self.__slots__}
