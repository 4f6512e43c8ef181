"""Shared widgets of the Kelola Data and Admin pages (messages kept across a rerun, the event
form) and the hand-recording form. The sections live beside it: ``ui.uploads`` (files),
``ui.review`` (the review queue), ``ui.merges`` (the reports of an event: split, merge),
``ui.admin`` (audit log, accounts, own account).

Every write goes through ``dashboard.manage`` / ``dashboard.auth`` / ``dashboard.merging``
(transactional and audited) after ``ui.auth.require_user`` checked the role again. Untrusted
text (file names, titles, article text, values typed by others) is shown in data frames,
escaped Markdown or ``textsafe.evidence_html``; never as raw HTML.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from dashboard import manage
from dashboard.db.models import ACTIVITIES
from dashboard.i18n import STRINGS, activity_label, format_date, t
from dashboard.queries import manage as qm
from dashboard.textsafe import escape_markdown
from dashboard.ui.auth import require_user
from dashboard.ui.cache import cached, clear as clear_cache
from dashboard.ui.layout import PageContext


def code_text(code: str, lang: str) -> str:
    """What a rejection/error code means and what to do about it (falls back to the code)."""
    key = f"code.{code}"
    return t(key, lang) if key in STRINGS else (code or "")


def flash(key: str, kind: str, text: str) -> None:
    st.session_state[key] = (kind, text)


def show_flash(key: str) -> None:
    msg = st.session_state.pop(key, None)
    if msg:
        kind, text = msg
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(text)


def busy(lang: str) -> None:
    st.error(t("kelola.busy", lang), icon="⏳")


# ---------------------------------------------------------------- the event form


def field_errors(errors: list[manage.FieldError], lang: str) -> None:
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
    show_flash("manual_msg")
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
            field_errors(e.errors, lang)
        except manage.Duplicate as e:
            st.warning(t("kelola.manual_duplicate", lang, id=e.existing_id))
        except OperationalError:
            busy(lang)
        else:
            clear_cache()
            flash("manual_msg", "success", t("kelola.manual_saved", lang, id=eid))
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
