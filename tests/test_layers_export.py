"""The self-contained HTML export, its date control and the ``python -m layers`` command."""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from folium.plugins import Fullscreen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import BadInputError, NewsmapError
from layers.__main__ import main
from layers.dates import filter_events, iso
from layers.export import asset_refs, export_html, is_remote
from layers.mapview import build_map

from samples_frames import (
    XSS_IMG,
    XSS_SCRIPT,
    embedded_collections,
    embedded_event_ids,
    sample_events,
    sample_flows,
    sample_outlines,
    sample_places,
)

ROOT = Path(__file__).resolve().parent.parent


def frames():
    return sample_places(), sample_events(), sample_flows()


class DateControl(HTMLParser):
    """Reads the date control's div and inputs from a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.div, self.inputs = None, {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "div" and "newsmap-date-filter" in (values.get("class") or ""):
            self.div = values
        if tag == "input" and values.get("name") in ("since", "until", "undated"):
            self.inputs[values["name"]] = values


def date_control(page):
    parser = DateControl()
    parser.feed(page)
    return parser


def test_export_writes_one_self_contained_file(tmp_path):
    path = export_html(frames(), tmp_path / "map.html", outlines=sample_outlines())
    page = path.read_text(encoding="utf-8")
    assert asset_refs(page) == []  # no <script src>, no <link href> at all
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert 'data-asset="leaflet"' in page and "Leaflet 1.9.3" in page
    assert "<title>Newsmap</title>" in page
    assert sorted(os.listdir(tmp_path)) == ["map.html"]  # no temporary file left


def test_export_escapes_the_xss_samples(tmp_path):
    page = export_html(frames(), tmp_path / "map.html").read_text(encoding="utf-8")
    assert XSS_SCRIPT not in page and XSS_IMG not in page
    assert "alert(1)</script>" not in page
    assert page.count("<script") == page.count("</script>")


def test_export_holds_exactly_the_filtered_events(tmp_path):
    since, until = "2024-11-15", "2025-03-31"
    page = export_html(frames(), tmp_path / "m.html", since=since, until=until).read_text()
    expected = filter_events(sample_events(), since=since, until=until)["event_id"]
    assert sorted(embedded_event_ids(page)) == sorted(expected)
    assert len(expected) == 3  # e1 (Nov 2024), e2 (Aug 2024 - Apr 2025), e8 (spring 2025)


def test_date_control_attributes_and_inputs(tmp_path):
    page = export_html(frames(), tmp_path / "m.html", since="2025-01-01").read_text()
    control = date_control(page)
    kept = filter_events(sample_events(), since="2025-01-01")
    assert control.div["data-total"] == str(len(kept))
    assert control.div["data-since"] == "2025-01-01" and control.div["data-until"] == ""
    starts = sorted(s for s in kept["start"] if isinstance(s, str))
    ends = sorted(e for e in kept["end"] if isinstance(e, str))
    assert control.div["data-min"] == starts[0] and control.div["data-max"] == ends[-1]
    assert control.inputs["since"]["type"] == "text"
    assert control.inputs["since"]["placeholder"] == "YYYY-MM-DD"
    assert control.inputs["since"]["value"] == "2025-01-01"
    assert control.inputs["until"]["value"] == ""
    assert "checked" not in control.inputs["undated"]  # a range is set: undated start hidden
    assert f"{len(kept)} of {len(kept)} events shown" in page


def test_undated_box_is_ticked_only_when_undated_events_were_asked_for(tmp_path):
    # the app's rule everywhere: undated events show while no range is set; with a range
    # only when asked for. Unticked, the page's filter hides them once a range is chosen.
    page = export_html(frames(), tmp_path / "m.html").read_text()
    control = date_control(page)
    assert "checked" not in control.inputs["undated"]
    assert control.div["data-total"] == str(len(sample_events()))  # undated ones included
    page = export_html(
        frames(), tmp_path / "m.html", since="2025-01-01", include_undated=True
    ).read_text()
    control = date_control(page)
    assert "checked" in control.inputs["undated"]
    kept = filter_events(sample_events(), since="2025-01-01", include_undated=True)
    assert sorted(embedded_event_ids(page)) == sorted(kept["event_id"])
    assert kept["start"].isna().any()


def test_date_control_script_targets_the_events_layer(tmp_path):
    page = export_html(frames(), tmp_path / "m.html", cluster=False).read_text()
    group = re.search(r"var group = (\w+);", page).group(1)
    holder = re.search(r"var holder = (\w+);", page).group(1)
    assert group == holder and group.startswith("geo_json_")
    page = export_html(frames(), tmp_path / "m.html", cluster=True).read_text()
    holder = re.search(r"var holder = (\w+);", page).group(1)
    assert holder.startswith("marker_cluster_")


def test_exporting_a_served_map_inlines_its_assets_and_keeps_its_range(tmp_path):
    m = build_map(*frames(), assets="served", since="2025-06-01")
    m.get_root().render()  # as the app would, before exporting
    page = export_html(m, tmp_path / "m.html").read_text()
    assert asset_refs(page) == []
    assert date_control(page).div["data-since"] == "2025-06-01"


def test_export_accepts_an_object_with_frames(tmp_path):
    corpus = SimpleNamespace(places=sample_places(), events=sample_events(), flows=sample_flows())
    page = export_html(corpus, tmp_path / "m.html").read_text()
    assert len(embedded_event_ids(page)) == len(sample_events())


def test_failed_export_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "m.html"
    target.write_text("old")
    m = build_map(*frames())
    Fullscreen().add_to(m)  # would load from a CDN
    with pytest.raises(NewsmapError):
        export_html(m, target)
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["m.html"]


def test_bad_sources_and_options_are_named(tmp_path):
    with pytest.raises(BadInputError, match="got int"):
        export_html(3, tmp_path / "m.html")
    with pytest.raises(BadInputError, match="not to a built map"):
        export_html(build_map(*frames()), tmp_path / "m.html", since="2025-01-01")
    with pytest.raises(BadInputError, match="does not exist"):
        export_html(frames(), tmp_path / "missing" / "m.html")


@pytest.mark.parametrize(
    "url,remote",
    [
        ("https://cdn.jsdelivr.net/x.js", True),
        ("//cdn/x.js", True),
        ("HTTP://x/y.css", True),
        ("/app/static/newsmap/leaflet-1.9.3/leaflet.js", False),
        ("leaflet.js", False),
        ("data:text/css;base64,AA==", False),
    ],
)
def test_is_remote(url, remote):
    assert is_remote(url) is remote


# --- Hypothesis: the export drops nothing the filter kept -------------------------------

DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 31))
SPANS = st.lists(st.tuples(st.none() | DAYS, st.none() | DAYS), min_size=0, max_size=10)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(SPANS, st.none() | DAYS, st.none() | DAYS, st.sampled_from([None, True, False]))
def test_export_keeps_exactly_what_the_filter_keeps(tmp_path, pairs, since, until, undated):
    if since and until and since > until:
        since, until = until, since
    pairs = [(min(p), max(p)) if None not in p else p for p in pairs]
    events = sample_events().iloc[[i % 8 for i in range(len(pairs))]].reset_index(drop=True)
    events["event_id"] = [f"x:e{i}" for i in range(len(pairs))]
    events["start"] = [iso(s) or None for s, _ in pairs]
    events["end"] = [iso(e) or None for _, e in pairs]
    kept = filter_events(events, since=since, until=until, include_undated=undated)
    path = export_html(
        (sample_places(), events, sample_flows()),
        tmp_path / "p.html",
        since=since,
        until=until,
        include_undated=undated,
    )
    page = path.read_text(encoding="utf-8")
    assert sorted(embedded_event_ids(page)) == sorted(kept["event_id"])
    assert date_control(page).div["data-total"] == str(len(kept))


# --- the command --------------------------------------------------------------------------


def write_geojson(tmp_path):
    paths = {}
    for name, frame in zip(("places", "events", "flows"), frames(), strict=True):
        paths[name] = tmp_path / f"{name}.geojson"
        frame.to_file(paths[name], driver="GeoJSON")
    return paths


def test_cli_exports_geojson_files(tmp_path, capsys):
    paths = write_geojson(tmp_path)
    out = tmp_path / "map.html"
    code = main(
        [
            "export",
            "--places", str(paths["places"]),
            "--events", str(paths["events"]),
            "--flows", str(paths["flows"]),
            "--since", "2025-01-01",
            "-o", str(out),
        ]
    )  # fmt: skip
    assert code == 0 and f"wrote {out}" in capsys.readouterr().out
    page = out.read_text()
    expected = filter_events(sample_events(), since="2025-01-01")["event_id"]
    assert sorted(embedded_event_ids(page)) == sorted(expected)
    assert asset_refs(page) == []


def test_cli_reports_bad_input_in_one_line(tmp_path, capsys):
    bad = tmp_path / "events.geojson"
    bad.write_text("not json")
    code = main(["export", "--events", str(bad), "-o", str(tmp_path / "m.html")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith(f"error: {bad}: cannot read the events file")
    code = main(["export", "--events", str(bad), "--since", "2025-99-01", "-o", "x.html"])
    assert code == 1


def test_cli_runs_as_a_module(tmp_path):
    paths = write_geojson(tmp_path)
    out = tmp_path / "map.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "layers",
            "export",
            "--events",
            str(paths["events"]),
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(embedded_event_ids(out.read_text())) == len(sample_events())


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "is empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 64, "binary"),
    ],
)
def test_cli_with_nothing_to_map_exits_1_with_the_reason(tmp_path, capsys, name, data, reason):
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "map.html"
    code = main(["export", "--input", str(source), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: {source}: nothing to map") and reason in err
    assert not out.exists()


def test_cli_refuses_an_inverted_range_before_reading(tmp_path, capsys):
    code = main(
        ["export", "--input", str(tmp_path / "absent"), "--since", "2025-02-01",
         "--until", "2025-01-01", "-o", str(tmp_path / "m.html")]
    )  # fmt: skip
    assert code == 1
    assert "since 2025-02-01 is after until 2025-01-01" in capsys.readouterr().err


def test_title_is_text_in_the_page(tmp_path):
    title = "</title><script>alert(1)</script>"
    page = export_html(frames(), tmp_path / "m.html", title=title).read_text()
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "alert(1)</script>" not in page


def test_page_credits_geonames_and_natural_earth(tmp_path):
    page = export_html(frames(), tmp_path / "m.html").read_text()
    (credits,) = re.findall(r"attributionControl\.addAttribution\((.+?)\);", page, re.S)
    credits = json.loads(credits)
    assert "GeoNames</a> (CC BY 4.0)" in credits and "Natural Earth</a>" in credits


def test_cli_applies_the_apps_corrections(tmp_path, capsys):
    from geo.library.corrections import Correction, corrections_text

    paths = write_geojson(tmp_path)
    fixes = tmp_path / "corrections.jsonl"
    fixes.write_text(corrections_text((Correction("not_a_place", "gn:544906"),)))
    out = tmp_path / "map.html"
    code = main(
        ["export", "--places", str(paths["places"]), "--events", str(paths["events"]),
         "--corrections", str(fixes), "-o", str(out)]
    )  # fmt: skip
    assert code == 0
    page = out.read_text()
    places = [f for c in embedded_collections(page).values() for f in c["features"]]
    assert "gn:544906" not in {f["properties"].get("place_id") for f in places if
                               "precision" in f["properties"]}  # fmt: skip
