"""Boundary files: good, wrong, partial, huge and hostile GeoJSON (synthetic, written here).

The real polygons in ``../shared/data/boundaries`` (beside the repository) are not part of
it; the last tests use them only when present."""

import json
import math
import os
from pathlib import Path

import pytest

from dashboard import boundaries as bd
from dashboard import reference

POINTS = {c: (r.lat, r.lon) for c, r in reference.regions().items()}
KAB_2020 = [r.region_code for r in reference.election_regions("pilkada-2020") if r.contest != "gubernur"]
GOV_2020 = [r.region_code for r in reference.election_regions("pilkada-2020") if r.contest == "gubernur"]


def _shared_boundaries() -> Path:
    """``DASHBOARD_TEST_BOUNDARIES``, else ``shared/data/boundaries`` beside the repository
    (or beside a folder holding it, as for a nested worktree)."""
    if os.environ.get("DASHBOARD_TEST_BOUNDARIES"):
        return Path(os.environ["DASHBOARD_TEST_BOUNDARIES"])
    for base in Path(__file__).resolve().parents[2:5]:
        if (base / "shared" / "data" / "boundaries").is_dir():
            return base / "shared" / "data" / "boundaries"
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "boundaries"


SHARED = _shared_boundaries()


def square(code, d=0.05, ccw=True):
    lat, lon = POINTS[code]
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]
    return ring if ccw else ring[::-1]


def feature(code, *, key="code", props=None, geometry=None):
    return {
        "type": "Feature",
        "properties": {key: code, **(props or {})},
        "geometry": geometry or {"type": "Polygon", "coordinates": [square(code)]},
    }


def collection(features):
    return {"type": "FeatureCollection", "features": features}


def write(tmp_path, doc, name="b.geojson") -> Path:
    p = tmp_path / name
    p.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc).encode())
    return p


def load(tmp_path, doc, **kw):
    return bd.load(write(tmp_path, doc), POINTS, **kw)


def problem(res):
    assert res is not None and not res.ok, res
    return res.problem.key.rsplit(".", 1)[-1]


# ---------------------------------------------------------------- good files


def test_good_kabkota_file(tmp_path):
    res = load(tmp_path, collection([feature(c) for c in KAB_2020]))
    assert res.ok and res.problem is None and res.notes == ()
    b = res.boundaries
    assert b.key == "code" and set(b.geometries) == set(KAB_2020) and b.kabkota_codes == set(KAB_2020)
    cov = bd.coverage(b, KAB_2020, {c[:2] for c in KAB_2020})
    assert cov.mode == "kabkota" and cov.missing == ()
    fc = bd.feature_collection(b, ["13.02", "13.02", "11.01"])
    assert [f["id"] for f in fc["features"]] == ["13.02"]
    assert bd.bounds(b, ["13.02"])[0] == pytest.approx(POINTS["13.02"][1] - 0.05)


def test_rings_are_wound_clockwise_for_plotly_geo(tmp_path):
    """RFC 7946 files are counter-clockwise; plotly geo needs clockwise exteriors, or the
    polygon is read as the rest of the globe."""
    hole = [[x * 0.4 + POINTS["13.02"][1] * 0.6, y * 0.4 + POINTS["13.02"][0] * 0.6] for x, y in square("13.02")][::-1]
    geom = {"type": "Polygon", "coordinates": [square("13.02", ccw=True), hole]}
    cw = {"type": "MultiPolygon", "coordinates": [[square("13.03", ccw=False)]]}
    res = load(tmp_path, collection([feature("13.02", geometry=geom), feature("13.03", geometry=cw)]))
    for code in ("13.02", "13.03"):
        for geo in (res.boundaries.geometries[code], res.boundaries.coarse[code]):
            for poly in geo["coordinates"]:
                assert bd.signed_area(poly[0]) < 0, "exterior must be clockwise"
                for h in poly[1:]:
                    assert bd.signed_area(h) > 0, "holes must be counter-clockwise"
    assert len(res.boundaries.geometries["13.02"]["coordinates"][0]) == 2


def test_rewind_of_a_plain_polygon():
    g = bd.rewind({"type": "Polygon", "coordinates": [square("13.02")]})
    assert g["type"] == "Polygon" and bd.signed_area(g["coordinates"][0]) < 0
    assert bd.rewind({"type": "Point", "coordinates": [1, 2]}) == {"type": "Point", "coordinates": [1, 2]}


def test_codes_found_under_other_keys_and_as_numbers(tmp_path):
    res = load(tmp_path, collection([feature(c, key="KODE_KEMENDAGRI") for c in KAB_2020[:20]]))
    assert res.ok and res.boundaries.key == "KODE_KEMENDAGRI"
    feats = [{"type": "Feature", "id": c, "properties": None, "geometry": feature(c)["geometry"]} for c in KAB_2020[:5]]
    res = load(tmp_path, collection(feats))
    assert res.ok and res.boundaries.key == "id"
    numeric = [dict(feature(c), properties={"kode": int(c)}) for c in ("13", "15")]
    res = load(tmp_path, collection(numeric))
    assert res.ok and set(res.boundaries.geometries) == {"13", "15"}


def test_province_file_and_mixed_file(tmp_path):
    provs = sorted({r.province_code for r in reference.election_regions("pilkada-2020")})
    res = load(tmp_path, collection([feature(c) for c in provs]))
    b = res.boundaries
    assert b.province_codes == set(provs) and not b.kabkota_codes
    assert bd.coverage(b, KAB_2020, set(provs) | set(GOV_2020)).mode == "province"
    mixed = load(tmp_path, collection([feature(c) for c in KAB_2020 + GOV_2020])).boundaries
    assert bd.coverage(mixed, KAB_2020, set(provs)).mode == "kabkota"


def test_hostile_properties_never_leave_the_loader(tmp_path):
    nasty = {"name": "<script>alert(1)</script>", "style": "javascript:alert(1)", "__proto__": {"x": 1}}
    res = load(tmp_path, collection([feature(c, props=nasty) for c in KAB_2020[:10]]))
    assert res.ok
    out = json.dumps(bd.feature_collection(res.boundaries, KAB_2020))
    assert "script" not in out and "javascript" not in out and "name" not in out


def test_duplicate_codes_are_merged_and_unclosed_rings_closed(tmp_path):
    lat, lon = POINTS["13.02"]
    open_ring = [[lon + 0.2, lat], [lon + 0.3, lat], [lon + 0.3, lat + 0.1]]
    open_ring.append([lon + 0.2, lat + 0.1])
    second = {"type": "Polygon", "coordinates": [open_ring]}
    res = load(tmp_path, collection([feature("13.02"), feature("13.02", geometry=second)]))
    parts = res.boundaries.geometries["13.02"]["coordinates"]
    assert len(parts) == 2 and all(p[0][0] == p[0][-1] for p in parts)


# ---------------------------------------------------------------- wrong files


@pytest.mark.parametrize(
    "raw,key",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not_json"),
        (b"{not json", "not_json"),
        ('{"type": "FeatureCollection", "features": []}'.encode("utf-16"), "not_json"),
        (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "13.02"}, '
         b'"geometry": {"type": "Polygon", "coordinates": [[[NaN, 1], [2, 2], [3, 3], [NaN, 1]]]}}]}', "not_json"),
        (b"[" * 200_000 + b"]" * 200_000, "not_json"),
        (b"[]", "not_geojson"),
        (b'"FeatureCollection"', "not_geojson"),
        (b'{"type": "Feature", "properties": {}, "geometry": null}', "not_geojson"),
        (b'{"type": "FeatureCollection", "features": {"0": 1}}', "not_geojson"),
        (b'{"type": "FeatureCollection", "features": []}', "empty"),
    ],
)
def test_not_geojson(tmp_path, raw, key):
    assert problem(load(tmp_path, raw)) == key


def test_no_kemendagri_codes(tmp_path):
    bps = [dict(feature(c), properties={"kode_bps": c.replace(".", ""), "name": "X"}) for c in KAB_2020[:30]]
    assert problem(load(tmp_path, collection(bps))) == "no_codes"
    names = [dict(feature(c), properties={"name": "Kabupaten Solok"}) for c in KAB_2020[:30]]
    assert problem(load(tmp_path, collection(names))) == "no_codes"


def test_swapped_or_projected_coordinates(tmp_path):
    swapped = [feature(c, geometry={"type": "Polygon", "coordinates": [[[y, x] for x, y in square(c)]]})
               for c in KAB_2020[:30]]
    res = load(tmp_path, collection(swapped))
    # Indonesian latitudes as longitudes are in range but land far from the points; longitudes
    # as latitudes (> 90) are invalid: either way the file is refused
    assert problem(res) in {"no_polygons", "misplaced"}
    utm = [feature(c, geometry={"type": "Polygon", "coordinates": [[[x * 1e4, y * 1e4] for x, y in square(c)]]})
           for c in KAB_2020[:30]]
    assert problem(load(tmp_path, collection(utm))) == "no_polygons"


def test_misplaced_codes_are_refused(tmp_path):
    codes = KAB_2020[:40]
    shuffled = [dict(feature(a), properties={"code": b}) for a, b in zip(codes, codes[20:] + codes[:20])]
    res = load(tmp_path, collection(shuffled))
    assert problem(res) == "misplaced"
    assert res.problem.fmt()["total"] == "40"


def test_broken_geometries_are_skipped_with_a_note(tmp_path):
    bad = [
        feature("13.02", geometry={"type": "Point", "coordinates": [100.0, -1.0]}),
        feature("13.03", geometry={"type": "Polygon", "coordinates": [[["100", "-1"], [1, 1], [2, 2], [3, 3]]]}),
        feature("13.04", geometry={"type": "Polygon", "coordinates": [[[100, -1], [101, -1], [100, -1]]]}),
        feature("13.05", geometry={"type": "Polygon", "coordinates": [[[True, False], [1, 1], [2, 2], [True, False]]]}),
        dict(feature("13.06"), geometry=None),
        feature("13.07", geometry={"type": "MultiPolygon", "coordinates": []}),
        feature("13.08", geometry={"type": "Polygon", "coordinates": [[[200, -1], [201, -1], [201, 0], [200, -1]]]}),
        "not a feature",
        dict(feature("13.02"), properties={"code": "99.99"}),  # not a Kemendagri code we know
    ]
    good_codes = [c for c in KAB_2020 if c[:2] in ("11", "12")][:10]
    res = load(tmp_path, collection([feature(c) for c in good_codes] + bad))
    assert res.ok and set(res.boundaries.geometries) == set(good_codes)
    assert res.notes and res.notes[0].key.endswith("some_skipped")
    assert res.boundaries.skipped >= 7 and res.boundaries.unknown == 1


def test_partial_file_falls_back_to_points(tmp_path):
    half = KAB_2020[: len(KAB_2020) // 2]
    b = load(tmp_path, collection([feature(c) for c in half])).boundaries
    cov = bd.coverage(b, KAB_2020, {c[:2] for c in KAB_2020})
    assert cov.mode == "points" and len(cov.missing) == len(KAB_2020) - len(half)
    # ... but a province it does cover fully draws polygons
    sumbar = [c for c in KAB_2020 if c.startswith("13.")]
    b = load(tmp_path, collection([feature(c) for c in sumbar])).boundaries
    assert bd.coverage(b, sumbar, {"13"}).mode == "kabkota"
    assert bd.coverage(b, KAB_2020, {"13"}).mode == "points"
    assert bd.coverage(None, KAB_2020, {"13"}) == bd.Coverage("points")


# ---------------------------------------------------------------- huge and missing files


def test_size_limit_is_checked_before_reading(tmp_path):
    res = load(tmp_path, collection([feature(c) for c in KAB_2020]), max_bytes=1000)
    assert problem(res) == "too_big" and int(res.problem.fmt()["mb"]) >= 1


def test_feature_and_point_limits(tmp_path, monkeypatch):
    monkeypatch.setattr(bd, "MAX_FEATURES", 10)
    assert problem(load(tmp_path, collection([feature(c) for c in KAB_2020[:11]]))) == "too_many"
    monkeypatch.setattr(bd, "MAX_FEATURES", 20_000)
    monkeypatch.setattr(bd, "MAX_POINTS", 40)
    assert problem(load(tmp_path, collection([feature(c) for c in KAB_2020[:11]]))) == "too_many_points"


def test_missing_file_or_none(tmp_path):
    assert bd.load(None, POINTS) is None and bd.load("", POINTS) is None
    assert problem(bd.load(tmp_path / "nope.geojson", POINTS)) == "missing"
    assert problem(bd.load(tmp_path, POINTS)) == "missing"  # a directory


def test_a_changed_file_is_read_again(tmp_path):
    p = write(tmp_path, collection([feature(c) for c in KAB_2020[:3]]))
    assert len(bd.load(p, POINTS).boundaries.geometries) == 3
    p.write_text(json.dumps(collection([feature(c) for c in KAB_2020[:5]])))
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10_000_000))
    assert len(bd.load(p, POINTS).boundaries.geometries) == 5


def test_every_problem_has_both_languages():
    from dashboard.i18n import STRINGS

    keys = ["missing", "unreadable", "too_big", "not_json", "not_geojson", "empty", "too_many", "too_many_points",
            "no_codes", "no_polygons", "misplaced", "some_skipped", "partial", "fallback"]
    for k in keys:
        assert f"regions.boundary.{k}" in STRINGS, k


# ---------------------------------------------------------------- simplification


def test_simplify_keeps_rings_closed_and_small():
    lat, lon = POINTS["13.02"]
    circle = [[lon + 0.5 * math.cos(a / 500 * 2 * math.pi), lat + 0.5 * math.sin(a / 500 * 2 * math.pi)]
              for a in range(500)]
    circle.append(circle[0])
    out = bd.simplify_ring(circle, 0.01)
    assert out[0] == out[-1] and 8 < len(out) < 100
    assert abs(bd.signed_area(out) - bd.signed_area(circle)) / bd.signed_area(circle) < 0.05
    assert bd.simplify_ring([[0, 0], [0, 0], [0, 0], [0, 0]], 0.01) is None


def test_tiny_islands_keep_their_largest_part(tmp_path):
    lat, lon = POINTS["13.02"]
    tiny = [[lon, lat], [lon + 1e-5, lat], [lon + 1e-5, lat + 1e-5], [lon, lat]]
    res = load(tmp_path, collection([feature("13.02", geometry={"type": "Polygon", "coordinates": [tiny]})]))
    assert res.ok and len(res.boundaries.geometries["13.02"]["coordinates"]) == 1


# ---------------------------------------------------------------- the real shared files, when present


@pytest.mark.skipif(not (SHARED / "kabkota.geojson").exists(), reason="shared boundary files not present")
def test_shared_kabkota_file():
    res = bd.load(SHARED / "kabkota.geojson", POINTS)
    assert res.ok and res.notes == ()
    b = res.boundaries
    assert len(b.geometries) == 514 and b.misplaced == 0
    assert bd.coverage(b, KAB_2020, {c[:2] for c in KAB_2020}).mode == "kabkota"
    for geo in list(b.geometries.values())[:50]:
        assert all(bd.signed_area(p[0]) < 0 for p in geo["coordinates"])


@pytest.mark.skipif(not (SHARED / "provinces_2020.geojson").exists(), reason="shared boundary files not present")
def test_shared_province_file():
    res = bd.load(SHARED / "provinces_2020.geojson", POINTS)
    assert res.ok and len(res.boundaries.province_codes) == 34
