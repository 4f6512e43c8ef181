"""Time axes in the chosen language: month (or week) ticks, period labels and widths, the
extent of a time chart. No Streamlit import."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import ChartStyle
from dashboard.i18n import MONTHS_SHORT, format_date, format_month

def _ts(d) -> pd.Timestamp:
    return pd.Timestamp(d).normalize()


def month_ticks(lo, hi, lang: str, max_ticks: int = 9, *, freq: str | None = None) -> tuple[list[pd.Timestamp], list[str]]:
    """Month ticks between ``lo`` and ``hi`` labelled in the language (``Des`` / ``Dec``),
    with the year under the first tick and under every January; every 1, 2, 3, 6 or 12
    months so that at most ``max_ticks`` fit. A short period gets ticks on Mondays, unless
    the chart counts by month (``freq="month"``: its ticks are months, as its title says)."""
    lo, hi = _ts(lo), _ts(hi)
    if hi < lo:
        lo, hi = hi, lo
    names = MONTHS_SHORT[lang if lang in MONTHS_SHORT else "id"]
    if (hi - lo).days <= 75 and freq != "month":  # a short period: ticks on Mondays (every 1, 2 or 3 weeks)
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


def _date_axis(fig: go.Figure, lo, hi, style: ChartStyle, *, max_ticks: int | None = None, freq: str | None = None,
               **where) -> None:
    vals, texts = month_ticks(lo, hi, style.lang, max_ticks or (8 if style.present else 12), freq=freq)
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
    if not counts.empty and lo is not None and hi is not None:
        # whole periods: a bar of the first or last week (month) is never cut in half
        lo = min(lo, period_floor(lo, freq))
        hi = max(hi, period_floor(hi - pd.Timedelta(days=1), freq) + (
            pd.Timedelta(days=7) if freq == "week" else pd.DateOffset(months=1)))
    return lo, hi


def period_floor(d, freq: str) -> pd.Timestamp:
    """The first day of the week (Monday) or month holding ``d``."""
    d = _ts(d)
    if freq == "week":
        return d - pd.Timedelta(days=d.weekday())
    return pd.Timestamp(d.year, d.month, 1)
