"""Offline JavaScript and CSS for Newsmap's maps, from the ``xstatic-*`` packages.

folium's default page loads Leaflet, jQuery, Bootstrap and Font Awesome from CDNs;
offline that is a blank page with no error. Newsmap's layers draw every marker with
Leaflet vectors and inline SVG, so a map needs only Leaflet (and Leaflet.markercluster
when events are clustered). Two modes, both set **per map instance**:

- ``"inline"``: every asset's text goes into the page (for a self-contained export);
  the images Leaflet's CSS refers to become ``data:`` URIs.
- ``"served"``: ``<script src>``/``<link href>`` point at Streamlit's static folder
  (``/app/static/newsmap/...``), filled by :func:`install_static`.
"""

from __future__ import annotations

import base64
import functools
import importlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import Element, Figure, Link
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template

from geo.errors import BadInputError, NewsmapError
from layers.popups import PopupScript
from layers.raw import RawMacroElement

#: Where Streamlit serves ``./static/`` when ``server.enableStaticServing`` is on.
STATIC_URL = "/app/static/newsmap"
MODES = ("inline", "served")


@dataclass(frozen=True)
class Asset:
    """One file of an xstatic package that a map loads.

    Parameters
    ----------
    name : str
        Key of the asset in folium's ``default_js``/``default_css`` lists.
    package : str
        The ``xstatic.pkg`` module holding it, e.g. ``"leaflet"``.
    path : str
        Its path inside the package's data folder.
    kind : {"js", "css"}
        Script or stylesheet.
    """

    name: str
    package: str
    path: str
    kind: str


LEAFLET = (
    Asset("leaflet_css", "leaflet", "leaflet.css", "css"),
    Asset("leaflet", "leaflet", "leaflet.js", "js"),
)
MARKERCLUSTER = (
    Asset("markerclustercss", "leaflet_markercluster", "MarkerCluster.css", "css"),
    Asset("markerclusterdefaultcss", "leaflet_markercluster", "MarkerCluster.Default.css", "css"),
    Asset("markerclusterjs", "leaflet_markercluster", "leaflet.markercluster.js", "js"),
)
#: Extra files a package's CSS refers to (copied in served mode, inlined otherwise).
_EXTRA_FILES = {
    "leaflet": (
        "images/layers.png",
        "images/layers-2x.png",
        "images/marker-icon.png",
        "images/marker-icon-2x.png",
        "images/marker-shadow.png",
    ),
}
_CSS_URL = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.-]+\.png)\1\)")


def package_dir(package: str) -> Path:
    """Return the data folder of an installed ``xstatic.pkg`` package.

    Examples
    --------
    >>> (package_dir("leaflet") / "leaflet.js").is_file()
    True
    """
    try:
        module = importlib.import_module(f"xstatic.pkg.{package}")
    except ImportError as exc:
        raise NewsmapError(f"xstatic package {package!r} is not installed: {exc}") from exc
    return Path(module.BASE_DIR)


def package_version(package: str) -> str:
    """Return the upstream version of an xstatic package, e.g. ``"1.9.3"``."""
    return importlib.import_module(f"xstatic.pkg.{package}").VERSION


def needed_assets(m: folium.Map) -> tuple[Asset, ...]:
    """Return the assets map ``m`` uses: Leaflet, and markercluster if it clusters.

    Raises
    ------
    NewsmapError
        When an element of the map needs JS/CSS that Newsmap cannot serve offline.
    """
    assets = list(LEAFLET)
    for element in _walk(m):
        if isinstance(element, MarkerCluster):
            if MARKERCLUSTER[0] not in assets:
                assets.extend(MARKERCLUSTER)
        elif (
            isinstance(element, JSCSSMixin)
            and not isinstance(element, folium.Map)
            and (element.default_js or element.default_css)
        ):
            raise NewsmapError(
                f"{type(element).__name__} loads {element.default_js + element.default_css}; "
                "Newsmap has no offline copy of these assets"
            )
    return tuple(assets)


def use_assets(
    m: folium.Map,
    mode: str = "inline",
    *,
    base_url: str = STATIC_URL,
    with_cluster: bool = False,
) -> folium.Map:
    """Make map ``m`` load only the assets it uses, from the page or a local folder.

    Sets ``default_js``/``default_css`` on the map *instance* (and empties them on every
    other element), so no other map is affected; defines ``NewsmapPopups`` (the popup
    builder of :mod:`layers.popups`) in the map's script. Safe to call again.

    Parameters
    ----------
    m : folium.Map
        The map; changed in place and returned.
    mode : {"inline", "served"}
        Inline every asset, or link to ``base_url`` (see :func:`install_static`).
    base_url : str
        URL of the static folder in served mode.
    with_cluster : bool
        Also load Leaflet.markercluster, for clustered layers added to the map later
        (the app's overlay groups; pass them through :func:`strip_links`).

    Examples
    --------
    >>> m = use_assets(folium.Map(tiles=None), "served")
    >>> m.default_js
    [('leaflet', '/app/static/newsmap/leaflet-1.9.3/leaflet.js')]
    """
    if mode not in MODES:
        raise BadInputError("assets", f"mode {mode!r} is not one of {list(MODES)}")
    assets = needed_assets(m)
    if with_cluster and MARKERCLUSTER[0] not in assets:
        assets += MARKERCLUSTER
    strip_links(m)
    _forget_rendered(m)
    if mode == "served":
        m.default_js = [(a.name, served_url(a, base_url)) for a in assets if a.kind == "js"]
        m.default_css = [(a.name, served_url(a, base_url)) for a in assets if a.kind == "css"]
    else:
        m.add_child(InlineAssets(assets), name="newsmap_inline_assets", index=0)
    m.add_child(NewsmapStyle(), name="newsmap_style", index=1 if mode == "inline" else 0)
    if not any(isinstance(child, PopupScript) for child in m._children.values()):
        m.add_child(PopupScript(), name="newsmap_popups", index=0)
    return m


def strip_links(element: Element) -> Element:
    """Empty ``default_js``/``default_css`` of ``element`` and everything under it.

    Their assets come from the map (:func:`use_assets`); folium's defaults are CDN URLs.
    """
    for item in _walk(element):
        if isinstance(item, JSCSSMixin):
            item.default_js = []
            item.default_css = []
    return element


def served_url(asset: Asset, base_url: str = STATIC_URL) -> str:
    """Return the URL of ``asset`` under Streamlit's static folder.

    Examples
    --------
    >>> served_url(LEAFLET[1])
    '/app/static/newsmap/leaflet-1.9.3/leaflet.js'
    """
    return f"{base_url.rstrip('/')}/{_folder(asset.package)}/{asset.path}"


def install_static(root: str | os.PathLike[str]) -> Path:
    """Copy the xstatic files the maps use into ``root/static/newsmap/``.

    Each package goes to a versioned folder, ``static/newsmap/leaflet-1.9.3/``, built in
    a temporary folder and renamed into place, so a reader never sees half a copy. A
    folder that already exists is left alone (the call is idempotent).

    Parameters
    ----------
    root : path
        The folder Streamlit runs from (holding ``static/``).

    Returns
    -------
    pathlib.Path
        ``root/static/newsmap``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (install_static(tmp) / "leaflet-1.9.3" / "leaflet.js").is_file()
    True
    """
    target = Path(root) / "static" / "newsmap"
    target.mkdir(parents=True, exist_ok=True)
    for package in sorted({a.package for a in LEAFLET + MARKERCLUSTER}):
        final = target / _folder(package)
        if final.is_dir():
            continue
        tmp = Path(tempfile.mkdtemp(prefix=f".{package}-", dir=target))
        try:
            source = package_dir(package)
            files = [a.path for a in LEAFLET + MARKERCLUSTER if a.package == package]
            for rel in files + list(_EXTRA_FILES.get(package, ())):
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / rel, tmp / rel)
            tmp.chmod(0o755)
            try:
                os.rename(tmp, final)
            except OSError:
                if not final.is_dir():  # not a lost race with another process
                    raise
        finally:
            if tmp.exists():
                shutil.rmtree(tmp)
    return target


def _forget_rendered(m: folium.Map) -> None:
    """Remove earlier asset choices, including what an earlier render put in the header."""
    stale = [k for k, c in m._children.items() if isinstance(c, InlineAssets | NewsmapStyle)]
    names = {m._children[k].get_name() for k in stale}
    for key in stale:
        del m._children[key]
    root = m.get_root()
    if isinstance(root, Figure):
        header = root.header._children
        for key in [k for k, c in header.items() if k in names or isinstance(c, Link)]:
            del header[key]


def _folder(package: str) -> str:
    return f"{package}-{package_version(package)}"


def _walk(element: Element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


@functools.cache
def inline_text(asset: Asset) -> str:
    r"""Return the text of ``asset`` ready to sit inside a ``<script>``/``<style>`` tag.

    In scripts, ``</script`` and ``<!--`` are escaped (``<\/script``, ``<\!--``), which
    means the same in JavaScript strings, regexes and comments. In stylesheets, the
    images Leaflet refers to become ``data:`` URIs.
    """
    folder = package_dir(asset.package)
    text = (folder / asset.path).read_text(encoding="utf-8")
    if asset.kind == "js":
        text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
        return text.replace("<!--", "<\\!--")
    if re.search(r"</style", text, flags=re.IGNORECASE):
        raise NewsmapError(f"{asset.path} contains '</style'; cannot inline it")

    def data_uri(match: re.Match[str]) -> str:
        payload = base64.b64encode((folder / match.group(2)).read_bytes()).decode("ascii")
        return f'url("data:image/png;base64,{payload}")'

    return _CSS_URL.sub(data_uri, text)


class NewsmapStyle(RawMacroElement):
    """Put Newsmap's own small stylesheet (``layers/newsmap.css``) in the page header."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style data-asset="newsmap">{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "NewsmapStyle"

    @property
    def css(self) -> str:
        """The text of ``layers/newsmap.css``."""
        return (Path(__file__).with_name("newsmap.css")).read_text(encoding="utf-8")


class InlineAssets(RawMacroElement):
    """Put the text of the given assets in the page header (CSS first, then JS)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {{ this.markup }}
        {% endmacro %}
        """
    )

    def __init__(self, assets: tuple[Asset, ...]):
        super().__init__()
        self._name = "InlineAssets"
        self.assets = assets

    @property
    def markup(self) -> str:
        """The ``<style>`` and ``<script>`` tags of the assets."""
        css = [
            f'<style data-asset="{a.name}">{inline_text(a)}</style>'
            for a in self.assets
            if a.kind == "css"
        ]
        js = [
            f'<script data-asset="{a.name}">{inline_text(a)}</script>'
            for a in self.assets
            if a.kind == "js"
        ]
        return "\n".join(css + js)
