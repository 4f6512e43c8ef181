"""Events a person records or reviews: validation of an event's fields, hand-recorded
meetings, the review queue (confirm, correct, reject) with optimistic locking.

Every function here is one transaction and writes its own audit entries inside it: a
change and its audit entry are committed together or not at all. Changes to an existing
event use optimistic locking: the caller passes the ``version`` it showed the user, and
if someone else changed the event in between, ``Conflict`` is raised and nothing is
written. On SQLite each write transaction starts with a write, so it waits for a running
ingest (busy timeout) instead of failing.

Events a person has set (confirmed, edited, manual, rejected) are never replaced by a
re-extraction (see ``ingest.pipeline.store_events``); each of these writes also places the
event among the other reports of the same real event (``dashboard.merging``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from dashboard import audit
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.merging import store as merging
from dashboard.reference import ensure_election

MIN_DATE = dt.date(2000, 1, 1)
MAX_YEARS_AHEAD = 2
MAX_LOCATION = 500
MAX_NOTES = 5000
MAX_URL = 2000
MAX_PARTICIPANTS = 1_000_000

ProgressFn = Callable[[int, int, str], None]


# ---------------------------------------------------------------- errors


@dataclass(frozen=True)
class FieldError:
    """A problem with one field: ``code`` is stable (translated as ``manage.err.<code>``),
    ``message`` is English; ``params`` fill the translated message."""

    field: str
    code: str
    message: str
    params: dict = field(default_factory=dict)


class ManageError(Exception):
    code = "error"


class ValidationError(ManageError):
    code = "invalid"

    def __init__(self, errors: Sequence[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = list(errors)


class Conflict(ManageError):
    """The event changed since the user loaded it (another editor acted first)."""

    code = "conflict"

    def __init__(self, event_id: int, current: dict | None):
        by = (current or {}).get("updated_by") or "?"
        super().__init__(f"event {event_id} was changed meanwhile by {by}; reload it and try again")
        self.event_id = event_id
        self.current = current


class NotFound(ManageError):
    code = "not_found"

    def __init__(self, event_id: int):
        super().__init__(f"there is no event {event_id}")
        self.event_id = event_id


class NotAllowed(ManageError):
    """The operation does not fit the event's status (e.g. confirming a rejected event)."""

    code = "not_allowed"


class Duplicate(ManageError):
    code = "duplicate"

    def __init__(self, existing_id: int):
        super().__init__(f"the same event is recorded already (event {existing_id})")
        self.existing_id = existing_id


# ---------------------------------------------------------------- input


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(value: Any, max_len: int | None = None, *, multiline: bool = False) -> str | None:
    """User text as stored: NFC, no control or direction-override characters, trimmed.
    Never raises; ``None`` for empty. (Not escaping: text is escaped where it is shown.)"""
    if value is None:
        return None
    s = unicodedata.normalize("NFC", str(value))
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        s = s.replace("\n", " ").replace("\t", " ")
    s = _CONTROL.sub("", s).strip()
    if not s:
        return None
    return s if max_len is None else s[:max_len]


_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass
class EventInput:
    """An event as a person enters it (form, correction, or one row of an event list)."""

    event_date: dt.date | None
    activity: str
    location: str | None = None
    agencies: Sequence[str] = ()
    regions: Sequence[str] = ()
    election_id: str | None = None
    participants: int | None = None
    notes: str | None = None
    source_url: str | None = None
    level: str | None = None  # derived from the regions when not given
    election_name: str | None = None  # creates an out-of-scope election when the id is unknown

    def cleaned(self) -> EventInput:
        return EventInput(
            event_date=self.event_date,
            activity=(self.activity or "").strip(),
            location=clean_text(self.location),
            agencies=tuple(dict.fromkeys(a.strip() for a in self.agencies if a and a.strip())),
            regions=tuple(dict.fromkeys(r.strip() for r in self.regions if r and r.strip())),
            election_id=(self.election_id or "").strip() or None,
            participants=self.participants,
            notes=clean_text(self.notes, multiline=True),
            source_url=clean_text(self.source_url),
            level=self.level or None,
            election_name=clean_text(self.election_name, 64),
        )


@dataclass(frozen=True)
class Reference:
    agencies: frozenset[str]
    regions: dict[str, str]  # code -> level (provinsi | kabupaten | kota)
    elections: frozenset[str]


def load_reference(engine_or_session: Engine | Session) -> Reference:
    def run(conn):
        return Reference(
            agencies=frozenset(conn.scalars(select(m.Agency.name))),
            regions=dict(conn.execute(select(m.Region.code, m.Region.level)).all()),
            elections=frozenset(conn.scalars(select(m.Election.id))),
        )

    if isinstance(engine_or_session, Session):
        return run(engine_or_session)
    with engine_or_session.connect() as conn:
        return run(conn)


def validate(inp: EventInput, ref: Reference, *, today: dt.date | None = None) -> list[FieldError]:
    """Every problem with ``inp`` (cleaned first); an empty list when it can be stored."""
    today = today or dt.date.today()
    errs: list[FieldError] = []
    latest = dt.date(today.year + MAX_YEARS_AHEAD, 12, 31)
    if inp.event_date is None:
        errs.append(FieldError("event_date", "date_missing", "the date is required"))
    elif not isinstance(inp.event_date, dt.date) or not (MIN_DATE <= inp.event_date <= latest):
        errs.append(
            FieldError("event_date", "date_range", f"the date must lie between {MIN_DATE} and {latest}",
                       {"min": MIN_DATE.isoformat(), "max": latest.isoformat()})
        )
    if inp.activity not in m.ACTIVITIES:
        errs.append(FieldError("activity", "activity_unknown", f"unknown kind of activity '{str(inp.activity)[:40]}'"))
    if inp.location and len(inp.location) > MAX_LOCATION:
        errs.append(FieldError("location", "too_long", f"at most {MAX_LOCATION} characters", {"n": MAX_LOCATION}))
    if not inp.agencies:
        errs.append(FieldError("agencies", "agencies_missing", "name at least one agency"))
    bad = [a for a in inp.agencies if a not in ref.agencies]
    if bad:
        errs.append(FieldError("agencies", "agency_unknown", f"unknown agency: {', '.join(bad)[:200]}",
                               {"names": ", ".join(bad)[:200]}))
    if not inp.regions:
        errs.append(FieldError("regions", "regions_missing", "name at least one region"))
    bad = [r for r in inp.regions if r not in ref.regions]
    if bad:
        errs.append(FieldError("regions", "region_unknown", f"unknown region code: {', '.join(bad)[:200]}",
                               {"codes": ", ".join(bad)[:200]}))
    if inp.election_id and inp.election_id not in ref.elections and not inp.election_name:
        errs.append(FieldError("election_id", "election_unknown", f"unknown election '{inp.election_id[:40]}'"))
    if inp.participants is not None:
        if isinstance(inp.participants, bool) or not isinstance(inp.participants, int) or not (
            0 < inp.participants <= MAX_PARTICIPANTS
        ):
            errs.append(
                FieldError("participants", "participants_range",
                           f"the number of participants must be a whole number from 1 to {MAX_PARTICIPANTS}",
                           {"max": MAX_PARTICIPANTS})
            )
    if inp.notes and len(inp.notes) > MAX_NOTES:
        errs.append(FieldError("notes", "too_long", f"at most {MAX_NOTES} characters", {"n": MAX_NOTES}))
    if inp.source_url and (len(inp.source_url) > MAX_URL or not _URL.match(inp.source_url)):
        errs.append(FieldError("source_url", "url_bad", "the source must be a web address starting with http:// or https://"))
    if inp.level is not None and inp.level not in m.LEVELS:
        errs.append(FieldError("level", "level_unknown", f"unknown level '{str(inp.level)[:20]}'"))
    return errs


def derive_level(regions: Iterable[str], ref: Reference) -> str | None:
    levels = {ref.regions.get(r) for r in regions}
    if not levels or levels == {None}:
        return None
    return "provinsi" if levels <= {"provinsi"} else "kabkota"


def fingerprint(inp: EventInput) -> str:
    """Same date, activity, venue (case and spacing ignored), agencies and regions: the
    same event."""
    key = [
        inp.event_date.isoformat() if inp.event_date else "",
        inp.activity,
        " ".join((inp.location or "").casefold().split()),
        sorted(inp.agencies),
        sorted(inp.regions),
    ]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- snapshots


SNAPSHOT_FIELDS = (
    "status", "event_date", "activity", "location", "participants", "election_id", "level", "notes", "source_url",
)


def snapshot(ev: m.Event) -> dict:
    """What a person can see and change of an event (for the audit log)."""
    out = {f: getattr(ev, f) for f in SNAPSHOT_FIELDS}
    out["agencies"] = sorted(a.agency_name for a in ev.agencies)
    out["regions"] = sorted(r.region_code for r in ev.regions)
    return audit.jsonable(out)


def _set_fields(ev: m.Event, inp: EventInput, ref: Reference, session: Session) -> None:
    ev.event_date = inp.event_date
    ev.date_precision = "day"
    ev.date_flag = None
    ev.activity = inp.activity
    ev.location = inp.location
    ev.participants = inp.participants
    if inp.election_id and inp.election_id not in ref.elections and inp.election_name:
        ev.election_id = ensure_election(session, inp.election_name)
    else:
        ev.election_id = inp.election_id
    ev.level = inp.level or derive_level(inp.regions, ref)
    ev.notes = inp.notes
    ev.source_url = inp.source_url
    old_agencies = {a.agency_name: a for a in ev.agencies}
    ev.agencies = [
        old_agencies.get(name) or m.EventAgency(agency_name=name, role="participant", confidence=1.0)
        for name in inp.agencies
    ]
    old_regions = {r.region_code: r for r in ev.regions}
    ev.regions = [old_regions.get(code) or m.EventRegion(region_code=code, confidence=1.0) for code in inp.regions]


def _check(inp: EventInput, ref: Reference) -> EventInput:
    inp = inp.cleaned()
    errors = validate(inp, ref)
    if errors:
        raise ValidationError(errors)
    return inp


def _find_same(session: Session, fp: str, exclude_id: int | None = None) -> int | None:
    stmt = select(m.Event.id).where(m.Event.fingerprint == fp, m.Event.status != "rejected")
    if exclude_id is not None:
        stmt = stmt.where(m.Event.id != exclude_id)
    return session.scalar(stmt.order_by(m.Event.id).limit(1))


# ---------------------------------------------------------------- hand-recorded events


def record_manual_event(engine: Engine, inp: EventInput, *, username: str, evidence: dict | None = None) -> int:
    """Store a meeting recorded by hand (status ``manual``). Raises ``ValidationError``
    or ``Duplicate`` (the same event is recorded already); returns the new event id."""
    ref = load_reference(engine)
    inp = _check(inp, ref)
    fp = fingerprint(inp)
    with session_scope(engine, write=True) as s:
        ev = m.Event(
            article_id=None,
            ordinal=0,
            status="manual",
            confidence=1.0,
            evidence=evidence or {"source": "manual"},
            fingerprint=fp,
            updated_by=username[:80],
            version=1,
        )
        _set_fields(ev, inp, ref, s)
        s.add(ev)
        s.flush()  # the first statement is a write (SQLite: holds the write lock from here)
        same = _find_same(s, fp, exclude_id=ev.id)
        if same is not None:
            raise Duplicate(same)
        audit.record(s, username=username, action="create", entity="event", entity_id=ev.id, after=snapshot(ev))
        merging.merge_events(s, [ev.id])  # another report of the same meeting: one event
        return ev.id


# ---------------------------------------------------------------- review queue


def _claim(session: Session, event_id: int, expected_version: int, username: str) -> m.Event:
    """Bump the version if it is still ``expected_version`` (an atomic compare-and-set,
    and the transaction's first statement, so SQLite takes the write lock here)."""
    res = session.execute(
        update(m.Event)
        .where(m.Event.id == event_id, m.Event.version == expected_version)
        .values(version=m.Event.version + 1, updated_at=m.utcnow(), updated_by=username[:80])
        .execution_options(synchronize_session=False)
    )
    if res.rowcount != 1:
        ev = session.get(m.Event, event_id)
        if ev is None:
            raise NotFound(event_id)
        raise Conflict(event_id, {**snapshot(ev), "version": ev.version, "updated_by": ev.updated_by})
    ev = session.get(m.Event, event_id, populate_existing=True)
    assert ev is not None
    return ev


def confirm_event(engine: Engine, event_id: int, *, username: str, expected_version: int) -> int:
    """The extracted event is right as it is. Returns the new version."""
    with session_scope(engine, write=True) as s:
        ev = _claim(s, event_id, expected_version, username)
        if ev.status != "extracted":
            raise NotAllowed(f"only extracted events can be confirmed (this one is {ev.status})")
        before = snapshot(ev)
        ev.status = "confirmed"
        audit.record(s, username=username, action="confirm", entity="event", entity_id=ev.id,
                     before=before, after=snapshot(ev))
        merging.merge_events(s, [ev.id])  # a reviewed report takes precedence as its event's main one
        return ev.version


def correct_event(engine: Engine, event_id: int, inp: EventInput, *, username: str, expected_version: int) -> int:
    """Replace the event's values with a person's corrections (status ``edited``; a
    hand-recorded event stays ``manual``). Returns the new version."""
    ref = load_reference(engine)
    inp = _check(inp, ref)
    with session_scope(engine, write=True) as s:
        ev = _claim(s, event_id, expected_version, username)
        if ev.status == "rejected":
            raise NotAllowed("a rejected event cannot be corrected")
        before = snapshot(ev)
        merging.drop_inherited(s, [ev.id])  # its own rows are rewritten; merging restores the others'
        _set_fields(ev, inp, ref, s)
        if ev.status != "manual":
            ev.status = "edited"
        else:
            ev.fingerprint = fingerprint(inp)
        s.flush()
        after = snapshot(ev)
        audit.record(s, username=username, action="correct", entity="event", entity_id=ev.id, before=before, after=after)
        merging.merge_events(s, [ev.id])  # the corrected values may make it another event's report, or none
        return ev.version


def reject_event(engine: Engine, event_id: int, *, username: str, expected_version: int, reason: str = "") -> int:
    """The event is wrong (not a real event, or not about elections): it disappears from
    every figure but stays in the database, and a re-extraction does not bring it back."""
    reason = clean_text(reason, 500) or ""
    with session_scope(engine, write=True) as s:
        ev = _claim(s, event_id, expected_version, username)
        if ev.status == "rejected":
            raise NotAllowed("the event is rejected already")
        before = snapshot(ev)
        ev.status = "rejected"
        if reason:
            ev.notes = (ev.notes + "\n" if ev.notes else "") + reason
        audit.record(s, username=username, action="reject", entity="event", entity_id=ev.id,
                     before=before, after=snapshot(ev), detail=reason or None)
        merging.merge_events(s, [ev.id])  # it leaves its event; the other reports stay one
        return ev.version


def event_input_from(ev: dict) -> EventInput:
    """An ``EventInput`` holding an event's current values (to prefill a correction form)."""
    return EventInput(
        event_date=ev.get("event_date"),
        activity=ev.get("activity") or "other",
        location=ev.get("location"),
        agencies=tuple(ev.get("agencies") or ()),
        regions=tuple(ev.get("regions") or ()),
        election_id=ev.get("election_id"),
        participants=ev.get("participants"),
        notes=ev.get("notes"),
        source_url=ev.get("source_url"),
        level=ev.get("level"),
    )
