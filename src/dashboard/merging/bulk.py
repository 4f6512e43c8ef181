"""Grouping every stored event again at once (``dashboard merge``): reports read in batches,
regrouped under the hand rules, the changed groups written in bulk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from dashboard.db import models as m
from dashboard.merging.clusters import Merger
from dashboard.merging.evidence import (
    UNDATED_WINDOW_DAYS,
)

from dashboard.merging.store import (
    EA,
    EM,
    ER,
    MERGEABLE,
    MR,
    A,
    E,
    Link,
    MergeStats,
    _Rules,
    load_reports,
)


def merge_all(session: Session, *, batch: int = 5000, now=None) -> MergeStats:
    """Regroup every event (``dashboard merge``): read in time order (undated reports at
    their publication date), merged in memory with the blocking of :class:`Merger`, hand
    rules kept, and only the differences written, in bulk. The merger forgets events older
    than the window as it goes, so memory stays bounded at any number of events."""
    now = now or m.utcnow()
    session.flush()
    key = func.coalesce(E.c.event_date, A.c.published)
    ids = list(session.scalars(
        select(E.c.id).select_from(E.outerjoin(A, A.c.id == E.c.article_id))
        .where(E.c.status.in_(MERGEABLE)).order_by(key.is_(None), key, E.c.id)
    ))
    rules = _Rules({(a, b): (kind, user) for a, b, kind, user in session.execute(
        select(MR.c.event_a, MR.c.event_b, MR.c.kind, MR.c.username))})
    # merge_all counts every group it writes: events joined to another event
    merger = Merger(apart=rules.apart)
    seen: set[int] = set()
    waiting = {k for k in rules.partners}

    def keep(k) -> bool:  # a hand-merged partner not read yet
        return k in waiting and any(p not in seen for p in rules.partners[k])

    writer = _BulkWriter(session, now)
    margin = dt.timedelta(days=UNDATED_WINDOW_DAYS + 32)
    for i in range(0, len(ids), batch):
        part = ids[i : i + batch]
        reports = load_reports(session, part)
        last = None
        for eid in part:
            r = reports[eid]
            seen.add(eid)
            partner = next((p for p in sorted(rules.partners.get(eid, ())) if p in merger.cluster_of), None)
            if partner is not None:
                merger.join(r, partner)
            else:
                merger.add(r)
            last = r.date or r.published or last
        if last is not None:
            writer.write(merger.evict(last - margin, keep))
    writer.write(merger.events())
    writer.finish()
    return writer.stats


class _BulkWriter:
    """Writes ``merge_all``'s events: merged_into, join links and inherited rows, only where
    they differ from what is stored."""

    def __init__(self, session: Session, now):
        self.s = session
        self.now = now
        self.stats = MergeStats()
        self.current = dict(session.execute(select(E.c.id, E.c.merged_into)).all())
        self.links = {row.event_id: row for row in session.execute(select(EM))}
        self.inherited = {
            table.name: {(row[0], row[1]): row[2] for row in session.execute(
                select(table.c.event_id, table.c[key], table.c.via_event_id).where(table.c.via_event_id.is_not(None)))}
            for table, key in ((EA, "agency_name"), (ER, "region_code"))
        }
        self.want_links: dict[int, Link] = {}
        self.want_inherited: dict[str, dict] = {EA.name: {}, ER.name: {}}
        self.into: dict[int, int | None] = {}

    def write(self, events) -> None:
        for ev in events:
            main = ev.reports[0]
            for r in ev.reports:
                self.into[r.key] = None if r is main else main.key
            if len(ev.reports) == 1:
                continue
            self.stats.placed += len(ev.reports) - 1
            for r in ev.reports:
                mt = ev.matches.get(r.key)
                if mt is not None:
                    self.want_links[r.key] = (mt.partner.key, mt.decision.score, mt.decision.reason, "auto", None)
                elif r.key in ev.forced:
                    self.want_links[r.key] = (ev.forced[r.key], 1.0, {"hand": "together"}, "hand", None)
            ranked = sorted(ev.reports[1:], key=lambda r: r.rank(), reverse=True)
            for name, attr in ((EA.name, "agencies"), (ER.name, "regions")):
                own = getattr(main, attr)
                want = self.want_inherited[name]
                for r in ranked:
                    for x in sorted(getattr(r, attr)):
                        if x not in own and (main.key, x) not in want:
                            want[(main.key, x)] = r.key

    def finish(self) -> None:
        s, now = self.s, self.now
        changed = [{"i": k, "m": v} for k, v in self.into.items() if self.current.get(k) != v]
        if changed:
            from sqlalchemy import bindparam

            s.connection().execute(
                update(E).where(E.c.id == bindparam("i")).values(merged_into=bindparam("m"), updated_at=now), changed
            )
        def same(row, want: Link) -> bool:
            matched, score, reason, by, _ = want
            if (row.matched_id, row.decided_by) != (matched, by):
                return False
            return by == "hand" or (abs(row.score - score) < 1e-9 and row.reason == reason)

        stale = [k for k, row in self.links.items() if k not in self.want_links or not same(row, self.want_links[k])]
        for i in range(0, len(stale), 500):
            s.execute(delete(EM).where(EM.c.event_id.in_(stale[i : i + 500])))
        kept = set(self.links) - set(stale)
        new = []
        for k, (matched, score, reason, by, user) in self.want_links.items():
            if k in kept:
                continue
            new.append({"event_id": k, "matched_id": matched, "score": float(score), "reason": reason,
                        "decided_by": by, "username": user, "decided_at": now})
        if new:
            s.execute(insert(EM), new)
        for table, key in ((EA, "agency_name"), (ER, "region_code")):
            have, want = self.inherited[table.name], self.want_inherited[table.name]
            gone = [k for k, via in have.items() if want.get(k) != via]
            for eid, x in gone:
                s.execute(delete(table).where(table.c.event_id == eid, table.c[key] == x,
                                              table.c.via_event_id.is_not(None)))
            add = [(k, via) for k, via in want.items() if have.get(k) != via]
            if add:
                src = _own_rows(s, table, key, {via for _, via in add})
                rows = []
                for (eid, x), via in add:
                    o = src.get((via, x))
                    row = {"event_id": eid, key: x, "via_event_id": via, "confidence": o[0] if o else 0.5}
                    if table is EA:
                        row["role"] = o[1] if o else "participant"
                    rows.append(row)
                s.execute(insert(table), rows)
            touched = sorted({eid for eid, _ in gone} | {eid for (eid, _), _ in add})
            for i in range(0, len(touched), 500):
                s.execute(update(m.Event).where(m.Event.id.in_(touched[i : i + 500])).values(updated_at=now)
                          .execution_options(synchronize_session=False))


def _own_rows(session: Session, table, key: str, event_ids: set[int]) -> dict:
    ids = sorted(event_ids)
    out = {}
    extra = [table.c.role] if table is EA else []
    for i in range(0, len(ids), 500):
        for row in session.execute(select(table.c.event_id, table.c[key], table.c.confidence, *extra)
                                   .where(table.c.event_id.in_(ids[i : i + 500]), table.c.via_event_id.is_(None))):
            out[(row[0], row[1])] = (float(row[2]), row[3] if extra else None)
    return out


def merge_all_command(engine) -> int:
    """``dashboard merge``: regroup every event in one transaction, audited."""
    from dashboard import audit
    from dashboard.db.engine import session_scope

    with session_scope(engine, write=True) as s:
        stats = merge_all(s)
        n = s.scalar(select(func.count()).select_from(E).where(E.c.merged_into.is_(None), E.c.status.in_(MERGEABLE)))
        audit.record(s, username="cli", action="merge_all", entity="events", entity_id=None,
                     after={"joined": stats.placed, "events": n})
    print(f"events: {n}  reports joined to another report's event: {stats.placed}")
    return 0
