"""Figure builders: DataFrame in, plotly Figure out. No Streamlit import.

Every figure is offline-safe (no map tiles, no web fonts) and takes a ``ChartStyle`` so
presenter mode gets large type and the chosen theme, and labels follow the language.
Dates on axes and in tooltips are written by ``i18n`` (plotly's own month names are
English), numbers use the language's separators.

Clickable traces carry ``customdata`` whose first element says what a click selects;
``dashboard.meetings.selection_to_filters`` turns it into filters.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import zlib
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.i18n import (
    MONTHS,
    MONTHS_SHORT,
    activity_label,
    format_date,
    format_month,
    format_number,
    level_label,
    stage_label,
    t,
)

# Okabe-Ito based, distinguishable for colour-blind viewers and on projectors.
ACTIVITY_COLORS = {
    "rakor": "#0072B2",
    "rapat": "#56B4E9",
    "sosialisasi": "#009E73",
    "apel": "#D55E00",
    "bimtek": "#E69F00",
    "simulasi": "#CC79A7",
    "monitoring": "#8C6D31",
    "deklarasi": "#F0E442",
    "pelantikan": "#6A3D9A",
    "other": "#999999",
}
LEVEL_COLORS = {"nasional": "#6A3D9A", "provinsi": "#0072B2", "kabkota": "#009E73", None: "#999999"}
LEVEL_ORDER = ["nasional", "provinsi", "kabkota", None]
FLAG_COLORS = {"rising": "#007A3D", "falling": "#C05600", "stopped": "#B00020", "steady": "#5F6B73", "inactive": "#9E9E9E"}
FLAG_COLORS_DARK = {"rising": "#4CC38A", "falling": "#FFA351", "stopped": "#FF6B6B", "steady": "#AEB8C2", "inactive": "#7A838C"}
FLAG_SYMBOLS = {"rising": "▲", "falling": "▼", "stopped": "■", "steady": "●", "inactive": "○"}
SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
HEAT_SCALE = [[0.0, "#F4F8FC"], [0.15, "#C6DBEF"], [0.4, "#6BAED6"], [0.7, "#2171B5"], [1.0, "#08306B"]]
HEAT_SCALE_DARK = [[0.0, "#1B232C"], [0.15, "#1F3B57"], [0.4, "#2E6DA4"], [0.7, "#5AA3E0"], [1.0, "#BFE0FF"]]
STAGE_COLORS = ["#D9E4EC", "#E8DDCB", "#D8E8D2", "#E6D5E3", "#F1E3C2", "#D5E3E8"]
STAGE_COLORS_DARK = ["#35485A", "#4E4433", "#394D35", "#4A3A48", "#52472C", "#334A52"]
VOTING_COLOR = "#C0392B"
TODAY_COLOR = "#2C3E50"
# Streamlit serves "Source Sans" itself (no network); names with spaces or digits are quoted,
# or the browser drops the whole declaration and plotly measures text in one font and draws it
# in another (legends then clip their last letters).
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "Source Sans 3", "Segoe UI", Helvetica, Arial, sans-serif'
PRESENT_MIN_FONT = 16  # px: the smallest text a presenter figure may carry


# Plotly's own words (mode bar, double-click hint) and number/date formats in Indonesian;
# passed in the chart config, so nothing is fetched.
PLOTLY_LOCALE_ID = {
    "dictionary": {
        "Download plot as a PNG": "Unduh grafik sebagai PNG",
        "Download plot": "Unduh grafik",
        "Zoom": "Perbesar area",
        "Pan": "Geser",
        "Zoom in": "Perbesar",
        "Zoom out": "Perkecil",
        "Autoscale": "Skala otomatis",
        "Reset axes": "Kembalikan sumbu",
        "Box Select": "Pilih kotak",
        "Lasso Select": "Pilih laso",
        "Reset view": "Kembalikan tampilan",
        "Toggle Spike Lines": "Garis bantu",
        "Show closest data on hover": "Data terdekat",
        "Compare data on hover": "Bandingkan data",
        "Double-click to zoom back out": "Klik dua kali untuk kembali",
        "Taking snapshot - this may take a few seconds": "Membuat gambar, tunggu sebentar",
        "Snapshot succeeded": "Gambar berhasil dibuat",
        "Sorry, there was a problem downloading your snapshot!": "Maaf, gambar gagal diunduh.",
    },
    "format": {
        "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
        "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
        "months": MONTHS["id"],
        "shortMonths": MONTHS_SHORT["id"],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": ".",
    },
}


def plotly_locale(lang: str) -> dict:
    """Config entries that make plotly's own texts follow the language."""
    if lang != "id":
        return {"locale": "en"}
    return {"locale": "id", "locales": {"id": PLOTLY_LOCALE_ID}}


@dataclass(frozen=True)
class ChartStyle:
    lang: str = "id"
    present: bool = False
    theme: str = "light"

    @property
    def base_font(self) -> int:
        return 20 if self.present else 13

    @property
    def title_font(self) -> int:
        return 26 if self.present else 17

    @property
    def tick_font(self) -> int:
        return 18 if self.present else 12

    @property
    def small_font(self) -> int:
        """Labels inside marks (stage names, cell numbers): never below 16 px when presenting."""
        return PRESENT_MIN_FONT if self.present else 11

    @property
    def dark(self) -> bool:
        return self.theme == "dark"

    @property
    def fg(self) -> str:
        return "#F5F5F5" if self.dark else ("#000000" if self.present else "#111111")

    @property
    def muted(self) -> str:
        return "#B8C0C8" if self.dark else ("#333333" if self.present else "#5F6B73")

    @property
    def bg(self) -> str:
        return "#111418" if self.dark else "#FFFFFF"

    @property
    def grid(self) -> str:
        return "#3A3F45" if self.dark else ("#C8C8C8" if self.present else "#E3E3E3")

    @property
    def voting_color(self) -> str:
        return "#FF6B5B" if self.dark else VOTING_COLOR

    @property
    def today_color(self) -> str:
        return "#F5F5F5" if self.dark else TODAY_COLOR

    def height(self, normal: int, present: int = 620) -> int:
        """Figure height: presenter figures fill one 1366x768 screen below the caption."""
        return present if self.present else normal


def apply_style(fig: go.Figure, style: ChartStyle, *, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(
        template="plotly_dark" if style.dark else "plotly_white",
        font=dict(family=FONT_FAMILY, size=style.base_font, color=style.fg),
        paper_bgcolor=style.bg,
        plot_bgcolor=style.bg,
        margin=dict(l=10, r=10, t=(70 if style.present else 56) if title else 30, b=10),
        legend=dict(font=dict(size=style.tick_font), orientation="h", yanchor="bottom", y=1.01, x=0),
        hoverlabel=dict(font=dict(size=style.tick_font, family=FONT_FAMILY)),
        separators=",." if style.lang == "id" else ".,",
    )
    if title:
        fig.update_layout(
            title=dict(
                text=html.escape(title), font=dict(size=style.title_font, color=style.fg), x=0, xanchor="left",
                y=0.995, yanchor="top", pad=dict(t=4),
            )
        )
    if height:
        fig.update_layout(height=height)
    fig.update_xaxes(
        tickfont=dict(size=style.tick_font, color=style.fg), gridcolor=style.grid, title_font=dict(size=style.base_font),
        linecolor=style.grid, zerolinecolor=style.grid,
    )
    fig.update_yaxes(
        tickfont=dict(size=style.tick_font, color=style.fg), gridcolor=style.grid, title_font=dict(size=style.base_font),
        linecolor=style.grid, zerolinecolor=style.grid,
    )
    return fig


def empty_figure(style: ChartStyle, message: str | None = None, height: int = 300) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=html.escape(message or t("common.no_data", style.lang)),
        showarrow=False,
        font=dict(size=style.title_font),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_style(fig, style, height=height)


def int_axis(fig: go.Figure, ymax: float, **where) -> None:
    """A count axis with whole-number ticks only (no "1, 1, 2, 2" from rounding halves)."""
    ymax = max(1.0, float(ymax or 0))
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000) if ymax / s <= 6), None)
    if step is None:
        fig.update_yaxes(tickformat=",d", **where)
    else:
        fig.update_yaxes(tickmode="linear", tick0=0, dtick=step, tickformat=",d", **where)


# ---------------------------------------------------------------- dates in the language


def _ts(d) -> pd.Timestamp:
    return pd.Timestamp(d).normalize()


def month_ticks(lo, hi, lang: str, max_ticks: int = 9) -> tuple[list[pd.Timestamp], list[str]]:
    """Month ticks between ``lo`` and ``hi`` labelled in the language (``Des`` / ``Dec``),
    with the year under the first tick and under every January; every 1, 2, 3, 6 or 12
    months so that at most ``max_ticks`` fit."""
    lo, hi = _ts(lo), _ts(hi)
    if hi < lo:
        lo, hi = hi, lo
    names = MONTHS_SHORT[lang if lang in MONTHS_SHORT else "id"]
    if (hi - lo).days <= 75:  # a short period: ticks on Mondays (every 1, 2 or 3 weeks)
        monday = lo + pd.Timedelta(days=(7 - lo.weekday()) % 7)
        n_weeks = max(1, (hi - monday).days // 7 + 1)
        step = next((s for s in (1, 2, 3, 4) if math.ceil(n_weeks / s) <= max_ticks), 4)
        vals, texts = [], []
        cur = monday
        while cur <= hi:
            label = f"{cur.day} {names[cur.month - 1]}"
            if not vals:
                label += f"<br>{cur.year}"
            vals.append(cur)
            texts.append(label)
            cur = cur + pd.Timedelta(days=7 * step)
        if vals:
            return vals, texts
    first = pd.Timestamp(lo.year, lo.month, 1)
    if first < lo:
        first = first + pd.DateOffset(months=1)
    n_months = (hi.year - first.year) * 12 + hi.month - first.month + 1
    step = next((s for s in (1, 2, 3, 6, 12) if math.ceil(max(n_months, 1) / s) <= max_ticks), 12)
    vals, texts = [], []
    cur = first
    while cur <= hi:
        if (cur.month - 1) % step == 0 or step == 1:
            label = names[cur.month - 1]
            if not vals or cur.month == 1:
                label += f"<br>{cur.year}"
            vals.append(cur)
            texts.append(label)
        cur = cur + pd.DateOffset(months=1)
    if not vals:  # a range inside one month: its first day
        vals, texts = [lo], [f"{lo.day} {names[lo.month - 1]}<br>{lo.year}"]
    return vals, texts


def _date_axis(fig: go.Figure, lo, hi, style: ChartStyle, *, max_ticks: int | None = None, **where) -> None:
    vals, texts = month_ticks(lo, hi, style.lang, max_ticks or (8 if style.present else 12))
    fig.update_xaxes(type="date", tickmode="array", tickvals=vals, ticktext=texts, **where)


def _period_label(d, freq: str, lang: str) -> str:
    d = _ts(d).date()
    if freq == "week":
        end = d + dt.timedelta(days=6)
        return f"{format_date(d, lang, short=True)} – {format_date(end, lang, short=True)}"
    return format_month(d, lang, short=False)


DAY_MS = 24 * 3600 * 1000


def _period_props(freq: str) -> dict:
    if freq == "week":
        return dict(xperiod=7 * DAY_MS, xperiodalignment="middle")
    return dict(xperiod="M1", xperiodalignment="middle")


def _bar_widths(periods, freq: str, share: float = 0.86) -> list[float]:
    """Explicit bar widths (ms): plotly cannot infer a width from a single bar."""
    if freq == "week":
        return [7 * DAY_MS * share] * len(periods)
    return [_ts(p).days_in_month * DAY_MS * share for p in periods]


def _stage_label(stage: str, max_len: int = 38) -> str:
    return stage if len(stage) <= max_len else stage[: max_len - 1] + "…"


def _x_extent(counts: pd.DataFrame, stage_df: pd.DataFrame, x_range, freq: str):
    """The dates the x axis spans: the filtered period when given, else data and stages."""
    lo = hi = None
    if x_range and x_range[0] is not None:
        lo = _ts(x_range[0])
    if x_range and x_range[1] is not None:
        hi = _ts(x_range[1])
    cands_lo, cands_hi = [], []
    if not counts.empty:
        cands_lo.append(_ts(counts["period"].min()))
        last = _ts(counts["period"].max())
        cands_hi.append(last + (pd.Timedelta(days=7) if freq == "week" else pd.DateOffset(months=1)))
    if not stage_df.empty:
        cands_lo.append(_ts(stage_df["start"].min()))
        cands_hi.append(_ts(stage_df["end"].max()) + pd.Timedelta(days=1))
    lo = lo if lo is not None else (min(cands_lo) if cands_lo else None)
    hi = hi if hi is not None else (max(cands_hi) if cands_hi else None)
    return lo, hi


# ---------------------------------------------------------------- meetings over time


def _bar_traces(counts: pd.DataFrame, style: ChartStyle, by: str, freq: str) -> list[go.Bar]:
    """Stacked bars per period, one trace per activity kind (or level), each bar clickable."""
    colors = ACTIVITY_COLORS if by == "activity" else LEVEL_COLORS
    label = activity_label if by == "activity" else level_label
    order = list(ACTIVITY_COLORS) if by == "activity" else LEVEL_ORDER
    if counts.empty:
        return []
    known = set(counts[by].dropna())
    present = [k for k in order if (k in known if k is not None else counts[by].isna().any())]
    traces = []
    for key in present:
        sub = counts[counts[by] == key] if key is not None else counts[counts[by].isna()]
        name = label(key, style.lang)
        periods = [_period_label(p, freq, style.lang) for p in sub["period"]]
        nums = [format_number(v, style.lang) for v in sub["n"]]
        traces.append(
            go.Bar(
                x=sub["period"],
                y=sub["n"],
                name=name,
                marker_color=colors.get(key, "#999999"),
                customdata=[["period", _ts(p).date().isoformat(), by, key or ""] for p in sub["period"]],
                hovertext=[f"{html.escape(name)}<br>{p}: <b>{n}</b>" for p, n in zip(periods, nums)],
                hovertemplate="%{hovertext}<extra></extra>",
                width=_bar_widths(sub["period"], freq),
                **_period_props(freq),
            )
        )
    return traces


def _lanes(stage_df: pd.DataFrame) -> list[int]:
    """Pack stages into as few rows as possible (a stage goes in the first row free by its start)."""
    ends: list[pd.Timestamp] = []
    lanes = []
    for _, s in stage_df.iterrows():
        start, end = _ts(s["start"]), _ts(s["end"])
        for i, e in enumerate(ends):
            if start > e:
                ends[i] = end
                lanes.append(i)
                break
        else:
            ends.append(end)
            lanes.append(len(ends) - 1)
    return lanes


def _text_px(text: str, size: int) -> float:
    """Rough width of a label in pixels (sans-serif, average glyph ~0.53 em)."""
    return len(text) * size * 0.53 + 8


def _stage_bands(fig: go.Figure, sdf: pd.DataFrame, lanes: list[int], style: ChartStyle, lo, hi) -> None:
    """Stages as shaded bands in the lower panel. A stage is named inside its band when the
    name fits, otherwise beside it when the lane has room, otherwise only in its tooltip;
    names never shrink below ``style.small_font``."""
    palette = STAGE_COLORS_DARK if style.dark else STAGE_COLORS
    size = style.small_font
    plot_px = 1240 if style.present else 1150  # the plot area on a 1366-wide screen
    span_days = max(1.0, (hi - lo).total_seconds() / 86400) if lo is not None and hi is not None else 365.0
    px_per_day = plot_px / span_days
    bands = []
    for i, s in sdf.iterrows():
        start = _ts(s["start"])
        end = _ts(s["end"]) + pd.Timedelta(days=1)
        if lo is not None and start < lo:
            start = lo
        if hi is not None and end > hi:
            end = hi
        if end <= start:
            continue
        bands.append((i, s, start, end))
    taken: dict[int, list[tuple[float, float]]] = {}
    for i, s, start, end in bands:  # the bands themselves occupy their lane
        x0 = (start - lo).total_seconds() / 86400 * px_per_day if lo is not None else 0
        x1 = x0 + (end - start).total_seconds() / 86400 * px_per_day
        taken.setdefault(lanes[i], []).append((x0, x1))

    def free(lane: int, a: float, b: float) -> bool:
        return a >= 0 and b <= plot_px and all(b <= x0 or a >= x1 for x0, x1 in taken.get(lane, []))

    for i, s, start, end in bands:
        name = stage_label(str(s["stage"]), style.lang)
        when = f"{format_date(_ts(s['start']).date(), style.lang)} – {format_date(_ts(s['end']).date(), style.lang)}"
        x0 = (start - lo).total_seconds() / 86400 * px_per_day if lo is not None else 0
        x1 = x0 + (end - start).total_seconds() / 86400 * px_per_day
        need = _text_px(name, size)
        inside = need <= (x1 - x0)
        fig.add_trace(
            go.Bar(
                base=[start.strftime("%Y-%m-%dT%H:%M:%S")],
                x=[(end - start).total_seconds() * 1000],
                y=[lanes[i]],
                orientation="h",
                width=0.9,
                marker=dict(color=palette[i % len(palette)], line=dict(color=style.grid, width=1)),
                text=[html.escape(name) if inside else ""],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=size, color=style.fg),
                showlegend=False,
                hovertext=[f"<b>{html.escape(name)}</b><br>{when}"],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=2, col=1,
        )
        if inside:
            continue
        for a, b, anchor, x in ((x1 + 2, x1 + 2 + need, "left", end), (x0 - 2 - need, x0 - 2, "right", start)):
            if free(lanes[i], a, b):
                taken[lanes[i]].append((a, b))
                fig.add_annotation(
                    x=x, y=lanes[i], xref="x2", yref="y2", text=html.escape(name), showarrow=False,
                    xanchor=anchor, yanchor="middle", font=dict(size=size, color=style.muted),
                    xshift=3 if anchor == "left" else -3,
                )
                break
    # names inside bands that would have to shrink are hidden instead
    fig.update_layout(uniformtext=dict(minsize=size, mode="hide"))


def _legend_top(fig: go.Figure, style: ChartStyle, title: str | None, plot_px: int | None = None) -> None:
    """Room above the plot for the title and a horizontal legend that may wrap: plotly
    wraps a horizontal legend in columns as wide as its widest entry."""
    names = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name]
    plot_px = plot_px or (1250 if style.present else 1100)
    rows = 0
    if names:
        widest = max(len(n) for n in names) * style.tick_font * 0.56 + 42
        per_row = max(1, int(plot_px // widest))
        rows = -(-len(names) // per_row)
    line = style.tick_font + 9
    top = (style.title_font + 22 if title else 12) + rows * line
    fig.update_layout(margin=dict(t=int(top) + 8))


def _mark_day(fig: go.Figure, d, color: str, text: str, style: ChartStyle, *, anchor: str = "right") -> None:
    x = _ts(d)
    fig.add_shape(
        type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper",
        line=dict(color=color, width=3, dash="dash"), layer="above",
    )
    fig.add_annotation(
        x=x, y=1.0, yref="paper", xref="x",
        text=f"<b>{html.escape(text)}</b><br>{format_date(_ts(d).date(), style.lang, short=True)}",
        showarrow=False, xanchor=anchor, yanchor="top", align="right" if anchor == "right" else "left",
        font=dict(color=color, size=style.tick_font), bgcolor=style.bg, borderpad=2, xshift=-4 if anchor == "right" else 4,
    )


def timeline_figure(
    counts: pd.DataFrame,
    stage_df: pd.DataFrame,
    voting_date: dt.date | None,
    style: ChartStyle,
    *,
    freq: str = "month",
    by: str = "activity",
    today: dt.date | None = None,
    title: str | None = None,
    x_range: tuple | None = None,
    height: int | None = None,
) -> go.Figure:
    """Stacked meeting counts per period (by activity kind or level) above the election's
    stage calendar, drawn as shaded bands packed into rows and named inside the band
    where the name fits; voting day and today (when inside the period) as lines."""
    if counts.empty and stage_df.empty:
        return empty_figure(style, height=style.height(360, 420))
    lo, hi = _x_extent(counts, stage_df, x_range, freq)
    sdf = stage_df
    if not sdf.empty and lo is not None and hi is not None:
        sdf = sdf[(pd.to_datetime(sdf["end"]) >= lo) & (pd.to_datetime(sdf["start"]) <= hi)]
    sdf = sdf.sort_values(["start", "end"]).reset_index(drop=True) if not sdf.empty else sdf
    lanes = _lanes(sdf) if not sdf.empty else []
    n_lanes = max(lanes) + 1 if lanes else 0
    lane_px = 40 if style.present else 26
    total_h = height or style.height(540)
    rows = 2 if n_lanes else 1
    stage_share = min(0.45, (n_lanes * lane_px + 30) / total_h) if n_lanes else 0
    fig = make_subplots(
        rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.03,
        row_heights=[1 - stage_share, stage_share] if rows == 2 else [1.0],
    )
    for tr in _bar_traces(counts, style, by, freq):
        fig.add_trace(tr, row=1, col=1)
    fig.update_layout(barmode="stack", bargap=0.12)
    if n_lanes:
        _stage_bands(fig, sdf, lanes, style, lo, hi)
        fig.update_yaxes(
            row=2, col=1, autorange="reversed", showticklabels=False, showgrid=False, zeroline=False,
            range=[n_lanes - 0.5, -0.5], fixedrange=True,
            title_text=t("meet.stages", style.lang), title_standoff=4,
        )
    for d, color, text, anchor in (
        (voting_date, style.voting_color, t("common.voting_day", style.lang), "right"),
        (today, style.today_color, t("common.today", style.lang), "left"),
    ):
        if d is None:
            continue
        if lo is not None and hi is not None and not (lo <= _ts(d) <= hi):
            continue
        _mark_day(fig, d, color, text, style, anchor=anchor)
    fig.update_yaxes(title_text=t("meet.meetings", style.lang), row=1, col=1, rangemode="tozero", fixedrange=True)
    ymax = counts.groupby("period")["n"].sum().max() if not counts.empty else 1
    int_axis(fig, ymax, row=1, col=1)
    apply_style(fig, style, title=title, height=total_h)
    if lo is not None and hi is not None:
        fig.update_xaxes(range=[lo, hi])
        for r in range(1, rows + 1):
            _date_axis(fig, lo, hi, style, row=r, col=1)
        fig.update_xaxes(showticklabels=False, row=1, col=1)
        fig.update_xaxes(showticklabels=True, row=rows, col=1)
    fig.update_layout(
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left", title_text="", traceorder="normal"),
        hovermode="closest",
    )
    _legend_top(fig, style, title)
    return fig


def level_figure(
    counts: pd.DataFrame, style: ChartStyle, *, freq: str = "month", title: str | None = None,
    x_range: tuple | None = None, voting_date: dt.date | None = None, height: int | None = None,
) -> go.Figure:
    """Meetings per period by the level of the body that held them (national, province,
    kab/kota), stacked; each bar clickable."""
    if counts.empty:
        return empty_figure(style, height=style.height(320, 420))
    fig = go.Figure(_bar_traces(counts, style, "level", freq))
    fig.update_layout(barmode="stack", bargap=0.12, hovermode="closest")
    fig.update_yaxes(title_text=t("meet.meetings", style.lang), rangemode="tozero", fixedrange=True)
    int_axis(fig, counts.groupby("period")["n"].sum().max())
    apply_style(fig, style, title=title, height=height or style.height(400))
    lo, hi = _x_extent(counts, pd.DataFrame(columns=["start", "end"]), x_range, freq)
    if voting_date is not None and lo is not None and lo <= _ts(voting_date) <= hi:
        _mark_day(fig, voting_date, style.voting_color, t("common.voting_day", style.lang), style)
    if lo is not None:
        fig.update_xaxes(range=[lo, hi])
        _date_axis(fig, lo, hi, style)
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text="", traceorder="normal"))
    _legend_top(fig, style, title)
    return fig


def _jitter(event_id: int, spread: float) -> float:
    """A stable offset in [-spread, spread] from the event id (no randomness between runs)."""
    return ((zlib.crc32(str(int(event_id)).encode()) % 1000) / 999 - 0.5) * 2 * spread


def calendar_figure(
    df: pd.DataFrame, style: ChartStyle, *, title: str | None = None, selected: int | None = None,
    x_range: tuple | None = None, voting_date: dt.date | None = None, height: int | None = None,
) -> go.Figure:
    """Every meeting as a dot on its day, one row per activity kind; a click selects the
    meeting (its detail and source article open below the chart)."""
    if df.empty:
        return empty_figure(style, height=style.height(320, 420))
    order = [a for a in ACTIVITY_COLORS if a in set(df["activity"])]
    rows = {a: i for i, a in enumerate(order)}
    fig = go.Figure()
    lang = style.lang

    def hover_of(d, a, level, location, agencies, title) -> str:
        parts = [f"<b>{format_date(d, lang, weekday=True)}</b>",
                 html.escape(activity_label(a, lang)) + (f" · {html.escape(level_label(level, lang))}" if isinstance(level, str) else "")]
        for value, wrap in ((location, "{}"), (agencies, "{}"), (title, "<i>{}</i>")):
            if isinstance(value, str) and value:
                parts.append(wrap.format(html.escape(value[:90])))
        return "<br>".join(parts)

    chosen = None
    for a in order:
        sub = df[df["activity"] == a]
        ids = [int(i) for i in sub["id"]]
        ys = [rows[a] + _jitter(i, 0.28) for i in ids]
        hover = [
            hover_of(d, a, lv, loc, ag, ti)
            for d, lv, loc, ag, ti in zip(sub["event_date"], sub["level"], sub["location"], sub["agencies"], sub["article_title"])
        ]
        if selected is not None and selected in ids:
            k = ids.index(selected)
            chosen = (pd.Timestamp(sub["event_date"].iloc[k]), ys[k], hover[k], ACTIVITY_COLORS.get(a, "#999999"))
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(sub["event_date"]),
                y=ys,
                mode="markers",
                name=activity_label(a, lang),
                marker=dict(color=ACTIVITY_COLORS.get(a, "#999999"), size=11 if style.present else 8, opacity=0.85,
                            line=dict(color=style.bg, width=0.5)),
                customdata=[["event", i] for i in ids],
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    if chosen is not None:  # the open meeting, drawn large on top
        fig.add_trace(
            go.Scatter(
                x=[chosen[0]], y=[chosen[1]], mode="markers", showlegend=False,
                marker=dict(color=chosen[3], size=22, line=dict(color=style.fg, width=3)),
                customdata=[["event", selected]], hovertext=[chosen[2]], hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_yaxes(
        tickmode="array", tickvals=list(range(len(order))),
        ticktext=[activity_label(a, style.lang) for a in order],
        autorange="reversed", showgrid=True, zeroline=False, fixedrange=True,
        range=[len(order) - 0.5, -0.5],
    )
    n = len(order)
    h = height or style.height(max(300, 46 * n + 140))
    apply_style(fig, style, title=title, height=h)
    fig.update_layout(hovermode="closest", dragmode="pan")
    lo, hi = (x_range or (None, None))
    lo = _ts(lo) if lo is not None else _ts(pd.to_datetime(df["event_date"]).min()) - pd.Timedelta(days=3)
    hi = _ts(hi) if hi is not None else _ts(pd.to_datetime(df["event_date"]).max()) + pd.Timedelta(days=3)
    if voting_date is not None and lo <= _ts(voting_date) <= hi:
        _mark_day(fig, voting_date, style.voting_color, t("common.voting_day", style.lang), style)
    fig.update_xaxes(range=[lo, hi])
    _date_axis(fig, lo, hi, style)
    return fig


# ---------------------------------------------------------------- agencies


def agency_order(df: pd.DataFrame, value: str = "n", top: int | None = None) -> list[str]:
    """Agencies by total, most active first (name breaks ties)."""
    if df.empty:
        return []
    tot = df.groupby("agency")[value].sum().reset_index().sort_values([value, "agency"], ascending=[False, True])
    names = list(tot["agency"])
    return names[:top] if top else names


def agency_small_multiples(
    df: pd.DataFrame, style: ChartStyle, *, freq: str = "month", title: str | None = None,
    agencies: list[str] | None = None, cols: int | None = None, x_range: tuple | None = None,
    height: int | None = None,
) -> go.Figure:
    """One small bar chart per agency on a shared scale (most active first); a click on a
    bar selects that agency and period."""
    if df.empty:
        return empty_figure(style, height=style.height(320, 420))
    names = agencies or agency_order(df)
    names = [a for a in names if a in set(df["agency"])] or agency_order(df)
    n = len(names)
    cols = cols or (4 if n > 6 else (3 if n > 4 else max(1, n)))
    nrows = math.ceil(n / cols)
    totals = df.groupby("agency")["n"].sum()
    titles = [f"<b>{html.escape(a)}</b> · {format_number(int(totals.get(a, 0)), style.lang)}" for a in names]
    fig = make_subplots(
        rows=nrows, cols=cols, shared_xaxes=True, shared_yaxes=True, subplot_titles=titles,
        vertical_spacing=min(0.16, (0.5 / nrows) if nrows > 1 else 0.1), horizontal_spacing=0.025,
    )
    ymax = max(1, int(df["n"].max()))
    lo, hi = _x_extent(df.rename(columns={"agency": "_a"}), pd.DataFrame(columns=["start", "end"]), x_range, freq)
    for k, a in enumerate(names):
        sub = df[df["agency"] == a].sort_values("period")
        r, c = k // cols + 1, k % cols + 1
        fig.add_trace(
            go.Bar(
                x=sub["period"], y=sub["n"], name=a, showlegend=False,
                marker_color=ACTIVITY_COLORS["rakor"],
                customdata=[["agency", a, _ts(p).date().isoformat()] for p in sub["period"]],
                hovertext=[
                    f"<b>{html.escape(a)}</b><br>{_period_label(p, freq, style.lang)}: <b>{format_number(v, style.lang)}</b>"
                    for p, v in zip(sub["period"], sub["n"])
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                width=_bar_widths(sub["period"], freq),
                **_period_props(freq),
            ),
            row=r, col=c,
        )
    apply_style(fig, style, title=title, height=height or style.height(max(320, 190 * nrows + 80)))
    fig.update_layout(bargap=0.1, hovermode="closest")
    fig.update_yaxes(range=[0, ymax * 1.08], fixedrange=True)
    int_axis(fig, ymax * 2.5)  # about three ticks per small chart
    # ticks away from the panel edges, so neighbouring panels' labels do not touch
    margin = (hi - lo) * 0.06
    vals, texts = month_ticks(lo + margin, hi - margin, style.lang, 3 if cols >= 4 else 4)
    fig.update_xaxes(type="date", range=[lo, hi], tickmode="array", tickvals=vals, ticktext=texts)
    for ann in fig.layout.annotations:  # the subplot titles
        ann.font = dict(size=style.tick_font, color=style.fg)
    if title:
        fig.update_layout(margin=dict(t=(100 if style.present else 80)))
    return fig


def _click_layer(xs: list, ys: list, custom: list, hover: list, **props) -> go.Scatter:
    """Invisible points at the cell centres of a heatmap: plotly selects no heatmap cells,
    so these carry the click (and the tooltip) of each cell."""
    return go.Scatter(
        x=xs, y=ys, mode="markers", showlegend=False,
        marker=dict(size=24, symbol="square", color="rgba(0,0,0,0)", line=dict(width=0)),
        selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
        customdata=custom, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        **props,
    )


def agency_heatmap(
    df: pd.DataFrame, style: ChartStyle, *, freq: str = "month", title: str | None = None,
    agencies: list[str] | None = None, x_range: tuple | None = None, height: int | None = None,
) -> go.Figure:
    """Agency x period: meetings per cell, numbers written in the cells when they fit; a
    click on a cell selects that agency and period."""
    if df.empty:
        return empty_figure(style, height=style.height(320, 420))
    names = agencies or agency_order(df)
    names = [a for a in names if a in set(df["agency"])]
    lo, hi = _x_extent(df, pd.DataFrame(columns=["start", "end"]), x_range, freq)
    step = pd.Timedelta(days=7) if freq == "week" else pd.DateOffset(months=1)
    periods = []
    cur = _ts(df["period"].min())
    last = _ts(df["period"].max())
    while cur <= last:
        periods.append(cur)
        cur = cur + step
    grid = df.pivot_table(index="agency", columns="period", values="n", aggfunc="sum", fill_value=0)
    grid = grid.reindex(index=names, columns=periods, fill_value=0)
    z = grid.values.tolist()
    labels = [_period_label(p, freq, style.lang) for p in periods]
    hover = [
        [f"<b>{html.escape(a)}</b><br>{labels[j]}: <b>{format_number(z[i][j], style.lang)}</b>" for j in range(len(periods))]
        for i, a in enumerate(names)
    ]
    custom = [[["cell", p.date().isoformat(), a] for p in periods] for a in names]
    show_text = len(periods) <= (18 if style.present else 26)
    fig = go.Figure(
        go.Heatmap(
            z=z, x=periods, y=names,
            colorscale=HEAT_SCALE_DARK if style.dark else HEAT_SCALE,
            xgap=2, ygap=2, zmin=0,
            hoverinfo="skip",
            texttemplate="%{z:,d}" if show_text else None,
            textfont=dict(size=style.small_font if style.present else 11),
            colorbar=dict(
                title=dict(text=t("meet.meetings", style.lang), font=dict(size=style.tick_font)),
                tickfont=dict(size=style.tick_font), thickness=14 if not style.present else 18, tickformat=",d",
            ),
            **({"xperiod": "M1", "xperiodalignment": "middle"} if freq == "month" else {}),
        )
    )
    month = {"xperiod": "M1", "xperiodalignment": "middle"} if freq == "month" else {}
    fig.add_trace(
        _click_layer(
            [p for _ in names for p in periods], [a for a in names for _ in periods],
            [c for row in custom for c in row], [h for row in hover for h in row], **month,
        )
    )
    apply_style(fig, style, title=title, height=height or style.height(max(300, 34 * len(names) + 140)))
    fig.update_layout(hovermode="closest", hoverdistance=80)
    fig.update_yaxes(autorange="reversed", showgrid=False, fixedrange=True, type="category")
    fig.update_xaxes(showgrid=False)
    _date_axis(fig, periods[0], periods[-1], style)
    return fig


def co_participation_figure(
    pairs: pd.DataFrame, totals: pd.DataFrame, style: ChartStyle, *, title: str | None = None, top: int = 12,
    height: int | None = None,
) -> go.Figure:
    """Which bodies meet together: a symmetric matrix of the ``top`` agencies with the number
    of shared meetings in each cell (the diagonal, left blank, is in the row labels); a
    click on a cell selects the pair (meetings both attended)."""
    if pairs.empty or totals.empty:
        return empty_figure(style, height=style.height(320, 420))
    names = list(totals.sort_values(["n", "agency"], ascending=[False, True])["agency"])[:top]
    idx = {a: i for i, a in enumerate(names)}
    n = len(names)
    z: list[list[float | None]] = [[None] * n for _ in range(n)]
    for a, b, v in pairs[["a", "b", "n"]].itertuples(index=False):
        if a in idx and b in idx:
            z[idx[a]][idx[b]] = v
            z[idx[b]][idx[a]] = v
    tot = dict(zip(totals["agency"], totals["n"]))
    labels = [f"{a} ({format_number(int(tot.get(a, 0)), style.lang)})" for a in names]
    hover = [
        [
            (
                f"<b>{html.escape(names[i])} + {html.escape(names[j])}</b><br>"
                + t("meet.shared_n", style.lang, n=format_number(z[i][j] or 0, style.lang))
            )
            if i != j
            else f"<b>{html.escape(names[i])}</b><br>{t('meet.meetings', style.lang)}: {format_number(int(tot.get(names[i], 0)), style.lang)}"
            for j in range(n)
        ]
        for i in range(n)
    ]
    custom = [[["pair", names[i], names[j]] if i != j else ["agency", names[i]] for j in range(n)] for i in range(n)]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=names, y=labels,
            colorscale=HEAT_SCALE_DARK if style.dark else HEAT_SCALE,
            xgap=2, ygap=2, zmin=0, hoverongaps=False,
            hoverinfo="skip",
            texttemplate="%{z:,d}", textfont=dict(size=style.small_font if style.present else 11),
            colorbar=dict(
                title=dict(text=t("meet.shared", style.lang), font=dict(size=style.tick_font)),
                tickfont=dict(size=style.tick_font), thickness=14 if not style.present else 18, tickformat=",d",
            ),
        )
    )
    fig.add_trace(
        _click_layer(
            [names[j] for i in range(n) for j in range(n)], [labels[i] for i in range(n) for j in range(n)],
            [custom[i][j] for i in range(n) for j in range(n)], [hover[i][j] for i in range(n) for j in range(n)],
        )
    )
    apply_style(fig, style, title=title, height=height or style.height(max(360, 38 * n + 160)))
    fig.update_layout(hovermode="closest", hoverdistance=80)
    fig.update_yaxes(autorange="reversed", showgrid=False, fixedrange=True, type="category")
    fig.update_xaxes(showgrid=False, side="bottom", tickangle=-35 if n > 8 else 0, fixedrange=True, type="category")
    return fig


def change_figure(
    df: pd.DataFrame, style: ChartStyle, *, title: str | None = None, label_col: str = "agency",
    kind: str = "agency", height: int | None = None, top: int | None = None,
) -> go.Figure:
    """The change flags as a dot plot: for each agency (or region) the meetings expected in
    4 weeks at the pace of the 12 before (open dot) and those held in the last 4 weeks
    (filled, coloured by the flag), joined by a line; a click selects the agency."""
    d = df[df["flag"] != "inactive"] if not df.empty else df
    colors = FLAG_COLORS_DARK if style.dark else FLAG_COLORS
    if top:
        d = d.head(top)
    if d.empty:
        return empty_figure(style, height=style.height(300, 420))
    labels = list(d[label_col])
    fig = go.Figure()
    for _, r in d.iterrows():
        fig.add_trace(
            go.Scatter(
                x=[r["expected"], r["recent"]], y=[r[label_col]] * 2, mode="lines",
                line=dict(color=colors[r["flag"]], width=4 if style.present else 3),
                hoverinfo="skip", showlegend=False,
            )
        )
    hover = [
        f"<b>{html.escape(str(r[label_col]))}</b><br>"
        + t("meet.change_hover", style.lang,
            recent=format_number(int(r["recent"]), style.lang),
            before=format_number(int(r["before"]), style.lang),
            expected=format_number(float(r["expected"]), style.lang, 1))
        for _, r in d.iterrows()
    ]
    custom = [[kind, r[label_col]] if kind == "agency" else ["region", r.get("code", "")] for _, r in d.iterrows()]
    fig.add_trace(
        go.Scatter(
            x=d["expected"], y=labels, mode="markers", name=t("meet.expected", style.lang),
            marker=dict(symbol="circle-open", size=16 if style.present else 12, color=style.muted, line=dict(width=3)),
            customdata=custom, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.add_trace(  # the flag, written right of the pair of dots so it never covers the line
        go.Scatter(
            x=[max(e, r) for e, r in zip(d["expected"], d["recent"])], y=labels, mode="text", showlegend=False,
            text=[f"   {FLAG_SYMBOLS[f]} {t('flag.' + f, style.lang)}" for f in d["flag"]],
            textposition="middle right",
            textfont=dict(size=style.tick_font, color=[colors[f] for f in d["flag"]]),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=d["recent"], y=labels, mode="markers", name=t("meet.recent", style.lang),
            marker=dict(size=18 if style.present else 13, color=[colors[f] for f in d["flag"]]),
            customdata=custom, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    xmax = float(max(d["expected"].max(), d["recent"].max(), 1))
    fig.update_xaxes(
        range=[-xmax * 0.025 - 0.15, xmax * 1.35 + 1], title_text=t("meet.per_4_weeks", style.lang), fixedrange=True,
        tickformat=",d", zeroline=False,
    )
    fig.update_yaxes(autorange="reversed", type="category", fixedrange=True)
    apply_style(fig, style, title=title, height=height or style.height(max(300, 40 * len(d) + 150)))
    longest = max(len(t("meet.expected", style.lang)), len(t("meet.recent", style.lang)))
    fig.update_layout(
        hovermode="closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, entrywidthmode="pixels",
                    entrywidth=int(longest * style.tick_font * 0.62 + 40)),
    )
    if title:
        fig.update_layout(margin=dict(t=(110 if style.present else 84)))
    return fig


# ---------------------------------------------------------------- foundation figures (Ringkasan, old Instansi)


def monthly_bar(counts: pd.DataFrame, style: ChartStyle, *, title: str | None = None) -> go.Figure:
    """Total events per month (a compact overview)."""
    if counts.empty:
        return empty_figure(style)
    total = counts.groupby("period", as_index=False)["n"].sum()
    fig = go.Figure(
        go.Bar(
            x=total["period"],
            y=total["n"],
            marker_color=ACTIVITY_COLORS["rakor"],
            hovertext=[f"{format_month(_ts(p).date(), style.lang, short=False)}: <b>{format_number(v, style.lang)}</b>"
                       for p, v in zip(total["period"], total["n"])],
            hovertemplate="%{hovertext}<extra></extra>",
            width=_bar_widths(total["period"], "month"),
            **_period_props("month"),
        )
    )
    fig.update_yaxes(title_text=t("common.events", style.lang), rangemode="tozero", tickformat=",d")
    apply_style(fig, style, title=title, height=480 if style.present else 320)
    lo = _ts(total["period"].min())
    hi = _ts(total["period"].max()) + pd.DateOffset(months=1)
    fig.update_xaxes(range=[lo, hi])
    _date_axis(fig, lo, hi, style)
    return fig


def agency_lines(df: pd.DataFrame, style: ChartStyle, *, title: str | None = None, top: int = 8) -> go.Figure:
    """Events per agency per period, for the ``top`` most active agencies."""
    if df.empty:
        return empty_figure(style)
    keep = agency_order(df, top=top)
    fig = go.Figure()
    palette = list(ACTIVITY_COLORS.values())
    for i, agency in enumerate(keep):
        sub = df[df["agency"] == agency].sort_values("period")
        fig.add_trace(
            go.Scatter(
                x=sub["period"],
                y=sub["n"],
                mode="lines+markers",
                name=agency,
                line=dict(width=4 if style.present else 2.5, color=palette[i % len(palette)]),
                marker=dict(size=9 if style.present else 6),
                customdata=[["agency", agency, _ts(p).date().isoformat()] for p in sub["period"]],
                hovertext=[f"{html.escape(agency)}<br>{format_month(_ts(p).date(), style.lang)}: {format_number(v, style.lang)}"
                           for p, v in zip(sub["period"], sub["n"])],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=t("common.events", style.lang), rangemode="tozero", tickformat=",d")
    apply_style(fig, style, title=title, height=600 if style.present else 420)
    lo, hi = _ts(df["period"].min()), _ts(df["period"].max())
    _date_axis(fig, lo, hi, style)
    return fig


def agency_totals_bar(df: pd.DataFrame, style: ChartStyle, *, title: str | None = None) -> go.Figure:
    if df.empty:
        return empty_figure(style)
    d = df.sort_values("events")
    fig = go.Figure(
        go.Bar(
            x=d["events"],
            y=d["agency"],
            orientation="h",
            marker_color=ACTIVITY_COLORS["rakor"],
            text=[format_number(v, style.lang) for v in d["events"]],
            textposition="outside",
            customdata=[["agency", a] for a in d["agency"]],
            hovertemplate="%{y}: %{x:,d}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=t("common.events", style.lang), tickformat=",d")
    return apply_style(
        fig, style, title=title,
        height=max(300, 40 * len(d) + 80) if not style.present else max(420, 56 * len(d) + 100),
    )
