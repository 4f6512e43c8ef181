"""What a file is: binary signatures, zip contents, HTML and JSON sniffing."""

from __future__ import annotations

import io
import json
import re
import zipfile

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


def _label(ext: str) -> str:
    return "Excel workbook" if ext in XLSX_EXTS else "zip archive"


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
