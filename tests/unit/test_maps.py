"""Figure builders of the Wilayah page: what the map draws, offline settings, clicks."""

import datetime as dt
import json

import pandas as pd
import pytest

from dashboard import boundaries as bd
from dashboard import map_labels, maps, readiness, reference
from dashboard.charts import ChartStyle
from dashboard.charts.style import TRACE_TYPES

STYLE = ChartStyle()


def frame(election="pilkada-2020", statuses=readiness.LEVELS) -> pd.DataFrame:
    """The readiness frame of every region of an election, levels assigned round-robin."""
    refs = reference.regions()
    rows = []
    for i, r in enumerate(reference.election_regions(election)):
        reg = refs[r.region_code]
        status = statuses[i % len(statuses)]
        rows.append(dict(
            code=r.region_code, name=reg.name, level=reg.level, contest=r.contest, province_code=r.province_code,
            province_name=r.province_name, lat=reg.lat, lon=reg.lon, events=i % 7,
            meetings=0 if status == "none" else 2, last_meeting=None if status == "none" else dt.date(2020, 11, 1),
            last_event=dt.date(2020, 11, 2), window_events=0 if status in ("none", "stale") else 1,
            **{c: (1 if status == "ready" else 0) for c in readiness.BODY_COLUMNS.values()},
        ))
    return readiness.build(pd.DataFrame(rows), dt.date(2020, 12, 9))


def geo_traces(fig, kind):
    return [t for t in fig.data if t.type == kind]


def n_points(fig, names_exclude=("labels",)):
    """Marks drawn (legend-only entries carry no data and no clicks)."""
    return sum(len(t.lon) for t in geo_traces(fig, "scattergeo")
               if t.name not in names_exclude and t.mode != "text" and t.customdata is not None)


def test_national_point_map_draws_every_region_once():
    df = frame()
    fig = maps.region_map(df, STYLE)
    assert n_points(fig) == 270
    gov = [t for t in fig.data if t.marker.symbol == "diamond"]
    assert len(gov) == 1 and len(gov[0].lon) == 9
    codes = [cd[0] for t in geo_traces(fig, "scattergeo") for cd in (t.customdata or [])]
    assert sorted(codes) == sorted(df["code"])
    # a kab/kota opens its page, a governor province drills down
    assert {cd[1] for cd in gov[0].customdata} == {"province"}
    assert {cd[1] for t in fig.data if t.marker.symbol != "diamond" for cd in (t.customdata or [])} == {"region"}
    # legend counts add up to the regions of each status, diamonds included, and every
    # colour on the map has a legend entry
    shown = [t for t in fig.data if t.showlegend is not False]
    names = " ".join(t.name for t in shown)
    counts = readiness.status_counts(df)
    assert f"Lengkap ({counts['ready']})" in names and "Provinsi, pemilihan gubernur (9)" in names
    status_entries = [t for t in shown if t.legendgroup in readiness.LEVELS]
    assert sum(int(t.name.rsplit("(", 1)[1].rstrip(")")) for t in status_entries) == 270
    legend_colors = {t.marker.color for t in status_entries}
    drawn = {c for t in fig.data if t.customdata is not None
             for c in (t.marker.color if isinstance(t.marker.color, (list, tuple)) else [t.marker.color])}
    assert drawn <= legend_colors


def test_the_map_is_offline_safe_and_fixed_on_indonesia():
    fig = maps.region_map(frame(), STYLE)
    geo = fig.layout.geo
    assert geo.scope == "asia" and geo.resolution == 50  # asia_50m.json is served from static/topojson
    assert list(geo.lonaxis.range) == [maps.INDONESIA[0], maps.INDONESIA[2]]
    assert all(t.type in ("scattergeo", "choropleth") for t in fig.data)  # no tiles, no mapbox/maplibre
    spec = fig.to_json()
    assert "mapbox" not in spec and "open-street-map" not in spec and "http" not in spec


def test_pilkada_2024_has_545_regions():
    fig = maps.region_map(frame("pilkada-2024"), STYLE)
    assert n_points(fig) == 545
    assert len([t for t in fig.data if t.marker.symbol == "diamond"][0].lon) == 37


def test_province_view_fits_the_province_and_labels_regions():
    df = frame()
    sub = df[df["province_code"] == "13"]
    fig = maps.region_map(sub, STYLE, national=False, labels=True)
    lon = fig.layout.geo.lonaxis.range
    assert lon[0] < sub["lon"].min() and lon[1] > sub["lon"].max() and lon[1] - lon[0] < 6
    labels = next(t for t in fig.data if t.name == "labels")
    assert "Solok" in labels.text and "Kota Bukittinggi" in labels.text  # kabupaten short, kota whole
    # Kota Solok lies under the province's diamond and its neighbours: its name is left to the hover
    assert labels.text[list(sub["name"]).index("Kota Solok") - 1] == ""
    gov = [t for t in fig.data if t.marker.symbol == "diamond"][0]
    assert {cd[1] for cd in gov.customdata} == {"region"}  # inside the province a click opens its page


def test_choropleth_with_kabkota_polygons():
    df = frame()
    kab = df[df["level"] != "provinsi"]
    feats = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": c, "properties": {}, "geometry": bd.rewind({"type": "Polygon", "coordinates": [[
            [lon - .05, lat - .05], [lon + .05, lat - .05], [lon + .05, lat + .05], [lon - .05, lat + .05],
            [lon - .05, lat - .05]]]})} for c, lat, lon in zip(kab["code"], kab["lat"], kab["lon"])]}
    fig = maps.region_map(df, STYLE, geojson=feats, geo_mode="kabkota")
    chor = geo_traces(fig, "choropleth")
    assert sum(len(t.locations) for t in chor) == 261
    assert all(t.geojson is not None for t in chor)
    assert n_points(fig) == 9  # only the governor diamonds stay points
    assert {cd[1] for t in chor for cd in t.customdata} == {"region"}
    assert {t.type for t in fig.data} <= set(TRACE_TYPES)  # the slim template keeps their defaults


def test_province_polygons_underneath():
    df = frame()
    provs = pd.DataFrame({"code": ["13", "12"], "name": ["Sumatera Barat", "Sumatera Utara"]})
    feats = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": c, "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
            [95, -1], [95, 4], [101, 4], [101, -1], [95, -1]]]}} for c in ("13", "12")]}
    fig = maps.region_map(df, STYLE, geojson=feats, geo_mode="province", provinces=provs)
    chor = geo_traces(fig, "choropleth")
    assert chor[0].locations == ("12",)  # grey context province, drawn first
    assert any("13" in t.locations for t in chor[1:])  # the governor race filled by its level
    assert n_points(fig) == 270


def test_events_colouring():
    df = frame()
    fig = maps.region_map(df, STYLE, metric="events")
    some = [t for t in fig.data if t.marker.colorbar and t.marker.colorbar.title.text]
    assert some and max(some[0].marker.color) == df[df["level"] != "provinsi"]["events"].max()
    assert n_points(fig) == 270


def test_hover_text_comes_from_reference_data_only():
    df = frame().head(3).copy()
    fig = maps.region_map(df, ChartStyle(lang="en"))
    text = " ".join(h for t in fig.data for h in (t.hovertext or ()))
    assert df.iloc[0]["name"] in text and "Readiness" in text and ("✓" in text or "✗" in text)
    assert "Sumatera Utara · Regent race" in text


def test_present_and_dark_styles():
    fig = maps.region_map(frame(), ChartStyle(present=True, theme="dark"))
    assert fig.layout.geo.bgcolor == "#111418" and fig.layout.legend.font.size >= 20
    normal = maps.region_map(frame(), STYLE)
    assert max(t.marker.size for t in fig.data if t.marker.symbol == "circle") > max(
        t.marker.size for t in normal.data if t.marker.symbol == "circle")


def test_empty_frame_gives_a_message():
    fig = maps.region_map(frame().iloc[0:0], STYLE)
    assert fig.layout.annotations and "Tidak ada wilayah" in fig.layout.annotations[0].text


@pytest.mark.parametrize(
    "points,want",
    [
        ([{"customdata": ["13.02", "region"], "point_index": 3}], ("13.02", "region")),
        ([{"customdata": ["13", "province"]}], ("13", "province")),
        ([{"customdata": ["12", "none"]}], None),
        ([{"lat": 1, "lon": 2}], None),
        ([{"customdata": "13.02"}], None),
        ([], None),
        (None, None),
    ],
)
def test_selected_region(points, want):
    assert maps.selected_region(points) == want


def test_view_ranges():
    lon, lat = maps.view_ranges((100.0, -1.0, 100.2, -0.9), national=False)
    assert lon[1] - lon[0] >= maps.MIN_SPAN_DEGREES and lat[0] < -1.0 and lat[1] > -0.9
    assert maps.view_ranges((0, 0, 1, 1), national=True)[0] == [maps.INDONESIA[0], maps.INDONESIA[2]]


def test_region_timeline():
    events = pd.DataFrame({
        "event_date": [dt.date(2020, 3, 1), dt.date(2020, 11, 20), None],
        "activity": ["rakor", "sosialisasi", "rakor"],
        "agencies": ["KPU, Polri", "Bawaslu", ""],
    })
    stages = pd.DataFrame({
        "stage": ["Kampanye", "Pemungutan suara"],
        "start": pd.to_datetime(["2020-09-26", "2020-12-09"]),
        "end": pd.to_datetime(["2020-12-05", "2020-12-09"]),
    })
    fig = maps.region_timeline(events, stages, dt.date(2020, 12, 9), STYLE, ref=dt.date(2020, 12, 9))
    dots = [t for t in fig.data if t.type == "scatter"]
    assert sum(len(t.x) for t in dots) == 2  # the undated event is left out
    assert len([t for t in fig.data if t.type == "bar"]) == 2
    assert any("Hari pemungutan suara" in a.text for a in fig.layout.annotations)
    empty = maps.region_timeline(events.iloc[0:0], stages.iloc[0:0], None, STYLE)
    assert empty.layout.annotations and json.dumps(empty.to_plotly_json(), default=str)


def test_governor_diamonds_do_not_cover_a_regency_point():
    df = frame()
    gov, kab = df[df["level"] == "provinsi"], df[df["level"] != "provinsi"]
    lons, lats = map_labels.governor_positions(gov, kab, 0.8)
    for x, y in zip(lons, lats):
        assert min(((x - a) ** 2 + (y - b) ** 2) ** 0.5 for a, b in zip(kab["lon"], kab["lat"])) >= 0.5
    moved = sum(1 for x, y, (_, r) in zip(lons, lats, gov.iterrows()) if (x, y) != (r["lon"], r["lat"]))
    assert 0 < moved < len(gov)
    assert map_labels.governor_positions(gov, kab, 0.0) == (list(gov["lon"]), list(gov["lat"]))


def test_label_positions_avoid_the_diamond_below():
    assert map_labels.label_positions([113.4, 115.4, 130.0], [-1.6, -3.0, 0.0]) == ["top center", "bottom center",
                                                                               "bottom center"]


def test_many_governor_races_are_not_named_at_national_zoom():
    gov = lambda fig: [t for t in fig.data if t.marker.symbol == "diamond"][0]  # noqa: E731
    assert gov(maps.region_map(frame(), STYLE)).text  # 9 races: named
    f2024 = maps.region_map(frame("pilkada-2024"), STYLE)
    assert not gov(f2024).text and gov(f2024).marker.size < gov(maps.region_map(frame(), STYLE)).marker.size
    assert gov(maps.region_map(frame("pilkada-2024"), STYLE, labels=True)).text


def _boxes_overlap(positions, lons, lats, texts, scale, font_px=15.0):
    """Rough screen boxes of the labels, as place_labels estimates them."""
    boxes = []
    for p, x, y, t in zip(positions, lons, lats, texts):
        x, y, w, h, g = x * scale, y * scale, 0.52 * font_px * len(t), 1.15 * font_px, 9
        boxes.append({
            "top center": (x - w / 2, y + g, x + w / 2, y + g + h),
            "bottom center": (x - w / 2, y - g - h, x + w / 2, y - g),
            "middle right": (x + g, y - h / 2, x + g + w, y + h / 2),
            "middle left": (x - g - w, y - h / 2, x - g, y + h / 2),
        }[p])
    return any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
               for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_place_labels_moves_a_name_that_would_overprint_its_neighbour():
    # Agam and Kota Bukittinggi lie 0.1 degree apart: both above would overprint
    lons, lats, texts = [100.17, 100.37, 100.6], [-0.25, -0.30, -1.5], ["Agam", "Kota Bukittinggi", "Solok"]
    rng = dict(lon_range=[98.0, 102.5], lat_range=[-3.0, 0.6])
    pos = map_labels.place_labels(lons, lats, texts, font_px=15, plot_px=(900, 480), **rng)
    scale = min(900 / 4.5, 480 / 3.6)
    naive = ["top center"] * 3
    assert _boxes_overlap(naive, lons, lats, texts, scale), "the case must be crowded to test anything"
    assert not _boxes_overlap(pos, lons, lats, texts, scale)
    assert pos[2] == "top center", "a lone point keeps its name above"


def test_place_labels_is_independent_of_input_order():
    lons, lats, texts = [100.17, 100.37, 100.4], [-0.25, -0.30, -0.5], ["Agam", "Kota Bukittinggi", "Tanah Datar"]
    rng = dict(lon_range=[98.0, 102.5], lat_range=[-3.0, 0.6], font_px=15)
    a = map_labels.place_labels(lons, lats, texts, **rng)
    b = map_labels.place_labels(lons[::-1], lats[::-1], texts[::-1], **rng)
    assert a == b[::-1]


def _province_13_map(rows):
    """The labelled province map of ``rows``: (code, name, level, contest, lat, lon)."""
    import pandas as pd

    from dashboard.charts import ChartStyle

    code, name, level, contest, lat, lon = (list(c) for c in zip(*rows))
    n = len(rows)
    df = pd.DataFrame({
        "code": code, "name": name, "level": level, "contest": contest, "province_code": ["13"] * n,
        "province_name": ["Sumatera Barat"] * n, "lat": lat, "lon": lon, "status": ["none"] * n,
        "events": [0] * n, "meetings": [0] * n,
    })
    return maps.region_map(df, ChartStyle(), national=False, labels=True)


def test_province_map_labels_do_not_overprint():
    """The drawn figure carries the placed positions, not one position for all."""
    fig = _province_13_map([
        ("13.06", "Agam", "kabupaten", "bupati", -0.25, 100.17),
        ("13.75", "Kota Bukittinggi", "kota", "walikota", -0.30, 100.37),
        ("13.04", "Tanah Datar", "kabupaten", "bupati", -0.46, 100.6),
    ])
    labels = next(tr for tr in fig.data if tr.name == "labels")
    assert len(set(labels.textposition)) > 1


def test_governor_race_names_are_placed_with_the_others():
    """A province's name (its diamond) and a kab/kota name next to it do not overprint."""
    fig = _province_13_map([
        ("13", "Sumatera Barat", "provinsi", "gubernur", -0.95, 100.35),
        ("13.02", "Solok", "kabupaten", "bupati", -1.08, 100.40),
        ("13.73", "Kota Solok", "kota", "walikota", -0.60, 100.95),
    ])
    labels = next(tr for tr in fig.data if tr.name == "labels")
    gov = next(tr for tr in fig.data if tr.marker and tr.marker.symbol == "diamond")
    lons, lats = list(gov.lon) + list(labels.lon), list(gov.lat) + list(labels.lat)
    texts = list(gov.text) + list(labels.text)
    pos = [gov.textposition[0] if isinstance(gov.textposition, tuple) else gov.textposition] + list(labels.textposition)
    lon_r, lat_r = fig.layout.geo.lonaxis.range, fig.layout.geo.lataxis.range
    scale = min(900 / (lon_r[1] - lon_r[0]), 480 / (lat_r[1] - lat_r[0]))
    assert not _boxes_overlap(pos, lons, lats, texts, scale, font_px=15.0)


def test_place_labels_drop_leaves_out_a_name_with_no_free_place():
    """With ``drop``, a name whose every place (4 sides, 4 corners) covers a mark or leaves
    the view gets None; one with room keeps a place inside the view."""
    rng = dict(lon_range=[100.0, 110.0], lat_range=[-5.0, 5.0], font_px=15, plot_px=(300, 300), marker_px=12)
    ring = [(105 + dx, 0 + dy) for dx in (-1.5, -0.8, 0, 0.8, 1.5) for dy in (-0.8, -0.4, 0, 0.4, 0.8)
            if (dx, dy) != (0, 0)]
    boxed = map_labels.place_labels([105.0], [0.0], ["Kalimantan Selatan"], obstacles=ring, drop=True, **rng)
    assert boxed == [None]
    assert map_labels.place_labels([105.0], [0.0], ["Kalimantan Selatan"], obstacles=ring, **rng) == ["top center"]
    edge = map_labels.place_labels([100.3], [0.0], ["Sumatera Barat"], drop=True, **rng)
    assert edge == ["middle right"], "a name at the view's left edge goes right, not out of the view"


def test_place_labels_covers_a_quiet_mark_only_when_nothing_else_is_free():
    """A soft mark (a grey "no meeting yet" point) may lie under a name that has no other
    place; a hard one (a region that met) never does: the name is dropped instead."""
    rng = dict(lon_range=[100.0, 110.0], lat_range=[-5.0, 5.0], font_px=15, plot_px=(300, 300), marker_px=12)
    ring = [(105 + dx, 0 + dy) for dx in (-1.5, -0.8, 0, 0.8, 1.5) for dy in (-0.8, -0.4, 0, 0.4, 0.8)
            if (dx, dy) != (0, 0)]
    quiet = map_labels.place_labels([105.0], [0.0], ["Kalimantan Selatan"], obstacles=ring, drop=True,
                              soft=[False] + [True] * len(ring), **rng)
    assert quiet == ["top center"]
    above = ring.index((105, 0.4))  # the mark right above the point met: the name goes below
    met = map_labels.place_labels([105.0], [0.0], ["Kalimantan Selatan"], obstacles=ring, drop=True,
                            soft=[False] + [k != above for k in range(len(ring))], **rng)
    assert met == ["bottom center"]
    assert map_labels.place_labels([105.0], [0.0], ["Kalimantan Selatan"], obstacles=ring, drop=True,
                             soft=[False] * (len(ring) + 1), **rng) == [None]
    free = map_labels.place_labels([105.0], [0.0], ["Kalimantan Selatan"], obstacles=[(105, 0.4)], drop=True,
                             soft=[False, True], **rng)
    assert free == ["bottom center"], "a free place is taken before a quiet mark is covered"


def test_a_name_is_not_dropped_for_touching_its_own_mark():
    """Its own mark (drawn larger than the offset Plotly sets the name off by, plus the pad)
    never blocks a name."""
    rng = dict(lon_range=[100.0, 110.0], lat_range=[-5.0, 5.0], font_px=15, plot_px=(300, 300), marker_px=12)
    assert map_labels.place_labels([105.0], [0.0], ["Solok"], drop=True, mark_sizes=[30.0], pad=3.0, **rng) == ["top center"]
