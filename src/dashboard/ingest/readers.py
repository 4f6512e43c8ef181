"""Input readers: files, folders and uploads -> ``RawArticle`` | ``Rejection``.

Two entry points, both generators that never raise for bad input:

* ``read_path(path, max_bytes=None)`` reads a file or a folder (recursively, in sorted
  order of relative path, hidden files and ``__MACOSX`` skipped, symbolic links inside a
  folder not followed);
* ``read_bytes(name, data, max_bytes=None)`` reads an upload.

Formats are chosen by extension *and* by content: binary signatures (zip, xlsx, pdf,
images, old Office files) always win over the extension; text files are sniffed for
HTML and JSON when the extension is missing or wrong. See ``docs/readers.md`` for the
full description of formats, limits, source strings and rejection codes.

Every ``Rejection`` carries an English ``reason`` and a stable ``code`` (one of
``REJECTION_CODES``). A bug in a reader never escapes: it becomes a rejection with code
``internal_error`` (the fuzz tests check that this never happens).

No Streamlit here.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import math
import os
import re
import stat
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dashboard.ingest.model import RawArticle, Rejection

Result = RawArticle | Rejection

# ---------------------------------------------------------------- rejection codes

TOO_LARGE = "too_large"  # file, member, archive or record count over a limit
EMPTY = "empty"  # nothing in the file (0 bytes or only whitespace)
NO_TEXT = "no_text"  # content, but no readable article text (e.g. HTML with only scripts)
BAD_ENCODING = "bad_encoding"  # text whose character encoding cannot be determined
BINARY = "binary"  # binary data where text was expected
UNSUPPORTED_FORMAT = "unsupported_format"  # PDF, Word, old .xls, images, unknown extensions
ZIP_UNSAFE = "zip_unsafe"  # zip bomb, path traversal, absolute path, symlink, nesting, too many files
ENCRYPTED = "encrypted"  # password-protected archive member
BAD_ZIP = "bad_zip"  # damaged or truncated archive
BAD_JSON = "bad_json"  # invalid JSON, wrong structure, nesting too deep
BAD_CSV = "bad_csv"  # CSV that cannot be parsed
BAD_EXCEL = "bad_excel"  # damaged .xlsx workbook
MISSING_COLUMN = "missing_column"  # table without a text column
MISSING_TEXT = "missing_text"  # record / row without text
NOT_FOUND = "not_found"  # path does not exist
UNREADABLE = "unreadable"  # OS error, not a regular file, permission denied
SYMLINK = "symlink"  # symbolic link inside a folder (not followed)
INTERNAL_ERROR = "internal_error"  # a bug in a reader; please report

REJECTION_CODES: dict[str, str] = {
    TOO_LARGE: "File, archive member or record count is over a size limit.",
    EMPTY: "The file is empty.",
    NO_TEXT: "The file has content but no readable article text.",
    BAD_ENCODING: "The character encoding of the text could not be determined.",
    BINARY: "The file contains binary data, not text.",
    UNSUPPORTED_FORMAT: "This kind of file is not supported.",
    ZIP_UNSAFE: "The archive is unsafe (zip bomb, path traversal, link, too deep or too many files).",
    ENCRYPTED: "The archive member is password-protected.",
    BAD_ZIP: "The archive is damaged or incomplete.",
    BAD_JSON: "The JSON is invalid or not a list of articles.",
    BAD_CSV: "The CSV file could not be parsed.",
    BAD_EXCEL: "The Excel workbook is damaged or could not be read.",
    MISSING_COLUMN: "The table has no column with the article text.",
    MISSING_TEXT: "The record has no article text.",
    NOT_FOUND: "The path does not exist.",
    UNREADABLE: "The file could not be read.",
    SYMLINK: "Symbolic links inside folders are not followed.",
    INTERNAL_ERROR: "Unexpected error in the reader (a bug).",
}

# ---------------------------------------------------------------- limits

MiB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MiB
EXCEL_MAX_ROWS = 1_048_576
MAX_LINES = EXCEL_MAX_ROWS  # rows of a CSV / lines of a JSON Lines file, blank ones included


@dataclass(frozen=True)
class Limits:
    """Limits applied while reading. ``max_bytes`` applies to every file, archive member
    and upload; the others protect against hostile archives and structured files."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_total_bytes: int = 4 * DEFAULT_MAX_BYTES  # bytes unpacked from one archive (nested included)
    max_members: int = 10_000  # entries in one archive tree (nested included)
    max_ratio: float = 100.0  # uncompressed / compressed size of a member
    ratio_floor: int = 1 * MiB  # members smaller than this skip the ratio check
    max_zip_depth: int = 3  # archives inside archives: outer(1) > inner(2) > inner(3)
    max_records: int = 100_000  # articles from one JSON / CSV / Excel file
    max_rejections: int = 1_000  # rejections from one file before the reader gives up on it
    max_html_bytes: int = 20 * MiB  # saved pages above this are not articles
    max_source_chars: int = 500  # column size of ``article.source``

    @classmethod
    def for_max_bytes(cls, max_bytes: int | None) -> Limits:
        if max_bytes is None:
            from dashboard.config import get_settings

            max_bytes = get_settings().max_upload_bytes
        max_bytes = max(1, int(max_bytes))
        return cls(max_bytes=max_bytes, max_total_bytes=4 * max_bytes)


class _Reject(Exception):
    """Raised inside a reader to turn the current input into a Rejection."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class _Budget:
    """What one archive tree has used so far (shared by nested archives)."""

    bytes: int = 0
    members: int = 0


# ---------------------------------------------------------------- text cleaning

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0/C1 controls except tab and newline, DEL, lone surrogates, BOM/ZWNBSP, non-characters
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_TRAILING_WS = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")
_WS = re.compile(r"\s+")


def clean_text(s: str) -> str:
    """Normalise newlines to ``\\n``, drop control characters (except newline and tab),
    lone surrogates and BOMs, apply NFC, strip trailing spaces on each line and blank
    lines at both ends."""
    s = _NEWLINES.sub("\n", s)
    s = _BAD_CHARS.sub("", s)
    s = unicodedata.normalize("NFC", s)
    s = _TRAILING_WS.sub("", s)
    s = _MANY_BLANK_LINES.sub("\n\n\n", s)
    return s.strip("\n ")


def clean_line(value: Any, max_len: int = 1000) -> str | None:
    """A one-line metadata value (title, publisher): cleaned, whitespace collapsed,
    cut to ``max_len`` characters; ``None`` when empty or not a scalar."""
    if value is None or isinstance(value, (dict, list, tuple, set, bytes)):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    s = _WS.sub(" ", clean_text(str(value))).strip()
    if not s:
        return None
    return s[:max_len].rstrip()


def clean_url(value: Any) -> str | None:
    """An ``http``/``https`` URL with a host, at most 2000 characters; else ``None``
    (``javascript:``, ``file:`` and relative URLs are dropped, never stored)."""
    s = clean_line(value, max_len=4000)
    if not s or len(s) > 2000 or " " in s:
        return None
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return s


# ---------------------------------------------------------------- decoding


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-32-le" and len(data) % 4:
                continue  # FF FE 00 00 can also start UTF-16 LE text
            return enc, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by its structure: most code units of Latin text
    have one zero byte, always on the same side."""
    sample = data[:8192]
    if len(sample) < 8:
        return None
    sample = sample[: len(sample) // 2 * 2]
    pairs = len(sample) // 2
    even_zero = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
    odd_zero = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
    for zeros, other, enc in ((odd_zero, even_zero, "utf-16-le"), (even_zero, odd_zero, "utf-16-be")):
        if zeros >= 0.6 * pairs and other <= 0.02 * pairs:
            try:
                return data[: len(data) // 2 * 2].decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def _declared_charset(data: bytes) -> str | None:
    head = data[:2048]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        enc = codecs.lookup(name).name
    except LookupError:
        return None
    if enc.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        return None  # a declaration read as ASCII cannot be UTF-16; ignore it (as browsers do)
    return enc


_C0_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")
_ALL_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio_too_high(text: str, *, c1: bool = False) -> bool:
    """True when the text looks like binary data: more than 5 % control characters
    (C0 without the whitespace ones; with ``c1`` also DEL and C1, for single-byte
    decodings, where random bytes land there). Mojibake in UTF-8 text can hold C1
    characters, so they do not count there."""
    sample = text[:65536]
    if not sample:
        return False
    controls = len((_ALL_CONTROLS if c1 else _C0_CONTROLS).findall(sample))
    return controls > max(8, len(sample) // 20)


def decode_bytes(data: bytes, *, declared: bool = False) -> tuple[str, str]:
    """Decode text bytes; returns ``(text, encoding)``. Detection, in this order:
    a byte order mark (UTF-8/16/32), UTF-16 structure without a BOM, strict UTF-8, the
    charset declared in the document (HTML/XML only, ``declared=True``), then
    charset-normalizer restricted to Windows-1252 / Latin-1. Raises ``_Reject`` with
    ``bad_encoding`` or ``binary`` when none fits. The text is not cleaned here."""
    bom = _bom_encoding(data)
    if bom:
        enc, n = bom
        try:
            text = data[n:].decode(enc)
        except UnicodeDecodeError:
            if enc == "utf-32-le":  # FF FE 00 00 may be UTF-16 LE + NUL
                try:
                    text, enc = data[2:].decode("utf-16-le"), "utf-16-le"
                except UnicodeDecodeError:
                    raise _Reject(BAD_ENCODING, f"the file starts with a {enc.upper()} byte order mark "
                                  "but is not valid in that encoding") from None
            else:
                raise _Reject(BAD_ENCODING, f"the file starts with a {enc.upper()} byte order mark "
                              "but is not valid in that encoding; save it again as UTF-8") from None
        if _control_ratio_too_high(text):
            raise _Reject(BINARY, "the file contains binary data, not text")
        return text, enc
    text16 = _utf16_without_bom(data)
    if text16 is not None and not _control_ratio_too_high(text16):
        return text16, "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_ratio_too_high(text):
            raise _Reject(BINARY, "the file contains binary data, not text")
        return text, "utf-8"
    if declared:
        enc = _declared_charset(data)
        if enc and enc != "utf-8":
            try:
                text = data.decode(enc)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                if not _control_ratio_too_high(text):
                    return text, enc
    if _control_ratio_too_high(data[:65536].decode("latin-1"), c1=True):
        raise _Reject(BINARY, "the file contains binary data, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise _Reject(BAD_ENCODING, "the text is neither UTF-8 nor Windows-1252/Latin-1; "
                      "save it again as UTF-8")
    enc = best.encoding
    text = data.decode("cp1252" if enc == "cp1252" else "latin-1")
    if _control_ratio_too_high(text, c1=True):
        raise _Reject(BINARY, "the file contains binary data, not text")
    return text, enc


# ---------------------------------------------------------------- dates

from dashboard.extract.textutil import MONTHS as _MONTHS  # noqa: E402 - one month table for the project
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


# ---------------------------------------------------------------- field names

FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": ("text", "teks", "isi", "isi berita", "konten", "content", "body", "artikel", "article"),
    "title": ("title", "judul", "judul berita", "headline"),
    "url": ("url", "link", "tautan", "alamat", "source url"),
    "published": ("published", "tanggal", "date", "tanggal terbit", "tgl", "published at",
                  "publish date", "published date", "diterbitkan"),
    "publisher": ("publisher", "sumber", "media", "penerbit", "situs", "site", "site name"),
}


def normalise_header(name: Any) -> str:
    """Header cell -> comparison key: case-folded, ``_``/``-`` as spaces, spaces collapsed."""
    if name is None:
        return ""
    s = clean_line(name, max_len=200) or ""
    s = s.casefold().replace("_", " ").replace("-", " ")
    return _WS.sub(" ", s).strip()


def match_columns(headers: Iterable[Any], synonyms: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map canonical field -> column index (first matching column; synonyms in priority
    order)."""
    keys = [normalise_header(h) for h in headers]
    out: dict[str, int] = {}
    for fld, names in synonyms.items():
        for name in names:
            if name in keys:
                out[fld] = keys.index(name)
                break
    return out


# ---------------------------------------------------------------- tables (CSV / Excel)


@dataclass
class Table:
    """A sheet of rows: ``header`` is row 1; ``rows`` yields ``(row_number, values)``
    with spreadsheet row numbers (header = 1), blank rows skipped."""

    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]
    sheet: str | None = None


_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(first_line: str, known: Iterable[str] = ()) -> str:
    """The delimiter of a CSV header line: the one that splits it into the most known
    column names, then into the most fields; ``,`` on a tie."""
    known_set = set(known)
    best, best_score = ",", (-1, -1)
    for d in _DELIMITERS:
        try:
            cells = next(csv.reader([first_line], delimiter=d), [])
        except csv.Error:
            continue
        score = (sum(1 for c in cells if normalise_header(c) in known_set), len(cells))
        if score > best_score:
            best, best_score = d, score
    return best


def _raise_csv_field_limit(n: int) -> None:
    """The csv module refuses fields over 128 KiB by default; a field can never be
    larger than its file, which is already size-limited, so raise (never lower) the
    process-wide limit to the file size."""
    n = min(n + 1, 2**31 - 1)
    if csv.field_size_limit() < n:
        csv.field_size_limit(n)


def csv_table(text: str, known_headers: Iterable[str] = ()) -> Table:
    """Parse decoded, cleaned CSV text. Raises ``_Reject`` (bad_csv / empty)."""
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    if not first_line.strip():
        raise _Reject(EMPTY, "the CSV file has no header row (the first line is empty)")
    delim = sniff_delimiter(first_line, known_headers)
    _raise_csv_field_limit(len(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        raise _Reject(EMPTY, "the CSV file has no header row") from None
    except csv.Error as e:
        raise _Reject(BAD_CSV, f"the CSV header row cannot be parsed: {e}") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        n = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise _Reject(BAD_CSV, f"the CSV file cannot be parsed after row {n}: {e}") from None
            n += 1
            if n > MAX_LINES:
                raise _Reject(TOO_LARGE, f"the CSV file has more than {MAX_LINES} rows (Excel's limit); split it")
            if any(c.strip() for c in row):
                yield n, row

    return Table(header=header, rows=rows())


_CD_ENTRY_BUDGET = 300  # bytes of central directory allowed per permitted entry (46 + a long name)


def zip_directory_precheck(data: bytes, limits: Limits, what: str = "archive") -> None:
    """Refuse archives whose central directory is too big *before* zipfile parses it
    (parsing a million tiny entries takes seconds and hundreds of MB). Uses the entry
    count and directory size of the end-of-central-directory record; the size also
    bounds archives that lie about the count."""
    i = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if i < 0 or len(data) < i + 22:
        return  # no end record: zipfile will say the archive is damaged
    entries, cd_size = struct.unpack_from("<HI", data, i + 10)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        j = data.rfind(b"PK\x06\x06", max(0, i - 65_536), i)
        if j >= 0 and len(data) >= j + 56:
            entries, cd_size = struct.unpack_from("<QQ", data, j + 32)
    if entries > limits.max_members or cd_size > limits.max_members * _CD_ENTRY_BUDGET:
        raise _Reject(ZIP_UNSAFE, f"the {what} has more than {limits.max_members} entries (or a directory too "
                      "large for that many); split it")


def _zip_preflight(zf: zipfile.ZipFile, limits: Limits, what: str) -> list[zipfile.ZipInfo]:
    """Member-count, declared-size and ratio checks before anything is unpacked."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise _Reject(ZIP_UNSAFE, f"the {what} has {len(infos)} entries, more than the limit of "
                      f"{limits.max_members}")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise _Reject(ZIP_UNSAFE, f"the {what} would unpack to {_mb(total)}, more than the limit of "
                      f"{_mb(limits.max_total_bytes)} (zip bomb?)")
    return infos


def _declared_total(data: bytes) -> int:
    """Uncompressed size of a zip according to its directory (0 if damaged)."""
    try:
        return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except Exception:  # noqa: BLE001 - damaged: the reader that follows says so
        return 0


def _bomb_reason(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    if info.file_size < limits.ratio_floor:
        return None
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > limits.max_ratio:
        return (f"compresses {ratio:.0f}:1 (limit {limits.max_ratio:.0f}:1), which is how zip bombs "
                "are built; the file was not unpacked")
    return None


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


# ---------------------------------------------------------------- helpers


def _mb(n: int) -> str:
    """Human size: ``512 bytes``, ``12.5 KB``, ``50.0 MB``, ``1.2 GB``."""
    if n < 1024:
        return f"{n} bytes"
    if n < MiB:
        return f"{n / 1024:.1f} KB"
    if n < 1024 * MiB:
        return f"{n / MiB:.1f} MB"
    return f"{n / (1024 * MiB):.1f} GB"


def _short_exc(e: BaseException) -> str:
    msg = clean_line(str(e), max_len=160) or ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def _safe_name(name: str, max_len: int = 200) -> str:
    """A file or member name safe to show: no control characters, bounded length."""
    s = _BAD_CHARS.sub("?", name.replace("\n", "?").replace("\t", " "))
    if len(s) > max_len:
        s = s[: max_len // 2] + "…" + s[-(max_len // 2):]
    return s


def _fit_source(source: str, limits: Limits) -> str:
    n = limits.max_source_chars
    if len(source) <= n:
        return source
    tail = n * 3 // 5
    return source[: n - tail - 1] + "…" + source[-tail:]


def _ext(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.lstrip("."):
        return ""
    return "." + base.rsplit(".", 1)[-1].lower()


def _is_junk(name: str) -> bool:
    """Files that operating systems leave around; skipped silently."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    if not parts:
        return True
    if "__MACOSX" in parts:
        return True
    base = parts[-1]
    return base.startswith(".") or base.lower() in ("thumbs.db", "desktop.ini")


# ---------------------------------------------------------------- format detection

TEXT_EXTS = {".txt", ".text", ".md", ".markdown"}
HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml"}
JSON_EXTS = {".json", ".jsonl", ".ndjson"}
CSV_EXTS = {".csv", ".tsv"}
XLSX_EXTS = {".xlsx", ".xlsm"}
ZIP_EXTS = {".zip"}
SUPPORTED_EXTS = TEXT_EXTS | HTML_EXTS | JSON_EXTS | CSV_EXTS | XLSX_EXTS | ZIP_EXTS

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document (copy the article into a .txt file or save the web page as .html)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.xls/.doc: save it as .xlsx or .csv)"),
    (b"{\\rtf", "an RTF document (save it as plain text)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive (unpack it or use .zip)"),
    (b"BZh", "a bzip2 archive (unpack it or use .zip)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (use .zip)"),
    (b"Rar!\x1a\x07", "a RAR archive (use .zip)"),
    (b"\xfd7zXZ\x00", "an xz archive (unpack it or use .zip)"),
    (b"\x7fELF", "a program, not a document"),
    (b"OggS", "an audio/video file"),
    (b"ID3", "an MP3 audio file"),
    (b"SQLite format 3\x00", "a database file"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _binary_kind(data: bytes) -> str | None:
    for sig, what in _SIGNATURES:
        if data.startswith(sig):
            return what
    if data[4:8] == b"ftyp":
        return "a video file"
    if data.startswith(b"RIFF") and data[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
        return "a media file"
    return None


def _zip_kind(data: bytes, ext: str) -> tuple[str, str | None]:
    """('xlsx'|'zip'|'unsupported', message) for data starting with a zip signature."""
    if ext in XLSX_EXTS:
        return "xlsx", None
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist()[:100_000])
    except Exception:  # noqa: BLE001 - damaged: let the zip reader say so
        return "zip", None
    if "xl/workbook.xml" in names:
        return "xlsx", None
    if "word/document.xml" in names:
        return "unsupported", "a Word document (.docx: save it as plain text or HTML)"
    if any(n.startswith("ppt/") for n in names):
        return "unsupported", "a PowerPoint presentation"
    if "mimetype" in names and "content.xml" in names:
        return "unsupported", "an OpenDocument file (save it as .xlsx, .csv or plain text)"
    return "zip", None


_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<(?:p|div|br|body|html|article|span|h[1-6]|table|section|a\s)[\s/>]", re.IGNORECASE)


def _looks_like_html(text: str, strong: bool) -> bool:
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return not strong and bool(_HTML_TAG.search(head))


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


# ---------------------------------------------------------------- entry points


def read_path(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, source: str | None = None
) -> Iterator[Result]:
    """Read a file or a folder (recursively, sorted by relative path). Sources are
    ``<folder name>/<relative path>`` for folders and the file name for a file (or
    ``source`` when given, for a file), then ``!member`` inside archives and ``:N`` for a
    line or row."""
    limits = Limits.for_max_bytes(max_bytes)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        yield Rejection(_fit_source(_safe_name(str(p.name or p)), limits), "the path does not exist", NOT_FOUND)
        return
    except OSError as e:
        yield Rejection(_fit_source(_safe_name(str(p.name or p)), limits),
                        f"cannot read the path: {e.strerror or e}", UNREADABLE)
        return
    if stat.S_ISDIR(st.st_mode):
        base = _safe_name(p.name if p.name not in ("", ".", "..") else (p.resolve().name or "folder"))
        for rel, full, kind in _walk(p):
            source = _fit_source(f"{base}/{_safe_name(rel)}", limits)
            if kind == "symlink":
                yield Rejection(source, "symbolic links inside a folder are not followed; copy the file "
                                "into the folder instead", SYMLINK)
                continue
            if kind == "error":
                yield Rejection(source, "this folder could not be read (permission denied?)", UNREADABLE)
                continue
            yield from _guarded(source, limits, lambda full=full, source=source: _read_file(full, source, limits))
    else:
        source = _fit_source(_safe_name(source or p.name or str(p)), limits)
        yield from _guarded(source, limits, lambda: _read_file(p, source, limits))


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


def _walk(root: Path) -> list[tuple[str, Path, str]]:
    """(relative posix path, full path, 'file'|'symlink'|'error') for a folder, sorted;
    hidden entries skipped; symlinks and unreadable sub-folders reported, never followed."""
    out: list[tuple[str, Path, str]] = []

    def unreadable(err: OSError) -> None:
        if err.filename:
            p = Path(err.filename)
            out.append((p.relative_to(root).as_posix() if p != root else ".", p, "error"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        here = Path(dirpath)
        keep = []
        for d in dirnames:
            if _is_junk(d):
                continue
            if (here / d).is_symlink():
                out.append(((here / d).relative_to(root).as_posix(), here / d, "symlink"))
            else:
                keep.append(d)
        dirnames[:] = sorted(keep)
        for f in filenames:
            if _is_junk(f):
                continue
            full = here / f
            kind = "symlink" if full.is_symlink() else "file"
            out.append((full.relative_to(root).as_posix(), full, kind))
    out.sort(key=lambda t: t[0])
    return out


def _guarded(source: str, limits: Limits, make: Callable[[], Iterator[Result]]) -> Iterator[Result]:
    """Run one reader; turn ``_Reject`` and any unexpected error into a Rejection so that
    one bad file never stops the others."""
    try:
        for item in make():
            item.source = _fit_source(item.source, limits)
            yield item
    except _Reject as r:
        yield Rejection(source, r.reason, r.code)
    except RecursionError:
        yield Rejection(source, "the file is nested too deeply to read", BAD_JSON)
    except MemoryError:
        yield Rejection(source, "the file is too large to read in memory; split it", TOO_LARGE)
    except Exception as e:  # noqa: BLE001 - the safety net; tests assert it is never reached
        yield Rejection(source, f"unexpected error while reading ({_short_exc(e)}); please report this",
                        INTERNAL_ERROR)


def _read_file(path: Path, source: str, limits: Limits) -> Iterator[Result]:
    try:
        st = path.stat()
    except OSError as e:
        raise _Reject(UNREADABLE, f"cannot read the file: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _Reject(UNREADABLE, "not a regular file (device, pipe or socket)")
    if st.st_size > limits.max_bytes:
        raise _Reject(TOO_LARGE, f"the file is {_mb(st.st_size)}, more than the limit of {_mb(limits.max_bytes)}")
    try:
        with open(path, "rb") as f:
            data = f.read(limits.max_bytes + 1)
    except OSError as e:
        raise _Reject(UNREADABLE, f"cannot read the file: {e.strerror or e}") from None
    if len(data) > limits.max_bytes:
        raise _Reject(TOO_LARGE, f"the file is larger than the limit of {_mb(limits.max_bytes)}")
    yield from _read_blob(source, path.name, data, limits, 0, _Budget())


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


def _label(ext: str) -> str:
    return "Excel workbook" if ext in XLSX_EXTS else "zip archive"


def _decode_or_reject(data: bytes, *, declared: bool) -> str:
    text, _enc = decode_bytes(data, declared=declared)
    if not text.strip():
        raise _Reject(EMPTY, "the file is empty")
    return text


def _json_parses(text: str) -> bool:
    """True when the text is a JSON document or the first line is a JSON object."""
    s = text.lstrip()
    try:
        json.loads(s, strict=False)
        return True
    except (ValueError, RecursionError):
        pass
    first = s.split("\n", 1)[0]
    try:
        return isinstance(json.loads(first, strict=False), dict)
    except (ValueError, RecursionError):
        return False


def _looks_like_article_csv(text: str) -> bool:
    first = text.split("\n", 1)[0]
    known = {n for names in FIELD_SYNONYMS.values() for n in names}
    delim = sniff_delimiter(first, known)
    try:
        cells = next(csv.reader([first], delimiter=delim), [])
    except csv.Error:
        return False
    return len(cells) >= 2 and "text" in match_columns(cells, FIELD_SYNONYMS)


# ---------------------------------------------------------------- plain text

_HEADER_KEYS = {
    "url": "url", "link": "url",
    "judul": "title", "title": "title",
    "tanggal": "published", "published": "published", "date": "published", "diterbitkan": "published",
    "sumber": "publisher", "publisher": "publisher", "media": "publisher",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$")


def parse_header_block(text: str) -> tuple[dict[str, str], str]:
    """An optional header block at the top of a text file: lines ``Key: value`` with
    keys URL/Link, Judul/Title, Tanggal/Published/Date, Sumber/Publisher/Media
    (case-insensitive), ended by a blank line; or the same keys between ``---`` lines
    (Markdown front matter). Returns (fields, body); without a valid block, ({}, text)."""
    lines = text.split("\n")
    fields: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:21], start=1):
            if line.strip() == "---":
                return fields, "\n".join(lines[i + 1:]).strip("\n")
            m = _HEADER_LINE.match(line)
            if not m or m[1].lower() not in _HEADER_KEYS:
                return {}, text
            fields.setdefault(_HEADER_KEYS[m[1].lower()], m[2].strip("\"'"))
        return {}, text
    for i, line in enumerate(lines[:11]):
        if not line.strip():
            if fields:
                return fields, "\n".join(lines[i + 1:]).strip("\n")
            return {}, text
        m = _HEADER_LINE.match(line)
        if not m or m[1].lower() not in _HEADER_KEYS:
            return {}, text
        fields.setdefault(_HEADER_KEYS[m[1].lower()], m[2])
    if fields and len(lines) <= 11:
        return fields, ""  # only header lines: no body
    return {}, text


def _read_text(source: str, text: str, limits: Limits) -> Iterator[Result]:
    text = clean_text(text)
    fields, body = parse_header_block(text)
    body = clean_text(body)
    if not body:
        raise _Reject(NO_TEXT if fields else EMPTY, "the file has no article text"
                      + (" after its header block" if fields else ""))
    yield RawArticle(
        text=body,
        title=clean_line(fields.get("title")),
        url=clean_url(fields.get("url")),
        published=parse_date(fields.get("published")),
        publisher=clean_line(fields.get("publisher"), max_len=300),
        source=source,
    )


# ---------------------------------------------------------------- HTML

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CANONICAL_XPATH = (
    '//link[contains(concat(" ", normalize-space(translate(@rel, "CANONICAL", "canonical")), " "), " canonical ")]'
)
_OG_URL_XPATH = '//meta[@property="og:url" or @name="og:url" or @name="twitter:url" or @property="twitter:url"]'


def _read_html(source: str, text: str, limits: Limits) -> Iterator[Result]:
    import trafilatura

    if len(text) > limits.max_html_bytes:
        raise _Reject(TOO_LARGE, f"the page is larger than {_mb(limits.max_html_bytes)}; saved article pages "
                      "are much smaller, so this is probably not an article")
    html = _XML_DECL.sub("", _BAD_CHARS.sub("", text), count=1)
    tree, url = _html_tree(html)
    if tree is None:
        raise _Reject(NO_TEXT, "the page could not be parsed as HTML")
    # each attempt gets a fresh tree: extraction may change the tree it is given
    kwargs: dict[str, Any] = {
        "with_metadata": True,
        "include_comments": False,
        "include_tables": True,
        "date_extraction_params": {"extensive_search": False, "original_date": True,
                                   "max_date": dt.date.today().isoformat()},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(tree, **kwargs)
        body = doc.text if doc is not None else None
        if not body or not body.strip():
            doc2 = trafilatura.bare_extraction(_html_tree(html)[0], favor_recall=True, **kwargs)
            if doc2 is not None and doc2.text and doc2.text.strip():
                doc = doc if doc is not None else doc2
                body = doc2.text
        if not body or not body.strip():
            fresh = _html_tree(html)[0]
            _, body, _ = trafilatura.baseline(fresh) if fresh is not None else (None, "", 0)
    body = clean_text(body or "")
    if not body:
        raise _Reject(NO_TEXT, "no article text was found in the page")
    title = clean_line(getattr(doc, "title", None)) if doc is not None else None
    publisher = clean_line(getattr(doc, "sitename", None), max_len=300) if doc is not None else None
    if not publisher and url:
        publisher = urlsplit(url).hostname
    published = parse_date(getattr(doc, "date", None)) if doc is not None else None
    yield RawArticle(text=body, title=title, url=url, published=published, publisher=publisher, source=source)


def _html_tree(html: str) -> tuple[Any, str | None]:
    """Parse the page; return (tree without its canonical/og:url links, that URL).
    Without the address, the date comes from the page's metadata only, never from a
    date that happens to be in its URL."""
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        tree = trafilatura.load_html(f"<html><body><div>{html}</div></body></html>")
    if tree is None:
        return None, None
    url = None
    for href in tree.xpath(_CANONICAL_XPATH + "/@href") + tree.xpath(_OG_URL_XPATH + "/@content"):
        url = clean_url(str(href))
        if url:
            break
    for el in tree.xpath(_CANONICAL_XPATH + " | " + _OG_URL_XPATH + " | " + _NOT_CONTENT_XPATH):
        _drop_element(el)
    return tree, url


# Elements whose content is never shown as page text: removed before any extraction
# (trafilatura drops most of them itself; this also covers its fallbacks).
_NOT_CONTENT_XPATH = "//script | //style | //noscript | //template | //iframe | //object | //embed"


def _drop_element(el: Any) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# ---------------------------------------------------------------- records (JSON / CSV / Excel)


def _record_to_article(values: dict[str, Any], source: str) -> RawArticle:
    """Canonical field -> value to RawArticle; raises ``_Reject(missing_text)``."""
    if "text" not in values:
        raise _Reject(MISSING_TEXT, "the record has no text field (expected text, isi, konten or body)")
    raw = values["text"]
    if raw is None:
        raise _Reject(MISSING_TEXT, "the text is empty")
    if isinstance(raw, (dict, list, bool)):
        raise _Reject(MISSING_TEXT, "the text field is not a string")
    text = clean_text(str(raw))
    if not text:
        raise _Reject(MISSING_TEXT, "the text is empty")
    return RawArticle(
        text=text,
        title=clean_line(values.get("title")),
        url=clean_url(values.get("url")),
        published=parse_date(values.get("published")),
        publisher=clean_line(values.get("publisher"), max_len=300),
        source=source,
    )


class _Counter:
    """Caps how much one file may produce: records, then rejections."""

    def __init__(self, source: str, limits: Limits):
        self.source, self.limits = source, limits
        self.records = 0
        self.rejections = 0

    def article(self) -> None:
        self.records += 1
        if self.records > self.limits.max_records:
            raise _Reject(TOO_LARGE, f"the file has more than {self.limits.max_records} records; "
                          "split it into smaller files (the first ones were read)")

    def rejection(self) -> None:
        self.rejections += 1
        if self.rejections >= self.limits.max_rejections:
            raise _Reject(self.code_for_many, f"more than {self.limits.max_rejections} records could not be "
                          "read; reading stopped here. Check the file format")

    code_for_many = BAD_JSON


def _json_record(obj: Any, source: str) -> Result:
    if not isinstance(obj, dict):
        return Rejection(source, f"expected a JSON object with the article fields, found {_json_type(obj)}",
                         BAD_JSON)
    keymap = match_columns(obj.keys(), FIELD_SYNONYMS)
    keys = list(obj.keys())
    values = {fld: obj[keys[i]] for fld, i in keymap.items()}
    try:
        return _record_to_article(values, source)
    except _Reject as r:
        return Rejection(source, r.reason, r.code)


def _json_type(obj: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(obj), "a number")


_WRAPPER_KEYS = ("articles", "artikel", "berita", "items", "data", "records", "results")


def _read_json(source: str, name: str, text: str, limits: Limits) -> Iterator[Result]:
    """A JSON array of article objects, a single object, an object wrapping such a list
    (``{"articles": [...]}``), or JSON Lines (one object a line; a bad line is rejected
    with its line number, the others go through)."""
    text = text.lstrip("\ufeff")
    stripped = text.strip()
    if not stripped:
        raise _Reject(EMPTY, "the file is empty")
    counter = _Counter(source, limits)
    if stripped[0] == "[":
        yield from _json_array(source, stripped, limits, counter)
        return
    if stripped[0] != "{":
        raise _Reject(BAD_JSON, "the file is not JSON: it should start with [ (a list of articles) "
                      "or { (one article per line)")
    try:
        whole = json.loads(stripped, strict=False)
    except ValueError:
        whole = None  # JSON Lines, or broken: handled line by line
    if isinstance(whole, dict):
        wrapped = None
        if "text" not in match_columns(whole.keys(), FIELD_SYNONYMS):
            for k in _WRAPPER_KEYS:
                for key, v in whole.items():
                    if isinstance(key, str) and key.casefold() == k and isinstance(v, list):
                        wrapped = v
                        break
                if wrapped is not None:
                    break
        if wrapped is not None:
            for i, obj in enumerate(wrapped, start=1):
                item = _json_record(obj, f"{source}[{i}]")
                counter.article() if isinstance(item, RawArticle) else counter.rejection()
                yield item
            return
        one_line = "\n" not in stripped
        yield _json_record(whole, f"{source}:1" if one_line and _ext(name) != ".json" else source)
        return
    # read lazily (no list of millions of lines); LF, CRLF and CR all end a line (a raw CR
    # cannot be inside a JSON string)
    for n, line in enumerate(io.StringIO(text, newline=None), start=1):
        if n > MAX_LINES:
            raise _Reject(TOO_LARGE, f"the file has more than {MAX_LINES} lines; split it")
        line = line.rstrip("\n")
        if not line.strip():
            continue
        src = f"{source}:{n}"
        try:
            obj = json.loads(line, strict=False)
        except ValueError as e:
            item: Result = Rejection(src, f"line {n} is not valid JSON ({_json_error(e)})", BAD_JSON)
        except RecursionError:
            item = Rejection(src, f"line {n} is nested too deeply", BAD_JSON)
        else:
            item = _json_record(obj, src)
        counter.article() if isinstance(item, RawArticle) else counter.rejection()
        yield item


def _json_error(e: ValueError) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"{e.msg} at column {e.colno}"
    return _short_exc(e)


def _json_array(source: str, text: str, limits: Limits, counter: _Counter) -> Iterator[Result]:
    """Items of a JSON array parsed one at a time (items before a syntax error are kept;
    the error is reported with its line number)."""
    decoder = json.JSONDecoder(strict=False)
    ws = re.compile(r"[ \t\n\r]*")
    idx = ws.match(text, 1).end()
    if text.startswith("]", idx):
        raise _Reject(NO_TEXT, "the JSON list is empty")
    i = 0
    while True:
        i += 1
        try:
            obj, end = decoder.raw_decode(text, idx)
        except ValueError as e:
            line = text.count("\n", 0, idx) + 1
            raise _Reject(BAD_JSON, f"invalid JSON in item {i} (line {line}): {_json_error(e)}"
                          + ("" if text.endswith("]") else "; the file may be cut off")) from None
        except RecursionError:
            raise _Reject(BAD_JSON, f"item {i} is nested too deeply") from None
        item = _json_record(obj, f"{source}[{i}]")
        counter.article() if isinstance(item, RawArticle) else counter.rejection()
        yield item
        idx = ws.match(text, end).end()
        if text.startswith(",", idx):
            idx = ws.match(text, idx + 1).end()
            continue
        if text.startswith("]", idx):
            rest = text[idx + 1:].strip()
            if rest:
                raise _Reject(BAD_JSON, "unexpected data after the end of the JSON list")
            return
        line = text.count("\n", 0, idx) + 1
        raise _Reject(BAD_JSON, f"expected , or ] after item {i} (line {line})"
                      + ("" if text.endswith("]") else "; the file may be cut off"))


_KNOWN_ARTICLE_HEADERS = {n for names in FIELD_SYNONYMS.values() for n in names}


_CSV_DROP = re.compile("[\x00\ud800-\udfff\ufeff]")


def prepare_csv_text(text: str) -> str:
    """Decoded CSV text ready for the csv module: NULs, lone surrogates and BOMs removed.
    Nothing else is changed here (a form feed or U+2028 in an unquoted cell must not
    become a row break); each cell is cleaned when it is read."""
    return _CSV_DROP.sub("", text)


def _read_csv(source: str, text: str, limits: Limits) -> Iterator[Result]:
    text = prepare_csv_text(text)
    if not text.strip():
        raise _Reject(EMPTY, "the file is empty")
    yield from _read_records_table(source, [csv_table(text, _KNOWN_ARTICLE_HEADERS)], limits, kind="CSV")


def _read_records_table(source: str, tables: list[Table], limits: Limits, kind: str = "Excel") -> Iterator[Result]:
    usable = [(t, match_columns(t.header, FIELD_SYNONYMS)) for t in tables]
    usable = [(t, cols) for t, cols in usable if "text" in cols]
    if not usable:
        headers = ", ".join(clean_line(h, 40) or "?" for h in (tables[0].header if tables else [])[:12])
        raise _Reject(MISSING_COLUMN, f"no column with the article text (expected a header named text, isi, "
                      f"konten or body{'; found: ' + headers if headers else ''})")
    counter = _Counter(source, limits)
    counter.code_for_many = BAD_CSV if kind == "CSV" else BAD_EXCEL
    many = len(usable) > 1
    for table, cols in usable:
        prefix = f"{source}#{_safe_name(table.sheet or '', 40)}" if many else source
        for n, row in table.rows:
            values = {fld: (row[i] if i < len(row) else None) for fld, i in cols.items()}
            src = f"{prefix}:{n}"
            try:
                item: Result = _record_to_article(values, src)
            except _Reject as r:
                item = Rejection(src, f"row {n}: {r.reason}", r.code)
            counter.article() if isinstance(item, RawArticle) else counter.rejection()
            yield item


# ---------------------------------------------------------------- zip


def _unsafe_member(info: zipfile.ZipInfo) -> str | None:
    norm = info.filename.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "it has an absolute path"
    if any(part == ".." for part in norm.split("/")):
        return "its path leaves the archive (../)"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "it is a symbolic link"
    return None


def _read_zip(source: str, data: bytes, limits: Limits, depth: int, budget: _Budget) -> Iterator[Result]:
    if depth >= limits.max_zip_depth:
        raise _Reject(ZIP_UNSAFE, f"archives nested more than {limits.max_zip_depth} deep are not opened")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as e:  # noqa: BLE001 - zipfile raises many kinds of errors on bad input
        raise _Reject(BAD_ZIP, f"the zip archive is damaged or incomplete ({_short_exc(e)})") from None
    budget.members += len(infos)
    if budget.members > limits.max_members:
        raise _Reject(ZIP_UNSAFE, f"the archive has more than {limits.max_members} entries (nested archives "
                      "included); split it")
    declared = sum(i.file_size for i in infos)
    if budget.bytes + declared > limits.max_total_bytes:
        raise _Reject(ZIP_UNSAFE, f"the archive would unpack to {_mb(budget.bytes + declared)}, more than the "
                      f"limit of {_mb(limits.max_total_bytes)} (zip bomb?)")
    order = sorted(range(len(infos)), key=lambda k: (infos[k].filename, k))
    for k in order:
        info = infos[k]
        mname = _safe_name(info.filename)
        msource = f"{source}!{mname}"
        if not info.filename:  # e.g. a name that starts with NUL; ZipInfo.is_dir() fails on it
            yield Rejection(msource, "archive member not read: it has no name", ZIP_UNSAFE)
            continue
        if info.is_dir():
            continue
        why = _unsafe_member(info)
        if why:
            yield Rejection(msource, f"archive member not read: {why}", ZIP_UNSAFE)
            continue
        if _is_junk(info.filename):
            continue
        if info.flag_bits & 0x1:
            yield Rejection(msource, "the archive member is password-protected; unpack it first", ENCRYPTED)
            continue
        why = _bomb_reason(info, limits)
        if why:
            yield Rejection(msource, f"archive member {why}", ZIP_UNSAFE)
            continue
        if info.file_size > limits.max_bytes:
            yield Rejection(msource, f"the file is {_mb(info.file_size)}, more than the limit of "
                            f"{_mb(limits.max_bytes)}", TOO_LARGE)
            continue
        try:
            with zf.open(info) as f:
                content = f.read(info.file_size + 1)
                extra = f.read(1) if len(content) == info.file_size else b""
        except Exception as e:  # noqa: BLE001 - bad CRC, truncated data, unknown compression, ...
            yield Rejection(msource, f"the archive member could not be unpacked ({_short_exc(e)})", BAD_ZIP)
            continue
        if len(content) != info.file_size or extra:
            yield Rejection(msource, "the archive member's size does not match the archive directory "
                            "(damaged or crafted archive)", ZIP_UNSAFE)
            continue
        budget.bytes += len(content)
        if budget.bytes > limits.max_total_bytes:
            raise _Reject(ZIP_UNSAFE, f"the archive unpacks to more than {_mb(limits.max_total_bytes)}; "
                          "reading stopped (zip bomb?)")
        yield from _guarded(msource, limits, lambda s=msource, n=info.filename, c=content: _read_blob(
            s, n, c, limits, depth + 1, budget))
