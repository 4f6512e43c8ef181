"""Figure builders of the Wilayah Pilkada page: the national / province map and a region's
timeline. DataFrame in, plotly Figure out; no Streamlit.

Offline: plotly geo (SVG, no WebGL, no tiles, no fonts) over the Natural Earth outline
served from ``static/topojson/asia_50m.json`` (``scope="asia"``, ``resolution=50``; the
page passes ``topojsonURL``). Optional polygons come from ``boundaries`` (already wound
clockwise). Every clickable mark carries ``customdata = [code, action]`` with action
``region`` (open the region page) or ``province`` (drill down into the province).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import ChartStyle, apply_style, empty_figure
from dashboard.i18n import format_date, format_number, t
from dashboard.map_labels import governor_positions, label_positions, place_labels
from dashboard.readiness import KEY_BODIES, LEVELS, met_column

# Okabe-Ito: distinguishable for colour-blind viewers and on washed-out projectors.
# Regions that met stand out (strong colours, large, on top); "no meeting yet" recedes (a
# small grey cross underneath): on the national map it is most of the marks. No pale yellow.
STATUS_COLORS = {"ready": "#009E73", "partial": "#0072B2", "stale": "#E69F00", "none": "#9AA0A6"}
STATUS_COLORS_DARK = {"ready": "#35C08E", "partial": "#5AA3E0", "stale": "#F2B441", "none": "#6B7078"}
# "no meeting yet" also differs by shape, so it reads without colour
STATUS_SYMBOLS = {"ready": "circle", "partial": "circle", "stale": "circle", "none": "x-thin"}
SHAPE_COLOR = "#8A9099"  # legend entries that explain a shape, not a status
NO_DATA_COLOR = "#BDBDBD"
EVENTS_SCALE = [[0.0, "#C6DBEF"], [0.35, "#6BAED6"], [0.7, "#2171B5"], [1.0, "#08306B"]]
INDONESIA = (94.6, -11.2, 141.9, 6.2)  # lon/lat box of the national view
MAP_SCOPE = "asia"  # asia_50m.json: Indonesia's coast at 1:50m, 360 kB
MIN_SPAN_DEGREES = 1.6
MAX_NAMED_PROVINCES = 12  # national view: governor races named on the map up to this many
VIEW_ASPECT = 1.7  # longitude span / latitude span of a province view, at least
# The smallest plot a province map is drawn in, in px: presenter mode fits the figure to the
# window (1366x768: 1318 x 388 below the legend), the normal page gives it its set height.
# (The national map is as wide as Indonesia: 1160 px of its presenter plot at 1366.)
PRESENTER_PLOT_PX = (1318.0, 388.0)
NORMAL_PLOT_WIDTH = 900.0


def _lines(*parts: str) -> str:
    return "<br>".join(p for p in parts if p)


def contest_label(contest: str | None, lang: str) -> str:
    return t(f"regions.contest.{contest}", lang) if contest else ""


def short_name(name: str, level: str | None) -> str:
    """Map label: ``Solok`` for Kabupaten Solok, ``Kota Solok`` kept whole."""
    if level == "kabupaten" and name.startswith("Kabupaten "):
        return name[len("Kabupaten "):]
    return name


def hover_text(row: pd.Series, lang: str, metric: str) -> str:
    """Hover lines for one region (names come from the reference data, not from articles)."""
    title = f"<b>{row['name']}</b> ({row['code']})"
    where = " · ".join(x for x in (row.get("province_name") if row.get("level") != "provinsi" else "",
                                     contest_label(row.get("contest"), lang)) if x)
    status = t(f"regions.status.{row['status']}", lang) if "status" in row else ""
    meetings = int(row.get("meetings", 0) or 0)
    last = row.get("last_meeting")
    if meetings and last is not None and not pd.isna(last):
        days = row.get("days_since")
        since = "" if days is None or pd.isna(days) else " " + t("regions.days_ago", lang, n=format_number(int(days), lang))
        meet = t("regions.hover.meetings", lang, n=format_number(meetings, lang)) + " · " + t(
            "regions.hover.last", lang, date=format_date(last, lang, short=True)
        ) + since
    else:
        meet = t("regions.hover.no_meeting", lang)
    bodies = " ".join(
        f"{'✓' if bool(row.get(met_column(b), False)) else '✗'} {b}" for b in KEY_BODIES
    )
    events = t("regions.hover.events", lang, n=format_number(int(row.get("events", 0) or 0), lang))
    first = events if metric == "events" else f"{t('regions.readiness', lang)}: <b>{status}</b>"
    return _lines(title, where, first, meet, bodies)


def _bounds_of(df: pd.DataFrame, extra: tuple[float, float, float, float] | None = None):
    if df.empty:
        return INDONESIA
    lon0, lat0, lon1, lat1 = df["lon"].min(), df["lat"].min(), df["lon"].max(), df["lat"].max()
    if extra:
        lon0, lat0, lon1, lat1 = min(lon0, extra[0]), min(lat0, extra[1]), max(lon1, extra[2]), max(lat1, extra[3])
    return (float(lon0), float(lat0), float(lon1), float(lat1))


def view_ranges(box: tuple[float, float, float, float], *, national: bool) -> tuple[list[float], list[float]]:
    """Longitude and latitude ranges of the view: Indonesia, or the box padded (at least
    ``MIN_SPAN_DEGREES`` wide) for a province."""
    if national:
        return [INDONESIA[0], INDONESIA[2]], [INDONESIA[1], INDONESIA[3]]
    lon0, lat0, lon1, lat1 = box
    span_lat = max(lat1 - lat0, MIN_SPAN_DEGREES * 0.6)
    # a tall province is widened to a landscape view (screens and projectors are wide):
    # the neighbours' coast gives context and the map fills the page
    span_lon = max(lon1 - lon0, MIN_SPAN_DEGREES, span_lat * VIEW_ASPECT)
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    pad = 0.14
    half_lon = span_lon * (0.5 + pad)
    half_lat = span_lat * (0.5 + pad) + 0.15  # room for labels above the points
    return [cx - half_lon, cx + half_lon], [max(-89.0, cy - half_lat), min(89.0, cy + half_lat)]


def _geo_layout(style: ChartStyle, lon_range, lat_range) -> dict:
    dark = style.dark
    return dict(
        scope=MAP_SCOPE,
        resolution=50,
        projection_type="mercator",
        lonaxis_range=lon_range,
        lataxis_range=lat_range,
        showland=True,
        landcolor="#2A2F36" if dark else "#F1EFEA",
        showocean=True,
        oceancolor="#16212B" if dark else "#E4EEF6",
        showlakes=False,
        showcountries=True,
        countrycolor="#6B7078" if dark else "#A9A9A9",
        countrywidth=0.8,
        showcoastlines=True,
        coastlinecolor="#8A9099" if dark else "#8C8C8C",
        coastlinewidth=0.8,
        showframe=False,
        bgcolor=style.bg,
    )


def _marker_sizes(style: ChartStyle, national: bool) -> tuple[int, int]:
    """(kab/kota point, governor diamond) sizes in px."""
    if national:
        return (13, 24) if style.present else (10, 19)
    return (18, 28) if style.present else (14, 22)


def _point_marks(kab: pd.DataFrame, kab_points: pd.DataFrame, metric: str, size: int) -> tuple[list[bool], list[float]]:
    """For each kab/kota row: whether its mark is a quiet "no meeting yet" one, and the size
    in px it is drawn at (as ``region_map`` draws it; 0 where the region is a polygon)."""
    drawn = set(kab_points["code"])
    if metric == "events":
        quiet = list(kab["events"] == 0)
        vmax = max(1, int(kab_points["events"].max())) if not kab_points.empty else 1
        sizes = [0.0 if c not in drawn else (size * 0.8 if v == 0 else size * 0.7 + size * 1.3 * math.sqrt(v / vmax))
                 for c, v in zip(kab["code"], kab["events"])]
    else:
        quiet = list(kab["status"] == "none") if "status" in kab else [False] * len(kab)
        sizes = [0.0 if c not in drawn else (size * 0.7 if q else size + 2.0) for c, q in zip(kab["code"], quiet)]
    return quiet, sizes


def _custom(codes, action: str) -> list[list[str]]:
    return [[c, action] for c in codes]


def region_map(
    df: pd.DataFrame,
    style: ChartStyle,
    *,
    metric: str = "readiness",
    national: bool = True,
    geojson: dict | None = None,
    geo_mode: str = "points",
    provinces: pd.DataFrame | None = None,
    labels: bool = False,
    height: int | None = None,
) -> go.Figure:
    """The election's regions on a map.

    ``df``: ``readiness.build`` output (code, name, level, contest, province_code,
    province_name, lat, lon, status, events, meetings, ...). ``metric``: ``readiness``
    (colour by level) or ``events`` (points sized and coloured by the filtered events).
    ``geo_mode``: ``points``; ``kabkota`` (``geojson`` holds the kab/kota polygons, drawn
    as a choropleth); ``province`` (``geojson`` holds province polygons drawn underneath;
    ``provinces`` lists them with ``code``, ``name``). Governor races (level
    ``provinsi``) are drawn as diamonds on top in every mode. ``national``: the whole
    country and a click on a province drills down; otherwise fit to the regions."""
    lang = style.lang
    if df.empty:
        return empty_figure(style, t("regions.map.empty", lang), height=height or 420)
    df = df.copy()
    df["hover"] = [hover_text(r, lang, metric) for _, r in df.iterrows()]
    gov = df[df["level"] == "provinsi"]
    kab = df[df["level"] != "provinsi"]
    point_size, gov_size = _marker_sizes(style, national)
    # Pilkada 2024 has 37 governor races: at national zoom their names would overprint,
    # so they are named only on request, and the diamonds are smaller
    many = national and len(gov) > MAX_NAMED_PROVINCES
    if many:
        gov_size = int(gov_size * 0.75)
    name_gov = labels or (national and not many)
    line = dict(color="#1B1B1B" if not style.dark else "#F5F5F5", width=1)
    fig = go.Figure()
    polygon_codes = {f["id"] for f in geojson["features"]} if geojson else set()

    # -- base polygons
    if geo_mode == "province" and geojson and provinces is not None and not provinces.empty:
        prov = provinces[provinces["code"].isin(polygon_codes) & ~provinces["code"].isin(gov["code"])]
        if not prov.empty:
            fig.add_trace(
                go.Choropleth(
                    geojson=geojson,
                    locations=list(prov["code"]),
                    z=[0] * len(prov),
                    colorscale=[[0, "#DADADA" if not style.dark else "#3A3F45"], [1, "#DADADA" if not style.dark else "#3A3F45"]],
                    showscale=False,
                    marker_line=dict(color="#FFFFFF" if not style.dark else "#111418", width=1.2),
                    hovertext=list(prov["name"]),
                    hoverinfo="text",
                    customdata=_custom(prov["code"], "province" if national else "none"),
                    name=t("regions.map.province", lang),
                    showlegend=False,
                )
            )
    if geo_mode == "kabkota" and geojson:
        totals = {lv: int((df["status"] == lv).sum()) for lv in LEVELS} if "status" in df else None
        _add_polygons(fig, kab[kab["code"].isin(polygon_codes)], geojson, style, metric, national, totals=totals)
        kab_points = kab[~kab["code"].isin(polygon_codes)]
    else:
        kab_points = kab
    gov_polys = gov[gov["code"].isin(polygon_codes)] if geo_mode == "province" and geojson else gov.iloc[0:0]
    if not gov_polys.empty:
        _add_polygons(fig, gov_polys, geojson, style, metric, national, action="province" if national else "region",
                      legend=False)

    # -- kab/kota points: "no meeting yet" first (underneath, small, grey), the others on top
    status_colors = STATUS_COLORS_DARK if style.dark else STATUS_COLORS
    if metric == "events":
        _add_event_points(fig, kab_points, style, point_size, line)
    else:
        for level in ("none", "ready", "partial", "stale"):
            sub = kab_points[kab_points["status"] == level]
            if sub.empty:
                continue
            quiet = level == "none"
            fig.add_trace(
                go.Scattergeo(
                    lon=list(sub["lon"]),
                    lat=list(sub["lat"]),
                    mode="markers",
                    marker=dict(size=int(point_size * 0.7) if quiet else point_size + 2, color=status_colors[level],
                                symbol=STATUS_SYMBOLS[level],
                                line=dict(color=status_colors[level], width=1.6) if quiet else line,
                                opacity=0.75 if quiet else 1.0),
                    name=t(f"regions.status.{level}", lang),
                    legendgroup=level,
                    showlegend=False,  # the legend entries below count every region, diamonds too
                    hovertext=list(sub["hover"]),
                    hoverinfo="text",
                    customdata=_custom(sub["code"], "region"),
                )
            )
        if geo_mode != "kabkota":
            _status_legend(fig, df, style, point_size, line)
    label_trace = gov_trace = None
    if labels and not kab.empty:
        label_trace = len(fig.data)
        fig.add_trace(
            go.Scattergeo(
                lon=list(kab["lon"]),
                lat=list(kab["lat"]),
                # invisible markers of the points' size: Plotly sets a name off its point by
                # the marker's radius, as place_labels assumes (a bare text sits on the point)
                mode="markers+text",
                marker=dict(size=point_size, opacity=0),
                text=[short_name(n, lv) for n, lv in zip(kab["name"], kab["level"])],
                textposition="top center",
                textfont=dict(size=style.tick_font + 3, color=style.fg, shadow="auto"),
                hoverinfo="skip",
                showlegend=False,
                name="labels",
            )
        )

    # -- governor races on top
    if not gov.empty:
        if metric == "events":
            colors = [NO_DATA_COLOR if e == 0 else EVENTS_SCALE[2][1] for e in gov["events"]]
        else:
            colors = [status_colors[s] for s in gov["status"]]
        # national view: about 20 px a degree on a 1366 px screen; a diamond needs ~0.8 degree
        glon, glat = governor_positions(gov, kab_points, (0.6 if many else 0.8) if national else 0.0)
        gov_trace = len(fig.data)
        fig.add_trace(
            go.Scattergeo(
                lon=glon,
                lat=glat,
                mode="markers+text" if name_gov else "markers",
                text=list(gov["name"]) if name_gov else None,
                textposition=label_positions(glon, glat),
                textfont=dict(size=style.tick_font + 1, color=style.fg, weight=600, shadow="auto"),
                marker=dict(size=gov_size, symbol="diamond", color=colors,
                            line=dict(color=line["color"], width=2.2), opacity=1.0),
                name=t("regions.map.governor", lang, n=format_number(len(gov), lang)),
                showlegend=metric == "events",  # readiness: the shape has its own neutral legend entry
                hovertext=list(gov["hover"]),
                hoverinfo="text",
                customdata=_custom(gov["code"], "province" if national else "region"),
            )
        )

    extra = None
    if geojson and polygon_codes and not national:
        xs, ys = [], []
        for feat in geojson["features"]:
            for poly in feat["geometry"]["coordinates"]:
                for x, y in poly[0]:
                    xs.append(x)
                    ys.append(y)
        if xs:
            extra = (min(xs), min(ys), max(xs), max(ys))
    lon_range, lat_range = view_ranges(_bounds_of(df, extra), national=national)
    fig.update_layout(geo=_geo_layout(style, lon_range, lat_range))
    h = height or ((500 if style.present else 470) if national else (600 if style.present else 520))
    if label_trace is not None:
        plot_px = PRESENTER_PLOT_PX if style.present else (NORMAL_PLOT_WIDTH, h - 40.0)
        # kab/kota names and the governor races' names placed together, the provinces first
        tr = fig.data[label_trace]
        g = fig.data[gov_trace] if gov_trace is not None and name_gov else None
        glons, glats, gtexts = (list(g.lon), list(g.lat), list(g.text)) if g is not None else ([], [], [])
        # a name may cover a quiet "no meeting yet" point when it has no other place, never a
        # region that met or a diamond; a name with no place at all is left to the hover
        quiet, sizes = _point_marks(kab, kab_points, metric, point_size)
        n_obstacles = len(gov) if g is None else 0
        font_px = style.tick_font + 3
        pos = place_labels(
            glons + list(tr.lon), glats + list(tr.lat), gtexts + list(tr.text), lon_range=lon_range,
            lat_range=lat_range, font_px=font_px, plot_px=plot_px, marker_px=point_size,
            obstacles=list(zip(glon, glat)) if n_obstacles else [], first=len(gtexts),
            drop=True, soft=[False] * len(gtexts) + quiet + [False] * n_obstacles,
            mark_sizes=[gov_size] * len(gtexts) + sizes + [gov_size] * n_obstacles,
            offsets=[gov_size] * len(gtexts) + [point_size] * len(tr.text), pad=0.15 * font_px,
        )
        if g is not None:
            g.text = [name if p else "" for name, p in zip(g.text, pos[:len(gtexts)])]
            g.textposition = [p or "top center" for p in pos[:len(gtexts)]]
        tr.text = [name if p else "" for name, p in zip(tr.text, pos[len(gtexts):])]
        tr.textposition = [p or "top center" for p in pos[len(gtexts):]]
    elif gov_trace is not None and name_gov:
        # the governor races' names must not cover a region that met (a coloured mark) or
        # another diamond: a name with no free place is left to the hover
        g = fig.data[gov_trace]
        met = kab_points[kab_points["events"] > 0] if metric == "events" else kab_points[kab_points["status"] != "none"]
        pos = place_labels(
            list(g.lon), list(g.lat), list(g.text), lon_range=lon_range, lat_range=lat_range,
            font_px=style.tick_font + 2, plot_px=(1160.0 if style.present else NORMAL_PLOT_WIDTH, h - 40.0),
            marker_px=max(gov_size, point_size + 2), obstacles=list(zip(met["lon"], met["lat"])),
            first=len(g.text), drop=True,
        )
        g.text = [name if p else "" for name, p in zip(g.text, pos)]
        g.textposition = [p or "top center" for p in pos]
    apply_style(fig, style, height=h)
    fig.update_layout(
        margin=dict(l=0, r=0, t=40 if style.present else 34, b=0),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0, xanchor="left",
                    font=dict(size=style.tick_font + 2), itemsizing="constant", bgcolor="rgba(0,0,0,0)"),
        hoverlabel=dict(font=dict(size=style.tick_font + 1, color=style.fg), align="left", bgcolor=style.bg,
                        bordercolor="#555555"),
        clickmode="event+select",
        dragmode="pan",
    )
    return fig


def _legend_only(fig, name: str, *, symbol: str, color: str, size: int, line: dict, group: str | None = None) -> None:
    fig.add_trace(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=name, legendgroup=group,
                                marker=dict(symbol=symbol, color=color, size=size, line=line), hoverinfo="skip"))


def _status_legend(fig, df: pd.DataFrame, style: ChartStyle, point_size: int, line: dict) -> None:
    """The legend of the readiness map: one entry per status that occurs, counting every
    region of the view (kab/kota points and the provinces' diamonds alike, so the counts add
    up to the number of regions), then one neutral entry per shape (circle: kab/kota,
    diamond: province, governor race), which also add up."""
    lang = style.lang
    colors = STATUS_COLORS_DARK if style.dark else STATUS_COLORS
    for level in LEVELS:
        n = int((df["status"] == level).sum())
        if n:
            _legend_only(fig, f"{t(f'regions.status.{level}', lang)} ({format_number(n, lang)})",
                         symbol=STATUS_SYMBOLS[level], color=colors[level], size=point_size + 2, group=level,
                         line=dict(color=colors[level], width=1.6) if level == "none" else line)
    n_gov = int((df["level"] == "provinsi").sum())
    n_kab = len(df) - n_gov
    if n_gov and n_kab:
        _legend_only(fig, t("regions.map.kabkota", lang, n=format_number(n_kab, lang)), symbol="circle-open",
                     color=SHAPE_COLOR, size=point_size + 2, line=dict(color=SHAPE_COLOR, width=2))
    if n_gov:
        _legend_only(fig, t("regions.map.governor", lang, n=format_number(n_gov, lang)), symbol="diamond-open",
                     color=SHAPE_COLOR, size=point_size + 4, line=dict(color=SHAPE_COLOR, width=2))


def _add_polygons(fig, sub: pd.DataFrame, geojson: dict, style: ChartStyle, metric: str, national: bool,
                  *, action: str = "region", legend: bool = True, totals: dict[str, int] | None = None) -> None:
    lang = style.lang
    edge = dict(color="#FFFFFF" if not style.dark else "#111418", width=0.6 if national else 1.2)
    if metric == "events":
        if sub.empty:
            return
        zmax = max(1, int(sub["events"].max()))
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                locations=list(sub["code"]),
                z=list(sub["events"]),
                zmin=0,
                zmax=zmax,
                colorscale=[[0, NO_DATA_COLOR], [1e-9, EVENTS_SCALE[0][1]], *EVENTS_SCALE[1:]],
                marker_line=edge,
                colorbar=dict(title=dict(text=t("common.events", lang)), thickness=14, len=0.6,
                              tickfont=dict(size=style.tick_font)),
                hovertext=list(sub["hover"]),
                hoverinfo="text",
                customdata=_custom(sub["code"], action),
                name=t("common.events", lang),
            )
        )
        return
    for level in LEVELS:
        part = sub[sub["status"] == level]
        if part.empty:
            continue
        color = (STATUS_COLORS_DARK if style.dark else STATUS_COLORS)[level]
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                locations=list(part["code"]),
                z=[1] * len(part),
                colorscale=[[0, color], [1, color]],
                showscale=False,
                marker_line=edge,
                marker_opacity=0.92,
                name=f"{t(f'regions.status.{level}', lang)} ({format_number((totals or {}).get(level, len(part)), lang)})",
                legendgroup=level,
                showlegend=legend,
                hovertext=list(part["hover"]),
                hoverinfo="text",
                customdata=_custom(part["code"], action),
            )
        )


def _add_event_points(fig, sub: pd.DataFrame, style: ChartStyle, size: int, line: dict) -> None:
    lang = style.lang
    zero = sub[sub["events"] == 0]
    some = sub[sub["events"] > 0]
    if not some.empty:
        vmax = max(1, int(some["events"].max()))
        sizes = [size * 0.7 + size * 1.3 * math.sqrt(v / vmax) for v in some["events"]]
        fig.add_trace(
            go.Scattergeo(
                lon=list(some["lon"]),
                lat=list(some["lat"]),
                mode="markers",
                marker=dict(
                    size=sizes, color=list(some["events"]), colorscale=EVENTS_SCALE, cmin=0, cmax=vmax,
                    line=line, opacity=0.9,
                    colorbar=dict(title=dict(text=t("common.events", lang)), thickness=14, len=0.6,
                                  tickfont=dict(size=style.tick_font)),
                ),
                name=t("regions.map.with_events", lang, n=format_number(len(some), lang)),
                hovertext=list(some["hover"]),
                hoverinfo="text",
                customdata=_custom(some["code"], "region"),
            )
        )
    if not zero.empty:
        fig.add_trace(
            go.Scattergeo(
                lon=list(zero["lon"]),
                lat=list(zero["lat"]),
                mode="markers",
                marker=dict(size=size * 0.8, color=NO_DATA_COLOR, line=line, symbol="circle-open-dot"),
                name=t("regions.map.no_events", lang, n=format_number(len(zero), lang)),
                hovertext=list(zero["hover"]),
                hoverinfo="text",
                customdata=_custom(zero["code"], "region"),
            )
        )


def selected_region(points: list[dict] | None) -> tuple[str, str] | None:
    """(code, action) of the clicked mark, from ``st.plotly_chart``'s selection points."""
    for p in points or []:
        cd = p.get("customdata")
        if isinstance(cd, (list, tuple)) and len(cd) >= 2 and isinstance(cd[0], str) and cd[1] in ("region", "province"):
            return cd[0], cd[1]
    return None


# a region's timeline lives in its own module; kept importable from here
from dashboard.regiontimeline import region_timeline  # noqa: E402,F401
