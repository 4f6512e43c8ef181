"""Figures of Instansi (agency small multiples, agency x period heatmap, co-participation
matrix, change flags) and of Ringkasan (events per month). DataFrame in, plotly Figure out;
no Streamlit."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.axes import (
    _bar_widths, _date_axis, _period_label, _period_props, _ts, _x_extent, month_ticks,
)
from dashboard.charts.style import (
    FLAG_COLORS, FLAG_COLORS_DARK, FLAG_SYMBOLS, HEAT_SCALE, HEAT_SCALE_DARK, ChartStyle,
    agency_color, apply_style, empty_figure, int_axis, int_step, int_ticks,
)
from dashboard.i18n import format_month, format_number, t

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
    height: int | None = None, totals: pd.DataFrame | None = None,
) -> go.Figure:
    """One small bar chart per agency on a shared scale (most active first), in the
    agency's colour; a click on a bar selects that agency and period. ``totals`` (agency,
    n): every meeting of the agency, dated or not, for the panel titles, so an agency has
    one count on the page (the page notes the undated meetings the bars leave out)."""
    if df.empty:
        return empty_figure(style, height=style.height(320, 420))
    names = agencies or agency_order(df)
    names = [a for a in names if a in set(df["agency"])] or agency_order(df)
    n = len(names)
    cols = cols or (4 if n > 6 else (3 if n > 4 else max(1, n)))
    nrows = math.ceil(n / cols)
    tot = dict(zip(totals["agency"], totals["n"])) if totals is not None and not totals.empty else \
        df.groupby("agency")["n"].sum().to_dict()
    titles = [f"<b>{html.escape(a)}</b> · {format_number(int(tot.get(a, 0)), style.lang)}" for a in names]
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
                marker_color=agency_color(a, style.dark),
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
                tickfont=dict(size=style.tick_font), thickness=14 if not style.present else 18,
                **int_ticks(max((max(row) for row in z), default=1), 5),
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
    _date_axis(fig, periods[0], periods[-1], style, freq=freq)
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
                tickfont=dict(size=style.tick_font), thickness=14 if not style.present else 18,
                **int_ticks(max((v or 0 for row in z for v in row), default=1), 5),
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
        steady = r["flag"] == "steady"
        fig.add_trace(  # a change that is no flag is no bar: a thin dotted line
            go.Scatter(
                x=[r["expected"], r["recent"]], y=[r[label_col]] * 2, mode="lines",
                line=dict(color=colors[r["flag"]], width=1.5 if steady else (4 if style.present else 3),
                          dash="dot" if steady else "solid"),
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
    step = int_step(xmax, 6) or 1
    ticks = list(range(0, int(math.ceil(xmax / step)) * step + 1, step))
    # room right of the data for the flags' names, but no ticks past the data
    longest = max(len(t("flag." + f, style.lang)) for f in d["flag"]) + 3
    room = xmax * (longest * style.tick_font * 0.55 + 20) / (1100 if style.present else 850)
    fig.update_xaxes(
        range=[-xmax * 0.025 - 0.15, max(ticks[-1], xmax) + room], title_text=t("meet.per_4_weeks", style.lang),
        fixedrange=True, tickmode="array", tickvals=ticks, ticktext=[format_number(v, style.lang) for v in ticks],
        zeroline=False,
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
            marker_color=style.total_color,
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
    _date_axis(fig, lo, hi, style, freq="month")
    return fig


def agency_lines(df: pd.DataFrame, style: ChartStyle, *, title: str | None = None, top: int = 8) -> go.Figure:
    """Events per agency per period, for the ``top`` most active agencies."""
    if df.empty:
        return empty_figure(style)
    keep = agency_order(df, top=top)
    fig = go.Figure()
    for agency in keep:
        sub = df[df["agency"] == agency].sort_values("period")
        fig.add_trace(
            go.Scatter(
                x=sub["period"],
                y=sub["n"],
                mode="lines+markers",
                name=agency,
                line=dict(width=4 if style.present else 2.5, color=agency_color(agency, style.dark)),
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
            marker_color=[agency_color(a, style.dark) for a in d["agency"]],
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
