"""Accounts, roles, password hashing, login throttling and login sessions. No Streamlit.

Roles, each including the ones before it:

    viewer  reads the dashboard (without an account unless DASHBOARD_REQUIRE_LOGIN=1)
    editor  also uploads files, records meetings by hand, works the review queue
    admin   also manages accounts and reads the audit log

Passwords are hashed with Argon2id (argon2-cffi, RFC 9106 parameters); a hash made with
older parameters is upgraded at the next login. Failed logins are counted per user name
(whether or not it exists) and per client address; after ``FREE_FAILURES`` failures in a
row, every further attempt is refused for a delay that doubles with each failure (5 s, 10 s,
20 s, ... up to 15 minutes) without the password being checked. An unknown user name costs
as much time as a wrong password, so user names cannot be probed by timing.

The attempt is reserved before the password is checked, in one transaction that locks the
throttle rows (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite): it
is refused if a block is in force, otherwise counted as a failure at once (and the block
that count calls for set). A success undoes its own count. So parallel attempts cannot
all pass the check while the slow hash runs: with 3 free failures, at most 3 passwords
are checked, whatever the number of simultaneous attempts, and one per window after that.

A login creates a server-side session: the browser keeps a random token, the database
only its SHA-256. A session ends at logout, after ``DASHBOARD_SESSION_MINUTES`` without
activity, ``MAX_SESSION_HOURS`` after login, or when the account's password, role or
status changes. Every change of an account is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import audit
from dashboard.config import get_settings
from dashboard.db import models as m
from dashboard.db.engine import session_scope

ROLES = m.ROLES
RANK = {"viewer": 1, "editor": 2, "admin": 3}

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # hashing cost is bounded; longer input is refused, not truncated
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")

FREE_FAILURES = 3  # failures before delays start (per user name)
FREE_FAILURES_CLIENT = 10  # per client address (many users behind one office NAT)
BASE_DELAY_S = 5
MAX_DELAY_S = 15 * 60
FAILURE_WINDOW = dt.timedelta(hours=1)  # failures older than this are forgotten
MAX_SESSION_HOURS = 12
TOUCH_EVERY = dt.timedelta(seconds=30)  # how often a session's last activity is written

# Argon2id, RFC 9106 "second recommended" (low-memory) profile: 64 MiB, 3 passes, 4 lanes.
HASH_PARAMS = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
_hasher = PasswordHasher(**HASH_PARAMS)
# A real hash of a random password: unknown users are checked against it (same cost).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AuthError(ValueError):
    """A refused account operation. ``code`` is stable (translated by the interface as
    ``manage.err.<code>``); the message is English, for the command line."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SessionUser:
    user_id: int
    username: str
    role: str
    session_id: int | None = None

    def can(self, role: str) -> bool:
        return has_role(self.role, role)


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    reason: str  # ok | invalid | throttled | empty
    token: str | None = None
    user: SessionUser | None = None
    retry_after: int = 0  # seconds, when throttled


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    role: str
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    failed_logins: int
    sessions: int


def has_role(role: str | None, required: str) -> bool:
    """Whether ``role`` includes ``required`` (admin > editor > viewer)."""
    return RANK.get(role or "", 0) >= RANK.get(required, 99)


# ---------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password_policy(password: str, username: str = "") -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AuthError("weak_password", f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AuthError("long_password", f"the password must have at most {MAX_PASSWORD} characters")
    if "\x00" in password:
        raise AuthError("weak_password", "the password must not contain a NUL character")
    if username and password.strip().casefold() == username.casefold():
        raise AuthError("weak_password", "the password must not be the user name")
    if len(set(password)) < 4:
        raise AuthError("weak_password", "the password must use at least 4 different characters")


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise AuthError(
            "bad_username",
            "a user name has 2 to 80 characters: letters a-z, digits and . _ @ -, starting with a letter or digit",
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError("bad_role", f"the role must be one of {', '.join(ROLES)}")
    return role


# ---------------------------------------------------------------- accounts


def _user(session: Session, username: str) -> m.User | None:
    return session.scalar(select(m.User).where(m.User.username == normalise_username(username)))


def _require_user(session: Session, username: str) -> m.User:
    user = _user(session, username)
    if user is None:
        raise AuthError("no_such_user", f"there is no user '{normalise_username(username)[:80]}'")
    return user


def _public(user: m.User) -> dict:
    return {"username": user.username, "role": user.role, "active": bool(user.active)}


def _active_admins(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(m.User).where(m.User.role == "admin", m.User.active.is_(True))
    ) or 0


def end_user_sessions(session: Session, user_id: int, now: dt.datetime | None = None, *, keep: int | None = None) -> int:
    """End the user's live sessions (all, or all but session ``keep``)."""
    cond = [m.UserSession.user_id == user_id, m.UserSession.ended_at.is_(None)]
    if keep is not None:
        cond.append(m.UserSession.id != keep)
    res = session.execute(update(m.UserSession).where(*cond).values(ended_at=now or m.utcnow()))
    return res.rowcount or 0


def create_user(engine: Engine, username: str, password: str, role: str = "viewer", *, actor: str) -> UserInfo:
    name = check_username(username)
    check_role(role)
    check_password_policy(password, name)
    pw_hash = hash_password(password)
    try:
        with session_scope(engine, write=True) as s:
            now = m.utcnow()
            user = m.User(username=name, role=role, password_hash=pw_hash, active=True, created_at=now,
                          password_changed_at=now)
            s.add(user)
            s.flush()
            audit.record(s, username=actor, action="user_add", entity="user", entity_id=name, after=_public(user))
    except IntegrityError:
        raise AuthError("user_exists", f"the user '{name}' exists already") from None
    return get_user(engine, name)


def remove_user(engine: Engine, username: str, *, actor: str) -> None:
    with session_scope(engine, write=True) as s:
        # a write first: on SQLite the transaction then holds the write lock before it reads
        s.execute(update(m.User).where(m.User.username == normalise_username(username)).values(active=m.User.active))
        user = _require_user(s, username)
        if user.role == "admin" and user.active and _active_admins(s) <= 1:
            raise AuthError("last_admin", "this is the last active admin; make another admin first")
        before = _public(user)
        end_user_sessions(s, user.id)
        s.delete(user)
        audit.record(s, username=actor, action="user_remove", entity="user", entity_id=user.username, before=before)


def set_password(
    engine: Engine, username: str, password: str, *, actor: str, keep_session: int | None = None
) -> None:
    """Set a new password; the user's other sessions end (all of them unless ``keep_session``)."""
    name = normalise_username(username)
    check_password_policy(password, name)
    pw_hash = hash_password(password)
    with session_scope(engine, write=True) as s:
        res = s.execute(
            update(m.User)
            .where(m.User.username == name)
            .values(password_hash=pw_hash, password_changed_at=m.utcnow(), failed_logins=0)
        )
        if not res.rowcount:
            raise AuthError("no_such_user", f"there is no user '{name[:80]}'")
        user = _require_user(s, name)
        ended = end_user_sessions(s, user.id, keep=keep_session)
        s.execute(
            update(m.LoginThrottle).where(m.LoginThrottle.key == f"user:{name}").values(failures=0, blocked_until=None)
        )
        audit.record(
            s, username=actor, action="user_passwd", entity="user", entity_id=name,
            after={"password": "changed", "sessions_ended": ended},
        )


def update_user(engine: Engine, username: str, *, role: str | None = None, active: bool | None = None, actor: str) -> UserInfo:
    """Change a user's role and/or whether the account may log in. Ends the user's
    sessions (the next page view asks for a login with the new rights)."""
    if role is not None:
        check_role(role)
    name = normalise_username(username)
    with session_scope(engine, write=True) as s:
        s.execute(update(m.User).where(m.User.username == name).values(active=m.User.active))
        user = _require_user(s, name)
        before = _public(user)
        if role is not None:
            user.role = role
        if active is not None:
            user.active = bool(active)
        s.flush()
        if before["role"] == "admin" and before["active"] and _active_admins(s) < 1:
            raise AuthError("last_admin", "this is the last active admin; make another admin first")
        after = _public(user)
        if after != before:
            end_user_sessions(s, user.id)
            audit.record(s, username=actor, action="user_update", entity="user", entity_id=name, before=before, after=after)
    return get_user(engine, name)


def get_user(engine: Engine, username: str) -> UserInfo | None:
    rows = [u for u in list_users(engine) if u.username == normalise_username(username)]
    return rows[0] if rows else None


def list_users(engine: Engine) -> list[UserInfo]:
    now = m.utcnow()
    idle = dt.timedelta(minutes=get_settings().session_minutes)
    live = (
        select(m.UserSession.user_id, func.count().label("n"))
        .where(m.UserSession.ended_at.is_(None), m.UserSession.last_seen_at > now - idle)
        .group_by(m.UserSession.user_id)
        .subquery()
    )
    stmt = (
        select(m.User, func.coalesce(live.c.n, 0))
        .outerjoin(live, live.c.user_id == m.User.id)
        .order_by(m.User.username)
    )
    with session_scope(engine) as s:
        return [
            UserInfo(u.id, u.username, u.role, bool(u.active), u.created_at, u.last_login_at, u.failed_logins, int(n))
            for u, n in s.execute(stmt).all()
        ]


# ---------------------------------------------------------------- throttling


def delay_after(failures: int, free: int = FREE_FAILURES) -> int:
    """Seconds to wait after ``failures`` failed logins in a row."""
    if failures < free:
        return 0
    return int(min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (failures - free)))


def _throttle_keys(username: str, client: str | None) -> list[tuple[str, int]]:
    keys = [(f"user:{normalise_username(username)[:100]}", FREE_FAILURES)]
    if client:
        keys.append((f"client:{client[:100]}", FREE_FAILURES_CLIENT))
    return keys


def _seconds_until(until: dt.datetime | None, now: dt.datetime) -> int:
    if until is None or until <= now:
        return 0
    return max(1, int((until - now).total_seconds() + 0.999))


def throttled_for(engine: Engine, username: str, client: str | None = None, now: dt.datetime | None = None) -> int:
    """Seconds until the next attempt for this user name / client is checked (0: now)."""
    now = now or m.utcnow()
    keys = [k for k, _ in _throttle_keys(username, client)]
    with engine.connect() as conn:
        until = conn.scalar(select(func.max(m.LoginThrottle.blocked_until)).where(m.LoginThrottle.key.in_(keys)))
    return _seconds_until(until, now)


def _insert_missing(s: Session, keys: list[str]) -> None:
    """Create the throttle rows that do not exist yet (a parallel attempt may create them
    at the same moment: the conflict is ignored, not an error)."""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    s.execute(insert(m.LoginThrottle).values([{"key": k, "failures": 0} for k in keys]).on_conflict_do_nothing())


def reserve_attempt(
    engine: Engine, keys: list[tuple[str, int]], now: dt.datetime
) -> tuple[int, dict[str, dt.datetime | None]]:
    """Atomically check and count one login attempt for ``keys`` ((key, free failures)).
    Returns (seconds to wait, {}) when a block is in force (nothing is counted), else
    (0, {key: the block this count set}): the attempt counts as a failure until
    ``release_attempt`` undoes it."""
    names = sorted(k for k, _ in keys)  # the same lock order for every attempt
    with session_scope(engine, write=True) as s:
        _insert_missing(s, names)
        rows = {
            r.key: r
            for r in s.scalars(
                select(m.LoginThrottle).where(m.LoginThrottle.key.in_(names)).order_by(m.LoginThrottle.key)
                .with_for_update()
            )
        }
        wait = max((_seconds_until(r.blocked_until, now) for r in rows.values()), default=0)
        if wait:
            return wait, {}
        marks: dict[str, dt.datetime | None] = {}
        for key, free in keys:
            row = rows[key]
            if row.last_failed_at is not None and now - row.last_failed_at > FAILURE_WINDOW:
                row.failures = 0
            row.failures += 1
            row.last_failed_at = now
            delay = delay_after(row.failures, free)
            row.blocked_until = now + dt.timedelta(seconds=delay) if delay else None
            marks[key] = row.blocked_until
        return 0, marks


def _release_attempt(s: Session, user_key: str, marks: dict[str, dt.datetime | None]) -> None:
    """A successful login: the user name's failures are forgotten; every other key (the
    client address) loses the one failure this attempt counted, and the block it set,
    unless a later attempt has set another meanwhile."""
    T = m.LoginThrottle
    s.execute(update(T).where(T.key == user_key).values(failures=0, blocked_until=None))
    for key, mark in marks.items():
        if key == user_key:
            continue
        s.execute(update(T).where(T.key == key, T.failures > 0).values(failures=T.failures - 1))
        if mark is not None:
            s.execute(update(T).where(T.key == key, T.blocked_until == mark).values(blocked_until=None))


# ---------------------------------------------------------------- login and sessions


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def authenticate(
    engine: Engine,
    username: str,
    password: str,
    *,
    client: str | None = None,
    now: dt.datetime | None = None,
) -> LoginResult:
    """Check a login. On success a session is created and its token returned."""
    now = now or m.utcnow()
    name = normalise_username(username)[:80]
    if not name or not password:
        return LoginResult(False, "empty")
    keys = _throttle_keys(name, client)
    wait, marks = reserve_attempt(engine, keys, now)
    if wait:
        return LoginResult(False, "throttled", retry_after=wait)
    with engine.connect() as conn:
        row = conn.execute(
            select(m.User.id, m.User.password_hash, m.User.active).where(m.User.username == name)
        ).first()
    password = password[:MAX_PASSWORD]
    if row is not None and row.active:
        ok = verify_password(row.password_hash, password)
    else:
        verify_password(_DUMMY_HASH, password)  # same cost as a real check
        ok = False
    if not ok:
        with session_scope(engine, write=True) as s:  # the failure was counted when the attempt was reserved
            if row is not None:
                s.execute(
                    update(m.User)
                    .where(m.User.id == row.id)
                    .values(failed_logins=m.User.failed_logins + 1, last_failed_at=now)
                )
            audit.record(s, username=name or "?", action="login_failed", entity="user", entity_id=name,
                         detail=f"client {client}" if client else None)
        return LoginResult(False, "invalid", retry_after=throttled_for(engine, name, client, now))
    token = secrets.token_urlsafe(32)
    with session_scope(engine, write=True) as s:
        user = s.get(m.User, row.id)
        if user is None or not user.active:  # removed or blocked meanwhile
            return LoginResult(False, "invalid")
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.last_login_at = now
        _release_attempt(s, keys[0][0], marks)
        sess = m.UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
                             client=(client or None) and client[:80])
        s.add(sess)
        s.flush()
        audit.record(s, username=name, action="login", entity="user", entity_id=name,
                     detail=f"client {client}" if client else None)
        su = SessionUser(user.id, user.username, user.role, sess.id)
    return LoginResult(True, "ok", token=token, user=su)


def session_user(
    engine: Engine, token: str | None, *, idle_minutes: int | None = None, now: dt.datetime | None = None
) -> SessionUser | None:
    """The user of a live session, or None (no token, unknown, ended, idle too long,
    older than the maximum, or the account was blocked). The user's current role is read
    from the database every time, so a changed role applies at once."""
    if not token:
        return None
    now = now or m.utcnow()
    idle = dt.timedelta(minutes=idle_minutes if idle_minutes is not None else get_settings().session_minutes)
    th = _token_hash(token)
    with engine.connect() as conn:
        row = conn.execute(
            select(
                m.UserSession.id, m.UserSession.created_at, m.UserSession.last_seen_at, m.UserSession.ended_at,
                m.User.id.label("user_id"), m.User.username, m.User.role, m.User.active,
            )
            .join(m.User, m.User.id == m.UserSession.user_id)
            .where(m.UserSession.token_hash == th)
        ).first()
    if row is None or row.ended_at is not None:
        return None
    expired = (
        not row.active
        or now - row.last_seen_at > idle
        or now - row.created_at > dt.timedelta(hours=MAX_SESSION_HOURS)
    )
    if expired:
        with session_scope(engine, write=True) as s:
            s.execute(update(m.UserSession).where(m.UserSession.id == row.id, m.UserSession.ended_at.is_(None))
                      .values(ended_at=now))
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        with session_scope(engine, write=True) as s:
            s.execute(update(m.UserSession).where(m.UserSession.id == row.id).values(last_seen_at=now))
    return SessionUser(row.user_id, row.username, row.role, row.id)


def end_session(engine: Engine, token: str | None) -> None:
    """Logout: the session ends (the token is useless from now on)."""
    if not token:
        return
    with session_scope(engine, write=True) as s:
        sess = s.scalar(select(m.UserSession).where(m.UserSession.token_hash == _token_hash(token)))
        if sess is None or sess.ended_at is not None:
            return
        sess.ended_at = m.utcnow()
        user = s.get(m.User, sess.user_id)
        name = user.username if user else "?"
        audit.record(s, username=name, action="logout", entity="user", entity_id=name)


def change_own_password(engine: Engine, user: SessionUser, current: str, new: str) -> None:
    """A logged-in user changes their password (the current one is checked)."""
    with engine.connect() as conn:
        pw_hash = conn.scalar(select(m.User.password_hash).where(m.User.id == user.user_id))
    if pw_hash is None or not verify_password(pw_hash, current[:MAX_PASSWORD]):
        raise AuthError("wrong_password", "the current password is not right")
    set_password(engine, user.username, new, actor=user.username, keep_session=user.session_id)
