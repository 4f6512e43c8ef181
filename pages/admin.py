"""Admin (admins): the audit log with its CSV export, accounts, ingest history."""

import streamlit as st

from dashboard.ui import admin as ui
from dashboard.ui.layout import page_setup

ctx = page_setup("admin", role="admin")

st.title(ctx.t("page.admin"))
log, users, runs = st.tabs(
    [ctx.t("admin.tab_audit"), ctx.t("admin.tab_users"), ctx.t("admin.tab_runs")], key="admin_tab"
)
with log:
    ui.audit_section(ctx)
with users:
    ui.users_section(ctx)
with runs:
    ui.ingest_runs_section(ctx)
ctx.finish()
