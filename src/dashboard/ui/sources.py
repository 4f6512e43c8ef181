"""The Sumber tab of Kelola Data: the collector's sources with their last check, what they
brought and their errors; adding, testing (nothing stored) and removing a source.

Writes go through ``dashboard.collect.store`` (validated, audited) after the editor role is
checked again. Text from the sites (titles, addresses, error messages) is shown in data
frames or escaped Markdown, never as HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from dashboard.collect import store
from dashboard.db.models import SOURCE_KINDS
from dashboard.i18n import STRINGS, format_number, t
from dashboard.queries import sources as qs
from dashboard.reference import regions
from dashboard.textsafe import escape_markdown
from dashboard.ui.auth import require_user
from dashboard.ui.cache import clear as clear_cache
from dashboard.ui.layout import PageContext
from dashboard.ui.manage import code_text

FLASH = "sumber_msg"


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _show_flash() -> None:
    msg = st.session_state.pop(FLASH, None)
    if msg:
        kind, text = msg
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(text)


def status_label(status, lang: str) -> str:
    key = f"sumber.status.{status if isinstance(status, str) and status else 'never'}"
    return t(key, lang) if key in STRINGS else str(status)


def verdict_label(status: str, lang: str) -> str:
    key = f"sumber.v.{status}"
    return t(key, lang) if key in STRINGS else status


def error_label(code, lang: str) -> str:
    """What went wrong, in the interface's language (the English detail is shown beside it)."""
    key = f"sumber.code.{code}" if isinstance(code, str) and code else ""
    return t(key, lang) if key in STRINGS else ""


def page_reason(code, reason, http_status, lang: str) -> str:
    """Why a page was handled so, in the interface's language: the collector's code
    (``sumber.code.*``, or a reader's rejection ``code.*``), with the HTTP status where the
    site answered with one. The collector's own (English) words go to the technical column."""
    code = code if isinstance(code, str) else ""
    label = error_label(code, lang) or (code_text(code, lang) if code and f"code.{code}" in STRINGS else "")
    if not label:
        return ""
    try:
        status = int(http_status) if http_status is not None and pd.notna(http_status) else None
    except (TypeError, ValueError):
        status = None
    return f"{label} (HTTP {status})" if status and status >= 400 else label


def _when(x) -> str:
    return x.strftime("%Y-%m-%d %H:%M") if pd.notna(x) else ""


def sources_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("sumber.col_name", lang): df["name"],
            t("sumber.col_status", lang): df["last_status"].map(lambda s: status_label(s, lang)),
            t("sumber.col_checked", lang): df["last_checked_at"].map(_when),
            t("sumber.col_error", lang): df["last_error_code"].map(lambda c: error_label(c, lang)),
            t("sumber.col_articles", lang): df["articles"],
            t("sumber.col_last_new", lang): df["last_new"],
            t("sumber.col_skipped", lang): df["skipped"],
            t("sumber.col_failed", lang): df["failed"],
            t("sumber.col_blocked", lang): df["blocked"],
            t("sumber.col_tech", lang): df["last_error"].fillna(""),
            t("sumber.col_kind", lang): df["kind"].map(lambda k: t(f"sumber.kind.{k}", lang)),
            t("sumber.col_every", lang): df["every_hours"],
            t("sumber.col_body", lang): df["body"].fillna(""),
            t("sumber.col_region", lang): df["region_name"].fillna(""),
            t("sumber.col_url", lang): df["url"],
        }
    )


def sources_section(ctx: PageContext) -> None:
    lang = ctx.lang
    st.caption(t("sumber.intro", lang))
    _show_flash()
    df = qs.source_table(ctx.engine)
    if df.empty:
        st.info(t("sumber.empty", lang))
    else:
        failing = df[df["last_status"] == "error"]
        c1, c2, c3 = st.columns(3)
        c1.metric(t("sumber.m_sources", lang), format_number(len(df), lang))
        c2.metric(t("sumber.m_articles", lang), format_number(int(df["articles"].sum()), lang))
        c3.metric(t("sumber.m_failing", lang), format_number(len(failing), lang))
        if len(failing):
            st.error(t("sumber.failing", lang, n=len(failing), names=escape_markdown(", ".join(failing["name"]))),
                     icon=":material/error:")
        st.dataframe(sources_frame(df, lang), hide_index=True, width="stretch", key="sumber_table",
                     column_config={t("sumber.col_error", lang): st.column_config.TextColumn(width="medium")})
    _add_form(ctx, expanded=df.empty)
    if not df.empty:
        _manage(ctx, df)
    _test_other(ctx)
    st.caption(t("sumber.schedule_help", lang))


def _add_form(ctx: PageContext, expanded: bool) -> None:
    lang = ctx.lang
    nonce = st.session_state.setdefault("sumber_nonce", 0)
    with st.expander(t("sumber.add_title", lang), expanded=expanded, icon=":material/add_link:"):
        with st.form(f"sumber_add_{nonce}"):
            url = st.text_input(t("sumber.f_url", lang), help=t("sumber.f_url_help", lang), key=f"sumber_url_{nonce}")
            c1, c2 = st.columns(2)
            name = c1.text_input(t("sumber.f_name", lang), help=t("sumber.f_name_help", lang), key=f"sumber_name_{nonce}")
            body = c2.text_input(t("sumber.f_body", lang), help=t("sumber.f_body_help", lang), key=f"sumber_body_{nonce}")
            codes = [""] + sorted(regions())
            region = c1.selectbox(
                t("sumber.f_region", lang), codes, key=f"sumber_region_{nonce}",
                format_func=lambda c: f"{c} {regions()[c].name}" if c else t("sumber.f_region_none", lang),
            )
            every = c2.number_input(t("sumber.f_every", lang), min_value=store.MIN_HOURS, max_value=float(store.MAX_HOURS),
                                    value=6.0, step=1.0, key=f"sumber_every_{nonce}")
            kind = c1.selectbox(t("sumber.f_kind", lang), list(SOURCE_KINDS), key=f"sumber_kind_{nonce}",
                                format_func=lambda k: t(f"sumber.kind.{k}", lang))
            pattern = c2.text_input(t("sumber.f_pattern", lang), help=t("sumber.f_pattern_help", lang),
                                    key=f"sumber_pattern_{nonce}")
            submitted = st.form_submit_button(t("sumber.add", lang), type="primary", icon=":material/add:")
    if submitted:
        user = require_user("editor")
        try:
            src = store.add_source(ctx.engine, store.SourceInput(
                url, name=name or None, kind=kind, link_pattern=pattern or None, body=body or None,
                region=region or None, every_hours=every), username=user.username)
        except store.SourceError as e:
            st.error(t(f"sumber.err.{e.code}", lang, detail=escape_markdown(e.message)))
        except OperationalError:
            st.error(t("kelola.busy", lang), icon="⏳")
        else:
            clear_cache()
            _flash("success", t("sumber.added", lang, name=escape_markdown(src.name)))
            st.session_state["sumber_nonce"] = nonce + 1
            st.rerun()


def _manage(ctx: PageContext, df: pd.DataFrame) -> None:
    lang = ctx.lang
    st.markdown(f"#### {t('sumber.manage_title', lang)}")
    names = list(df["name"])
    name = st.selectbox(t("sumber.pick", lang), names, key="sumber_pick")
    row = df[df["name"] == name].iloc[0]
    b1, b2 = st.columns([1, 1])
    if b1.button(t("sumber.test", lang), key="sumber_test_btn", icon=":material/science:"):
        _run_test(ctx, row["url"], row["kind"], row["link_pattern"] if isinstance(row["link_pattern"], str) else None)
    with b2.popover(t("sumber.remove", lang), icon=":material/delete:"):
        sure = st.checkbox(t("sumber.remove_confirm", lang, name=escape_markdown(name)), key=f"sumber_sure_{name}")
        if st.button(t("sumber.remove", lang), key="sumber_remove_btn", disabled=not sure, type="primary"):
            user = require_user("editor")
            try:
                store.remove_source(ctx.engine, name, username=user.username)
            except store.SourceError as e:
                st.error(t(f"sumber.err.{e.code}", lang, detail=escape_markdown(e.message)))
            else:
                clear_cache()
                st.session_state.pop("sumber_test", None)
                _flash("success", t("sumber.removed", lang, name=escape_markdown(name)))
                st.rerun()
    _show_test(lang)
    pages = qs.source_pages(ctx.engine, int(row["id"]), 50)
    with st.expander(t("sumber.pages_title", lang), icon=":material/list:"):
        if pages.empty:
            st.info(t("sumber.pages_empty", lang))
        else:
            st.dataframe(pd.DataFrame({
                t("sumber.col_verdict", lang): pages["status"].map(lambda s: verdict_label(s, lang)),
                t("common.title", lang): pages["title"].fillna(""),
                t("sumber.col_reason", lang): [page_reason(c, r, h, lang) for c, r, h in
                                               zip(pages["code"], pages["reason"], pages["http_status"])],
                t("sumber.col_checked", lang): pages["fetched_at"].map(_when),
                t("sumber.col_url", lang): pages["url"],
                t("sumber.col_tech", lang): pages["reason"].fillna(""),
            }), hide_index=True, width="stretch", key="sumber_pages")


def _test_other(ctx: PageContext) -> None:
    lang = ctx.lang
    with st.form("sumber_test_form"):
        url = st.text_input(t("sumber.test_url", lang), key="sumber_test_url")
        go = st.form_submit_button(t("sumber.test_url_btn", lang), icon=":material/science:")
    if go and url.strip():
        _run_test(ctx, url.strip(), "auto", None)
    if st.session_state.get("sumber_test", {}).get("free"):
        _show_test(lang, free=True)


def _run_test(ctx: PageContext, url: str, kind: str, pattern: str | None) -> None:
    from dashboard.collect.preview import preview

    require_user("editor")
    with st.spinner(t("sumber.testing", ctx.lang, url=escape_markdown(url))):
        rep = preview(ctx.engine, url, kind=kind, pattern=pattern, limit=5)
    st.session_state["sumber_test"] = {"report": rep, "free": kind == "auto" and pattern is None
                                       and url not in set(qs.source_table(ctx.engine)["url"])}


def _show_test(lang: str, free: bool = False) -> None:
    state = st.session_state.get("sumber_test")
    if not state or bool(state.get("free")) != free:
        return
    rep = state["report"]
    if rep.outcome.status == "error":
        why = error_label(rep.outcome.code, lang)
        detail = escape_markdown(rep.outcome.error or "")
        st.error(t("sumber.test_failed", lang, error=f"{why} ({detail})" if why else detail), icon=":material/error:")
        return
    read = sum(p.status != "known" for p in rep.pages)
    st.success(t("sumber.test_result", lang, url=escape_markdown(rep.url), found=rep.outcome.found, read=read),
               icon=":material/science:")
    for w in rep.warnings:
        st.warning(t("sumber.test_warning", lang, text=escape_markdown(w)))
    rows = []
    for p in rep.pages:
        events = "; ".join(
            f"{e['date'].isoformat() if e['date'] else '?'} {e['activity']} – {e['location'] or '?'}"
            f" ({', '.join(e['agencies'])})" for e in p.event_rows
        )
        rows.append({
            t("sumber.col_verdict", lang): verdict_label(p.status, lang),
            t("common.title", lang): p.title or "",
            t("common.published", lang): p.published.isoformat() if p.published else "",
            t("sumber.col_events", lang): events,
            t("sumber.col_reason", lang): page_reason(p.code, p.reason, None, lang),
            t("sumber.col_url", lang): p.url,
            t("sumber.col_tech", lang): p.reason,
        })
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"sumber_test_{'free' if free else 'src'}")
