"""Helpers for the browser tests and the app benchmark: a real ``streamlit run``, Debian's chromium.

Nothing here downloads a browser: :func:`launch_chromium` drives ``/usr/bin/chromium``
(installed by ``make browser``) and fails loudly when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
#: The title streamlit gives the iframe of the streamlit-folium component.
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
#: An article whose title and text hold the XSS strings next to a place name.
XSS_ARTICLE = (
    f"Shelling near Belgorod {XSS_SCRIPT} {XSS_IMG}\n\n"
    f"Artillery struck Belgorod {XSS_SCRIPT} on 5 March 2025, officials said.\n"
    f"Residents of Belgorod {XSS_IMG} posted photos of the damage on 6 March 2025.\n"
)

# JavaScript run inside a map page (the streamlit-folium frame or an exported file).
# It finds Leaflet's GeoJSON layers by the properties of their features: among the page's
# globals (an exported page), and in the overlay groups streamlit-folium added to the
# map (the app's live map keeps them in ``window.feature_group``; a MarkerCluster holds
# the markers of an events layer, whose GeoJSON is their event parent).
JS_GEOJSON = """
() => {
    const found = new Set();
    const roots = [];
    for (const key of Object.keys(window)) {
        try { roots.push(window[key]); } catch (e) { continue; }
    }
    for (const group of (window.feature_group || [])) {
        if (group && group._map) { roots.push(group); }  // removed groups stay listed
    }
    function visit(value, depth) {
        if (!value || !window.L || depth > 4 || typeof value !== "object") { return; }
        if (value instanceof L.GeoJSON) { found.add(value); return; }
        if (L.MarkerClusterGroup && value instanceof L.MarkerClusterGroup) {
            const markers = value.getLayers();
            const parents = markers.length ? markers[0]._eventParents || {} : {};
            Object.values(parents).forEach((parent) => visit(parent, depth + 1));
            return;
        }
        if (value instanceof L.LayerGroup && !(value instanceof L.Map)) {
            value.eachLayer((layer) => visit(layer, depth + 1));
        }
    }
    roots.forEach((root) => visit(root, 0));
    return [...found];
}
"""
JS_LAYERS = (
    """
(kind) => {
    const out = [];
    for (const value of ("""
    + JS_GEOJSON
    + """)()) {
        const layers = value.getLayers();
        const props = layers.length ? layers[0].feature.properties : {};
        const isPlaces = "precision" in props && "radius" in props;
        const isEvents = "event_type" in props && "event_id" in props;
        if ((kind === "places" && isPlaces) || (kind === "events" && isEvents)) {
            out.push(value);
        }
    }
    return out;
}
"""
)
#: Mark every GeoJSON layer now in the page (see JS_NEW_LAYERS).
JS_MARK_LAYERS = (
    "() => { for (const layer of (" + JS_GEOJSON + ")()) { layer.newsmapOld = true; } }"
)
#: Whether the page holds a GeoJSON layer made after JS_MARK_LAYERS ran (a new view).
JS_NEW_LAYERS = "() => (" + JS_GEOJSON + ")().some((layer) => !layer.newsmapOld)"
#: Place markers drawn in the DOM: ``[{name, place_id}]`` (tags each SVG path for clicks).
JS_PLACE_MARKERS = (
    "() => { const layersOf = "
    + JS_LAYERS
    + """;
    const out = [];
    for (const group of layersOf("places")) {
        for (const layer of group.getLayers()) {
            const parts = layer.getLayers ? layer.getLayers() : [layer];
            for (const part of parts) {
                if (part instanceof L.CircleMarker && !(part instanceof L.Circle)
                        && part._path && part._path.isConnected) {
                    part._path.setAttribute("data-test-place", layer.feature.properties.place_id);
                    out.push({name: layer.feature.properties.name,
                              place_id: layer.feature.properties.place_id});
                }
            }
        }
    }
    return out;
}"""
)
#: Event ids held by the map's events layer (clustered or not).
JS_EVENT_IDS = (
    "() => { const layersOf = "
    + JS_LAYERS
    + """;
    const ids = [];
    for (const group of layersOf("events")) {
        for (const layer of group.getLayers()) {
            ids.push(layer.feature.properties.event_id);
        }
    }
    return ids;
}"""
)
#: Event ids whose marker is on the map now (in the map, or inside a cluster on it).
JS_VISIBLE_EVENT_IDS = (
    "() => { const layersOf = "
    + JS_LAYERS
    + """;
    const ids = [];
    for (const group of layersOf("events")) {
        for (const layer of group.getLayers()) {
            const parent = layer.__parent;  // markercluster keeps the marker's cluster here
            const onMap = layer._map || (parent && parent._group && parent._group._map
                && parent._group.hasLayer(layer));
            if (onMap) { ids.push(layer.feature.properties.event_id); }
        }
    }
    return ids;
}"""
)
#: Click an event's marker (a real DOM click on its icon); return the popup's element count.
JS_CLICK_EVENT = (
    "(eventId) => { const layersOf = "
    + JS_LAYERS
    + """;
    for (const group of layersOf("events")) {
        for (const layer of group.getLayers()) {
            if (layer.feature.properties.event_id === eventId && layer._icon) {
                layer._icon.dispatchEvent(new MouseEvent("click", {bubbles: true}));
                return true;
            }
        }
    }
    return false;
}"""
)
#: Hover an event's marker (DOM mouseover on its icon).
JS_HOVER_EVENT = JS_CLICK_EVENT.replace('new MouseEvent("click"', 'new MouseEvent("mouseover"')
#: Zoom the map onto a place so its marker stands apart from its neighbours.
JS_ZOOM_TO = """
([lat, lon, zoom]) => {
    for (const key of Object.keys(window)) {
        let value;
        try { value = window[key]; } catch (e) { continue; }
        if (value && window.L && value instanceof L.Map) {
            value.setView([lat, lon], zoom, {animate: false});
            return true;
        }
    }
    return false;
}
"""


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_corpus(folder: Path, *, xss: bool = True) -> Path:
    """Copy ``seeds/`` into ``folder`` (plus the XSS article) and return it."""
    shutil.copytree(ROOT / "seeds", folder)
    if xss:
        (folder / "xss-report.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    return folder


@contextmanager
def streamlit_server(
    corpus: Path | None,
    *,
    data: Path | None = None,
    timeout: float = 90.0,
    script: str = "streamlit_app.py",
    extra_env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``streamlit run <script>`` (from the repository) on a free port; yield its URL.

    ``corpus`` is shown as it is (``NEWSMAP_CORPUS``); with ``corpus=None`` the app
    runs on a library in ``data`` (``NEWSMAP_DATA``, started from ``seeds/``).
    ``extra_env`` is added to the server's environment (e.g. ``PYTHONPATH`` for a script
    that imports a benchmark's module).

    The server is stopped (and waited for) on exit. Its output goes to
    ``test-artifacts/streamlit-<port>.log``.
    """
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / f"streamlit-{port}.log").open("wb")
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.pop("NEWSMAP_CORPUS", None)
    if corpus is not None:
        env["NEWSMAP_CORPUS"] = str(corpus)
    if data is not None:
        env["NEWSMAP_DATA"] = str(data)
    env.update(extra_env or {})
    command = [sys.executable, "-m", "streamlit", "run", script]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, timeout=timeout)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


def wait_healthy(url: str, process: subprocess.Popen, *, timeout: float) -> None:
    """Wait until streamlit answers ``/_stcore/health``; fail if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout:.0f} s")


def launch_chromium(playwright):
    """Launch Debian's chromium (never a downloaded browser); fail if it is missing."""
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser` (make test does)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def block_network(page) -> list[str]:
    """Abort every request of ``page`` that is not ``file:`` or ``data:``; return their list."""
    blocked: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", route)
    return blocked


def is_local(url: str, base: str) -> bool:
    """Tell whether a request URL stays on the app's host (or needs no network at all)."""
    if url.startswith(("data:", "blob:", "about:", "file:")):
        return True
    return urlparse(url).netloc == urlparse(base).netloc


def frame_asset_refs(frame) -> list[str]:
    """Return the ``<script src>`` and ``<link href>`` of a live frame's document."""
    return frame.evaluate(
        """() => {
            const attr = (selector, name) =>
                [...document.querySelectorAll(selector)].map(e => e.getAttribute(name));
            return attr("script[src]", "src").concat(attr("link[href]", "href"));
        }"""
    )


def wait_for_map(page, *, timeout: float = 60_000):
    """Return the streamlit-folium frame once its map has drawn place markers."""
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=timeout)
    handle = page.query_selector(MAP_FRAME)
    frame = handle.content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=timeout)
    frame.wait_for_function("() => window.map && window.map._loaded", timeout=timeout)
    return frame


def change_map(page, change, *, timeout: float = 60_000):
    """Run ``change()`` (e.g. set a filter) and return the map frame once it shows new layers.

    The app's map keeps its page and swaps its data layers: this waits for a GeoJSON layer
    that was not there before (or for a new map frame, should the page be replaced).
    """
    frame = wait_for_map(page, timeout=timeout)
    frame.evaluate(JS_MARK_LAYERS)
    old = page.query_selector(MAP_FRAME)
    change()
    page.wait_for_function(
        """([old, sel, code]) => {
            const f = document.querySelector(sel);
            if (!f) { return false; }
            if (f !== old) { return true; }
            try { return f.contentWindow.eval("(" + code + ")()"); } catch (e) { return false; }
        }""",
        arg=[old, MAP_FRAME, JS_NEW_LAYERS],
        timeout=timeout,
        polling=50,
    )
    return wait_for_map(page, timeout=timeout)


#: The bounds of the page's Leaflet map: ``[south, west, north, east]``, or null.
JS_MAP_BOUNDS = """
() => {
    for (const key of Object.keys(window)) {
        let value;
        try { value = window[key]; } catch (e) { continue; }
        if (value && window.L && value instanceof L.Map) {
            const b = value.getBounds();
            return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];
        }
    }
    return null;
}
"""


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under ``test-artifacts/`` and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
