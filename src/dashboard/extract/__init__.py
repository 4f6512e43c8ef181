"""Event extraction from Indonesian election-preparedness articles.

``extract_events(text, title=..., published=..., url=..., publisher=...)`` returns the events an
article reports, main event first (the one the headline/lead reports), then other dated
activities the text describes (an earlier session, a planned follow-up). Every value carries
an :class:`Evidence` whose offsets index ``text`` exactly as given.

Pipeline (each step a module of this package, rules that explain themselves):

1. ``dashboard.ingest.clean.clean_article``: segments; related headlines, Baca Juga blocks,
   share/comment/footer boilerplate are blanked (same length) so nothing downstream sees them.
2. ``election``: the election named, weighted headline > lead > rest.
3. ``dates``: date candidates scored in context; missing years and typos resolved.
4. ``activity``: keyword of the headline, else the lead.
5. ``venue``: ``di``/``bertempat di`` phrases.
6. ``agencies``: gazetteer mentions that count (not election names, venues, exhortations).
7. ``regions``: jurisdictions anchored to agencies/officials or election names.
8. ``participants``: a stated head count.

Extraction never raises: any input (empty, huge, binary junk) gives a list, possibly empty.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re

from dashboard.extract import activity as _activity
from dashboard.extract import agencies as _agencies
from dashboard.extract import dates as _dates
from dashboard.extract import election as _election
from dashboard.extract import participants as _participants
from dashboard.extract import regions as _regions
from dashboard.extract import venue as _venue
from dashboard.extract.gazetteer import voting_dates
from dashboard.extract.model import AgencyMention, Evidence, ExtractedEvent, RegionMention
from dashboard.extract.scan import TextIndex
from dashboard.extract.textutil import MONTH_RE, MONTHS
from dashboard.extract.textutil import sentences as _sentences

__all__ = ["extract_events", "ExtractedEvent", "Evidence", "AgencyMention", "RegionMention"]

log = logging.getLogger(__name__)

MAX_CHARS = 100_000  # longer inputs are read up to here (offsets stay valid)
SENT_WINDOW = 400  # characters of a date's sentence read on either side of it

_VOTING: dict | None = None


def _voting() -> dict:
    global _VOTING
    if _VOTING is None:
        try:
            _VOTING = voting_dates()
        except Exception:  # pragma: no cover - missing data file
            _VOTING = {}
    return _VOTING


def extract_events(
    text: str,
    *,
    title: str | None = None,
    published: dt.date | str | None = None,
    url: str | None = None,
    publisher: str | None = None,
) -> list[ExtractedEvent]:
    """Events reported by ``text`` (main event first). Never raises."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        if not isinstance(text, str) or not text.strip():
            return []
        if title is not None and not isinstance(title, str):
            title = None
        return _extract(text, title=title, published=_as_date(published))
    except Exception:  # defensive: a bug must not stop an ingest run
        log.exception("extraction failed")
        return []


def _as_date(v) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    return None


def _ev(text: str, a: int, b: int, conf: float) -> Evidence:
    return Evidence(a, b, text[a:b], max(0.0, min(1.0, conf)))


class _Doc:
    """Everything the field extractors share for one article."""

    def __init__(self, text: str, title: str | None, published: dt.date | None):
        # imported here: dashboard.ingest.clean itself uses dashboard.extract.textutil
        from dashboard.ingest.clean import _is_timestamp_line, clean_article

        self.text = text
        limit = min(len(text), MAX_CHARS)
        self.doc = clean_article(text[:limit], title)
        masked = self.doc.masked()
        self.work = masked + " " * (len(text) - limit) if limit < len(text) else masked
        self.published = published or self.doc.published
        self.title_span = self.doc.title_span
        self.kept: list[tuple[int, int]] = []  # title/body/caption spans
        self.datelines: list[tuple[int, int]] = []  # lead dateline prefixes
        self.captions = [(s.start, s.end) for s in self.doc.segments if s.kind == "caption"]
        for s in self.doc.segments:
            if s.kind in ("title", "body", "caption"):
                if self.kept and self.kept[-1][1] == s.start:
                    self.kept[-1] = (self.kept[-1][0], s.end)
                else:
                    self.kept.append((s.start, s.end))
            elif s.kind == "dateline" and not _is_timestamp_line(text[s.start:s.end].strip()):
                self.datelines.append((s.start, s.end))
        self.ix = TextIndex(self.work)
        self.sents: list[tuple[int, int]] = []
        for s, e in self.kept:
            self.sents.extend(_sentences(self.work, s, e))
        ts = self.title_span
        self.body_sents = [x for x in self.sents if not (ts and ts[0] <= x[0] < ts[1])]
        lead = self.body_sents[:3]
        self.lead = (lead[0][0], lead[-1][1]) if lead else None


def _extract(text: str, title: str | None, published: dt.date | None) -> list[ExtractedEvent]:
    d = _Doc(text, title, published)
    work = d.work
    ev = ExtractedEvent()
    confs: list[float] = []
    title_missing = bool(title and d.title_span is None)

    # --- election (kind/year; the year may wait for the date) ---------------------------
    zones = []
    if d.title_span:
        zones.append((d.title_span[0], d.title_span[1], 3.0))
    if d.lead:
        zones.append((d.lead[0], d.lead[1], 2.0))
    zones.extend((s, e, 1.0) for s, e in d.kept)
    kind, year, el_span, el_conf = _election.choose(d.ix, zones)
    if title_missing and title:
        tk = _election.mentions(title)
        if tk and not kind:
            kind, year = tk[0][2], tk[0][3]

    # --- dates ----------------------------------------------------------------------------
    date_spans = list(d.kept) + d.datelines
    cands = _dates.find_candidates(d.ix, sorted(date_spans))
    for c in cands:
        if any(a <= c.start < b for a, b in d.datelines):
            c.zone = "dateline"
        elif d.title_span and d.title_span[0] <= c.start < d.title_span[1]:
            c.zone = "title"
        elif any(a <= c.start < b for a, b in d.captions):
            c.zone = "caption"
    voting = _voting()
    ctx = _dates.build_context(d.ix, d.kept, d.published, kind, year, voting)
    refs = [d.published] if d.published else []
    written = [c for c in cands if c.year is not None]
    for c in written:
        others = refs + [_safe(o) for o in written if o is not c]
        _dates.resolve(c, ctx, [r for r in others if r])
    refs2 = refs + [c.date for c in written if c.date and not any("typo" in f or "implausible" in f for f in c.flags)]
    for c in cands:
        if c.year is None:
            _dates.resolve(c, ctx, refs2)
    for c in cands:
        sent = _sentence_of(d.sents, c.start) or (c.start, c.end)
        # the context of a date is its sentence, read at most SENT_WINDOW characters either side
        # (a run-on "sentence" of a whole page must not make every date scan all of it)
        sent = (max(sent[0], c.start - SENT_WINDOW), min(sent[1], c.end + SENT_WINDOW))
        acts = _activity.find_all(d.ix, sent[0], sent[1])
        c.score = _dates.score(c, work, sent, bool(acts), ctx, any(x[2] == "monitoring" for x in acts))
    ranked = sorted((c for c in cands if c.score >= -1.5), key=lambda c: (-c.score, c.start))
    main_date = None
    for c in ranked:
        if c.date is not None:
            main_date = c
            break
        if c.impossible and ev.date_flag is None:
            ev.date_flag = "; ".join(c.flags)
    if main_date:
        ev.event_date = main_date.date
        ev.date_precision = "day"
        ev.date_flag = "; ".join(main_date.flags) or None
        if main_date.year_inferred and not ev.date_flag:
            ev.date_flag = None
        conf = 0.85 if main_date.score >= 2 else 0.65 if main_date.score >= 0.5 else 0.45
        if main_date.flags:
            conf -= 0.15
        if main_date.year_inferred:
            conf -= 0.1
        ev.evidence["event_date"] = _ev(text, main_date.start, main_date.end, conf)
        confs.append(conf)

    # no day anywhere: a month the event is said to be held in ("pada Februari 2020") -----------
    if main_date is None and ev.event_date is None:
        m = _month_only(d)
        if m is not None:
            ev.event_date, ev.date_precision = dt.date(m[2], m[3], 1), "month"
            ev.evidence["event_date"] = _ev(text, m[0], m[1], 0.5)
            confs.append(0.5)

    # election year from the date when not written
    if kind and year is None:
        year = _election.year_from_date(kind, ev.event_date or d.published, None)
        el_conf -= 0.1
    if kind and year:
        ev.election = f"{kind} {year}"
        if el_span:
            ev.evidence["election"] = _ev(text, el_span[0], el_span[1], el_conf)
        confs.append(el_conf)
        # a missing-year date resolved before the election year was known: redo with it
        if main_date and main_date.year_inferred and ctx.election_year is None:
            ctx2 = _dates.build_context(d.ix, d.kept, d.published, kind, year, voting)
            c2 = _dates.DateCand(main_date.start, main_date.end, main_date.day, main_date.month, None, main_date.weekday)
            _dates.resolve(c2, ctx2, refs2)
            if c2.date and c2.date != ev.event_date:
                ev.event_date = c2.date

    # --- activity -------------------------------------------------------------------------
    act_zones = []
    if d.title_span:
        act_zones.append(d.title_span)
    if d.lead:
        act_zones.append(d.lead)
    act_zones.extend(d.kept)
    label, a_span, a_conf = _activity.classify(d.ix, act_zones)
    if title_missing and title:
        tl = _activity.classify_string(title)
        if tl != "other" or label == "other":
            label = tl
            hits = [h for h in _activity.find_all(d.ix) if h[2] == tl]
            a_span = (hits[0][0], hits[0][1]) if hits else None
            a_conf = 0.85
    ev.activity = label
    if a_span:
        ev.evidence["activity"] = _ev(text, a_span[0], a_span[1], a_conf)
    confs.append(a_conf)

    # --- venue ----------------------------------------------------------------------------
    region_names = _region_names()
    vc = _venue.candidates(d.ix, d.sents, region_names)
    v = _venue.choose(vc, d.title_span)
    if v and v.cls != "N":  # N: held in each of several places ("di kecamatan masing-masing")
        ev.location = " ".join(text[v.start:v.end].split())
        vconf = {"A": 0.8, "B": 0.7, "V": 0.65, "C": 0.5, "D": 0.45}[v.cls]
        ev.evidence["location"] = _ev(text, v.start, v.end, vconf)
        confs.append(vconf)
    # a visited place names its host, who took part: its bodies and region are not masked
    venue_spans = [(c.start, c.end) for c in vc if c.cls not in ("V", "N")]

    # --- agencies -------------------------------------------------------------------------
    hits = _agencies.find(d.ix, d.sents, d.kept, venue_spans, d.title_span)
    for h in _agencies.summarise(hits):
        conf = 0.85 if h.kind in ("abbr", "fullname", "unit") else 0.75
        ev.agencies.append(AgencyMention(h.agency, h.role, _ev(text, h.start, h.end, conf)))
        confs.append(conf)

    # --- regions --------------------------------------------------------------------------
    rhits = _regions.find(d.ix, d.sents, hits, venue_spans, d.title_span, d.doc.dateline_place)
    national = any(h.level == "nasional" for h in hits if h.counted)
    virtual = _venue.is_virtual(d.ix, d.sents)
    for r in _regions.select(work, rhits, ev.election, national, virtual, d.ix.low):
        evd = _ev(text, r.start, r.end, r.confidence) if r.start >= 0 else None
        ev.regions.append(RegionMention(r.name, r.code, evd))
        confs.append(r.confidence)

    # --- election not named: the one an election body is preparing at that date -----------
    if ev.election is None and kind is None:
        bodies = {a.agency for a in ev.agencies}
        codes = [r.code for r in ev.regions if r.code]
        guess = _election.infer(ev.event_date or d.published, voting, bodies, codes)
        if guess:
            ev.election = guess
            confs.append(0.4)

    # --- participants -----------------------------------------------------------------------
    p = _participants.find(d.ix, d.sents)
    if p:
        val, (a, b), lb = p
        ev.participants = val
        ev.evidence["participants"] = _ev(text, a, b, 0.7 if lb else 0.8)
        confs.append(0.75)

    # --- level ----------------------------------------------------------------------------
    ev.level = _level(ev, hits)
    ev.confidence = round(sum(confs) / len(confs), 3) if confs else 0.2

    events = [ev]
    events.extend(_secondary(text, work, d, cands, main_date, ev, vc, hits))
    return events


def _safe(c) -> dt.date | None:
    if c.year and 1 <= c.month <= 12:
        try:
            return dt.date(c.year, c.month, c.day)
        except ValueError:
            return None
    return None


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    k = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if k >= 0 and sents[k][0] <= pos < sents[k][1]:
        return sents[k]
    return None


_REGION_NAMES: frozenset | None = None


def _region_names() -> frozenset:
    global _REGION_NAMES
    if _REGION_NAMES is None:
        from dashboard.extract.gazetteer import _region_aliases

        names = set()
        for n in _region_aliases():
            names.add(n)
            names.add("Kabupaten " + n)
            names.add("Kota " + n)
            names.add("Provinsi " + n)
        _REGION_NAMES = frozenset(names)
    return _REGION_NAMES


def _level(ev: ExtractedEvent, hits) -> str | None:
    for h in hits:
        if h.counted and h.role == "organiser" and h.level in ("nasional", "provinsi", "kabkota"):
            return h.level
    from dashboard.extract.gazetteer import regions

    regs = regions()
    lv = [regs[r.code].level for r in ev.regions if r.code and r.code in regs]
    if any(x in ("kabupaten", "kota") for x in lv) or any(r.code is None for r in ev.regions):
        return "kabkota"
    if lv:
        return "provinsi"
    if any(h.counted and h.level == "nasional" for h in hits):
        return "nasional"
    return None


# a date that closes or bounds a period ("kampanye berlangsung hingga 5 Desember", "paling
# lambat Senin (12/10)") is a deadline or a stage, not a day on which something was held
_PERIOD_END = re.compile(
    r"(?:\bhingga|\bsampai(?:\s+dengan)?|\bs\.?\s?[d/]\.?|\bsd|\bpaling\s+lambat|\bselambat-lambatnya|\bbatas(?:\s+akhir|\s+waktu)?"
    r"|\bdimulai(?:nya)?(?:\s+pada)?|\bberakhir(?:\s+pada)?|\btenggat(?:\s+waktu)?|\bsejak|\bterhitung(?:\s+mulai)?)"
    r"(?:\s+(?:tanggal|tgl\.?|pada|hari))?\s*[,(]?\s*$"
)
# the date of a quoted statement: "..., ujar Bambang, Kamis (12/11)" / "katanya, Senin (9/11)"
_SAID_ON = re.compile(
    r"\b(?:ujar|kata|ucap|ungkap|jelas|tutur|terang|tegas|sebut|papar|imbuh|tambah|pungkas|katakan|sampaikan)"
    r"(?:nya)?\b(?:[^.;:\"\u201c\u201d]|\.(?=\S)){0,70},\s*$"
)
# a date right after an election stage's name is that stage's date ("masa tenang 14 sampai
# 16 April", "pemungutan suara 9 Desember"), whatever activity word the sentence holds
_STAGE_BEFORE = re.compile(
    r"\b(?:masa\s+(?:tenang|kampanye)|pemungutan\s+suara|pencoblosan|hari\s+(?:h|pemungutan|pencoblosan)|"
    r"pendaftaran|penetapan|pengundian)(?:\s+\w+){0,2}\s+(?:pada\s+|tanggal\s+)?$"
)
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
# a month-year that names an election, not a time ("Pilkada serentak Desember 2020")
_ELECTION_BEFORE = re.compile(r"\b(?:pilkada|pemilu|pilpres|pileg|pemilihan|serentak|pilwalkot|pilbup|pilgub)\s*$")


def _month_only(d: _Doc) -> tuple[int, int, int, int] | None:
    """(start, end, year, month) of the first month-year, written without a day, in a sentence
    that names an activity, and not a period's end, a stage's month or an election's name."""
    low = d.work.lower()
    for ss, se in d.body_sents or d.sents:
        for m in _MONTH_ONLY_RE.finditer(d.work, ss, se):
            if re.search(r"\d\s*$", d.work[max(ss, m.start() - 4):m.start()]):
                continue  # "12 Februari 2020" is a day, read by the date finder
            before = low[max(ss, m.start() - 80):m.start()]
            if _PERIOD_END.search(before) or _STAGE_BEFORE.search(before) or _ELECTION_BEFORE.search(before):
                continue
            if not _activity.find_all(d.ix, ss, se):
                continue
            return m.start(), m.end(), int(m.group(2)), MONTHS[m.group(1).lower()]
    return None


def _secondary(text, work, d: _Doc, cands, main_date, main: ExtractedEvent, vc, hits=()) -> list[ExtractedEvent]:
    """Other dated activities in the body (an earlier session, a follow-up), at most three.

    A date counts when its sentence names an activity and the date is not a period's end or
    a deadline, nor the day a quoted statement was made. The activity is the one nearest the
    date ("Usai dilantik, anggota KPPS mengikuti bimtek pada Rabu (25/11)" is a bimtek).
    The event keeps the article's election and regions (a release reports one area's
    preparations); its agencies are the taking-part bodies its own sentence names."""
    out = []
    seen = {main.event_date}
    low = work.lower()
    for c in cands:
        if c is main_date or c.date is None or c.date in seen or c.zone in ("dateline", "caption") or c.score < -0.5:
            continue
        sent = _sentence_of(d.sents, c.start)
        if not sent:
            continue
        before = low[max(sent[0], c.start - 80):c.start]
        if _PERIOD_END.search(before) or _SAID_ON.search(before) or _STAGE_BEFORE.search(before):
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


def extract_main(text: str, **kw) -> ExtractedEvent | None:
    evs = extract_events(text, **kw)
    return evs[0] if evs else None


_ = re  # re is used by submodules; keep the import for callers that monkeypatch
