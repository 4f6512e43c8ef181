"""Whether two reports describe the same real event, decided from the evidence.

A :class:`Report` is what merging reads of one extracted (or hand-recorded) event: its
stated date, activity, venue, agencies, regions, level, election, stated head count, the
publication date of its article and the content words of the passages that report it.
:func:`compare` returns a :class:`PairDecision`: a score in [0, 1], the reason (every
finding, for the review queue) and, when the two cannot be one meeting, the veto.

Hard constraints (a veto; no score overrules them, only a person can):

* **dates**: two stated dates that differ (two days; a month-only date and a day of another
  month) are two events.
* **regions**: two events whose regions share nothing are two meetings, unless one is a
  national meeting (or names no region), one is a provincial meeting of the province holding
  the other's regions, or both are delegations' reports of one meeting away from home (a
  national body takes part in both and the venues agree): a national rakor attended by
  delegations from many kabupaten is one event that concerns all of them.
* **publication window**: an undated report can only be an event held 0..``UNDATED_WINDOW_DAYS``
  days before its publication, or an undated report published within ``UNDATED_PAIR_DAYS``.
  With neither a date nor a publication date it may still join, on strong agreement alone
  (``no_anchor`` costs log-odds) and only when exactly one event fits (``clusters``).

Then the findings add up as log-odds (``LOG_ODDS``): same day, activity, the venue's own
words (the room kind "aula", "hotel" and the town are told apart from the venue's name), the
agencies, a national-only body both name, regions, election, the same head count, and the
text similarity: the Jaccard index of the content words (stop words and the words every
election article uses removed) around the event's own evidence. ``bench/bench_merge.py``
measures it (and the alternatives it was chosen over) on labelled clusters.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field

# an undated report is compared with events held 0..N days before its publication date
UNDATED_WINDOW_DAYS = 3
# two undated reports: published at most N days apart
UNDATED_PAIR_DAYS = 2
LEAD_CHARS = 700  # without evidence spans: the headline and this much of the article
SPAN_WINDOW = 300  # characters read on either side of the event's own evidence (date, activity, venue)
EVENT_TEXT_MAX = 2000

# canonical names of bodies that only exist nationally: a report naming one of them may be a
# delegation's report of a meeting held away from home
NATIONAL_BODIES = frozenset({"Kemendagri", "Kemenko Polhukam", "KemenPANRB", "Kemenkominfo", "BSSN", "DKPP"})
REVIEWED = ("confirmed", "edited", "manual")

# activities that different outlets name differently for one meeting
_RELATED = {frozenset({"rakor", "rapat"}), frozenset({"monitoring", "rapat"}), frozenset({"bimtek", "sosialisasi"})}


_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# function words and the words nearly every election-preparedness article uses: they say
# nothing about which meeting an article reports
STOP_WORDS = frozenset(
    """
    yang dan di ke dari dalam untuk dengan pada ini itu tersebut para serta juga akan telah sudah oleh bagi atas
    agar sebagai seluruh se secara karena hingga sampai saat ketika setelah sebelum tidak bisa dapat harus ada
    kami kita mereka ia dia nya bahwa kata ujar ujarnya katanya menurut jelasnya tegasnya imbuhnya pun lagi
    yakni yaitu atau namun tetapi sementara adapun masing sejumlah berbagai beberapa sekitar lebih kurang antara
    tahun hari pekan bulan pagi siang sore malam senin selasa rabu kamis jumat sabtu minggu ahad wib wita wit
    pukul tanggal januari februari maret april mei juni juli agustus september oktober november desember
    kabupaten kota provinsi kab pemerintah pemkab pemkot pemprov daerah wilayah republik indonesia nasional
    rapat koordinasi rakor pilkada pemilu pemilihan serentak umum kepala ketua anggota wakil kegiatan acara
    digelar menggelar gelar dilaksanakan melaksanakan diselenggarakan menyelenggarakan hadir dihadiri
    menghadiri mengikuti diikuti ikuti ikut turut bersama hadiri gelaran pelaksanaan penyelenggaraan
    kesiapan persiapan menjelang jelang tahapan sukses menyukseskan kondusif aman damai
    kpu bawaslu polri tni kesbangpol badan kesatuan bangsa sekda sekretaris bupati wali walikota
    gubernur camat forkopimda unsur jajaran pihak instansi terkait komisi pengawas
    berita baca juga halaman foto sumber redaksi admin humas
    """.split()
)

# words that say what kind of room a venue is, not which ("Aula", "Kantor", "Hotel"): ignored when
# venues are compared ("Kantor Bupati" and "Kantor KPU" differ by their other word)
VENUE_GENERIC = frozenset(
    """
    di aula kantor ruang rapat gedung hotel jalan jl jln lantai kabupaten kota provinsi kab prov kecamatan
    kelurahan desa nagari utama serbaguna serba guna kompleks komplek convention center centre hall ballroom
    the grand
    """.split()
)


_LONG_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)
_YEARS = frozenset(str(y) for y in range(1900, 2100))


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that can tell one meeting from another: lower case, no stop
    words, no years, no one- or two-letter words (numbers of three or more digits stay:
    a head count of 135 is distinctive)."""
    words = set(_LONG_WORD.findall(text.lower()))
    words -= STOP_WORDS
    words -= _YEARS
    return frozenset(words)


@functools.lru_cache(maxsize=65536)
def venue_words(location: str | None) -> frozenset[str]:
    """A venue's words; a word pointing back ("kantornya", its office) says nothing."""
    if not location:
        return frozenset()
    return frozenset(
        w for w in _WORD.findall(location.lower()) if (len(w) > 1 or w.isdigit()) and not w.endswith("nya")
    )


def event_text(title: str | None, text: str | None, spans=()) -> str:
    """What the text similarity compares: the headline and the passages around the event's
    own evidence (its date, activity and venue; a related-headline list or a "Baca Juga"
    line elsewhere in the page is not read), or the headline and lead without evidence."""
    text = text or ""
    spans = sorted((max(0, s - SPAN_WINDOW), min(len(text), e + SPAN_WINDOW)) for s, e in spans if 0 <= s <= e)
    if not spans:
        return f"{title or ''}\n{text[:LEAD_CHARS]}"
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    parts, n = [], 0
    for s, e in merged:
        parts.append(text[s:min(e, s + EVENT_TEXT_MAX - n)])
        n += len(parts[-1])
        if n >= EVENT_TEXT_MAX:
            break
    return f"{title or ''}\n" + "\n".join(parts)


EVIDENCE_FIELDS = ("activity", "event_date", "location")


@dataclass(frozen=True, slots=True, eq=False)
class Report:
    """One extracted or recorded event as merging reads it. ``key`` identifies it (an event
    id, or a record id in the ``extract`` command)."""

    key: object
    date: dt.date | None = None
    precision: str | None = None  # day | month (a month-only date is stored as its first day)
    published: dt.date | None = None
    activity: str = "other"
    venue: frozenset[str] = frozenset()
    agencies: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()  # Kemendagri codes ("13.02", "13")
    level: str | None = None
    election: str | None = None
    participants: int | None = None
    words: frozenset[str] = frozenset()
    status: str = "extracted"
    confidence: float = 0.5
    order: int = 0  # tie-break for the canonical choice (an event id: the older one)
    # derived once (compare reads them for every candidate pair)
    day: dt.date | None = field(init=False)  # the stated day (None for a month-only date)
    month: tuple[int, int] | None = field(init=False)
    dated: bool = field(init=False)
    provinces: frozenset[str] = field(init=False)
    province_codes: frozenset[str] = field(init=False)  # the provinces among its regions
    open_scope: bool = field(init=False)  # a national meeting or one that names no region
    national: frozenset[str] = field(init=False)  # the national-only bodies it names
    national_body: bool = field(init=False)
    venue_own: frozenset[str] = field(init=False)  # the venue's own words (its name)
    venue_place: frozenset[str] = field(init=False)  # the venue's town
    veto_key: tuple = field(init=False)  # everything the constraints read (``veto``)

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "day", self.date if self.date is not None and self.precision in (None, "day") else None)
        put(self, "month", (self.date.year, self.date.month) if self.date is not None else None)
        put(self, "dated", self.date is not None)
        put(self, "provinces", frozenset(c.split(".", 1)[0] for c in self.regions))
        put(self, "province_codes", frozenset(c for c in self.regions if "." not in c))
        put(self, "open_scope", not self.regions or self.level == "nasional")
        put(self, "national", self.agencies & NATIONAL_BODIES)
        put(self, "national_body", bool(self.national))
        own, place = venue_parts(self.venue)
        put(self, "venue_own", own)
        put(self, "venue_place", place)
        put(self, "veto_key", (self.date, self.precision, self.published, self.regions, self.level, self.national,
                               self.venue))

    def rank(self) -> tuple:
        """Precedence as the canonical (main) report of an event: reviewed by a person, then
        a stated day, then a stated month, then extraction confidence, then the oldest."""
        precision = 2 if self.day is not None else 1 if self.date is not None else 0
        return (self.status in REVIEWED, precision, round(self.confidence, 3), -self.order)


def make_report(
    key,
    *,
    event_date: dt.date | None,
    date_precision: str | None,
    activity: str | None,
    location: str | None,
    agencies,
    regions,
    level: str | None,
    election: str | None,
    participants: int | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    text: str | None = None,
    spans=(),
    status: str = "extracted",
    confidence: float = 0.5,
    order: int = 0,
) -> Report:
    agencies = frozenset(a for a in agencies if a)
    return Report(
        key=key,
        date=event_date,
        precision=date_precision or ("day" if event_date else None),
        published=published,
        activity=activity or "other",
        venue=venue_words(location),
        agencies=agencies,
        regions=frozenset(r for r in regions if r),
        level=level,
        election=(election or None) and str(election).lower().replace(" ", "-"),
        participants=participants,
        words=content_words(event_text(title, text, spans)),
        status=status,
        confidence=float(confidence if confidence is not None else 0.5),
        order=order,
    )


def report_from_extracted(key, ev, *, title=None, text=None, published=None, order: int = 0) -> Report:
    """A :class:`Report` of an ``ExtractedEvent`` (regions by code; an unresolved name is kept
    as ``?name``, which only ever matches the same name)."""
    return make_report(
        key,
        event_date=ev.event_date,
        date_precision=ev.date_precision,
        activity=ev.activity,
        location=ev.location,
        agencies=[a.agency for a in ev.agencies],
        regions=[r.code or f"?{r.name.lower()}" for r in ev.regions],
        level=ev.level,
        election=ev.election,
        participants=ev.participants,
        published=published,
        title=title,
        text=text,
        spans=[(e.start, e.end) for k, e in ev.evidence.items() if k in EVIDENCE_FIELDS],
        confidence=ev.confidence,
        order=order,
    )


# ---------------------------------------------------------------- the pairwise decision

# Evidence adds up as log-odds (natural log) of "the same event", starting from PRIOR: two
# reports that share a block (a day, a province) are rarely one meeting. What each finding
# adds is listed in LOG_ODDS; the sum turns into the score through the logistic function, and
# two reports are one event from MERGE_SCORE on.
PRIOR = -4.5
MERGE_SCORE = 0.5
LOG_ODDS = {
    "same_day": 2.5,
    "same_month": 1.0,
    "undated": 0.5,  # an undated report published 1..UNDATED_WINDOW_DAYS after the other's date
    "undated_same_day": 0.8,  # ... published on the day the other report says it was held
    "no_anchor": -1.0,  # neither a date nor a publication date to place it in time
    "same_activity": 1.0,
    "related_activity": 0.3,
    "other_activity": -0.3,
    "different_activity": -2.5,
    "same_venue": 1.0,  # + VENUE_SPECIFIC x the share of the venue's own words in common
    "different_venue": -1.5,  # both name their own venue and no word of it is shared
    "same_place": 0.3,  # the same town in both venues, nothing more specific (local meetings: their home town)
    "same_place_away": 1.2,  # ... for meetings of no region or national scope: the town they were held in
    "different_place": -1.0,
    "national_body": 2.0,  # both name the same national-only body (a ministry's meeting)
    "one_national_body": -0.7,  # only one names a national-only body
    "shared_region": 0.5,
    "nested_region": 0.3,  # province meeting / delegations away from home
    "same_election": 0.5,
    "different_election": -3.0,
    "same_participants": 0.8,  # the same stated head count
}
VENUE_SPECIFIC = 2.0
AGENCY_RANGE = (-0.8, 0.8)  # no agency in common .. all of the smaller list in common
# Jaccard 0.15 adds nothing, 0.3 adds 1.2; little overlap costs at most 0.5 (outlets word
# one meeting differently, so few shared words is weak evidence against)
TEXT_SLOPE, TEXT_OFFSET, TEXT_MIN, TEXT_MAX = 8.0, -1.2, -0.5, 3.0


@dataclass(frozen=True, slots=True)
class PairDecision:
    score: float  # probability-like, 0..1
    reason: dict  # evidence name -> what was found (JSON-able)
    veto: str | None = None  # why the two cannot be one event

    @property
    def same(self) -> bool:
        return self.veto is None and self.score >= MERGE_SCORE


def dates_conflict(a: Report, b: Report) -> bool:
    """Both state a date and the dates differ (a month-only date against a day of another
    month, or two different days)."""
    if a.date is None or b.date is None:
        return False
    if a.day is not None and b.day is not None:
        return a.day != b.day
    return a.month != b.month


def regions_relation(a: Report, b: Report) -> str | None:
    """How the regions of two reports can be one meeting's, or None when they cannot:
    ``shared`` (a region in common), ``open`` (one names none), ``national`` (one is a
    national meeting), ``province`` (one is its province's meeting), ``away`` (delegations
    at one meeting held elsewhere: a national body in both, the venues agree)."""
    if not a.regions or not b.regions:
        return "open"
    if a.regions & b.regions:
        return "shared"
    if a.level == "nasional" or b.level == "nasional":
        return "national"
    for x, y in ((a, b), (b, a)):
        if x.level == "provinsi" and x.province_codes and y.provinces <= x.province_codes:
            return "province"
    if a.national_body and b.national_body and venue_evidence(a, b)[0] in ("same_venue", "same_place"):
        return "away"
    return None


def time_relation(a: Report, b: Report) -> str:
    """``same_day`` / ``same_month`` (both dated, not in conflict), ``undated`` (one or both
    undated, inside the publication window), ``no_anchor`` (an undated report without a
    publication date: nothing places it in time) or ``outside_window``."""
    if a.dated and b.dated:
        return "same_day" if a.day is not None and b.day is not None else "same_month"
    u, d = (a, b) if not a.dated else (b, a)
    if u.published is None or (not d.dated and d.published is None):
        return "no_anchor"
    if d.dated:
        if d.day is None:  # a month-only date: published in that month or just after
            ok = 0 <= (u.published - d.date).days <= 31 + UNDATED_WINDOW_DAYS
        else:
            ok = 0 <= (u.published - d.day).days <= UNDATED_WINDOW_DAYS
    else:
        ok = abs((u.published - d.published).days) <= UNDATED_PAIR_DAYS
    return "undated" if ok else "outside_window"


_PLACE_WORDS: frozenset[str] | None = None


def place_words() -> frozenset[str]:
    """Words of region names and aliases ("makassar", "solok", "selatan"): a venue's town."""
    global _PLACE_WORDS
    if _PLACE_WORDS is None:
        from dashboard.extract.gazetteer import _region_aliases

        words = set()
        for name in _region_aliases():
            words.update(w for w in _WORD.findall(name.lower()) if len(w) > 2)
        _PLACE_WORDS = frozenset(words)
    return _PLACE_WORDS


@functools.lru_cache(maxsize=65536)
def venue_parts(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(the venue's own words, its place words); generic words ("aula", "hotel") dropped."""
    places = place_words()
    own = frozenset(w for w in words if w not in VENUE_GENERIC and w not in places)
    return own, frozenset(w for w in words if w in places)


def venue_evidence(a: Report, b: Report) -> tuple[str | None, float]:
    """(finding, log-odds) of two reports' venues: the same venue (its own words shared),
    different venues, the same or a different town; (None, 0) when one side says too little."""
    if not a.venue or not b.venue:
        return None, 0.0
    own_a, place_a = a.venue_own, a.venue_place
    own_b, place_b = b.venue_own, b.venue_place
    if own_a & own_b:
        share = len(own_a & own_b) / min(len(own_a), len(own_b))
        return "same_venue", LOG_ODDS["same_venue"] + VENUE_SPECIFIC * share
    if own_a and own_b:
        return "different_venue", LOG_ODDS["different_venue"]
    if place_a & place_b:
        return "same_place", LOG_ODDS["same_place"]
    if place_a and place_b:
        return "different_place", LOG_ODDS["different_place"]
    return None, 0.0


def plausible(a: Report, b: Report) -> bool:
    """A cheap necessary condition, checked before ``compare`` when one side is a national
    or region-less report (which may match any region's report that day, so its block is
    the whole day): their venues do not contradict each other, or they name the same
    national-only body. (Contradicting venues cost more log-odds than anything but those two
    findings can make up for, short of near-identical texts.)"""
    if a.national & b.national:
        return True
    finding = venue_evidence(a, b)[0]
    return finding not in ("different_venue", "different_place")


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    n = len(a & b)
    return n / (len(a) + len(b) - n) if n else 0.0


def activity_finding(a: str, b: str) -> str:
    if a == b:
        return "same_activity"
    if frozenset((a, b)) in _RELATED:
        return "related_activity"
    if "other" in (a, b):
        return "other_activity"
    return "different_activity"


def _published_on_the_day(a: Report, b: Report) -> bool:
    u, d = (a, b) if not a.dated else (b, a)
    return d.day is not None and u.published == d.day


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def veto(a: Report, b: Report) -> str | None:
    """Why ``a`` and ``b`` cannot be one event (``date``, ``window``, ``regions``), or None.
    Reads only the fields of ``Report.veto_key``."""
    if dates_conflict(a, b):
        return "date"
    if time_relation(a, b) == "outside_window":
        return "window"
    if regions_relation(a, b) is None:
        return "regions"
    return None


def compare(a: Report, b: Report) -> PairDecision:
    """Whether ``a`` and ``b`` report the same real event. Vetoes first (dates, publication
    window, regions); then every finding adds its log-odds to ``PRIOR`` and the score is the
    logistic of the sum. ``reason`` names each finding with its weight."""
    reason: dict = {}
    if dates_conflict(a, b):
        return PairDecision(0.0, {"date": "differ"}, "date")
    when = time_relation(a, b)
    if when == "outside_window":
        return PairDecision(0.0, {"date": when}, "window")
    rel = regions_relation(a, b)
    if rel is None:
        return PairDecision(0.0, {"date": when, "regions": "incompatible"}, "regions")
    logit = PRIOR
    reason["date"] = when
    logit += LOG_ODDS[when]
    if when == "undated" and _published_on_the_day(a, b):
        logit += LOG_ODDS["undated_same_day"] - LOG_ODDS["undated"]
    act = activity_finding(a.activity, b.activity)
    reason["activity"] = a.activity if act == "same_activity" else f"{a.activity}/{b.activity}"
    logit += LOG_ODDS[act]
    venue, v = venue_evidence(a, b)
    if venue == "same_place" and rel in ("open", "national", "away"):
        venue, v = "same_place_away", LOG_ODDS["same_place_away"]
    if venue:
        reason["venue"] = venue
        logit += v
    if a.agencies and b.agencies:
        # the mean of containment (a short list inside a long one agrees) and Jaccard (one
        # common body out of many says little)
        n = len(a.agencies & b.agencies)
        o = 0.5 * n / min(len(a.agencies), len(b.agencies)) + 0.5 * n / len(a.agencies | b.agencies)
        reason["agencies"] = round(o, 2)
        logit += AGENCY_RANGE[0] + (AGENCY_RANGE[1] - AGENCY_RANGE[0]) * o
    na, nb = a.national, b.national
    if na & nb:
        reason["national_body"] = sorted(na & nb)
        logit += LOG_ODDS["national_body"]
    elif bool(na) != bool(nb):
        reason["national_body"] = "one_side"
        logit += LOG_ODDS["one_national_body"]
    reason["regions"] = rel
    if rel == "shared":
        logit += LOG_ODDS["shared_region"]
    elif rel in ("province", "away"):
        logit += LOG_ODDS["nested_region"]
    if a.election and b.election:
        same = a.election == b.election
        reason["election"] = "same" if same else "differ"
        logit += LOG_ODDS["same_election" if same else "different_election"]
    if a.participants and a.participants == b.participants:
        reason["participants"] = a.participants
        logit += LOG_ODDS["same_participants"]
    j = jaccard(a.words, b.words)
    reason["text"] = round(j, 2)
    logit += max(TEXT_MIN, min(TEXT_MAX, TEXT_SLOPE * j + TEXT_OFFSET))
    reason["log_odds"] = round(logit, 2)
    return PairDecision(round(_sigmoid(logit), 3), reason)
