"""Wilayah Pilkada: the election's regions with their activity."""

import streamlit as st

from dashboard.ui import widgets
from dashboard.ui.cache import cached
from dashboard.ui.layout import page_setup

ctx = page_setup("wilayah")
f = ctx.filters

st.title(ctx.t("page.wilayah"))
widgets.filter_caption(ctx)

regions = cached(ctx.engine, "region_activity", f)
widgets.regions_table(ctx, regions)
ctx.finish()
