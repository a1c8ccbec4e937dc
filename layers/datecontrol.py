"""A date-range control that works in a saved page, without Newsmap or a network.

Two ISO day fields (``YYYY-MM-DD``, as in the app) and a little JavaScript hide or show the
event markers and the movements whose ``[start, end]`` overlaps the chosen range, update
an "N of M events shown" counter (distinct events, as the app counts them), and hide the
event entries of an opened popup that fall outside the range. A day that is not ISO, or
a "From" after "To", is refused with a message and the map keeps its last view.

The rule is :data:`IN_RANGE_JS`, the mirror of :func:`layers.dates.in_range` (itself
:func:`geo.time.overlaps` plus the choice to keep undated events); one test runs both on
the same cases. Undated events show only when no range is set, unless the "keep undated
events" box is ticked (it starts ticked only when the map was made with
``include_undated=True``).
"""

from __future__ import annotations

from typing import Any

import folium
from folium.template import Template

from layers.dates import check_range, iso
from layers.geojson import FeatureLayer
from layers.raw import render_macros

#: The page's date rule: the mirror of :func:`layers.dates.in_range` (``keepUndated`` is
#: ``true``, ``false`` or ``null``, as ``include_undated`` is ``True``, ``False`` or ``None``).
IN_RANGE_JS = """function newsmapInRange(start, end, since, until, keepUndated) {
    if (!start && !end) {
        return keepUndated === null ? (!since && !until) : keepUndated;
    }
    if (since && end && end < since) { return false; }
    return !(until && start && start > until);
}"""
#: What an ISO day field accepts (and ``""``, an open end).
ISO_DAY_PATTERN = r"\d{4}-\d{2}-\d{2}"


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


def find_layer(m: folium.Map, kind: str) -> FeatureLayer | None:
    """Return the first :class:`layers.geojson.FeatureLayer` of ``kind`` in ``m``, or None."""
    for element in _walk(m):
        if isinstance(element, FeatureLayer) and element.kind == kind:
            return element
    return None


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
          <label>From <input type="text" name="since" value="{{ this.since }}" size="10"
                 placeholder="YYYY-MM-DD" pattern="{{ this.pattern }}"
                 title="first day, YYYY-MM-DD (empty: open)"></label>
          <label>To <input type="text" name="until" value="{{ this.until }}" size="10"
                 placeholder="YYYY-MM-DD" pattern="{{ this.pattern }}"
                 title="last day, YYYY-MM-DD (empty: open)"></label>
          <label><input type="checkbox" name="undated"
                 {% if this.include_undated %}checked{% endif %}> keep undated events
                 when a range is set</label>
          <span class="newsmap-date-count">{{ this.total }} of {{ this.total }} events shown</span>
          <span class="newsmap-date-error" role="alert" hidden></span>
        </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var root = document.getElementById({{ this.get_name() | tojson }});
            var map = {{ this._parent.get_name() }};
            var group = {{ this.group_name }};
            var holder = {{ this.holder_name }};
            var flows = {{ this.flows_name }};
            var markers = group ? group.getLayers() : [];
            var lines = flows ? flows.getLayers() : [];
            var visible = markers.map(function () { return true; });
            var since = root.querySelector('input[name="since"]');
            var until = root.querySelector('input[name="until"]');
            var undated = root.querySelector('input[name="undated"]');
            var counter = root.querySelector(".newsmap-date-count");
            var error = root.querySelector(".newsmap-date-error");
            var total = new Set(markers.map(function (m) {
                return m.feature.properties.event_id;
            })).size;
            var range = {since: since.value, until: until.value};
            {{ this.rule }}
            function overlaps(start, end) {
                return newsmapInRange(start, end, range.since, range.until,
                                      undated.checked ? true : null);
            }
            function readRange() {
                var a = since.value.trim(), b = until.value.trim();
                var iso = /^{{ this.pattern }}$/;
                if ((a && !iso.test(a)) || (b && !iso.test(b))) {
                    return "Type days as YYYY-MM-DD.";
                }
                if (a && b && a > b) { return "\u201cFrom\u201d is after \u201cTo\u201d."; }
                range = {since: a, until: b};
                return "";
            }
            function apply() {
                var problem = readRange();
                error.textContent = problem;
                error.hidden = !problem;
                root.setAttribute("data-error", problem);
                if (problem) { return; }
                var add = [], remove = [], shown = new Set();
                markers.forEach(function (marker, i) {
                    var p = marker.feature.properties;
                    var keep = overlaps(p.start, p.end);
                    if (keep) { shown.add(p.event_id); }
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
                lines.forEach(function (line) {
                    var p = line.feature.properties;
                    var keep = overlaps(p.start, p.end);
                    if (keep && !flows.hasLayer(line)) { flows.addLayer(line); }
                    if (!keep && flows.hasLayer(line)) { flows.removeLayer(line); }
                });
                counter.textContent = shown.size + " of " + total + " events shown";
                root.setAttribute("data-shown", String(shown.size));
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
        self.flows_name = "null"
        self.rule = IN_RANGE_JS
        self.pattern = ISO_DAY_PATTERN

    def render(self, **kwargs: Any) -> None:
        """Find the events layer of the parent map, then render."""
        group, holder = find_events(self._parent)
        if group is not None:
            props = [f["properties"] for f in group.data["features"]]
            starts = sorted(p["start"] for p in props if p["start"])
            ends = sorted(p["end"] for p in props if p["end"])
            self.total = len({p["event_id"] for p in props})
            self.first = (starts or ends or [""])[0]
            self.last = (ends or starts or [""])[-1]
            self.group_name = group.get_name()
            self.holder_name = holder.get_name()
        flows = find_layer(self._parent, "flows")
        if flows is not None:
            self.flows_name = flows.get_name()
        render_macros(self, kwargs)
