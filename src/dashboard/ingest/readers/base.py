"""Rejection codes, limits and small helpers shared by every reader."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.ingest.model import RawArticle, Rejection
from dashboard.ingest.readers.cleaning import _BAD_CHARS, clean_line

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
