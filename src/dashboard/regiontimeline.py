"""A region's events over the election's stage calendar (the region page of Wilayah).
DataFrame in, plotly Figure out; no Streamlit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import ACTIVITY_COLORS, VOTING_COLOR, ChartStyle, apply_style, empty_figure
from dashboard.i18n import activity_label, format_date, t


def _lines(*parts: str) -> str:
    return "<br>".join(p for p in parts if p)


def region_timeline(
    events: pd.DataFrame,
    stages: pd.DataFrame,
    voting_date: dt.date | None,
    style: ChartStyle,
    *,
    ref: dt.date | None = None,
) -> go.Figure:
    """A region's events as dots per activity kind (top) over the election's stage
    calendar (bottom), with voting day and the reference date marked. ``events`` has
    ``event_date``, ``activity`` and ``agencies`` (``queries.events_table``)."""
    lang = style.lang
    ev = events[events["event_date"].notna()] if not events.empty else events
    if ev.empty and stages.empty:
        return empty_figure(style, t("regions.page.no_events", lang), height=260)
    n_stages = len(stages)
    rows = 2 if n_stages else 1
    kinds = [k for k in ACTIVITY_COLORS if not ev.empty and k in set(ev["activity"])]
    top_h = 70 + 44 * max(1, len(kinds))
    stage_h = (30 if style.present else 22) * n_stages
    fig = make_subplots(
        rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.06,
        row_heights=[top_h, stage_h] if rows == 2 else [1.0],
    )
    for kind in kinds:
        sub = ev[ev["activity"] == kind]
        label = activity_label(kind, lang)
        hover = [
            _lines(f"<b>{format_date(d, lang)}</b>", label, a or "")
            for d, a in zip(sub["event_date"], sub.get("agencies", pd.Series([""] * len(sub))))
        ]
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(d) for d in sub["event_date"]],
                y=[label] * len(sub),
                mode="markers",
                marker=dict(size=16 if style.present else 12, color=ACTIVITY_COLORS[kind],
                            line=dict(color="#1B1B1B", width=0.8), opacity=0.85),
                name=label,
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            ),
            row=1, col=1,
        )
    if not ev.empty:
        fig.update_yaxes(categoryorder="array", categoryarray=[activity_label(k, lang) for k in reversed(kinds)],
                         row=1, col=1)
    if n_stages:
        sdf = stages.reset_index(drop=True)
        for _, s in sdf.iterrows():
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
                    hovertext=_lines(f"<b>{s['stage']}</b>", f"{format_date(start.date(), lang)} – "
                                     f"{format_date((end - pd.Timedelta(days=1)).date(), lang)}"),
                    hoverinfo="text",
                ),
                row=2, col=1,
            )
        fig.update_yaxes(row=2, col=1, autorange="reversed", categoryorder="array",
                         categoryarray=[_stage_label(s) for s in sdf["stage"]],
                         tickfont=dict(size=max(11, style.tick_font - 1)))
    for d, color, key in ((voting_date, VOTING_COLOR, "common.voting_day"), (ref, "#2C3E50", "regions.reference_date")):
        if d is None or (key == "regions.reference_date" and d == voting_date):
            continue
        fig.add_vline(x=pd.Timestamp(d).timestamp() * 1000, line=dict(color=color, width=3, dash="dash"))
        fig.add_annotation(
            x=pd.Timestamp(d), y=1.0, yref="paper", yanchor="bottom", xanchor="center", showarrow=False,
            text=f"{t(key, lang)} · {format_date(d, lang, short=True)}",
            font=dict(color=color, size=style.tick_font), bgcolor=style.bg,
        )
    fig.update_xaxes(type="date")
    apply_style(fig, style, height=int(top_h + stage_h + 110))
    fig.update_layout(margin=dict(l=10, r=10, t=40, b=10), bargap=0.25)
    fig.update_xaxes(tickfont=dict(size=style.tick_font + 2))
    fig.update_yaxes(tickfont=dict(size=style.tick_font + 2), row=1, col=1)
    return fig


def _stage_label(stage: str, max_len: int = 38) -> str:
    return stage if len(stage) <= max_len else stage[: max_len - 1] + "…"
