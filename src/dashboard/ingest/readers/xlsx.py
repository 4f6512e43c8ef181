"""Excel workbooks (.xlsx): every sheet as a table, values not formulas."""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

from dashboard.ingest.readers.archive import _bomb_reason, _zip_preflight, zip_directory_precheck
from dashboard.ingest.readers.base import BAD_EXCEL, EXCEL_MAX_ROWS, ZIP_UNSAFE, Limits, _Reject, _safe_name, _short_exc
from dashboard.ingest.readers.records import Table

XLSX_MAX_COLUMNS = 100  # columns read from each sheet (article and event tables have far fewer)


def xlsx_tables(data: bytes, limits: Limits) -> list[Table]:
    """Read every sheet of an .xlsx workbook (values, not formulas; the first
    ``XLSX_MAX_COLUMNS`` columns). Raises ``_Reject``. Rows are materialised per sheet
    (bounded by ``limits.max_records``), without their trailing empty cells: a sheet with
    a cell in column XFD on every row must not become 16,384 cells a row."""
    zip_directory_precheck(data, limits, "workbook")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = _zip_preflight(zf, limits, "workbook")
    except _Reject:
        raise
    except Exception as e:  # noqa: BLE001 - any zipfile failure is a damaged workbook
        raise _Reject(BAD_EXCEL, f"the Excel file is damaged ({_short_exc(e)})") from None
    for info in infos:
        why = _bomb_reason(info, limits)
        if why:
            raise _Reject(ZIP_UNSAFE, f"a part of the workbook ({_safe_name(info.filename)}) {why}")
    import openpyxl

    tables: list[Table] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                budget = limits.max_records + 1
                for ws in wb.worksheets:
                    if not hasattr(ws, "iter_rows"):
                        continue  # chartsheet
                    if hasattr(ws, "reset_dimensions"):
                        ws.reset_dimensions()  # do not trust the declared sheet size
                    rows: list[tuple[int, list[Any]]] = []
                    header: list[Any] | None = None
                    for n, values in enumerate(ws.iter_rows(values_only=True, max_col=XLSX_MAX_COLUMNS), start=1):
                        if n > EXCEL_MAX_ROWS:
                            raise _Reject(BAD_EXCEL, f"sheet '{_safe_name(ws.title, 40)}' has rows beyond Excel's "
                                          f"limit of {EXCEL_MAX_ROWS} (damaged or crafted workbook)")
                        if header is not None and values.count(None) == len(values):
                            continue  # empty row (openpyxl fills gaps between rows with these)
                        cells = list(values)
                        while cells and cells[-1] is None:
                            cells.pop()
                        if header is None:
                            header = cells
                            continue
                        if any(v is not None and str(v).strip() for v in cells):
                            rows.append((n, cells))
                            budget -= 1
                            if budget <= 0:
                                break
                    tables.append(Table(header=header or [], rows=iter(rows), sheet=ws.title))
                    if budget <= 0:
                        break
            finally:
                wb.close()
    except _Reject:
        raise
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds of errors on bad input
        raise _Reject(BAD_EXCEL, f"the Excel file could not be read ({_short_exc(e)}); "
                      "open it in Excel and save it again as .xlsx") from None
    return tables
