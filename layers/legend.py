"""The map legend: the icon of each event type on the map, and the place marker styles."""

from __future__ import annotations

from collections.abc import Iterable

from folium.template import Template

from geo.frames import schema
from layers.popups import text
from layers.raw import RawMacroElement
from layers.symbols import EVENT_SYMBOLS, PLACE_STYLES, event_svg


def legend_html(event_types: Iterable[str], *, places: bool = True) -> str:
    """Return the legend's HTML for the given event types (in schema order).

    Examples
    --------
    >>> html = legend_html(["combat", "deployment"])
    >>> html.index("Deployment") < html.index("Combat")
    True
    """
    present = set(event_types)
    rows = ["<h4>Events</h4>"] if present else []
    for key in schema.EVENT_TYPES:
        if key in present:
            label = text(EVENT_SYMBOLS[key].label)
            rows.append(f'<div data-event-type="{key}">{event_svg(key, size=14)} {label}</div>')
    if places:
        rows.append("<h4>Places</h4>")
        for key in ("settlement", "approximate_settlement", "region"):
            style = PLACE_STYLES[key]
            dash = ' stroke-dasharray="2 2"' if style.get("dashArray") else ""
            swatch = (
                '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
                f'<circle cx="7" cy="7" r="5.5" fill="{style["fillColor"]}" '
                f'stroke="{style["color"]}" stroke-width="1.5"{dash}/></svg>'
            )
            rows.append(f'<div data-precision="{key}">{swatch} {text(key.replace("_", " "))}</div>')
    return "".join(rows)


class Legend(RawMacroElement):
    """A Leaflet control in a map corner showing :func:`legend_html`, collapsible.

    The legend is a ``<details>`` element: its "Legend" summary folds it away so it
    does not cover data (it starts open on wide maps, folded on small ones).

    Parameters
    ----------
    event_types : iterable of str
        The event types on the map.
    position : str
        Leaflet control position, e.g. ``"bottomright"``.

    Examples
    --------
    >>> Legend(["combat"]).markup.startswith("<h4>Events</h4>")
    True
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position | tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("details", "newsmap-legend");
                div.innerHTML = "<summary>Legend</summary>" + {{ this.markup | tojson }};
                var size = {{ this._parent.get_name() }}.getSize();
                div.open = size.x >= 900 && size.y >= 500;
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, event_types: Iterable[str], *, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.markup = legend_html(sorted(set(event_types)))
