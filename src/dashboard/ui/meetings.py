"""Widgets of the Rapat Koordinasi and Instansi pages: headers with the presenter controls,
clickable charts (cross-filtering), one-figure-per-screen views, the meeting detail, tables
with CSV/Excel downloads and the briefing download. Logic lives in ``dashboard.meetings``,
``dashboard.briefing`` and the query layer; this module only lays things out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import exports
from dashboard.i18n import activity_label, format_date, format_month, format_number, level_label, status_label, t
from dashboard.meetings import selection_to_filters
from dashboard.textsafe import escape_markdown
from dashboard.ui import deferred, presenter, state, widgets
from dashboard.ui.cache import cached
from dashboard.ui.layout import PageContext, filter_caption

XF_KEY = "_xf_round"


# ---------------------------------------------------------------- header and toolbar


def header(ctx: PageContext, title_key: str, intro_key: str | None = None, *, views: Sequence[str] = ()) -> None:
    """Title and the filter caption in plain language; in presenter mode the slide
    controls (``ui.presenter.header``)."""
    caption = filter_caption(ctx.filters, ctx.engine, ctx.lang)
    if ctx.present:
        presenter.header(ctx, ctx.t(title_key), views)
        return
    st.title(ctx.t(title_key))
    if intro_key:
        st.caption(ctx.t(intro_key))
    st.markdown(f"**{escape_markdown(caption)}**")


def toolbar(ctx: PageContext, *, briefing: Callable[[], bytes] | None = None, name: str = "briefing") -> None:
    """Time unit, undo of the last chart selection, the briefing download (normal mode)."""
    if ctx.present:
        return
    c1, c2, c3 = st.columns([2, 2, 3], vertical_alignment="bottom")
    with c1:
        freq = st.segmented_control(
            ctx.t("filter.freq"), ["month", "week"], default=ctx.filters.freq, key=f"w_freq_{ctx.page}",
            format_func=lambda x: ctx.t("common.month" if x == "month" else "common.week"),
        )
        if freq and freq != ctx.filters.freq:
            ctx.apply(ctx.filters.with_(freq=freq), remember=False)
    with c2:
        if state.has_history() and st.button(ctx.t("xf.undo"), key=f"undo_{ctx.page}"):
            prev = state.pop_history()
            if prev is not None:
                ctx.apply(prev.with_(lang=ctx.lang, present=ctx.present, theme=ctx.filters.theme), remember=False)
    with c3:
        if briefing is not None:
            st.download_button(
                ctx.t("export.briefing"), briefing, file_name=f"{name}.html", mime="text/html",
                key=f"briefing_{ctx.page}", on_click="ignore", width="stretch", icon=":material/description:",
            )


# ---------------------------------------------------------------- charts and cross-filtering


def chart(ctx: PageContext, fig: go.Figure, *, key: str, clickable: bool = True) -> None:
    """A plotly chart; a click on a bar, cell or dot filters the whole page (and the filter
    bar follows). The widget key changes after each click so the selection starts afresh."""
    filename = f"{key}-{dt.date.today().isoformat()}"
    # presenting: the figure fills the screen below the header (CSS sets the element's height)
    if not clickable:
        widgets.chart(ctx, fig, key=key, present=ctx.present, filename=filename)
        return
    rounds = st.session_state.setdefault(XF_KEY, {})
    n = rounds.get(key, 0)
    event = widgets.chart(ctx, fig, key=f"{key}__{n}", present=ctx.present, filename=filename,
                          on_select="rerun", selection_mode="points")
    points = []
    try:
        points = list(event.selection.points) if event is not None else []
    except AttributeError:  # pragma: no cover - older event shape
        points = []
    if not points:
        return
    rounds[key] = n + 1
    agencies = set(cached(ctx.engine, "agencies")["name"])
    new = selection_to_filters(points[0], ctx.filters, agencies=agencies)
    if new is not None:
        ctx.apply(new)


View = presenter.View


def views(ctx: PageContext, items: Sequence[View]) -> None:
    """Normal mode: every figure, one after another. Presenter mode: the one named by
    ``view``, filling the screen below the header."""
    if not ctx.present:
        for i, v in enumerate(items):
            if i == 0 or not deferred.hold_chart(ctx, i):  # the rest follow the first chart (ui.deferred)
                v.render()
        return
    names = [v.name for v in items]
    with st.container(key=presenter.FIGURE_KEY):
        items[names.index(presenter.current_view(ctx, names))].render()


def view_names(items: Sequence[View]) -> list[str]:
    return [v.name for v in items]


# ---------------------------------------------------------------- key numbers


def key_numbers(ctx: PageContext, numbers: dict, change: dict | None = None) -> None:
    lang = ctx.lang
    cols = st.columns(5 if change else 4)
    cols[0].metric(ctx.t("kpi.meetings"), format_number(numbers["meetings"], lang))
    cols[1].metric(ctx.t("kpi.agencies"), format_number(numbers["agencies"], lang))
    cols[2].metric(ctx.t("kpi.regions"), format_number(numbers["regions"], lang))
    busiest = numbers.get("busiest_month")
    cols[3].metric(
        ctx.t("kpi.busiest"),
        format_month(busiest, lang, short=True) if busiest else "–",  # "Nov 2020" fits a fifth of 1366 px
        f"{format_number(numbers['busiest_n'], lang)} {ctx.t('meet.meetings').lower()}" if busiest else None,
        delta_color="off", delta_arrow="off",
    )
    if change:
        delta = round(change["recent"] - change["expected"])
        if delta == 0:  # no arrow and no colour for "as usual"
            text, kw = ctx.t("kpi.last4_same"), {"delta_color": "off", "delta_arrow": "off"}
        else:  # Streamlit reads the sign for the arrow: an ASCII minus
            text, kw = f"{'+' if delta > 0 else '-'}{format_number(abs(delta), lang)} {ctx.t('kpi.last4_delta')}", {}
        cols[4].metric(ctx.t("kpi.last4"), format_number(change["recent"], lang), text, help=ctx.t("instansi.change"), **kw)


# ---------------------------------------------------------------- the selected meeting


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def event_detail(ctx: PageContext, event_id: int) -> None:
    """The selected meeting: what, when, where, who, and its source article."""
    lang = ctx.lang
    ev = cached(ctx.engine, "meetings.event_detail", event_id)
    with st.container(border=True, key="meeting_detail"):
        top = st.columns([4, 1.3], vertical_alignment="center")
        top[0].subheader(ctx.t("rakor.detail"))
        if top[1].button("✕ " + ctx.t("rakor.close_detail"), key="close_detail", width="stretch"):
            ctx.apply(ctx.filters.with_(item=None), remember=False)
        if ev is None:
            st.warning(ctx.t("rakor.detail_none"))
            return
        rows = [
            (t("common.date", lang), format_date(ev["event_date"], lang, weekday=True)),
            (t("common.activity", lang), activity_label(ev["activity"], lang)),
            (ctx.t("rakor.host_level"), level_label(ev["level"], lang)),
            (t("common.location", lang), ev["location"] or "–"),
            (t("common.agencies", lang), ", ".join(a["agency_name"] for a in ev["agencies"]) or "–"),
            (t("common.regions", lang), ", ".join(r["name"] for r in ev["regions"]) or "–"),
            (t("common.participants", lang), format_number(ev["participants"], lang) if ev["participants"] else "–"),
            (t("common.status", lang), status_label(ev["status"], lang)),
        ]
        left, right = st.columns([3, 2])
        with left:
            for label, value in rows:
                st.markdown(f"**{escape_markdown(label)}:** {escape_markdown(value)}")
        with right:
            if ev["article_id"] is not None:
                st.markdown(f"**{t('common.source', lang)}:** {escape_markdown(ev['article_title'] or '–')}")
                meta = " · ".join(
                    x for x in (ev.get("article_publisher") or "", format_date(ev["article_published"], lang) if ev.get("article_published") else "") if x
                )
                if meta:
                    st.caption(escape_markdown(meta))
                reader = ctx.link(ctx.filters.with_(item=str(ev["article_id"]), view=None), page="berita")
                st.link_button(ctx.t("rakor.open_reader"), reader, key="open_reader")
                src = _safe_url(ev.get("article_url"))
                if src:
                    st.link_button(ctx.t("rakor.open_source"), src, key="open_source")
            widgets.also_reported(ctx, ev.get("sources") or [], key="meeting_sources")


# ---------------------------------------------------------------- tables and downloads


def downloads(ctx: PageContext, df: pd.DataFrame, name: str) -> None:
    """CSV and Excel of a table (built when clicked, through ``dashboard.exports``)."""
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        ctx.t("common.download_csv"), lambda: exports.to_csv_bytes(df), file_name=f"{name}.csv",
        mime="text/csv", key=f"{name}_csv", on_click="ignore",
    )
    c2.download_button(
        ctx.t("common.download_xlsx"), lambda: exports.to_excel_bytes(df, sheet_name=name[:31]),
        file_name=f"{name}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{name}_xlsx", on_click="ignore",
    )


def table(ctx: PageContext, view: pd.DataFrame, export: pd.DataFrame, name: str, *, height: int | None = None) -> None:
    """A table on screen (formatted for the language) with downloads of its raw values."""
    if view.empty:
        st.info(ctx.t("common.no_data"))
        return
    kw = {"height": height} if height else {}
    st.dataframe(view, hide_index=True, width="stretch", key=f"{name}_table", **kw)
    downloads(ctx, export, name)


def meetings_table(ctx: PageContext, df: pd.DataFrame, export: pd.DataFrame) -> None:
    """The meetings listed; choosing a row opens its detail like a click on the calendar."""
    if df.empty:
        st.info(ctx.t("common.no_data"))
        return
    lang = ctx.lang
    view = pd.DataFrame(
        {
            t("common.date", lang): df["event_date"].map(lambda d: format_date(d, lang, short=True) if pd.notna(d) else "–"),
            t("common.activity", lang): df["activity"].map(lambda a: activity_label(a, lang)),
            ctx.t("rakor.host_level"): df["level"].map(lambda v: level_label(v, lang)),
            t("common.location", lang): df["location"].fillna(""),
            t("common.agencies", lang): df["agencies"],
            t("common.regions", lang): df["regions"],
            t("common.title", lang): df["article_title"].fillna(""),
        }
    )
    rounds = st.session_state.setdefault(XF_KEY, {})
    n = rounds.get("meetings_table", 0)
    event = st.dataframe(
        view, hide_index=True, width="stretch", height=360, on_select="rerun", selection_mode="single-row",
        key=f"meetings_table__{n}",
    )
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows:
        rounds["meetings_table"] = n + 1
        ctx.apply(ctx.filters.with_(item=str(int(df.iloc[rows[0]]["id"]))), remember=False)
    downloads(ctx, export, "kegiatan" if lang == "id" else "meetings")


def png_hint(ctx: PageContext) -> None:
    if not ctx.present:
        st.caption(ctx.t("export.png_hint"))


# ---------------------------------------------------------------- briefing


def briefing_maker(ctx: PageContext) -> Callable[[], bytes]:
    """The briefing of the current view, built only when the download is clicked (plain
    query calls: the callable runs outside the script run, without Streamlit caches)."""
    from dashboard import briefing, meetings
    from dashboard import queries as q
    from dashboard.queries import meetings as qm

    f, engine, lang = ctx.filters, ctx.engine, ctx.lang
    caption = filter_caption(f, engine, lang)
    link = ctx.link()
    title = ctx.t("page.rakor" if ctx.page == "rakor" else "page.instansi" if ctx.page == "instansi" else "app.title")

    def make() -> bytes:
        info = q.election_info(engine, f.election_id)
        ref, _why = meetings.reference_date(f, dt.date.today(), qm.last_event_date(engine, f))
        data = briefing.BriefingData(
            lang=lang,
            title=title,
            caption=caption,
            link=link,
            numbers=qm.key_numbers(engine, f),
            counts=qm.over_time(engine, f, f.freq, "activity"),
            stages=q.stages(engine, f.election_id),
            voting_date=info["voting_date"] if info else None,
            changes=meetings.add_flags(qm.change_by_agency(engine, f, meetings.windows(ref))),
            pairs=qm.co_participation(engine, f),
            totals=qm.agency_meetings(engine, f),
            reference=ref,
            freq=f.freq,
        )
        return briefing.build_briefing(data).encode("utf-8")

    return make
