"""Places: mentions found in the analysis, resolved against the gazetteer, given roles.

:func:`find_mentions` → :func:`resolve_mentions` → :func:`assign_roles`, each a pure step
from values to values, ending in :class:`geo.model.PlaceMention` values.
"""

from geo.places.mentions import find_mentions
from geo.places.resolve import resolve_mentions
from geo.places.roles import assign_roles

__all__ = ["assign_roles", "find_mentions", "resolve_mentions"]
