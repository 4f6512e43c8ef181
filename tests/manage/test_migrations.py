"""Schema upgrades keep data, and the models match the migrations (both back ends)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from dashboard.db import models as m
from dashboard.db.engine import MIGRATIONS_DIR, current_revision, get_engine, upgrade_database
from dashboard.db.fulltext import include_object
from dashboard.filters import Filters
from tests.conftest import _pg_admin, _pg_url_for

# The newest migration, read from the scripts (a new migration does not need the tests edited).
_cfg = Config()
_cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
HEAD = ScriptDirectory.from_config(_cfg).get_current_head()


@pytest.fixture
def blank_url(backend, tmp_path):
    """An empty database (no schema at all)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    name = f"blank_{uuid.uuid4().hex[:10]}"
    with _pg_admin().connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = _pg_url_for(name)
    yield url
    get_engine(url).dispose()
    with _pg_admin().connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_models_match_the_migrations(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        diff = compare_metadata(ctx, m.Base.metadata)
    assert diff == [], "\n".join(map(str, diff))


def _fill_at_0001(engine) -> None:
    """Data written with the 0001 schema (plain SQL: the models are already at head)."""
    from dashboard.db.engine import session_scope
    from dashboard.reference import sync_reference

    with session_scope(engine) as s:
        sync_reference(s)
    now = dt.datetime(2020, 3, 2, 10, 0, 0)
    with engine.begin() as c:
        for i in range(1, 31):
            c.execute(
                text(
                    "INSERT INTO article (id, url, content_hash, title, published, publisher, text, source, ingested_at) "
                    "VALUES (:id, :url, :h, :title, :pub, 'Humas', :text, 'old.jsonl', :now)"
                ),
                dict(id=i, url=f"https://old.example/{i}", h=f"{i:064d}", title=f"Rakor lama {i}",
                     pub=dt.date(2020, 3, 1), text=f"Rapat koordinasi Pilkada di Solok nomor{i}.", now=now),
            )
            c.execute(
                text(
                    "INSERT INTO event (id, article_id, ordinal, event_date, activity, location, participants, "
                    "election_id, level, status, confidence, evidence, created_at, updated_at) VALUES "
                    "(:id, :id, 0, :d, 'rakor', 'Aula', 50, 'pilkada-2020', 'kabkota', :st, 0.4, '{}', :now, :now)"
                ),
                dict(id=i, d=dt.date(2020, 3, 2), st="confirmed" if i % 3 == 0 else "extracted", now=now),
            )
            c.execute(text("INSERT INTO event_agency (event_id, agency_name, role, confidence) VALUES (:i, 'KPU', 'participant', 0.7)"), dict(i=i))
            c.execute(text("INSERT INTO event_region (event_id, region_code, confidence) VALUES (:i, '13.02', 0.8)"), dict(i=i))
        c.execute(
            text(
                "INSERT INTO app_user (username, role, password_hash, active, failed_logins, created_at) "
                "VALUES ('lama', 'editor', 'x', :t, 0, :now)"
            ),
            dict(t=True, now=now),
        )
        c.execute(
            text("INSERT INTO audit_log (at, username, action, entity, entity_id, detail) VALUES (:now, 'cli', 'ingest', 'ingest_run', '1', 'old.jsonl')"),
            dict(now=now),
        )
        if engine.dialect.name == "postgresql":
            for table in ("article", "event"):
                c.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def _counts(engine) -> dict:
    with engine.connect() as c:
        return {
            t: c.scalar(text(f"SELECT count(*) FROM {t}"))
            for t in ("article", "event", "event_agency", "event_region", "app_user", "audit_log", "region", "agency")
        }


def test_upgrade_from_0001_keeps_every_row(blank_url):
    from dashboard import manage
    from dashboard import queries as q

    engine = get_engine(blank_url)
    upgrade_database(engine, "0001")
    assert current_revision(engine) == "0001"
    _fill_at_0001(engine)
    before = _counts(engine)
    assert before["article"] == 30 and before["event_agency"] == 30

    upgrade_database(engine)  # to head
    assert current_revision(engine) == HEAD
    assert _counts(engine) == before
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, status, version, fingerprint, confidence FROM event ORDER BY id")).all()
        user = c.execute(text("SELECT username, role, last_login_at FROM app_user")).one()
    assert [r.version for r in rows] == [1] * 30
    assert sum(r.status == "confirmed" for r in rows) == 10
    assert user == ("lama", "editor", None)
    # full-text search still finds the old articles after the upgrade
    assert q.count_articles(engine, Filters(q="nomor7")) == 1
    # the new features work on old rows
    manage.confirm_event(engine, 1, username="editor1", expected_version=1)
    with engine.connect() as c:
        assert c.execute(text("SELECT status, version FROM event WHERE id = 1")).one() == ("confirmed", 2)
    # and running the upgrade again changes nothing
    upgrade_database(engine)
    after = _counts(engine)
    assert after["event"] == 30 and after["audit_log"] == before["audit_log"] + 1


def test_downgrade_to_0001_keeps_rows_then_upgrade_again(blank_url):
    engine = get_engine(blank_url)
    upgrade_database(engine, "0001")
    _fill_at_0001(engine)
    before = _counts(engine)
    upgrade_database(engine)
    from alembic import command

    from dashboard.db.engine import alembic_config

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert current_revision(engine) == "0001"
    assert _counts(engine) == before  # the event table was not copied, so nothing cascaded
    upgrade_database(engine)
    assert _counts(engine) == before


def test_upgrade_is_idempotent(engine):
    before = current_revision(engine)
    upgrade_database(engine)
    assert current_revision(engine) == before is not None


# One replica's start-up, in a process of its own as replicas are: ready, then (on "go")
# the schema set-up; prints what it wrote, or the error.
_REPLICA = """
import json, sys
import alembic.command
from dashboard.db.engine import get_engine, prepare_database
engine = get_engine(sys.argv[1])
engine.connect().close()
print("ready", flush=True)
sys.stdin.readline()
try:
    print(json.dumps(["ok", prepare_database(engine)]), flush=True)
except Exception as exc:
    print(json.dumps(["error", repr(exc)[:500]]), flush=True)
"""


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)  # one SQLite file serves one machine
def test_replicas_starting_together_set_the_database_up_once(blank_url):
    """Several app replicas (or ``dashboard init`` and a replica) starting at once against
    an empty database: each runs the schema set-up; they take turns (a database lock), so
    none fails with "relation already exists" or a duplicate reference row."""
    import json
    import subprocess
    import sys

    from dashboard import reference

    procs = [
        subprocess.Popen([sys.executable, "-c", _REPLICA, blank_url], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    try:
        for p in procs:  # every one imported and connected: then all start at once
            assert p.stdout.readline().strip() == "ready"
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        outcomes = [json.loads(p.stdout.readline()) for p in procs]
    finally:
        for p in procs:
            try:
                p.wait(120)
            except subprocess.TimeoutExpired:
                p.kill()
    assert [kind for kind, _ in outcomes] == ["ok"] * 3, outcomes
    engine = get_engine(blank_url)
    assert current_revision(engine) == HEAD
    # the reference rows were written by exactly one of them, once
    writes = sorted(n for _, n in outcomes)
    assert writes[:2] == [0, 0] and writes[2] > 0, writes
    with engine.connect() as c:
        assert c.scalar(text("SELECT count(*) FROM region")) == len(reference.regions())
