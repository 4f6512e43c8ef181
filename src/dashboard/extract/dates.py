"""Event dates in Indonesian news text.

Recognised forms: ``Kamis (27/2)``, ``Rabu (27/11/24)``, ``Senin (31/8/8/2020)`` (malformed, the
duplicated part is dropped), ``kemarin (16/8)``, ``Senin, 12 Februari 2024``, ``hari kamis
tanggal 25 januari 2024``, ``20 hingga 21 Januari 2023`` (first day), ``22 Jul 2020``, plain
``10/02/2024``. Times (``07.00 WIB``) never form part of a date.

Which candidate is the event's day is decided in ``occasion`` (the date's clause: a statement,
the voting day, a stage, a plan, a background meeting). At most ``MAX_DATES`` candidates are
read, each in a window of its sentence, so a page-long run-on text stays linear. Forms also
read: US order from page templates (``Tuesday, November 10, 2020``).

Missing years are chosen among the publication year, the election's year(s) and the years
written elsewhere in the text, using the weekday, the rule that preparation precedes the
voting day, and ``YYYY mendatang``/``tahun depan`` cues. A written year that is implausible
for the article (``22/1/2029`` in a 2020 text) is corrected only when two signals agree: the
weekday fits the corrected year and a second signal agrees: a reference date close by
(publication date or another dated statement, or a ``pekan depan``-style cue), the election
named (its year), or the same day and month written elsewhere (a caption's ``(24/2)``);
otherwise it is kept and flagged. A plausible date whose weekday contradicts it is corrected to
the neighbouring month (or year) that fits the weekday only when that lies nearer to the printed
publication date (else to the other dates the text gives); with the weekday alone the written
date is kept and flagged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from dashboard.extract.scan import KeywordRegex, TextIndex
from dashboard.extract.textutil import MONTH_RE, MONTHS, WEEKDAY_ANY_RE, WEEKDAYS

NUM_PAREN_RE = re.compile(
    r"\(\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<x>\d{1,4}))?(?:\s*/\s*(?P<y>\d{1,4}))?\s*\)"
)
NUM_PLAIN_RE = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\b(?![/\d])")
TEXT_RE = re.compile(
    r"(?<![\d.,])(?P<d>\d{1,2})(?:\s*(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|-|–|—|dan)\s*(?P<d2>\d{1,2}))?"
    r"\s+(?P<mon>" + MONTH_RE + r")\b\.?(?:\s*,?\s*(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
# US order, as English page templates print it: "November 10, 2020", "Oct. 5, 2020"
US_RE = re.compile(
    r"(?<![\w.])(?P<mon>" + MONTH_RE + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,\s*(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_US_ANCHOR_RE = re.compile(r"\d(?:st|nd|rd|th)?\s*,\s*(?:19|20)\d\d")
_US_TAIL_RE = re.compile(r",\s*(?:19|20)\d\d")  # what every _US_ANCHOR_RE match ends with
# what may precede a date: "Kamis", "Rabu, tanggal", "hari kamis tanggal", "kemarin"
_BACK_RE = re.compile(
    r"(?:\b(?P<wd>" + WEEKDAY_ANY_RE + r")\b(?:\s+(?:pagi|siang|sore|malam))?[\s,]*)?(?:\bhari\s+)?(?:\b(?:tanggal|tgl)\.?\s*)?"
    r"(?:\b(?P<rel>kemarin|hari\s+ini|besok|lusa)\s*)?\Z",
    re.IGNORECASE,
)

_SOON_RE = re.compile(r"\b(?:pekan\s+depan|minggu\s+depan|besok|lusa|bulan\s+depan|dalam\s+waktu\s+dekat|akan\s+(?:digelar|dilaksanakan|diselenggarakan))\b", re.IGNORECASE)
_YEAR_AHEAD_RE = re.compile(r"\b((?:19|20)\d\d)\s+(?:mendatang|nanti)\b|\btahun\s+depan\b", re.IGNORECASE)
_YEAR_WORD_RE = re.compile(r"\b(?:tahun\s+|th\.?\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)

_WD_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WD_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@dataclass
class DateCand:
    start: int
    end: int
    day: int
    month: int
    year: int | None  # as written (normalised two-digit year), None when missing
    weekday: int | None
    year_written: str | None = None
    relative: str | None = None
    malformed: bool = False
    date: dt.date | None = None  # resolved
    flags: list[str] = field(default_factory=list)
    score: float = 0.0
    zone: str = "body"
    impossible: bool = False
    year_inferred: bool = False
    occasion: float = 0.0  # the part of ``score`` that puts the date on another occasion (see _other_occasion)


# Where the date forms can be. ``(d/m)`` starts with a bracket, which the regex engine finds
# fast by itself. A written month is a token of the index; ``d/m/y`` has a separator followed
# by a digit. Those two regexes run only in short windows around such anchors.
_PLAIN_ANCHOR_RE = re.compile(r"[/-]\d")
_MONTH_WORDS = frozenset(MONTHS)
_BACK_WORDS = frozenset({*WEEKDAYS, "jum", "hari", "tanggal", "tgl", "kemarin", "ini", "besok", "lusa"})


def _windows(anchors, before: int, after: int, s: int, e: int) -> list[tuple[int, int]]:
    """Merged ``[a - before, a + after)`` windows around sorted anchors, clipped to ``[s, e)``."""
    out: list[tuple[int, int]] = []
    for a in anchors:
        lo, hi = max(s, a - before), min(e, a + after)
        if lo >= hi:
            continue
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _matches(rx: re.Pattern, text: str, windows: list[tuple[int, int]]):
    for lo, hi in windows:
        yield from rx.finditer(text, lo, hi)


MAX_DATES = 200  # date candidates read per article (the resolution compares them pairwise)


def find_candidates(text: str | TextIndex, spans: list[tuple[int, int]]) -> list[DateCand]:
    ix = text if isinstance(text, TextIndex) else TextIndex(text)
    text = ix.text
    st = ix.starts
    months = [st[i] for i in ix.token_indexes(_MONTH_WORDS)]
    back_pos = [st[i] for i in ix.token_indexes(_BACK_WORDS)]
    out: list[DateCand] = []
    # "10, 2020": a US-order date can be there at all (its ", 2020" found first: a cheap search)
    us = bool(_US_TAIL_RE.search(text)) and bool(_US_ANCHOR_RE.search(text))
    for s, e in spans:
        taken: list[tuple[int, int]] = []
        k0, k1 = bisect.bisect_left(months, s), bisect.bisect_left(months, e)
        # (a plain date has a "/" or "-": a span without either is not scanned)
        plain = ([m.start() for m in _PLAIN_ANCHOR_RE.finditer(text, s, e)]
                 if text.find("/", s, e) >= 0 or text.find("-", s, e) >= 0 else [])
        for kind, found in (
            ("paren", NUM_PAREN_RE.finditer(text, s, e)),
            ("text", _matches(TEXT_RE, text, _windows(months[k0:k1], 48, 40, s, e))),
            ("text", _matches(US_RE, text, _windows(months[k0:k1], 0, 24, s, e)) if us else ()),
            ("plain", _matches(NUM_PLAIN_RE, text, _windows(plain, 4, 16, s, e))),
        ):
            for n_found, m in enumerate(found):
                if n_found >= MAX_DATES:
                    break  # bounds the work on odd input (an article has a few dozen dates at most)
                a, b = m.start(), m.end()
                if any(x <= a < y or x < b <= y for x, y in taken):
                    continue
                g = m.groupdict()
                k = bisect.bisect_left(back_pos, a - 40)
                # a weekday / "tanggal" / "kemarin" before the date (else only the empty match)
                back = _BACK_RE.search(text, max(s, a - 40), a) if k < len(back_pos) and back_pos[k] < a else None
                start = a
                if back and back.start() < a:
                    g["wd"], g["rel"] = back.group("wd"), back.group("rel")
                    start = back.start()
                    while start < a and text[start].isspace():
                        start += 1
                else:
                    g["wd"] = g["rel"] = None
                c = _cand(g, kind, start, b)
                if c:
                    out.append(c)
                    taken.append((a, b))
    out.sort(key=lambda c: c.start)
    return out[:MAX_DATES]


def _cand(g: dict, kind: str, start: int, end: int) -> DateCand | None:
    try:
        d = int(g["d"])
        if kind == "text":
            mo = MONTHS[g["mon"].lower()]
        else:
            mo = int(g["m"])
    except (KeyError, ValueError, TypeError):
        return None
    wd = WEEKDAYS.get(g["wd"].lower()) if g.get("wd") else None
    year = None
    written = None
    malformed = False
    if kind == "paren":
        x, y = g.get("x"), g.get("y")
        if y:  # four parts: 31/8/8/2020
            written, malformed = y, True
        elif x:
            written = x
    else:
        written = g.get("y")
    if written:
        if len(written) == 2:
            year = 2000 + int(written)
        elif len(written) == 4:
            year = int(written)
        else:
            malformed = True
            written = None
    return DateCand(
        start=start, end=end, day=d, month=mo, year=year, weekday=wd, year_written=written,
        relative=(g.get("rel") or None), malformed=malformed,
    )


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@dataclass
class Context:
    published: dt.date | None = None
    election_kind: str | None = None
    election_year: int | None = None
    voting_date: dt.date | None = None
    text_years: dict[int, int] = field(default_factory=dict)  # year -> count of mentions
    ahead_years: set[int] = field(default_factory=set)  # "2024 mendatang": events are before
    soon: bool = False
    voting_days: set[dt.date] = field(default_factory=set)
    # (day, month) of the dates written without a year (a caption's "(24/2)" beside "24/2/2109")
    partial: set[tuple[int, int]] = field(default_factory=set)
    # the lead names an activity: a statement's date is then not the event's (the event is undated)
    lead_activity: bool = False
    lead_plan: bool = False  # the lead reports a planned event ("akan menggelar", "dijadwalkan")
    lead_span: tuple[int, int] | None = None  # the headline-and-lead zone's first sentence
    plan_pos: list[int] = field(default_factory=list)  # starts of the plan words (berencana, akan, ...)
    follow_up: bool = False  # the article says it follows something up ("menindaklanjuti", "tindak lanjut")


def build_context(text: str | TextIndex, spans: list[tuple[int, int]], published: dt.date | None,
                  election_kind: str | None, election_year: int | None, voting: dict) -> Context:
    ix = text if isinstance(text, TextIndex) else TextIndex(text)
    ctx = Context(published=published, election_kind=election_kind, election_year=election_year)
    if election_kind and election_year:
        ctx.voting_date = voting.get(f"{election_kind} {election_year}")
    ctx.voting_days = {v for v in voting.values() if isinstance(v, dt.date)}
    ctx.voting_days.add(dt.date(2020, 9, 23))  # Pilkada 2020's original voting day
    text, lowtext = ix.text, ix.low
    for s, e in spans:
        low = lowtext[s:e]
        if "19" in low or "20" in low:
            for m in _YEAR_RE.finditer(low):
                a = m.start()
                if a and (low[a - 1].isalnum() or low[a - 1] == "_"):
                    continue  # not at a word start (the year of _YEAR_WORD_RE needs \b)
                y = int(m.group(1))
                ctx.text_years[y] = ctx.text_years.get(y, 0) + 1
        if "mendatang" in low or "nanti" in low or "depan" in low:
            for m in _YEAR_AHEAD_RE.finditer(text, s, e):
                if m.group(1):
                    ctx.ahead_years.add(int(m.group(1)))
                elif published:
                    ctx.ahead_years.add(published.year + 1)
        if not ctx.soon and any(k in low for k in _SOON_KEYS) and _SOON_KW.finditer(ix, s, e):
            ctx.soon = True
    return ctx


# years as _YEAR_WORD_RE counts them (its optional "tahun" prefix does not change which years)
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\b")
_SOON_KW = KeywordRegex(_SOON_RE, ("pekan", "minggu", "besok", "lusa", "bulan", "dalam", "akan"))
_SOON_KEYS = ("depan", "besok", "lusa", "dekat", "akan")


def _context_years(ctx: Context, exclude: int | None = None) -> set[int]:
    ys = set()
    if ctx.published:
        ys.add(ctx.published.year)
    if ctx.election_year:
        ys.update({ctx.election_year - 1, ctx.election_year})
    for y, n in ctx.text_years.items():
        if y != exclude or n > 1:
            ys.add(y)
    return {y for y in ys if 1990 <= y <= 2040}


def resolve(c: DateCand, ctx: Context, refs: list[dt.date]) -> None:
    """Fill ``c.date`` (or flag it) using the context."""
    if c.malformed and c.year:
        c.flags.append(f"malformed date normalised to {c.day}/{c.month}/{c.year}")
    if c.month < 1 or c.month > 12 or c.day < 1 or c.day > 31:
        c.impossible = True
        c.flags.append(f"impossible date {c.day}/{c.month}")
        return
    if c.year is not None:
        _resolve_written(c, ctx, refs)
    else:
        _resolve_missing(c, ctx, refs)
    if c.date and c.weekday is not None and c.date.weekday() != c.weekday:
        c.flags.append(
            f"weekday mismatch: text says {_WD_ID[c.weekday]} but {c.date.isoformat()} is a {_WD_NAMES[c.date.weekday()]}"
        )


def _resolve_written(c: DateCand, ctx: Context, refs: list[dt.date]) -> None:
    y = c.year
    d = _mk(y, c.month, c.day)
    cy = _context_years(ctx, exclude=y)
    implausible = not (1990 <= y <= 2040) or (cy and not (min(cy) - 1 <= y <= max(cy) + 1))
    if d is None and not implausible:
        c.impossible = True
        c.flags.append(f"impossible date {c.day}/{c.month}/{y}")
        return
    if not implausible:
        c.date = d
        if d is not None and c.weekday is not None and d.weekday() != c.weekday:
            # a plausible year that contradicts the written weekday ("Rabu (4/1/2022)" in an
            # article of 4 January 2023): another year near it that the weekday and a nearby
            # date both agree with is the one meant
            for yy in sorted({y - 1, y + 1} | set(cy), key=lambda v: abs(v - y)):
                dd = _mk(yy, c.month, c.day)
                if dd is not None and dd.weekday() == c.weekday and any(-45 <= (dd - r).days <= 90 for r in refs):
                    c.date = dd
                    c.flags.append(f"year typo corrected: {c.year_written} -> {yy} (weekday and nearby date agree)")
                    return
            _month_typo(c, d, ctx, refs)
        return
    # a year typo: correct only when the weekday and a second signal agree: a nearby reference
    # date, a "pekan depan" cue, the election named (its year or the year before), or the same
    # day and month written elsewhere without a year (a caption's "(24/2)")
    best = None
    election_years = {ctx.election_year, ctx.election_year - 1} if ctx.election_year else set()
    for yy in sorted(cy, key=lambda v: (v not in election_years, v)):
        dd = _mk(yy, c.month, c.day)
        if dd is None:
            continue
        wd_ok = c.weekday is not None and dd.weekday() == c.weekday
        near = any(-45 <= (dd - r).days <= 90 for r in refs) or (ctx.soon and ctx.published and 0 <= (dd - ctx.published).days <= 60)
        if wd_ok and (near or ctx.soon or yy in election_years or (c.day, c.month) in ctx.partial):
            best = dd
            break
    if best:
        c.date = best
        c.flags.append(f"year typo corrected: {c.year_written} -> {best.year} (weekday and nearby date agree)")
    elif d is not None:
        c.date = d
        c.flags.append(f"implausible year {c.year_written} kept (no second signal to correct it)")
    else:
        c.impossible = True
        c.flags.append(f"impossible date {c.day}/{c.month}/{c.year_written}")


def _month_typo(c: DateCand, d: dt.date, ctx: Context, refs: list[dt.date]) -> None:
    """The written month (or day) is a typo when the written weekday contradicts the date and
    a second signal agrees with a neighbouring date: "Selasa (3/11/2024)" in a page dated 4
    December 2024 is 3 December (a Tuesday). The alternative must fit the weekday and lie
    nearer to a reference date (the printed publication date, else another date the text
    gives, not a voting day) than the written date, within 45 days; with the weekday alone the
    written date is kept (and flagged by the caller)."""
    anchors = [ctx.published] if ctx.published else [r for r in refs if r not in ctx.voting_days]
    if not anchors:
        return

    def gap(x: dt.date) -> int:
        return min(abs((x - r).days) for r in anchors)

    alts = []
    for dm in (-1, 1):
        mm, yy = c.month + dm, d.year
        if mm < 1:
            mm, yy = 12, yy - 1
        elif mm > 12:
            mm, yy = 1, yy + 1
        alt = _mk(yy, mm, c.day)
        if alt is not None and alt.weekday() == c.weekday:
            alts.append(alt)
    for day in (c.day - 1, c.day + 1):  # a day typo ("Kamis (13/2)" for Kamis 12/2 or 14/2 is not it: weekday)
        alt = _mk(d.year, c.month, day) if 1 <= day <= 31 else None
        if alt is not None and alt.weekday() == c.weekday and ctx.published:
            alts.append(alt)
    alts = [a for a in alts if gap(a) <= 45 and gap(a) < gap(d)
            and (ctx.published is None or a <= ctx.published + dt.timedelta(days=1) or ctx.soon)]
    if alts:
        best = min(alts, key=gap)
        c.date = best
        c.flags.append(
            f"typo corrected: {c.day}/{c.month}/{c.year_written} -> {best.isoformat()} (weekday and nearby date agree)"
        )


def _resolve_missing(c: DateCand, ctx: Context, refs: list[dt.date]) -> None:
    cands = _context_years(ctx)
    if ctx.published:
        cands.update({ctx.published.year - 1, ctx.published.year})
    for r in refs:
        cands.add(r.year)
    if not cands:
        c.flags.append("year unknown")
        return
    best, best_s = None, -99.0
    for y in sorted(cands):
        d = _mk(y, c.month, c.day)
        if d is None:
            continue
        s = 0.0
        if c.weekday is not None:
            s += 3.0 if d.weekday() == c.weekday else -3.0
        if ctx.published:
            delta = (ctx.published - d).days
            if 0 <= delta <= 45:
                s += 2.5
            elif -90 <= delta < 0:
                s += 1.0 if ctx.soon else -0.5
            elif delta > 300 or delta < -90:
                s -= 1.5
        if ctx.voting_date:
            gap = (ctx.voting_date - d).days
            if 0 <= gap <= 400:
                s += 2.0
            elif 400 < gap <= 800:
                s += 0.5
            elif gap < -30:
                s -= 2.0
        elif ctx.election_year:
            if y == ctx.election_year:
                s += 1.0
            elif y == ctx.election_year - 1:
                s += 0.8
        if any(y < a for a in ctx.ahead_years):
            s += 1.0
        if any(y >= a for a in ctx.ahead_years):
            s -= 1.0
        for r in refs:
            if abs((d - r).days) <= 60:
                s += 1.0
                break
        s += 0.1 * min(ctx.text_years.get(y, 0), 5)
        if s > best_s:
            best, best_s = d, s
    if best is None:
        c.impossible = True
        c.flags.append(f"impossible date {c.day}/{c.month}")
        return
    c.date = best
    c.year_inferred = True
