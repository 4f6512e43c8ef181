"""Where names go on the region maps: the governor races' diamonds set off the kab/kota
points they would hide, and each name placed (above, below, beside, at a corner) where it
covers no other name and no mark that matters. Plain geometry in estimated screen pixels;
``maps.region_map`` gives the sizes it draws at."""

from __future__ import annotations

import math

import pandas as pd


def governor_positions(gov: pd.DataFrame, others: pd.DataFrame, clearance: float) -> tuple[list[float], list[float]]:
    """Where to draw the governor-race diamonds: at the province's point, unless a kab/kota
    point lies within ``clearance`` degrees (the diamond would hide it and take its clicks);
    then at the nearby spot (8 directions, ``clearance`` away) farthest from every point."""
    lons, lats = [], []
    pts = list(zip(others["lon"], others["lat"]))

    def nearest(x, y):
        return min((math.hypot(x - a, y - b) for a, b in pts), default=math.inf)

    for x, y in zip(gov["lon"], gov["lat"]):
        if nearest(x, y) >= clearance:
            lons.append(float(x))
            lats.append(float(y))
            continue
        cands = [(x + clearance * math.cos(k * math.pi / 4), y + clearance * math.sin(k * math.pi / 4)) for k in range(8)]
        bx, by = max(cands, key=lambda c: nearest(*c))
        lons.append(round(bx, 4))
        lats.append(round(by, 4))
    return lons, lats


def label_positions(lons: list[float], lats: list[float], dx: float = 3.0, dy: float = 2.6) -> list[str]:
    """Text positions for the diamonds' names: below, unless another diamond sits below
    within ``dx``/``dy`` degrees (then above), so neighbouring names do not overprint."""
    out = []
    for i, (x, y) in enumerate(zip(lons, lats)):
        crowded = any(j != i and abs(x - a) < dx and 0 < y - b < dy for j, (a, b) in enumerate(zip(lons, lats)))
        out.append("top center" if crowded else "bottom center")
    return out


_PLACES = ("top center", "bottom center", "middle right", "middle left")
_CORNERS = ("top right", "top left", "bottom right", "bottom left")


def place_labels(
    lons: list[float],
    lats: list[float],
    texts: list[str],
    *,
    lon_range: list[float],
    lat_range: list[float],
    font_px: float,
    plot_px: tuple[float, float] = (900.0, 480.0),
    marker_px: float = 12.0,
    obstacles: list[tuple[float, float]] = (),
    first: int = 0,
    drop: bool = False,
    soft: list[bool] | None = None,
    mark_sizes: list[float] | None = None,
    offsets: list[float] | None = None,
    pad: float = 0.0,
) -> list[str | None]:
    """Text positions for point labels, chosen greedily so names do not overprint each other
    or the markers: above, else below, right, left; the first that collides with nothing
    placed so far wins, else above. Sizes are estimated in screen pixels from the view
    (``plot_px`` is the smallest plot the map is drawn in: a 1366-wide screen). The first
    ``first`` labels (governor races) are placed before the others, in the order given.

    ``drop``: the four corners are tried too, a label must stay inside the view, and a
    label with no free place gets None (its name is left to the hover) instead of covering
    a mark.

    ``soft``: one flag per mark (the labelled points, then ``obstacles``); a soft mark (a
    quiet "no meeting yet" point) is avoided like any other, but may be covered when a name
    has no other free place; the others never are. ``mark_sizes``: each mark's drawn size in
    px when they differ; ``offsets``: per name, the marker size Plotly sets it off its point by
    (``marker_px`` by default); ``pad``: px added around each name, for the line box a
    browser draws around the glyphs. A name is never tested against its own point's mark."""
    lon_span = max(lon_range[1] - lon_range[0], 1e-6)
    lat_span = max(lat_range[1] - lat_range[0], 1e-6)
    scale = min(plot_px[0] / lon_span, plot_px[1] / lat_span)  # px per degree (aspect kept)
    char_w, text_h = 0.52 * font_px, 1.15 * font_px
    marks = [(x * scale, y * scale) for x, y in list(zip(lons, lats)) + list(obstacles)]
    sizes = list(mark_sizes) if mark_sizes is not None else [marker_px] * len(marks)
    boxes = [(x - m / 2, y - m / 2, x + m / 2, y + m / 2) for (x, y), m in zip(marks, sizes)]
    soft_flags = list(soft) if soft is not None else [False] * len(boxes)
    hard = [b for b, q in zip(boxes, soft_flags) if not q]  # grows with the placed names
    view = (lon_range[0] * scale, lat_range[0] * scale, lon_range[1] * scale, lat_range[1] * scale)

    def free(b, own, against=None) -> bool:
        return not any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]
                       for o in (boxes if against is None else against) if o is not own)

    def inside(b) -> bool:
        return not drop or (view[0] <= b[0] and b[2] <= view[2] and view[1] <= b[1] and b[3] <= view[3])

    out: list[str | None] = [""] * len(texts)
    # northernmost first: it reads top to bottom and keeps the result independent of input order
    order = list(range(first)) + sorted(range(first, len(texts)), key=lambda k: (-lats[k], lons[k]))
    for i in order:
        x, y = lons[i] * scale, lats[i] * scale
        w = char_w * len(texts[i])
        gap = 0.5 * (offsets[i] if offsets is not None else marker_px) + 2
        own = boxes[i]
        d = gap * 0.75  # a corner's offset on each axis
        cands = {
            "top center": (x - w / 2, y + gap, x + w / 2, y + gap + text_h),
            "bottom center": (x - w / 2, y - gap - text_h, x + w / 2, y - gap),
            "middle right": (x + gap, y - text_h / 2, x + gap + w, y + text_h / 2),
            "middle left": (x - gap - w, y - text_h / 2, x - gap, y + text_h / 2),
            "top right": (x + d, y + d, x + d + w, y + d + text_h),
            "top left": (x - d - w, y + d, x - d, y + d + text_h),
            "bottom right": (x + d, y - d - text_h, x + d + w, y - d),
            "bottom left": (x - d - w, y - d - text_h, x - d, y - d),
        }
        if pad:
            cands = {k: (b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad) for k, b in cands.items()}
        places = _PLACES + _CORNERS if drop else _PLACES
        pick = next((p for p in places if inside(cands[p]) and free(cands[p], own)), None)
        if pick is None and soft is not None:
            pick = next((p for p in places if inside(cands[p]) and free(cands[p], own, hard)), None)
        if pick is None and drop:
            out[i] = None
            continue
        pick = pick or "top center"
        boxes.append(cands[pick])
        hard.append(cands[pick])
        out[i] = pick
    return out
