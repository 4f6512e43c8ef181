"""Engine and session handling, and schema upgrades through alembic.

SQLite runs in WAL mode with a busy timeout so that viewers keep reading while an ingest
writes; foreign keys are switched on. PostgreSQL goes through psycopg 3.

SQLite transactions are begun by SQLAlchemy, not by the sqlite3 module (whose implicit
BEGIN comes only before the first INSERT/UPDATE/DELETE: a SAVEPOINT issued before that
started a transaction of its own, and releasing it committed the file's first article
on its own, so a file that failed later was left half-stored). ``session_scope(engine,
write=True)`` begins with ``BEGIN IMMEDIATE``: the transaction takes the write lock at
once, waiting for another writer within the busy timeout, instead of failing later when
a read snapshot it already holds has gone stale.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from dashboard.config import get_settings, normalise_database_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15000


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # autocommit at the driver level: SQLAlchemy's "begin" event issues BEGIN (below)
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


_SQLITE_BEGIN = {"": "BEGIN", "deferred": "BEGIN", "immediate": "BEGIN IMMEDIATE"}


def _sqlite_on_begin(conn) -> None:
    conn.exec_driver_sql(_SQLITE_BEGIN[conn.get_execution_options().get("sqlite_begin", "")])


# PostgreSQL: no parallel workers for the app's statements. They read kept counts and a few
# thousand rows through indexes, where starting two workers and merging their rows cost more
# than it saved (1M articles, the pages' queries: a region and KPU 294 -> 208 ms on
# Wilayah, 197 -> 141 ms on Ringkasan; Rapat Koordinasi with KPU 468 -> 378 ms), and
# several replicas' users would compete for the workers of a few cores anyway. An
# operator's own setting (``PGOPTIONS``, or ``options`` in ``DATABASE_URL``) wins.
PG_OPTIONS = "-c max_parallel_workers_per_gather=0"


def _pg_connect_args(url: str) -> dict:
    if os.environ.get("PGOPTIONS") or "options=" in url.split("?", 1)[-1]:
        return {}
    return {"options": PG_OPTIONS}


def get_engine(url: str | None = None) -> Engine:
    """One engine per database URL (bounded cache). Without ``url``: the one in the
    settings *now* (DATABASE_URL is read on every call, not cached with the engine)."""
    return _engine_for(normalise_database_url(url or get_settings().database_url))


@functools.lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=_pg_connect_args(url))
    from dashboard import rollup

    rollup.install(engine)  # the event rollup is folded in just before every commit
    return engine


get_engine.cache_clear = _engine_for.cache_clear  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=8)
def _sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def new_session(engine: Engine | None = None, *, write: bool = False) -> Session:
    """A session of its own, for a caller that commits it itself (``session_scope`` is the
    usual way). ``write=True``: its transactions begin with ``BEGIN IMMEDIATE`` on SQLite."""
    engine = engine or get_engine()
    if write and engine.dialect.name == "sqlite":
        engine = _immediate(engine)
    return _sessionmaker(engine)()


@contextmanager
def session_scope(engine: Engine | None = None, *, write: bool = False) -> Iterator[Session]:
    """A transaction: commit on success, roll back on any exception. ``write=True`` for a
    transaction that will write (SQLite: ``BEGIN IMMEDIATE``; no effect on PostgreSQL)."""
    session = new_session(engine, write=write)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@functools.lru_cache(maxsize=8)
def _immediate(engine: Engine) -> Engine:
    return engine.execution_options(sqlite_begin="immediate")


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade_database(engine: Engine | None = None, revision: str = "head") -> None:
    """Create or migrate the schema to ``revision`` (idempotent)."""
    from alembic import command

    engine = engine or get_engine()
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


# The tables whose statistics the page queries' plans depend on.
STATISTICS_TABLES = ("event", "event_agency", "event_region", "article", "election_region")


def refresh_statistics(engine: Engine | None = None) -> None:
    """Refresh the planner statistics after a bulk write (an ingest run, synthetic data).

    SQLite has none until ``ANALYZE`` runs: without them it guesses that an index on the
    election matches a few rows and drives a province's readiness from every event of the
    election instead of from the province's regions (2.4 s against 20 ms at 100,000
    articles). A full ``ANALYZE`` of these tables (about 0.4 s per 100,000 articles; a
    sampled one misjudged the election index the same way). PostgreSQL: autovacuum keeps
    them, but only some time after a bulk load; ``ANALYZE`` samples, so it is cheap."""
    engine = engine or get_engine()
    with engine.begin() as conn:
        for table in STATISTICS_TABLES:
            conn.exec_driver_sql(f"ANALYZE {table}")


def _analysed_rows(conn, dialect: str) -> int | None:
    """The event table's row count when its statistics were last taken; None: never."""
    if dialect == "sqlite":
        if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").scalar():
            return None
        stat = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'event' ORDER BY idx LIMIT 1").scalar()
        return int(str(stat).split()[0]) if stat else None
    rows = conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE relname = 'event'").scalar()
    return None if rows is None or rows < 0 else int(rows)  # -1: never analysed


def statistics_stale(engine: Engine, added: int, *, share: float = 0.1) -> bool:
    """Whether ``added`` new articles (about one event each) make the planner's statistics
    stale: none exist yet, or the event table has grown by at least ``share`` since they
    were taken. A file uploaded into a million articles does not pay a full ``ANALYZE``
    (seconds on SQLite); the run that doubles the data does."""
    if added <= 0:
        return False
    with engine.connect() as conn:
        rows = _analysed_rows(conn, engine.dialect.name)
    return rows is None or added >= share * max(rows, 1)


# Any fixed number: the key of the PostgreSQL advisory lock that serialises schema set-up.
SETUP_LOCK_KEY = 0x6461736862  # "dashb"


@contextmanager
def setup_lock(engine: Engine) -> Iterator[None]:
    """Hold a database-wide lock while the schema is created or migrated and the reference
    data loaded, so that several app replicas (or ``dashboard init`` and a replica) starting
    at once do it one after the other instead of racing into "relation already exists" or a
    duplicate reference row. PostgreSQL: a session advisory lock on its own connection.
    SQLite: nothing (one file on one machine; writers queue on the file's own lock)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({SETUP_LOCK_KEY})")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SETUP_LOCK_KEY})")


def prepare_database(engine: Engine | None = None) -> int:
    """Create or migrate the schema and load the reference data (idempotent; safe when
    several processes do it at once). Returns the number of reference rows written."""
    from dashboard.reference import sync_reference

    engine = engine or get_engine()
    with setup_lock(engine):
        upgrade_database(engine)
        with session_scope(engine) as session:
            return sync_reference(session)


def current_revision(engine: Engine | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = engine or get_engine()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
