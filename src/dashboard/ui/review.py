"""Kelola Data, Antrean tinjauan: extracted events, lowest confidence first, with the article
and its highlighted evidence; confirm, correct or reject. ``ui.merges`` adds the event's
reports (split one off, merge with another event) and the automatic merges to check.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from dashboard import manage, presenting
from dashboard.db.engine import get_engine
from dashboard.filters import ALL_ELECTIONS
from dashboard.i18n import activity_label, format_date, format_number, status_label, t
from dashboard.queries import manage as qm
from dashboard.textsafe import escape_markdown, evidence_html
from dashboard.ui.cache import clear as clear_cache
from dashboard.ui.layout import PageContext
from dashboard.ui import merges
from dashboard.ui.manage import event_fields, event_input_from_state, field_errors, flash, show_flash


QUEUE_PAGE = 25

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
            t("merge.col_sources", lang): df["sources"].fillna(1).astype(int),
            t("kelola.col_article", lang): df["article_title"].fillna("").map(lambda s: s[:120]),
        }
    )


def review_section(ctx: PageContext) -> None:
    lang = ctx.lang
    f = ctx.filters.with_(election=ALL_ELECTIONS)
    show_flash("review_msg")
    mode = st.segmented_control(
        t("merge.mode", lang), ["events", "merges"], default="events", key="review_mode",
        format_func=lambda k: t(f"merge.mode_{k}", lang),
    )
    if mode == "merges":
        merges.merges_section(ctx, f, review_detail)
        return
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
    focus = st.session_state.get(merges.FOCUS_KEY)
    if rows:
        st.session_state.pop(merges.FOCUS_KEY, None)  # a row chosen by hand wins
    elif focus is not None:
        # after a split or merge: the event the editor was working on, wherever the queue now puts it
        ids = [int(x) for x in df["id"]]
        if int(focus) not in ids:
            review_detail(ctx, int(focus))
            return
        rows = [ids.index(int(focus))]
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
        merges.sources_panel(ctx, int(ev["id"]))


def _review_done(kind: str, text: str) -> None:
    clear_cache()
    flash("review_msg", kind, text)
    st.session_state["queue_nonce"] = st.session_state.get("queue_nonce", 0) + 1


def _review_cb(action: str, eid: int, version: int, prefix: str = "") -> None:
    """Runs when a review button is clicked, with the event id and version that were on
    the screen (so a change someone else made in between is a conflict, not overwritten)."""
    from dashboard.ui.auth import _lang, current_user

    lang = _lang()
    user = current_user()
    if user is None or not user.can("editor"):
        flash("review_msg", "error", t("auth.forbidden", lang, role=t("auth.role.editor", lang)))
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
        flash("review_msg", "error", t("kelola.busy", lang))
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
        field_errors(errors[1], lang)
    prefix = f"correct_{eid}_{version}"
    with st.form(prefix, border=False):
        st.markdown(f"**{t('kelola.correct_title', lang)}**")
        event_fields(ctx, prefix, manage.event_input_from(ev))
        st.form_submit_button(t("kelola.correct", lang), icon=":material/edit:", on_click=_review_cb,
                              args=("correct", eid, version, prefix))
