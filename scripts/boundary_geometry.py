"""Small pure helpers shared by the boundary build scripts: names and polygons."""

from __future__ import annotations

import numpy as np
import shapely

DECIMALS = 4  # ~11 m


def dedupe(values) -> list[str]:
    """Distinct non-empty stripped strings, first occurrence order."""
    seen: dict[str, None] = {}
    for v in values:
        if isinstance(v, str) and v.strip() and not v.strip().isdigit():
            seen.setdefault(v.strip(), None)
    return list(seen)


def polygonal(geom):
    """The polygonal part of ``geom`` (make_valid may add lines or points)."""
    if geom is None or geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def clean(geoms: np.ndarray) -> np.ndarray:
    """Round to ``DECIMALS`` and make valid, keeping only polygons."""
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, DECIMALS))
    return np.array([polygonal(g) for g in shapely.make_valid(rounded)], dtype=object)


# ---------------------------------------------------------------- admin-1
