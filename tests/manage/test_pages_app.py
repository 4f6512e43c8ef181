"""The Kelola Data, Admin and Akun pages in AppTest: the guard (also when a page is run
directly, as when opened by URL), login, review actions, the form, accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from dashboard import audit, auth
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.ui.auth import TOKEN_KEY
from tests.app.conftest import PROJECT_DIR, no_exceptions
from tests.manage.conftest import PASSWORD, add_extracted, event_row

PAGES = {"kelola": "pages/kelola-data.py", "admin": "pages/admin.py", "akun": "pages/akun.py",
         "ringkasan": "pages/ringkasan.py", "berita": "pages/berita.py"}


@pytest.fixture
def site(users, monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    return users


def run(page: str, token: str | None = None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_DIR / PAGES[page]), default_timeout=60)
    if token:
        at.session_state[TOKEN_KEY] = token
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    return at


def token(engine, name: str) -> str:
    res = auth.authenticate(engine, name, PASSWORD)
    assert res.ok
    return res.token


def texts(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.error] + [e.value for e in at.info]
    parts += [e.value for e in at.title] + [e.value for e in at.caption] + [e.value for e in at.warning]
    parts += [e.value for e in at.success]
    return "\n".join(str(p) for p in parts)


def test_kelola_needs_a_login(site):
    at = run("kelola")
    no_exceptions(at)
    assert at.text_input(key="login_kelola_user") is not None
    assert len(at.tabs) == 0, "nothing of the page is drawn for an anonymous visitor"


def test_viewer_cannot_reach_kelola_and_editor_cannot_reach_admin(site):
    at = run("kelola", token(site, "viewer1"))
    no_exceptions(at)
    assert at.error and "editor" in at.error[0].value and len(at.tabs) == 0
    at = run("admin", token(site, "editor1"))
    no_exceptions(at)
    assert at.error and "admin" in at.error[0].value and len(at.tabs) == 0
    at = run("admin", token(site, "admin1"))
    no_exceptions(at)
    assert len(at.tabs) == 3 and not at.error


def test_editor_sees_kelola(site):
    add_extracted(site, 3)
    at = run("kelola", token(site, "editor1"))
    no_exceptions(at)
    assert at.title[0].value == "Kelola Data" and len(at.tabs) == 4
    assert any(m.value == "3" for m in at.metric)  # waiting for review


def test_login_form_logs_in_and_page_appears(site):
    at = run("kelola")
    at.text_input(key="login_kelola_user").input("Editor1")
    at.text_input(key="login_kelola_password").input(PASSWORD)
    at.button[0].click().run()
    no_exceptions(at)
    assert at.session_state[TOKEN_KEY]
    assert len(at.tabs) == 4


def test_wrong_password_then_throttled(site):
    at = run("akun")
    for _ in range(auth.FREE_FAILURES):
        at.text_input(key="login_akun_user").input("editor1")
        at.text_input(key="login_akun_password").input("salah-salah-salah")
        at.button[0].click().run()
    assert at.error and "salah" in at.error[0].value
    at.text_input(key="login_akun_password").input(PASSWORD)
    at.button[0].click().run()
    no_exceptions(at)
    assert at.error and "Terlalu banyak" in at.error[0].value
    assert TOKEN_KEY not in at.session_state


def test_expired_session_asks_for_login_again(site):
    tok = token(site, "editor1")
    with session_scope(site) as s:
        s.execute(update(m.UserSession).values(last_seen_at=m.utcnow() - dt.timedelta(hours=3)))
    at = run("kelola", tok)
    no_exceptions(at)
    assert len(at.tabs) == 0 and at.info and "berakhir" in at.info[0].value


def test_demoted_user_loses_access_at_once(site):
    tok = token(site, "editor1")
    at = run("kelola", tok)
    no_exceptions(at)
    assert len(at.tabs) == 4 and not at.error
    auth.update_user(site, "editor1", role="viewer", actor="admin1")
    # the open page's next run: the session ended with the role change, a login is asked for
    at.run()
    no_exceptions(at)
    assert len(at.tabs) == 0 and at.text_input(key="login_kelola_user") is not None
    assert at.info and "berakhir" in at.info[0].value
    # logged in again, now as a viewer: the page refuses, by the role read from the database
    at = run("kelola", token(site, "editor1"))
    no_exceptions(at)
    assert len(at.tabs) == 0 and not [w for w in at.text_input if str(w.key).startswith("login_")]
    assert at.error and "editor" in at.error[0].value
    assert "Kelola Data" not in [str(b.label) for b in at.button]


def test_require_login_setting_closes_viewer_pages(site, monkeypatch):
    monkeypatch.setenv("DASHBOARD_REQUIRE_LOGIN", "1")
    at = run("ringkasan")
    no_exceptions(at)
    assert at.text_input(key="login_ringkasan_user") is not None and not at.metric
    at = run("ringkasan", token(site, "viewer1"))
    no_exceptions(at)
    assert at.metric
    monkeypatch.setenv("DASHBOARD_REQUIRE_LOGIN", "0")
    at = run("ringkasan")
    assert at.metric


def test_confirm_from_the_queue_is_audited_with_the_user(site):
    ids = add_extracted(site, 3)
    at = run("kelola", token(site, "editor1"))
    at.button(key=f"confirm_{ids[0]}_1").click().run()
    no_exceptions(at)
    assert event_row(site, ids[0]).status == "confirmed"
    log = audit.history(site, "event", ids[0])
    assert list(log["action"]) == ["confirm"] and log.iloc[0]["username"] == "editor1"
    # the next lowest-confidence event is shown now
    assert at.button(key=f"confirm_{ids[1]}_1") is not None


def test_stale_confirm_shows_a_conflict(site):
    ids = add_extracted(site, 1)
    at = run("kelola", token(site, "editor1"))
    from dashboard import manage

    manage.reject_event(site, ids[0], username="editor2", expected_version=1)
    at.button(key=f"confirm_{ids[0]}_1").click().run()
    no_exceptions(at)
    assert event_row(site, ids[0]).status == "rejected"
    assert "editor2" in texts(at)


def test_manual_form_validation_and_save(site):
    at = run("kelola", token(site, "editor1"))
    form_submit = [b for b in at.button if b.label == "Simpan kegiatan"][0]
    form_submit.click().run()
    no_exceptions(at)
    assert "tanggal wajib diisi" in texts(at)
    with session_scope(site) as s:
        assert s.scalar(select(m.Event.id)) is None
    at.date_input(key="manual_0_date").set_value(dt.date(2020, 11, 20))
    at.multiselect(key="manual_0_agencies").select("KPU").select("Bawaslu")
    at.multiselect(key="manual_0_regions").select("13.02")
    at.text_input(key="manual_0_location").input("<b>Aula</b> [x](javascript:alert(1))")
    [b for b in at.button if b.label == "Simpan kegiatan"][0].click().run()
    no_exceptions(at)
    with session_scope(site) as s:
        ev = s.scalar(select(m.Event).where(m.Event.status == "manual"))
        assert ev.location == "<b>Aula</b> [x](javascript:alert(1))" and ev.updated_by == "editor1"
    assert "tersimpan" in texts(at)


def test_admin_adds_a_user_and_it_is_audited(site):
    at = run("admin", token(site, "admin1"))
    at.text_input(key="user_add_name").input("petugas2")
    at.text_input(key="user_add_pw1").input("sandi-petugas-22")
    at.text_input(key="user_add_pw2").input("sandi-petugas-22")
    [b for b in at.button if b.label == "Tambah"][0].click().run()
    no_exceptions(at)
    assert auth.get_user(site, "petugas2").role == "editor"
    assert audit.read(site, audit.AuditQuery(action="user_add")).iloc[0]["username"] == "admin1"


def test_audit_search_accepts_any_string(site):
    tok = token(site, "admin1")
    for q in ['"', "'; DROP TABLE audit_log; --", "%", "_", "\\", "NEAR(", "*", "<script>", "\u202e", "a\x00b"]:
        at = run("admin", tok)
        at.text_input(key="audit_q").input(q).run()
        no_exceptions(at)
    # the log is all still there: the last search was for a string no entry holds
    at.text_input(key="audit_q").input("").run()
    assert not at.exception and at.dataframe, "the unfiltered audit log still lists its entries"


@pytest.mark.parametrize("page,user", [("kelola", "editor1"), ("admin", "admin1"), ("akun", "viewer1")])
def test_pages_in_english_have_no_missing_strings(site, page, user):
    import re

    add_extracted(site, 2)
    at = run(page, token(site, user), {"lang": "en"})
    no_exceptions(at)
    shown = texts(at) + "\n".join(str(b.label) for b in at.button) + "\n".join(str(x.label) for x in at.text_input)
    assert not re.search(r"\b(kelola|auth|audit|users|manage|code|account|admin)\.[a-z_]+\b", shown), shown[:500]
    assert at.title[0].value in ("Manage Data", "Admin", "Account")
