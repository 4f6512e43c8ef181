"""The article's other dated activities, and a month the event is said to be held in.

``secondary`` lists other dated activities of the body (an earlier session, a planned
follow-up), at most three; ``month_only`` finds "pada Februari 2020" when no day is written.
"""

from __future__ import annotations

import re

from dashboard.extract import activity as _activity
from dashboard.extract.confidence import FIELDS
from dashboard.extract.occasion import PERIOD_END_RE, SAID_ON_RE, STAGE_BEFORE_RE
from dashboard.extract.document import Doc, sentence_of
from dashboard.extract.model import AgencyMention, Evidence, ExtractedEvent, RegionMention
from dashboard.extract.textutil import MONTH_RE, MONTHS


def _ev(text: str, a: int, b: int, conf: float) -> Evidence:
    return Evidence(a, b, text[a:b], max(0.0, min(1.0, conf)))


# the other end of a range whose other end is the main event's day ("dari 20 hingga 21 Januari")
_RANGE_GAP = re.compile(r"\s*(?:hingga|sampai(?:\s+dengan)?|s\.?\s?[d/]\.?|sd|-|\u2013|\u2014|dan)\s*")
# an activity word pointing back at the article's own event ("rakor ini", "kegiatan tersebut")
_SAME_EVENT = re.compile(r"\s+(?:ini|tersebut|itu)\b")
# what ends a clause between an activity word and a date ("pendaftaran dibuka pada 27 April,
# sementara pelantikan dijadwalkan ...": the pelantikan is not on 27 April)
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:sementara|sedangkan|namun|tetapi|adapun)\b")


_MONTH_ONLY_RE = re.compile(
    r"\b(?:(?:pada|bulan|awal|akhir|pertengahan|medio|sepanjang|selama)\s+)*(" + MONTH_RE + r")\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_DIGIT_BEFORE_RE = re.compile(r"\d\s*$")
# a month-year that names an election, not a time ("Pilkada serentak Desember 2020")
_ELECTION_BEFORE = re.compile(r"\b(?:pilkada|pemilu|pilpres|pileg|pemilihan|serentak|pilwalkot|pilbup|pilgub)\s*$")


def month_only(d: Doc) -> tuple[int, int, int, int] | None:
    """(start, end, year, month) of the first month-year, written without a day, in a sentence
    that names an activity, and not a period's end, a stage's month or an election's name."""
    low = d.work.lower()
    for ss, se in d.body_sents or d.sents:
        sent = d.work[ss:se]
        if "19" not in sent and "20" not in sent:
            continue  # no year: no month-year
        for m in _MONTH_ONLY_RE.finditer(d.work, ss, se):
            if _DIGIT_BEFORE_RE.search(d.work[max(ss, m.start() - 4):m.start()]):
                continue  # "12 Februari 2020" is a day, read by the date finder
            before = low[max(ss, m.start() - 80):m.start()]
            if PERIOD_END_RE.search(before) or STAGE_BEFORE_RE.search(before) or _ELECTION_BEFORE.search(before):
                continue
            if not _activity.find_all(d.ix, ss, se):
                continue
            return m.start(), m.end(), int(m.group(2)), MONTHS[m.group(1).lower()]
    return None


def secondary(text, work, d: Doc, cands, main_date, main: ExtractedEvent, vc, hits=()) -> list[ExtractedEvent]:
    """Other dated activities in the body (an earlier session, a follow-up), at most three.

    A date counts when its sentence names an activity and the date is not a period's end or
    a deadline, nor the day a quoted statement was made. The activity is the one nearest the
    date ("Usai dilantik, anggota KPPS mengikuti bimtek pada Rabu (25/11)" is a bimtek).
    The event keeps the article's election and regions (a release reports one area's
    preparations); its agencies are the taking-part bodies its own sentence names."""
    out = []
    seen = {main.event_date}
    low = None  # the lower-cased text, made when a date gets this far (most articles have none)
    for c in cands:
        if c is main_date or c.date is None or c.date in seen or c.zone in ("dateline", "caption") or c.score - c.occasion < -0.5:
            continue
        sent = sentence_of(d.sents, c.start)
        if not sent:
            continue
        if low is None:
            low = work.lower()
        before = low[max(sent[0], c.start - 80):c.start]
        if PERIOD_END_RE.search(before) or SAID_ON_RE.search(before) or STAGE_BEFORE_RE.search(before):
            continue
        if main_date is not None and (
            (c.end <= main_date.start and _RANGE_GAP.fullmatch(low[c.end:main_date.start]))
            or (main_date.end <= c.start and _RANGE_GAP.fullmatch(low[main_date.end:c.start]))
        ):
            continue
        # activity words near the date in its sentence (a bounded window: a run-on "sentence"
        # of thousands of dates must not make each date scan all of it)
        acts = [
            a for a in _activity.find_all(d.ix, max(sent[0], c.start - 200), min(sent[1], c.end + 200))
            if not _CLAUSE_BREAK.search(low[a[1]:c.start] if a[1] <= c.start else low[c.end:a[0]])
        ]
        if not acts:
            continue
        a0 = min(acts, key=lambda a: (c.start - a[1]) if a[1] <= c.start else (a[0] - c.end))
        if _SAME_EVENT.match(low, a0[1]):
            continue  # "Rakor ini berlangsung ... 20 hingga 21 Januari": the main event again
        e = ExtractedEvent(
            event_date=c.date, date_precision="day", date_flag="; ".join(c.flags) or None, activity=a0[2],
            election=main.election, level=main.level, confidence=0.35,
        )
        e.field_confidence = dict.fromkeys(FIELDS, 0.4)
        e.evidence["event_date"] = _ev(text, c.start, c.end, 0.4)
        e.evidence["activity"] = _ev(text, a0[0], a0[1], 0.4)
        if main.evidence.get("election"):
            e.evidence["election"] = main.evidence["election"]
        for v in vc:
            if sent[0] <= v.start < sent[1] and v.cls != "N":
                e.location = " ".join(text[v.start:v.end].split())
                e.evidence["location"] = _ev(text, v.start, v.end, 0.4)
                break
        e.regions = [RegionMention(r.name, r.code, None) for r in main.regions]
        named = set()
        for h in hits:
            if h.counted and sent[0] <= h.start < sent[1] and h.agency not in named:
                named.add(h.agency)
                e.agencies.append(AgencyMention(h.agency, h.role, _ev(text, h.start, h.end, 0.4)))
        seen.add(c.date)
        out.append(e)
        if len(out) >= 3:
            break
    return out
