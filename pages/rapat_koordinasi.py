"""Rapat Koordinasi: meetings over time against the stage calendar; list of meetings."""

import streamlit as st

from dashboard import charts
from dashboard.ui import widgets
from dashboard.ui.cache import cached
from dashboard.ui.layout import page_setup

ctx = page_setup("rakor")
f, lang = ctx.filters, ctx.lang

st.title(ctx.t("page.rakor"))
widgets.filter_caption(ctx)

freq = st.radio(
    ctx.t("rakor.freq"), ["month", "week"], horizontal=True, key="rakor_freq",
    format_func=lambda x: ctx.t("common.month" if x == "month" else "common.week"),
)
counts = cached(ctx.engine, "events_over_time", f, freq)
stages = cached(ctx.engine, "stages", f.election_id)
info = cached(ctx.engine, "election_info", f.election_id)
fig = charts.timeline_figure(
    counts, stages, info["voting_date"] if info else None, ctx.style, freq=freq,
    today=widgets.today_if_inside(counts, stages), title=ctx.t("rakor.chart_title"),
)
widgets.chart(fig, key="rakor_timeline")

st.subheader(ctx.t("rakor.table"))
widgets.events_table(ctx, key="rakor_table")
ctx.finish()
