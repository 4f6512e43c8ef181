"""Rows of the kept tables keyed by grain and period (``event_rollup``, ``region_rollup``,
``region_tag_rollup``: day rows ``d``, month rows ``m`` under the month's first day) that
count the days of a date range exactly once: the month rows of its whole months and the
day rows of the days at either end (``rollup.UNDATED`` holds undated events)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, literal, or_, select
from sqlalchemy.sql import ColumnElement

from dashboard import rollup

UNDATED = rollup.UNDATED

Range = tuple  # (first day or None, last day or None), both inclusive


def whole_months(lo: dt.date | None, hi: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """[first, end) of the months wholly inside [lo, hi] (None: open at that end)."""
    first = None if lo is None else (lo if lo.day == 1 else rollup.next_month(lo))
    end = None if hi is None else (rollup.next_month(hi) if rollup.next_month(hi) - dt.timedelta(days=1) == hi
                                   else hi.replace(day=1))
    return first, end


def covers(rows, rng: Range) -> ColumnElement:
    """Rows of ``rows`` (month and day rows) that count the days of ``rng`` exactly once."""
    lo, hi = rng
    if lo is not None and hi is not None and lo > hi:
        return literal(False)
    first, end = whole_months(lo, hi)
    p = rows.c.period
    month = [rows.c.grain == "m", p != UNDATED]
    if first is not None:
        month.append(p >= first)
    if end is not None:
        month.append(p < end)
    if first is not None and end is not None and first >= end:
        month = [literal(False)]
    day = [rows.c.grain == "d", p != UNDATED]
    if lo is not None:
        day.append(p >= lo)
    if hi is not None:
        day.append(p <= hi)
    inside = [p >= first] if first is not None else []
    if end is not None:
        inside.append(p < end)
    if first is not None and end is not None and first >= end:
        inside = [literal(False)]
    day.append(~and_(*inside) if inside else literal(False))
    return or_(and_(*month), and_(*day))


def day_edges(rng: Range) -> list[Range]:
    """The parts of ``rng`` outside its whole months (read from day rows)."""
    lo, hi = rng
    if lo is not None and hi is not None and lo > hi:
        return []
    first, end = whole_months(lo, hi)
    if first is not None and end is not None and first >= end:
        return [rng]
    out = []
    if lo is not None and first is not None and lo < first:
        out.append((lo, first - dt.timedelta(days=1)))
    if hi is not None and end is not None and end <= hi:
        out.append((end, hi))
    return out


def range_rows(t, scope: list, rng: Range, cols: tuple = ()) -> list:
    """Statements reading ``cols`` (default: every column) of the rows of ``t`` (the region
    rollup or the tag rollup, keyed by grain and period) that count the days of ``rng``
    exactly once, by ranges of the primary key: the month rows of its whole months and the
    day rows of its partial months."""
    cols = cols or (t,)
    lo, hi = rng
    if lo is not None and hi is not None and lo > hi:
        return []
    first, end = whole_months(lo, hi)
    parts = []
    if not (first is not None and end is not None and first >= end):
        month = [t.c.grain == "m", t.c.period != UNDATED]
        if first is not None:
            month.append(t.c.period >= first)
        if end is not None:
            month.append(t.c.period < end)
        parts.append(select(*cols).where(*scope, *month))
    for a, b in day_edges(rng):
        parts.append(select(*cols).where(*scope, t.c.grain == "d", t.c.period >= a, t.c.period <= b))
    return parts
