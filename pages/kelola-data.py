"""Kelola Data (editors): upload files, record a meeting by hand, work the review queue,
register the sites the collector checks."""

import streamlit as st

from dashboard.ui import manage, review, uploads
from dashboard.ui import sources as ui_sources
from dashboard.ui.layout import page_setup

ctx = page_setup("kelola", role="editor")

st.title(ctx.t("page.kelola"))
tab_upload, tab_review, tab_manual, tab_sources = st.tabs(
    [ctx.t("kelola.tab_upload"), ctx.t("kelola.tab_review"), ctx.t("kelola.tab_manual"), ctx.t("kelola.tab_sources")],
    key="kelola_tab",
)
with tab_upload:
    uploads.upload_section(ctx)
with tab_review:
    review.review_section(ctx)
with tab_manual:
    manage.manual_section(ctx)
with tab_sources:
    ui_sources.sources_section(ctx)
ctx.finish()
