"""Figures of Rapat Koordinasi: meetings over time against the stage calendar, by level,
and the meeting calendar. DataFrame in, plotly Figure out; no Streamlit."""

from __future__ import annotations

import datetime as dt
import html
import zlib

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.axes import (
    _bar_widths, _date_axis, _period_label, _period_props, _ts, _x_extent,
)
from dashboard.charts.style import (
    ACTIVITY_COLORS, LEVEL_ORDER, STAGE_COLORS, STAGE_COLORS_DARK, ChartStyle, apply_style,
    empty_figure, int_axis,
)
from dashboard.i18n import activity_label, format_date, format_number, level_label, stage_label, t

def _bar_traces(counts: pd.DataFrame, style: ChartStyle, by: str, freq: str) -> list[go.Bar]:
    """Stacked bars per period, one trace per activity kind (or level), each bar clickable."""
    colors = ACTIVITY_COLORS if by == "activity" else style.level_colors
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


HEADROOM = 0.24  # share of a count panel's height kept free above the tallest bar for day labels


def headroom_top(ymax: float) -> float:
    """The top of a count axis that leaves ``HEADROOM`` of the panel above the tallest bar,
    where the voting-day and today labels sit: a label never covers a bar."""
    return max(1.0, float(ymax or 0)) / (1 - HEADROOM)


def _mark_day(fig: go.Figure, d, color: str, text: str, style: ChartStyle, *, anchor: str = "right",
              line: int = 0, lo=None, hi=None) -> None:
    """A dashed line on day ``d`` with its name on one line at the top of the panel, in the
    headroom the count axis leaves free (``headroom_top``), without a box; ``line`` 1 puts
    it under another day's label. Near the right end of the axis the name goes left of the
    line, near the left end right of it, so it never runs off the chart."""
    x = _ts(d)
    if lo is not None and hi is not None and hi > lo:
        share = (x - _ts(lo)) / (_ts(hi) - _ts(lo))
        anchor = "right" if share > 0.6 else ("left" if share < 0.4 else anchor)
    fig.add_shape(
        type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper",
        line=dict(color=color, width=3, dash="dash"), layer="above",
    )
    fig.add_annotation(
        x=x, y=1.0, yref="paper", xref="x",
        text=f"<b>{html.escape(text)}</b> {format_date(_ts(d).date(), style.lang, short=True)}",
        showarrow=False, xanchor=anchor, yanchor="top", align="right" if anchor == "right" else "left",
        font=dict(color=color, size=style.tick_font), borderpad=2, xshift=-5 if anchor == "right" else 5,
        yshift=-line * int(style.tick_font * 1.35),
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
    today_label: str | None = None,
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
    n_marks = 0
    for d, color, text, anchor in (
        (voting_date, style.voting_color, t("common.voting_day", style.lang), "right"),
        (today, style.today_color, today_label or t("common.today", style.lang), "left"),
    ):
        if d is None:
            continue
        if lo is not None and hi is not None and not (lo <= _ts(d) <= hi):
            continue
        _mark_day(fig, d, color, text, style, anchor=anchor, line=n_marks, lo=lo, hi=hi)
        n_marks += 1
    fig.update_yaxes(title_text=t("meet.meetings", style.lang), row=1, col=1, rangemode="tozero", fixedrange=True)
    ymax = counts.groupby("period")["n"].sum().max() if not counts.empty else 1
    int_axis(fig, ymax, row=1, col=1)
    fig.update_yaxes(range=[0, headroom_top(ymax)], row=1, col=1)
    apply_style(fig, style, title=title, height=total_h)
    if lo is not None and hi is not None:
        fig.update_xaxes(range=[lo, hi])
        for r in range(1, rows + 1):
            _date_axis(fig, lo, hi, style, freq=freq, row=r, col=1)
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
    ymax = counts.groupby("period")["n"].sum().max()
    int_axis(fig, ymax)
    fig.update_yaxes(range=[0, headroom_top(ymax)])
    apply_style(fig, style, title=title, height=height or style.height(400))
    lo, hi = _x_extent(counts, pd.DataFrame(columns=["start", "end"]), x_range, freq)
    if voting_date is not None and lo is not None and lo <= _ts(voting_date) <= hi:
        _mark_day(fig, voting_date, style.voting_color, t("common.voting_day", style.lang), style, lo=lo, hi=hi)
    if lo is not None:
        fig.update_xaxes(range=[lo, hi])
        _date_axis(fig, lo, hi, style, freq=freq)
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
        autorange=False, showgrid=True, zeroline=False, fixedrange=True,
        # first row on top (a reversed range), and a free band above it for the day's label
        range=[len(order) - 0.5, -0.5 - (1.4 if voting_date is not None else 0)],
    )
    n = len(order)
    h = height or style.height(max(300, 46 * n + 140))
    apply_style(fig, style, title=title, height=h)
    fig.update_layout(hovermode="closest", dragmode="pan")
    lo, hi = (x_range or (None, None))
    lo = _ts(lo) if lo is not None else _ts(pd.to_datetime(df["event_date"]).min()) - pd.Timedelta(days=3)
    hi = _ts(hi) if hi is not None else _ts(pd.to_datetime(df["event_date"]).max()) + pd.Timedelta(days=3)
    if voting_date is not None and lo <= _ts(voting_date) <= hi:
        _mark_day(fig, voting_date, style.voting_color, t("common.voting_day", style.lang), style, lo=lo, hi=hi)
    fig.update_xaxes(range=[lo, hi])
    _date_axis(fig, lo, hi, style)
    return fig
