"""Wilayah Pilkada: which of the election's regions have held their coordination meetings,
on a map that works offline, with a readiness table and a page per region
(``/wilayah?region=13.02``)."""

import streamlit as st

from dashboard.ui import regions as ui
from dashboard.ui import widgets
from dashboard.ui.cache import cached
from dashboard.ui.layout import page_setup

ctx = page_setup("wilayah")
f, lang = ctx.filters, ctx.lang
days = ui.window_days(ctx)
info, ref = ui.election_context(ctx)
ui.url_notes(ctx)

if f.region:
    # ---------------------------------------------------------------- one region
    region = cached(ctx.engine, "regions.region_info", f.region)
    ui.back_button(ctx)
    if region is None:
        st.warning(ctx.t("regions.note.bad_code", code=f.region))
    else:
        ui.region_header(ctx, region)
        widgets.filter_caption(ctx)
        row = ui.readiness_frame(ctx, ref, days, (f.region,)).iloc[0]
        ui.region_readiness(ctx, row, ref, days)
        stages = cached(ctx.engine, "stages", f.election_id)
        events = cached(ctx.engine, "events_table", f, 1000)
        ui.region_timeline(ctx, events, stages, info, ref)
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
    if f.province:
        name = dict(zip(provinces["code"], provinces["name"])).get(f.province, f.province)
        st.title(f"{ctx.t('page.wilayah')} · {name}")
    else:
        st.title(ctx.t("page.wilayah"))
    widgets.filter_caption(ctx)
    if not f.election_id or info is None or not len(cached(ctx.engine, "regions.election_region_codes", f.election_id)):
        ui.no_election_note(ctx)
    df = ui.readiness_frame(ctx, ref, days)
    metric, labels = ui.map_settings(national=f.province is None)
    ui.region_map(ctx, df, metric, labels)  # first: the whole map fits a 1366x768 screen
    if f.election_id and len(df):
        ui.headline(ctx, df, info, ref, days)
    ui.map_controls(ctx, national=f.province is None)
    ui.explanation(ctx, days, ref)
    if len(df):
        ui.inactive_list(ctx, df, days, ref)
        stages = cached(ctx.engine, "stages", f.election_id)
        ui.readiness_table(ctx, df, stages, ref)
ctx.finish()
