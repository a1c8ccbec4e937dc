"""One ``folium.GeoJson`` per kind of feature, with its styling done in JavaScript.

:class:`FeatureLayer` is a ``folium.GeoJson`` whose Leaflet options (``pointToLayer``,
``style``, ``onEachFeature``) are small JavaScript functions reading the feature's
properties, so 10,000 features cost one layer and one embedded FeatureCollection, not
10,000 folium objects. It leaves out what folium's own template adds and Newsmap does not
use (the style switch per feature id, jQuery's ``$.ajax``, and a final ``setStyle`` that
would reset the radius of ``L.circle`` uncertainty rings).
"""

from __future__ import annotations

import json
from typing import Any

import folium
from folium.template import Template
from folium.utilities import JsCode

#: Binds each feature's precomputed (escaped) ``popup`` and ``tooltip`` properties.
BIND_POPUP_TOOLTIP = JsCode(
    """function (feature, layer) {
        var p = feature.properties || {};
        if (p.popup) {
            layer.bindPopup(function () { return p.popup; }, {maxWidth: 380});
        }
        if (p.tooltip) {
            layer.bindTooltip(p.tooltip, {sticky: true});
        }
    }"""
)


class FeatureLayer(folium.GeoJson):
    """A ``folium.GeoJson`` layer of one kind of Newsmap feature.

    Parameters
    ----------
    data : dict
        A GeoJSON FeatureCollection (embedded in the page with folium's ``tojson``).
    kind : str
        What the features are (``"places"``, ``"events"``, ...), for finding the layer.
    name : str
        The name shown in the LayerControl.
    **options
        Leaflet ``L.geoJson`` options; :class:`folium.utilities.JsCode` values are
        written as code (e.g. ``point_to_layer``, ``style``, ``on_each_feature``).

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
        {{ this.get_name() }}.addData({{ this.data | tojson }});
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
        **options: Any,
    ):
        super().__init__(data, name=name, show=show, control=control)
        self._name = "GeoJson"
        self.kind = kind
        self.options = {key: value for key, value in options.items() if value is not None}


def lookup_table(values: dict[str, Any]) -> str:
    r"""Return a constant mapping as a JavaScript object literal (safe inside a script).

    Examples
    --------
    >>> lookup_table({"a": "</script>"})
    '{"a": "\\u003c/script\\u003e"}'
    """
    return (
        json.dumps(values, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def feature(geometry: dict[str, Any] | None, properties: dict[str, Any]) -> dict[str, Any]:
    """Return a GeoJSON Feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection."""
    return {"type": "FeatureCollection", "features": features}
