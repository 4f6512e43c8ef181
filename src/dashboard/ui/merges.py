"""The reports of an event in the review queue: every source with how it joined (automatic,
with score and reason, or by hand), a button to split a report off, a picker to merge the
event with another one; and the list of automatic merges to check, least certain first.

Writes go through ``dashboard.merging.hand`` (one transaction each, audited with the event's
sources before and after); the screen's version of the event is passed along, so a change
someone else made meanwhile is a conflict, not overwritten.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from dashboard import manage
from dashboard.db.engine import get_engine
from dashboard.i18n import activity_label, format_date, format_number, t
from dashboard.merging import hand
from dashboard.merging.explain import reason_text, veto_text
from dashboard.queries import merges as qmerge
from dashboard.textsafe import escape_markdown
from dashboard.ui.cache import clear as clear_cache
from dashboard.ui.layout import PageContext
from dashboard.ui.manage import flash

MERGE_PAGE = 25
FOCUS_KEY = "review_focus"  # session state: the event the review queue keeps showing after a split or merge


def _done(kind: str, text: str) -> None:
    clear_cache()
    flash("review_msg", kind, text)
    st.session_state["queue_nonce"] = st.session_state.get("queue_nonce", 0) + 1


def _merge_cb(action: str, eid: int, version: int, into_key: str = "", id_key: str = "",
              focus: int | None = None) -> None:
    """Runs when split or merge is clicked, with the ids and version that were on the screen.
    ``focus``: the event the editor was looking at, shown again after the change (the queue
    would otherwise jump to its first row)."""
    from dashboard.ui.auth import _lang, current_user

    lang = _lang()
    user = current_user()
    if user is None or not user.can("editor"):
        flash("review_msg", "error", t("auth.forbidden", lang, role=t("auth.role.editor", lang)))
        return
    try:
        if action == "split":
            hand.split_report(get_engine(), eid, username=user.username, expected_version=version)
            ok = t("merge.split_done", lang, id=eid)
        else:
            into = st.session_state.get(id_key) or st.session_state.get(into_key)
            if not into:
                return
            hand.merge_events_by_hand(get_engine(), eid, int(into), username=user.username, expected_version=version)
            ok = t("merge.merge_done", lang, id=eid, into=int(into))
    except hand.MergeError as e:
        _done("warning", t(f"merge.err.{e.code}", lang))
        return
    except manage.Conflict as e:
        _done("warning", t("kelola.conflict", lang, id=e.event_id,
                           user=escape_markdown((e.current or {}).get("updated_by") or "?")))
        return
    except manage.NotFound:
        _done("warning", t("kelola.event_gone", lang))
        return
    except OperationalError:
        flash("review_msg", "error", t("kelola.busy", lang))
        return
    st.session_state[FOCUS_KEY] = focus
    _done("success", ok)


def _joined(src: dict, lang: str) -> str:
    if src.get("decided_by") == "hand":
        return t("merge.by_hand", lang, user=escape_markdown(src.get("username") or "?"))
    if src.get("decided_by") == "auto":
        return t("merge.by_auto", lang, score=format_number(float(src["score"]) * 100, lang))
    return t("merge.first_report", lang)


def sources_panel(ctx: PageContext, event_id: int) -> None:
    """Every report of the event ``event_id`` belongs to, with split buttons, and the merge picker."""
    lang = ctx.lang
    sources = qmerge.sources(ctx.engine, event_id)
    with st.container(border=True, key=f"sources_{event_id}"):
        count = f" ({t('merge.sources_n', lang, n=len(sources))})" if len(sources) > 1 else ""
        st.markdown(f"**{t('merge.sources_title', lang)}**{count}")
        st.caption(t("merge.sources_help", lang) if len(sources) > 1 else t("merge.only_source", lang))
        ids = [int(src["event_id"]) for src in sources]
        for src in sources if len(sources) > 1 else []:
            eid, version = int(src["event_id"]), int(src["version"])
            # after the split the editor stays on the event (on another report of it when the
            # one split off is the event's own)
            stay = event_id if eid != event_id else next(i for i in ids if i != eid)
            left, right = st.columns([5, 1], vertical_alignment="center")
            title = escape_markdown((src.get("title") or t("common.unknown", lang))[:140])
            meta = " · ".join(x for x in (
                f"#{eid}", escape_markdown(src.get("publisher") or ""),
                format_date(src["published"], lang) if src.get("published") else "",
                t("merge.main_source", lang) if src.get("main") else "",
            ) if x)
            link = f" · [{t('rakor.open_article', lang)}](/berita?item={int(src['article_id'])})" \
                if src.get("article_id") is not None else ""
            line = f"**{title}**  \n{meta}{link}  \n_{_joined(src, lang)}_"
            if src.get("matched_id"):
                line += f" · {t('merge.matched', lang, id=int(src['matched_id']))}"
            why = reason_text(src.get("reason"), lang) if src.get("decided_by") else ""
            if why:
                line += f"  \n{t('merge.col_reason', lang)}: {escape_markdown(why)}"
            left.markdown(line)
            right.button(t("merge.split", lang), key=f"split_{eid}_{version}", icon=":material/call_split:",
                         help=t("merge.split_help", lang), on_click=_merge_cb,
                         args=("split", eid, version, "", "", stay))
        merge_picker(ctx, event_id, sources)


def merge_picker(ctx: PageContext, event_id: int, sources: list[dict]) -> None:
    lang = ctx.lang
    main = next((s for s in sources if s.get("main")), None) or {"event_id": event_id, "version": 1}
    eid, version = int(main["event_id"]), int(main["version"])
    with st.expander(t("merge.merge_title", lang), icon=":material/merge:"):
        st.caption(t("merge.merge_help", lang))
        cands = qmerge.merge_candidates(ctx.engine, eid)
        labels = {}
        for c in cands:
            fields = dict(id=int(c["id"]), date=format_date(c["event_date"], lang, short=True),
                          activity=activity_label(c["activity"], lang), title=(c.get("title") or "–")[:60])
            labels[int(c["id"])] = (t("merge.candidate_veto", lang, veto=veto_text(c["veto"], lang), **fields)
                                    if c["veto"] else
                                    t("merge.candidate", lang, score=format_number(c["score"] * 100, lang), **fields))
        if not cands:
            st.caption(t("merge.no_candidates", lang))
        into_key, id_key = f"merge_into_{eid}_{version}", f"merge_id_{eid}_{version}"
        # a form: choosing does not rerun the page (which would close the expander)
        with st.form(f"merge_form_{eid}_{version}", border=False):
            c1, c2 = st.columns([3, 1])
            c1.selectbox(t("merge.pick", lang), [None, *labels],
                         format_func=lambda k: labels.get(k, t("merge.pick_none", lang)), key=into_key)
            c2.number_input(t("merge.by_id", lang), min_value=1, step=1, value=None, key=id_key)
            st.form_submit_button(t("merge.merge_do", lang), key=f"merge_do_{eid}_{version}", icon=":material/merge:",
                                  on_click=_merge_cb, args=("merge", eid, version, into_key, id_key, eid))


def merges_section(ctx: PageContext, f, show_detail) -> None:
    """The automatic merges, least certain first; the chosen one opens its event."""
    lang = ctx.lang
    total = qmerge.count_merge_queue(ctx.engine, f)
    st.metric(t("merge.queue_open", lang), format_number(total, lang), help=t("merge.queue_help", lang))
    if total == 0:
        st.success(t("merge.queue_empty", lang))
        return
    pages = max(1, -(-total // MERGE_PAGE))
    page = int(st.number_input(t("kelola.page", lang, pages=pages), 1, pages, 1, key="merge_page")) if pages > 1 else 1
    df = qmerge.merge_queue(ctx.engine, f, MERGE_PAGE, (page - 1) * MERGE_PAGE)
    score = t("merge.col_score", lang)
    view = pd.DataFrame({
        score: (df["score"] * 100).round().astype(int),
        t("merge.col_report", lang): [f"#{int(e)} · {(ti or '')[:90]}" for e, ti in zip(df["event_id"], df["article_title"])],
        t("merge.col_event", lang): df["canonical_id"].map(lambda i: f"#{int(i)}"),
        t("common.date", lang): df["event_date"].map(lambda d: format_date(d, lang, short=True) if pd.notna(d) else "–"),
        t("merge.col_reason", lang): df["reason"].map(lambda r: reason_text(r, lang)),
    })
    nonce = st.session_state.setdefault("queue_nonce", 0)
    event = st.dataframe(
        view, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        key=f"merge_table_{nonce}", height=min(248, 38 + 35 * len(view)),
        column_config={score: st.column_config.ProgressColumn(score, format="%d %%", min_value=0, max_value=100,
                                                              width=110)},
    )
    rows = event.selection.rows if event and hasattr(event, "selection") else []
    idx = rows[0] if rows and rows[0] < len(df) else 0
    show_detail(ctx, int(df.iloc[idx]["canonical_id"]))
