"""End to end: register sources and run the collector with the command line (real
processes, guarded to loopback), then open the dashboard in Debian's chromium and see the
meetings that arrived by collection, and the Sumber tab with a working and a failing source
and its test button. No request leaves loopback: the collector processes refuse any other
address, the browser aborts and reports any (``BrowserPage.check``).

Set ``E2E_SCREENSHOT_DIR`` to keep screenshots (1366x768 and 1920x1080) of what was seen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard import auth
from dashboard.db import models as m
from dashboard.db.engine import get_engine, session_scope
from tests.collect.fixture_site import Answer, WordPressSite, article_html, rss
from tests.collect.releases import BY_SLUG, RELEASES
from tests.collect.test_two_collectors import guarded_env
from tests.e2e.conftest import new_browser_page, start_server, stop_server, wait_for_app, warm_up
from tests.e2e.test_manage_browser import PASSWORD, go, login

pytestmark = pytest.mark.e2e
PROJECT_DIR = Path(__file__).resolve().parents[2]
SHOTS = os.environ.get("E2E_SCREENSHOT_DIR", "").strip()
SIZES = [(1366, 768), (1920, 1080)]


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], env=env, cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def collected(templates, tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("collect-e2e")
    db = templates.fresh("sqlite")  # empty: every meeting on the pages came by collection
    site = WordPressSite(slow_seconds=1.0).start()
    env, outside = guarded_env(tmp, db)
    env["DASHBOARD_COLLECT_INTERVAL"] = "0.05"
    for args in (
        [site.url("/feed/"), "--name", "Portal Pemkab (umpan)", "--body", "Diskominfo Kabupaten Pasaman Barat",
         "--region", "13.12", "--every", "2"],
        [site.url("/sitemap_index.xml"), "--name", "Portal Pemkab (sitemap)", "--every", "6"],
        [site.url("/berita/"), "--name", "Berita Kesbangpol", "--kind", "listing", "--pattern", r"/20\d\d/\d\d/\d\d/"],
        [site.url("/rusak-500/"), "--name", "Situs KPU (rusak)"],
        [site.url("/feed-rusak/"), "--name", "Umpan Bawaslu (XML rusak)"],
    ):
        r = cli(env, "sources", "add", *args)
        assert r.returncode == 0, r.stderr
    run = cli(env, "collect")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Situs KPU (rusak): error" in run.stdout and "HTTP 500" in run.stdout
    assert not outside.exists(), outside.read_text()
    # after the collection the portal publishes one more release: the test button finds it
    later = dataclasses.replace(
        BY_SLUG["rakor-persiapan-pilkada-pasaman-barat"], slug="rakor-evaluasi-kampanye-pasaman-barat",
        date=dt.date(2020, 11, 30), title="Rakor Evaluasi Masa Kampanye Pilkada Pasaman Barat",
    )
    site.routes[later.path] = lambda: Answer(200, article_html(later, site.base).encode())
    items = [(site.url(later.path), later)] + [(site.url(r.path), r) for r in RELEASES[:4]]
    feed = rss(items).encode()
    site.routes["/feed/"] = lambda: Answer(200, feed, "application/rss+xml")
    engine = get_engine(db)
    auth.create_user(engine, "editor1", PASSWORD, "editor", actor="test")
    srv = start_server(db, tmp)
    warm_up(browser, srv)
    srv.engine, srv.site, srv.collect_output = engine, site, run.stdout
    yield srv
    stop_server(srv)
    site.stop()


def shot(page, name: str, target=None) -> None:
    """Screenshots at both sizes, with ``target`` (a locator) scrolled into view."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        wait_for_app(page)  # a resize runs no script: returns once the last run has finished
        if target is not None:
            target.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{w}x{h}.png"))


def pick(page, panel, name: str) -> None:
    panel.locator('[data-testid="stSelectbox"]').filter(has_text="Sumber").first.click()
    page.get_by_role("option", name=name).click()
    wait_for_app(page)


def collected_events(engine) -> dict[str, int]:
    """venue -> event id, for the events of collected articles."""
    with session_scope(engine) as s:
        rows = s.execute(
            select(m.Event.location, m.Event.id).join(m.Article, m.Article.id == m.Event.article_id)
            .where(m.Article.collect_source_id.is_not(None), m.Event.ordinal == 0)
        ).all()
    return {loc: eid for loc, eid in rows}


def test_the_meetings_that_arrived_by_collection_are_on_the_dashboard(collected, browser):
    events = collected_events(collected.engine)
    expected = ["rakor-persiapan-pilkada-pasaman-barat", "rakor-sentra-gakkumdu-kota-solok", "rakor-kesbangpol-sijunjung"]
    bp = new_browser_page(browser, 1366, 768)
    page = bp.page
    try:
        for slug in expected:
            r = BY_SLUG[slug]
            page.goto(f"{collected.url}/rapat-koordinasi?item={events[r.venue]}")
            detail = page.locator('[class*="st-key-meeting_detail"]')
            detail.get_by_text(r.venue, exact=False).first.wait_for(timeout=60000)
            wait_for_app(page)
            text = detail.inner_text()
            assert r.title in text and "Rapat koordinasi" in text, text
            assert "2020" in text
        # the dashboard's numbers count them: three coordination meetings, all collected
        page.goto(f"{collected.url}/rapat-koordinasi?activity=rakor")
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60000)
        wait_for_app(page)
        r = BY_SLUG["rakor-persiapan-pilkada-pasaman-barat"]
        page.goto(f"{collected.url}/rapat-koordinasi?item={events[r.venue]}")
        detail = page.locator('[class*="st-key-meeting_detail"]')
        detail.get_by_text(r.venue).first.wait_for(timeout=60000)
        shot(page, "meetings-collected-rakor", detail)
        # the collected article in the reader: its text without the related headlines
        page.goto(f"{collected.url}/berita?q=Pasaman")
        wait_for_app(page)
        shot(page, "meetings-collected-berita")
        bp.check()
    finally:
        bp.page.context.close()


def test_the_sumber_tab_shows_working_and_failing_sources_and_tests_one(collected, browser):
    bp = new_browser_page(browser, 1366, 768)
    page = bp.page
    try:
        login(page, collected.url, "editor1")
        go(page, "Kelola Data")
        page.get_by_role("tab", name="Sumber").click()
        panel = page.get_by_role("tabpanel", name="Sumber")
        panel.get_by_text("1 sumber gagal pada pemeriksaan terakhir").wait_for(timeout=60000)
        wait_for_app(page)
        text = panel.inner_text()
        assert "Situs KPU (rusak)" in text
        metrics = dict(zip(panel.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
                           panel.locator('[data-testid="stMetricValue"]').all_inner_texts()))
        assert metrics == {"Sumber": "5", "Artikel terkumpul": "6", "Sumber gagal": "1"}, metrics
        table = panel.locator('[data-testid="stDataFrame"]').first
        table.wait_for(timeout=30000)
        shot(page, "sumber-tab", table)
        # the test button of the feed: the release published since, and what was collected before
        pick(page, panel, "Portal Pemkab (umpan)")
        page.get_by_role("button", name="Uji sumber (tanpa menyimpan)").click()
        result = panel.get_by_text("1 alamat artikel baru ditemukan, 1 dibaca. Tidak ada yang disimpan").first
        result.wait_for(timeout=120000)
        wait_for_app(page)
        shot(page, "sumber-test", panel.locator('[data-testid="stDataFrame"]').nth(1))
        # the failing source, picked and tested: its error
        pick(page, panel, "Situs KPU (rusak)")
        page.get_by_role("button", name="Uji sumber (tanpa menyimpan)").click()
        failed = panel.get_by_text("Uji gagal: Situs menjawab dengan galat").first
        failed.wait_for(timeout=120000)
        assert "HTTP 500" in panel.inner_text()
        wait_for_app(page)
        shot(page, "sumber-failing-test", failed)
        bp.check()
    finally:
        bp.page.context.close()
    with session_scope(collected.engine) as s:
        assert len(list(s.scalars(select(m.Article.id)))) == 6  # the tests stored nothing
