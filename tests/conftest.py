"""Shared fixtures: databases on SQLite and PostgreSQL, built once from a template.

``engine`` is parametrised over both back ends. PostgreSQL needs TEST_POSTGRES_URL
(an account allowed to create databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres).
Without it the PostgreSQL cases skip, except under CI (CI=1), where a skip is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dashboard.config import normalise_database_url
from dashboard.db.engine import get_engine, session_scope, upgrade_database
from dashboard.reference import sync_reference

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
BACKENDS = ["sqlite", "postgres"]


def require(condition: bool, reason: str) -> None:
    """Skip when a real part is missing; under CI that is a failure instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


def _pg_admin():
    return create_engine(normalise_database_url(PG_URL), isolation_level="AUTOCOMMIT")


def _pg_url_for(db: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(normalise_database_url(PG_URL)).set(database=db).render_as_string(hide_password=False)


class Templates:
    """Template databases (schema + reference data, optionally the sample articles),
    copied for each test: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.made: dict[tuple[str, bool], str] = {}
        self.pg_dbs: list[str] = []

    def _build(self, url: str, sample: bool) -> None:
        eng = get_engine(url)
        upgrade_database(eng)
        with session_scope(eng) as s:
            sync_reference(s)
        if sample:
            from dashboard.cli import init_database

            init_database(url, sample=True, quiet=True)
        eng.dispose()

    def template(self, backend: str, sample: bool) -> str:
        key = (backend, sample)
        if key not in self.made:
            if backend == "sqlite":
                path = self.tmp / f"template-{'sample' if sample else 'empty'}.db"
                url = f"sqlite:///{path}"
                self._build(url, sample)
                with get_engine(url).connect() as c:
                    c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                get_engine(url).dispose()
                self.made[key] = str(path)
            else:
                name = f"tmpl_{'sample' if sample else 'empty'}_{uuid.uuid4().hex[:8]}"
                with _pg_admin().connect() as c:
                    c.execute(text(f'CREATE DATABASE "{name}"'))
                self.pg_dbs.append(name)
                url = _pg_url_for(name)
                self._build(url, sample)
                get_engine(url).dispose()
                self.made[key] = name
        return self.made[key]

    def fresh(self, backend: str, sample: bool = False) -> str:
        tmpl = self.template(backend, sample)
        if backend == "sqlite":
            path = self.tmp / f"db-{uuid.uuid4().hex[:10]}.db"
            shutil.copyfile(tmpl, path)
            return f"sqlite:///{path}"
        name = f"t_{uuid.uuid4().hex[:12]}"
        with _pg_admin().connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{tmpl}"'))
        self.pg_dbs.append(name)
        return _pg_url_for(name)

    def cleanup(self) -> None:
        if not self.pg_dbs or not PG_URL:
            return
        get_engine.cache_clear()
        with _pg_admin().connect() as c:
            for name in reversed(self.pg_dbs):
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    t = Templates(tmp_path_factory.mktemp("dbs"))
    yield t
    t.cleanup()


def _backend_param(request) -> str:
    backend = request.param
    if backend == "postgres":
        require(bool(PG_URL), "TEST_POSTGRES_URL is not set (PostgreSQL tests)")
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return _backend_param(request)


@pytest.fixture
def db_url(backend, templates, monkeypatch) -> str:
    """A fresh database with schema and reference data; DATABASE_URL points at it."""
    url = templates.fresh(backend)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def engine(db_url):
    eng = get_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sample_db_url(backend, templates, monkeypatch) -> str:
    """A fresh database holding the bundled sample articles."""
    url = templates.fresh(backend, sample=True)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def sample_engine(sample_db_url):
    eng = get_engine(sample_db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_url(templates, monkeypatch) -> str:
    """SQLite only, for tests that do not depend on the back end."""
    url = templates.fresh("sqlite")
    monkeypatch.setenv("DATABASE_URL", url)
    return url
