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
from collections.abc import Iterator, Sequence

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


def chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    """``ids`` in lists of ``size`` (for ``IN`` lists of bounded length)."""
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _dated(table: Table, columns: Sequence[str]) -> list[int]:
    return [i for i, c in enumerate(columns) if isinstance(table.c[c].type, (Date, DateTime))]


def add_counts(conn: Connection, table: Table, key_columns: Sequence[str], count_columns: Sequence[str],
               rows: list[tuple]) -> None:
    """Add the counts of ``rows`` (key values, then counts; in key order, so that two
    PostgreSQL writers lock rows in the same order) to ``table`` (an upsert), and drop the
    rows whose first count fell to zero (the others are zero with it): how the rollups
    take a change in (``dashboard.rollup``, ``dashboard.article_rollup``). A fold adds up
    to a hundred rows per event; SQLAlchemy's per-row handling took most of its time."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    name = quote(table.name)
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    columns = (*key_columns, *count_columns)
    upsert = (
        f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) VALUES ({', '.join([mark] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(c) for c in key_columns)}) DO UPDATE SET "
        + ", ".join(f"{quote(c)} = {name}.{quote(c)} + excluded.{quote(c)}" for c in count_columns)
    )
    if conn.dialect.name != "postgresql":
        dated = _dated(table, columns)
        if dated:
            rows = [_sqlite_dates(r, dated) for r in rows]
    for i in range(0, len(rows), 5000):
        conn.exec_driver_sql(upsert, rows[i:i + 5000])
    width = len(key_columns)
    gone = [r[:width] for r in rows if r[width] < 0]
    if gone:
        where = " AND ".join(f"{quote(c)} = {mark}" for c in key_columns)
        conn.exec_driver_sql(f"DELETE FROM {name} WHERE {where} AND {quote(count_columns[0])} = 0", gone)


def put_counts(conn: Connection, table: Table, key_columns: Sequence[str], count_columns: Sequence[str],
               rows: list[tuple], *, into_empty: bool = False) -> None:
    """``add_counts``, or, ``into_empty`` (a rebuild's whole count into its emptied table),
    plain inserts (``COPY`` on PostgreSQL): nothing to add to, no conflict possible."""
    if into_empty:
        insert_rows(conn, table, (*key_columns, *count_columns), rows, copy=True)
    else:
        add_counts(conn, table, key_columns, count_columns, rows)


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
        dated = _dated(table, columns)
        if dated:
            rows = [_sqlite_dates(r, dated) for r in rows]
        sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join(['?'] * len(columns))})"
    for i in range(0, len(rows), 5000):
        conn.exec_driver_sql(sql, rows[i:i + 5000])
