"""Kelola Data, Unggah berkas: articles or an event list, a preview of what each file holds,
then storing with a progress bar and a report per file and per item.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from dashboard import manage
from dashboard.config import get_settings
from dashboard.i18n import activity_label, format_number, t
from dashboard.textsafe import escape_markdown
from dashboard.ui.auth import require_user
from dashboard.ui.cache import clear as clear_cache
from dashboard.ui.layout import PageContext
from dashboard.ui.manage import busy, code_text


ARTICLE_TYPES = ["txt", "html", "htm", "jsonl", "json", "csv", "xlsx", "zip"]
EVENT_LIST_TYPES = ["csv", "xlsx"]

# ---------------------------------------------------------------- uploads


def _digest(uploads: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in uploads:
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def upload_section(ctx: PageContext) -> None:
    lang = ctx.lang
    settings = get_settings()
    kind = st.radio(
        t("kelola.upload_kind", lang), ["articles", "events"], horizontal=True, key="upload_kind",
        format_func=lambda k: t(f"kelola.kind_{k}", lang),
    )
    nonce = st.session_state.setdefault("upload_nonce", 0)
    types = ARTICLE_TYPES if kind == "articles" else EVENT_LIST_TYPES
    help_key = "kelola.upload_help_articles" if kind == "articles" else "kelola.upload_help_events"
    files = st.file_uploader(
        t("kelola.upload_label", lang, mb=settings.max_upload_mb), type=types, accept_multiple_files=True,
        max_upload_size=settings.max_upload_mb, key=f"upload_{kind}_{nonce}", help=t(help_key, lang),
    )
    if kind == "events":
        with st.expander(t("kelola.format_title", lang)):
            st.markdown(t("kelola.format_body", lang))
    if files:
        uploads = [(f.name, f.getvalue()) for f in files]
        if kind == "articles":
            _article_preview(ctx, uploads)
        else:
            _event_list_preview(ctx, uploads)
        return
    last = st.session_state.get("upload_report")
    if last is not None:
        what, report = last
        st.subheader(t("kelola.report", lang))
        if what == "articles":
            ingest_report_view(report, lang)
        else:
            import_report_view(report, lang)


def _preview_frame(previews: list[manage.FilePreview], lang: str) -> pd.DataFrame:
    rows = []
    for fp in previews:
        for it in fp.items:
            rows.append(
                {
                    t("kelola.col_file", lang): fp.name,
                    t("kelola.col_item", lang): it.source,
                    t("common.status", lang): t(f"kelola.st_{it.status}", lang),
                    t("common.title", lang): (it.title or "")[:200],
                    t("common.published", lang): it.published.isoformat() if it.published else "",
                    t("kelola.col_chars", lang): format_number(it.chars, lang) if it.chars else "",
                    t("kelola.col_reason", lang): code_text(it.code, lang) if it.code else "",
                    t("kelola.col_detail", lang): it.reason,
                }
            )
    return pd.DataFrame(rows)


def _article_preview(ctx: PageContext, uploads: list[tuple[str, bytes]]) -> None:
    lang = ctx.lang
    key = _digest(uploads)
    cache = st.session_state.get("upload_preview")
    if not cache or cache[0] != key:
        with st.spinner(t("kelola.reading", lang)):
            cache = (key, manage.preview_uploads(ctx.engine, uploads))
        st.session_state["upload_preview"] = cache
    previews = cache[1]
    n_new = sum(f.count("new") for f in previews)
    n_dup = sum(f.count("duplicate") for f in previews)
    n_rej = sum(f.count("rejected") for f in previews)
    st.subheader(t("kelola.preview", lang))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("kelola.files", lang), format_number(len(previews), lang))
    c2.metric(t("kelola.st_new", lang), format_number(n_new, lang))
    c3.metric(t("kelola.st_duplicate", lang), format_number(n_dup, lang))
    c4.metric(t("kelola.st_rejected", lang), format_number(n_rej, lang))
    more = sum(f.more for f in previews)
    if more:
        st.caption(t("kelola.preview_more", lang, n=format_number(more, lang)))
    st.dataframe(_preview_frame(previews, lang), hide_index=True, width="stretch", key="upload_preview_table")
    if n_new == 0:
        st.info(t("kelola.nothing_new", lang))
    if st.button(t("kelola.store", lang, n=format_number(n_new, lang)), type="primary", disabled=n_new == 0,
                 key="upload_store", icon=":material/save:"):
        user = require_user("editor")
        bar = st.progress(0.0, text=t("kelola.storing", lang))

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(1, total), text=escape_markdown(f"{done}/{total} · {name[-60:]}"))

        try:
            report = manage.store_uploads(ctx.engine, uploads, username=user.username, progress=progress)
        except OperationalError:
            busy(lang)
            return
        clear_cache()
        st.session_state["upload_report"] = ("articles", report)
        st.session_state.pop("upload_preview", None)
        st.session_state["upload_nonce"] = st.session_state.get("upload_nonce", 0) + 1
        st.rerun()


def ingest_report_view(report, lang: str) -> None:
    """Per file and per item: new, duplicate, rejected with the reason."""
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("kelola.st_new", lang), format_number(report.new, lang))
    c2.metric(t("kelola.st_duplicate", lang), format_number(report.duplicate, lang))
    c3.metric(t("kelola.st_rejected", lang), format_number(report.rejected, lang))
    c4.metric(t("kelola.events_found", lang), format_number(report.events, lang))
    files = pd.DataFrame(
        [
            {
                t("kelola.col_file", lang): f.source,
                t("kelola.st_new", lang): f.count("new"),
                t("kelola.st_duplicate", lang): f.count("duplicate"),
                t("kelola.st_rejected", lang): f.count("rejected"),
                t("kelola.col_result", lang): t("kelola.file_rolled_back", lang) if f.error else (
                    t("kelola.file_stored", lang) if f.count("new") else t("kelola.file_nothing", lang)
                ),
            }
            for f in report.files
        ]
    )
    st.markdown(f"**{t('kelola.per_file', lang)}**")
    st.dataframe(files, hide_index=True, width="stretch", key="report_files")
    items = pd.DataFrame(
        [
            {
                t("kelola.col_file", lang): f.source,
                t("kelola.col_item", lang): i.source,
                t("common.status", lang): t(f"kelola.st_{i.status}", lang),
                t("common.title", lang): (i.title or "")[:200],
                t("common.events", lang): str(i.events) if i.status == "new" else "",
                t("kelola.col_reason", lang): code_text(i.code, lang) if i.status != "new" else "",
                t("kelola.col_detail", lang): i.reason,
            }
            for f in report.files
            for i in f.items
        ]
    )
    st.markdown(f"**{t('kelola.per_item', lang)}**")
    st.dataframe(items, hide_index=True, width="stretch", key="report_items")


def _event_list_preview(ctx: PageContext, uploads: list[tuple[str, bytes]]) -> None:
    lang = ctx.lang
    key = _digest(uploads)
    cache = st.session_state.get("events_preview")
    if not cache or cache[0] != key:
        parsed = []
        max_bytes = get_settings().max_upload_bytes
        for name, data in uploads:
            problem = manage.size_problem(name, data, max_bytes)
            if problem:
                parsed.append((name, None, problem))
                continue
            try:
                parsed.append((name, manage.parse_event_table(name, data, max_bytes=max_bytes), None))
            except Exception:  # noqa: BLE001 - a parser bug must not break the page
                parsed.append((name, None, manage.Problem("internal_error", "the file could not be read")))
        cache = (key, parsed)
        st.session_state["events_preview"] = cache
    st.subheader(t("kelola.preview", lang))
    importable = []
    for name, result, problem in cache[1]:
        st.markdown(f"**{escape_markdown(name)}**")
        if problem is not None:
            st.error(f"{code_text(problem.code, lang)} ({escape_markdown(problem.reason)})")
            continue
        errors = list(getattr(result, "errors", []) or [])
        rows = list(getattr(result, "rows", []) or [])
        if errors:
            st.error(t("kelola.rows_with_errors", lang, n=format_number(len(errors), lang)))
            st.dataframe(_row_errors_frame(errors, lang), hide_index=True, width="stretch", key=f"errors_{name}")
        else:
            st.success(t("kelola.rows_ok", lang, n=format_number(len(rows), lang)))
            importable.append((name, result))
        if rows:
            st.dataframe(_rows_frame(rows, lang), hide_index=True, width="stretch", key=f"rows_{name}")
    n = sum(len(r.rows) for _, r in importable)
    if st.button(t("kelola.import", lang, n=format_number(n, lang)), type="primary", disabled=not importable,
                 key="events_import", icon=":material/playlist_add:"):
        user = require_user("editor")
        reports = []
        try:
            for name, result in importable:
                reports.append(manage.import_event_rows(ctx.engine, name, result, username=user.username))
        except OperationalError:
            busy(lang)
            return
        clear_cache()
        st.session_state["upload_report"] = ("events", reports)
        st.session_state.pop("events_preview", None)
        st.session_state["upload_nonce"] = st.session_state.get("upload_nonce", 0) + 1
        st.rerun()


def _row_errors_frame(errors, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("kelola.col_row", lang): int(e.row),
                t("kelola.col_column", lang): e.column or "",
                t("kelola.col_reason", lang): code_text(e.code, lang),
                t("kelola.col_detail", lang): e.message,
            }
            for e in errors
        ]
    )


def _rows_frame(rows, lang: str) -> pd.DataFrame:
    out = []
    for r in rows[:500]:
        inp = manage.event_input_from_row(r)
        out.append(
            {
                t("kelola.col_row", lang): int(getattr(r, "row", 0)),
                t("common.date", lang): inp.event_date.isoformat() if inp.event_date else "",
                t("common.activity", lang): activity_label(inp.activity, lang),
                t("common.location", lang): inp.location or "",
                t("common.agencies", lang): ", ".join(inp.agencies),
                t("common.regions", lang): ", ".join(inp.regions),
                t("common.election", lang): inp.election_id or "",
                t("common.participants", lang): inp.participants,
            }
        )
    return pd.DataFrame(out)


def import_report_view(reports: list[manage.ImportReport], lang: str) -> None:
    for rep in reports:
        st.markdown(f"**{escape_markdown(rep.source)}**")
        if rep.written:
            st.success(t("kelola.imported", lang, new=format_number(rep.count("new"), lang),
                         dup=format_number(rep.count("duplicate"), lang)))
        else:
            st.error(t("kelola.not_imported", lang))
        frame = pd.DataFrame(
            [
                {
                    t("kelola.col_row", lang): r.row,
                    t("common.status", lang): t(f"kelola.st_{'rejected' if r.status == 'error' else r.status}", lang),
                    t("kelola.col_column", lang): r.column or "",
                    t("kelola.col_reason", lang): code_text(r.code, lang) if r.code else "",
                    t("kelola.col_detail", lang): r.message,
                    t("kelola.col_event", lang): r.event_id or r.duplicate_of,
                }
                for r in rep.rows
            ]
        )
        st.dataframe(frame, hide_index=True, width="stretch", key=f"import_report_{rep.source}")
