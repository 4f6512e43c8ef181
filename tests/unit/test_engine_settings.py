"""The app's PostgreSQL connections: settings the engine gives them (``db.engine``)."""

import pytest

from dashboard.db.engine import get_engine


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgresql_connections_run_without_parallel_workers_unless_the_operator_says(db_url, monkeypatch):
    monkeypatch.delenv("PGOPTIONS", raising=False)
    get_engine.cache_clear()
    eng = get_engine(db_url)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("SHOW max_parallel_workers_per_gather").scalar() == "0"
    eng.dispose()
    monkeypatch.setenv("PGOPTIONS", "-c max_parallel_workers_per_gather=1")
    get_engine.cache_clear()
    eng = get_engine(db_url)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("SHOW max_parallel_workers_per_gather").scalar() == "1"
    eng.dispose()
    get_engine.cache_clear()
