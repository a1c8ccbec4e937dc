"""Render folium elements without parsing their output again as a Jinja template.

branca's ``MacroElement.render`` wraps what each macro returns in ``Element(text)``,
which *compiles the text as a Jinja template*. For an element that embeds article text
(a GeoJSON layer) that is a template injection: a sentence holding ``{{ 7*7 }}`` came out
as ``49``, and ``{{ ... }}`` could reach Python objects on the server. It is also slow
(tokenizing megabytes of data). Newsmap's elements derive from :class:`RawMacroElement`
(or call :func:`render_macros`), which puts each macro's output in the page as it is.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, Figure

from geo.errors import NewsmapError


class RawText(Element):
    """A piece of a page whose text is written as it is (never a template).

    Examples
    --------
    >>> RawText("{{ 7*7 }}").render()
    '{{ 7*7 }}'
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawText"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text unchanged."""
        return self.text


def render_macros(element: folium.MacroElement, kwargs: dict[str, Any]) -> None:
    """Add the ``header``/``html``/``script`` macros of ``element`` to its figure, raw.

    Then render its children (as ``MacroElement.render`` does).
    """
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise NewsmapError(f"{type(element).__name__} is not in a folium Figure")
    module = element._template.module
    for part, target in (
        ("header", figure.header),
        ("html", figure.html),
        ("script", figure.script),
    ):
        macro = module.__dict__.get(part)
        if macro is not None:
            target.add_child(RawText(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class RawMacroElement(folium.MacroElement):
    """A ``MacroElement`` whose macros' output is never compiled as a template."""

    def render(self, **kwargs: Any) -> None:
        """Put the macros' output in the page as it is, then render the children."""
        render_macros(self, kwargs)
