"""Navigation and start-up for ``app.py``."""

from __future__ import annotations

import streamlit as st

from dashboard.config import PROJECT_DIR
from dashboard.i18n import t
from dashboard.ui import state

PAGES = (
    # (file, url path, title key, icon)
    ("pages/ringkasan.py", "ringkasan", "page.ringkasan", ":material/dashboard:"),
    ("pages/rapat-koordinasi.py", "rapat-koordinasi", "page.rakor", ":material/groups:"),
    ("pages/wilayah.py", "wilayah", "page.wilayah", ":material/map:"),
    ("pages/instansi.py", "instansi", "page.instansi", ":material/account_balance:"),
    ("pages/berita.py", "berita", "page.berita", ":material/article:"),
)

# Pages with a least role: shown in the navigation only to users who may use them. They
# are still registered (hidden) for everyone else, so a link to one reaches the page's own
# guard (a login form, or a refusal) instead of a silent jump to the start page.
ROLE_PAGES = (
    # (file, url path, title key, icon, least role)
    ("pages/kelola-data.py", "kelola-data", "page.kelola", ":material/edit_note:", "editor"),
    ("pages/admin.py", "admin", "page.admin", ":material/admin_panel_settings:", "admin"),
)
ACCOUNT_PAGE = ("pages/akun.py", "akun")
START_URL = "mulai"  # internal url_path of the hidden start page (served at "/")


@st.cache_resource(show_spinner=False)
def ensure_database() -> bool:
    """Create or migrate the schema and load reference data once per server process (under
    a database lock: replicas starting together take turns)."""
    from dashboard.db.engine import prepare_database

    prepare_database()
    return True


def navigation():
    from dashboard.ui.layout import leave_legacy_navigation

    leave_legacy_navigation(rerun=False)
    lang = st.session_state.get(state.STATE_KEY).lang if state.STATE_KEY in st.session_state else (
        "en" if st.query_params.get("lang") == "en" else "id"
    )
    present = (
        st.session_state[state.STATE_KEY].present
        if state.STATE_KEY in st.session_state
        else st.query_params.get("present") == "1"
    )
    # The start page is served at "/" by a hidden copy of the first page, so that the first
    # page's own link ("/ringkasan") resolves too: Streamlit gives its default page the
    # pathname "" and answers a link to its url_path with "page not found".
    path, _url, key, icon = PAGES[0]
    pages = [
        st.Page(str(PROJECT_DIR / path), url_path=START_URL, title=t(key, lang), icon=icon, default=True,
                visibility="hidden")
    ]
    pages += [
        st.Page(str(PROJECT_DIR / path), url_path=url, title=t(key, lang), icon=icon)
        for path, url, key, icon in PAGES
    ]
    from dashboard.auth import has_role
    from dashboard.ui.auth import current_user

    user = current_user()
    for path, url, key, icon, role in ROLE_PAGES:
        visible = user is not None and has_role(user.role, role)
        pages.append(
            st.Page(str(PROJECT_DIR / path), url_path=url, title=t(key, lang), icon=icon,
                    visibility="visible" if visible else "hidden")
        )
    path, url = ACCOUNT_PAGE
    pages.append(
        st.Page(
            str(PROJECT_DIR / path), url_path=url,
            title=t("page.akun", lang) if user else t("page.masuk", lang),
            icon=":material/account_circle:" if user else ":material/login:",
        )
    )
    return st.navigation(pages, position="hidden" if present else "sidebar")
