"""Per-region counts read from the region rollup (``dashboard.rollup``, table
``region_rollup``) instead of every (region, event) pair.

``queries.regions.readiness`` asks ``readiness_agg`` first: it returns the same per-region
aggregate (a subquery with ``code``, ``events``, ``meetings``, ``last_meeting``,
``last_event``, ``window_events`` and one column per key body) or None when the rollup
cannot answer, and the events are read as before. It answers for an election with no
agency, activity, level or search filter (the ``events`` column counts events that pass
every filter; the rest of readiness ignores those filters anyway), whatever the period,
province or region list.

``meeting_buckets`` gives the meetings per stage their per-region counts between stage
boundaries (from the day rows), and ``change_counts`` Instansi's meetings per region in the
change windows.

Each date range is read once: the month rows of the months wholly inside it and the day
rows of its partial months at either end. The last days come from the month rows' own
last days (whole months) and from the day rows (the ends).
``tests/unit/test_query_reference.py`` checks it against a plain computation, on both
databases.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, and_, case, func, literal, literal_column, or_, select, union_all
from sqlalchemy.sql import ColumnElement

from dashboard import rollup
from dashboard.filters import Filters
from dashboard.queries import rollup_reads
from dashboard.queries.period_rows import Range, covers, day_edges, range_rows, whole_months
from dashboard.queries.tables import ELR
from dashboard.readiness_rules import KEY_BODIES

RR = rollup.RR
RT = rollup.RT
UNDATED = rollup.UNDATED

def _serves(engine: Engine, f: Filters) -> bool:
    if not f.election_id or f.agencies or f.activities or f.levels or (f.q or "").strip():
        return False
    return rollup_reads._serves(engine, f.with_(region=None, province=None))


def readiness_agg(engine: Engine, f: Filters, ref: dt.date, window_start: dt.date,
                  codes: tuple[str, ...] | None = None):
    """The per-region aggregate of ``queries.regions.readiness`` from the region rollup, or
    None (see the module's docstring)."""
    if not _serves(engine, f):
        return None
    lo, hi = f.date_from, f.date_to
    until = ref if hi is None else min(hi, ref)
    period: Range = (lo, hi)
    dated: Range = (lo, until)
    window: Range = (window_start if lo is None else max(lo, window_start), until)
    undated = lo is None and hi is None  # undated events pass no period filter

    scope = [RR.c.election_id == f.election_id]
    if codes is not None:
        scope.append(RR.c.region_code.in_(codes))
    elif f.province:
        scope.append(RR.c.region_code.in_(
            select(ELR.c.region_code).where(ELR.c.election_id == f.election_id, ELR.c.province_code == f.province)))
    # the rows read, by ranges of the primary key (grain, election, period): the month
    # rows of the ranges' whole months, the day rows of their ends, the undated events
    ranges = [r for r in (period, dated, window) if not (r[0] is not None and r[1] is not None and r[0] > r[1])]
    starts = [whole_months(*r)[0] for r in ranges]
    ends = [whole_months(*r)[1] for r in ranges]
    month = [RR.c.grain == "m", RR.c.period != UNDATED]
    if ranges and all(s is not None for s in starts):
        month.append(RR.c.period >= min(starts))
    if ranges and all(e is not None for e in ends):
        month.append(RR.c.period < max(ends))
    parts = [select(RR).where(*scope, *month)] if ranges else []
    for a, b in _merge([e for r in ranges for e in day_edges(r)]):
        parts.append(select(RR).where(*scope, RR.c.grain == "d", RR.c.period >= a, RR.c.period <= b))
    if undated:
        parts.append(select(RR).where(*scope, RR.c.grain == "m", RR.c.period == UNDATED))
    if not parts:
        parts.append(select(RR).where(literal(False)))
    rows = union_all(*parts).subquery("region_rows") if len(parts) > 1 else parts[0].subquery("region_rows")

    def total(rng: Range, col, extra=None) -> ColumnElement:
        cond = covers(rows, rng)
        return func.coalesce(func.sum(case((cond if extra is None else and_(cond, extra), col), else_=0)), 0)

    in_events = covers(rows, period)
    if undated:
        in_events = or_(in_events, and_(rows.c.grain == "m", rows.c.period == UNDATED))
    in_dated = covers(rows, dated)
    is_month = rows.c.grain == "m"
    from dashboard.readiness import BODY_COLUMNS

    return (
        select(
            rows.c.region_code.label("code"),
            func.coalesce(func.sum(case((in_events, rows.c.n), else_=0)), 0).label("events"),
            total(dated, rows.c.meetings).label("meetings"),
            func.max(case((and_(in_dated, is_month), rows.c.last_meeting),
                          (and_(in_dated, ~is_month, rows.c.meetings > 0), rows.c.period))).label("last_meeting"),
            func.max(case((and_(in_dated, is_month), rows.c.last_day),
                          (and_(in_dated, ~is_month), rows.c.period))).label("last_event"),
            total(window, rows.c.n).label("window_events"),
            *[total(dated, rows.c[f"b{i}"]).label(BODY_COLUMNS[body]) for i, body in enumerate(KEY_BODIES)],
        )
        .group_by(rows.c.region_code)
        .subquery("agg")
    )


def tag_names(f: Filters) -> list[str] | None:
    """The region tag rollup's tags of ``f``'s activity or one-agency filter (``[]``: neither),
    or None when the tags cannot answer: activities and agencies at once, or several
    agencies (the tags are kept apart: an event of two would count twice)."""
    if (f.activities and f.agencies) or len(f.agencies) > 1:
        return None
    if f.activities:
        return [f"act:{a}" for a in f.activities]
    return [f"ag:{a}" for a in f.agencies]


def tag_matching(engine: Engine, f: Filters, codes: tuple[str, ...] | None = None):
    """``queries.regions.readiness``'s count per region of the events passing every filter
    (a subquery: code, events) from the region tag rollup, or None. It answers for an
    election with activities or one agency (not both: the tags are kept apart), no level or
    search filter, and any period (whole months from the month rows, the days at either
    end from the day rows; without a period, undated events count too)."""
    if not f.election_id or f.levels or (f.q or "").strip():
        return None
    tags = tag_names(f)
    if not tags:
        return None
    if not rollup_reads._serves(engine, Filters(election=f.election_id)):
        return None
    scope = [RT.c.election_id == f.election_id, RT.c.tag.in_(tags)]
    if codes is not None:
        scope.append(RT.c.region_code.in_(codes))
    if f.date_from is None and f.date_to is None:  # every month and the undated events
        parts = [select(RT).where(*scope, RT.c.grain == "m")]
    else:
        parts = range_rows(RT, scope, (f.date_from, f.date_to)) or [select(RT).where(literal(False))]
    rows = union_all(*parts).subquery("tag_rows") if len(parts) > 1 else parts[0].subquery("tag_rows")
    return (
        select(rows.c.region_code.label("code"), func.sum(rows.c.n).label("events"))
        .group_by(rows.c.region_code).subquery("matching")
    )


def _merge(ranges: list[Range]) -> list[Range]:
    out: list[list] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + dt.timedelta(days=1):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [tuple(r) for r in out]


def meeting_buckets(engine: Engine, f: Filters, ref: dt.date, bounds: list[dt.date],
                    codes: tuple[str, ...] | None = None):
    """``queries.regions.meetings_by_stage``'s buckets (a list of (code, bucket, n):
    meetings dated in [bounds[bucket - 1], bounds[bucket])) from the region rollup, or
    None. A month with no boundary inside it lies in one bucket: its month row is read;
    only the months that a
    boundary (or the period's ends) splits are read day by day (7 of the 2020 calendar's
    months instead of every day of the election: 169 -> 70 ms at a million articles). The
    stage counts ignore the agency, activity, level and search filters, so they are read
    here whatever those are."""
    if not f.election_id or not rollup_reads._serves(engine, Filters(election=f.election_id)):
        return None

    lo = f.date_from
    until = ref if f.date_to is None else min(f.date_to, ref)
    if lo is not None and lo > until:
        return []
    first, end = whole_months(lo, until)
    split = {b.replace(day=1) for b in bounds if b.day != 1}  # months with a boundary inside
    if lo is not None and lo.day != 1:
        split.add(lo.replace(day=1))  # the period's partial months
    if end <= until:
        split.add(until.replace(day=1))
    split = sorted(split)
    scope = [RR.c.election_id == f.election_id, RR.c.meetings > 0]
    if codes is not None:
        scope.append(RR.c.region_code.in_(codes))
    else:  # the election's regions (of the province)
        mine = [ELR.c.election_id == f.election_id]
        if f.province:
            mine.append(ELR.c.province_code == f.province)
        scope.append(RR.c.region_code.in_(select(ELR.c.region_code).where(*mine)))
    month = [RR.c.grain == "m", RR.c.period != UNDATED, RR.c.period < end]
    if first is not None:
        month.append(RR.c.period >= first)
    if split:
        month.append(RR.c.period.not_in(split))

    def bucket(inside: list[dt.date], before: int):
        # bucket i holds [bounds[i - 1], bounds[i]): ``before`` bounds lie before the rows
        # read, ``inside`` among them (a split month's few, not all 22 of a calendar)
        if not inside:
            return literal(before).label("bucket")
        return case(*[(RR.c.period < b, before + i) for i, b in enumerate(inside)],
                    else_=before + len(inside)).label("bucket")

    cols = (RR.c.region_code.label("code"), RR.c.meetings)
    parts = [select(*cols, bucket(bounds, 0)).where(*scope, *month)]
    for m in split:  # one range of the primary key per split month
        inside = [b for b in bounds if m <= b < rollup.next_month(m)]
        parts.append(select(*cols, bucket(inside, sum(b < m for b in bounds))).where(
            *scope, RR.c.grain == "d", RR.c.period >= max(m, lo or m), RR.c.period < rollup.next_month(m),
            RR.c.period <= until))
    rows = union_all(*parts).subquery("stage_rows")
    stmt = (select(rows.c.code, rows.c.bucket, func.sum(rows.c.meetings).label("n"))
            .group_by(rows.c.code, rows.c.bucket))
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


def change_counts(engine: Engine, f: Filters, w):
    """``queries.meetings.change_by_region``'s counts per region (a subquery: code, recent,
    before) from the region rollup, or with activities or one agency from the region tag
    rollup; None with levels, a search, a region filter (it lists every region of its
    events) or tags that cannot answer (``tag_names``). Each window is read as whole
    months and the days at its ends (``period_rows.range_rows``). With a province: the
    province's own regions from the rollup (any event naming one is an event of the
    province), and the regions outside it named by its events that cross a province border
    from those events (``region_cross``: a few rows)."""
    if f.levels or (f.q or "").strip() or f.region:
        return None
    tags = tag_names(f)
    if tags is None or not rollup_reads._serves(engine, f.with_(date_from=None, date_to=None, agencies=())):
        return None
    from dashboard.queries.core import _code_range
    from dashboard.queries.tables import EL

    t = RT if tags else RR
    scope = []
    if f.election_id:
        scope.append(t.c.election_id == f.election_id)
    elif tags:  # the tag's rows of each election (no scan of every tag's day rows)
        scope.append(t.c.election_id.in_(union_all(select(EL.c.id), select(literal("")))))
    if tags:
        scope.append(t.c.tag.in_(tags))
    if f.province:
        scope.append(_code_range(t.c.region_code, f.province))
    # win 1: the recent window, 0: the one before (constants, not parameters: one type on
    # PostgreSQL across the union)
    windows = ((1, (w.recent_start, w.reference)), (0, (w.before_start, w.recent_start - dt.timedelta(days=1))))
    parts = [p for win, rng in windows
             for p in range_rows(t, scope, rng, (t.c.region_code, literal_column(str(win)).label("win"), t.c.n))]
    if not parts:
        parts = [select(t.c.region_code, literal_column("1").label("win"), t.c.n).where(literal(False))]
    rows = union_all(*parts).subquery("window_rows")
    n_recent = func.coalesce(func.sum(case((rows.c.win == 1, rows.c.n), else_=0)), 0)
    n_before = func.coalesce(func.sum(case((rows.c.win == 0, rows.c.n), else_=0)), 0)
    inside = (
        select(rows.c.region_code.label("code"), n_recent.label("recent"), n_before.label("before"))
        .group_by(rows.c.region_code)
        .having(n_recent + n_before > 0)
    )
    if not f.province:
        return inside.subquery()
    return union_all(inside, _crossing_counts(engine, f, w)).subquery()


def _crossing_counts(engine: Engine, f: Filters, w):
    """Per region outside ``f``'s province: its events in the two windows that also name a
    region of the province (code, recent, before)."""
    from dashboard.queries.core import _code_range, event_filter_conditions
    from dashboard.queries.tables import E

    here, there = rollup.RC.alias("cross_here"), rollup.RC.alias("cross_there")
    in_province = select(here.c.event_id).where(here.c.event_id == there.c.event_id,
                                                _code_range(here.c.region_code, f.province)).exists()
    # an agency as a probe of the few cross events' own agency rows (SQLite would list every
    # event of the agency first: a province and Bawaslu 313 -> 23 ms at a million articles)
    cond = [*event_filter_conditions(engine, f.with_(province=None, date_from=None, date_to=None), probe=True),
            E.c.event_date >= w.before_start, E.c.event_date <= w.reference]
    if engine.dialect.name == "sqlite":
        # the event's columns as ``+event.column``: SQLite would drive the query from the
        # window's events (250,000 at a million articles: 105 ms) and probe the few cross rows
        cond = [_unindexed(c, E) for c in cond]
    return (
        select(there.c.region_code.label("code"),
               func.sum(case((E.c.event_date >= w.recent_start, 1), else_=0)).label("recent"),
               func.sum(case((E.c.event_date < w.recent_start, 1), else_=0)).label("before"))
        .select_from(there.join(E, E.c.id == there.c.event_id))
        .where(~_code_range(there.c.region_code, f.province), in_province, *cond)
        .group_by(there.c.region_code)
    )


def _unindexed(clause, table):
    """``clause`` with ``table``'s columns (but ``id``) written ``+table.column``, which
    SQLite cannot read through an index."""
    from sqlalchemy import Column, literal_column
    from sqlalchemy.sql import visitors

    def swap(el):
        if isinstance(el, Column) and el.table is table and el.name != "id":
            return literal_column(f"+{table.name}.{el.name}", type_=el.type)
        return None

    return visitors.replacement_traverse(clause, {}, swap)
