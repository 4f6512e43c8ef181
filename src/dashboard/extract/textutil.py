"""Shared text helpers: lines and sentences with offsets, Indonesian calendar words.

Everything here works on offsets into the caller's string, so evidence spans stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WEEKDAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "jum’at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
    # English, as page templates print them ("Tuesday, November 10, 2020")
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
WEEKDAY_RE = r"(?:senin|selasa|rabu|kamis|jum[’']?at|sabtu|minggu|ahad)"
# with the English names, for the dates page templates print in US order
WEEKDAY_ANY_RE = r"(?:senin|selasa|rabu|kamis|jum[’']?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "febuari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "dr", "drs", "dra", "h", "hj", "ir", "prof", "st", "s", "m", "si", "msi", "kab", "prov", "kec", "kel",
    "no", "jl", "jln", "tgl", "pj", "pjs", "plt", "plh", "ny", "sdr", "bpk", "kol", "inf", "kav", "ak",
    "se", "sh", "mh", "mm", "ma", "mpd", "kom", "sip", "sik", "ikom", "dll", "dsb", "yth", "a", "b", "c",
    "d", "e", "f", "g", "i", "j", "k", "l", "n", "o", "p", "r", "t", "u", "v", "w", "y", "z", "ph", "phd",
    "purn", "marsekal", "kep", "kes", "skep", "ssos", "sos", "spd", "ap", "dkk", "hc", "kh", "nomor", "rt", "rw",
    "ds", "jend", "kapt", "let",
}
ABBREVIATIONS = frozenset(_ABBREV)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_LINE_RE = re.compile(r"[^\n]*\n?")


def lines_with_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            out.append((pos, n))
            break
        out.append((pos, nl))
        pos = nl + 1
    return out


_SENT_END_RE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(]?[A-Z0-9])|[.!?]+[\"”’')\]]*(?=[A-Z][a-z])|\n+")
_WORD_BEFORE_RE = re.compile(r"(\w+)\W*$")
_SENT_CHAR_RE = re.compile(r"[.!?\n]")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (absolute offsets), stripped of outer spaces."""
    if end is None:
        end = len(text)
    out = []
    s = start
    last = start
    match = _SENT_END_RE.match
    # every sentence end starts with one of these characters: try the full pattern only there
    # (the same matches as _SENT_END_RE.finditer, much faster than trying every position)
    for c in _SENT_CHAR_RE.finditer(text, start, end):
        p = c.start()
        if p < last:
            continue
        if text[p] == "\n":  # the pattern's "\n+": the run of line breaks
            e, last = p, p + 1
            while last < end and text[last] == "\n":
                last += 1
        else:
            m = match(text, p, end)
            if m is None:
                continue
            last = m.end()
            # a full stop after a known abbreviation or a single capital does not end a sentence
            w = _WORD_BEFORE_RE.search(text, max(s, p - 12), p)
            if w and w.group(1).lower() in _ABBREV:
                continue
            e = last
        _push(text, s, e, out)
        s = last
    _push(text, s, end, out)
    return out


def _push(text: str, s: int, e: int, out: list) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def squash(s: str) -> str:
    return " ".join(s.split())
