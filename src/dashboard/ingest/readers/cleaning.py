"""Cleaning of text, one-line values and URLs read from any format."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

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
