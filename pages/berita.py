"""Berita: article search and a reader showing the text as plain text with what was extracted."""

import streamlit as st

from dashboard.ui import widgets
from dashboard.ui.layout import page_setup

ctx = page_setup("berita")

st.title(ctx.t("page.berita"))
widgets.filter_caption(ctx)

article_id = widgets.selected_article(ctx)
if article_id is not None:
    widgets.article_reader(ctx, article_id)
else:
    widgets.article_list(ctx)
ctx.finish()
