"""Access control for pages: the login form, the guard every page passes through, logout.

The browser session keeps only a random token (``st.session_state``); who it belongs to,
with which role, and whether it is still valid is read from the database on every run
(``dashboard.auth.session_user``), so a page opened by URL, an expired session, a
changed role or a removed account are all caught here, whatever the navigation shows.

The token is also kept in a browser session cookie (``SameSite=Strict``, gone when the
browser closes), so a reload or a second tab of the same browser stays logged in. The
cookie holds nothing but the token; the database decides whether it is still good, so a
logout, an idle timeout or a removed account ends it however many tabs hold it.
"""

from __future__ import annotations

import re

import streamlit as st

from dashboard import auth
from dashboard.config import get_settings
from dashboard.db.engine import get_engine
from dashboard.i18n import t
from dashboard.textsafe import escape_markdown
from dashboard.ui import state

TOKEN_KEY = "_auth_token"
NOTICE_KEY = "_auth_notice"
RUN_USER_KEY = "_auth_user_checked"
COOKIE_NAME = "dashboard_session"
COOKIE_PENDING_KEY = "_auth_cookie_pending"  # token to write, "" to clear, absent: nothing to do
COOKIE_REJECTED_KEY = "_auth_cookie_rejected"
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _lang() -> str:
    if state.STATE_KEY in st.session_state:
        return st.session_state[state.STATE_KEY].lang
    return "en" if st.query_params.get("lang") == "en" else "id"


def current_user() -> auth.SessionUser | None:
    """The logged-in user of this browser session, or None (never logged in, logged out,
    expired, blocked, removed)."""
    token = st.session_state.get(TOKEN_KEY)
    if not token:
        return _user_from_cookie()
    user = auth.session_user(get_engine(), token)
    if user is None:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[COOKIE_REJECTED_KEY] = token
        st.session_state[COOKIE_PENDING_KEY] = ""
        st.session_state[NOTICE_KEY] = "expired"
    return user


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # noqa: BLE001 - no request context (AppTest, bare mode)
        return None
    return value if isinstance(value, str) and _TOKEN_RE.fullmatch(value) else None


def _user_from_cookie() -> auth.SessionUser | None:
    """Adopt the session a reload or another tab of this browser started, if still live."""
    token = _cookie_token()
    if not token or token == st.session_state.get(COOKIE_REJECTED_KEY):
        return None
    user = auth.session_user(get_engine(), token)
    if user is None:
        st.session_state[COOKIE_REJECTED_KEY] = token
        st.session_state[COOKIE_PENDING_KEY] = ""  # a dead token: drop the cookie
        return None
    st.session_state[TOKEN_KEY] = token
    return user


def sync_cookie() -> None:
    """Write or clear the session cookie after a login or logout (once, in the page)."""
    pending = st.session_state.pop(COOKIE_PENDING_KEY, None)
    if pending is None:
        return
    if pending and not _TOKEN_RE.fullmatch(pending):
        return
    value = f"{COOKIE_NAME}={pending}; Path=/; SameSite=Strict" + ("" if pending else "; Max-Age=0")
    st.sidebar.html(  # the sidebar: no gap in the page's own layout
        f"<script>document.cookie = '{value}' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def current_role() -> str | None:
    user = current_user()
    return user.role if user else None


def _client() -> str | None:
    """The client address to count a login against: the connection's (Streamlit reports a
    loopback peer as ``None``), or behind a trusted proxy its ``X-Forwarded-For``."""
    from dashboard.clientaddr import client_address, parse_networks

    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # noqa: BLE001 - no request context in this runtime
        return None
    if peer is not None and not isinstance(peer, str):  # AppTest gives a mock
        return None
    trusted, _bad = parse_networks(get_settings().trusted_proxies)
    return client_address(peer, forwarded if isinstance(forwarded, str) else None, trusted)


def log_in(username: str, password: str) -> auth.LoginResult:
    client = _client()
    res = auth.authenticate(get_engine(), username, password, client=client)
    if res.ok:
        st.session_state[TOKEN_KEY] = res.token
        st.session_state[COOKIE_PENDING_KEY] = res.token
        st.session_state.pop(NOTICE_KEY, None)
    return res


def log_out() -> None:
    token = st.session_state.pop(TOKEN_KEY, None)
    auth.end_session(get_engine(), token)
    if token:
        st.session_state[COOKIE_REJECTED_KEY] = token  # the cookie read at page load is dead now
    st.session_state[COOKIE_PENDING_KEY] = ""
    st.session_state[NOTICE_KEY] = "logged_out"


def login_form(lang: str, *, key: str = "login") -> None:
    """The login form. On success the page reruns with the user logged in."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice == "expired":
        st.info(t("auth.expired", lang), icon="⏱️")
    elif notice == "logged_out":
        st.success(t("auth.logged_out", lang))
    with st.form(key, clear_on_submit=False, width=520):
        st.markdown(f"#### {t('auth.login_title', lang)}")
        username = st.text_input(t("auth.username", lang), key=f"{key}_user", max_chars=80, autocomplete="username")
        password = st.text_input(
            t("auth.password", lang), type="password", key=f"{key}_password", max_chars=auth.MAX_PASSWORD,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t("auth.login", lang), type="primary")
    if submitted:
        res = log_in(username or "", password or "")
        if res.ok:
            st.rerun()
        elif res.reason == "throttled":
            st.error(t("auth.throttled", lang, seconds=res.retry_after))
        elif res.reason == "empty":
            st.warning(t("auth.empty", lang))
        else:
            st.error(t("auth.invalid", lang))
            if res.retry_after:
                st.caption(t("auth.wait_next", lang, seconds=res.retry_after))


def account_box(user: auth.SessionUser, lang: str) -> None:
    """Who is logged in, and the logout button (sidebar)."""
    with st.sidebar:
        st.divider()
        st.caption(
            t("auth.signed_in_as", lang, user=escape_markdown(user.username), role=t(f"auth.role.{user.role}", lang))
        )
        if st.button(t("auth.logout", lang), key="auth_logout", icon=":material/logout:"):
            log_out()
            st.rerun()


def guard(page: str, role: str = "viewer") -> str | None:
    """Stop the page unless this session may see it; returns the user name (None when
    anonymous on an open viewer page). ``role`` is the least role the page needs."""
    lang = _lang()
    user = current_user()
    sync_cookie()
    need_login = role != "viewer" or get_settings().require_login
    if user is None:
        if need_login:
            st.title(t(f"page.{page}", lang) if page in ("kelola", "admin") else t("auth.login_title", lang))
            st.caption(t("auth.login_needed", lang, role=t(f"auth.role.{role}", lang)))
            login_form(lang, key=f"login_{page}")
            st.stop()
        return None
    account_box(user, lang)
    if not user.can(role):
        st.title(t(f"page.{page}", lang) if page in ("kelola", "admin") else t("auth.forbidden_title", lang))
        st.error(t("auth.forbidden", lang, role=t(f"auth.role.{role}", lang)), icon="🔒")
        st.stop()
    return user.username


def require_user(role: str) -> auth.SessionUser:
    """The logged-in user for an action that needs ``role``: checked again at the moment
    of writing, not only when the page was drawn."""
    user = current_user()
    if user is None or not user.can(role):
        st.error(t("auth.forbidden", _lang(), role=t(f"auth.role.{role}", _lang())), icon="🔒")
        st.stop()
    return user
