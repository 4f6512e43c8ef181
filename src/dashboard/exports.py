"""Safe CSV and Excel exports of DataFrames. Pure functions, no Streamlit.

Formula injection (CSV injection): a spreadsheet runs a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and
some also treat a leading tab or carriage return that way. Text from articles is
untrusted, so every text cell (and header) whose first character is one of these, or
whose first non-blank character is, gets a leading apostrophe. Strings that are plain
numbers (``-5``, ``+62``, ``1.5``) are not formulas and are left alone; numeric columns
are never touched, so numbers stay numbers.

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


def neutralise(value: Any) -> Any:
    """One cell: a string that a spreadsheet would run as a formula gets a leading
    apostrophe; anything else is returned unchanged."""
    if not isinstance(value, str) or not value or value == "-":
        return value
    first = value.lstrip(" \u00a0\n")[:1]
    if value[0] in FORMULA_PREFIXES or (first and first in FORMULA_PREFIXES):
        if _PLAIN_NUMBER.match(value.strip()):
            return value
        return "'" + value
    return value


def _is_text_column(s: pd.Series) -> bool:
    """Columns whose cells may hold text: object, string and category columns."""
    return not (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)
                or pd.api.types.is_datetime64_any_dtype(s.dtype) or pd.api.types.is_timedelta64_dtype(s.dtype)
                or isinstance(s.dtype, pd.PeriodDtype))


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with text cells and headers neutralised; numbers untouched."""
    out = df.copy()
    out.columns = [neutralise(_header(c)) for c in df.columns]
    for pos in range(out.shape[1]):
        col = out.iloc[:, pos]
        if _is_text_column(col):
            if isinstance(col.dtype, pd.CategoricalDtype):
                col = col.astype(object)
            out.isetitem(pos, col.map(neutralise, na_action="ignore"))
    return out


def _header(c: Any) -> str:
    if isinstance(c, tuple):
        return " / ".join(str(x) for x in c if x is not None and str(x) != "")
    return str(c)


def to_csv_bytes(df: pd.DataFrame, *, sep: str = ",") -> bytes:
    """CSV as UTF-8 with BOM, CRLF line ends, no index, formula injection neutralised.
    Use ``sep=";"`` for Excel set to an Indonesian locale (decimal comma)."""
    safe = neutralise_frame(df)
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
