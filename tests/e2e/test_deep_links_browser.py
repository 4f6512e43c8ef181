"""``streamlit run app.py``, the command every Streamlit user types first (issue 12,
defect 8): on a fresh server the first visit to a deep link such as ``/rapat-koordinasi``
or ``/kelola-data`` showed "Page not found". A fresh server per case, started with the
plain command, opened at the deep link first."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import new_browser_page, pages_not_found, start_server, stop_server, wait_for_app


@pytest.mark.parametrize("path,title", [("rapat-koordinasi", "Rapat Koordinasi"), ("kelola-data", "Kelola Data"),
                                        ("wilayah", "Wilayah Pilkada")])
def test_plain_streamlit_run_serves_a_deep_link_first(templates, tmp_path, browser, path, title):
    db = templates.fresh("sqlite", sample=True)
    srv = start_server(db, tmp_path, plain=True)
    try:
        bp = new_browser_page(browser)
        page = bp.page
        page.goto(f"{srv.url}/{path}")
        wait_for_app(page, timeout=120000)
        assert pages_not_found(page) == 0, "the server answered 'page not found'"
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("h1").first.inner_text().strip() == title
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Ringkasan" in nav and "\napp\n" not in f"\n{nav}\n", nav  # the app's navigation, not pages/'s
        assert page.url.split("?")[0].endswith(f"/{path}")
        bp.check()
        bp.page.context.close()
    finally:
        stop_server(srv)
