"""A person's merge decisions: split a report off its event, merge two events. No Streamlit.

Each is one transaction with its audit entry (values before and after). The decision is
also kept as rules (``merge_rule``) that later merging obeys: a report split off is
``apart`` from every report of the event it left, so no re-extraction or ingest puts it
back; two events merged by hand are ``together`` (every report of both, tied to the
event's main report), and stay one event whatever the evidence (even two different stated
dates: the person has decided one of them is wrong).
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from dashboard import audit
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.merging import store

MR = m.MergeRule.__table__


class MergeError(Exception):
    code = "merge_error"


class NothingToSplit(MergeError):
    """The event has no other report."""

    code = "nothing_to_split"


class SameEvent(MergeError):
    """The two are one event already."""

    code = "same_event"


class NotMergeable(MergeError):
    """A rejected event (or an unknown one) cannot be merged."""

    code = "not_mergeable"


def _set_rule(session: Session, a: int, b: int, kind: str, username: str) -> None:
    a, b = (a, b) if a < b else (b, a)
    session.execute(delete(MR).where(MR.c.event_a == a, MR.c.event_b == b))
    session.execute(MR.insert().values(event_a=a, event_b=b, kind=kind, username=username[:80], created_at=m.utcnow()))


def _group(session: Session, event_id: int) -> tuple[int, list[int]]:
    """(the main report, every report) of the event ``event_id`` belongs to."""
    ids = store.group_of(session, event_id)
    main = session.scalar(select(m.Event.merged_into).where(m.Event.id == event_id)) or event_id
    return main, sorted(ids)


def split_report(engine: Engine, event_id: int, *, username: str, expected_version: int | None = None) -> int:
    """Detach the report ``event_id`` from its event: it becomes an event of its own (or
    joins another one the evidence points to) and never rejoins this one automatically.
    Returns the canonical id of what is left of the event."""
    from dashboard import manage

    with session_scope(engine, write=True) as s:
        if expected_version is not None:
            manage._claim(s, event_id, expected_version, username)
        ids = store.group_of(s, event_id)
        if len(ids) <= 1:
            raise NothingToSplit(f"event {event_id} has no other report")
        main, _ = _group(s, event_id)
        before = {"event": main, "sources": ids}
        rest = [i for i in ids if i != event_id]
        for other in rest:
            _set_rule(s, event_id, other, "apart", username)
        store.detach(s, event_id)
        store.merge_events(s, [event_id])
        left_main, left = _group(s, rest[0])
        own_main, own = _group(s, event_id)
        after = {"event": left_main, "sources": left, "split_off": event_id, "split_off_event": own_main,
                 "split_off_sources": own}
        audit.record(s, username=username, action="split", entity="event", entity_id=event_id,
                     before=before, after=after, detail=f"report {event_id} split off event {main}")
        return left_main


def merge_events_by_hand(engine: Engine, event_id: int, into_id: int, *, username: str,
                         expected_version: int | None = None) -> int:
    """Merge the event of ``event_id`` (all its reports) with the event of ``into_id``:
    one event, whatever the evidence says, kept so by later merging. Returns the canonical id."""
    from dashboard import manage

    with session_scope(engine, write=True) as s:
        if expected_version is not None:
            manage._claim(s, event_id, expected_version, username)
        for eid in (event_id, into_id):
            status = s.scalar(select(m.Event.status).where(m.Event.id == eid))
            if status is None or status not in store.MERGEABLE:
                raise NotMergeable(f"event {eid} cannot be merged ({status or 'unknown'})")
        ga, gb = store.group_of(s, event_id), store.group_of(s, into_id)
        if set(ga) & set(gb):
            raise SameEvent(f"events {event_id} and {into_id} are one event already")
        (main_a, _), (main_b, _) = _group(s, event_id), _group(s, into_id)
        before = {"event": main_a, "sources": ga, "other_event": main_b, "other_sources": gb}
        # every report of both events is tied to the main report of the event merged into
        anchor = next((i for i in gb if s.scalar(select(m.Event.merged_into).where(m.Event.id == i)) is None), into_id)
        for x in [*ga, *gb]:
            if x != anchor:
                _set_rule(s, x, anchor, "together", username)
        store.settle(s, [*ga, *gb])
        root, sources = _group(s, event_id)
        after = {"event": root, "sources": sources}
        audit.record(s, username=username, action="merge", entity="event", entity_id=event_id,
                     before=before, after=after, detail=f"event {event_id} merged with event {into_id} by hand")
        return root

