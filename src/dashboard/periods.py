"""Periods offered by the filter bar: the election's stages and recent periods up to the
reference date, and the range the date picker opens in. Pure functions, no Streamlit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import format_month, format_period, stage_label, t

MIN_DATE = dt.date(2015, 1, 1)
MAX_DATE = dt.date(2030, 12, 31)
MARGIN_DAYS = 92  # preparations: the picker reaches 4 x this before the first stage


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    start: dt.date | None
    end: dt.date | None


def _day(x) -> dt.date:
    return x.date() if isinstance(x, (pd.Timestamp, dt.datetime)) else x


def picker_range(stages: pd.DataFrame, ref: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The dates the picker allows: the election's stages with a margin on both sides (so
    the calendar opens inside the election's period, not at today); every date otherwise."""
    if stages is None or stages.empty:
        return MIN_DATE, MAX_DATE
    lo = _day(stages["start"].min()) - dt.timedelta(days=MARGIN_DAYS * 4)  # preparations start early
    hi = _day(stages["end"].max())  # the calendar opens at its last month, not at today
    if ref is not None:
        hi = max(hi, min(ref, MAX_DATE))
    return max(lo, MIN_DATE), min(hi, MAX_DATE)


def presets(stages: pd.DataFrame, ref: dt.date, lang: str) -> list[Preset]:
    """Recent periods up to the reference date, then every stage of the election."""
    out = [
        Preset("all", t("period.all", lang), None, None),
        Preset("last30", t("period.last_days", lang, n=30), ref - dt.timedelta(days=29), ref),
        Preset("last90", t("period.last_days", lang, n=90), ref - dt.timedelta(days=89), ref),
        Preset("month", t("period.month", lang, month=format_month(ref, lang, short=False)), ref.replace(day=1), ref),
    ]
    if stages is not None and not stages.empty:
        seen = set()
        for _, s in stages.iterrows():
            start, end = _day(s["start"]), _day(s["end"])
            key = f"stage:{s['stage']}"
            if key in seen:
                continue
            seen.add(key)
            out.append(Preset(key, t("period.stage", lang, stage=stage_label(str(s["stage"]), lang),
                                     period=format_period(start, end, lang, days=True)), start, end))
    return out
