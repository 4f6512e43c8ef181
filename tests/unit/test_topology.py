"""The map outline shipped for offline maps: cropped to Indonesia's surroundings, whole
geometries only, every arc it keeps used and every index valid."""

import json
from pathlib import Path

import pytest

from dashboard import maps, topology

SHIPPED = Path(__file__).resolve().parents[2] / "static" / "topojson" / "asia_50m.json"


def _toy():
    # three unquantized arcs: a square near Jakarta, a square near Tokyo, and a line shared
    # by both "countries" (a made-up border crossing the whole box, to check renumbering)
    return {
        "type": "Topology",
        "arcs": [
            [[139.0, 35.0], [140.0, 35.0], [140.0, 36.0], [139.0, 35.0]],
            [[106.0, -6.0], [107.0, -6.0], [107.0, -7.0], [106.0, -6.0]],
            [[100.0, 0.0], [145.0, 40.0]],
        ],
        "objects": {
            "land": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0]], "properties": {"n": "tokyo"}},
                {"type": "Polygon", "arcs": [[~1]], "properties": {"n": "jakarta"}},
            ]},
            "countries": {"type": "GeometryCollection", "geometries": [
                {"type": "LineString", "arcs": [2]},
            ]},
            "ocean": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[1]]}]},
        },
    }


def test_crop_keeps_whole_geometries_that_meet_the_box_and_renumbers_arcs():
    box = (95.0, -12.0, 142.0, 7.0)
    out = topology.crop(_toy(), box=box, drop_layers=("countries",), box_layers=("ocean",))
    land = out["objects"]["land"]["geometries"]
    assert [g["properties"]["n"] for g in land] == ["jakarta"]
    assert out["objects"]["countries"]["geometries"] == []
    # arc 1 is kept, as 0; a reversed reference stays reversed; the box follows as arc 1
    assert out["arcs"][0] == _toy()["arcs"][1]
    assert land[0]["arcs"] == [[~0]]
    assert out["objects"]["ocean"]["geometries"] == [{"type": "Polygon", "arcs": [[1]]}]
    ring = out["arcs"][1]
    assert ring[0] == ring[-1] == [95.0, -12.0] and ring[1][0] == 95.0 and ring[1][1] > -12.0  # north first: clockwise
    assert {p[0] for p in ring} == {95.0, 142.0} | {p[0] for p in ring if p[1] in (-12.0, 7.0)}
    assert out["bbox"] == list(box)


def test_a_quantized_box_decodes_to_the_box():
    topo = {"type": "Topology", "transform": {"scale": [0.01, 0.01], "translate": [0.0, -50.0]},
            "arcs": [], "objects": {"ocean": {"type": "GeometryCollection", "geometries": []}}}
    out = topology.crop(topo, box=(95.0, -12.0, 142.0, 7.0))
    pts = topology._absolute(out)[0]
    assert pts[0] == pts[-1]
    assert min(p[0] for p in pts) == pytest.approx(95.0) and max(p[1] for p in pts) == pytest.approx(7.0)


def _refs(arcs):
    if isinstance(arcs, int):
        yield arcs if arcs >= 0 else ~arcs
    else:
        for a in arcs:
            yield from _refs(a)


def test_the_shipped_outline_covers_indonesia_and_nothing_dangles():
    topo = json.loads(SHIPPED.read_text(encoding="utf-8"))
    used = set()
    for name in ("land", "coastlines", "countries", "ocean"):
        geoms = topo["objects"][name]["geometries"]
        assert geoms, name
        for g in geoms:
            used.update(_refs(g["arcs"]))
    assert used == set(range(len(topo["arcs"])))  # every arc used, every index valid
    lon0, lat0, lon1, lat1 = topo["bbox"]
    i = maps.INDONESIA
    assert lon0 <= i[0] and lat0 <= i[1] and lon1 >= i[2] and lat1 >= i[3]
    # the ocean (26,000 points around all of Asia) is the box under the land
    assert len(topo["objects"]["ocean"]["geometries"]) == 1
    assert sum(len(a) for a in topo["arcs"]) < 12000  # of 40,667: far coasts simplified


def test_far_points_are_simplified_and_the_detail_box_kept_whole():
    # one arc: a wiggly line far north (outside the box), then into the box and out again
    far = [[100.0 + i * 0.01, 30.0 + (0.001 if i % 2 else 0.0)] for i in range(50)]
    near = [[106.0 + i * 0.01, -6.0 + (0.001 if i % 2 else 0.0)] for i in range(50)]
    topo = {"type": "Topology", "arcs": [far + near + [[150.0, -6.0]]],
            "objects": {"land": {"type": "GeometryCollection", "geometries": [{"type": "LineString", "arcs": [0]}]}}}
    out = topology.simplify_outside(topo, box=(95.0, -12.0, 142.0, 7.0), tolerance=0.05)
    arc = out["arcs"][0]
    assert arc[0] == far[0] and arc[-1] == [150.0, -6.0]  # the arc's ends
    assert far[-1] in arc  # where the run outside the box ends (it enters the box next)
    assert [p for p in arc if p in near] == near  # every point inside the box
    assert len(arc) == 2 + len(near) + 1


def test_a_small_far_island_stays_a_ring():
    ring = [[150.0, 30.0], [150.01, 30.0], [150.01, 30.01], [150.0, 30.0]]
    topo = {"type": "Topology", "arcs": [ring], "objects": {}}
    assert topology.simplify_outside(topo, box=(95.0, -12.0, 142.0, 7.0), tolerance=1.0)["arcs"][0] == ring


def test_quantized_arcs_simplify_to_a_subset_of_their_points():
    topo = json.loads(SHIPPED.read_text(encoding="utf-8"))
    again = topology.simplify_outside(topo)
    assert again["arcs"] == topo["arcs"]  # the shipped file is already simplified: nothing left to drop
    lon0, lat0, lon1, lat1 = topology.DETAIL_BOX
    i = maps.INDONESIA
    assert lon0 < i[0] and lat0 < i[1] and lon1 > i[2] and lat1 > i[3]


def test_every_view_the_app_opens_lies_in_the_detail_box():
    import pandas as pd

    regions = pd.read_csv(SHIPPED.parents[2] / "data" / "regions_all.csv", dtype={"province_code": str})
    lon0, lat0, lon1, lat1 = topology.DETAIL_BOX
    for code, g in regions.groupby("province_code"):
        (a, b), (c, d) = maps.view_ranges(maps._bounds_of(g), national=False)
        assert lon0 < a and b < lon1 and lat0 < c and d < lat1, code
