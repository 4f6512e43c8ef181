"""Publication dates in the many forms news sites and spreadsheets write them."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from dashboard.extract.textutil import MONTHS as _MONTHS  # one month table for the project

_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/.-])")
_D_MONTH_Y = re.compile(r"(?<!\d)(\d{1,2})(?:\s*[-/.]\s*|\s+)([a-z]{3,9})\.?(?:\s*[-/.,]\s*|\s+)(\d{4})(?!\d)")
_MONTH_D_Y = re.compile(r"(?<![a-z])([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1900, 2100


def _mkdate(y: int, m: int, d: int) -> dt.date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def excel_serial_to_date(n: float) -> dt.date | None:
    """An Excel day number (1900 date system) to a date; plausible range only
    (10000..100000 = 1927..2173), so that a bare year or a count is not taken as a date."""
    if math.isnan(n) or not 10_000 <= n <= 100_000:
        return None
    d = EXCEL_EPOCH + dt.timedelta(days=int(n))
    return d if MIN_YEAR <= d.year <= MAX_YEAR else None


def parse_date(value: Any) -> dt.date | None:
    """A publication date from ISO (``2020-02-27``, with or without time), ``dd/mm/yyyy``
    (also ``-`` and ``.``; two-digit years as 20yy/19yy), Indonesian or English month
    names (``27 Februari 2020``, ``Kamis, 27 Februari 2020 | 10:00 WIB``,
    ``February 27, 2020``), ``yyyymmdd``, Excel dates and Excel day numbers. Anything
    else, impossible dates and years outside 1900-2100 give ``None`` (never an error)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date() if MIN_YEAR <= value.year <= MAX_YEAR else None
    if isinstance(value, dt.date):
        return value if MIN_YEAR <= value.year <= MAX_YEAR else None
    if isinstance(value, (int, float)):
        return excel_serial_to_date(float(value))
    if not isinstance(value, str):
        return None
    s = value.strip().lower()[:200]
    if not s:
        return None
    if _SERIAL.match(s):
        return excel_serial_to_date(float(s))
    m = _COMPACT.match(s)
    if m:
        return _mkdate(int(m[1]), int(m[2]), int(m[3]))
    m = _ISO.search(s)
    if m:
        return _mkdate(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.search(s)
    if m:
        y = int(m[3])
        if len(m[3]) == 2:
            y += 2000 if y < 70 else 1900
        return _mkdate(y, int(m[2]), int(m[1]))
    for m in _D_MONTH_Y.finditer(s):
        month = _MONTHS.get(m[2])
        if month:
            return _mkdate(int(m[3]), month, int(m[1]))
    for m in _MONTH_D_Y.finditer(s):
        month = _MONTHS.get(m[1])
        if month:
            return _mkdate(int(m[3]), month, int(m[2]))
    return None
