"""How each event type and place precision looks: colours, shapes and inline SVG.

Markers are drawn with inline SVG in a Leaflet ``DivIcon`` and with Leaflet vectors, so
no icon font, image sprite or Bootstrap is needed. Everything here is a constant, never
article text.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.frames import schema

#: Size of an event icon in pixels.
ICON_SIZE = 18


@dataclass(frozen=True)
class EventSymbol:
    """The look of one event type."""

    label: str
    color: str
    shape: str  # SVG path data in a 0..18 box


_SHAPES = {
    "circle": "M9 2a7 7 0 1 1 0 14a7 7 0 1 1 0-14z",
    "square": "M3 3h12v12H3z",
    "triangle": "M9 2l7.5 13h-15z",
    "diamond": "M9 1.5l7.5 7.5l-7.5 7.5l-7.5-7.5z",
    "star": "M9 1.5l2.2 4.9l5.3.5l-4 3.6l1.2 5.2L9 13l-4.7 2.7l1.2-5.2l-4-3.6l5.3-.5z",
    "hexagon": "M5 2.2h8l4 6.8l-4 6.8H5l-4-6.8z",
    "plus": "M6.5 2h5v4.5H16v5h-4.5V16h-5v-4.5H2v-5h4.5z",
    "pentagon": "M9 1.5l7.5 5.5l-2.9 8.8H4.4L1.5 7z",
    "tri_down": "M1.5 3h15L9 16z",
}

EVENT_SYMBOLS: dict[str, EventSymbol] = {
    "deployment": EventSymbol("Deployment", "#c0392b", _SHAPES["triangle"]),
    "reconstruction": EventSymbol("Reconstruction", "#d68910", _SHAPES["square"]),
    "demining": EventSymbol("Demining", "#7d3c98", _SHAPES["plus"]),
    "diplomatic": EventSymbol("Diplomatic", "#2471a3", _SHAPES["diamond"]),
    "combat": EventSymbol("Combat", "#1b2631", _SHAPES["star"]),
    "protest": EventSymbol("Protest", "#b03a2e", _SHAPES["circle"]),
    "strategic": EventSymbol("Strategic development", "#566573", _SHAPES["square"]),
    "disaster": EventSymbol("Disaster", "#1e8449", _SHAPES["tri_down"]),
    "statement": EventSymbol("Statement", "#148f77", _SHAPES["circle"]),
    "technology_transfer": EventSymbol("Technology transfer", "#5d6d7e", _SHAPES["hexagon"]),
    "commemoration": EventSymbol("Commemoration", "#a04000", _SHAPES["pentagon"]),
    "other": EventSymbol("Other", "#7f8c8d", _SHAPES["tri_down"]),
}
assert set(EVENT_SYMBOLS) == set(schema.EVENT_TYPES)


def event_svg(event_type: str, *, size: int = ICON_SIZE) -> str:
    """Return the inline SVG icon of an event type (``"other"`` for an unknown type).

    Examples
    --------
    >>> event_svg("combat").startswith("<svg")
    True
    """
    symbol = EVENT_SYMBOLS.get(event_type, EVENT_SYMBOLS["other"])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 18 18" aria-hidden="true"><path d="{symbol.shape}" '
        f'fill="{symbol.color}" stroke="#fff" stroke-width="1.2"/></svg>'
    )


#: Leaflet path styles of place markers, by precision.
PLACE_STYLES: dict[str, dict[str, object]] = {
    "settlement": {"color": "#1f3a5f", "weight": 1.5, "fillColor": "#3b7dd8", "fillOpacity": 0.75},
    "approximate_settlement": {
        "color": "#1f3a5f",
        "weight": 1.5,
        "dashArray": "3 3",
        "fillColor": "#9cc3f0",
        "fillOpacity": 0.6,
    },
    "region": {"color": "#6c3483", "weight": 1.5, "fillColor": "#bb8fce", "fillOpacity": 0.7},
    "country": {"color": "#4d5656", "weight": 1.5, "fillColor": "#aab7b8", "fillOpacity": 0.7},
    "macro_region": {"color": "#4d5656", "weight": 1, "fillColor": "#d5dbdb", "fillOpacity": 0.6},
    "border": {"color": "#922b21", "weight": 1.5, "fillColor": "#f1948a", "fillOpacity": 0.7},
}
assert set(PLACE_STYLES) == set(schema.PRECISIONS)

#: The circle drawn around an approximate place (radius in metres from ``uncertainty_km``).
UNCERTAINTY_STYLE = {
    "color": "#3b7dd8",
    "weight": 1,
    "dashArray": "4 4",
    "fillColor": "#3b7dd8",
    "fillOpacity": 0.08,
    "interactive": False,
}

#: Leaflet path styles of area outlines (regions, countries, macro-regions, borders).
AREA_STYLES: dict[str, dict[str, object]] = {
    "region": {"color": "#6c3483", "weight": 1.5, "fillColor": "#bb8fce", "fillOpacity": 0.15},
    "country": {"color": "#4d5656", "weight": 1.2, "fillColor": "#aab7b8", "fillOpacity": 0.08},
    "macro_region": {
        "color": "#4d5656",
        "weight": 1,
        "dashArray": "6 4",
        "fillColor": "#d5dbdb",
        "fillOpacity": 0.06,
    },
    "border": {"color": "#922b21", "weight": 3, "dashArray": "8 4", "opacity": 0.8},
}
