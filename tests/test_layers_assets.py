"""Offline assets: per-instance, only what the map uses, inline or served from static/."""

import os
import re

import folium
import pytest
from folium.plugins import Fullscreen, MarkerCluster

from geo.errors import BadInputError, NewsmapError
from layers import assets
from layers.export import asset_refs, is_remote
from layers.mapview import build_map

from samples_frames import sample_events, sample_flows, sample_places

FOLIUM_MAP_JS = list(folium.Map.default_js)
FOLIUM_CLUSTER_JS = list(MarkerCluster.default_js)


def frames():
    return sample_places(), sample_events(), sample_flows()


def test_inline_map_has_no_script_src_or_link_at_all():
    page = build_map(*frames(), assets="inline").get_root().render()
    assert asset_refs(page) == []
    for name in ("leaflet", "leaflet_css", "markerclusterjs", "markerclustercss", "newsmap"):
        assert f'data-asset="{name}"' in page
    assert "bootstrap" not in page.lower() and "font-awesome" not in page.lower()
    assert "jquery" not in page.lower()


def test_inline_map_without_cluster_does_not_carry_markercluster():
    page = build_map(*frames(), cluster=False).get_root().render()
    assert 'data-asset="leaflet"' in page
    assert "markercluster" not in page.lower()


def test_inline_css_images_are_data_uris():
    css = assets.inline_text(assets.LEAFLET[0])
    assert "url(images/" not in css
    assert css.count('url("data:image/png;base64,') == 3


def test_inline_js_cannot_close_its_script():
    fake = "var s = '</script><!-- x';"
    escaped = re.sub(r"</(script)", r"<\\/\1", fake, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    # the same substitution inline_text applies, checked on the real files too
    assert "</script" not in escaped and "<!--" not in escaped
    for asset in assets.LEAFLET + assets.MARKERCLUSTER:
        if asset.kind == "js":
            assert not re.search("</script", assets.inline_text(asset), re.IGNORECASE)


def test_served_map_links_only_to_the_local_static_folder():
    page = build_map(*frames(), assets="served").get_root().render()
    refs = asset_refs(page)
    assert sorted(kind for kind, _ in refs) == ["link"] * 3 + ["script"] * 2
    for _, url in refs:
        assert url.startswith("/app/static/newsmap/") and not is_remote(url)
    assert 'data-asset="leaflet"' not in page  # nothing inlined but Newsmap's own CSS


def test_served_urls_exist_after_install_static(tmp_path):
    static = assets.install_static(tmp_path)
    m = build_map(*frames(), assets="served")
    urls = [url for _, url in m.default_js + m.default_css]
    assert urls
    for url in urls:
        rel = url.removeprefix(assets.STATIC_URL + "/")
        assert (static / rel).is_file(), url
    assert (static / "leaflet-1.9.3" / "images" / "layers.png").is_file()


def test_install_static_is_idempotent_and_leaves_no_temporary_folders(tmp_path):
    static = assets.install_static(tmp_path)
    js = static / "leaflet-1.9.3" / "leaflet.js"
    stamp = js.stat().st_mtime_ns
    assets.install_static(tmp_path)
    assert js.stat().st_mtime_ns == stamp
    assert sorted(os.listdir(static)) == ["leaflet-1.9.3", "leaflet_markercluster-1.4.1"]


def test_assets_are_set_per_instance_not_on_the_classes():
    build_map(*frames(), assets="served")
    build_map(*frames(), assets="inline")
    assert folium.Map.default_js == FOLIUM_MAP_JS
    assert MarkerCluster.default_js == FOLIUM_CLUSTER_JS
    assert "cdn" in folium.Map().get_root().render()  # a plain folium map is unchanged


def test_switching_mode_replaces_the_previous_one():
    m = build_map(*frames(), assets="served")
    assert len(asset_refs(m.get_root().render())) == 5
    page = assets.use_assets(m, "inline").get_root().render()
    assert asset_refs(page) == []
    page = assets.use_assets(m, "served").get_root().render()
    assert 'data-asset="leaflet"' not in page and len(asset_refs(page)) == 5


def test_unknown_plugin_assets_are_refused():
    m = build_map(*frames())
    Fullscreen().add_to(m)
    with pytest.raises(NewsmapError, match="Fullscreen loads"):
        assets.use_assets(m, "inline")


def test_bad_mode_is_named():
    with pytest.raises(BadInputError, match="'cdn'"):
        build_map(*frames(), assets="cdn")
