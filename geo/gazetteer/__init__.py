"""The gazetteer: an SQLite index of GeoNames, Natural Earth and curated places.

:class:`Gazetteer` opens a built index and looks names up into :class:`Candidate` values;
:mod:`geo.gazetteer.build` builds the index from :mod:`geo.gazetteer.sources`.
"""

from geo.gazetteer.candidate import Candidate
from geo.gazetteer.index import Gazetteer, default_index_path

__all__ = ["Candidate", "Gazetteer", "default_index_path"]
