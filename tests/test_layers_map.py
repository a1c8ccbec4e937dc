"""The layers and the composed map: read-only inputs, one GeoJson per kind, escaping."""

import re
from html.parser import HTMLParser

import folium
import pandas as pd
import pytest
from folium.utilities import normalize
from geopandas.testing import assert_geodataframe_equal

from geo.errors import BadInputError
from geo.frames import schema
from layers.base import base_map, outlines_file_json
from layers.events import events_feature_layer
from layers.flows import arrow_line, flows_feature_layer, line_width
from layers.frames import checked
from layers.geojson import FeatureLayer
from layers.mapview import build_map, data_bounds
from layers.places import events_by_place, marker_radius, places_feature_layer
from layers.regions import areas_feature_layer

from samples_frames import (
    XSS_IMG,
    XSS_PLACE_NAME,
    XSS_SCRIPT,
    embedded_collections,
    embedded_event_ids,
    embedded_tables,
    empty_frame,
    sample_events,
    sample_flows,
    sample_outlines,
    sample_places,
)


def frames():
    return sample_places(), sample_events(), sample_flows()


def render(m):
    return m.get_root().render()


def walk(element):
    yield element
    for child in element._children.values():
        yield from walk(child)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.scripts = [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def tags_of(page):
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


# --- read-only inputs -------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda p, e, f: places_feature_layer(
            checked(p, "places"), events_by_place(checked(e, "events"))
        ),
        lambda p, e, f: areas_feature_layer(
            checked(p, "places"), events_by_place(checked(e, "events"))
        ),
        lambda p, e, f: events_feature_layer(checked(e, "events")),
        lambda p, e, f: flows_feature_layer(checked(f, "flows")),
        lambda p, e, f: build_map(p, e, f, outlines=sample_outlines()),
        lambda p, e, f: build_map(p, e, f, since="2025-01-01", until="2025-06-30"),
    ],
    ids=["places", "regions", "events", "flows", "map", "map-range"],
)
def test_layers_never_mutate_their_input(build):
    given = frames()
    built = build(*given)
    if not isinstance(built, folium.Map):
        built = folium.Map(tiles=None).add_child(built)
    render(built)
    for before, after in zip(frames(), given, strict=True):
        assert_geodataframe_equal(before, after)
        assert list(after.columns) == list(before.columns)


def test_outlines_are_not_mutated_and_reprojected_copies_are_used():
    outlines = sample_outlines().to_crs(3857)
    before = outlines.copy()
    page = render(base_map(outlines))
    assert_geodataframe_equal(outlines, before)
    coords = [c for d in embedded_collections(page).values() for c in _all_coords(d)]
    assert coords and all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in coords)


def _all_coords(collection):
    def flat(value):
        if isinstance(value[0], int | float):
            yield tuple(value)
        else:
            for v in value:
                yield from flat(v)

    for feat in collection["features"]:
        yield from flat(feat["geometry"]["coordinates"])


# --- one GeoJson per kind ---------------------------------------------------------------


def test_one_geojson_per_kind_and_no_per_point_objects():
    m = build_map(*frames(), outlines=sample_outlines())
    layers = [e for e in walk(m) if isinstance(e, folium.GeoJson)]
    kinds = sorted(layer.kind for layer in layers)
    assert kinds == ["areas", "events", "flows", "outlines", "places"]
    assert not [e for e in walk(m) if isinstance(e, folium.Marker | folium.Popup)]
    page = render(m)
    assert page.count("L.geoJson(null") == 5
    by_kind = {layer.kind: len(layer.data["features"]) for layer in layers}
    assert by_kind["events"] == len(sample_events())
    assert by_kind["places"] == len(sample_places())
    assert by_kind["areas"] == 4  # region, country, macro-region polygons and the border line
    assert by_kind["flows"] == len(sample_flows())


def test_events_cluster_when_co_located_or_forced():
    events = sample_events()
    clustered = events_feature_layer(checked(events, "events"))
    assert isinstance(clustered, folium.plugins.MarkerCluster)
    (inner,) = clustered._children.values()
    assert isinstance(inner, FeatureLayer) and inner.kind == "events" and not inner.control
    assert isinstance(events_feature_layer(checked(events, "events"), cluster=False), FeatureLayer)
    one = events.iloc[[0]]
    assert isinstance(events_feature_layer(checked(one, "events")), FeatureLayer)


def test_tiles_none_with_cluster_sets_max_zoom():
    m = build_map(*frames(), cluster=True)
    assert "maxZoom" in normalize(render(m)).split("L.map(")[1].split(");")[0]


# --- style -----------------------------------------------------------------------------


def test_places_radius_by_mentions_and_precision_style():
    layer = places_feature_layer(checked(sample_places(), "places"), {})
    props = {f["properties"]["place_id"]: f["properties"] for f in layer.data["features"]}
    assert props["gn:538560"]["radius"] == marker_radius(9) > props["gn:544906"]["radius"]
    assert props["curated:novaya-sorochina"]["uncertainty_m"] == 5000
    assert props["gn:544906"]["uncertainty_m"] is None
    assert props["ne1:538555"]["precision"] == "region"
    page = normalize(render(folium.Map(tiles=None).add_child(layer)))
    assert "L.circle(latlng" in page and "L.featureGroup([circle,marker])" in page


def test_regions_layer_holds_areas_and_borders_only():
    layer = areas_feature_layer(checked(sample_places(), "places"), {})
    types = {f["properties"]["place_id"]: f["geometry"]["type"] for f in layer.data["features"]}
    assert types == {
        "ne1:538555": "Polygon",
        "country:RU": "Polygon",
        "macro:eastern-europe": "Polygon",
        "border:RU-UA": "LineString",
    }


def test_flows_width_by_quantity_label_and_arrow():
    layer = flows_feature_layer(checked(sample_flows(), "flows"))
    first, second = (f["properties"] for f in layer.data["features"])
    assert first["label"] == "~10,000" and first["width"] == line_width(10000, 10000) == 10.0
    assert second["width"] == 2.0 and second["status"] == "expected"
    assert second["label"] == "construction brigades <script>x()</script>"  # text, not HTML
    page = render(folium.Map(tiles=None).add_child(layer))
    assert "construction brigades \\u003cscript\\u003ex()" in page and "<script>x()" not in page
    geometry = layer.data["features"][0]["geometry"]
    assert geometry["type"] == "MultiLineString" and len(geometry["coordinates"]) == 3
    # both arrowhead strokes end at the destination
    dest = geometry["coordinates"][0][-1]
    assert all(stroke[-1] == dest for stroke in geometry["coordinates"][1:])


def test_arrowhead_points_back_along_the_line():
    line, left, right = arrow_line([(10.0, 0.0), (0.0, 0.0)])
    assert left[0][0] > 0 and right[0][0] > 0  # tails lie towards the origin (east)
    assert left[0][1] == pytest.approx(-right[0][1])


def test_event_features_carry_iso_dates_and_types():
    layer = events_feature_layer(checked(sample_events(), "events"), cluster=False)
    props = {
        f["properties"]["event_id"].split(":")[1]: f["properties"] for f in layer.data["features"]
    }
    assert (props["e3"]["start"], props["e3"]["end"]) == ("2025-09-01", "")
    assert (props["e4"]["start"], props["e4"]["end"]) == ("", "")
    assert props["e5"]["event_type"] == "diplomatic"


def test_legend_lists_the_event_types_on_the_map():
    page = render(build_map(*frames()))
    legend = re.search(r'div\.innerHTML = (".*?");', page).group(1)
    present = set(sample_events()["event_type"])
    for key in schema.EVENT_TYPES:
        assert (f'data-event-type=\\"{key}\\"' in legend) == (key in present), key


# --- escaping in the whole page ---------------------------------------------------------


def test_page_has_no_injected_markup():
    page = render(build_map(*frames(), outlines=sample_outlines()))
    for raw in (XSS_SCRIPT, XSS_IMG, XSS_PLACE_NAME, "<i>sources</i>", "<script>x()"):
        assert raw not in page
    parsed = tags_of(page)
    assert "img" not in parsed.tags
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    # every script the parser saw is one folium/Newsmap wrote: none starts inside an article
    assert all("alert(1)</" not in script for script in parsed.scripts)
    assert page.count("<script") == page.count("</script>")


def test_page_carries_article_text_as_data_not_html():
    page = render(build_map(*frames()))
    strings = [
        value
        for _, tables in embedded_tables(page).values()
        for key in ("sentences", "names", "attributions")
        for value in tables.get(key, [])
    ] + [
        value
        for data in embedded_collections(page).values()
        for props in (f["properties"] for f in data["features"])
        for value in props.values()
        if isinstance(value, str)
    ]
    # the raw strings travel as JSON data; the browser puts them in text nodes
    assert XSS_SCRIPT in " ".join(strings) and XSS_PLACE_NAME in strings
    assert not [s for s in strings if "&lt;" in s or "<mark>" in s or "<a " in s]
    for data in embedded_collections(page).values():
        for f in data["features"]:
            assert not {"popup", "tooltip"} & set(f["properties"])
    builders = sorted(builder for builder, _ in embedded_tables(page).values())
    assert builders == ["events", "flows", "places", "places"]
    assert page.index("var NewsmapPopups") < page.index("NewsmapPopups.events(")


def test_closing_script_tag_in_raw_properties_is_written_as_unicode_escape():
    # raw values such as date_label and name sit inside <script>: they are written with
    # < > & as \u003c etc., so they cannot end the script
    events, places = sample_events(), sample_places()
    events.loc[5, "date_label"] = "</script><script>alert(9)</script>"
    places.loc[0, "name"] = "</SCRIPT><!--"
    page = render(build_map(places, events, sample_flows()))
    data_lines = [line for line in page.splitlines() if ".addData(" in line or "Popups." in line]
    assert any("\\u003c/script\\u003e\\u003cscript\\u003ealert(9)" in line for line in data_lines)
    assert any("\\u003c/SCRIPT\\u003e\\u003c!--" in line for line in data_lines)
    assert "alert(9)</script>" not in page and "</SCRIPT>" not in page
    assert page.count("<script") == page.count("</script>")


@pytest.mark.parametrize(
    "text",
    [
        "Kursk {{ 7*7 }} said",
        "Kursk {% raw %} said",
        "Kursk {{ cycler.__init__ }} said",
        "{#",
        "Kursk {{'map_div'}} said",  # streamlit-folium rewrites {{'name'}} in scripts
    ],
)
def test_article_text_is_never_a_template(text):
    # branca compiles each rendered macro as a Jinja template; Newsmap's elements do not
    # (layers.raw), so braces in an article stay braces and reach no Python object
    events, places = sample_events(), sample_places()
    events["sentence"] = events["sentence"].astype(object)
    events.loc[0, "sentence"] = text
    events.loc[0, ["place_start", "place_end"]] = -1
    places.loc[0, "name"] = text
    page = render(build_map(places, events, sample_flows(), outlines=sample_outlines()))
    (events_tables,) = [t for b, t in embedded_tables(page).values() if b == "events"]
    assert text in events_tables["sentences"]
    names = [
        f["properties"]["name"]
        for data in embedded_collections(page).values()
        for f in data["features"]
        if "radius" in f["properties"]
    ]
    assert text in names
    assert "{{'" not in page  # written as {{\u0027, which nothing rewrites


def test_outlines_from_a_file_are_built_once_and_reused(tmp_path):
    path = tmp_path / "countries.geojson"
    sample_outlines().to_file(path, driver="GeoJSON")
    first = outlines_file_json(path, tolerance=0.5)
    assert outlines_file_json(str(path), tolerance=0.5) is first  # cached per process
    pages = [render(base_map(path, outline_tolerance=0.5)) for _ in range(2)]
    for page in pages:
        (outlines,) = [d for d in embedded_collections(page).values() if d["features"]]
        assert [f["properties"]["name"] for f in outlines["features"]] == ["Russia", "Ukraine"]
    assert outlines_file_json(path, tolerance=0.0) is not first  # another tolerance
    frame = sample_outlines()
    frame["name"] = ["Rossiya", "Ukraine"]
    frame.to_file(path, driver="GeoJSON")  # an edited file is read again
    assert '"Rossiya"' in outlines_file_json(path, tolerance=0.5)
    with pytest.raises(BadInputError, match="cannot read the outlines file"):
        outlines_file_json(tmp_path / "missing.parquet")


# --- filtering and bounds ---------------------------------------------------------------


def test_map_holds_exactly_the_events_of_the_range():
    page = render(build_map(*frames(), since="2025-01-01", until="2025-06-30"))
    ids = sorted(i.split(":")[1] for i in embedded_event_ids(page))
    # e2 (Aug 2024-Apr 2025), e5 (17 Jun 2025), e8 (spring 2025); undated ones dropped
    assert ids == ["e2", "e5", "e8"]


def test_undated_kept_without_range_or_when_asked():
    assert len(embedded_event_ids(render(build_map(*frames())))) == 8
    page = render(build_map(*frames(), since="2025-10-01", include_undated=True))
    ids = sorted(i.split(":")[1] for i in embedded_event_ids(page))
    assert ids == ["e3", "e4", "e6", "e7"]


def test_places_with_events_only_out_of_range_are_dropped():
    page = render(build_map(*frames(), since="2025-06-01", until="2025-06-30"))
    places = [
        f["properties"]["place_id"]
        for d in embedded_collections(page).values()
        for f in d["features"]
        if "radius" in f["properties"]
    ]
    assert "gn:1871859" in places  # Pyongyang: e5 on 17 June
    assert "gn:544906" not in places  # Korenevo: events only outside June 2025
    assert "border:RU-UA" in places  # never an event location: kept


def test_bounds_fit_the_data():
    south, west, north, east = data_bounds(*frames())
    assert (west, east) == (pytest.approx(14.0), pytest.approx(180.0))
    page = normalize(render(build_map(*frames(), bounds=(51.0, 34.0, 52.0, 37.0))))
    assert "fitBounds([[51.0,34.0],[52.0,37.0]]" in page


def test_empty_frames_give_a_working_world_map():
    m = build_map(
        empty_frame(schema.PLACE_COLUMNS),
        empty_frame(schema.EVENT_COLUMNS),
        empty_frame(schema.FLOW_COLUMNS),
    )
    page = render(m)
    assert page.count("L.geoJson(null") == 4 and embedded_event_ids(page) == []


# --- validation at the edge -------------------------------------------------------------


def test_missing_columns_are_named():
    events = sample_events().drop(columns=["date_label", "sentence"])
    with pytest.raises(
        BadInputError, match=r"events frame: missing columns \['date_label', 'sentence'\]"
    ):
        events_feature_layer(checked(events, "events"))


def test_bad_event_type_is_named_with_its_row():
    events = sample_events()
    events.loc[2, "event_type"] = "invasion"
    with pytest.raises(
        BadInputError, match=r"row 2 \(event_id 'north-korea-troops-russia:e3'\).*'invasion'"
    ):
        events_feature_layer(checked(events, "events"))


@pytest.mark.parametrize("bad", ["2025-13-01", "31/10/2025", "late October", 20251031])
def test_bad_dates_are_named(bad):
    events = sample_events()
    events["start"] = events["start"].astype(object)
    events.loc[0, "start"] = bad
    with pytest.raises(BadInputError, match=re.escape(repr(bad))):
        events_feature_layer(checked(events, "events"))


def test_start_after_end_is_an_error():
    flows = sample_flows()
    flows.loc[0, "start"] = "2025-01-01"
    with pytest.raises(BadInputError, match="is after end"):
        flows_feature_layer(checked(flows, "flows"))


def test_not_a_geodataframe_and_no_crs_are_errors():
    with pytest.raises(BadInputError, match="expected a GeoDataFrame, got DataFrame"):
        places_feature_layer(checked(pd.DataFrame(sample_places()), "places"), {})
    with pytest.raises(BadInputError, match="has no CRS"):
        places_feature_layer(
            checked(sample_places().set_crs(None, allow_override=True), "places"), {}
        )


def test_other_crs_is_reprojected_without_touching_the_input():
    places = sample_places().to_crs(3857)
    before = places.copy()
    layer = places_feature_layer(checked(places, "places"), {})
    assert_geodataframe_equal(places, before)
    xy = {f["properties"]["place_id"]: f["geometry"]["coordinates"] for f in layer.data["features"]}
    assert xy["gn:544906"] == pytest.approx([34.90008, 51.41065])


def test_labels_of_movements_on_one_line_are_stacked():
    flows = sample_flows()
    flows = flows.iloc[[0, 0, 0]].reset_index(drop=True)
    flows["flow_id"] = ["f1", "f2", "f3"]
    layer = flows_feature_layer(checked(flows, "flows"))
    slots = [f["properties"]["label_slot"] for f in layer.data["features"]]
    assert slots == [0, 1, 2]
