"""Managing the data by hand: meetings recorded by hand, the review queue (confirm,
correct, reject), event-list imports and the upload path. No Streamlit import.

Every function here is one transaction and writes its own audit entries inside it: a
change and its audit entry are committed together or not at all. Changes to an existing
event use optimistic locking: the caller passes the ``version`` it showed the user, and
if someone else changed the event in between, ``Conflict`` is raised and nothing is
written. On SQLite each write transaction starts with a write, so it waits for a running
ingest (busy timeout) instead of failing.

Events a person has set (confirmed, edited, manual, rejected) are never replaced by a
re-extraction (see ``ingest.pipeline.store_events``).
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
from dashboard.config import get_settings
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.ingest.model import RawArticle, Rejection
from dashboard.merging import store as merging
from dashboard.reference import ensure_election

MIN_DATE = dt.date(2000, 1, 1)
MAX_YEARS_AHEAD = 2
MAX_LOCATION = 500
MAX_NOTES = 5000
MAX_URL = 2000
MAX_PARTICIPANTS = 1_000_000
MAX_UPLOAD_FILES = 200
PREVIEW_ITEMS = 500  # items listed per file in a preview

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


# ---------------------------------------------------------------- event lists (CSV / Excel)


def parse_event_table(name: str, data: bytes, *, max_bytes: int | None = None):
    """``ingest.event_table.parse_event_table`` (documented in docs/event-table-format.md)."""
    from dashboard.ingest.event_table import parse_event_table as parse

    return parse(name, data, max_bytes=max_bytes)


@dataclass
class RowReport:
    row: int
    status: str  # new | duplicate | error
    column: str | None = None
    code: str = ""
    message: str = ""
    event_id: int | None = None
    duplicate_of: int | None = None


@dataclass
class ImportReport:
    source: str
    rows: list[RowReport] = field(default_factory=list)
    written: bool = False  # True when the rows were stored (all of them)
    error: str = ""  # a file-level problem

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def errors(self) -> list[RowReport]:
        return [r for r in self.rows if r.status == "error"]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "written": self.written,
            "new": self.count("new"),
            "duplicate": self.count("duplicate"),
            "errors": self.count("error"),
        }


def _row_date(row) -> dt.date | None:
    # the readers' EventRow calls it ``event_date``; accept ``date`` too
    return getattr(row, "event_date", None) or getattr(row, "date", None)


def event_input_from_row(row) -> EventInput:
    return EventInput(
        event_date=_row_date(row),
        activity=getattr(row, "activity", None) or "other",
        location=getattr(row, "location", None),
        agencies=tuple(getattr(row, "agencies", ()) or ()),
        regions=tuple(getattr(row, "regions", ()) or ()),
        election_id=getattr(row, "election_id", None)
        or (getattr(row, "election", None) and "-".join(str(row.election).lower().split())),
        participants=getattr(row, "participants", None),
        notes=getattr(row, "notes", None),
        source_url=getattr(row, "url", None),
        election_name=getattr(row, "election", None),
    )


def import_event_rows(engine: Engine, source: str, result, *, username: str) -> ImportReport:
    """Store all rows of a parsed event list, or none.

    ``result`` is an ``EventTableResult`` (``rows``, ``errors``). With any error in it, or
    any row that fails validation here, nothing is written and every problem is
    reported by row and column. Otherwise every row becomes a ``manual`` event in one
    transaction, except rows identical to an event already stored (or to an earlier row),
    which are reported as duplicates. One audit entry per new event, one for the import."""
    source = clean_text(source, 300) or "?"
    report = ImportReport(source)
    for e in getattr(result, "errors", []) or []:
        report.rows.append(RowReport(int(e.row), "error", e.column, e.code, e.message))
    rows = list(getattr(result, "rows", []) or [])
    if not rows and not report.rows:
        report.rows.append(RowReport(0, "error", None, "no_rows", "the table has no rows"))
    ref = load_reference(engine)
    inputs: list[tuple[int, EventInput]] = []
    for n, row in enumerate(rows, 1):
        rownum = int(getattr(row, "row", n + 1))
        inp = event_input_from_row(row).cleaned()
        problems = validate(inp, ref)
        for p in problems:
            report.rows.append(RowReport(rownum, "error", p.field, p.code, p.message))
        inputs.append((rownum, inp))
    if report.errors:
        report.rows.sort(key=lambda r: (r.row, r.column or ""))
        return report
    try:
        with session_scope(engine, write=True) as s:
            seen: dict[str, int] = {}
            created: list[int] = []
            # a write first (SQLite: the transaction holds the write lock before it reads)
            header = audit.record(s, username=username, action="import", entity="event_table", entity_id=None,
                                  detail=source)
            s.flush()
            for rownum, inp in inputs:
                fp = fingerprint(inp)
                if fp in seen:
                    report.rows.append(RowReport(rownum, "duplicate", duplicate_of=seen[fp], code="duplicate_row",
                                                 message=f"same as row {seen[fp]}"))
                    continue
                same = _find_same(s, fp)
                if same is not None:
                    report.rows.append(RowReport(rownum, "duplicate", duplicate_of=same, code="duplicate",
                                                 message=f"recorded already (event {same})"))
                    seen[fp] = rownum
                    continue
                seen[fp] = rownum
                ev = m.Event(article_id=None, ordinal=0, status="manual", confidence=1.0, fingerprint=fp,
                             evidence={"import": {"file": source, "row": rownum}}, updated_by=username[:80], version=1)
                _set_fields(ev, inp, ref, s)
                s.add(ev)
                s.flush()
                created.append(ev.id)
                report.rows.append(RowReport(rownum, "new", event_id=ev.id))
                audit.record(s, username=username, action="create", entity="event", entity_id=ev.id,
                             after=snapshot(ev), detail=f"{source}, row {rownum}")
            merging.merge_events(s, created)  # rows that report an event already stored join it
            report.written = True
            header.after = audit.jsonable(report.to_dict() | {"events": created[:1000]})
            header.entity_id = f"{len(created)} new"
    except Exception as exc:  # noqa: BLE001 - reported, nothing written (rolled back)
        report.written = False
        report.error = f"{type(exc).__name__}: {exc}"[:500]
        report.rows = [RowReport(0, "error", None, "store_error", f"nothing was stored: {report.error}")]
    report.rows.sort(key=lambda r: r.row)
    return report


def import_event_file(engine: Engine, name: str, data: bytes, *, username: str) -> ImportReport:
    """Parse an event list (CSV/Excel) and import it all-or-nothing."""
    name = upload_name(name)
    max_bytes = get_settings().max_upload_bytes
    problem = size_problem(name, data, max_bytes)
    if problem:
        rep = ImportReport(name)
        rep.rows.append(RowReport(0, "error", None, problem.code, problem.reason))
        return rep
    try:
        result = parse_event_table(name, data, max_bytes=max_bytes)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not lose the report
        rep = ImportReport(name)
        rep.rows.append(RowReport(0, "error", None, "internal_error", f"the file could not be read ({type(exc).__name__})"))
        return rep
    return import_event_rows(engine, name, result, username=username)


# ---------------------------------------------------------------- uploads (articles)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class Problem:
    code: str
    reason: str


def size_problem(name: str, data: bytes, max_bytes: int | None = None) -> Problem | None:
    """Why an upload is refused before it is read (empty, too large), with what to do."""
    max_bytes = max_bytes or get_settings().max_upload_bytes
    if len(data) == 0:
        return Problem("empty", "the file is empty (0 bytes); choose the right file")
    if len(data) > max_bytes:
        return Problem(
            "too_large",
            f"the file is {_mb(len(data))}; the largest accepted file is {_mb(max_bytes)}: split it into smaller "
            "files or zip it (an admin can raise DASHBOARD_MAX_UPLOAD_MB)",
        )
    return None


@dataclass
class PreviewItem:
    source: str
    status: str  # new | duplicate | rejected
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    chars: int = 0
    reason: str = ""
    code: str = ""
    existing_id: int | None = None


@dataclass
class FilePreview:
    name: str
    size: int
    items: list[PreviewItem] = field(default_factory=list)
    more: int = 0  # items not listed (over PREVIEW_ITEMS)

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


def _read(name: str, data: bytes, max_bytes: int) -> Iterable[RawArticle | Rejection]:
    from dashboard.ingest.readers import read_bytes

    return read_bytes(name, data, max_bytes=max_bytes)


def upload_name(name: Any) -> str:
    """A browser-supplied file name as shown and recorded: no control characters (NUL,
    newlines, direction overrides), at most 255 characters, never empty."""
    return clean_text(name, 255) or "(no name)"


def preview_uploads(engine: Engine, uploads: Sequence[tuple[str, bytes]]) -> list[FilePreview]:
    """What storing these files would do, without writing anything: per file, the
    articles found (new or duplicate) and what would be rejected and why."""
    from dashboard.ingest.pipeline import content_hash, find_duplicate, normalise_text, normalise_url, title_from_text

    uploads = [(upload_name(n), d) for n, d in uploads]
    max_bytes = get_settings().max_upload_bytes
    out: list[FilePreview] = []
    seen: dict[str, str] = {}
    too_many = len(uploads) > MAX_UPLOAD_FILES
    with session_scope(engine) as s:
        for i, (name, data) in enumerate(uploads):
            fp = FilePreview(name, len(data))
            out.append(fp)
            if too_many and i >= MAX_UPLOAD_FILES:
                fp.items.append(PreviewItem(name, "rejected", reason=f"at most {MAX_UPLOAD_FILES} files at a time: "
                                            "upload the rest separately or put them in a zip", code="too_many_files"))
                continue
            problem = size_problem(name, data, max_bytes)
            if problem:
                fp.items.append(PreviewItem(name, "rejected", reason=problem.reason, code=problem.code))
                continue
            try:
                items = list(_read(name, data, max_bytes))
            except Exception as exc:  # noqa: BLE001 - a reader bug must not break the page
                fp.items.append(PreviewItem(name, "rejected", code="internal_error",
                                            reason=f"the file could not be read ({type(exc).__name__})"))
                continue
            if not items:
                fp.items.append(PreviewItem(name, "rejected", code="no_text", reason="no article was found in the file"))
            for n, item in enumerate(items):
                if n >= PREVIEW_ITEMS:
                    fp.more = len(items) - PREVIEW_ITEMS
                    break
                if isinstance(item, Rejection):
                    fp.items.append(PreviewItem(item.source, "rejected", reason=item.reason,
                                                code=getattr(item, "code", "") or "rejected"))
                    continue
                text = normalise_text(item.text) if isinstance(item.text, str) else ""
                if not text.strip():
                    fp.items.append(PreviewItem(item.source, "rejected", item.title, code="missing_text",
                                                reason="the article has no text"))
                    continue
                url = normalise_url(item.url)
                digest = content_hash(text)
                existing = find_duplicate(s, url, digest)
                # the title the store will use: given, or the headline the cleaner finds
                pi = PreviewItem(item.source, "new", item.title or title_from_text(text), item.published,
                                 url, len(text))
                if existing is not None:
                    pi.status, pi.code, pi.existing_id = "duplicate", "duplicate", existing
                    pi.reason = "already stored"
                elif digest in seen or (url and url in seen):
                    pi.status, pi.code = "duplicate", "duplicate_in_upload"
                    pi.reason = f"the same article is in {seen.get(digest) or seen.get(url)}"
                else:
                    seen[digest] = item.source
                    if url:
                        seen[url] = item.source
                out[-1].items.append(pi)
    return out


def store_uploads(
    engine: Engine,
    uploads: Sequence[tuple[str, bytes]],
    *,
    username: str,
    progress: ProgressFn | None = None,
):
    """Store uploaded article files: one transaction per file (a file is stored whole or
    not at all), size limits checked first, one audit entry per file and one per run.
    Returns the pipeline's ``IngestReport`` (per file, per item: new/duplicate/rejected)."""
    from dashboard.ingest.pipeline import ingest_uploads

    uploads = [(upload_name(n), d) for n, d in uploads]
    extra = uploads[MAX_UPLOAD_FILES:]
    report = ingest_uploads(uploads[:MAX_UPLOAD_FILES], engine=engine, username=username, progress=progress)
    if extra:
        from dashboard.ingest.pipeline import FileReport, ItemReport

        for name, _ in extra:
            report.files.append(
                FileReport(name, [ItemReport(name, "rejected", f"not stored: at most {MAX_UPLOAD_FILES} files at a "
                                             "time; upload the rest separately or put them in a zip", "too_many_files")])
            )
    return report
