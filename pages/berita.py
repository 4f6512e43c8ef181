"""Berita: article search and a reader showing the text as plain text with what was
extracted. Presenter mode: the latest articles as a list for the room (``view``: list)."""

import streamlit as st

from dashboard.ui import presenter, widgets
from dashboard.ui.layout import page_setup

ctx = page_setup("berita")
article_id = widgets.selected_article(ctx)

if ctx.present:
    presenter.show(ctx, ctx.t("page.berita"), [presenter.View("list", lambda: widgets.article_list(ctx))])
else:
    st.title(ctx.t("page.berita"))
    widgets.filter_caption(ctx)
    widgets.reference_caption(ctx)
    if article_id is not None:
        widgets.article_reader(ctx, article_id)
    else:
        widgets.article_list(ctx)
ctx.finish()
