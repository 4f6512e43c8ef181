"""Router: page config, navigation, database readiness. Run with ``dashboard serve``
(or ``streamlit run app.py``). Each page renders the shared filter bar itself."""

import streamlit as st

from dashboard.ui.app import ensure_database, navigation

st.set_page_config(page_title="Dasbor Kesiapan Pemilihan", page_icon="🗳️", layout="wide")
ensure_database()
navigation().run()
