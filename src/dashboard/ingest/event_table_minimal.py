"""A minimal stand-in for ``dashboard.ingest.event_table`` (the readers engineer's module).

TODO(readers merge): delete this file once ``dashboard/ingest/event_table.py`` is on
main; ``dashboard.manage.parse_event_table`` imports the real one first. Same interface:
``parse_event_table(name, data, max_bytes=None) -> EventTableResult(rows, errors)`` with
``EventRow`` and ``RowError(row, column, message, code)``; row numbers as a spreadsheet
shows them (header = 1, file-level problems on row 0). Only exact codes and names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from dashboard import reference
from dashboard.db.models import ACTIVITIES

COLUMNS = {
    "tanggal": ("tanggal", "date"),
    "kegiatan": ("kegiatan", "activity"),
    "tempat": ("tempat", "location", "venue"),
    "instansi": ("instansi", "agencies"),
    "wilayah": ("wilayah", "regions"),
    "pemilihan": ("pemilihan", "election"),
    "peserta": ("peserta", "participants"),
    "catatan": ("catatan", "notes"),
    "url": ("url", "sumber", "source"),
}


@dataclass(frozen=True)
class EventRow:
    row: int
    event_date: dt.date
    activity: str = "other"
    location: str | None = None
    agencies: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    election: str | None = None
    election_id: str | None = None
    participants: int | None = None
    notes: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str
    code: str


@dataclass
class EventTableResult:
    rows: list[EventRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def _table(name: str, data: bytes) -> list[list]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _split(v) -> list[str]:
    return [p.strip() for p in str(v or "").replace(";", ",").split(",") if p.strip()]


def parse_event_table(name: str, data: bytes, *, max_bytes: int | None = None) -> EventTableResult:
    res = EventTableResult(source=name)
    if not name.lower().endswith((".csv", ".xlsx")):
        res.errors.append(RowError(0, None, "an event list must be a .csv or .xlsx file", "unsupported_format"))
        return res
    try:
        table = _table(name, data)
    except Exception as exc:  # noqa: BLE001
        res.errors.append(RowError(0, None, f"the file could not be read as a table ({type(exc).__name__})", "bad_csv"))
        return res
    if not table:
        res.errors.append(RowError(0, None, "the file is empty", "empty"))
        return res
    header = [str(h or "").strip().lower() for h in table[0]]
    col = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                col[key] = i
    if "tanggal" not in col:
        res.errors.append(RowError(1, "tanggal", "the column 'tanggal' (date) is missing", "missing_column"))
        return res
    agencies = set(reference.agencies())
    regions = reference.regions()
    elections = {e.name.lower(): e for e in reference.elections().values()} | reference.elections()
    for n, cells in enumerate(table[1:], 2):
        def cell(key):
            i = col.get(key)
            v = cells[i] if i is not None and i < len(cells) else None
            return None if v is None or str(v).strip() == "" else v

        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        errs = []
        raw = cell("tanggal")
        date = raw.date() if isinstance(raw, dt.datetime) else raw if isinstance(raw, dt.date) else None
        if date is None:
            try:
                date = dt.date.fromisoformat(str(raw or "").strip()[:10])
            except ValueError:
                errs.append(RowError(n, "tanggal", f"'{str(raw)[:30]}' is not a date (use YYYY-MM-DD)", "bad_date"))
        activity = str(cell("kegiatan") or "other").strip().lower()
        if activity not in ACTIVITIES:
            errs.append(RowError(n, "kegiatan", f"unknown activity '{activity[:30]}'", "unknown_activity"))
        ags = _split(cell("instansi"))
        for a in ags:
            if a not in agencies:
                errs.append(RowError(n, "instansi", f"unknown agency '{a[:40]}'", "unknown_agency"))
        codes = []
        for r in _split(cell("wilayah")):
            code = r if r in regions else next((c for c, x in regions.items() if x.name.lower() == r.lower()), None)
            if code is None:
                errs.append(RowError(n, "wilayah", f"unknown region '{r[:40]}'", "unknown_region"))
            else:
                codes.append(code)
        el = cell("pemilihan")
        election = elections.get(str(el).strip().lower()) if el else None
        if el and election is None:
            errs.append(RowError(n, "pemilihan", f"unknown election '{str(el)[:40]}'", "unknown_election"))
        participants = None
        if cell("peserta") is not None:
            try:
                participants = int(float(str(cell("peserta")).replace(".", "").replace(",", ".")))
            except ValueError:
                errs.append(RowError(n, "peserta", "the number of participants must be a number", "bad_participants"))
        if errs:
            res.errors.extend(errs)
            continue
        res.rows.append(
            EventRow(
                row=n, event_date=date, activity=activity, location=cell("tempat") and str(cell("tempat")),
                agencies=tuple(ags), regions=tuple(codes),
                election=election.name if election else None, election_id=election.id if election else None,
                participants=participants, notes=cell("catatan") and str(cell("catatan")),
                url=cell("url") and str(cell("url")),
            )
        )
    return res
