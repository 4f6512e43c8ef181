"""A one-page briefing of the current view as a self-contained, printable HTML file: the
filter caption, key numbers, meetings over time against the stage calendar (inline SVG,
drawn here so the file needs no script and no network), the most active agencies with
their change flags, and the pairs of bodies that meet most. No Streamlit import.

Every piece of text from the data (agency names, stage names, the caption, the link) is
escaped; the file carries no script.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

import pandas as pd

from dashboard.charts import ACTIVITY_COLORS, FLAG_COLORS, FLAG_SYMBOLS, STAGE_COLORS, VOTING_COLOR, month_ticks
from dashboard.i18n import activity_label, format_date, format_month, format_number, stage_label, t


@dataclass
class BriefingData:
    lang: str
    title: str  # the page's name, e.g. "Rapat Koordinasi"
    caption: str  # the filters in plain language
    link: str  # the URL of the view
    numbers: dict  # from queries.meetings.key_numbers
    counts: pd.DataFrame  # period, activity, n
    stages: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["stage", "start", "end"]))
    voting_date: dt.date | None = None
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # agency, recent, before, expected, flag
    pairs: pd.DataFrame = field(default_factory=pd.DataFrame)  # a, b, n
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)  # agency, n
    reference: dt.date | None = None  # the change flags' reference date
    freq: str = "month"
    generated: dt.date = field(default_factory=dt.date.today)


def _e(s) -> str:
    return html.escape(str(s), quote=True)


# ---------------------------------------------------------------- the SVG chart


def timeline_svg(
    counts: pd.DataFrame, stages: pd.DataFrame, voting_date: dt.date | None, lang: str, *,
    freq: str = "month", width: int = 1000, height: int = 330,
) -> str:
    """Stacked bars per period by activity kind, stage bands below, voting day as a line."""
    if counts.empty:
        return f'<p class="empty">{_e(t("common.no_data", lang))}</p>'
    c = counts.copy()
    c["period"] = pd.to_datetime(c["period"])
    step = pd.Timedelta(days=7) if freq == "week" else pd.DateOffset(months=1)
    lo = c["period"].min()
    hi = c["period"].max() + step
    sdf = stages.copy() if stages is not None and not stages.empty else pd.DataFrame(columns=["stage", "start", "end"])
    if not sdf.empty:
        sdf["start"] = pd.to_datetime(sdf["start"])
        sdf["end"] = pd.to_datetime(sdf["end"])
        sdf = sdf[(sdf["end"] >= lo) & (sdf["start"] <= hi)].sort_values(["start", "end"]).reset_index(drop=True)
    lanes: list[int] = []
    ends: list[pd.Timestamp] = []
    for _, s in sdf.iterrows():
        for i, e in enumerate(ends):
            if s["start"] > e:
                ends[i] = s["end"]
                lanes.append(i)
                break
        else:
            ends.append(s["end"])
            lanes.append(len(ends) - 1)
    n_lanes = len(ends)
    left, right, top = 48, 12, 24
    lane_h = 20
    bottom_axis = 34
    stage_h = n_lanes * lane_h + (8 if n_lanes else 0)
    plot_h = height - top - bottom_axis - stage_h
    span = (hi - lo).total_seconds() or 1.0

    def x(d) -> float:
        return left + (pd.Timestamp(d) - lo).total_seconds() / span * (width - left - right)

    totals = c.groupby("period")["n"].sum()
    ymax = max(1, int(totals.max()))
    nice = next(v for v in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 10**9) if ymax / v <= 5)
    ytop = ((ymax + nice - 1) // nice) * nice

    def y(v: float) -> float:
        return top + plot_h - v / ytop * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{_e(t("meet.meetings", lang))}" font-family="Source Sans Pro, Segoe UI, Arial, sans-serif" font-size="12">'
    ]
    for v in range(0, ytop + 1, nice):
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#E3E3E3"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#333">{_e(format_number(v, lang))}</text>')
    order = [a for a in ACTIVITY_COLORS if a in set(c["activity"])]
    for p, grp in c.groupby("period"):
        x0, x1 = x(p), x(p + step)
        w = max(1.0, (x1 - x0) * 0.86)
        xm = x0 + (x1 - x0 - w) / 2
        base = 0
        for a in order:
            n = int(grp.loc[grp["activity"] == a, "n"].sum())
            if not n:
                continue
            y1, y0 = y(base + n), y(base)
            out.append(
                f'<rect x="{xm:.1f}" y="{y1:.1f}" width="{w:.1f}" height="{max(0.5, y0 - y1):.1f}" '
                f'fill="{ACTIVITY_COLORS[a]}"><title>{_e(activity_label(a, lang))}: {n}</title></rect>'
            )
            base += n
    axis_y = top + plot_h
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{axis_y}" y2="{axis_y}" stroke="#555"/>')
    sy = axis_y + 6
    for i, s in sdf.iterrows():
        s0, s1 = max(x(s["start"]), left), min(x(s["end"] + pd.Timedelta(days=1)), width - right)
        if s1 <= s0:
            continue
        yy = sy + lanes[i] * lane_h
        out.append(
            f'<rect x="{s0:.1f}" y="{yy}" width="{s1 - s0:.1f}" height="{lane_h - 3}" fill="{STAGE_COLORS[i % len(STAGE_COLORS)]}" '
            f'stroke="#BBB" stroke-width="0.5"><title>{_e(stage_label(str(s["stage"]), lang))}</title></rect>'
        )
        label = stage_label(str(s["stage"]), lang)
        if len(label) * 6.2 < (s1 - s0) - 6:
            out.append(
                f'<text x="{(s0 + s1) / 2:.1f}" y="{yy + lane_h - 7}" text-anchor="middle" font-size="11" fill="#111">{_e(label)}</text>'
            )
    ticks_y = sy + stage_h + 4
    vals, texts = month_ticks(lo, hi, lang, 12)
    for v, txt in zip(vals, texts):
        xv = x(v)
        if xv < left or xv > width - right:
            continue
        out.append(f'<line x1="{xv:.1f}" x2="{xv:.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#555"/>')
        lines = txt.split("<br>")
        out.append(f'<text x="{xv:.1f}" y="{ticks_y + 8}" text-anchor="middle" fill="#333">{_e(lines[0])}'
                   + (f'<tspan x="{xv:.1f}" dy="13">{_e(lines[1])}</tspan>' if len(lines) > 1 else "") + "</text>")
    if voting_date is not None and lo <= pd.Timestamp(voting_date) <= hi:
        xv = x(voting_date)
        out.append(f'<line x1="{xv:.1f}" x2="{xv:.1f}" y1="{top - 4}" y2="{sy + stage_h}" stroke="{VOTING_COLOR}" stroke-width="2.5" stroke-dasharray="6 4"/>')
        out.append(
            f'<text x="{xv - 4:.1f}" y="{top + 8}" text-anchor="end" fill="{VOTING_COLOR}" font-weight="bold">'
            f'{_e(t("common.voting_day", lang))} {_e(format_date(voting_date, lang, short=True))}</text>'
        )
    out.append("</svg>")
    legend = "".join(
        f'<span class="key"><i style="background:{ACTIVITY_COLORS[a]}"></i>{_e(activity_label(a, lang))}</span>' for a in order
    )
    return "".join(out) + f'<div class="legend">{legend}</div>'


# ---------------------------------------------------------------- the page

CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; color: #111; margin: 0; padding: 14px 18px; font-size: 12.5px; }
h1 { font-size: 22px; margin: 0 0 2px 0; }
.caption { font-size: 16px; font-weight: 600; margin: 0 0 4px 0; }
.meta { color: #555; font-size: 11px; margin-bottom: 8px; word-break: break-all; }
.numbers { display: flex; gap: 10px; margin: 6px 0 8px 0; }
.num { border: 1px solid #CCD; border-radius: 6px; padding: 6px 10px; flex: 1; }
.num b { display: block; font-size: 22px; }
.num span { color: #444; font-size: 11.5px; }
.grid { display: grid; grid-template-columns: 1.15fr 1fr; gap: 14px; margin-top: 6px; }
h2 { font-size: 14px; margin: 8px 0 4px 0; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #E3E3E3; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.legend { display: flex; flex-wrap: wrap; gap: 10px; font-size: 11px; margin-top: 2px; }
.key i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
.flag { font-weight: 700; }
.foot { color: #666; font-size: 10.5px; margin-top: 8px; }
.noprint { margin: 0 0 8px 0; }
@media print { .noprint { display: none; } body { padding: 0; } html { zoom: 0.8; } }
"""


def _flag_cell(flag: str, lang: str) -> str:
    return f'<span class="flag" style="color:{FLAG_COLORS.get(flag, "#555")}">{FLAG_SYMBOLS.get(flag, "")} {_e(t("flag." + flag, lang))}</span>'


def build_briefing(d: BriefingData) -> str:
    """The briefing as one HTML document (UTF-8 string)."""
    lang = d.lang
    n = d.numbers or {}
    numbers = [
        (format_number(n.get("meetings", 0), lang), t("kpi.meetings", lang)),
        (format_number(n.get("agencies", 0), lang), t("kpi.agencies", lang)),
        (format_number(n.get("regions", 0), lang), t("kpi.regions", lang)),
        (
            format_month(n["busiest_month"], lang, short=False) if n.get("busiest_month") else "–",
            t("kpi.busiest", lang) + (f" ({format_number(n.get('busiest_n', 0), lang)})" if n.get("busiest_month") else ""),
        ),
    ]
    period = ""
    if n.get("first_date") and n.get("last_date"):
        period = f"{format_date(n['first_date'], lang)} – {format_date(n['last_date'], lang)}"
    nums_html = "".join(f'<div class="num"><b>{_e(v)}</b><span>{_e(k)}</span></div>' for v, k in numbers)

    agency_rows = ""
    if d.totals is not None and not d.totals.empty:
        ch = {}
        if d.changes is not None and not d.changes.empty:
            ch = {r["agency"]: r for _, r in d.changes.iterrows()}
        for _, r in d.totals.head(8).iterrows():
            c = ch.get(r["agency"])
            flag = _flag_cell(c["flag"], lang) if c is not None else ""
            recent = format_number(int(c["recent"]), lang) if c is not None else "–"
            agency_rows += (
                f"<tr><td>{_e(r['agency'])}</td><td class='n'>{_e(format_number(int(r['n']), lang))}</td>"
                f"<td class='n'>{_e(recent)}</td><td>{flag}</td></tr>"
            )
    agency_table = (
        f"<table><tr><th>{_e(t('common.agencies', lang))}</th><th class='n'>{_e(t('kpi.meetings', lang))}</th>"
        f"<th class='n'>{_e(t('meet.recent', lang))}</th><th>{_e(t('common.status', lang))}</th></tr>{agency_rows}</table>"
        if agency_rows
        else f"<p>{_e(t('common.no_data', lang))}</p>"
    )
    pair_rows = ""
    if d.pairs is not None and not d.pairs.empty:
        for _, r in d.pairs.head(6).iterrows():
            pair_rows += f"<tr><td>{_e(r['a'])} + {_e(r['b'])}</td><td class='n'>{_e(format_number(int(r['n']), lang))}</td></tr>"
    pair_table = (
        f"<table><tr><th>{_e(t('common.agencies', lang))}</th><th class='n'>{_e(t('meet.shared', lang))}</th></tr>{pair_rows}</table>"
        if pair_rows
        else f"<p>{_e(t('common.no_data', lang))}</p>"
    )
    ref = ""
    if d.reference:
        ref = f" — {_e(format_date(d.reference, lang))}"
    link = _e(d.link)
    return f"""<!DOCTYPE html>
<html lang="{_e(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(t('briefing.title', lang))} — {_e(d.caption)}</title>
<style>{CSS}</style></head>
<body>
<h1>{_e(t('briefing.title', lang))} · {_e(d.title)}</h1>
<p class="caption">{_e(d.caption)}</p>
<p class="meta">{_e(t('briefing.generated', lang, date=format_date(d.generated, lang)))}{(' · ' + _e(period)) if period else ''}<br>
{_e(t('briefing.link', lang))}: <a href="{link}">{link}</a></p>
<div class="numbers">{nums_html}</div>
<h2>{_e(t('rakor.chart_title', lang))}</h2>
{timeline_svg(d.counts, d.stages, d.voting_date, lang, freq=d.freq)}
<div class="grid">
<div><h2>{_e(t('briefing.top_agencies', lang))} · {_e(t('briefing.changes', lang))}{ref}</h2>{agency_table}</div>
<div><h2>{_e(t('briefing.top_pairs', lang))}</h2>{pair_table}</div>
</div>
<p class="foot">{_e(t('briefing.source_note', lang))}</p>
</body></html>
"""
