"""Widgets of the Kelola Data and Admin pages: uploads with preview and report, the
hand-recording form, the review queue, the audit log, accounts.

Every write goes through ``dashboard.manage`` / ``dashboard.auth`` (transactional and
audited) after ``ui.auth.require_user`` checked the role again. Untrusted text (file
names, titles, article text, values typed by others) is shown in data frames, escaped
Markdown or ``textsafe.evidence_html``; never as raw HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from dashboard import audit, auth, exports, manage, presenting
from dashboard.config import get_settings
from dashboard.filters import ALL_ELECTIONS
from dashboard.db.models import ACTIVITIES
from dashboard.i18n import STRINGS, activity_label, format_date, format_number, status_label, t
from dashboard.queries import manage as qm
from dashboard.textsafe import escape_markdown, evidence_html
from dashboard.ui.auth import require_user
from dashboard.ui.cache import cached, clear as clear_cache
from dashboard.db.engine import get_engine
from dashboard.ui.layout import PageContext

ARTICLE_TYPES = ["txt", "html", "htm", "jsonl", "json", "csv", "xlsx", "zip"]
EVENT_LIST_TYPES = ["csv", "xlsx"]
QUEUE_PAGE = 25
AUDIT_PAGE = 100
AUDIT_EXPORT_MAX = 100_000


def code_text(code: str, lang: str) -> str:
    """What a rejection/error code means and what to do about it (falls back to the code)."""
    key = f"code.{code}"
    return t(key, lang) if key in STRINGS else (code or "")


def _flash(key: str, kind: str, text: str) -> None:
    st.session_state[key] = (kind, text)


def _show_flash(key: str) -> None:
    msg = st.session_state.pop(key, None)
    if msg:
        kind, text = msg
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(text)


def _busy(lang: str) -> None:
    st.error(t("kelola.busy", lang), icon="⏳")


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
            _busy(lang)
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
            _busy(lang)
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


# ---------------------------------------------------------------- the event form


def _field_errors(errors: list[manage.FieldError], lang: str) -> None:
    lines = []
    for e in errors:
        key = f"manage.err.{e.code}"
        msg = t(key, lang, **e.params) if key in STRINGS else e.message
        lines.append(f"- **{escape_markdown(t(f'manage.field.{e.field}', lang))}**: {escape_markdown(msg)}")
    st.error(t("manage.fix_fields", lang) + "\n\n" + "\n".join(lines))


def event_fields(ctx: PageContext, prefix: str, init: manage.EventInput | None = None) -> manage.EventInput:
    """The fields of an event, inside the caller's ``st.form``."""
    lang = ctx.lang
    # a new meeting belongs to the election being viewed (the filter state), not to none
    init = init or manage.EventInput(event_date=None, activity="rakor", election_id=ctx.filters.election_id)
    agencies = list(cached(ctx.engine, "agencies")["name"])
    regions = cached(ctx.engine, "manage.region_choices")
    region_names = dict(zip(regions["code"], regions["name"]))
    elections = cached(ctx.engine, "elections")
    election_names = dict(zip(elections["id"], elections["name"]))
    latest = dt.date(dt.date.today().year + manage.MAX_YEARS_AHEAD, 12, 31)
    c1, c2 = st.columns(2)
    c1.date_input(
        t("common.date", lang), value=init.event_date, min_value=manage.MIN_DATE, max_value=latest,
        format="DD/MM/YYYY", key=f"{prefix}_date",
    )
    c2.selectbox(
        t("manage.field.activity", lang), list(ACTIVITIES),
        index=list(ACTIVITIES).index(init.activity) if init.activity in ACTIVITIES else 0,
        format_func=lambda a: activity_label(a, lang), key=f"{prefix}_activity",
    )
    st.text_input(t("manage.field.location", lang), value=init.location or "", max_chars=manage.MAX_LOCATION,
                             key=f"{prefix}_location")
    st.multiselect(
        t("common.agencies", lang), agencies, default=[a for a in init.agencies if a in agencies],
        key=f"{prefix}_agencies", placeholder=t("manage.pick", lang),
    )
    st.multiselect(
        t("common.regions", lang), list(region_names), default=[r for r in init.regions if r in region_names],
        format_func=lambda c: f"{region_names.get(c, c)} ({c})", key=f"{prefix}_regions",
        placeholder=t("manage.pick_region", lang),
    )
    c3, c4 = st.columns(2)
    options = [""] + list(election_names)
    c3.selectbox(
        t("common.election", lang), options,
        index=options.index(init.election_id) if init.election_id in options else 0,
        format_func=lambda e: election_names.get(e, t("manage.none", lang)), key=f"{prefix}_election",
    )
    c4.number_input(
        t("manage.field.participants", lang), min_value=0, max_value=manage.MAX_PARTICIPANTS,
        value=int(init.participants or 0), step=1, key=f"{prefix}_participants",
        help=t("manage.participants_help", lang),
    )
    st.text_area(t("manage.field.notes", lang), value=init.notes or "", max_chars=manage.MAX_NOTES,
                         key=f"{prefix}_notes", height=90)
    st.text_input(t("manage.field.source_url", lang), value=init.source_url or "",
                               max_chars=manage.MAX_URL, key=f"{prefix}_url", placeholder="https://")
    return event_input_from_state(prefix)


def event_input_from_state(prefix: str) -> manage.EventInput:
    """The values of the event fields with key ``prefix`` (also inside a button callback)."""
    state = st.session_state
    event_date = state.get(f"{prefix}_date")
    participants = state.get(f"{prefix}_participants")
    return manage.EventInput(
        event_date=event_date if isinstance(event_date, dt.date) else None,
        activity=state.get(f"{prefix}_activity") or "other",
        location=state.get(f"{prefix}_location"),
        agencies=tuple(state.get(f"{prefix}_agencies") or ()),
        regions=tuple(state.get(f"{prefix}_regions") or ()),
        election_id=state.get(f"{prefix}_election") or None,
        participants=int(participants) if participants else None,
        notes=state.get(f"{prefix}_notes"),
        source_url=state.get(f"{prefix}_url"),
    )


def manual_section(ctx: PageContext) -> None:
    lang = ctx.lang
    _show_flash("manual_msg")
    nonce = st.session_state.setdefault("manual_nonce", 0)
    with st.form(f"manual_form_{nonce}"):
        st.markdown(f"#### {t('kelola.manual_title', lang)}")
        st.caption(t("kelola.manual_help", lang))
        inp = event_fields(ctx, f"manual_{nonce}")
        submitted = st.form_submit_button(t("kelola.manual_save", lang), type="primary", icon=":material/save:")
    if submitted:
        user = require_user("editor")
        try:
            eid = manage.record_manual_event(ctx.engine, inp, username=user.username)
        except manage.ValidationError as e:
            _field_errors(e.errors, lang)
        except manage.Duplicate as e:
            st.warning(t("kelola.manual_duplicate", lang, id=e.existing_id))
        except OperationalError:
            _busy(lang)
        else:
            clear_cache()
            _flash("manual_msg", "success", t("kelola.manual_saved", lang, id=eid))
            st.session_state["manual_nonce"] = nonce + 1
            st.rerun()
    recent = qm.recent_manual_events(ctx.engine, 10)
    if not recent.empty:
        st.markdown(f"**{t('kelola.manual_recent', lang)}**")
        st.dataframe(
            pd.DataFrame(
                {
                    "ID": recent["id"],
                    t("common.date", lang): recent["event_date"].map(lambda d: format_date(d, lang, short=True)),
                    t("common.activity", lang): recent["activity"].map(lambda a: activity_label(a, lang)),
                    t("common.location", lang): recent["location"].fillna(""),
                    t("common.agencies", lang): recent["agencies"],
                    t("common.regions", lang): recent["regions"],
                    t("kelola.col_by", lang): recent["updated_by"].fillna(""),
                }
            ),
            hide_index=True, width="stretch", key="manual_recent",
        )


# ---------------------------------------------------------------- review queue


def _queue_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("common.confidence", lang): (df["confidence"] * 100).round().astype(int),
            t("common.date", lang): df["event_date"].map(lambda d: format_date(d, lang, short=True) if pd.notna(d) else "–"),
            t("common.activity", lang): df["activity"].map(lambda a: activity_label(a, lang)),
            t("common.location", lang): df["location"].fillna(""),
            t("common.agencies", lang): df["agencies"],
            t("common.regions", lang): df["regions"],
            t("kelola.col_article", lang): df["article_title"].fillna("").map(lambda s: s[:120]),
        }
    )


def review_section(ctx: PageContext) -> None:
    lang = ctx.lang
    f = ctx.filters.with_(election=ALL_ELECTIONS)
    _show_flash("review_msg")
    total = qm.count_review_queue(ctx.engine, f)
    counts = qm.status_counts(ctx.engine)
    c1, c2, c3, c4, c5 = st.columns([2, 2, 2, 2, 2])
    c1.metric(t("kelola.queue_open", lang), format_number(total, lang), help=t("kelola.queue_help", lang))
    c2.metric(status_label("confirmed", lang), format_number(counts["confirmed"], lang))
    c3.metric(status_label("edited", lang), format_number(counts["edited"], lang))
    c4.metric(status_label("rejected", lang), format_number(counts["rejected"], lang))
    if total == 0:
        st.success(t("kelola.queue_empty", lang))
        return
    pages = max(1, -(-total // QUEUE_PAGE))
    page = 1
    if pages > 1:
        page = int(c5.number_input(t("kelola.page", lang, pages=pages), 1, pages, 1, key="queue_page"))
    st.caption(t("kelola.queue_order", lang))
    df = qm.review_queue(ctx.engine, f, QUEUE_PAGE, (page - 1) * QUEUE_PAGE)
    nonce = st.session_state.setdefault("queue_nonce", 0)
    conf, date, act = t("common.confidence", lang), t("common.date", lang), t("common.activity", lang)
    event = st.dataframe(
        _queue_frame(df, lang), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        key=f"queue_table_{nonce}", height=min(248, 38 + 35 * len(df)),
        column_config={
            conf: st.column_config.ProgressColumn(conf, format="%d %%", min_value=0, max_value=100, width=110),
            date: st.column_config.TextColumn(date, width=100),
            act: st.column_config.TextColumn(act, width=150),
        },
    )
    rows = event.selection.rows if event and hasattr(event, "selection") else []
    idx = rows[0] if rows and rows[0] < len(df) else 0
    review_detail(ctx, int(df.iloc[idx]["id"]))


def _detail_highlights(ev: dict, lang: str):
    shaped = dict(ev)
    shaped["agencies"] = ev.get("agency_rows", [])
    shaped["regions"] = ev.get("region_rows", [])
    return presenting.highlights_for_event(shaped, lang)


def review_detail(ctx: PageContext, event_id: int) -> None:
    lang = ctx.lang
    ev = qm.event_detail(ctx.engine, event_id)
    if ev is None:
        st.warning(t("kelola.event_gone", lang))
        return
    art = ev.get("article") or {}
    with st.container(border=True):
        st.markdown(
            f"#### {escape_markdown(t('kelola.event_n', lang, id=ev['id']))} · "
            f"{escape_markdown(activity_label(ev['activity'], lang))} · "
            f"{t('common.confidence', lang)} {format_number(float(ev['confidence']) * 100, lang)} %"
        )
        if art:
            st.markdown(
                f"{t('kelola.from_article', lang)}: **{escape_markdown(art.get('title') or '–')}** "
                f"· {escape_markdown(art.get('publisher') or '')} "
                f"{format_date(art.get('published'), lang) if art.get('published') else ''} "
                f"· [{t('rakor.open_article', lang)}](/berita?item={int(art['id'])})"
            )
        left, right = st.columns([3, 2])
        with left:
            if art and art.get("text"):
                st.caption(t("berita.legend", lang))
                with st.container(height=320):
                    st.html(evidence_html(art["text"], _detail_highlights(ev, lang)))
            if ev.get("date_flag"):
                st.warning(f"{t('berita.date_flag', lang)}: {escape_markdown(ev['date_flag'])}")
        with right:
            _review_actions(ctx, ev)


def _review_done(kind: str, text: str) -> None:
    clear_cache()
    _flash("review_msg", kind, text)
    st.session_state["queue_nonce"] = st.session_state.get("queue_nonce", 0) + 1


def _review_cb(action: str, eid: int, version: int, prefix: str = "") -> None:
    """Runs when a review button is clicked, with the event id and version that were on
    the screen (so a change someone else made in between is a conflict, not overwritten)."""
    from dashboard.ui.auth import _lang, current_user

    lang = _lang()
    user = current_user()
    if user is None or not user.can("editor"):
        _flash("review_msg", "error", t("auth.forbidden", lang, role=t("auth.role.editor", lang)))
        return
    try:
        if action == "confirm":
            manage.confirm_event(get_engine(), eid, username=user.username, expected_version=version)
            ok = t("kelola.confirmed", lang, id=eid)
        elif action == "reject":
            reason = st.session_state.get(f"reason_{eid}_{version}", "") or ""
            manage.reject_event(get_engine(), eid, username=user.username, expected_version=version, reason=reason)
            ok = t("kelola.rejected", lang, id=eid)
        else:
            inp = event_input_from_state(prefix)
            manage.correct_event(get_engine(), eid, inp, username=user.username, expected_version=version)
            ok = t("kelola.corrected", lang, id=eid)
    except manage.ValidationError as e:
        st.session_state["review_errors"] = (eid, e.errors)
        return
    except manage.Conflict as e:
        _review_done("warning", t("kelola.conflict", lang, id=e.event_id,
                                  user=escape_markdown((e.current or {}).get("updated_by") or "?")))
        return
    except (manage.NotFound, manage.NotAllowed):
        _review_done("warning", t("kelola.event_gone", lang))
        return
    except OperationalError:
        _flash("review_msg", "error", t("kelola.busy", lang))
        return
    _review_done("success", ok)


def _review_actions(ctx: PageContext, ev: dict) -> None:
    lang = ctx.lang
    eid, version = int(ev["id"]), int(ev["version"])
    c1, c2 = st.columns(2)
    c1.button(t("kelola.confirm", lang), type="primary", key=f"confirm_{eid}_{version}", icon=":material/check:",
              width="stretch", on_click=_review_cb, args=("confirm", eid, version))
    with c2.popover(t("kelola.reject", lang), icon=":material/block:", width="stretch"):
        st.text_input(t("kelola.reject_reason", lang), key=f"reason_{eid}_{version}", max_chars=500)
        st.button(t("kelola.reject_do", lang), key=f"reject_{eid}_{version}", type="primary",
                  on_click=_review_cb, args=("reject", eid, version))
    errors = st.session_state.pop("review_errors", None)
    if errors and errors[0] == eid:
        _field_errors(errors[1], lang)
    prefix = f"correct_{eid}_{version}"
    with st.form(prefix, border=False):
        st.markdown(f"**{t('kelola.correct_title', lang)}**")
        event_fields(ctx, prefix, manage.event_input_from(ev))
        st.form_submit_button(t("kelola.correct", lang), icon=":material/edit:", on_click=_review_cb,
                              args=("correct", eid, version, prefix))


# ---------------------------------------------------------------- audit log


ACTION_LABEL_KEYS = {a: f"audit.action.{a}" for a in audit.ACTIONS}


def action_label(action: str, lang: str) -> str:
    key = ACTION_LABEL_KEYS.get(action)
    return t(key, lang) if key else action


def entity_label(entity: str, lang: str) -> str:
    key = f"audit.entity.{entity}"
    return t(key, lang) if key in STRINGS else entity


def field_label(name: str, lang: str) -> str:
    key = f"manage.field.{name}"
    return t(key, lang) if key in STRINGS else name


def audit_section(ctx: PageContext) -> None:
    lang = ctx.lang
    c1, c2, c3, c4, c5 = st.columns([1, 1, 1, 1, 2])
    date_from = c1.date_input(t("filter.from", lang), value=None, format="DD/MM/YYYY", key="audit_from")
    date_to = c2.date_input(t("filter.to", lang), value=None, format="DD/MM/YYYY", key="audit_to")
    names = [""] + audit.usernames(ctx.engine)
    username = c3.selectbox(t("audit.user", lang), names, format_func=lambda u: u or t("filter.all", lang),
                            key="audit_user")
    actions = [""] + list(audit.ACTIONS)
    action = c4.selectbox(t("audit.action", lang), actions,
                          format_func=lambda a: action_label(a, lang) if a else t("filter.all", lang), key="audit_action")
    q = c5.text_input(t("audit.search", lang), key="audit_q", max_chars=200, placeholder=t("audit.search_hint", lang))
    aq = audit.AuditQuery(date_from=date_from or None, date_to=date_to or None, username=username or None,
                          action=action or None, q=q or "")
    total = audit.count(ctx.engine, aq)
    pages = max(1, -(-total // AUDIT_PAGE))
    h1, h2 = st.columns([3, 1])
    h1.markdown(t("audit.entries", lang, n=format_number(total, lang)))
    page = int(h2.number_input(t("kelola.page", lang, pages=pages), 1, pages, 1, key="audit_page")) if pages > 1 else 1
    df = audit.read(ctx.engine, aq, limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    view = pd.DataFrame(
        {
            t("audit.at", lang): df["at"].map(lambda x: x.strftime("%Y-%m-%d %H:%M:%S") if pd.notna(x) else ""),
            t("audit.user", lang): df["username"],
            t("audit.action", lang): df["action"].map(lambda a: action_label(a, lang)),
            t("audit.entity", lang): [f"{entity_label(e, lang)} {i or ''}".strip() for e, i in zip(df["entity"], df["entity_id"])],
            t("audit.changes", lang): [
                audit.summary(b, a, limit=160, field=lambda k: field_label(k, lang),
                              show=lambda k, v: audit.display_value(k, v, lang))
                for b, a in zip(df["before"], df["after"])
            ],
            t("audit.detail", lang): df["detail"].fillna("").map(lambda s: s[:160]),
        }
    )
    cols = [t(f"audit.{k}", lang) for k in ("at", "user", "action", "entity", "changes", "detail")]
    event = st.dataframe(
        view, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="audit_table",
        height=min(420, 38 + 35 * max(1, len(view))),
        column_config={c: st.column_config.TextColumn(c, width=w)
                       for c, w in zip(cols, (150, 110, 150, 150, "large", 200))},
    )

    def export() -> bytes:
        return exports.to_csv_bytes(audit.export_frame(audit.read(ctx.engine, aq, limit=AUDIT_EXPORT_MAX)))

    st.download_button(t("audit.export", lang), export, file_name=f"audit-{dt.date.today().isoformat()}.csv",
                       mime="text/csv", key="audit_export", icon=":material/download:", disabled=total == 0)
    st.caption(t("audit.utc", lang))
    rows = event.selection.rows if event and hasattr(event, "selection") else []
    if rows and rows[0] < len(df):
        r = df.iloc[rows[0]]
        st.markdown(f"**{escape_markdown(action_label(r['action'], lang))} · {escape_markdown(entity_label(r['entity'], lang))} "
                    f"{escape_markdown(r['entity_id'] or '')} · {escape_markdown(r['username'])}**")
        changes = [(field_label(k, lang), b, a)
                   for k, b, a in audit.changes(r["before"], r["after"], lambda k, v: audit.display_value(k, v, lang))]
        if changes:
            st.dataframe(
                pd.DataFrame(changes, columns=[t("audit.field", lang), t("audit.before", lang), t("audit.after", lang)]),
                hide_index=True, width="stretch", key="audit_changes",
            )
        if r["detail"]:
            st.text(r["detail"])


# ---------------------------------------------------------------- accounts


def _auth_error(e: auth.AuthError, lang: str) -> None:
    key = f"manage.err.{e.code}"
    st.error(t(key, lang) if key in STRINGS else e.message)


def users_section(ctx: PageContext) -> None:
    lang = ctx.lang
    _show_flash("users_msg")
    users = auth.list_users(ctx.engine)
    st.dataframe(
        pd.DataFrame(
            {
                t("auth.username", lang): [u.username for u in users],
                t("users.role", lang): [t(f"auth.role.{u.role}", lang) for u in users],
                t("users.active", lang): [u.active for u in users],
                t("users.last_login", lang): [u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else ""
                                              for u in users],
                t("users.failed", lang): [u.failed_logins for u in users],
                t("users.sessions", lang): [u.sessions for u in users],
            }
        ),
        hide_index=True, width="stretch", key="users_table",
    )
    left, right = st.columns(2)
    with left, st.form("user_add", clear_on_submit=True):
        st.markdown(f"**{t('users.add', lang)}**")
        name = st.text_input(t("auth.username", lang), max_chars=80, key="user_add_name")
        role = st.selectbox(t("users.role", lang), list(auth.ROLES), index=1, key="user_add_role",
                            format_func=lambda r: t(f"auth.role.{r}", lang))
        pw1 = st.text_input(t("auth.password", lang), type="password", key="user_add_pw1", autocomplete="new-password")
        pw2 = st.text_input(t("users.password_again", lang), type="password", key="user_add_pw2",
                            autocomplete="new-password")
        st.caption(t("users.password_rule", lang, n=auth.MIN_PASSWORD))
        if st.form_submit_button(t("users.add_do", lang), type="primary"):
            admin = require_user("admin")
            if pw1 != pw2:
                st.error(t("users.mismatch", lang))
            else:
                try:
                    auth.create_user(ctx.engine, name, pw1, role, actor=admin.username)
                except auth.AuthError as e:
                    _auth_error(e, lang)
                else:
                    _flash("users_msg", "success", t("users.added", lang, user=escape_markdown(auth.normalise_username(name))))
                    st.rerun()
    with right:
        if users:
            _user_edit(ctx, users)


def _user_edit(ctx: PageContext, users: list[auth.UserInfo]) -> None:
    lang = ctx.lang
    by_name = {u.username: u for u in users}
    name = st.selectbox(t("users.pick", lang), list(by_name), key="user_pick")
    u = by_name[name]
    with st.form(f"user_edit_{name}"):
        st.markdown(f"**{t('users.edit', lang, user=escape_markdown(name))}**")
        role = st.selectbox(t("users.role", lang), list(auth.ROLES), index=list(auth.ROLES).index(u.role),
                            format_func=lambda r: t(f"auth.role.{r}", lang), key=f"user_role_{name}")
        active = st.checkbox(t("users.active", lang), value=u.active, key=f"user_active_{name}")
        pw = st.text_input(t("users.new_password", lang), type="password", key=f"user_pw_{name}",
                           autocomplete="new-password")
        remove = st.checkbox(t("users.remove", lang), key=f"user_remove_{name}")
        if st.form_submit_button(t("users.save", lang), type="primary"):
            admin = require_user("admin")
            try:
                if remove:
                    auth.remove_user(ctx.engine, name, actor=admin.username)
                    _flash("users_msg", "success", t("users.removed", lang, user=escape_markdown(name)))
                else:
                    if role != u.role or active != u.active:
                        auth.update_user(ctx.engine, name, role=role, active=active, actor=admin.username)
                    if pw:
                        auth.set_password(ctx.engine, name, pw, actor=admin.username)
                    _flash("users_msg", "success", t("users.saved", lang, user=escape_markdown(name)))
            except auth.AuthError as e:
                _auth_error(e, lang)
            else:
                st.rerun()


def ingest_runs_section(ctx: PageContext) -> None:
    lang = ctx.lang
    runs = qm.ingest_runs(ctx.engine, 50)
    if runs.empty:
        st.info(t("common.no_data", lang))
        return
    st.dataframe(
        pd.DataFrame(
            {
                "ID": runs["id"],
                t("audit.at", lang): runs["started_at"].map(lambda x: x.strftime("%Y-%m-%d %H:%M") if pd.notna(x) else ""),
                t("audit.user", lang): runs["username"],
                t("kelola.st_new", lang): runs["new"],
                t("kelola.st_duplicate", lang): runs["duplicate"],
                t("kelola.st_rejected", lang): runs["rejected"],
            }
        ),
        hide_index=True, width="stretch", key="ingest_runs",
    )


# ---------------------------------------------------------------- own account


def account_section(ctx: PageContext) -> None:
    from dashboard.ui.auth import current_user, login_form

    lang = ctx.lang
    user = current_user()
    if user is None:
        login_form(lang, key="login_akun")
        return
    _show_flash("account_msg")
    st.markdown(t("auth.signed_in_as", lang, user=escape_markdown(user.username), role=t(f"auth.role.{user.role}", lang)))
    with st.form("own_password", clear_on_submit=True, width=520):
        st.markdown(f"**{t('account.change_password', lang)}**")
        current = st.text_input(t("account.current", lang), type="password", key="own_pw_current",
                                autocomplete="current-password")
        new1 = st.text_input(t("users.new_password", lang), type="password", key="own_pw_new1", autocomplete="new-password")
        new2 = st.text_input(t("users.password_again", lang), type="password", key="own_pw_new2",
                             autocomplete="new-password")
        st.caption(t("users.password_rule", lang, n=auth.MIN_PASSWORD))
        if st.form_submit_button(t("users.save", lang), type="primary"):
            if new1 != new2:
                st.error(t("users.mismatch", lang))
            else:
                try:
                    auth.change_own_password(ctx.engine, user, current or "", new1 or "")
                except auth.AuthError as e:
                    _auth_error(e, lang)
                else:
                    _flash("account_msg", "success", t("account.changed", lang))
                    st.rerun()
