"""The event rollup: counts of real events kept in step with every write (issue 13).

At a million articles every page aggregate read every filtered event (1.15 million rows
and their 2.9 million agency rows) on each filter change: 0.5-24 s per page. The
aggregates the pages draw (meetings per period, activity, level and agency, agency pairs,
the change windows) only need counts, so ``event_rollup`` keeps them (``models.EventRollup``):
per day and per month, election, activity, level and agency (and agency pair, per month).
At a million articles it has a few hundred thousand rows, and one election's event rows
are a few thousand.

How it stays right, whoever writes:

- triggers on ``event`` and ``event_agency`` (migration 0007) note the id of every event
  whose counted columns or agencies a statement touched in ``rollup_dirty``, inside the
  writing transaction (an ORM flush, a core insert, a raw ``UPDATE``, a cascade);
- just before that transaction commits (SQLAlchemy's ``commit`` event on the engine,
  ``install``), ``apply_pending`` takes back what each noted event contributed before
  (``event_rollup_state``) and adds what it contributes now, then clears the notes. The
  counts change in the same transaction as the events: a reader never sees one without
  the other, and a failed transaction takes both back.
- a commit that bypassed SQLAlchemy (a hand edit in ``psql``) leaves notes behind: the
  query layer then reads the events themselves (``pending``) until the next commit
  through the app folds them in.

The same fold keeps ``region_rollup`` (migration 0008): per region and day/month, the
events, meetings and key bodies readiness reads (``queries.region_rollup_reads``); an
event's state names its regions, and triggers on ``event_region`` note its changes.

Order-independent by design: triggers only note ids, so a multi-row statement, a cascade
or PostgreSQL's statement-end trigger timing cannot count a pair twice. No Streamlit."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, Engine, bindparam, delete, event, func, select

from dashboard import article_rollup
from dashboard.db import bulk
from dashboard.db import models as m
from dashboard.readiness_rules import KEY_BODIES, MEETING_ACTIVITIES

UNDATED = dt.date(1900, 1, 1)  # ``period`` of events without a date
SEP = "|"

RU = m.EventRollup.__table__
RS = m.EventRollupState.__table__
RD = m.RollupDirty.__table__
RR = m.RegionRollup.__table__
RT = m.RegionTagRollup.__table__
RC = m.RegionCross.__table__
PN = m.ProvinceNewest.__table__
_E = m.Event.__table__
_EA = m.EventAgency.__table__
_ER = m.EventRegion.__table__

KEY_COLUMNS = ("grain", "election_id", "prov", "a", "b", "period", "activity", "level", "month_only")

REGION_KEY = ("grain", "election_id", "period", "region_code")
TAG_KEY = ("grain", "election_id", "tag", "period", "region_code")
REGION_COUNTS = ("n", "meetings", "b0", "b1", "b2", "b3", "b4")  # b<i>: the i-th of KEY_BODIES
assert len(KEY_BODIES) == len(REGION_COUNTS) - 2, "region_rollup has one column per key body"

Key = tuple  # (grain, election_id, prov, a, b, period, activity, level, month_only)
RegionKey = tuple  # (grain, election_id, period, region_code)
State = tuple  # (election_id, day, month_only, activity, level, agencies, regions: sorted tuples)


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def state_of(row, agencies: Iterable[str], regions: Iterable[str] = ()) -> State | None:
    """What an event row (election_id, event_date, date_precision, activity, level,
    status, merged_into) contributes, or None when it is not counted (a report merged into
    another event, or rejected): the same rule as ``queries.core.event_filter_conditions``."""
    election_id, day, precision, activity, level, status, merged_into = row
    if merged_into is not None or status == "rejected":
        return None
    day = _date(day)
    month_only = int(day is not None and precision == "month")
    return (election_id or "", day, month_only, activity or "", level or "", tuple(sorted(set(agencies))),
            tuple(sorted(set(regions))))


def provinces(regions: Iterable[str]) -> list[str]:
    """The provinces of region codes (``13`` and ``13.02`` -> ``13``), sorted."""
    return sorted({code.split(".", 1)[0] for code in regions if code})


def contributions(state: State) -> Iterator[Key]:
    """The rollup rows one counted event adds 1 to: with ``prov`` ``''`` and once more for
    each province of its regions (an event of two provinces counts in each, and once in
    the whole). Grain ``t`` (per month, all activities and levels, whole country only): for
    each agency ``a``, each pair of the other agencies ``b`` (``"B|C"``): the meetings of
    ``a`` where B and C also met (co-participation among one agency's meetings)."""
    election_id, day, month_only, activity, level, agencies, regions = state
    month = day.replace(day=1) if day else UNDATED
    day = day or UNDATED
    for prov in ("", *provinces(regions)):
        for grain, period in (("d", day), ("m", month)):
            yield (grain, election_id, prov, "", "", period, activity, level, month_only)
            for a in agencies:
                yield (grain, election_id, prov, a, "", period, activity, level, month_only)
        for a, b in itertools.combinations(agencies, 2):  # sorted, so a < b
            yield ("m", election_id, prov, a, b, month, activity, level, month_only)
    if len(agencies) > 2:
        for a in agencies:
            for b, c in itertools.combinations([x for x in agencies if x != a], 2):
                yield ("t", election_id, "", a, f"{b}{SEP}{c}", month, "", "", 0)


def region_contributions(state: State) -> Iterator[tuple[RegionKey, tuple[int, ...]]]:
    """The region rollup rows one counted event adds to, with what it adds to each count
    (``REGION_COUNTS``): 1 event, 1 meeting if it is one, 1 per key body of a meeting."""
    election_id, day, _, activity, _, agencies, regions = state
    if not regions:
        return
    meeting = activity in MEETING_ACTIVITIES
    names = set(agencies)
    counts = (1, int(meeting), *(int(meeting and not names.isdisjoint(group)) for group in KEY_BODIES.values()))
    month = day.replace(day=1) if day else UNDATED
    day = day or UNDATED
    for code in regions:
        yield ("d", election_id, day, code), counts
        yield ("m", election_id, month, code), counts


def tag_contributions(state: State) -> Iterator[tuple]:
    """The region tag rows (``TAG_KEY``) one counted event adds 1 to: per region, its day
    (a dated event) and its month, its activity (``act:<activity>``) and each of its agencies
    (``ag:<name>``)."""
    election_id, day, _, activity, _, agencies, regions = state
    month = day.replace(day=1) if day else UNDATED
    tags = ([f"act:{activity}"] if activity else []) + [f"ag:{a}" for a in agencies]
    for code in regions:
        for tag in tags:
            if day:  # an undated event has its month row (``UNDATED``) only
                yield ("d", election_id, tag, day, code)
            yield ("m", election_id, tag, month, code)


def cross_rows(event_id: int, state: State) -> list[tuple[int, str]]:
    """The ``region_cross`` rows of a counted event: its regions, when they lie in more than
    one province."""
    regions = state[6]
    return [(event_id, code) for code in regions] if len(provinces(regions)) > 1 else []


def province_rows(event_id: int, state: State) -> list[tuple]:
    """The ``province_newest`` rows (``PN_KEY``) of a counted event: one per province of its
    regions, on its day (``UNDATED`` for none)."""
    election_id, day, *_, regions = state
    return [(prov, election_id, day or UNDATED, event_id) for prov in provinces(regions)]


PN_KEY = ("prov", "election_id", "day", "event_id")
_PN_MATCH = [PN.c[c] == bindparam(f"k_{c}") for c in PN_KEY]


STATE_ORDER = ("event_id", "election_id", "day", "month_only", "activity", "level", "agencies", "regions")


def _state_row(event_id: int, state: State) -> tuple:
    """An ``event_rollup_state`` row (``STATE_ORDER``)."""
    election_id, day, month_only, activity, level, agencies, regions = state
    return (event_id, election_id, day, month_only, activity, level, SEP.join(agencies), SEP.join(regions))


def _state_from_row(row) -> State:
    _, election_id, day, month_only, activity, level, agencies, regions = row
    return (election_id, _date(day), int(month_only), activity, level, tuple(a for a in agencies.split(SEP) if a),
            tuple(r for r in (regions or "").split(SEP) if r))


class Delta:
    """What a fold adds to both rollups."""

    def __init__(self) -> None:
        self.events: Counter = Counter()
        self.regions: dict[RegionKey, list[int]] = {}
        self.tags: Counter = Counter()

    def add(self, state: State, sign: int) -> None:
        if sign > 0:
            self.events.update(contributions(state))
            self.tags.update(tag_contributions(state))
        else:
            self.events.subtract(contributions(state))
            self.tags.subtract(tag_contributions(state))
        for key, counts in region_contributions(state):
            acc = self.regions.setdefault(key, [0] * len(REGION_COUNTS))
            for i, c in enumerate(counts):
                acc[i] += sign * c


_STATE_COLUMNS = (RS.c.event_id, RS.c.election_id, RS.c.day, RS.c.month_only, RS.c.activity, RS.c.level,
                  RS.c.agencies, RS.c.regions)
_EVENT_COLUMNS = (_E.c.id, _E.c.election_id, _E.c.event_date, _E.c.date_precision, _E.c.activity, _E.c.level,
                  _E.c.status, _E.c.merged_into)


def _upsert(conn: Connection, delta: Counter, everything: bool = False) -> None:
    """Add ``delta`` to the event rollup (``everything``: the rebuild's whole count, into
    the emptied table: plain inserts, ``COPY`` on PostgreSQL, no upsert)."""
    # key order: B-tree appends, PostgreSQL's lock order
    bulk.put_counts(conn, RU, KEY_COLUMNS, ("n",), sorted((*k, d) for k, d in delta.items() if d),
                    into_empty=everything)


def _upsert_tags(conn: Connection, delta: Counter, everything: bool = False) -> None:
    """Add ``delta`` to the region tag rollup (``everything``: into the emptied table)."""
    bulk.put_counts(conn, RT, TAG_KEY, ("n",), sorted((*k, d) for k, d in delta.items() if d), into_empty=everything)


def _upsert_regions(conn: Connection, delta: dict[RegionKey, list[int]], everything: bool = False) -> None:
    """Add ``delta`` to the region rollup, and recompute the last days of the months that
    changed from their day rows (``everything``: the rebuild's whole count into the
    emptied table, and the last days of every month)."""
    rows = sorted((*k, *v) for k, v in delta.items() if any(v))
    # the months whose days changed, even where the month's counts did not (an event moved
    # to another day of its month)
    touched = sorted({(e, p.replace(day=1), c) for (g, e, p, c), v in delta.items()
                      if g == "d" and p != UNDATED and any(v)})
    if not rows:
        return
    bulk.put_counts(conn, RR, REGION_KEY, REGION_COUNTS, rows, into_empty=everything)
    key = [RR.c[c] == bindparam(f"k_{c}") for c in REGION_KEY]
    d = RR.alias("day_rows")
    in_month = [d.c.grain == "d", d.c.election_id == RR.c.election_id, d.c.region_code == RR.c.region_code,
                d.c.period >= RR.c.period, d.c.period < bindparam("next_month"), d.c.period != UNDATED]
    last = {
        "last_day": select(func.max(d.c.period)).where(*in_month).scalar_subquery(),
        "last_meeting": select(func.max(d.c.period)).where(*in_month, d.c.meetings > 0).scalar_subquery(),
    }
    months = [{"grain": "m", "election_id": e, "period": p, "region_code": c} for e, p, c in touched]
    if everything:
        months = [dict(zip(REGION_KEY, k)) for k in conn.execute(
            select(*[RR.c[c] for c in REGION_KEY]).where(RR.c.grain == "m", RR.c.period != UNDATED))]
    params = [{**{f"k_{c}": r[c] for c in REGION_KEY}, "next_month": next_month(_date(r["period"]))} for r in months]
    for i in range(0, len(params), 5000):
        conn.execute(RR.update().where(*key).values(**last), params[i:i + 5000])


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _per_event(conn: Connection, column, *cond) -> dict[int, list[str]]:
    """``column`` of an event's agency or region rows (``cond`` picks them), per event."""
    out: dict[int, list[str]] = {}
    for eid, value in conn.execute(select(column.table.c.event_id, column).where(*cond)):
        out.setdefault(eid, []).append(value)
    return out


def fold(conn: Connection, ids: Iterable[int]) -> int:
    """Bring the rollup in step for the events ``ids`` (their current rows, or their
    absence, against what they contributed before). Returns how many changed."""
    changed = 0
    delta = Delta()
    for chunk in bulk.chunks(sorted(set(int(i) for i in ids))):
        old = {r[0]: _state_from_row(r) for r in conn.execute(select(*_STATE_COLUMNS).where(RS.c.event_id.in_(chunk)))}
        agencies = _per_event(conn, _EA.c.agency_name, _EA.c.event_id.in_(chunk))
        regions = _per_event(conn, _ER.c.region_code, _ER.c.event_id.in_(chunk))
        new = {}
        for row in conn.execute(select(*_EVENT_COLUMNS).where(_E.c.id.in_(chunk))):
            state = state_of(tuple(row[1:]), agencies.get(row[0], ()), regions.get(row[0], ()))
            if state is not None:
                new[row[0]] = state
        stale, fresh, uncrossed, crossed, unlisted, listed = [], [], [], [], [], []
        for eid in chunk:
            before, after = old.get(eid), new.get(eid)
            if before == after:
                continue
            changed += 1
            if before is not None:
                delta.add(before, -1)
                stale.append(eid)
                if cross_rows(eid, before):
                    uncrossed.append(eid)
                unlisted.extend(province_rows(eid, before))
            if after is not None:
                delta.add(after, 1)
                fresh.append(_state_row(eid, after))
                crossed.extend(cross_rows(eid, after))
                listed.extend(province_rows(eid, after))
        if stale:
            conn.execute(delete(RS).where(RS.c.event_id.in_(stale)))
        if uncrossed:
            conn.execute(delete(RC).where(RC.c.event_id.in_(uncrossed)))
        if fresh:
            bulk.insert_rows(conn, RS, STATE_ORDER, fresh)
        if crossed:
            bulk.insert_rows(conn, RC, ("event_id", "region_code"), crossed)
        if unlisted:  # by key: the table is ordered for reading, not by event
            conn.execute(delete(PN).where(*_PN_MATCH), [{f"k_{c}": v for c, v in zip(PN_KEY, r)} for r in unlisted])
        if listed:
            bulk.insert_rows(conn, PN, PN_KEY, sorted(listed))
    _upsert(conn, delta.events)
    _upsert_regions(conn, delta.regions)
    _upsert_tags(conn, delta.tags)
    return changed


def _has_table(conn: Connection, name: str = "rollup_dirty") -> bool:
    if conn.dialect.name == "postgresql":
        return conn.exec_driver_sql(f"SELECT to_regclass('{name}') IS NOT NULL").scalar()
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).scalar() is not None


def apply_pending(conn: Connection) -> int:
    """Fold the events noted in ``rollup_dirty`` into the rollups, and the articles noted
    in ``article_dirty`` into the article counts (``dashboard.article_rollup``), then clear
    the notes (in the caller's transaction). A schema without them (before migrations 0007
    and 0009) has nothing to do."""
    if not _has_table(conn):
        return 0
    ids = list(conn.scalars(select(RD.c.event_id)))
    articles = _has_table(conn, "article_dirty")
    if not ids and not (articles and article_rollup.noted(conn)):
        return 0
    n = fold(conn, ids) if ids else 0
    if articles:
        article_rollup.fold(conn, ids)
    for chunk in bulk.chunks(ids):
        conn.execute(delete(RD).where(RD.c.event_id.in_(chunk)))
    return n


def pending(conn: Connection) -> bool:
    """Whether events were written without being folded in (a commit that bypassed the
    app): the rollups are then not to be read."""
    if conn.execute(select(RD.c.event_id).limit(1)).first() is not None:
        return True
    return _has_table(conn, "article_dirty") and article_rollup.noted(conn)


def rebuild(conn: Connection, window: int = 20000, *, tags: bool = True) -> int:
    """Recompute the whole rollup from the events (migration 0013, bulk loads, ``dashboard recount``), reading
    them by ranges of ids: memory grows with the rollup, not with the events; and the
    article counts (``article_rollup``). ``tags=False``: not the region tag rollup
    (migration 0013 runs before 0014 gives it its day rows; 0014 counts it, ``rebuild_tags``)."""
    conn.execute(delete(RU))
    conn.execute(delete(RR))
    if tags:
        conn.execute(delete(RT))
    conn.execute(delete(RS))
    conn.execute(delete(RD))
    conn.execute(delete(RC))
    newest = _has_table(conn, "province_newest")  # not yet in migration 0013 (0017 makes it)
    if newest:
        conn.execute(delete(PN))
    delta = Delta()
    counted = 0
    top = conn.scalar(select(func.max(_E.c.id))) or 0
    for low in range(0, top + 1, window):
        high = low + window
        agencies = _per_event(conn, _EA.c.agency_name, _EA.c.event_id >= low, _EA.c.event_id < high)
        regions = _per_event(conn, _ER.c.region_code, _ER.c.event_id >= low, _ER.c.event_id < high)
        states, crossed, listed = [], [], []
        for row in conn.execute(select(*_EVENT_COLUMNS).where(_E.c.id >= low, _E.c.id < high)).all():
            state = state_of(tuple(row[1:]), agencies.get(row[0], ()), regions.get(row[0], ()))
            if state is not None:
                delta.add(state, 1)
                states.append(_state_row(row[0], state))
                crossed.extend(cross_rows(row[0], state))
                listed.extend(province_rows(row[0], state))
        if states:
            bulk.insert_rows(conn, RS, STATE_ORDER, states)
            counted += len(states)
        bulk.insert_rows(conn, RC, ("event_id", "region_code"), crossed, copy=True)
        if newest:
            bulk.insert_rows(conn, PN, PN_KEY, listed, copy=True)
    _upsert(conn, delta.events, everything=True)
    _upsert_regions(conn, delta.regions, everything=True)
    if tags:
        _upsert_tags(conn, delta.tags, everything=True)
    article_rollup.rebuild(conn)
    return counted


def rebuild_tags(conn: Connection, window: int = 50000) -> int:
    """Recompute the region tag rollup from the counted events' states
    (``event_rollup_state``, kept by the fold; migration 0014). Returns its rows."""
    conn.execute(delete(RT))
    tags: Counter = Counter()
    top = conn.scalar(select(func.max(RS.c.event_id))) or 0
    for low in range(0, top + 1, window):
        for row in conn.execute(select(*_STATE_COLUMNS).where(RS.c.event_id >= low, RS.c.event_id < low + window)):
            tags.update(tag_contributions(_state_from_row(row)))
    _upsert_tags(conn, tags, everything=True)
    return sum(1 for d in tags.values() if d)


def rebuild_newest(conn: Connection, window: int = 50000) -> int:
    """Recompute ``province_newest`` from the counted events' states (``event_rollup_state``,
    kept by the fold; migration 0017). Returns its rows."""
    conn.execute(delete(PN))
    rows = 0
    top = conn.scalar(select(func.max(RS.c.event_id))) or 0
    for low in range(0, top + 1, window):
        listed = [r for row in conn.execute(select(*_STATE_COLUMNS).where(RS.c.event_id >= low, RS.c.event_id < low + window))
                  for r in province_rows(row[0], _state_from_row(row))]
        bulk.insert_rows(conn, PN, PN_KEY, listed, copy=True)
        rows += len(listed)
    return rows


DEFER = "rollup_defer"  # execution option of a bulk load's connection: no fold at its commits


def _on_commit(conn: Connection) -> None:
    if conn.get_execution_options().get(DEFER):
        return  # a bulk load (``synth.generate``) rebuilds once at its end instead
    apply_pending(conn)


def install(engine: Engine) -> None:
    """Fold the noted events into the rollup just before each commit through ``engine``."""
    if not event.contains(engine, "commit", _on_commit):
        event.listen(engine, "commit", _on_commit)


def snapshot(conn: Connection) -> dict:
    """Both rollups as one dict (tests: equal to what ``rebuild`` computes); the region
    rows' keys start with ``"region"``."""
    out = {}
    for row in conn.execute(select(RU).where(RU.c.n != 0)):
        key = tuple(_date(v) if c == "period" else v for c, v in zip(KEY_COLUMNS, row[:-1]))
        out[key] = int(row[-1])
    for row in conn.execute(select(RR)):
        values = dict(zip((c.name for c in RR.columns), row))
        key = ("region", values["grain"], values["election_id"], _date(values["period"]), values["region_code"])
        out[key] = (*(int(values[c]) for c in REGION_COUNTS), _date(values["last_day"]), _date(values["last_meeting"]))
    for row in conn.execute(select(RT)):
        values = dict(zip((c.name for c in RT.columns), row))
        out[("tag", values["grain"], values["election_id"], values["tag"], _date(values["period"]),
             values["region_code"])] = int(values["n"])
    for event_id, code in conn.execute(select(RC)):
        out[("cross", event_id, code)] = 1
    for prov, election_id, day, event_id in conn.execute(select(PN.c.prov, PN.c.election_id, PN.c.day, PN.c.event_id)):
        out[("newest", prov, election_id, _date(day), event_id)] = 1
    out.update(article_rollup.snapshot(conn))
    return out


def count_rows(conn: Connection) -> int:
    tables = (RU, RR, RT, RC, PN, article_rollup.AC, article_rollup.SOLO, article_rollup.PAIR, article_rollup.DAY)
    return sum(conn.scalar(select(func.count()).select_from(t)) or 0 for t in tables)


__all__ = ["DEFER", "UNDATED", "apply_pending", "contributions", "count_rows", "cross_rows", "fold", "install",
           "next_month", "pending",
           "province_rows", "provinces", "rebuild", "rebuild_newest", "rebuild_tags", "region_contributions", "snapshot", "state_of", "tag_contributions"]
