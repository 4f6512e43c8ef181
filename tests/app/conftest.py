"""AppTest helpers: run one page script against a prepared database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PAGES = {
    "ringkasan": "pages/ringkasan.py",
    "rakor": "pages/rapat-koordinasi.py",
    "wilayah": "pages/wilayah.py",
    "instansi": "pages/instansi.py",
    "berita": "pages/berita.py",
}


def run_page(page: str, params: dict | None = None, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(PROJECT_DIR / PAGES.get(page, page)), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    return at


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def app_db(sample_db_url):
    """The sample database, plus synthetic volume so every chart has data."""
    from dashboard import synth
    from dashboard.db.engine import get_engine

    synth.generate(get_engine(sample_db_url), 400, seed=11)
    from streamlit.runtime.caching import cache_data_api

    cache_data_api.CACHE_DATA_MESSAGE_REPLAY_CTX  # noqa: B018 - make sure the module is loaded
    import streamlit as st

    st.cache_data.clear()
    return sample_db_url
