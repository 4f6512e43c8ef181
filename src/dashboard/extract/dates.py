"""Event dates in Indonesian news text.

Recognised forms: ``Kamis (27/2)``, ``Rabu (27/11/24)``, ``Senin (31/8/8/2020)`` (malformed, the
duplicated part is dropped), ``kemarin (16/8)``, ``Senin, 12 Februari 2024``, ``hari kamis
tanggal 25 januari 2024``, ``20 hingga 21 Januari 2023`` (first day), ``22 Jul 2020``, plain
``10/02/2024``. Times (``07.00 WIB``) never form part of a date.

Every candidate is scored from its context (weekday written and matching, an activity word in
the same sentence, a statement date ``kata X, Senin (..)``, the voting day or a date marked
``mendatang``/``yang lalu``, the lead dateline) and the best one is the event date. The voting
day is penalised less for a voting-day visit (a monitoring sentence giving it with its weekday).
At most ``MAX_DATES`` candidates are read, each in a window of its sentence, so a page-long
run-on text stays linear.

Missing years are chosen among the publication year, the election's year(s) and the years
written elsewhere in the text, using the weekday, the rule that preparation precedes the
voting day, and ``YYYY mendatang``/``tahun depan`` cues. A written year that is implausible
for the article (``22/1/2029`` in a 2020 text) is corrected only when two signals agree: the
weekday fits the corrected year and the date lies close to a reference date (publication date
or another dated statement, or a ``pekan depan``-style cue); otherwise it is kept and flagged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from dashboard.extract.scan import KeywordRegex, TextIndex
from dashboard.extract.textutil import MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS

NUM_PAREN_RE = re.compile(
    r"\(\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<x>\d{1,4}))?(?:\s*/\s*(?P<y>\d{1,4}))?\s*\)"
)
NUM_PLAIN_RE = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\b(?![/\d])")
TEXT_RE = re.compile(
    r"(?<![\d.,])(?P<d>\d{1,2})(?:\s*(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|-|–|—|dan)\s*(?P<d2>\d{1,2}))?"
    r"\s+(?P<mon>" + MONTH_RE + r")\b\.?(?:\s*,?\s*(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
# what may precede a date: "Kamis", "Rabu, tanggal", "hari kamis tanggal", "kemarin"
_BACK_RE = re.compile(
    r"(?:\b(?P<wd>" + WEEKDAY_RE + r")\b[\s,]*)?(?:\bhari\s+)?(?:\b(?:tanggal|tgl)\.?\s*)?"
    r"(?:\b(?P<rel>kemarin|hari\s+ini|besok|lusa)\s*)?\Z",
    re.IGNORECASE,
)

_SPEECH_RE = re.compile(
    r"\b(?:kata|ujar|ungkap|jelas|tutur|ucap|tegas|terang|sebut|imbuh|tambah|pungkas|papar|katanya|ujarnya|ungkapnya|"
    r"jelasnya|tuturnya|ucapnya|tegasnya|terangnya|imbuhnya|tambahnya|pungkasnya|paparnya|sebutnya|menurut|mengatakan|"
    r"menyampaikan|menjelaskan|menuturkan|menegaskan|mengungkapkan|dikonfirmasi|dihubungi|kepada\s+wartawan|kepada\s+media)\b",
    re.IGNORECASE,
)
_RESCUE_RE = re.compile(
    r"\b(?:saat|ketika|dalam\s+acara|dalam\s+kegiatan|pada\s+acara|pada\s+kegiatan|di\s*sela|usai|seusai|selepas|"
    r"dilaksanakan|dilaksanakannya|digelar|diadakan|diselenggarakan|berlangsung|dimulai|dibuka)\b",
    re.IGNORECASE,
)
# between a rescue word and the date: another date or a new clause, so the rescue word is
# about something else ("dibuka pada 27 April hingga 6 Mei, sementara pelantikan ... 24 Mei")
_RESCUE_BREAK_RE = re.compile(
    r"\d{1,2}\s+" + MONTH_RE + r"\b|\(\s*\d{1,2}\s*/\s*\d{1,2}|\b(?:sementara|sedangkan|namun)\b|;",
    re.IGNORECASE,
)


def _rescued(before: str, pos: int) -> bool:
    """A speech-reported date still counts when an event word after the speech verb
    introduces it ("ujarnya saat rakor di Aula X, Senin (12/10)")."""
    for m in _RESCUE_RE.finditer(before, pos):
        if not _RESCUE_BREAK_RE.search(before, m.end()):
            return True
    return False


_VOTE_RE = re.compile(r"\b(?:pemungutan\s+suara|pencoblosan|hari\s+h|coblos|ke\s+tps|hari\s+pemungutan)\b", re.IGNORECASE)
_AFTER_NEG_RE = re.compile(r"\s*\)?\s*,?\s*(?:(?:yang\s+)?(?:mendatang|lalu|nanti)|silam)\b", re.IGNORECASE)
_BEFORE_NEG_RE = re.compile(r"\b(?:sejak|sebelumnya|semenjak|hingga|sampai|batas\s+akhir|paling\s+lambat|terakhir)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
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
    for s, e in spans:
        taken: list[tuple[int, int]] = []
        k0, k1 = bisect.bisect_left(months, s), bisect.bisect_left(months, e)
        plain = [m.start() for m in _PLAIN_ANCHOR_RE.finditer(text, s, e)]
        for kind, found in (
            ("paren", NUM_PAREN_RE.finditer(text, s, e)),
            ("text", _matches(TEXT_RE, text, _windows(months[k0:k1], 48, 40, s, e))),
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
                    break
        return
    # a year typo: correct only when the weekday and a second signal agree
    best = None
    for yy in sorted(cy):
        dd = _mk(yy, c.month, c.day)
        if dd is None:
            continue
        wd_ok = c.weekday is not None and dd.weekday() == c.weekday
        near = any(-45 <= (dd - r).days <= 90 for r in refs) or (ctx.soon and ctx.published and 0 <= (dd - ctx.published).days <= 60)
        if wd_ok and (near or ctx.soon):
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


def score(c: DateCand, text: str, sent: tuple[int, int], has_activity: bool, ctx: Context,
          monitoring: bool = False) -> float:
    """How likely ``c`` is the event date. ``monitoring``: the sentence has a monitoring
    keyword (pantau, tinjau, monitoring, ...), for which the voting day can be the event."""
    s = 0.0
    if c.zone == "dateline":
        s -= 1.0
    elif c.zone == "title":
        s += 0.3
    elif c.zone == "caption":
        # a photo caption's date usually repeats the event's; where they differ, the body's
        # account is the one written to report it
        s -= 0.5
    if c.weekday is not None:
        s += 1.0
        if c.date and c.date.weekday() == c.weekday:
            s += 1.0
        elif c.date:
            s -= 0.5
    if c.year is not None:
        s += 0.5
    if has_activity:
        s += 1.0
    ss, se = sent
    before = text[max(ss, c.start - 160):c.start]
    sp = None
    for m in _SPEECH_RE.finditer(before):
        sp = m
    if sp and not _rescued(before, sp.end()):
        s -= 2.0
    if c.date and c.date in ctx.voting_days:
        # the voting day is a stage, not the event, except for a voting-day visit: a monitoring
        # sentence that gives the date with its weekday ("memantau pemungutan suara, Rabu (9/12/2020)")
        s -= 1.0 if monitoring and c.weekday is not None else 3.0
    if _VOTE_RE.search(text, ss, se) and _AFTER_NEG_RE.match(text, c.end, min(se + 1, c.end + 30)):
        s -= 2.0
    elif _AFTER_NEG_RE.match(text, c.end, min(se + 1, c.end + 30)):
        s -= 2.0
    if _BEFORE_NEG_RE.search(text, max(ss, c.start - 40), c.start):
        s -= 1.5
    if re.search(r"\bsebelumnya\b", text[ss:c.start], re.IGNORECASE):
        s -= 1.0
    if ctx.published and c.date and (c.date - ctx.published).days > 3 and not ctx.soon:
        s -= 1.0
    if c.impossible:
        s -= 0.5
    return s
