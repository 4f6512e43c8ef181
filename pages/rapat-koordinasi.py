"""Rapat Koordinasi: meetings over time against the election's stage calendar, by the level
of the body that held them, and on a calendar where each meeting opens its detail and its
source article; the list of meetings; the one-page briefing."""

import streamlit as st

from dashboard import meetings, presenting
from dashboard.ui import meetings as ui
from dashboard.ui import deferred, widgets
from dashboard.ui.cache import cached, figure
from dashboard.ui.layout import page_setup
from dashboard.ui.widgets import today_if_inside

ctx = page_setup("rakor", own_header=True)
f, style = ctx.filters, ctx.style
x_range = (f.date_from, f.date_to)
CALENDAR_LIMIT = 6000

counts = cached(ctx.engine, "meetings.over_time", f, f.freq, "activity")
stages = cached(ctx.engine, "stages", f.election_id)
info = cached(ctx.engine, "election_info", f.election_id)
voting = info["voting_date"] if info else None
selected = meetings.selected_event_id(f)
ref, why = widgets.reference(ctx)


def timeline():
    fig = figure(
        "timeline_figure", counts, stages, voting, style, freq=f.freq, today=today_if_inside(ref, counts, stages),
        title=ctx.t("rakor.chart_title"), x_range=x_range,
        today_label=ctx.t("common.today" if why == "today" else "ringkasan.reference_date"),
    )
    ui.chart(ctx, fig, key="rakor_timeline")
    widgets.left_out_note(ctx, undated=numbers["undated"], month_only=numbers["month_only"] if f.freq == "week" else 0)


def level():
    by_level = cached(ctx.engine, "meetings.over_time", f, f.freq, "level")
    fig = figure("level_figure", by_level, style, freq=f.freq, title=ctx.t("rakor.level_title"), x_range=x_range,
                 voting_date=voting)
    ui.chart(ctx, fig, key="rakor_level")
    widgets.left_out_note(ctx, undated=numbers["undated"], month_only=numbers["month_only"] if f.freq == "week" else 0)


def calendar():
    cal = cached(ctx.engine, "meetings.calendar", f, CALENDAR_LIMIT)
    short = ctx.present and selected is not None  # leave room on the screen for the detail
    fig = figure(
        "calendar_figure", cal, style, title=ctx.t("rakor.calendar_title"), selected=selected, x_range=x_range, voting_date=voting,
        height=330 if short else None,
    )
    with st.container(key="present_short" if short else "calendar_box"):
        ui.chart(ctx, fig, key="rakor_calendar")
    total = numbers["meetings"]
    if len(cal) >= CALENDAR_LIMIT and total > len(cal) and not ctx.present:
        st.caption(ctx.t("rakor.calendar_cap", shown=len(cal), total=total))
    widgets.left_out_note(ctx, undated=numbers["undated"], month_only=numbers["month_only"])
    if selected is not None:
        ui.event_detail(ctx, selected)


VIEWS = [ui.View("timeline", timeline), ui.View("level", level), ui.View("calendar", calendar)]
numbers = cached(ctx.engine, "meetings.key_numbers", f)

ui.header(ctx, "page.rakor", "rakor.intro", views=ui.view_names(VIEWS))
ui.toolbar(ctx, briefing=ui.briefing_maker(ctx), name="ringkasan-rakor" if ctx.lang == "id" else "meetings-briefing")
if not ctx.present:
    widgets.reference_caption(ctx, ref, why)
    total = cached(ctx.engine, "meetings.change_total", f, meetings.windows(ref))
    ui.key_numbers(ctx, numbers, {"recent": total["recent"], "expected": meetings.expected_recent(total["before"])})
ui.views(ctx, VIEWS)

if not ctx.present:
    st.subheader(ctx.t("rakor.table"))
    if not deferred.hold(ctx):  # sent once the first chart is drawn (first visit of the page)
        table = cached(ctx.engine, "events_table", f, 1000)
        ui.meetings_table(ctx, table, presenting.events_export_frame(table, ctx.lang))
    ui.png_hint(ctx)
ctx.finish()
