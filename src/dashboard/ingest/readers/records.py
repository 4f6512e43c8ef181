"""Records (JSON objects, CSV and Excel rows) to articles: field names, tables, counters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dashboard.ingest.model import RawArticle, Rejection
from dashboard.ingest.readers.base import (
    BAD_CSV, BAD_EXCEL, BAD_JSON, MISSING_COLUMN, MISSING_TEXT, NO_TEXT, TOO_LARGE, Limits, Result, _Reject,
    _safe_name,
)
from dashboard.ingest.readers.cleaning import _WS, clean_line, clean_text, clean_url
from dashboard.ingest.readers.dates import parse_date

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


@dataclass
class Table:
    """A sheet of rows: ``header`` is row 1; ``rows`` yields ``(row_number, values)``
    with spreadsheet row numbers (header = 1), blank rows skipped."""

    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]
    sheet: str | None = None


_KNOWN_ARTICLE_HEADERS = {n for names in FIELD_SYNONYMS.values() for n in names}


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
    if not counter.records and not counter.rejections:
        raise _Reject(NO_TEXT, "the table has its header row but no rows below it")
