"""Safe CSV and Excel exports of DataFrames. Pure functions, no Streamlit.

Formula injection (CSV injection): a spreadsheet runs a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and
some also treat a leading tab or carriage return that way. Text from articles is
untrusted, so every text cell (and header) whose first character is one of these, or
whose first non-blank character is, gets a leading apostrophe. Strings that are plain
numbers (``-5``, ``+62``, ``1.5``) are not formulas and are left alone; numeric columns
are never touched, so numbers stay numbers.

Whatever separator the reader uses: the file is written with ``,``, but Excel in an
Indonesian locale splits on ``;`` (its list separator), and other tools on tab or ``|``.
Such a reader starts a new field after any of these characters, and a new row after a
line break, even inside a cell this file quotes. So the same check applies to the text
after every ``,`` ``;`` tab ``|`` CR and LF inside a cell: ``Rapat koordinasi;=cmd|...``
is written ``Rapat koordinasi;'=cmd|...``, and no field starts a formula whichever of
these separators is used to read the file (``tests/unit/test_exports.py`` reads every
export back with each of them, with a CSV parser and with a plain split).

CSV is UTF-8 with a BOM, so that Excel opens Indonesian text (``é``, ``“``) correctly.
Excel workbooks are written with openpyxl: every text cell is stored as text (never as
a formula), characters XML cannot hold are removed and cells are cut to Excel's 32,767
characters. Time-zone-aware datetimes are written as their local wall time (Excel has
no time zones), the same as in the CSV.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from numbers import Number
from typing import Any

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|\d*[.,]\d+)(?:[eE][+-]?\d+)?%?$")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
EXCEL_MAX_CELL_CHARS = 32_767
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


# The separators a reader may use; every reader also starts a new row at CR or LF.
READER_SEPARATORS = (",", ";", "\t", "|")
_BLANK_OR_QUOTE = " \u00a0\""  # skipped before the first character of a field
# cheap test first: a formula character at the start of the cell or of a possible field
_MAYBE = re.compile("(?:^|[,;\t|\r\n])[ \u00a0\"\n]*[=+@\t\r-]")
_BREAKS = {sep: re.compile(f"[{re.escape(sep)}\r\n]") for sep in READER_SEPARATORS}


def _starts_formula(field: str, *, skip: str = _BLANK_OR_QUOTE, exempt: bool = True) -> bool:
    """Whether a field with this text would run as a formula: it starts with tab or CR,
    or its first character after ``skip`` is ``=`` ``+`` ``-`` ``@``. With ``exempt``,
    a field that is a plain number or a lone dash is not one (only when the whole field
    is known: a field that runs on into the next cell is judged without it)."""
    if not field:
        return False
    if field[0] in ("\t", "\r"):
        return True
    lead = field.lstrip(skip)
    if not lead or lead[0] not in FORMULA_PREFIXES:
        return False
    if not exempt:
        return True
    core = lead.rstrip(" \u00a0")  # a quote left after the dash or number is not part of a plain one: ``-"``
    return not (core == "-" or _PLAIN_NUMBER.match(core))


def _formula_starts(value: str, row_start: bool) -> list[int]:
    """Positions in ``value`` where a field that would run as a formula starts.

    * The cell read whole, as this file's own quoting shows it (separator ``,``).
    * Read with any of ``READER_SEPARATORS`` (quotes then mean little): a field starts
      after each separator and line break in the cell, and at the cell's start when it is
      the first of its row. A field that reaches the end of the cell runs on into the
      next one (``-5`` then ``,1+cmd|...`` reads as ``-5,1+cmd|...``), so it is judged
      without the plain-number exemption."""
    marks = {0} if _starts_formula(value, skip=_BLANK_OR_QUOTE + "\n", exempt=not row_start) else set()
    for pattern in _BREAKS.values():
        breaks = list(pattern.finditer(value))
        starts = ([0] if row_start else []) + [m.end() for m in breaks]
        ends = ([breaks[0].start()] if row_start and breaks else [len(value)] if row_start else [])
        ends += [m.start() for m in breaks[1:]] + ([len(value)] if breaks else [])
        for start, end in zip(starts, ends):
            if _starts_formula(value[start:end], exempt=end < len(value)):
                marks.add(start)
    return sorted(marks)


def neutralise(value: Any, *, row_start: bool = False) -> Any:
    """One cell: each place where a spreadsheet would start running a formula (the cell
    itself, or a field inside it when the file is read with another separator) gets an
    apostrophe in front; anything else is returned unchanged. ``row_start``: the cell is
    the first of its row in a CSV file (see ``_formula_starts``)."""
    if not isinstance(value, str) or not value or not _MAYBE.search(value):
        return value
    marks = _formula_starts(value, row_start)
    if not marks:
        return value
    pieces, last = [], 0
    for pos in marks:
        pieces.append(value[last:pos])
        pieces.append("'")
        last = pos
    pieces.append(value[last:])
    return "".join(pieces)


def _is_text_column(s: pd.Series) -> bool:
    """Columns whose cells may hold text: object, string and category columns."""
    return not (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)
                or pd.api.types.is_datetime64_any_dtype(s.dtype) or pd.api.types.is_timedelta64_dtype(s.dtype)
                or isinstance(s.dtype, pd.PeriodDtype))


def neutralise_frame(df: pd.DataFrame, *, csv: bool = False) -> pd.DataFrame:
    """A copy of ``df`` with text cells and headers neutralised; numbers untouched,
    except in a CSV's first column: a row starts there for every reader, and there a
    signed number (``-5``) followed by the next cell can read as a formula with ``;`` as
    the separator (``-5,1+cmd|...``), so it is written as text with an apostrophe."""
    out = df.copy()
    out.columns = [neutralise(_header(c), row_start=csv and i == 0) for i, c in enumerate(df.columns)]
    for pos in range(out.shape[1]):
        col = out.iloc[:, pos]
        first = csv and pos == 0
        if _is_text_column(col):
            if isinstance(col.dtype, pd.CategoricalDtype):
                col = col.astype(object)
            out.isetitem(pos, col.map(lambda v, first=first: neutralise(v, row_start=first), na_action="ignore"))
        elif first and (pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype)):
            out.isetitem(pos, col.astype(object).map(_signed_as_text, na_action="ignore"))
    return out


def _signed_as_text(v: Any) -> Any:
    try:
        negative = v < 0
    except TypeError:
        return v
    return "'" + str(v) if negative else v


def _header(c: Any) -> str:
    if isinstance(c, tuple):
        return " / ".join(str(x) for x in c if x is not None and str(x) != "")
    return str(c)


def to_csv_bytes(df: pd.DataFrame, *, sep: str = ",") -> bytes:
    """CSV as UTF-8 with BOM, CRLF line ends, no index, formula injection neutralised.
    Use ``sep=";"`` for Excel set to an Indonesian locale (decimal comma)."""
    safe = neutralise_frame(df, csv=True)
    text = safe.to_csv(index=False, sep=sep, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def safe_sheet_name(name: str) -> str:
    """An Excel sheet name: no ``[]:*?/\\``, not starting/ending with ``'``, 1-31 chars."""
    s = _SHEET_BAD.sub(" ", _XML_ILLEGAL.sub("", str(name or "")))
    s = re.sub(r"\s+", " ", s).strip().strip("'").strip()
    return s[:31].strip() or "Sheet1"


def _excel_value(value: Any) -> Any:
    """A value openpyxl can write without turning text into a formula."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):
        return value
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # local wall time, as in the CSV export
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, Number) and not isinstance(value, complex):
        try:
            f = float(value)
        except (TypeError, ValueError, OverflowError):
            return str(value)
        if math.isinf(f):
            return str(value)
        return value.item() if hasattr(value, "item") else value
    s = value if isinstance(value, str) else str(value)
    s = _XML_ILLEGAL.sub("", s)
    if len(s) > EXCEL_MAX_CELL_CHARS:
        s = s[: EXCEL_MAX_CELL_CHARS - 1] + "…"
    return neutralise(s)


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "Data") -> bytes:
    """An .xlsx workbook with one sheet: bold frozen header, text stored as text,
    formula injection neutralised, numbers and dates as Excel numbers and dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(safe_sheet_name(sheet_name))
    ws.freeze_panes = "A2"
    headers = [_excel_value(_header(c)) for c in df.columns]
    for i, h in enumerate(headers, start=1):
        width = min(60, max(10, len(str(h or "")) + 2))
        ws.column_dimensions[_col_letter(i)].width = width
    bold = Font(bold=True)
    row = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        cell.data_type = "s"
        row.append(cell)
    ws.append(row)
    for values in df.itertuples(index=False, name=None):
        out = []
        for v in values:
            v = _excel_value(v)
            if isinstance(v, str):
                cell = WriteOnlyCell(ws, value=v)
                cell.data_type = "s"  # never a formula, even if neutralisation were bypassed
                out.append(cell)
            else:
                out.append(v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)
