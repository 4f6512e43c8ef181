"""One file's bytes to its reader (content first, then extension); the safety net."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dashboard.ingest.model import Rejection
from dashboard.ingest.readers.archive import _declared_total, _read_zip, zip_directory_precheck
from dashboard.ingest.readers.base import (
    BAD_EXCEL, BAD_JSON, BAD_ZIP, BINARY, EMPTY, INTERNAL_ERROR, NO_TEXT, TOO_LARGE, UNSUPPORTED_FORMAT, ZIP_UNSAFE, Limits,
    Result, _Budget, _ext, _fit_source, _mb, _Reject, _safe_name, _short_exc,
)
from dashboard.ingest.readers.csvfile import _looks_like_article_csv, _read_csv
from dashboard.ingest.readers.detect import (
    _ZIP_MAGIC, CSV_EXTS, HTML_EXTS, JSON_EXTS, SUPPORTED_EXTS, XLSX_EXTS, ZIP_EXTS, _binary_kind, _json_parses, _label,
    _looks_like_html, _looks_like_json, _zip_kind,
)
from dashboard.ingest.readers.encoding import decode_bytes
from dashboard.ingest.readers.htmlpage import _read_html
from dashboard.ingest.readers.jsonfile import _read_json
from dashboard.ingest.readers.plaintext import _read_text
from dashboard.ingest.readers.records import _read_records_table
from dashboard.ingest.readers.xlsx import xlsx_tables

def read_bytes(name: str, data: bytes, *, max_bytes: int | None = None) -> Iterator[Result]:
    """Read an upload: ``name`` is the uploaded file name (its extension helps, but the
    content decides), ``data`` its bytes."""
    limits = Limits.for_max_bytes(max_bytes)
    name = str(name or "upload")
    source = _fit_source(_safe_name(name.replace("\\", "/").lstrip("/")).strip() or "upload", limits)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        yield Rejection(source, "the upload has no data", EMPTY)
        return
    data = bytes(data)
    if len(data) > limits.max_bytes:
        yield Rejection(source, f"the file is {_mb(len(data))}, more than the limit of "
                        f"{_mb(limits.max_bytes)}", TOO_LARGE)
        return
    yield from _guarded(source, limits, lambda: _read_blob(source, name, data, limits, 0, _Budget()))


def _guarded(source: str, limits: Limits, make: Callable[[], Iterator[Result]]) -> Iterator[Result]:
    """Run one reader; turn ``_Reject`` and any unexpected error into a Rejection so that
    one bad file never stops the others. Every input gets a verdict: a reader that yields
    nothing at all (an archive of folders only, say) becomes a rejection with a reason."""
    given = False
    try:
        for item in make():
            item.source = _fit_source(item.source, limits)
            given = True
            yield item
        if not given:
            yield Rejection(source, "nothing readable was found in the file", NO_TEXT)
    except _Reject as r:
        yield Rejection(source, r.reason, r.code)
    except RecursionError:
        yield Rejection(source, "the file is nested too deeply to read", BAD_JSON)
    except MemoryError:
        yield Rejection(source, "the file is too large to read in memory; split it", TOO_LARGE)
    except Exception as e:  # noqa: BLE001 - the safety net; tests assert it is never reached
        yield Rejection(source, f"unexpected error while reading ({_short_exc(e)}); please report this",
                        INTERNAL_ERROR)


def _read_blob(source: str, name: str, data: bytes, limits: Limits, depth: int, budget: _Budget) -> Iterator[Result]:
    """Read one file's bytes (a file, an upload or an archive member)."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise _Reject(EMPTY, "the file is empty")
    ext = _ext(name)
    if data.startswith(_ZIP_MAGIC):
        zip_directory_precheck(data, limits)
        kind, what = _zip_kind(data, ext)
        if kind == "xlsx":
            # a workbook is a zip too: what it unpacks to counts against the archive budget
            budget.bytes += _declared_total(data)
            if budget.bytes > limits.max_total_bytes:
                raise _Reject(ZIP_UNSAFE, f"the archive unpacks to more than {_mb(limits.max_total_bytes)} "
                              "(workbooks included); reading stopped")
            yield from _read_records_table(source, xlsx_tables(data, limits), limits)
        elif kind == "zip":
            yield from _read_zip(source, data, limits, depth, budget)
        else:
            raise _Reject(UNSUPPORTED_FORMAT, f"this is {what}, which is not supported")
        return
    what = _binary_kind(data)
    if what:
        raise _Reject(UNSUPPORTED_FORMAT, f"this is {what}, which is not supported")
    if ext in XLSX_EXTS | ZIP_EXTS or (ext and ext not in SUPPORTED_EXTS):
        # wrong or unknown extension: read it only when the content says what it is
        try:
            text = _decode_or_reject(data, declared=True)
        except _Reject as r:
            if ext in XLSX_EXTS | ZIP_EXTS and r.code == BINARY:
                raise _Reject(BAD_EXCEL if ext in XLSX_EXTS else BAD_ZIP,
                              f"the file ends in {ext} but is not a valid {_label(ext)} (damaged?)") from None
            raise
        if _looks_like_html(text, strong=True):
            yield from _read_html(source, text, limits)
        elif _looks_like_json(text) and _json_parses(text):
            yield from _read_json(source, name, text, limits)
        elif _looks_like_article_csv(text):
            yield from _read_csv(source, text, limits)
        elif ext in XLSX_EXTS | ZIP_EXTS:
            raise _Reject(BAD_EXCEL if ext in XLSX_EXTS else BAD_ZIP,
                          f"the file ends in {ext} but is not a {_label(ext)} (damaged or misnamed)")
        else:
            raise _Reject(UNSUPPORTED_FORMAT, f"files ending in {_safe_name(ext, 20)} are not read; supported: "
                          ".txt .md .html .htm .json .jsonl .csv .xlsx .zip")
        return
    text = _decode_or_reject(data, declared=ext in HTML_EXTS or not ext)
    if ext in HTML_EXTS:
        if _looks_like_html(text, strong=False):
            yield from _read_html(source, text, limits)
        else:
            yield from _read_text(source, text, limits)
    elif ext in JSON_EXTS:
        if not _looks_like_json(text) and _looks_like_html(text, strong=True):
            yield from _read_html(source, text, limits)
        else:
            yield from _read_json(source, name, text, limits)
    elif ext in CSV_EXTS:
        if _looks_like_html(text, strong=True):
            yield from _read_html(source, text, limits)
        else:
            yield from _read_csv(source, text, limits)
    else:  # .txt/.md or no extension
        if _looks_like_html(text, strong=True):
            yield from _read_html(source, text, limits)
        elif _looks_like_json(text) and _json_parses(text):
            yield from _read_json(source, name, text, limits)
        elif not ext and _looks_like_article_csv(text):
            yield from _read_csv(source, text, limits)
        else:
            yield from _read_text(source, text, limits)


def _decode_or_reject(data: bytes, *, declared: bool) -> str:
    text, _enc = decode_bytes(data, declared=declared)
    if not text.strip():
        raise _Reject(EMPTY, "the file is empty")
    return text
