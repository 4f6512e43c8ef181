"""Event lists (CSV / Excel): every row of a file stored as a hand-recorded event, all or
nothing, duplicates skipped, audited; rows reporting a stored event join it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from dashboard import audit
from dashboard.config import get_settings
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.merging import store as merging
from dashboard.manage import events
from dashboard.manage.uploads import size_problem, upload_name
from dashboard.manage.events import EventInput, clean_text, load_reference, validate, fingerprint, _find_same, snapshot


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
                events._set_fields(ev, inp, ref, s)
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
