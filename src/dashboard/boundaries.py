"""Optional region polygons (``DASHBOARD_BOUNDARY_FILE``): loading, validation and the
GeoJSON handed to plotly. No Streamlit import.

The file is a GeoJSON FeatureCollection of kab/kota and/or province polygons keyed by
Kemendagri code (``13.02``, ``13``) in a property (``code`` preferred; ``kode``,
``kode_kemendagri``... or the feature ``id`` are found too). The file is untrusted: it is
size-capped before parsing, every geometry is checked (finite WGS84 numbers, closed
rings), a feature must lie where its code's reference point is, and only codes and
coordinates are kept (never names or other properties, so nothing from the file is shown
as text). Anything wrong gives a ``BoundaryProblem`` (an i18n key and its parameters) and
the page falls back to the point map.

Plotly geo (d3-geo) draws a polygon as the area to the *right* of its ring when walked in
order, so exterior rings must run clockwise (RFC 7946 files run counter-clockwise; a
wrongly wound ring paints the whole globe). ``rewind`` fixes that; rings are also
simplified (Douglas-Peucker) and rounded so the figure stays small.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 40 * 1024 * 1024
MAX_FEATURES = 20_000
MAX_POINTS = 6_000_000
SIMPLIFY_DEGREES = 0.003  # about 330 m: invisible at province zoom on a 1366 px screen
COARSE_DEGREES = 0.015  # about 1.7 km: under a pixel of the national map (about 0.03 degrees a pixel)
ROUND_DIGITS = 4
# A feature must lie near its code's reference point (bounding box plus this margin).
POINT_MARGIN_DEGREES = 0.5
# More than this share of misplaced features: the file is keyed by something else.
MAX_MISPLACED_SHARE = 0.2
CODE_KEYS = ("code", "kode", "kode_kemendagri", "kode_wilayah", "kemendagri", "kd_wilayah", "id")
_CODE = re.compile(r"^\d{2}(\.\d{2})?$")


@dataclass(frozen=True)
class BoundaryProblem:
    key: str  # i18n key under regions.boundary.*
    params: tuple[tuple[str, str], ...] = ()

    def fmt(self) -> dict[str, str]:
        return dict(self.params)


@dataclass(frozen=True)
class Boundaries:
    """Validated polygons by Kemendagri code, ready for plotly geo (clockwise, simplified)."""

    source: str
    geometries: Mapping[str, dict]
    coarse: Mapping[str, dict]  # the same, simplified for the national view
    bboxes: Mapping[str, tuple[float, float, float, float]]  # code -> (min lon, min lat, max lon, max lat)
    key: str
    skipped: int = 0
    unknown: int = 0
    misplaced: int = 0

    @property
    def kabkota_codes(self) -> frozenset[str]:
        return frozenset(c for c in self.geometries if "." in c)

    @property
    def province_codes(self) -> frozenset[str]:
        return frozenset(c for c in self.geometries if "." not in c)


@dataclass(frozen=True)
class LoadResult:
    boundaries: Boundaries | None = None
    problem: BoundaryProblem | None = None
    notes: tuple[BoundaryProblem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.boundaries is not None


class _Invalid(Exception):
    pass


def _problem(key: str, **params) -> BoundaryProblem:
    return BoundaryProblem(key, tuple((k, str(v)) for k, v in params.items()))


def _reject_constant(name: str):
    raise ValueError(f"non-finite number {name}")


# ---------------------------------------------------------------- geometry helpers


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace area in (lon, lat): positive for counter-clockwise rings."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def _oriented(ring: list[list[float]], clockwise: bool) -> list[list[float]]:
    area = signed_area(ring)
    if (area < 0) != clockwise and area != 0:
        return ring[::-1]
    return ring


def rewind(geometry: dict) -> dict:
    """Exterior rings clockwise, holes counter-clockwise (what plotly geo / d3-geo needs)."""
    t = geometry["type"]
    if t == "Polygon":
        polys = [geometry["coordinates"]]
    elif t == "MultiPolygon":
        polys = geometry["coordinates"]
    else:
        return geometry
    out = []
    for poly in polys:
        out.append([_oriented(r, clockwise=(i == 0)) for i, r in enumerate(poly)])
    return {"type": t, "coordinates": out[0] if t == "Polygon" else out}


def _dp(points: list[list[float]], tol: float) -> list[list[float]]:
    """Douglas-Peucker on an open polyline (iterative)."""
    n = len(points)
    if n < 3:
        return points
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                d = cross * cross / norm
            if d > best:
                best, idx = d, i
        if idx >= 0 and best > tol2:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: list[list[float]], tol: float, digits: int = ROUND_DIGITS) -> list[list[float]] | None:
    """A simplified, rounded, closed ring; None when it collapses below a triangle."""
    if tol > 0 and len(ring) > 8:
        # split at the point farthest from the start so the closed ring keeps its extent
        far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
        first = _dp(ring[: far + 1], tol)
        second = _dp(ring[far:], tol)
        ring = first[:-1] + second
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, digits), round(y, digits)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4 or abs(signed_area(out)) == 0:
        return None
    return out


def _check_ring(ring) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _Invalid("ring")
    out = []
    for p in ring:
        if not isinstance(p, list) or len(p) < 2:
            raise _Invalid("position")
        x, y = p[0], p[1]
        if isinstance(x, bool) or isinstance(y, bool) or not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
            raise _Invalid("number")
        x, y = float(x), float(y)
        if not (math.isfinite(x) and math.isfinite(y)) or not (-180 <= x <= 180 and -90 <= y <= 90):
            raise _Invalid("range")
        out.append([x, y])
    if out[0] != out[-1]:
        out.append(out[0])  # tolerate unclosed rings: close them
    return out


def _polygons(geometry) -> list[list[list[list[float]]]]:
    """Validated polygons (list of rings) of a Polygon or MultiPolygon geometry."""
    if not isinstance(geometry, dict):
        raise _Invalid("geometry")
    t, coords = geometry.get("type"), geometry.get("coordinates")
    if t == "Polygon":
        polys = [coords]
    elif t == "MultiPolygon":
        polys = coords
    else:
        raise _Invalid("type")
    if not isinstance(polys, list) or not polys:
        raise _Invalid("coordinates")
    out = []
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            raise _Invalid("polygon")
        out.append([_check_ring(r) for r in poly])
    return out


def _bbox(polys) -> tuple[float, float, float, float]:
    xs = [p[0] for poly in polys for p in poly[0]]
    ys = [p[1] for poly in polys for p in poly[0]]
    return (min(xs), min(ys), max(xs), max(ys))


def _inside_bbox(bbox, lon: float, lat: float, margin: float) -> bool:
    return bbox[0] - margin <= lon <= bbox[2] + margin and bbox[1] - margin <= lat <= bbox[3] + margin


def _norm_code(v) -> str | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        v = f"{v:02d}" if 0 <= v < 100 else str(v)
    if not isinstance(v, str):
        return None
    v = v.strip()
    return v if _CODE.match(v) else None


def _feature_value(feature: dict, key: str):
    if key == "id" and "id" in feature:
        return feature.get("id")
    props = feature.get("properties")
    return props.get(key) if isinstance(props, dict) else None


def _choose_key(features: list, known: frozenset[str]) -> str | None:
    """The property holding Kemendagri codes: the candidate matching most known codes."""
    sample = [f for f in features[:3000] if isinstance(f, dict)]
    candidates: list[str] = list(CODE_KEYS)
    for f in sample[:50]:
        props = f.get("properties")
        if isinstance(props, dict):
            for k in list(props)[:40]:
                if isinstance(k, str) and k not in candidates and len(k) <= 60:
                    candidates.append(k)
    best, best_n = None, 0
    for key in candidates:
        n = sum(1 for f in sample if (_norm_code(_feature_value(f, key)) or "") in known)
        if n > best_n:
            best, best_n = key, n
    return best


def _coarsen(geometry: dict, tol: float) -> dict:
    """A coarser copy of a (wound) MultiPolygon: parts that collapse are dropped, the
    largest part is always kept. Winding survives simplification."""
    polys = geometry["coordinates"]
    out = []
    for poly in polys:
        outer = simplify_ring(poly[0], tol, digits=3)
        if outer is None:
            continue
        out.append([outer, *[h for h in (simplify_ring(r, tol, digits=3) for r in poly[1:]) if h is not None]])
    if not out:
        out = [max(polys, key=lambda pl: abs(signed_area(pl[0])))]
    return rewind({"type": "MultiPolygon", "coordinates": out})


# ---------------------------------------------------------------- loading


def load(
    path: str | Path | None,
    points: Mapping[str, tuple[float, float]],
    *,
    tolerance: float = SIMPLIFY_DEGREES,
    max_bytes: int = MAX_BYTES,
) -> LoadResult | None:
    """Read and validate the boundary file. ``points`` maps every known Kemendagri code to
    its reference point (lat, lon). Returns None when no file is configured."""
    if path is None or str(path).strip() == "":
        return None
    p = Path(path)
    try:
        if not p.is_file():
            return LoadResult(problem=_problem("regions.boundary.missing"))
        size = p.stat().st_size
        if size > max_bytes:
            return LoadResult(
                problem=_problem("regions.boundary.too_big", mb=math.ceil(size / 1e6), max=max_bytes // 1_000_000)
            )
        stat = p.stat()
        return _load_cached(str(p.resolve()), stat.st_mtime_ns, stat.st_size, _freeze(points), tolerance)
    except OSError:
        return LoadResult(problem=_problem("regions.boundary.unreadable"))


def _freeze(points: Mapping[str, tuple[float, float]]) -> tuple:
    return tuple(sorted((k, (float(v[0]), float(v[1]))) for k, v in points.items()))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int, points: tuple, tolerance: float) -> LoadResult:
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return LoadResult(problem=_problem("regions.boundary.unreadable"))
    return parse(raw, dict(points), tolerance=tolerance, source=path)


def parse(
    raw: bytes,
    points: Mapping[str, tuple[float, float]],
    *,
    tolerance: float = SIMPLIFY_DEGREES,
    source: str = "",
) -> LoadResult:
    """Validate GeoJSON bytes (see ``load``)."""
    if len(raw) > MAX_BYTES:
        return LoadResult(problem=_problem("regions.boundary.too_big", mb=math.ceil(len(raw) / 1e6), max=MAX_BYTES // 1_000_000))
    try:
        text = raw.decode("utf-8-sig")
        doc = json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return LoadResult(problem=_problem("regions.boundary.not_json"))
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        return LoadResult(problem=_problem("regions.boundary.not_geojson"))
    features = doc["features"]
    if not features:
        return LoadResult(problem=_problem("regions.boundary.empty"))
    if len(features) > MAX_FEATURES:
        return LoadResult(problem=_problem("regions.boundary.too_many", n=len(features), max=MAX_FEATURES))
    known = frozenset(points)
    key = _choose_key(features, known)
    if key is None:
        return LoadResult(problem=_problem("regions.boundary.no_codes"))

    parts: dict[str, list] = {}
    skipped = unknown = n_points = 0
    for feat in features:
        if not isinstance(feat, dict) or feat.get("type", "Feature") != "Feature":
            skipped += 1
            continue
        code = _norm_code(_feature_value(feat, key))
        if code is None or code not in known:
            unknown += 1
            continue
        try:
            polys = _polygons(feat.get("geometry"))
        except (_Invalid, TypeError, ValueError):
            skipped += 1
            continue
        n_points += sum(len(r) for poly in polys for r in poly)
        if n_points > MAX_POINTS:
            return LoadResult(problem=_problem("regions.boundary.too_many_points", max=f"{MAX_POINTS:,}"))
        parts.setdefault(code, []).extend(polys)

    if not parts:
        return LoadResult(problem=_problem("regions.boundary.no_polygons", skipped=skipped, unknown=unknown))

    geometries: dict[str, dict] = {}
    coarse: dict[str, dict] = {}
    bboxes: dict[str, tuple] = {}
    misplaced = 0
    for code, polys in parts.items():
        bbox = _bbox(polys)
        lat, lon = points[code]
        if not _inside_bbox(bbox, lon, lat, POINT_MARGIN_DEGREES):
            misplaced += 1
            continue
        simple = []
        for poly in polys:
            outer = simplify_ring(poly[0], tolerance)
            if outer is None:
                continue
            holes = [h for h in (simplify_ring(r, tolerance) for r in poly[1:]) if h is not None]
            simple.append([outer, *holes])
        if not simple:  # all parts tiny: keep the unsimplified outline of the largest part
            largest = max(polys, key=lambda pl: abs(signed_area(pl[0])))
            ring = simplify_ring(largest[0], 0.0, digits=7)
            if ring is None:
                skipped += 1
                continue
            simple = [[ring]]
        geometries[code] = rewind({"type": "MultiPolygon", "coordinates": simple})
        coarse[code] = _coarsen(geometries[code], max(tolerance, COARSE_DEGREES))
        bboxes[code] = bbox
    checked = len(parts)
    if misplaced and misplaced > MAX_MISPLACED_SHARE * checked:
        return LoadResult(problem=_problem("regions.boundary.misplaced", n=misplaced, total=checked))
    if not geometries:
        return LoadResult(problem=_problem("regions.boundary.no_polygons", skipped=skipped, unknown=unknown))
    notes = []
    if skipped or unknown or misplaced:
        notes.append(_problem("regions.boundary.some_skipped", n=skipped + unknown + misplaced, total=len(features)))
    return LoadResult(
        boundaries=Boundaries(
            source=source, geometries=geometries, coarse=coarse, bboxes=bboxes, key=key,
            skipped=skipped, unknown=unknown, misplaced=misplaced,
        ),
        notes=tuple(notes),
    )


# ---------------------------------------------------------------- use on the map


@dataclass(frozen=True)
class Coverage:
    """What the boundary file can draw for a set of regions."""

    mode: str  # "kabkota" (kab/kota polygons) | "province" (province polygons) | "points"
    missing: tuple[str, ...] = ()  # codes the mode would need but the file lacks


def coverage(b: Boundaries | None, kabkota: Iterable[str], provinces: Iterable[str]) -> Coverage:
    """Choose the map for the displayed regions. ``kabkota``: the displayed kab/kota
    contests; ``provinces``: the provinces they lie in (as of the election) plus the
    displayed governor races.

    A file with kab/kota polygons must cover every displayed kab/kota; a file with only
    province polygons must cover every displayed province. Otherwise: points (partial)."""
    if b is None:
        return Coverage("points")
    kab = sorted(set(kabkota))
    prov = sorted(set(provinces))
    if b.kabkota_codes:
        missing = tuple(c for c in kab if c not in b.geometries)
        return Coverage("points", missing) if missing or not kab else Coverage("kabkota")
    missing = tuple(c for c in prov if c not in b.geometries)
    return Coverage("points", missing) if missing or not prov else Coverage("province")


def feature_collection(b: Boundaries, codes: Iterable[str], *, coarse: bool = False) -> dict:
    """A FeatureCollection of the given codes (those the file has), ``id`` = code;
    ``coarse`` for the national view."""
    geoms = b.coarse if coarse else b.geometries
    feats = [
        {"type": "Feature", "id": c, "properties": {}, "geometry": geoms[c]}
        for c in dict.fromkeys(codes)
        if c in b.geometries
    ]
    return {"type": "FeatureCollection", "features": feats}


def bounds(b: Boundaries, codes: Iterable[str]) -> tuple[float, float, float, float] | None:
    boxes = [b.bboxes[c] for c in codes if c in b.bboxes]
    if not boxes:
        return None
    return (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes), max(x[3] for x in boxes))
