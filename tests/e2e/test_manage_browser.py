"""Kelola Data, Admin and the Berita reader in Debian's chromium (Playwright), against a
real server: hostile text stays inert (no script runs, no javascript: link), uploads give
a per-file and per-item report, and roles hold when pages are opened by URL."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard import auth, synth
from dashboard.db import models as m
from dashboard.db.engine import get_engine, session_scope
from tests.e2e.conftest import new_browser_page, start_server, stop_server, wait_for_app, warm_up

pytestmark = pytest.mark.e2e

PASSWORD = "kata-sandi-uji-1"
PWN_JS = "window.__pwned = (window.__pwned || 0) + 1"
HOSTILE_TEXT = (
    "Rapat koordinasi persiapan Pilkada 2020 di Aula Kantor Bupati Solok.\n"
    f"<script>{PWN_JS}</script>\n"
    f'<img src=x onerror="{PWN_JS}; alert(1)">\n'
    f'<svg onload="{PWN_JS}"></svg> <iframe src="javascript:alert(1)"></iframe>\n'
    "[klik di sini](javascript:alert(1)) dan <a href=\"javascript:alert(1)\">tautan</a>\n"
    "**tebal** `kode` $x^2$ :red[merah] <style>body{display:none}</style>\n"
)
HOSTILE_TITLE = f'Rakor <img src=x onerror="{PWN_JS}"> [phish](https://evil.example/) <script>{PWN_JS}</script>'
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">[x](javascript:alert(1)).txt'


@pytest.fixture(scope="module")
def site(templates, tmp_path_factory, browser):
    db = templates.fresh("sqlite", sample=True)
    engine = get_engine(db)
    synth.generate(engine, 60, seed=9)
    for name, role in (("admin1", "admin"), ("editor1", "editor"), ("viewer1", "viewer")):
        auth.create_user(engine, name, PASSWORD, role, actor="test")
    with session_scope(engine) as s:
        art = m.Article(url="javascript:alert(1)", content_hash="f" * 64, title=HOSTILE_TITLE,
                        publisher='<b onmouseover="alert(1)">Humas</b>', published=dt.date(2020, 11, 1),
                        text=HOSTILE_TEXT)
        s.add(art)
        s.flush()
        start = HOSTILE_TEXT.index("<script>")
        ev = m.Event(
            article_id=art.id, ordinal=0, event_date=dt.date(2020, 11, 1), activity="rakor",
            location='<img src=x onerror="alert(1)">', status="extracted", confidence=0.01,
            election_id="pilkada-2020",
            evidence={"location": {"start": start, "end": start + 30, "text": "x", "confidence": 0.2}},
            notes="[x](javascript:alert(1))",
        )
        ev.agencies = [m.EventAgency(agency_name="KPU", role="participant", confidence=0.5,
                                     evidence_start=0, evidence_end=5, evidence_text="Rapat")]
        s.add(ev)
        s.flush()
        hostile_id = art.id
    # hostile text in the audit log: a failed login with a hostile user name, a file name
    auth.authenticate(engine, '<img src=x onerror="window.__pwned=1">', "x" * 12)
    from dashboard import audit

    with session_scope(engine) as s:
        audit.record(s, username="editor1", action="ingest_file", entity="file", entity_id=HOSTILE_NAME,
                     after={"new": 1, "title": HOSTILE_TITLE}, detail=HOSTILE_NAME)
    srv = start_server(db, tmp_path_factory.mktemp("manage-server"), {"DASHBOARD_MAX_UPLOAD_MB": "1"})
    warm_up(browser, srv)
    srv.hostile_article = hostile_id
    yield srv
    stop_server(srv)


@pytest.fixture
def bp(browser):
    p = new_browser_page(browser)
    p.dialogs = []
    p.page.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    yield p
    p.page.context.close()


def login(page, base: str, user: str, path: str = "akun") -> None:
    page.goto(f"{base}/{path}")
    wait_for_app(page)
    page.get_by_label("Nama pengguna").wait_for(timeout=30000)
    page.get_by_label("Nama pengguna").fill(user)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    # logged in: the sidebar offers "Keluar" (argon2 takes a moment)
    page.locator('[data-testid="stSidebar"] button', has_text="Keluar").wait_for(timeout=30000)
    wait_for_app(page)


def go(page, label: str) -> None:
    """Navigate inside the app (the login lives in this browser session)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=label).first.click()
    wait_for_app(page)


def assert_inert(bp) -> None:
    page = bp.page
    assert bp.dialogs == [], bp.dialogs
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator("iframe[src^='javascript:' i]").count() == 0
    # a <style> from the article did not hide the page
    assert page.locator("h1").first.is_visible()


def test_berita_reader_shows_hostile_article_inert(site, bp):
    page = bp.page
    page.goto(f"{site.url}/berita?item={site.hostile_article}")
    wait_for_app(page)
    # every image has loaded or failed (an onerror handler would have run by then)
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=30000)
    assert_inert(bp)
    body = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
    assert "<script>" in body and "onerror" in body and "[klik di sini](javascript:alert(1))" in body
    assert "[phish](https://evil.example/)" in body  # the title, shown as typed
    bp.check()


def test_review_queue_and_audit_show_hostile_text_inert(site, bp):
    page = bp.page
    login(page, site.url, "editor1")
    go(page, "Kelola Data")
    page.get_by_role("tab", name="Antrean tinjauan").click()
    wait_for_app(page)
    page.locator('[data-testid="stMain"]').get_by_text("Kegiatan #").first.wait_for(timeout=30000)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Kegiatan #" in main and "<script>" in main  # lowest confidence first: the hostile one
    assert_inert(bp)
    # correct it: the venue typed with markup is stored and shown as text
    page.get_by_role("button", name="Benar, konfirmasi").click()
    wait_for_app(page)
    assert "dikonfirmasi" in page.locator('[data-testid="stMain"]').inner_text()
    assert_inert(bp)
    bp.check()


def test_audit_log_shows_hostile_text_inert(site, bp):
    page = bp.page
    login(page, site.url, "admin1")
    go(page, "Admin")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30000)
    page.locator('[data-testid="stMain"]').get_by_text("Unduh CSV").first.wait_for(timeout=30000)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "entri" in main and "Unduh CSV" in main
    # the user filter lists the hostile name as text
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Pengguna").first.click()
    page.get_by_role("option").first.wait_for(timeout=30000)
    assert page.get_by_role("option", name=re.compile("onerror")).count() >= 1
    page.keyboard.press("Escape")
    assert_inert(bp)
    bp.check()


def test_upload_report_in_the_browser(site, bp, tmp_path):
    page = bp.page
    login(page, site.url, "editor1")
    go(page, "Kelola Data")
    files = {
        "baru.txt": b"Sosialisasi Pilkada 2020 oleh KPU Kabupaten Solok di aula kantor camat.",
        "kosong.txt": b"",
        "daftar.jsonl": b'{"text": "Apel siaga Pilkada bersama Polres."}\n{rusak\n',
        "dok.pdf": b"%PDF-1.4",
        HOSTILE_NAME: b"Bimtek KPPS Pilkada 2020 di Solok.",
    }
    paths = []
    for i, (name, data) in enumerate(files.items()):
        p = tmp_path / f"f{i}"
        p.mkdir()
        safe = name if "/" not in name else name.replace("/", "_")
        (p / safe).write_bytes(data)
        paths.append(str(p / safe))
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(paths)
    page.wait_for_selector("text=Pratinjau (belum disimpan)", timeout=60000)
    wait_for_app(page)
    assert_inert(bp)
    page.get_by_role("button", name=re.compile(r"Simpan \d+ artikel baru")).click()
    page.wait_for_selector("text=Laporan unggahan terakhir", timeout=60000)
    wait_for_app(page)
    page.locator('[data-testid="stDataFrame"]').nth(1).wait_for(timeout=30000)
    page.get_by_role("tabpanel").first.locator('[data-testid="stMetricLabel"]', has_text="Baru").wait_for(timeout=30000)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Per berkas" in main and "Per artikel / baris" in main
    panel = page.get_by_role("tabpanel").first  # the upload tab (the others have metrics too)
    metrics = dict(
        zip(panel.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
            panel.locator('[data-testid="stMetricValue"]').all_inner_texts())
    )
    # baru.txt, the first line of daftar.jsonl and the hostile-named file are new; the empty
    # file and the broken line are rejected (the pdf may be refused by the uploader itself)
    assert metrics.get("Baru") == "3", metrics
    assert int(metrics.get("Ditolak", "0")) >= 2, metrics
    assert panel.locator('[data-testid="stDataFrame"]').count() == 2
    assert_inert(bp)
    bp.check()


def test_upload_over_the_limit_is_refused_with_a_message(site, bp, tmp_path):
    page = bp.page
    login(page, site.url, "editor1")
    go(page, "Kelola Data")
    big = tmp_path / "besar.txt"
    big.write_bytes(b"Rapat koordinasi Pilkada. " * 60000)  # 1.5 MB > 1 MB
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(big))
    page.wait_for_function(
        """() => /besar\\.txt/.test(document.querySelector('[data-testid="stFileUploader"]').innerText)""",
        timeout=30000,
    )
    text = page.locator('[data-testid="stFileUploader"]').inner_text()
    assert "1" in text and ("MB" in text or "large" in text.lower()), text
    bp.check()


def test_roles_hold_when_pages_are_opened_by_url(site, browser):
    # anonymous: Kelola Data and Admin by URL show a login form, nothing of the page
    bp = new_browser_page(browser)
    page = bp.page
    for path in ("kelola-data", "admin"):
        page.goto(f"{site.url}/{path}")
        wait_for_app(page)
        page.get_by_label("Nama pengguna").wait_for(timeout=30000)
        assert page.get_by_role("tab").count() == 0
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Kelola Data" not in nav and "Admin" not in nav and "Masuk" in nav
    bp.page.context.close()

    # a viewer who opens Kelola Data by URL and logs in there is refused; the navigation
    # does not offer it
    bp = new_browser_page(browser)
    page = bp.page
    login(page, site.url, "viewer1", path="kelola-data")
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "tidak berhak" in main and page.get_by_role("tab").count() == 0
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Kelola Data" not in nav and "Admin" not in nav
    bp.page.context.close()

    # an editor: Kelola Data yes, Admin no (in the navigation and by URL in-session)
    bp = new_browser_page(browser)
    page = bp.page
    login(page, site.url, "editor1", path="admin")
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "tidak berhak" in main and page.get_by_role("tab").count() == 0
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Kelola Data" in nav and "Admin" not in nav
    bp.page.context.close()


def test_first_visitor_after_a_restart_with_a_deep_link(templates, tmp_path, browser):
    """No warm-up: the very first session opens a deep link and still gets the app's own
    navigation and the page it asked for (not the pages/ folder mode)."""
    db = templates.fresh("sqlite", sample=True)
    srv = start_server(db, tmp_path)
    try:
        bp = new_browser_page(browser)
        page = bp.page
        page.goto(f"{srv.url}/instansi")
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('[data-testid="stSidebarNav"] a'))
                      .some(a => a.innerText.trim().endsWith('Ringkasan'))""",
            timeout=120000,
        )
        wait_for_app(page, timeout=120000)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "\napp\n" not in f"\n{nav}\n" and "Kelola Data" not in nav
        assert page.locator("h1").first.inner_text().strip() == "Instansi"
        assert "/instansi" in page.url
        bp.page.context.close()
    finally:
        stop_server(srv)


def test_login_survives_reload_and_new_tab_and_logout_ends_it_everywhere(site, bp):
    page = bp.page
    login(page, site.url, "editor1")
    cookie = next((c for c in page.context.cookies() if c["name"] == "dashboard_session"), None)
    assert cookie and cookie["sameSite"] == "Strict" and cookie["expires"] == -1, cookie  # a session cookie
    # a reload and a second tab keep the login (Kelola Data by URL shows the page, not the form)
    page.goto(f"{site.url}/kelola-data")
    wait_for_app(page)
    page.get_by_role("tab", name="Antrean tinjauan").wait_for(timeout=30000)
    assert page.get_by_label("Kata sandi", exact=True).count() == 0
    tab2 = page.context.new_page()
    tab2.goto(f"{site.url}/kelola-data")
    wait_for_app(tab2)
    tab2.get_by_role("tab", name="Antrean tinjauan").wait_for(timeout=30000)
    # logout in the first tab ends the session: the second tab's next load asks for a login
    page.locator('[data-testid="stSidebar"] button', has_text="Keluar").click()
    wait_for_app(page)
    page.get_by_label("Nama pengguna").wait_for(timeout=30000)
    tab2.goto(f"{site.url}/kelola-data")
    wait_for_app(tab2)
    tab2.get_by_label("Nama pengguna").wait_for(timeout=30000)
    assert tab2.get_by_role("tab", name="Antrean tinjauan").count() == 0
    # a forged cookie is just ignored
    page.context.add_cookies([{"name": "dashboard_session", "value": "A" * 43, "url": site.url}])
    page.goto(f"{site.url}/kelola-data")
    wait_for_app(page)
    page.get_by_label("Nama pengguna").wait_for(timeout=30000)
    bp.check()
