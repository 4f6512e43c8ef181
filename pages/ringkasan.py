"""Ringkasan: headline figures, the election stage now, latest events."""


import streamlit as st

from dashboard import charts
from dashboard.ui import widgets
from dashboard.ui.cache import cached
from dashboard.ui.layout import page_setup

ctx = page_setup("ringkasan")
f, lang = ctx.filters, ctx.lang

st.title(ctx.t("page.ringkasan"))
widgets.filter_caption(ctx)

s = cached(ctx.engine, "summary", f)
c1, c2, c3, c4 = st.columns(4)
c1.metric(ctx.t("ringkasan.articles"), widgets.num(s["articles"], lang))
c2.metric(ctx.t("ringkasan.events"), widgets.num(s["events"], lang))
c3.metric(ctx.t("ringkasan.agencies"), widgets.num(s["agencies"], lang))
regions_value = widgets.num(s["regions_covered"], lang)
if s["regions_total"]:
    regions_value += " " + ctx.t("ringkasan.regions_of", total=widgets.num(s["regions_total"], lang))
c4.metric(ctx.t("ringkasan.regions"), regions_value)

widgets.stage_panel(ctx, today=widgets.reference_date(ctx, s))

left, right = st.columns([3, 2])
with left:
    counts = cached(ctx.engine, "events_over_time", f, "month")
    widgets.chart(charts.monthly_bar(counts, ctx.style, title=ctx.t("ringkasan.per_month")), key="ringkasan_month", lang=ctx.lang)
with right:
    st.subheader(ctx.t("ringkasan.latest"))
    widgets.events_list(ctx, cached(ctx.engine, "latest_events", f, 8))

ctx.finish()
