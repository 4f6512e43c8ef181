"""Plain text files (.txt, .md): one article each, with an optional header block."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dashboard.ingest.model import RawArticle
from dashboard.ingest.readers.base import EMPTY, NO_TEXT, Limits, Result, _Reject
from dashboard.ingest.readers.cleaning import clean_line, clean_text, clean_url
from dashboard.ingest.readers.dates import parse_date

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
