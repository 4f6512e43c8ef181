"""Merging in the database, inside the caller's transaction.

Every article keeps its own event rows. A real event reported by several articles is one
canonical event (``event.merged_into IS NULL``) and its other reports (``merged_into`` = the
canonical id). The canonical event is the report with the highest precedence (reviewed by a
person, then a stated day, then confidence, then the oldest: ``Report.rank``); it carries,
besides its own agencies and regions, those of its other reports (rows with
``via_event_id`` set), so that every count over canonical events sees all who took part and
every region the event concerns. ``event_merge`` says why each report joined (score,
reason, auto or hand); ``merge_rule`` holds the hand decisions (``apart``, ``together``)
that no later merging undoes.

* :func:`merge_events`: after an ingest, a re-extraction, a hand-recorded event or a
  correction: place each given event (unchanged placements are left alone, so a re-run
  writes nothing).
* :func:`detach` / :func:`settle`: an event leaves its group (rejected, deleted, split by
  hand); the rest is regrouped from the evidence and the hand rules.
* ``merging.bulk.merge_all``: every event, in date order with a bounded window (``dashboard merge``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, literal, literal_column, or_, select, update
from sqlalchemy.orm import Session

from dashboard.db import models as m
from dashboard.merging.clusters import MAX_SCORED, Match, best_cluster, canonical
from dashboard.merging.evidence import (
    EVIDENCE_FIELDS,
    NATIONAL_BODIES,
    Report,
    make_report,
    plausible,
    veto,
)

E = m.Event.__table__
EA = m.EventAgency.__table__
ER = m.EventRegion.__table__
A = m.Article.__table__
EM = m.EventMerge.__table__
MR = m.MergeRule.__table__

from dashboard.merging.candidates import CANDIDATE_LIMIT, MERGEABLE, candidate_ids  # noqa: E402,F401


@dataclass
class MergeStats:
    placed: int = 0  # events that joined another event
    detached: int = 0  # events that left their event
    unchanged: int = 0
    events: list[int] = field(default_factory=list)  # canonical ids touched


# ---------------------------------------------------------------- reading reports


def _spans(evidence) -> list[tuple[int, int]]:
    out = []
    if isinstance(evidence, dict):
        for k in EVIDENCE_FIELDS:
            v = evidence.get(k)
            if isinstance(v, dict) and isinstance(v.get("start"), int) and isinstance(v.get("end"), int):
                out.append((v["start"], v["end"]))
    return out


def load_reports(session: Session, ids: Iterable[int], *, light: Iterable[int] = ()) -> dict[int, Report]:
    """The :class:`Report` of each event (own agencies and regions only). Events in
    ``light`` are read without their article's text (no text similarity: enough for the
    constraints and for choosing the main report of a large event)."""
    ids = sorted(set(ids))
    light = set(light)
    out: dict[int, Report] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        full = [x for x in part if x not in light]
        rows = []
        for chunk, text_col in ((full, A.c.text), ([x for x in part if x in light], None)):
            if not chunk:
                continue
            rows += session.execute(
                select(
                    E.c.id, E.c.event_date, E.c.date_precision, E.c.activity, E.c.location, E.c.level,
                    E.c.election_id, E.c.participants, E.c.status, E.c.confidence, E.c.evidence, E.c.notes,
                    A.c.title, (text_col if text_col is not None else literal(None)).label("text"), A.c.published,
                )
                .select_from(E.outerjoin(A, A.c.id == E.c.article_id))
                .where(E.c.id.in_(chunk))
            ).all()
        agencies: dict[int, list[str]] = defaultdict(list)
        for eid, name in session.execute(
            select(EA.c.event_id, EA.c.agency_name).where(EA.c.event_id.in_(part), EA.c.via_event_id.is_(None))
        ):
            agencies[eid].append(name)
        regions: dict[int, list[str]] = defaultdict(list)
        for eid, code in session.execute(
            select(ER.c.event_id, ER.c.region_code).where(ER.c.event_id.in_(part), ER.c.via_event_id.is_(None))
        ):
            regions[eid].append(code)
        for r in rows:
            if r.id in light:
                text = ""
            else:
                text = r.text if r.text is not None else " ".join(x for x in (r.location, r.notes) if x)
            out[r.id] = make_report(
                r.id,
                event_date=_date(r.event_date),
                date_precision=r.date_precision,
                activity=r.activity,
                location=r.location,
                agencies=agencies.get(r.id, ()),
                regions=regions.get(r.id, ()),
                level=r.level,
                election=r.election_id,
                participants=r.participants,
                published=_date(r.published),
                title=r.title,
                text=text,
                spans=_spans(r.evidence) if r.text is not None else (),
                status=r.status,
                confidence=r.confidence,
                order=r.id,
            )
    return out


def _date(v) -> dt.date | None:
    if v is None or isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.datetime):
        return v.date()
    return dt.date.fromisoformat(str(v)[:10])


# ---------------------------------------------------------------- groups and rules


def group_of(session: Session, event_id: int) -> list[int]:
    """Ids of every report of the event ``event_id`` belongs to (itself included)."""
    row = session.execute(select(E.c.merged_into).where(E.c.id == event_id)).first()
    if row is None:
        return []
    root = row.merged_into or event_id
    ids = set(session.scalars(select(E.c.id).where(E.c.merged_into == root)))
    ids.add(root)
    return sorted(ids)


def groups_of(session: Session, event_ids: Iterable[int]) -> dict[int, list[int]]:
    """canonical id -> member ids (canonical first) for the groups of ``event_ids``."""
    ids = list(set(event_ids))
    roots: set[int] = set()
    for i in range(0, len(ids), 500):
        for eid, into in session.execute(select(E.c.id, E.c.merged_into).where(E.c.id.in_(ids[i : i + 500]))):
            roots.add(into or eid)
    out: dict[int, list[int]] = {r: [r] for r in roots}
    rl = list(roots)
    for i in range(0, len(rl), 500):
        for eid, into in session.execute(select(E.c.id, E.c.merged_into).where(E.c.merged_into.in_(rl[i : i + 500]))):
            out[into].append(eid)
    return out


def rules_for(session: Session, ids: Iterable[int]) -> dict[tuple[int, int], tuple[str, str]]:
    """(a, b) with a < b -> (``apart`` | ``together``, who decided) for every rule touching ``ids``."""
    ids = list(set(ids))
    out: dict[tuple[int, int], tuple[str, str]] = {}
    for i in range(0, len(ids), 400):
        part = ids[i : i + 400]
        for a, b, kind, user in session.execute(
            select(MR.c.event_a, MR.c.event_b, MR.c.kind, MR.c.username)
            .where(or_(MR.c.event_a.in_(part), MR.c.event_b.in_(part)))
        ):
            out[(a, b)] = (kind, user)
    return out


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class _Rules:
    """The hand rules among some events: ``apart(a, b)``, ``together(a, b)``, who decided."""

    def __init__(self, rules: dict[tuple[int, int], tuple[str, str]]):
        self.rules = rules
        self.partners: dict[int, set[int]] = defaultdict(set)
        for (a, b), (kind, _) in rules.items():
            if kind == "together":
                self.partners[a].add(b)
                self.partners[b].add(a)
        self._unit: dict[int, int] = {}  # report -> the smallest id of the reports a person tied it to
        for k in sorted(self.partners):
            if k in self._unit:
                continue
            todo, comp = [k], set()
            while todo:
                x = todo.pop()
                if x not in comp:
                    comp.add(x)
                    todo.extend(self.partners[x] - comp)
            for x in comp:
                self._unit[x] = k

    def tied(self, a, b) -> bool:
        """A person put ``a`` and ``b`` into one event (directly or through others)."""
        ua = self._unit.get(a)
        return ua is not None and ua == self._unit.get(b)

    def _kind(self, a, b) -> str | None:
        rule = self.rules.get(_pair(a, b))
        return rule[0] if rule else None

    def apart(self, a, b) -> bool:
        return self._kind(a, b) == "apart"

    def together(self, a, b) -> bool:
        return self._kind(a, b) == "together"

    def user(self, a, b) -> str | None:
        rule = self.rules.get(_pair(a, b))
        return rule[1] if rule else None


# ---------------------------------------------------------------- writing a group


def write_group(session: Session, reports: Sequence[Report], links: dict[int, tuple], *, now=None) -> int:
    """Make ``reports`` one event: the canonical report (highest rank) gets ``merged_into``
    NULL, the others point at it; each joined report's ``event_merge`` row is written from
    ``links`` (event id -> (matched id, score, reason, decided_by, username)) when it
    changed; the canonical event's inherited agencies and regions are brought up to date.
    Writes nothing that is already so. Returns the canonical id."""
    now = now or m.utcnow()
    forget_large(session)
    main = canonical(reports)
    ids = [r.key for r in reports]
    current = dict(session.execute(select(E.c.id, E.c.merged_into).where(E.c.id.in_(ids))).all())
    for r in reports:
        want = None if r is main else main.key
        if current.get(r.key) != want:
            session.execute(update(m.Event).where(m.Event.id == r.key).values(merged_into=want, updated_at=now)
                            .execution_options(synchronize_session=False))
    # join decisions: every report but the founder has one; a single report has none
    existing = {row.event_id: row for row in session.execute(select(EM).where(EM.c.event_id.in_(ids)))}
    keep = set(links) if len(reports) > 1 else set()
    stale = [eid for eid in existing if eid not in keep]
    if stale:
        session.execute(delete(EM).where(EM.c.event_id.in_(stale)))
    for eid in keep:
        matched, score, reason, by, user = links[eid]
        row = existing.get(eid)
        if row is not None and (row.matched_id, row.decided_by) == (matched, by) and abs(row.score - score) < 1e-9 \
                and row.reason == reason:
            continue
        if row is not None:
            session.execute(delete(EM).where(EM.c.event_id == eid))
        session.execute(insert(EM).values(event_id=eid, matched_id=matched, score=float(score), reason=reason,
                                          decided_by=by, username=user, decided_at=now))
    _inherit(session, main, reports, now)
    return main.key


def _inherit(session: Session, main: Report, reports: Sequence[Report], now) -> None:
    """The canonical event carries its other reports' agencies and regions (each once, from
    the highest-ranked report naming it); no other report of the group carries any."""
    ids = [r.key for r in reports]
    ranked = sorted((r for r in reports if r is not main), key=lambda r: r.rank(), reverse=True)
    for table, key, own in ((EA, "agency_name", main.agencies), (ER, "region_code", main.regions)):
        want: dict[str, int] = {}
        for r in ranked:
            for name in sorted(r.agencies if table is EA else r.regions):
                if name not in own and name not in want:
                    want[name] = r.key
        have = {
            (row.event_id, row[1]): row.via_event_id
            for row in session.execute(
                select(table.c.event_id, table.c[key], table.c.via_event_id)
                .where(table.c.event_id.in_(ids), table.c.via_event_id.is_not(None))
            )
        }
        target = {(main.key, name): via for name, via in want.items()}
        gone = [k for k, via in have.items() if target.get(k) != via]
        for eid, name in gone:
            session.execute(delete(table).where(table.c.event_id == eid, table.c[key] == name,
                                                table.c.via_event_id.is_not(None)))
        new = [(k, via) for k, via in target.items() if have.get(k) != via]
        if new:
            src = {}
            for (eid, name), via in new:
                src.setdefault(via, []).append(name)
            for via, names in src.items():
                cols = [table.c.role, table.c.confidence] if table is EA else [table.c.confidence]
                rows = {row[0]: row for row in session.execute(
                    select(table.c[key], *cols).where(table.c.event_id == via, table.c[key].in_(names),
                                                      table.c.via_event_id.is_(None))
                )}
                for name in names:
                    vals = {"event_id": main.key, key: name, "via_event_id": via,
                            "confidence": float(rows[name].confidence) if name in rows else 0.5}
                    if table is EA:
                        vals["role"] = rows[name].role if name in rows else "participant"
                    session.execute(insert(table).values(**vals))
        if gone or new:
            session.execute(update(m.Event).where(m.Event.id == main.key).values(updated_at=now)
                            .execution_options(synchronize_session=False))


# ---------------------------------------------------------------- regrouping

Link = tuple  # (matched id, score, reason, decided_by, username)


def regroup(reports: Sequence[Report], rules: _Rules) -> list[tuple[list[Report], dict[int, Link]]]:
    """Group ``reports`` from scratch: reports a person put together stay together; then
    groups are merged, best-matching pair first, while some pair across two groups is the
    same event by the evidence and no pair across them is vetoed or was split by a person
    (single link for the evidence, complete link for the constraints). The result does not
    depend on the order reports arrived in. Returns (reports, join links) per group: the
    links form a tree (each report but the first points at the report it matched)."""
    from dashboard.merging.evidence import compare

    by_key = {r.key: r for r in reports}
    group: dict[int, int] = {k: k for k in by_key}  # report -> group id
    members: dict[int, list[int]] = {k: [k] for k in by_key}
    links: dict[int, Link] = {}

    def reroot(new_root: int) -> None:
        # make new_root the root of its tree: reverse the links on its path to the old root
        path, k = [], new_root
        while k in links:
            path.append((k, links[k]))
            k = links[k][0]
        for child, link in path:
            del links[child]
        for child, (parent, score, reason, by, user) in path:
            links[parent] = (child, score, reason, by, user)

    def join(a: int, b: int, link: Link) -> None:
        ga, gb = group[a], group[b]
        reroot(b)
        links[b] = link
        for k in members[gb]:
            group[k] = ga
        members[ga].extend(members.pop(gb))

    if len(by_key) > REGROUP_PAIRWISE_MAX:
        return _regroup_sequential(reports, rules)
    for k in sorted(by_key):  # hand merges first: every report tied to k (directly or through others)
        for p in sorted(by_key):
            if p < k and rules.tied(p, k) and group[p] != group[k]:
                user = rules.user(k, p) or next((rules.user(k, x) for x in sorted(rules.partners.get(k, ()))), None)
                join(p, k, (p, 1.0, {"hand": "together"}, "hand", user))
    pairs = []
    keys = sorted(by_key)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if rules.apart(a, b):
                d = None
            else:
                d = compare(by_key[a], by_key[b])
            pairs.append((a, b, d))
    blocked = {(a, b) for a, b, d in pairs if d is None or d.veto is not None}
    ok = sorted(((a, b, d) for a, b, d in pairs if d is not None and d.same), key=lambda x: (-x[2].score, x[0], x[1]))
    for a, b, d in ok:
        ga, gb = group[a], group[b]
        if ga == gb:
            continue
        if any(_pair(x, y) in blocked for x in members[ga] for y in members[gb]):
            continue
        join(a, b, (a, d.score, d.reason, "auto", None))
    out = []
    for g, keys_ in members.items():
        out.append(([by_key[k] for k in keys_], {k: links[k] for k in keys_ if k in links}))
    return out


REGROUP_PAIRWISE_MAX = 150  # larger groups are regrouped in one pass (each report against the groups so far)


def _regroup_sequential(reports: Sequence[Report], rules: _Rules) -> list[tuple[list[Report], dict[int, Link]]]:
    """``regroup`` for a large group: oldest first, each report tied by a person to an
    earlier one joins it, the others join the best-matching group so far (``best_cluster``:
    constraints against every member, the score over a bounded sample), as ``Merger`` does."""
    groups: dict[int, list[Report]] = {}
    where: dict[int, int] = {}
    links: dict[int, dict[int, Link]] = {}
    for r in sorted(reports, key=lambda x: x.key):
        tied = next((p for p in sorted(rules.partners.get(r.key, ())) if p in where), None)
        if tied is None:
            tied = next((k for k in sorted(where) if rules.tied(k, r.key)), None)
        if tied is not None:
            gid = where[tied]
            groups[gid].append(r)
            links[gid][r.key] = (tied, 1.0, {"hand": "together"}, "hand", rules.user(r.key, tied))
        else:
            mt = best_cluster(r, groups, rules.apart)
            if mt is None:
                gid = r.key
                groups[gid], links[gid] = [r], {}
            else:
                gid = mt.cluster
                groups[gid].append(r)
                links[gid][r.key] = (mt.partner.key, mt.decision.score, mt.decision.reason, "auto", None)
        where[r.key] = gid
    return [(groups[g], links[g]) for g in groups]


def settle(session: Session, ids: Iterable[int], *, now=None) -> list[int]:
    """Check the group of reports ``ids`` (an event one of whose reports changed, or what is
    left of an event after a report left it) and write it: kept as it is while every join
    still holds (scores brought up to date), regrouped from the evidence otherwise.
    Returns the canonical ids."""
    reports = load_reports(session, ids)
    live = [r for r in reports.values() if r.status in MERGEABLE]
    rules = _Rules(rules_for(session, reports))
    out = []
    for r in reports.values():
        if r.status not in MERGEABLE:
            out.append(write_group(session, [r], {}, now=now))
    links = _still_holds(live, _stored_links(session, [r.key for r in live]), rules)
    if links is not None:
        return [*out, write_group(session, live, links, now=now)] if live else out
    for members, links in regroup(live, rules):
        out.append(write_group(session, members, _keep_hand_users(session, links), now=now))
    return out


def _still_holds(reports: Sequence[Report], stored: dict[int, Link], rules: _Rules) -> dict[int, Link] | None:
    """The group's join links with fresh scores if the group still holds: one report
    started it, every other joined a report of the group by a hand decision or by evidence
    that still says "same event", and no two reports are vetoed or split by a person.
    None when it does not hold."""
    from dashboard.merging.evidence import compare

    if len(reports) <= 1:
        return {}
    by_key = {r.key: r for r in reports}
    roots = [k for k in by_key if k not in stored]
    if len(roots) != 1:
        return None
    keys = sorted(by_key)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if rules.apart(a, b):
                return None
    # the constraints, once per distinct combination of the fields they read; a pair a person
    # tied together is exempt
    firsts: dict[tuple, list[Report]] = {}
    for r in reports:
        firsts.setdefault(r.veto_key, []).append(r)
    kinds = list(firsts)
    for i, ka in enumerate(kinds):
        for kb in kinds[i:]:
            ra, rb = firsts[ka][0], firsts[kb][0]
            if ka == kb or veto(ra, rb) is None:
                continue
            if not all(rules.tied(x.key, y.key) for x in firsts[ka] for y in firsts[kb]):
                return None
    out: dict[int, Link] = {}
    for k, (matched, score, reason, by, user) in stored.items():
        if k not in by_key or matched not in by_key:
            return None
        if by == "hand":
            out[k] = (matched, score, reason, by, user)
            continue
        d = compare(by_key[k], by_key[matched])
        if not d.same:
            return None
        out[k] = (matched, d.score, d.reason, "auto", None)
    # the links must reach the root from every report (a tree, no cycle)
    for k in by_key:
        seen, x = set(), k
        while x in out:
            if x in seen:
                return None
            seen.add(x)
            x = out[x][0]
        if x != roots[0]:
            return None
    return out


def _keep_hand_users(session: Session, links: dict[int, Link]) -> dict[int, Link]:
    """A hand link keeps who made it and when (``event_merge``) when it is already stored."""
    hand = [k for k, v in links.items() if v[3] == "hand"]
    if not hand:
        return links
    stored = {row.event_id: row for row in session.execute(select(EM).where(EM.c.event_id.in_(hand)))}
    out = dict(links)
    for k in hand:
        row = stored.get(k)
        if row is not None and row.decided_by == "hand" and row.matched_id == links[k][0]:
            out[k] = (row.matched_id, row.score, row.reason, "hand", row.username)
    return out


def detach(session: Session, event_id: int, *, now=None) -> list[int]:
    """``event_id`` leaves its event (rejected, about to be deleted, split off by hand): it
    stands alone and the other reports are regrouped. Returns the canonical ids written."""
    ids = group_of(session, event_id)
    if not ids:
        return []
    alone = list(load_reports(session, [event_id]).values())
    write_group(session, alone, {}, now=now)
    if len(ids) == 1:
        return [event_id]
    return [event_id, *settle(session, [i for i in ids if i != event_id], now=now)]


def drop_inherited(session: Session, event_ids: Iterable[int]) -> None:
    """Remove the rows ``event_ids`` carry for their other reports (before their own rows are
    rewritten; merging puts them back)."""
    ids = list(event_ids)
    forget_large(session)
    for table in (EA, ER):
        session.execute(delete(table).where(table.c.event_id.in_(ids), table.c.via_event_id.is_not(None)))


def release(session: Session, event_ids: Iterable[int], *, now=None) -> None:
    """Before ``event_ids`` are deleted: they leave their events and nothing points at them."""
    ids = sorted(set(event_ids))
    forget_large(session)
    for eid in ids:
        detach(session, eid, now=now)
    for table in (EA, ER):
        session.execute(delete(table).where(table.c.via_event_id.in_(ids)))
    session.execute(update(EM).where(EM.c.matched_id.in_(ids)).values(matched_id=None))


# ---------------------------------------------------------------- placing new or changed events

LARGE_GROUP = MAX_SCORED + 8  # from this size a candidate event is read through a sample (``_group_sample``)


def place(session: Session, event_id: int, *, now=None, fresh: bool = False, report: Report | None = None) -> Match | None:
    """Put one event where it belongs. In a group: the group is checked (``settle``).
    Alone, or left alone: joined to the best-matching event among the candidates, if one is
    the same event by the evidence. The work does not grow with the size of a candidate
    event: a large one is read through its main report, a bounded sample of its reports and
    one report per distinct combination of the fields the constraints read.

    ``fresh``: the event was inserted in this transaction and nothing has joined it since.
    Such an event stands alone with no hand rule, join decision or inherited row (those
    rows go with a deleted event: ``ON DELETE CASCADE``, and no row may point at a deleted
    event, so a reused id brings none): nothing to look up or clear about it; only the
    search for its event is done, and a write only when it joins one. ``report``: its
    :class:`Report` as ``load_reports`` would read it (the caller has the values it just
    wrote), instead of reading it back."""
    if not fresh:
        ids = group_of(session, event_id)
        if not ids:
            return None
        if len(ids) > 1:
            settle(session, ids, now=now)
            if len(group_of(session, event_id)) > 1:
                return None
    r = report if report is not None and report.key == event_id else load_reports(session, [event_id]).get(event_id)
    if r is None:
        return None
    if r.status not in MERGEABLE:
        if not fresh:
            write_group(session, [r], {}, now=now)
        return None
    roots = candidate_ids(session, r, roots=True)
    if not roots:
        if not fresh:
            write_group(session, [r], {}, now=now)
        return None
    rules = _Rules({} if fresh else rules_for(session, [event_id]))
    apart = {b if a == event_id else a for (a, b), (kind, _) in rules.rules.items() if kind == "apart"}
    cache = _large_groups(session)
    sizes = _group_sizes(session, [x for x in roots if x not in cache])
    small = [root for root in roots if root not in cache and sizes[root] < LARGE_GROUP]
    groups = groups_of(session, small) if small else {}
    samples, constraints, members_of = {}, {}, {}
    for root in roots:
        if root in groups:
            members_of[root] = groups[root]
        else:
            if root not in cache:
                cache[root] = _group_sample(session, root)
            members_of[root], samples[root], constraints[root] = cache[root]
    full = {i for root in roots for i in (members_of[root] if root in groups else samples[root])}
    known = {k: v for root in samples for k, v in cache[root].reports.items()}
    reports = {**known, **load_reports(session, full - set(known))}
    for root in samples:
        cache[root].reports.update({i: reports[i] for i in samples[root] if i in reports})
    clusters = {}
    for root in roots:
        if apart & set(members_of[root]):
            continue  # a person split this report from that event
        listed = members_of[root] if root in groups else samples[root]
        members = [reports[i] for i in sorted(listed) if i in reports and reports[i].status in MERGEABLE]
        # as Merger.add: a national or region-less report only where the venues do not contradict
        if members and any(not (r.open_scope or x.open_scope) or plausible(r, x) for x in members):
            clusters[root] = members
    match = best_cluster(r, clusters, None, constraints)
    if match is None:
        if not fresh:
            write_group(session, [r], {}, now=now)
        return None
    link = (match.partner.key, match.decision.score, match.decision.reason, "auto", None)
    if match.cluster in groups:
        members = clusters[match.cluster]
        links = _stored_links(session, [x.key for x in members])
        links[event_id] = link
        write_group(session, [*members, r], links, now=now)
    else:
        _join_large(session, match.cluster, r, link, now=now)
        if match.cluster in cache:
            cache[match.cluster].add(r)
    return match


class _Large:
    """What ``place`` reads of a large event, kept for the rest of the transaction (an ingest
    file often brings several reports of one much-reported event): its report ids, the
    sample read in full, one report per distinct ``veto_key``."""

    def __init__(self, root: int, ids: list[int], vetoers: list[Report]):
        self.root, self.ids, self.vetoers = root, ids, vetoers
        self.keys = {v.veto_key for v in vetoers}
        self.reports: dict[int, Report] = {}
        self.sample = self._sample()

    def _sample(self) -> list[int]:
        half = LARGE_SAMPLE // 2
        return sorted({self.root, *self.ids[:half], *self.ids[-half:]})

    def __iter__(self):
        return iter((self.ids, self.sample, self.vetoers))

    def add(self, r: Report) -> None:
        self.ids.append(r.key)
        self.reports[r.key] = r
        self.sample = self._sample()
        self.reports = {k: v for k, v in self.reports.items() if k in self.sample}
        if r.veto_key not in self.keys:
            self.keys.add(r.veto_key)
            self.vetoers.append(r)


def _large_groups(session: Session) -> dict[int, _Large]:
    return session.info.setdefault("merging.large", {})


def forget_large(session: Session) -> None:
    """Any write other than a report joining a large event: what ``place`` kept is stale."""
    session.info.pop("merging.large", None)


def _roots(session: Session, ids: Sequence[int]) -> list[int]:
    """The canonical events of ``ids`` (mergeable ones)."""
    out: set[int] = set()
    for i in range(0, len(ids), 500):
        out.update(session.scalars(
            select(func.coalesce(E.c.merged_into, E.c.id)).where(E.c.id.in_(ids[i : i + 500]))
        ))
    return sorted(out)


def _group_sizes(session: Session, roots: Sequence[int]) -> dict[int, int]:
    out = {r: 1 for r in roots}
    for i in range(0, len(roots), 500):
        for root, n in session.execute(
            select(E.c.merged_into, func.count()).where(E.c.merged_into.in_(roots[i : i + 500]))
            .group_by(E.c.merged_into)
        ):
            out[root] += n
    return out


LARGE_SAMPLE = 12  # reports of a large event read in full for the score: the main one, the first, the latest


def _group_sample(session: Session, root: int) -> _Large:
    """A large event: (every report id, the reports read in full: the main one, the first and
    the latest, one light report per distinct combination of the fields the constraints
    read: computed by the database, which returns a few rows however many reports)."""
    ids = sorted({root, *session.scalars(select(E.c.id).where(E.c.merged_into == root))})
    sqlite = session.get_bind().dialect.name == "sqlite"

    def listed(table, key, extra=()):
        inner = select(table.c[key]).where(table.c.event_id == E.c.id, table.c.via_event_id.is_(None), *extra)
        if sqlite:
            ordered = inner.order_by(table.c[key]).subquery()
            return select(func.group_concat(ordered.c[key], "|")).scalar_subquery()
        return select(func.string_agg(table.c[key], literal_column("'|' ORDER BY " + table.c[key].name))) \
            .where(table.c.event_id == E.c.id, table.c.via_event_id.is_(None), *extra).scalar_subquery()

    stmt = select(
        E.c.event_date, E.c.date_precision, E.c.level, E.c.location, A.c.published,
        listed(ER, "region_code").label("regions"),
        listed(EA, "agency_name", (EA.c.agency_name.in_(sorted(NATIONAL_BODIES)),)).label("national"),
        func.min(E.c.id).label("first"),
    ).select_from(E.outerjoin(A, A.c.id == E.c.article_id)).where(
        E.c.merged_into == root, E.c.status.in_(MERGEABLE)
    ).group_by(E.c.event_date, E.c.date_precision, E.c.level, E.c.location, A.c.published, "regions", "national")
    vetoers = []
    for row in session.execute(stmt):
        vetoers.append(make_report(
            ("veto", row.first), event_date=_date(row.event_date), date_precision=row.date_precision,
            activity="other", location=row.location, agencies=(row.national or "").split("|"),
            regions=(row.regions or "").split("|"), level=row.level, election=None, published=_date(row.published),
            order=row.first,
        ))
    return _Large(root, ids, vetoers)


def _join_large(session: Session, root: int, r: Report, link: Link, *, now=None) -> None:
    """``r`` joins the large event ``root`` without rewriting it: its pointer, its join
    decision, and the agencies and regions the main report does not carry yet. If ``r``
    outranks the main report, the event is written whole (``write_group``)."""
    now = now or m.utcnow()
    main = load_reports(session, [root], light=[root])[root]
    if r.rank() > main.rank():
        forget_large(session)
        ids = sorted({root, *session.scalars(select(E.c.id).where(E.c.merged_into == root))})
        reports = load_reports(session, ids, light=ids)
        links = _stored_links(session, ids)
        links[r.key] = link
        write_group(session, [*reports.values(), r], links, now=now)
        return
    session.execute(update(m.Event).where(m.Event.id == r.key).values(merged_into=root, updated_at=now)
                    .execution_options(synchronize_session=False))
    session.execute(delete(EM).where(EM.c.event_id == r.key))
    matched, score, reason, by, user = link
    session.execute(insert(EM).values(event_id=r.key, matched_id=matched, score=float(score), reason=reason,
                                      decided_by=by, username=user, decided_at=now))
    added = False
    for table, key, mine in ((EA, "agency_name", r.agencies), (ER, "region_code", r.regions)):
        have = set(session.scalars(select(table.c[key]).where(table.c.event_id == root)))
        new = sorted(set(mine) - have)
        if not new:
            continue
        cols = [table.c[key], table.c.confidence, *([table.c.role] if table is EA else [])]
        src = {row[0]: row for row in session.execute(
            select(*cols).where(table.c.event_id == r.key, table.c[key].in_(new), table.c.via_event_id.is_(None)))}
        for name in new:
            vals = {"event_id": root, key: name, "via_event_id": r.key,
                    "confidence": float(src[name][1]) if name in src else 0.5}
            if table is EA:
                vals["role"] = src[name][2] if name in src else "participant"
            session.execute(insert(table).values(**vals))
            added = True
    if added:
        session.execute(update(m.Event).where(m.Event.id == root).values(updated_at=now)
                        .execution_options(synchronize_session=False))


def _stored_links(session: Session, ids: Sequence[int]) -> dict[int, Link]:
    return {
        row.event_id: (row.matched_id, row.score, row.reason, row.decided_by, row.username)
        for row in session.execute(select(EM).where(EM.c.event_id.in_(list(ids))))
    }


def merge_events(
    session: Session, event_ids: Iterable[int], *, now=None, fresh: bool = False, reports: dict[int, Report] | None = None,
) -> MergeStats:
    """Place the events (oldest first) in the caller's transaction: the events that belong
    to a group have their group checked once (``settle``); those that stand alone then look
    for the event they report (``place``). Idempotent: a re-run finds every event where it
    belongs and writes nothing. ``fresh``: the events were all inserted in this transaction
    (an ingested article's): each is placed as ``place(fresh=True)`` until one of them joins
    an event, which may have joined the later ones too: those get the full check. ``reports``
    (with ``fresh``): their :class:`Report` as ``load_reports`` would read them."""
    stats = MergeStats()
    now = now or m.utcnow()
    session.flush()
    ids = sorted(set(event_ids))
    if not ids:
        return stats
    if fresh:
        joined = False
        for eid in ids:
            if joined and len(group_of(session, eid)) > 1:
                stats.unchanged += 1
                continue
            match = place(session, eid, now=now, fresh=not joined,
                          report=None if joined or reports is None else reports.get(eid))
            if match is not None:
                stats.placed += 1
                joined = True
            else:
                stats.unchanged += 1
        return stats
    before = dict(session.execute(select(E.c.id, E.c.merged_into).where(E.c.id.in_(ids))).all())
    for members in groups_of(session, ids).values():
        if len(members) > 1:
            settle(session, members, now=now)
    for eid in ids:
        if len(group_of(session, eid)) > 1:
            stats.unchanged += 1
            continue
        match = place(session, eid, now=now)
        if match is not None:
            stats.placed += 1
        elif before.get(eid) is not None:
            stats.detached += 1
        else:
            stats.unchanged += 1
    return stats
