"""One ``folium.GeoJson`` per kind of feature, with its styling done in JavaScript.

:class:`FeatureLayer` is a ``folium.GeoJson`` whose Leaflet options (``pointToLayer``,
``style``) are small JavaScript functions reading the feature's properties, so 10,000
features cost one layer and one embedded FeatureCollection, not 10,000 folium objects.
Popups and tooltips are built in the browser by :mod:`layers.popups` (``NewsmapPopups``)
from the features' properties and the layer's *lookup tables*: strings that many
features share (sentences, document titles and URLs, date labels) are written once per
layer and referenced by index.

The layer leaves out what folium's own template adds and Newsmap does not use (the style
switch per feature id, jQuery's ``$.ajax``, and a final ``setStyle`` that would reset the
radius of ``L.circle`` uncertainty rings), and its script is written with
:func:`script_json` and :func:`layers.raw.render_macros`: never parsed as a template.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any

import folium
from folium.elements import ElementAddToElement
from folium.template import Template

from layers.raw import render_macros

#: Builders of ``NewsmapPopups`` (see ``layers/popups.js``), by name.
BUILDERS = ("events", "places", "flows")


def script_json(value: Any) -> str:
    r"""Return ``value`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\u003c`` etc. (so ``</script>`` or ``<!--``
    in article text cannot end or change the script), as are ``'`` (streamlit-folium
    rewrites ``{{'name'}}`` in a page's script), U+2028 and U+2029.

    Examples
    --------
    >>> script_json({"a": "</script> & 'é'"})
    '{"a":"\\u003c/script\\u003e \\u0026 \\u0027é\\u0027"}'
    """
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def lookup_table(values: dict[str, Any]) -> str:
    r"""Return a constant mapping as a JavaScript object literal (safe inside a script).

    Examples
    --------
    >>> lookup_table({"a": "</script>"})
    '{"a":"\\u003c/script\\u003e"}'
    """
    return script_json(dict(sorted(values.items())))


class Strings:
    """Distinct values in first-seen order: a lookup table that features index into.

    Examples
    --------
    >>> titles = Strings()
    >>> titles.index("A"), titles.index("B"), titles.index("A"), titles.values
    (0, 1, 0, ['A', 'B'])
    >>> titles.index(None), titles.index("")
    (None, None)
    """

    def __init__(self) -> None:
        self._positions: dict[Hashable, int] = {}
        self.values: list[Any] = []

    def index(self, value: Hashable) -> int | None:
        """Return the position of ``value`` (adding it once); ``None`` for a missing value."""
        if value is None or value == "":
            return None
        position = self._positions.get(value)
        if position is None:
            position = self._positions[value] = len(self.values)
            self.values.append(list(value) if isinstance(value, tuple) else value)
        return position


class FeatureLayer(folium.GeoJson):
    """A ``folium.GeoJson`` layer of one kind of Newsmap feature.

    Parameters
    ----------
    data : dict
        A GeoJSON FeatureCollection.
    kind : str
        What the features are (``"places"``, ``"events"``, ...), for finding the layer.
    name : str
        The name shown in the LayerControl.
    popups : {"events", "places", "flows"}, optional
        The ``NewsmapPopups`` builder that binds each feature's popup and tooltip.
    tables : dict, optional
        The lookup tables that builder reads (written once per layer).
    data_json : str, optional
        ``data`` already serialised with :func:`script_json` (e.g. cached outlines);
        ``data`` is then only used for its bounds. Otherwise ``data`` and ``tables`` are
        serialised once, when the layer is first rendered: treat them as frozen.
    **options
        Leaflet ``L.geoJson`` options; :class:`folium.utilities.JsCode` values are
        written as code (e.g. ``point_to_layer``, ``style``).

    Examples
    --------
    >>> layer = FeatureLayer({"type": "FeatureCollection", "features": []}, kind="x", name="X")
    >>> layer.kind, layer.layer_name
    ('x', 'X')
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {{ this.options | tojavascript }});
        {%- if this.popups %}
        NewsmapPopups.{{ this.popups }}({{ this.get_name() }}, {{ this.tables_json }});
        {%- endif %}
        {{ this.get_name() }}.addData({{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any],
        *,
        kind: str,
        name: str,
        show: bool = True,
        control: bool = True,
        popups: str | None = None,
        tables: dict[str, Any] | None = None,
        data_json: str | None = None,
        **options: Any,
    ):
        super().__init__(data, name=name, show=show, control=control)
        if popups is not None and popups not in BUILDERS:
            raise ValueError(f"popups {popups!r} is not one of {list(BUILDERS)}")
        self._name = "GeoJson"
        self.kind = kind
        self.popups = popups
        self.tables = tables if tables is not None else {}
        self._data_json = data_json
        self._tables_json: str | None = None
        self.options = {key: value for key, value in options.items() if value is not None}

    @property
    def data_json(self) -> str:
        """The FeatureCollection as JSON safe inside a script (made once, at first use)."""
        if self._data_json is None:
            self._data_json = script_json(self.data)
        return self._data_json

    @property
    def tables_json(self) -> str:
        """The lookup tables as JSON safe inside a script (made once, at first use)."""
        if self._tables_json is None:
            self._tables_json = script_json(self.tables)
        return self._tables_json

    def render(self, **kwargs: Any) -> None:
        """Write the layer's script as it is (see :mod:`layers.raw`) and add it to its parent."""
        if self.show:
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(), element_parent_name=self._parent.get_name()
                ),
                name=self.get_name() + "_add",
            )
        render_macros(self, kwargs)


def add_to_parent_first(layer: folium.map.Layer) -> None:
    """Make ``layer``'s ``addTo(parent)`` come right after the layer, before its children.

    Call it at the start of the layer's ``render``.

    folium's ``Layer.render`` adds the same child again under the same name later; an
    ``OrderedDict`` keeps a key's first position, so ``addTo`` stays first. A group that is
    on the map before its markers arrive lets Leaflet.markercluster 1.4.1 skip a quadratic
    check (about 4 s for 100,000 events in Chromium).
    """
    if layer.show:
        layer.add_child(
            ElementAddToElement(
                element_name=layer.get_name(), element_parent_name=layer._parent.get_name()
            ),
            name=layer.get_name() + "_add",
            index=0,
        )


class OverlayGroup(folium.FeatureGroup):
    """A ``FeatureGroup`` (one overlay in the LayerControl) that joins its parent first.

    streamlit-folium lists the groups it adds in ``window.feature_group`` and removes them
    from the map on the next run, but keeps them listed; each group drops the ones no
    longer on a map from that list, so old markers can be freed.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.feature_group) {
            window.feature_group = window.feature_group.filter(function (g) { return g._map; });
        }
        var {{ this.get_name() }} = L.featureGroup({{ this.options | tojavascript }});
        {% endmacro %}
        """
    )

    def render(self, **kwargs: Any) -> None:
        """Join the parent before the children are added (see :func:`add_to_parent_first`)."""
        add_to_parent_first(self)
        super().render(**kwargs)


def feature(geometry: dict[str, Any] | None, properties: dict[str, Any]) -> dict[str, Any]:
    """Return a GeoJSON Feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection."""
    return {"type": "FeatureCollection", "features": features}
