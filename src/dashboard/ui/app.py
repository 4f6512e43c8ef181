"""Navigation and start-up for ``app.py``."""

from __future__ import annotations

import streamlit as st

from dashboard.config import PROJECT_DIR
from dashboard.i18n import t
from dashboard.ui import state

PAGES = (
    # (file, url path, title key, icon)
    ("pages/ringkasan.py", "ringkasan", "page.ringkasan", ":material/dashboard:"),
    ("pages/rapat_koordinasi.py", "rapat-koordinasi", "page.rakor", ":material/groups:"),
    ("pages/wilayah.py", "wilayah", "page.wilayah", ":material/map:"),
    ("pages/instansi.py", "instansi", "page.instansi", ":material/account_balance:"),
    ("pages/berita.py", "berita", "page.berita", ":material/article:"),
)


@st.cache_resource(show_spinner=False)
def ensure_database() -> bool:
    """Create or migrate the schema and load reference data once per server process."""
    from dashboard.db.engine import get_engine, session_scope, upgrade_database
    from dashboard.reference import sync_reference

    engine = get_engine()
    upgrade_database(engine)
    with session_scope(engine) as session:
        sync_reference(session)
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
    pages = [
        st.Page(
            str(PROJECT_DIR / path),
            # The default page lives at "/"; its own name is kept free for the alias below.
            url_path=f"{url}-home" if i == 0 else url,
            title=t(key, lang),
            icon=icon,
            default=(i == 0),
        )
        for i, (path, url, key, icon) in enumerate(PAGES)
    ]
    # Streamlit serves the default page only at "/", so a link to "/ringkasan" would end in
    # "page not found": a hidden alias runs the same script under its own name.
    path, url, key, icon = PAGES[0]
    pages.append(st.Page(str(PROJECT_DIR / path), url_path=url, title=t(key, lang), icon=icon, visibility="hidden"))
    return st.navigation(pages, position="hidden" if present else "sidebar")
