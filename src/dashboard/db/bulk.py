"""Many rows into one table through the driver's own ``executemany`` (no SQLAlchemy
parameter handling per row), for the rollups' folds and rebuilds and synthetic bulk loads:
at a million rows SQLAlchemy's per-row work was most of the time.

Values are written as SQLAlchemy's own types would store them: on SQLite a ``DATE`` as
``YYYY-MM-DD`` and a ``DATETIME`` as ``YYYY-MM-DD HH:MM:SS.ffffff`` (its text formats), a
JSON column as JSON text; PostgreSQL's driver adapts dates itself. PostgreSQL: ``COPY``
when ``copy`` is asked for (a new table's rows, no conflict possible). No Streamlit."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import JSON, Connection, Date, DateTime, Table


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _sqlite_dates(row: Sequence, dated: list[int]) -> tuple:
    out = list(row)
    for i in dated:
        out[i] = _sqlite_value(out[i])
    return tuple(out)


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence],
                *, copy: bool = False) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table`` in the caller's
    transaction."""
    if not rows:
        return
    json_at = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    if json_at:
        rows = [tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(r)) for r in rows]
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    if conn.dialect.name == "postgresql":
        if copy:
            with conn.connection.dbapi_connection.cursor() as cur, \
                    cur.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)
            return
        sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    else:
        dated = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, (Date, DateTime))]
        if dated:
            rows = [_sqlite_dates(r, dated) for r in rows]
        sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join(['?'] * len(columns))})"
    for i in range(0, len(rows), 5000):
        conn.exec_driver_sql(sql, rows[i:i + 5000])
