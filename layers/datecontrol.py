"""A date-range control that works in a saved page, without Newsmap or a network.

Two ``<input type="date">`` and a little JavaScript hide or show the event markers whose
``[start, end]`` overlaps the chosen range (the rule of :mod:`layers.dates`), update an
"N of M events shown" counter, and hide the event entries of an opened popup that fall
outside the range. The rule is the app's (:func:`layers.dates.overlaps`): undated events
show only when no range is set, unless the "keep undated events" box is ticked (it
starts ticked only when the map was made with ``include_undated=True``).
"""

from __future__ import annotations

from typing import Any

import folium
from folium.template import Template

from layers.dates import check_range, iso
from layers.geojson import FeatureLayer
from layers.raw import render_macros


def _walk(element: Any):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def find_events(m: folium.Map) -> tuple[FeatureLayer | None, Any]:
    """Return the events GeoJson layer of ``m`` and the layer holding its markers.

    The holder is the ``MarkerCluster`` when events are clustered, else the GeoJson
    itself; ``(None, None)`` when the map has no events layer.
    """
    for element in _walk(m):
        if isinstance(element, FeatureLayer) and element.kind == "events":
            parent = element._parent
            holder = parent if isinstance(parent, folium.plugins.MarkerCluster) else element
            return element, holder
    return None, None


class DateRangeControl(folium.MacroElement):  # rendered raw, see render()
    """The date filter of an exported map (add it to the map after its layers).

    Parameters
    ----------
    since, until : str or datetime.date, optional
        The initial range (the view the page was exported with).
    include_undated : bool, optional
        Initial state of the "keep undated events" box: ticked only when ``True``.
        Unticked, undated events show only while no range is set (as in the app).
    position : str
        Leaflet control position.

    Notes
    -----
    The control's ``<div>`` carries ``data-total`` (events in the page), ``data-min`` and
    ``data-max`` (first start and last end), ``data-since`` and ``data-until``.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="newsmap-date-filter leaflet-control"
             data-total="{{ this.total }}" data-min="{{ this.first }}" data-max="{{ this.last }}"
             data-since="{{ this.since }}" data-until="{{ this.until }}">
          <label>From <input type="date" name="since" value="{{ this.since }}"
                 min="{{ this.first }}" max="{{ this.last }}"></label>
          <label>To <input type="date" name="until" value="{{ this.until }}"
                 min="{{ this.first }}" max="{{ this.last }}"></label>
          <label><input type="checkbox" name="undated"
                 {% if this.include_undated %}checked{% endif %}> keep undated events
                 when a range is set</label>
          <span class="newsmap-date-count">{{ this.total }} of {{ this.total }} events shown</span>
        </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var root = document.getElementById({{ this.get_name() | tojson }});
            var map = {{ this._parent.get_name() }};
            var group = {{ this.group_name }};
            var holder = {{ this.holder_name }};
            var markers = group ? group.getLayers() : [];
            var visible = markers.map(function () { return true; });
            var since = root.querySelector('input[name="since"]');
            var until = root.querySelector('input[name="until"]');
            var undated = root.querySelector('input[name="undated"]');
            var counter = root.querySelector(".newsmap-date-count");
            function overlaps(start, end) {
                var a = since.value, b = until.value;
                if (!start && !end) { return (!a && !b) || undated.checked; }
                if (b && start && start > b) { return false; }
                return !(a && end && end < a);
            }
            function apply() {
                var add = [], remove = [], shown = 0;
                markers.forEach(function (marker, i) {
                    var p = marker.feature.properties;
                    var keep = overlaps(p.start, p.end);
                    if (keep) { shown += 1; }
                    if (keep !== visible[i]) {
                        (keep ? add : remove).push(marker);
                        visible[i] = keep;
                    }
                });
                if (holder && holder.removeLayers) {
                    holder.removeLayers(remove);
                    holder.addLayers(add);
                } else if (holder) {
                    remove.forEach(function (m) { holder.removeLayer(m); });
                    add.forEach(function (m) { holder.addLayer(m); });
                }
                counter.textContent = shown + " of " + markers.length + " events shown";
                root.setAttribute("data-shown", String(shown));
            }
            map.on("popupopen", function (e) {
                var items = e.popup.getElement().querySelectorAll(".newsmap-event[data-start]");
                items.forEach(function (item) {
                    var start = item.getAttribute("data-start");
                    var show = overlaps(start, item.getAttribute("data-end"));
                    (item.parentNode.tagName === "LI" ? item.parentNode : item).hidden = !show;
                });
            });
            var control = L.control({position: {{ this.position | tojson }}});
            control.onAdd = function () { return root; };
            control.addTo(map);
            L.DomEvent.disableClickPropagation(root);
            L.DomEvent.disableScrollPropagation(root);
            [since, until, undated].forEach(function (input) {
                input.addEventListener("change", apply);
                input.addEventListener("input", apply);
            });
            apply();
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        since: Any = None,
        until: Any = None,
        include_undated: bool | None = None,
        position: str = "topright",
    ):
        super().__init__()
        self._name = "DateRangeControl"
        first, last = check_range(since, until)
        self.since = iso(first)
        self.until = iso(last)
        self.include_undated = include_undated is True
        self.position = position
        self.total = 0
        self.first = ""
        self.last = ""
        self.group_name = "null"
        self.holder_name = "null"

    def render(self, **kwargs: Any) -> None:
        """Find the events layer of the parent map, then render."""
        group, holder = find_events(self._parent)
        if group is not None:
            props = [f["properties"] for f in group.data["features"]]
            starts = sorted(p["start"] for p in props if p["start"])
            ends = sorted(p["end"] for p in props if p["end"])
            self.total = len(props)
            self.first = (starts or ends or [""])[0]
            self.last = (ends or starts or [""])[-1]
            self.group_name = group.get_name()
            self.holder_name = holder.get_name()
        render_macros(self, kwargs)
