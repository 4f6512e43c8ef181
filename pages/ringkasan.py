"""Ringkasan: headline figures, the election stage now, events per month, latest events.
Presenter mode: one of them per screen (``view``: numbers, month, latest)."""

import streamlit as st

from dashboard.ui import presenter, widgets
from dashboard.ui.cache import cached, figure
from dashboard.ui.layout import page_setup

ctx = page_setup("ringkasan")
f, lang = ctx.filters, ctx.lang
s = cached(ctx.engine, "summary", f)
ref, why = widgets.reference(ctx)


def numbers():
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(ctx.t("ringkasan.articles"), widgets.num(s["articles"], lang))
    c2.metric(ctx.t("ringkasan.events"), widgets.num(s["events"], lang))
    c3.metric(ctx.t("ringkasan.agencies"), widgets.num(s["agencies"], lang))
    regions_value = widgets.num(s["regions_covered"], lang)
    if s["regions_total"]:
        regions_value += " " + ctx.t("ringkasan.regions_of", total=widgets.num(s["regions_total"], lang))
    c4.metric(ctx.t("ringkasan.regions"), regions_value)
    if ctx.present:
        widgets.reference_caption(ctx, ref, why)
    widgets.stage_panel(ctx, today=ref)


def month():
    counts = cached(ctx.engine, "events_over_time", f, "month")
    fig = figure("monthly_bar", counts, ctx.style, title=ctx.t("ringkasan.per_month"))
    widgets.chart(ctx, fig, key="ringkasan_month", present=ctx.present)
    widgets.left_out_note(ctx, undated=s["events"] - (int(counts["n"].sum()) if not counts.empty else 0))


def latest():
    st.subheader(ctx.t("ringkasan.latest"))
    widgets.events_list(ctx, cached(ctx.engine, "latest_events", f, 6 if ctx.present else 8))


VIEWS = [presenter.View("numbers", numbers), presenter.View("month", month), presenter.View("latest", latest)]
if ctx.present:
    presenter.show(ctx, ctx.t("page.ringkasan"), VIEWS)
else:
    st.title(ctx.t("page.ringkasan"))
    widgets.filter_caption(ctx)
    widgets.reference_caption(ctx, ref, why)
    numbers()
    left, right = st.columns([3, 2])
    with left:
        month()
    with right:
        latest()
ctx.finish()
