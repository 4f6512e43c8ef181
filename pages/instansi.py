"""Instansi: meetings per agency (small multiples), an agency x month heatmap, which bodies
meet together (co-participation matrix), and a change flag per agency and per region
(last 4 weeks against the 12 before), explained on the page."""

import streamlit as st

from dashboard import charts, meetings
from dashboard.i18n import format_date
from dashboard.ui import meetings as ui
from dashboard.ui import deferred, widgets
from dashboard.ui.cache import cached, figure
from dashboard.ui.layout import page_setup

ctx = page_setup("instansi", own_header=True)
f, style, lang = ctx.filters, ctx.style, ctx.lang
x_range = (f.date_from, f.date_to)

series = cached(ctx.engine, "meetings.agency_period", f, f.freq)
totals = cached(ctx.engine, "meetings.agency_meetings", f)  # every meeting, dated or not: one count per agency
numbers = cached(ctx.engine, "meetings.key_numbers", f)
order = charts.agency_order(totals) if not totals.empty else charts.agency_order(series)
ref, why = widgets.reference(ctx)
w = meetings.windows(ref)
by_agency = meetings.add_flags(cached(ctx.engine, "meetings.change_by_agency", f, w))


def small_multiples():
    fig = figure("agency_small_multiples", series, style, freq=f.freq, title=ctx.t("instansi.series"), agencies=order[:12],
                 x_range=x_range, totals=totals)
    ui.chart(ctx, fig, key="instansi_series")
    widgets.left_out_note(ctx, undated=numbers["undated"], month_only=numbers["month_only"] if f.freq == "week" else 0)


def heatmap():
    title = ctx.t("instansi.heatmap_week" if f.freq == "week" else "instansi.heatmap")
    ui.chart(ctx, figure("agency_heatmap", series, style, freq=f.freq, title=title, agencies=order, x_range=x_range),
             key="instansi_heatmap")
    widgets.left_out_note(ctx, undated=numbers["undated"], month_only=numbers["month_only"] if f.freq == "week" else 0)
    if not ctx.present:
        box = st.expander(ctx.t("export.table") + " · " + title, key="instansi_heatmap_box", on_change="rerun")
        if box.open:  # built and sent only when opened: a closed table costs the page nothing
            with box:
                wide = meetings.pivot_frame(series, lang, order)
                ui.table(ctx, wide, wide, "instansi-bulan" if f.freq == "month" else "instansi-minggu")


def pairs():
    pairs_df = cached(ctx.engine, "meetings.co_participation", f)
    fig = figure("co_participation_figure", pairs_df, totals, style, title=ctx.t("instansi.pairs"))
    ui.chart(ctx, fig, key="instansi_pairs")
    if not ctx.present:
        st.caption(ctx.t("instansi.pairs_cap"))
        box = st.expander(ctx.t("export.table") + " · " + ctx.t("instansi.pairs"), key="instansi_pairs_box",
                          on_change="rerun")
        if box.open:
            with box:
                frame = meetings.pairs_frame(pairs_df, lang)
                ui.table(ctx, frame, frame, "rapat-bersama" if lang == "id" else "shared-meetings")


def change():
    title = ctx.t("instansi.change_title", ref=format_date(ref, lang, short=True))
    ui.chart(ctx, figure("change_figure", by_agency, style, title=title), key="instansi_change")
    if ctx.present:
        return
    why_text = ctx.t({"to": "instansi.why_to", "today": "instansi.why_today", "last": "instansi.why_last"}[why])
    st.markdown(ctx.t(
        "instansi.change_explain", ref=format_date(ref, lang), why=why_text,
        recent_from=format_date(w.recent_start, lang, short=True), ref_short=format_date(ref, lang, short=True),
        before_from=format_date(w.before_start, lang, short=True), before_to=format_date(w.before_end, lang, short=True),
    ))
    if deferred.hold(ctx):  # sent once the first chart is drawn (first visit of the page)
        return
    frame = meetings.change_frame(by_agency, lang)
    ui.table(ctx, frame, frame, "perubahan-instansi" if lang == "id" else "change-agencies")
    st.subheader(ctx.t("instansi.change_region"))
    by_region = meetings.add_flags(cached(ctx.engine, "meetings.change_by_region", f, w))
    counts = by_region["flag"].value_counts() if not by_region.empty else {}
    st.caption(ctx.t("instansi.flag_counts", **{k: int(counts.get(k, 0)) for k in ("rising", "falling", "stopped", "steady")}))
    only = st.toggle(ctx.t("instansi.region_only_flagged"), value=True, key="region_only_flagged")
    frame = meetings.change_frame(by_region, lang, kind="region", only_flagged=only)
    ui.table(ctx, frame, frame, "perubahan-wilayah" if lang == "id" else "change-regions", height=380)


VIEWS = [ui.View("series", small_multiples), ui.View("heatmap", heatmap), ui.View("pairs", pairs), ui.View("change", change)]
ui.header(ctx, "page.instansi", "instansi.intro", views=ui.view_names(VIEWS))
ui.toolbar(ctx, briefing=ui.briefing_maker(ctx), name="ringkasan-instansi" if lang == "id" else "agencies-briefing")
if not ctx.present:
    widgets.reference_caption(ctx, ref, why)
ui.views(ctx, VIEWS)
ui.png_hint(ctx)
ctx.finish()
