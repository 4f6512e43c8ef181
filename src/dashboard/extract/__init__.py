"""Event extraction from Indonesian election-preparedness articles.

``extract_events(text, title=..., published=..., url=..., publisher=...)`` returns the events an
article reports, main event first (the one the headline/lead reports), then other dated
activities the text describes (an earlier session, a planned follow-up). Every value carries
an :class:`Evidence` whose offsets index ``text`` exactly as given.

Pipeline (each step a module of this package, rules that explain themselves):

1. ``document``: ``dashboard.ingest.clean.clean_article`` segments the text; related headlines,
   Baca Juga blocks, share/comment/footer boilerplate are blanked (same length) so nothing
   downstream sees them; one ``TextIndex`` and the sentence spans are shared by every step.
2. ``election``: the election named, weighted headline > lead > rest.
3. ``dates``: date candidates, missing years and typos resolved; ``occasion`` scores them in
   their clause (a statement's day, the voting day, a stage, a plan are other occasions).
4. ``activity``: keyword of the headline, else the lead (not in a job title, not a background
   or planned occasion's).
5. ``venue``: ``di``/``bertempat di`` phrases, places visited.
6. ``agencies``: gazetteer mentions that count (not election names, venues, exhortations;
   ``clauses`` and ``mentions`` read why a mention is only a mention).
7. ``regions``: jurisdictions anchored to agencies/officials or election names.
8. ``participants``: a stated head count.
9. ``secondary``: other dated activities of the body (an earlier session, a follow-up).
10. ``confidence``: each field's confidence and the event's (the review queue sorts by it).

Extraction never raises: any input (empty, huge, binary junk) gives a list, possibly empty.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from dashboard.extract import activity as _activity
from dashboard.extract import agencies as _agencies
from dashboard.extract import confidence as _conf
from dashboard.extract import dates as _dates
from dashboard.extract import election as _election
from dashboard.extract import occasion as _occasion
from dashboard.extract import participants as _participants
from dashboard.extract import regions as _regions
from dashboard.extract import secondary as _secondary
from dashboard.extract import venue as _venue
from dashboard.extract.document import Doc, region_names, sentence_of
from dashboard.extract.gazetteer import voting_dates
from dashboard.extract.model import AgencyMention, Evidence, ExtractedEvent, RegionMention

__all__ = ["extract_events", "ExtractedEvent", "Evidence", "AgencyMention", "RegionMention"]

log = logging.getLogger(__name__)

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


def _extract(text: str, title: str | None, published: dt.date | None) -> list[ExtractedEvent]:
    d = Doc(text, title, published)
    work = d.work
    ev = ExtractedEvent()
    fc: dict[str, float] = {}  # field -> confidence (see confidence.py)
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
    _date_signals(ctx, d, cands)
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
        sent = sentence_of(d.sents, c.start) or (c.start, c.end)
        # the context of a date is its sentence, read at most SENT_WINDOW characters either side
        # (a run-on "sentence" of a whole page must not make every date scan all of it)
        sent = (max(sent[0], c.start - SENT_WINDOW), min(sent[1], c.end + SENT_WINDOW))
        acts = _activity.find_all(d.ix, sent[0], sent[1])
        c.score = _occasion.score(c, work, sent, bool(acts), ctx, any(x[2] == "monitoring" for x in acts))
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
        fc["event_date"] = _conf.event_date(main_date, ranked, True, False)
        ev.evidence["event_date"] = _ev(text, main_date.start, main_date.end, fc["event_date"])
    else:
        fc["event_date"] = _conf.event_date(None, ranked, bool(cands), False)

    # no day anywhere: a month the event is said to be held in ("pada Februari 2020") -----------
    if main_date is None and ev.event_date is None:
        m = _secondary.month_only(d)
        if m is not None:
            ev.event_date, ev.date_precision = dt.date(m[2], m[3], 1), "month"
            fc["event_date"] = _conf.event_date(None, ranked, True, True)
            ev.evidence["event_date"] = _ev(text, m[0], m[1], fc["event_date"])

    # election year when not written beside its name: a voting day the text gives, else the
    # event (or publication) date, else the election years the text writes
    if kind and year is None:
        year = _election.year_from_context(
            kind, [c.date for c in cands if c.date], ev.event_date or d.published, ctx.text_years, voting)
        el_conf -= 0.1
    if kind and year:
        ev.election = f"{kind} {year}"
        fc["election"] = _conf.election(ev.election, el_conf, False)
        if el_span:
            ev.evidence["election"] = _ev(text, el_span[0], el_span[1], fc["election"])
        # a missing-year date resolved before the election year was known: redo with it
        if main_date and main_date.year_inferred and ctx.election_year is None:
            ctx2 = _dates.build_context(d.ix, d.kept, d.published, kind, year, voting)
            _date_signals(ctx2, d, cands)
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

    def planned(pos: int) -> bool:
        sent = sentence_of(d.sents, pos)
        return _occasion.planned_elsewhere(work, pos, sent[0] if sent else pos, ctx)

    label, a_span, _ = _activity.classify(d.ix, act_zones, d.sents, planned)
    from_title = False
    if title_missing and title:
        tl = _activity.classify_string(title)
        if tl != "other" or label == "other":
            label, from_title = tl, tl != "other"
            hits = [h for h in _activity.find_all(d.ix) if h[2] == tl]
            a_span = (hits[0][0], hits[0][1]) if hits else None
    ev.activity = label
    zones = {"title": d.title_span, "lead": ctx.lead_span, "leadzone": d.lead}
    background = bool(a_span) and _activity.background(work, a_span[0], (sentence_of(d.sents, a_span[0]) or a_span)[0])
    fc["activity"] = _conf.activity(a_span, zones, background, *_zone_labels(d, act_zones), from_title=from_title)
    if a_span:
        ev.evidence["activity"] = _ev(text, a_span[0], a_span[1], fc["activity"])

    # --- venue ----------------------------------------------------------------------------
    vc = _venue.candidates(d.ix, d.sents, region_names())
    v = _venue.choose(vc, d.title_span)
    fc["location"] = _conf.location(v, vc, zones, not ctx.lead_activity)
    if v and v.cls != "N":  # N: held in each of several places ("di kecamatan masing-masing")
        ev.location = " ".join(text[v.start:v.end].split())
        ev.evidence["location"] = _ev(text, v.start, v.end, fc["location"])
    # a visited place names its host, who took part: its bodies and region are not masked
    venue_spans = [(c.start, c.end) for c in vc if c.cls not in ("V", "N")]
    venue_spans += _venue.repeats(work, d.ix.low, venue_spans)  # "mengambil lapangan upacara Pemda" again

    # --- agencies -------------------------------------------------------------------------
    def planned_partner(pos: int, ss: int) -> bool:
        # a partner of a new occasion planned outside the lead ("KPU juga akan menggelar rakor
        # dengan Polres"): an activity is named between the plan and the body, and it is not the
        # event's own programme going on ("akan dilanjutkan dengan paparan Kapolres")
        p = _occasion.plan_marker(work, pos, ss, ctx)
        return bool(p and _activity.find_all(d.ix, p.end(), pos) and not _CONTINUES_RE.search(work, p.end(), pos))

    hits = _agencies.find(d.ix, d.sents, d.kept, venue_spans, d.title_span, planned_partner)
    summary = _agencies.summarise(hits)
    for h in summary:
        conf = 0.85 if h.kind in ("abbr", "fullname", "unit") else 0.75
        ev.agencies.append(AgencyMention(h.agency, h.role, _ev(text, h.start, h.end, conf)))
    fc["agencies"] = _conf.agencies(summary, hits, [z for z in (d.title_span, d.lead) if z],
                                    lambda pos: _in_sentence(_REPORTED_RE, work, d.sents, pos),
                                    lambda pos: _in_sentence(_ATTENDED_RE, work, d.sents, pos))

    # --- regions --------------------------------------------------------------------------
    rhits = _regions.find(d.ix, d.sents, hits, venue_spans, d.title_span, d.doc.dateline_place)
    national = any(h.level == "nasional" for h in hits if h.counted)
    virtual = _venue.is_virtual(d.ix, d.sents)
    routs = _regions.select(work, rhits, ev.election, national, virtual, d.ix.low)
    for r in routs:
        evd = _ev(text, r.start, r.end, r.confidence) if r.start >= 0 else None
        ev.regions.append(RegionMention(r.name, r.code, evd))
    fc["regions"] = _conf.regions(routs, national, any(
        r.code and r.start >= 0 and " ".join(text[r.start:r.end].split()).casefold() not in r.name.casefold()
        for r in routs))

    # --- election not named: the one an election body is preparing at that date -----------
    if ev.election is None and kind is None:
        bodies = {a.agency for a in ev.agencies}
        codes = [r.code for r in ev.regions if r.code]
        guess = _election.infer(ev.event_date or d.published, voting, bodies, codes)
        if guess:
            ev.election = guess
        fc["election"] = _conf.election(ev.election, 0.0, True)

    # --- participants -----------------------------------------------------------------------
    p = _participants.find(d.ix, d.sents)
    summed = p is not None and len(_participants.NUMBER_RE.findall(work, p[1][0], p[1][1])) > 1  # named groups
    fc["participants"] = _conf.participants(p, summed, not p and _participants.has_counts(d.ix))
    if p:
        val, (a, b), lb = p
        ev.participants = val
        ev.evidence["participants"] = _ev(text, a, b, fc["participants"])

    # --- level ----------------------------------------------------------------------------
    ev.level = _level(ev, hits)
    fc.setdefault("election", _conf.election(ev.election, 0.0, False))
    ev.field_confidence = {f: fc[f] for f in _conf.FIELDS}
    ev.confidence = _conf.event(ev.field_confidence)

    events = [ev]
    events.extend(_secondary.secondary(text, work, d, cands, main_date, ev, vc, hits))
    return events


_PLAN_WORDS = frozenset({"berencana", "direncanakan", "rencananya", "dijadwalkan", "diagendakan", "akan"})
_CONTINUES_RE = re.compile(r"\b(?:dilanjutkan|dilanjut|berlanjut|disusul|diakhiri|ditutup|diisi)\b", re.IGNORECASE)


_REPORTED_RE = re.compile(
    r"[\"“”]|\b(?:kata|ujar|ungkap|jelas|tutur|katanya|ujarnya|ungkapnya|jelasnya|tuturnya|mengatakan|menurut|"
    r"menjelaskan|menyampaikan|menegaskan|menuturkan)\b",
    re.IGNORECASE,
)


_ATTENDED_RE = re.compile(
    r"\b(?:hadir|dihadiri|menghadiri|diikuti|mengikuti|turut|dibuka|membuka|dipimpin|memimpin|narasumber|pemateri|"
    r"sambutan|menggelar|digelar|melibatkan|bersama)\b",
    re.IGNORECASE,
)


def _in_sentence(rx: re.Pattern, work: str, sents, pos: int) -> bool:
    """Does the sentence of ``pos`` match ``rx`` (quotes or reports speech; says who took part)?"""
    sent = sentence_of(sents, pos)
    return bool(sent and rx.search(work, sent[0], sent[1]))


def _zone_labels(d: Doc, zones) -> tuple[str | None, str | None]:
    """The first activity keyword's label of the headline and of the lead."""
    out = []
    for z in (d.title_span, d.lead):
        hits = _activity.find_all(d.ix, *z) if z else []
        out.append(hits[0][2] if hits else None)
    return out[0], out[1]


def _date_signals(ctx, d: Doc, cands) -> None:
    """What the date rules need beside the dates: the day/months written without a year, and
    what the headline and the lead (its first real sentence, page chrome such as
    "Notification" skipped) report: an activity, a plan."""
    ctx.partial = {(c.day, c.month) for c in cands if c.year is None}
    lead = next((x for x in d.body_sents if len(d.work[x[0]:x[1]].split()) >= 6), None)
    ctx.lead_span = lead
    zones = [z for z in (d.title_span, lead) if z]
    ctx.lead_activity = any(_activity.find_all(d.ix, a, b) for a, b in zones)
    st = d.ix.starts
    ctx.plan_pos = [st[i] for i in d.ix.token_indexes(_PLAN_WORDS)]
    ctx.lead_plan = any(a <= p < b for p in ctx.plan_pos for a, b in zones)
    ctx.follow_up = "menindaklanjuti" in d.ix.where or "tindak" in d.ix.where


def _safe(c) -> dt.date | None:
    if c.year and 1 <= c.month <= 12:
        try:
            return dt.date(c.year, c.month, c.day)
        except ValueError:
            return None
    return None


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


def extract_main(text: str, **kw) -> ExtractedEvent | None:
    evs = extract_events(text, **kw)
    return evs[0] if evs else None


_ = re  # re is used by submodules; keep the import for callers that monkeypatch
