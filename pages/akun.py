"""Masuk / Akun: log in; once logged in, change the password or log out."""

import streamlit as st

from dashboard.ui import admin as ui
from dashboard.ui.layout import page_setup

ctx = page_setup("akun")

st.title(ctx.t("page.akun") if ctx.user else ctx.t("page.masuk"))
ui.account_section(ctx)
ctx.finish()
