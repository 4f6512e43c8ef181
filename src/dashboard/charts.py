"""Figure builders: DataFrame in, plotly Figure out. No Streamlit import.

Every figure is offline-safe (no map tiles, no web fonts) and takes a ``ChartStyle`` so
presenter mode gets large type and the chosen theme, and labels follow the language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.i18n import activity_label, format_date, format_number, level_label, t

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
SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
VOTING_COLOR = "#C0392B"
TODAY_COLOR = "#2C3E50"
FONT_FAMILY = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"


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
        return 26 if self.present else 16

    @property
    def tick_font(self) -> int:
        return 18 if self.present else 12

    @property
    def dark(self) -> bool:
        return self.theme == "dark"

    @property
    def fg(self) -> str:
        return "#F5F5F5" if self.dark else "#111111"

    @property
    def bg(self) -> str:
        return "#111418" if self.dark else "#FFFFFF"

    @property
    def grid(self) -> str:
        return "#3A3F45" if self.dark else "#E3E3E3"


def apply_style(fig: go.Figure, style: ChartStyle, *, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(
        template="plotly_dark" if style.dark else "plotly_white",
        font=dict(family=FONT_FAMILY, size=style.base_font, color=style.fg),
        paper_bgcolor=style.bg,
        plot_bgcolor=style.bg,
        margin=dict(l=10, r=10, t=(110 if style.present else 90) if title else 40, b=10),
        legend=dict(font=dict(size=style.tick_font), orientation="h", yanchor="bottom", y=1.01, x=0),
        hoverlabel=dict(font=dict(size=style.tick_font)),
        separators=",." if style.lang == "id" else ".,",
    )
    if title:
        fig.update_layout(
            title=dict(text=title, font=dict(size=style.title_font), x=0, xanchor="left", y=0.99, yanchor="top")
        )
    if height:
        fig.update_layout(height=height)
    fig.update_xaxes(tickfont=dict(size=style.tick_font), gridcolor=style.grid, title_font=dict(size=style.base_font))
    fig.update_yaxes(tickfont=dict(size=style.tick_font), gridcolor=style.grid, title_font=dict(size=style.base_font))
    return fig


def empty_figure(style: ChartStyle, message: str | None = None, height: int = 300) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message or t("common.no_data", style.lang),
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


def _period_props(freq: str) -> dict:
    if freq == "week":
        return dict(xperiod=7 * 24 * 3600 * 1000, xperiodalignment="middle")
    return dict(xperiod="M1", xperiodalignment="middle")


def _stage_label(stage: str, max_len: int = 38) -> str:
    return stage if len(stage) <= max_len else stage[: max_len - 1] + "…"


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
) -> go.Figure:
    """Stacked event counts per period (by activity or level) above the stage calendar,
    with voting day and today marked."""
    if counts.empty and stage_df.empty:
        return empty_figure(style)
    n_stages = len(stage_df)
    stage_share = min(0.55, 0.12 + 0.045 * n_stages) if n_stages else 0.0
    rows = 2 if n_stages else 1
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.04,
        row_heights=[1 - stage_share, stage_share] if rows == 2 else [1.0],
    )
    colors = ACTIVITY_COLORS if by == "activity" else LEVEL_COLORS
    label = activity_label if by == "activity" else level_label
    order = list(ACTIVITY_COLORS) if by == "activity" else ["nasional", "provinsi", "kabkota", None]
    present = [k for k in order if k in set(counts[by])] if not counts.empty else []
    for key in present:
        sub = counts[counts[by] == key]
        fig.add_trace(
            go.Bar(
                x=sub["period"],
                y=sub["n"],
                name=label(key, style.lang),
                marker_color=colors.get(key, "#999999"),
                hovertemplate="%{x|%d %b %Y}<br>" + label(key, style.lang) + ": %{y}<extra></extra>",
                **_period_props(freq),
            ),
            row=1,
            col=1,
        )
    fig.update_layout(barmode="stack", bargap=0.15)
    if n_stages:
        sdf = stage_df.reset_index(drop=True)
        for i, s in sdf.iterrows():
            start = pd.Timestamp(s["start"])
            end = pd.Timestamp(s["end"]) + pd.Timedelta(days=1)
            fig.add_trace(
                go.Bar(
                    base=[start.strftime("%Y-%m-%dT%H:%M:%S")],
                    x=[(end - start).total_seconds() * 1000],
                    y=[_stage_label(s["stage"])],
                    orientation="h",
                    marker_color="#B0BEC5" if not style.dark else "#546E7A",
                    showlegend=False,
                    hovertemplate=(
                        f"<b>{s['stage']}</b><br>{format_date(start.date(), style.lang)} – "
                        f"{format_date((end - pd.Timedelta(days=1)).date(), style.lang)}<extra></extra>"
                    ),
                ),
                row=2,
                col=1,
            )
        fig.update_yaxes(
            row=2,
            col=1,
            autorange="reversed",
            categoryorder="array",
            categoryarray=[_stage_label(s) for s in sdf["stage"]],
            tickfont=dict(size=max(10, style.tick_font - 2)),
        )
    for d, color, text in (
        (voting_date, VOTING_COLOR, t("common.voting_day", style.lang)),
        (today, TODAY_COLOR, t("common.today", style.lang)),
    ):
        if d is None:
            continue
        fig.add_vline(x=pd.Timestamp(d).timestamp() * 1000, line=dict(color=color, width=3, dash="dash"))
        fig.add_annotation(
            x=pd.Timestamp(d),
            y=0.98,
            yref="paper",
            text=f"{text}<br>{format_date(d, style.lang, short=True)}",
            showarrow=False,
            xanchor="right",
            yanchor="top",
            font=dict(color=color, size=style.tick_font),
            bgcolor=style.bg,
        )
    fig.update_xaxes(type="date")
    fig.update_yaxes(title_text=t("common.events", style.lang), row=1, col=1, rangemode="tozero")
    height = (720 if style.present else 520) + (n_stages * (14 if style.present else 8))
    apply_style(fig, style, title=title, height=height)
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1.0, x=1.01, xanchor="left"))
    return fig


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
            hovertemplate="%{x|%b %Y}: %{y}<extra></extra>",
            **_period_props("month"),
        )
    )
    fig.update_yaxes(title_text=t("common.events", style.lang), rangemode="tozero")
    return apply_style(fig, style, title=title, height=480 if style.present else 320)


def agency_lines(df: pd.DataFrame, style: ChartStyle, *, title: str | None = None, top: int = 8) -> go.Figure:
    """Events per agency per period, for the ``top`` most active agencies."""
    if df.empty:
        return empty_figure(style)
    ranking = df.groupby("agency")["n"].sum().sort_values(ascending=False)
    keep = list(ranking.index[:top])
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
                hovertemplate=f"{agency}<br>%{{x|%b %Y}}: %{{y}}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=t("common.events", style.lang), rangemode="tozero")
    return apply_style(fig, style, title=title, height=600 if style.present else 420)


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
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=t("common.events", style.lang))
    return apply_style(fig, style, title=title, height=max(300, 40 * len(d) + 80) if not style.present else max(420, 56 * len(d) + 100))
