"""Widgets shared by pages: charts, tables with downloads, the stage panel, the article
list and reader. Logic lives in the plain modules; this file only lays things out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import exports, presenting
from dashboard.i18n import (
    activity_label, format_date, format_event_date, format_number, format_period, level_label, stage_label, t,
)
from dashboard.intparse import parse_id
from dashboard.ui import deferred, presenter
from dashboard.queries import SEARCH_COUNT_CAP, search_words
from dashboard.textsafe import escape_markdown, snippet_markdown
from dashboard.ui.cache import cached
from dashboard.ui.layout import PageContext, filter_caption as caption_text

TOPOJSON_URL = "/app/static/topojson/"
LOW_CONFIDENCE = 0.5


def num(n, lang: str) -> str:
    return format_number(n, lang)


def plotly_config(filename: str, lang: str | None = None) -> dict:
    """Offline-safe plotly config: local topojson, PNG export in the browser, no logo;
    with ``lang``, plotly's own words (mode bar) in that language."""
    from dashboard.charts import plotly_locale

    return {
        "displaylogo": False,
        "topojsonURL": TOPOJSON_URL,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        **(plotly_locale(lang) if lang else {}),
    }


def chart(ctx: PageContext, fig: go.Figure, *, key: str, on_select=None, selection_mode=None, present: bool = False,
          filename: str | None = None):
    """A plotly chart (``filename``: its PNG export's name, the key by default); presenting,
    it fills the space the presenter layout gives it. The page's first chart decides whether
    what the page held back waits for a data mark (``deferred.sent``)."""
    deferred.sent(ctx, fig)
    kwargs = dict(theme=None, width="stretch", height="stretch" if present else "content",
                  config=plotly_config(filename or key, ctx.lang), key=key)
    if on_select is not None:
        kwargs["on_select"] = on_select
        if selection_mode:
            kwargs["selection_mode"] = selection_mode
    return st.plotly_chart(fig, **kwargs)


def left_out_note(ctx: PageContext, undated: int = 0, month_only: int = 0) -> None:
    """Under a time chart: the events it cannot place (no date; a month only, in a chart by
    week or day), so its totals and the page's other counts agree."""
    parts = []
    if undated > 0:
        parts.append(ctx.t("note.undated_one" if undated == 1 else "note.undated", n=format_number(undated, ctx.lang)))
    if month_only > 0:
        parts.append(ctx.t("note.month_only_one" if month_only == 1 else "note.month_only",
                           n=format_number(month_only, ctx.lang)))
    if parts:
        st.caption(ctx.t("note.left_out", what="; ".join(parts)))


def filter_caption(ctx: PageContext) -> None:
    st.caption(escape_markdown(caption_text(ctx.filters, ctx.engine, ctx.lang)))


def reference(ctx: PageContext) -> tuple[dt.date, str]:
    """The one reference date ("today") of every page, and why it is that day
    (``meetings.reference_date``: the end of the filtered period, today, or the last
    recorded meeting of a past election)."""
    from dashboard import meetings

    last = cached(ctx.engine, "meetings.last_event_date", ctx.filters)
    return meetings.reference_date(ctx.filters, dt.date.today(), last)


def reference_caption(ctx: PageContext, ref: dt.date | None = None, why: str | None = None) -> None:
    """``Tanggal acuan: Selasa, 22 Desember 2020 (kegiatan terakhir yang tercatat)``, the
    same line on every page."""
    if ref is None:
        ref, why = reference(ctx)
    st.caption(reference_text(ctx, ref, why))


def reference_text(ctx: PageContext, ref: dt.date, why: str | None) -> str:
    reason = {"to": "instansi.why_to", "today": "instansi.why_today", "last": "instansi.why_last"}.get(why or "")
    return f"{ctx.t('ringkasan.reference_date')}: {format_date(ref, ctx.lang, weekday=True)}" + (
        f" ({ctx.t(reason)})" if reason else "")


def stage_panel(ctx: PageContext, today: dt.date) -> None:
    f, lang = ctx.filters, ctx.lang
    if not f.election_id:
        return
    info = cached(ctx.engine, "election_info", f.election_id)
    status = cached(ctx.engine, "stage_status", f.election_id, today)
    with st.container(border=True):
        c1, c2, c3 = st.columns(3)
        cur = status["current"]
        if cur:
            c1.markdown(f"**{t('ringkasan.stage_now', lang)}**")
            for s in cur:
                c1.markdown(
                    f"- {escape_markdown(stage_label(s['stage'], lang))} "
                    f"({format_period(s['start'], s['end'], lang, days=True)})"
                )
        else:
            c1.markdown(f"**{t('ringkasan.stage_now', lang)}**")
            c1.markdown(t("ringkasan.stage_none", lang, date=format_date(today, lang)))
        nxt = status["next"]
        c2.markdown(f"**{t('ringkasan.stage_next', lang)}**")
        c2.markdown(
            f"{escape_markdown(stage_label(nxt['stage'], lang))} ({format_date(nxt['start'], lang, short=True)})" if nxt else "–"
        )
        if info and info.get("voting_date"):
            vd = info["voting_date"]
            days = (vd - today).days
            if days > 0:
                msg = t("ringkasan.days_to_vote", lang, days=format_number(days, lang), date=format_date(vd, lang))
            elif days == 0:
                msg = t("ringkasan.vote_today", lang, date=format_date(vd, lang))
            else:
                msg = t("ringkasan.days_after_vote", lang, days=format_number(-days, lang), date=format_date(vd, lang))
            c3.markdown(f"**{t('common.voting_day', lang)}**")
            c3.markdown(msg)


def today_if_inside(ref: dt.date, counts: pd.DataFrame, stages: pd.DataFrame) -> dt.date | None:
    """The page's reference date ("today", ``reference``) when it falls inside what a time
    chart shows, else None (no line)."""
    day = pd.Timestamp(ref)
    lo = [x for x in (counts["period"].min() if not counts.empty else None, stages["start"].min() if not stages.empty else None) if x is not None and not pd.isna(x)]
    hi = [x for x in (counts["period"].max() if not counts.empty else None, stages["end"].max() if not stages.empty else None) if x is not None and not pd.isna(x)]
    if lo and hi and min(lo) <= day <= max(hi) + pd.Timedelta(days=31):
        return day.date()
    return None


def _keep(lang: str) -> str:
    """Query-string prefix that keeps the language in links opened in a new tab."""
    return "lang=en&" if lang == "en" else ""


def _events_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            t("common.date", lang): [
                format_event_date(d if pd.notna(d) else None, p, lang, short=True)
                for d, p in zip(df["event_date"], presenting._precision(df))
            ],
            t("common.activity", lang): df["activity"].map(lambda a: activity_label(a, lang)),
            t("common.location", lang): df["location"].fillna(""),
            t("common.agencies", lang): df["agencies"],
            t("common.regions", lang): df["regions"],
            t("common.participants", lang): df["participants"].map(lambda p: format_number(p, lang) if pd.notna(p) else ""),
            t("common.level", lang): df["level"].map(lambda v: level_label(v, lang)),
            t("merge.col_sources", lang): df["sources"] if "sources" in df else 1,
            t("common.source", lang): df["article_id"].map(lambda i: f"/berita?{_keep(lang)}item={int(i)}" if pd.notna(i) else None),
        }
    )
    return out


def events_list(ctx: PageContext, df: pd.DataFrame) -> None:
    if df.empty:
        st.info(ctx.t("common.no_data"))
        return
    for _, r in df.iterrows():
        when = format_event_date(r["event_date"] if pd.notna(r["event_date"]) else None, r.get("date_precision"), ctx.lang,
                                 short=True)
        where = next((str(v) for v in (r["regions"], r["location"]) if isinstance(v, str) and v.strip()), "")
        where = f" · {escape_markdown(where)}" if where else ""
        agencies = r["agencies"] if isinstance(r["agencies"], str) else ""
        st.markdown(
            f"**{when}** · {activity_label(r['activity'], ctx.lang)}{where}  \n"
            f"<small>{escape_markdown(agencies)}</small>",
            unsafe_allow_html=True,  # only the <small> tag is ours; every value is escaped
        )


def download_table(ctx: PageContext, df: pd.DataFrame, name: str) -> None:
    """CSV and Excel of a table, built when clicked (an Excel file on every run of the page
    cost more than the page itself)."""
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        t("common.download_csv", ctx.lang), lambda: exports.to_csv_bytes(df), file_name=f"{name}.csv",
        mime="text/csv", key=f"{name}_csv", on_click="ignore",
    )
    c2.download_button(
        t("common.download_xlsx", ctx.lang), lambda: exports.to_excel_bytes(df, sheet_name=name[:31]),
        file_name=f"{name}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{name}_xlsx", on_click="ignore",
    )


def events_table(ctx: PageContext, *, key: str, limit: int = 1000) -> None:
    df = cached(ctx.engine, "events_table", ctx.filters, limit)
    if df.empty:
        st.info(ctx.t("common.no_data"))
        return
    view = _events_frame(df, ctx.lang)
    src = t("common.source", ctx.lang)
    st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        column_config={src: st.column_config.LinkColumn(src, display_text=t("rakor.open_article", ctx.lang))},
        key=key,
    )
    download_table(ctx, presenting.events_export_frame(df, ctx.lang), key)


def regions_table(ctx: PageContext, df: pd.DataFrame) -> None:
    lang = ctx.lang
    if df.empty:
        st.info(ctx.t("common.no_data"))
        return
    view = pd.DataFrame(
        {
            t("common.code", lang): df["code"],
            t("common.name", lang): df["name"],
            t("wilayah.contest", lang): df["contest"].map(lambda c: t(f"wilayah.{c}", lang) if c else ""),
            t("common.province", lang): df["province_name"],
            t("common.events", lang): df["events"],
            t("common.last_event", lang): df["last_date"].map(lambda d: format_date(d, lang, short=True) if pd.notna(d) else ""),
        }
    )
    st.dataframe(view, hide_index=True, width="stretch", key="regions_table")
    download_table(ctx, view, "wilayah")


# ---------------------------------------------------------------- Berita

PAGE_SIZE = 25


def selected_article(ctx: PageContext) -> int | None:
    """The article chosen on this page (``item`` in the filter state and the URL)."""
    return parse_id(ctx.filters.item) if ctx.filters.item else None


def pager(ctx: PageContext, total: int, size: int, key: str) -> int:
    """The one way to page a long table: ◀ "Halaman 2 dari 5" ▶ under the table's title."""
    pages = max(1, -(-total // size))
    page = min(max(1, int(st.session_state.get(key, 1))), pages)
    if pages > 1:
        c1, c2, c3, _ = st.columns([0.5, 1.6, 0.5, 5], vertical_alignment="center")
        if c1.button("◀", key=f"{key}_prev", disabled=page <= 1, help=ctx.t("common.page_prev")):
            page -= 1
        if c3.button("▶", key=f"{key}_next", disabled=page >= pages, help=ctx.t("common.page_next")):
            page += 1
        c2.markdown(ctx.t("common.page_of", page=format_number(page, ctx.lang), pages=format_number(pages, ctx.lang)))
    st.session_state[key] = page
    return page


def article_list(ctx: PageContext) -> None:
    lang = ctx.lang
    searching = bool(search_words(ctx.filters.q))
    cap = SEARCH_COUNT_CAP if searching else None
    total = cached(ctx.engine, "count_articles", ctx.filters, cap)
    if cap is not None and total > cap:
        st.markdown(t("berita.results_more", lang, n=format_number(cap, lang)))
    else:
        st.markdown(t("berita.results", lang, n=format_number(total, lang)))
    size = 9 if ctx.present else PAGE_SIZE
    page = 1 if ctx.present else pager(ctx, total, size, "berita_page")
    df = cached(ctx.engine, "articles", ctx.filters, size, (page - 1) * size)
    if df.empty:
        st.info(ctx.t("common.no_data"))
        return
    if searching and not ctx.present:
        search_results(ctx, df)
    open_col = t("berita.open", lang)
    view = pd.DataFrame(
        {
            open_col: df["id"].map(lambda i: f"/berita?{_keep(lang)}item={int(i)}"),
            t("common.published", lang): df["published"].map(lambda d: format_date(d, lang, short=True) if pd.notna(d) else "–"),
            t("common.title", lang): df["title"].fillna("").map(lambda s: s[:160]),
            t("common.events", lang): df["events"],
            # unknown as in the date column: "–", not a blank a room reads as a missing value
            t("common.publisher", lang): df["publisher"].map(lambda s: s if isinstance(s, str) and s.strip() else "–"),
        }
    )
    if ctx.present:
        more = t("present.more_rows", lang, n=format_number(total - len(view), lang)) if total > len(view) else None
        presenter.table(view.drop(columns=[open_col]), rows=size, more=more, numeric=[t("common.events", lang)])
        return
    if not searching:
        st.dataframe(  # the "Baca" link first: at 1366 px it is never scrolled out of sight
            view,
            hide_index=True,
            width="stretch",
            height=38 + 35 * len(view),
            column_config={
                open_col: st.column_config.LinkColumn(open_col, display_text=t("berita.open", lang), width="small"),
                t("common.published", lang): st.column_config.TextColumn(width="small"),
                t("common.title", lang): st.column_config.TextColumn(width="large"),
                t("common.events", lang): st.column_config.NumberColumn(width="small", format="%d"),
            },
            key="berita_list",
        )
    export = pd.DataFrame({
        t("common.published", lang): df["published"].map(lambda d: d.isoformat() if pd.notna(d) else ""),
        t("common.title", lang): df["title"].fillna(""),
        t("common.publisher", lang): df["publisher"].fillna(""),
        t("common.events", lang): df["events"].astype(int),
        "URL": df["url"].fillna("") if "url" in df else "",
    })
    download_table(ctx, export, "berita" if lang == "id" else "articles")


def search_results(ctx: PageContext, df: pd.DataFrame) -> None:
    """A search's page of articles: each title (a link to the reader), its day, publisher
    and events, and under it a snippet of the text with the searched words marked. Titles,
    names and text are escaped; only the ``<small>`` and ``<mark>`` tags are ours."""
    lang = ctx.lang
    snippets = cached(ctx.engine, "search_snippets", ctx.filters.q, tuple(int(i) for i in df["id"]))
    with st.container(key="berita_search_results"):
        for _, r in df.iterrows():
            aid = int(r["id"])
            title = escape_markdown((r["title"] or t("common.unknown", lang))[:160])
            reader = f"/berita?{_keep(lang)}item={aid}"
            bits = [format_date(r["published"], lang, short=True) if pd.notna(r["published"]) else "",
                    r["publisher"] if isinstance(r["publisher"], str) else "",
                    f"{t('common.events', lang)}: {format_number(int(r['events']), lang)}"]
            meta = escape_markdown(" · ".join(b for b in bits if b))
            snippet = snippet_markdown(snippets.get(aid, ""))
            st.markdown(
                f"**[{title}]({reader})**  \n<small>{meta}</small>" + (f"  \n{snippet}" if snippet else ""),
                unsafe_allow_html=True,  # only <small> and <mark> are ours; every value is escaped
            )


def _url_for_markdown(url: str | None) -> str | None:
    """A web address usable as a Markdown link target (http/https only; no spaces or brackets)."""
    if not url or not str(url).lower().startswith(("http://", "https://")):
        return None
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def also_reported(ctx: PageContext, sources: list[dict], *, key: str) -> None:
    """"Juga diberitakan oleh …": the other articles reporting the same event, each with a
    link to the reader and to the original page (untrusted titles and names are escaped)."""
    if not sources:
        return
    lang = ctx.lang
    lines = []
    for src in sources:
        title = escape_markdown((src.get("title") or t("common.unknown", lang))[:160])
        bits = [x for x in (src.get("publisher"), format_date(src["published"], lang) if src.get("published") else None) if x]
        meta = escape_markdown(" · ".join(bits))
        links = []
        if src.get("article_id") is not None:
            reader = ctx.link(ctx.filters.with_(item=str(int(src["article_id"])), view=None), page="berita")
            links.append(f"[{t('merge.open_reader', lang)}]({reader})")
        original = _url_for_markdown(src.get("url"))
        if original:
            links.append(f"[{t('merge.open_original', lang)}]({original})")
        main = f" _({t('merge.main_source', lang)})_" if src.get("main") else ""
        lines.append(f"- **{title}**{main}  \n  {meta}{' · ' if meta and links else ''}{' · '.join(links)}")
    with st.container(key=key):
        st.markdown(f"**{t('merge.also_reported', lang)}**")
        st.markdown("\n".join(lines))


def article_reader(ctx: PageContext, article_id: int) -> None:
    lang = ctx.lang
    art = cached(ctx.engine, "article_detail", article_id)
    if st.button("← " + t("berita.back", lang), key="berita_back"):
        ctx.apply(ctx.filters.with_(item=None), remember=False)
    if art is None:
        st.warning(t("berita.not_found", lang))
        return
    view = presenting.article_view(art, lang)
    st.subheader(escape_markdown(view.title))  # an untrusted title: no links, no formatting
    st.caption(escape_markdown(view.meta_line))
    left, right = st.columns([3, 2])
    with right:
        st.markdown(f"#### {t('berita.extracted', lang)}")
        if not view.events:
            st.info(t("berita.no_events", lang))
        for i, ev in enumerate(view.events):
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(ev.heading)}**")
                for label, value, low in ev.rows:
                    flag = f" ⚠️ _{t('common.low_confidence', lang)}_" if low else ""
                    st.markdown(f"- {escape_markdown(label)}: {escape_markdown(value)}{flag}")
                also_reported(ctx, ev.also_reported, key=f"also_reported_{i}")
    with left:
        st.markdown(f"#### {t('berita.text', lang)}")
        st.caption(t("berita.legend", lang))
        st.html(view.text_html)
