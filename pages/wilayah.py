"""Wilayah Pilkada: which of the election's regions have held their coordination meetings,
on a map that works offline, with a readiness table and a page per region
(``/wilayah?region=13.02``). Presenter mode: the map under its key numbers, then the
regions without recent activity (``view``: map, inactive)."""

import streamlit as st

from dashboard.ui import deferred, presenter, widgets
from dashboard.ui import regions as ui
from dashboard.ui.cache import cached
from dashboard.ui.layout import page_setup

ctx = page_setup("wilayah")
f, lang = ctx.filters, ctx.lang
days = ui.window_days(ctx)
info, ref, why = ui.election_context(ctx)
ui.url_notes(ctx)

if f.region:
    # ---------------------------------------------------------------- one region
    region = cached(ctx.engine, "regions.region_info", f.region)
    if ctx.present:
        presenter.header(ctx, region["name"] if region else ctx.t("page.wilayah"))
    else:
        ui.back_button(ctx)
    if region is None:
        st.warning(ctx.t("regions.note.bad_code", code=f.region))
    else:
        if not ctx.present:
            ui.region_header(ctx, region)
            widgets.filter_caption(ctx)
            widgets.reference_caption(ctx, ref, why)
        row = ui.readiness_frame(ctx, ref, days, (f.region,)).iloc[0]
        ui.region_readiness(ctx, row, ref, days)
        stages = cached(ctx.engine, "stages", f.election_id)
        events = cached(ctx.engine, "events_table", f, 1000)
        with st.container(key=presenter.FIGURE_KEY if ctx.present else "region_timeline_box"):
            ui.region_timeline(ctx, events, stages, info, ref)
        if not ctx.present and not deferred.hold(ctx):  # sent once the timeline is drawn (first visit)
            left, right = st.columns([1, 1])
            with left:
                ui.stage_table(ctx, f.region, ref, stages)
            with right:
                ui.agencies_table(ctx, f.region)
            ui.articles_table(ctx, f.region)
            ui.province_children(ctx, f.region, ref, days)
else:
    # ---------------------------------------------------------------- national / province
    provinces = cached(ctx.engine, "provinces", f.election_id)
    name = dict(zip(provinces["code"], provinces["name"])).get(f.province, f.province) if f.province else None
    title = f"{ctx.t('page.wilayah')} · {name}" if name else ctx.t("page.wilayah")
    has_election = bool(f.election_id and info is not None
                        and len(cached(ctx.engine, "regions.election_region_codes", f.election_id)))
    df = ui.readiness_frame(ctx, ref, days)
    metric, labels = ui.map_settings(national=f.province is None)

    def map_view():
        if f.election_id and len(df):
            ui.headline(ctx, df, info, ref, days)  # the key numbers above the map
        ui.region_map(ctx, df, metric, labels)

    def inactive_view():
        ui.inactive_list(ctx, df, days, ref)

    if ctx.present:
        presenter.show(ctx, title, [presenter.View("map", map_view), presenter.View("inactive", inactive_view)])
    else:
        st.title(title)
        widgets.filter_caption(ctx)
        widgets.reference_caption(ctx, ref, why)
        if not has_election:
            ui.no_election_note(ctx)
        map_view()
        # the map's controls, its explanation and the tables: sent once the map is drawn (first
        # visit of the page), so the browser draws the map before it builds the widgets below it
        if not deferred.hold(ctx, "common.loading"):
            ui.map_controls(ctx, national=f.province is None)
            ui.explanation(ctx, days, ref)
            if len(df):
                inactive_view()
                stages = cached(ctx.engine, "stages", f.election_id)
                ui.readiness_table(ctx, df, stages, ref)
ctx.finish()
