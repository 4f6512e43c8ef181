"""Instansi: activity per agency over time."""

import streamlit as st

from dashboard import charts
from dashboard.ui import widgets
from dashboard.ui.cache import cached
from dashboard.ui.layout import page_setup

ctx = page_setup("instansi")
f = ctx.filters

st.title(ctx.t("page.instansi"))
widgets.filter_caption(ctx)

series = cached(ctx.engine, "agency_activity", f, "month")
widgets.chart(charts.agency_lines(series, ctx.style, title=ctx.t("instansi.over_time")), key="instansi_lines")
totals = cached(ctx.engine, "agency_totals", f)
widgets.chart(charts.agency_totals_bar(totals, ctx.style, title=ctx.t("instansi.totals")), key="instansi_totals")
widgets.download_table(ctx, totals, "instansi")
ctx.finish()
