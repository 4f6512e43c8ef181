"""Admin and Akun: the audit log with its CSV export, accounts, the ingest history, one's own
password.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import audit, auth, exports
from dashboard.i18n import STRINGS, format_number, t
from dashboard.queries import manage as qm
from dashboard.textsafe import escape_markdown
from dashboard.ui.auth import require_user
from dashboard.ui.layout import PageContext
from dashboard.ui.manage import flash, show_flash


AUDIT_PAGE = 100
AUDIT_EXPORT_MAX = 100_000

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
    show_flash("users_msg")
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
                    flash("users_msg", "success", t("users.added", lang, user=escape_markdown(auth.normalise_username(name))))
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
                    flash("users_msg", "success", t("users.removed", lang, user=escape_markdown(name)))
                else:
                    if role != u.role or active != u.active:
                        auth.update_user(ctx.engine, name, role=role, active=active, actor=admin.username)
                    if pw:
                        auth.set_password(ctx.engine, name, pw, actor=admin.username)
                    flash("users_msg", "success", t("users.saved", lang, user=escape_markdown(name)))
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
    show_flash("account_msg")
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
                    flash("account_msg", "success", t("account.changed", lang))
                    st.rerun()
