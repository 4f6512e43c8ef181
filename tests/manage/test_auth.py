"""Accounts, password hashing, throttling and sessions (both back ends)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard import audit, auth
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from tests.manage.conftest import PASSWORD


def test_production_hash_parameters():
    from argon2 import PasswordHasher

    real = PasswordHasher(**auth.HASH_PARAMS)  # what auth uses outside the tests
    assert real.time_cost >= 3 and real.memory_cost >= 64 * 1024 and real.type.name == "ID"
    h = real.hash("contoh-sandi-12")
    assert h.startswith("$argon2id$v=19$m=65536,t=3")
    assert auth.verify_password(h, "contoh-sandi-12") and not auth.verify_password(h, "contoh-sandi-13")


def test_passwords_are_stored_as_argon2id_hashes(users):
    with session_scope(users) as s:
        hashes = list(s.scalars(select(m.User.password_hash)))
    assert len(hashes) == 3
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert len(set(hashes)) == 3  # salted


@pytest.mark.parametrize(
    "name,password,role,code",
    [
        ("x", PASSWORD, "viewer", "bad_username"),
        ("Budi Santoso", PASSWORD, "viewer", "bad_username"),
        ("<script>", PASSWORD, "viewer", "bad_username"),
        ("budi", "pendek", "viewer", "weak_password"),
        ("budi", "budi", "viewer", "weak_password"),
        ("budi", "aaaaaaaaaaaa", "viewer", "weak_password"),
        ("budi", "x" * 2000, "viewer", "long_password"),
        ("budi", PASSWORD, "superuser", "bad_role"),
        ("admin1", PASSWORD, "viewer", "user_exists"),
        ("ADMIN1", PASSWORD, "viewer", "user_exists"),
    ],
)
def test_account_rules(users, name, password, role, code):
    with pytest.raises(auth.AuthError) as e:
        auth.create_user(users, name, password, role, actor="test")
    assert e.value.code == code and e.value.message


def test_login_success_creates_a_session_and_audit_entries(users):
    res = auth.authenticate(users, "Editor1 ", PASSWORD, client="10.0.0.5")
    assert res.ok and res.token and res.user.role == "editor"
    su = auth.session_user(users, res.token)
    assert su and su.username == "editor1" and su.can("editor") and not su.can("admin")
    log = audit.read(users, audit.AuditQuery(action="login"))
    assert list(log["username"]) == ["editor1"]
    auth.end_session(users, res.token)
    assert auth.session_user(users, res.token) is None
    assert audit.count(users, audit.AuditQuery(action="logout")) == 1


def test_wrong_password_and_unknown_user_look_the_same(users):
    a = auth.authenticate(users, "editor1", "salah-salah-salah")
    b = auth.authenticate(users, "tidak-ada", "salah-salah-salah")
    assert (a.ok, a.reason) == (b.ok, b.reason) == (False, "invalid")
    assert audit.count(users, audit.AuditQuery(action="login_failed")) == 2


def test_repeated_failures_are_slowed_down(users):
    t0 = dt.datetime(2024, 1, 1, 8, 0, 0)
    for i in range(auth.FREE_FAILURES):
        r = auth.authenticate(users, "editor1", "salah-salah-salah", now=t0)
        assert r.reason == "invalid"
    # blocked now: even the right password is not checked
    r = auth.authenticate(users, "editor1", PASSWORD, now=t0 + dt.timedelta(seconds=1))
    assert r.reason == "throttled" and r.retry_after >= 1
    # after the delay, the right password works
    r = auth.authenticate(users, "editor1", PASSWORD, now=t0 + dt.timedelta(seconds=auth.BASE_DELAY_S + 1))
    assert r.ok
    # the delay doubles with every further failure
    assert [auth.delay_after(n) for n in range(3, 7)] == [5, 10, 20, 40]
    assert auth.delay_after(60) == auth.MAX_DELAY_S


def test_throttle_applies_to_unknown_names_and_per_client(users):
    t0 = dt.datetime(2024, 1, 1, 8, 0, 0)
    for i in range(auth.FREE_FAILURES):
        auth.authenticate(users, "hantu", "salah-salah-salah", now=t0)
    assert auth.authenticate(users, "hantu", "salah-salah-salah", now=t0).reason == "throttled"
    # one client trying many names is slowed down too
    for i in range(auth.FREE_FAILURES_CLIENT):
        auth.authenticate(users, f"nama{i}", "salah-salah-salah", client="203.0.113.9", now=t0)
    r = auth.authenticate(users, "editor1", PASSWORD, client="203.0.113.9", now=t0)
    assert r.reason == "throttled"
    assert auth.authenticate(users, "editor1", PASSWORD, client="198.51.100.1", now=t0).ok


def test_session_times_out_when_idle_and_after_the_maximum(users):
    t0 = dt.datetime(2024, 1, 1, 8, 0, 0)
    res = auth.authenticate(users, "viewer1", PASSWORD, now=t0)
    assert auth.session_user(users, res.token, idle_minutes=30, now=t0 + dt.timedelta(minutes=29))
    # activity moved last_seen forward: 29 + 29 minutes is still fine
    assert auth.session_user(users, res.token, idle_minutes=30, now=t0 + dt.timedelta(minutes=58))
    assert auth.session_user(users, res.token, idle_minutes=30, now=t0 + dt.timedelta(minutes=89)) is None
    # once expired, it stays ended
    assert auth.session_user(users, res.token, idle_minutes=30, now=t0 + dt.timedelta(minutes=90)) is None
    # a session kept busy still ends MAX_SESSION_HOURS after the login
    res = auth.authenticate(users, "viewer1", PASSWORD, now=t0)
    t = t0
    end = t0 + dt.timedelta(hours=auth.MAX_SESSION_HOURS)
    while t + dt.timedelta(minutes=29) <= end:
        t += dt.timedelta(minutes=29)
        assert auth.session_user(users, res.token, idle_minutes=30, now=t)
    assert auth.session_user(users, res.token, idle_minutes=30, now=end + dt.timedelta(minutes=1)) is None


def test_forged_or_empty_tokens_are_refused(users):
    for token in (None, "", "x", "' OR 1=1 --", "\x00", "a" * 10000):
        assert auth.session_user(users, token) is None


def test_password_change_role_change_and_removal_end_sessions(users):
    r1 = auth.authenticate(users, "editor1", PASSWORD)
    auth.set_password(users, "editor1", "kata-sandi-baru-2", actor="admin1")
    assert auth.session_user(users, r1.token) is None
    assert not auth.authenticate(users, "editor1", PASSWORD).ok
    r2 = auth.authenticate(users, "editor1", "kata-sandi-baru-2")
    assert r2.ok
    auth.update_user(users, "editor1", role="viewer", actor="admin1")
    assert auth.session_user(users, r2.token) is None
    r3 = auth.authenticate(users, "editor1", "kata-sandi-baru-2")
    assert r3.user.role == "viewer"
    auth.update_user(users, "editor1", active=False, actor="admin1")
    assert not auth.authenticate(users, "editor1", "kata-sandi-baru-2").ok
    auth.remove_user(users, "editor1", actor="admin1")
    assert auth.get_user(users, "editor1") is None
    with session_scope(users) as s:
        assert s.scalar(select(func.count()).select_from(m.UserSession).where(m.UserSession.user_id == r3.user.user_id)) == 0
    actions = list(audit.read(users, audit.AuditQuery(entity="user", entity_id="editor1"))["action"])
    assert {"user_add", "user_passwd", "user_update", "user_remove"} <= set(actions)
    upd = audit.read(users, audit.AuditQuery(action="user_update"))
    assert {"role": "editor"}.items() <= upd.iloc[-1]["before"].items()


def test_own_password_change_keeps_the_current_session(users):
    r = auth.authenticate(users, "viewer1", PASSWORD)
    other = auth.authenticate(users, "viewer1", PASSWORD)
    with pytest.raises(auth.AuthError):
        auth.change_own_password(users, r.user, "salah-salah-salah", "kata-sandi-baru-3")
    auth.change_own_password(users, r.user, PASSWORD, "kata-sandi-baru-3")
    assert auth.session_user(users, r.token) is not None
    assert auth.session_user(users, other.token) is None


def test_the_last_admin_cannot_be_removed_or_demoted(users):
    with pytest.raises(auth.AuthError) as e:
        auth.remove_user(users, "admin1", actor="admin1")
    assert e.value.code == "last_admin"
    with pytest.raises(auth.AuthError):
        auth.update_user(users, "admin1", role="editor", actor="admin1")
    with pytest.raises(auth.AuthError):
        auth.update_user(users, "admin1", active=False, actor="admin1")
    auth.create_user(users, "admin2", PASSWORD, "admin", actor="admin1")
    auth.update_user(users, "admin1", role="editor", actor="admin2")
    assert auth.get_user(users, "admin1").role == "editor"


def test_roles_rank():
    assert auth.has_role("admin", "editor") and auth.has_role("editor", "viewer")
    assert not auth.has_role("viewer", "editor") and not auth.has_role("editor", "admin")
    assert not auth.has_role(None, "viewer") and not auth.has_role("root", "viewer")
