"""Kelola Data (editors): upload files, record a meeting by hand, work the review queue,
register the sites the collector checks."""

import streamlit as st

from dashboard.ui import manage as ui
from dashboard.ui import sources as ui_sources
from dashboard.ui.layout import page_setup

ctx = page_setup("kelola", role="editor")

st.title(ctx.t("page.kelola"))
upload, review, manual, sources = st.tabs(
    [ctx.t("kelola.tab_upload"), ctx.t("kelola.tab_review"), ctx.t("kelola.tab_manual"), ctx.t("kelola.tab_sources")],
    key="kelola_tab",
)
with upload:
    ui.upload_section(ctx)
with review:
    ui.review_section(ctx)
with manual:
    ui.manual_section(ctx)
with sources:
    ui_sources.sources_section(ctx)
ctx.finish()
