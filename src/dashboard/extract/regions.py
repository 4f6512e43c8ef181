"""Regions whose election preparedness the event concerns (the reporting jurisdiction).

A region mention counts when it is

* anchored to an agency or official right before it (``KPU Kabupaten Solok``, ``Bupati
  Seruyan``, ``Pj Walikota Kotamobagu``, ``Kesbangpol Provinsi Bali``), or
* tied to an election name (``Pilkada Maluku``, ``Pilwali Surabaya``, ``Pemilihan Bupati
  Rembang``) in the same line,

and is not

* inside a venue phrase (Bali for a rakor held in Nusa Dua; the city of a hotel);
* part of a list of three or more regions: background or the participants' origin, even when
  the list starts after an agency (``diikuti Kesbangpol Kabupaten A, B, C dan D``);
* named only in a sentence about another event (``supervisi serupa dijadwalkan berlanjut ke
  Bawaslu Kabupaten X pekan depan``, ``sebelumnya ...``) while other regions remain; the
  headline and the lead report the event itself, planned or not;
* the affiliation of a speaker (``narasumber Ketua KPU Kota X``, ``moderator ..., Anggota KPU
  Provinsi Y``) while another region remains, or at a national event;
* named in a sentence about delegations from the whole country (``se-Indonesia``);
* a name whose level word fits none of its regions (``Bawaslu Kabupaten Bengkulu`` for Bengkulu
  Utara, a name cut off by the store): shortened or truncated, not the province of that name.

Related headlines, ``Baca:`` lines and a lone headline inside the body are blanked by the
cleaner before this runs.

Regions anchored only to police/military/prosecutors count when no civilian anchor exists
(``Kapolres Kerinci`` serves Kota Sungai Penuh too). Without any anchor: regions of a list tied
to an election (``empat kabupaten ... yang akan menggelar Pilkada, yakni ...``) and the lead
dateline town, except when it is the capital of the province whose body holds a provincial
event (``MANADO – Bawaslu Provinsi Sulawesi Utara ...``: where the report was filed, from
``data/province_capitals.csv``); a dateline elsewhere in the province is where the provincial
body went, unless the event gathers the whole province (``dari 21 Kabupaten/kota``: then it is
only the venue). With nothing else, the kabupaten/kota named in the venue's address (``di TPS
18 Cilenggang, Serpong, Tangerang Selatan``). National events (a counted national body, no
local anchor) get none.

The province is added when the text ties the event to its governor election (``Pemilihan
Gubernur ... serta Bupati``, ``Gubernur dan Wakil Gubernur Sumbar``; not in a sentence about
another event) and the province held one that year, or when a provincial civilian body runs
it. At an event concerning a kabupaten/kota (not virtual), a province named only after a
provincial body that took part, spoke or is background (``narasumber anggota Bawaslu Provinsi
X``, the provincial rakor an event follows up) is not added.

Level words resolve ``Solok`` into ``Kabupaten Solok`` (Kabupaten/Kab./Bupati/Pemkab/Pilbup)
or ``Kota Solok`` (Kota/Walikota/Wako/Pemkot/Pilwali). Output names are the canonical names of
the resolved codes (``Kotim`` -> ``Kabupaten Kotawaringin Timur``); a name that stays ambiguous
is kept as written, without a code.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from dashboard.extract.agencies import SECURITY, AgencyHit
from dashboard.extract.gazetteer import Match, Region, election_region_codes, province_capitals, region_matcher, regions
from dashboard.extract.scan import KeywordRegex, TextIndex

_KAB_WORDS = {"kabupaten", "kab", "bupati", "wabup", "pemkab", "pilbup", "sekdakab", "kabupatenn"}
_KOTA_WORDS = {"kota", "walikota", "wako", "wawako", "pemkot", "pilwali", "pilwalkot", "sekdakot", "sekkot", "wawali"}
_PROV_WORDS = {"provinsi", "propinsi", "prov", "gubernur", "wagub", "pemprov", "pilgub", "sekdaprov"}
_GAP_RE = re.compile(r"[\s.,()]*(?:(?:kabupaten|kab|kota|provinsi|propinsi|prov|daerah|pusat|administrasi)\.?\s*)*\Z", re.IGNORECASE)
_ELECTION_TIE_RE = re.compile(
    r"\b(?:pilkada|pilbup|pilwali|pilwalkot|pilgub|pilkades|pemilihan\s+(?:calon\s+)?(?:gubernur|bupati|wali\s?kota|walikota|kepala\s+daerah))\b"
    r"(?:\s*(?:serentak|dan|wakil|gubernur|bupati|wali\s?kota|walikota|tahun|\d{4}|kabupaten|kab\.?|kota|provinsi|\(pilkada\)|di(?=\s+(?:kabupaten|kab\.?|kota|provinsi)\b)))*\s*\Z",
    re.IGNORECASE,
)
_GUB_LOCAL_RE = re.compile(
    r"\b(?:pemilihan|pilkada|memilih|menjadi|calon)\s+(?:calon\s+)?gubernur\b(?:\s+dan\s+wakil\s+gubernur)?\s*(?:(?:(?-i:[A-Z])[\w]*\s*){1,3}(?=\W|$)|(?:serta|dan|,)\s*(?:wakil\s+)?(?:bupati|wali\s?kota|walikota))"
    r"|\bpilkada\)?\s+gubernur\s+dan\s+(?:bupati|wali\s?kota|walikota)|\bpilgub\b",
    re.IGNORECASE,
)
# (each optional part takes its own trailing spaces: no two quantifiers compete for a blank run)
_LIST_GAP_RE = re.compile(
    r"[\s,]*(?:\([A-Za-z]{2,6}\)[\s,]*)?(?:(?:dan|serta)\s*)?(?:(?:kabupaten|kab\.?|kota|provinsi)\s*)?\Z", re.IGNORECASE
)
_ELECTION_WORD_RE = re.compile(r"\b(?:pilkada|pemilihan|pilbup|pilwali|pilgub|pemilu)\b", re.IGNORECASE)


# A sentence about another event than the reported one: a planned follow-up ("supervisi serupa
# dijadwalkan berlanjut ke ... pekan depan"), an earlier one ("sebelumnya ..."). Regions named
# only there are not the event's.
_OTHER_EVENT_RE = re.compile(
    r"\b(?:dijadwalkan|direncanakan|rencananya|berencana|berlanjut|dilanjutkan|serupa|sebelumnya|"
    r"(?:pekan|minggu|bulan)\s+depan)\b",
    re.IGNORECASE,
)
_OTHER_EVENT_KW = KeywordRegex(_OTHER_EVENT_RE, (
    "dijadwalkan", "direncanakan", "rencananya", "berencana", "berlanjut", "dilanjutkan", "serupa", "sebelumnya",
    "pekan", "minggu", "bulan",
))
# the participants come from the whole province: a dateline there is only the venue
_PROVINCE_WIDE_RE = re.compile(
    r"\b(?:\d+|seluruh|semua)\s+(?:kabupaten\s*/\s*kota|kab\s*/\s*kota|kabupaten\s+dan\s+kota)\b"
    r"|\b(?:kabupaten|kab)\s*/\s*kota\s+se-?\s?\w",
    re.IGNORECASE,
)
# delegations from the whole country: a region named in such a sentence is one of many origins
_NATIONWIDE_RE = re.compile(
    r"\bse-?\s?(?:indonesia|nusantara)\b|\bseluruh\s+(?:indonesia|daerah|provinsi|tanah\s+air)\b", re.IGNORECASE
)
_NATIONWIDE_KW = KeywordRegex(_NATIONWIDE_RE, ("se", "seindonesia", "senusantara", "seluruh"))
# a body introduced as a speaker: its region is the speaker's affiliation
_SPEAKER_BEFORE_RE = re.compile(
    r"\b(?:narasumber|nara\s+sumber|pemateri|pembicara|moderator|fasilitator|instruktur|menghadirkan|dihadirkan)\b"
    r"[^.;:\n]{0,60}$",
    re.IGNORECASE,
)
_SPEAKER_WORDS = frozenset({
    "narasumber", "nara", "pemateri", "pembicara", "moderator", "fasilitator", "instruktur", "menghadirkan", "dihadirkan",
})
# the words an election tie (_ELECTION_TIE_RE) starts with
_ELECTION_TIE_WORDS = frozenset({"pilkada", "pilbup", "pilwali", "pilwalkot", "pilgub", "pilkades", "pemilihan"})


def _any_between(pos: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_left(pos, a)
    return k < len(pos) and pos[k] < b


@dataclass
class RegionHit:
    start: int
    end: int
    codes: tuple[str, ...]
    written: str
    level_hint: str | None = None  # kabupaten | kota | provinsi
    anchor: str | None = None  # civilian | security | election
    anchor_role: str | None = None  # role of the anchoring agency mention (organiser | participant | invited)
    other_event: bool = False  # the sentence is about another (planned / earlier / similar) event
    venue: bool = False
    in_list: bool = False
    dateline: bool = False
    title: bool = False
    resolved: str | None = None  # code
    level_mismatch: bool = False  # the level word fits none of the name's regions ("Kabupaten Bengkulu [Utara]")
    speaker: bool = False  # anchored to a speaker's body ("narasumber Ketua KPU Kota X")
    nationwide: bool = False  # in a sentence about delegations from the whole country ("se-Indonesia")


def _level_hint(ix: TextIndex, m: Match) -> str | None:
    lows = ix.lows
    for back in (1, 2, 3):
        i = m.i - back
        if i < 0:
            break
        t = lows[i]
        if t in _KAB_WORDS:
            return "kabupaten"
        if t in _KOTA_WORDS:
            return "kota"
        if t in _PROV_WORDS:
            return "provinsi"
        if t in ("wali", "pj", "pjs", "plt", "wakil", "ketua", "administrasi") or (t == "kota" and back == 1):
            continue
        break
    if m.j < len(lows) and lows[m.j] == "kota" and ix.starts[m.j] - m.end <= 1:
        return "kota"
    return None


def find(
    ix: TextIndex,
    sentences: list[tuple[int, int]],
    agency_hits: list[AgencyHit],
    venue_spans: list[tuple[int, int]],
    title_span: tuple[int, int] | None,
    dateline_place: tuple[int, int] | None,
) -> list[RegionHit]:
    text = ix.text
    regs = regions()
    out = []
    ag_by_end = sorted(((h.end, h) for h in agency_hits if h.reason not in ("venue", "ballot")), key=lambda x: x[0])
    ends = [e for e, _ in ag_by_end]
    starts = [s for s, _ in sentences]
    tie_pos = [ix.starts[i] for i in ix.token_indexes(_ELECTION_TIE_WORDS)]
    other_pos = [m.start() for m in _OTHER_EVENT_KW.finditer(ix)]
    nation_pos = [m.start() for m in _NATIONWIDE_KW.finditer(ix)]
    speakers = any(w in ix.where for w in _SPEAKER_WORDS)
    ts, te = title_span or (-1, -1)
    lead = next((x for x in sentences if not (ts <= x[0] < te) and len(text[x[0]:x[1]].split()) >= 6), None)
    for m in region_matcher().find(ix):
        codes = m.entry.value
        hint = _level_hint(ix, m)
        h = RegionHit(m.start, m.end, codes, text[m.start:m.end], hint)
        if hint:
            want = {"kabupaten": "kabupaten", "kota": "kota", "provinsi": "provinsi"}[hint]
            filt = tuple(c for c in codes if regs[c].level == want)
            if filt:
                h.codes = filt
            else:
                # "Bawaslu Kabupaten Bengkulu" for Bengkulu Utara, a name cut by the store
                # ("... Kabupaten Lampung"): a shortened or truncated name, not the province
                h.level_mismatch = True
        if len(h.codes) == 1:
            h.resolved = h.codes[0]
        elif len({regs[c].level for c in h.codes}) == len(h.codes) and any(regs[c].level == "provinsi" for c in h.codes) and not hint:
            # "Jambi": province and its capital city; the province unless a city word says otherwise
            if not any(regs[c].level == "kabupaten" for c in h.codes):
                h.resolved = next(c for c in h.codes if regs[c].level == "provinsi")
        # anchors
        k = bisect.bisect_right(ends, m.start) - 1
        while k >= 0 and m.start - ends[k] <= 40:
            ag = ag_by_end[k][1]
            gap = text[ag.end:m.start]
            if _GAP_RE.match(gap) and "\n" not in gap:
                if ag.reason == "election name":
                    h.anchor = "election"
                else:
                    h.anchor = "security" if ag.agency in SECURITY else "civilian"
                    h.anchor_role = ag.role
                    h.speaker = speakers and bool(_SPEAKER_BEFORE_RE.search(text, max(0, ag.start - 70), ag.start))
                break
            k -= 1
        si = bisect.bisect_right(starts, m.start) - 1
        in_sent = si >= 0 and m.start < sentences[si][1]
        ss = sentences[si][0] if in_sent else 0
        # an election tie never crosses a line break (a headline ending in "Pilkada 2020" does
        # not tie the dateline town on the next line)
        lo = max(ss, m.start - 70, text.rfind("\n", 0, m.start) + 1)
        if h.anchor is None and _any_between(tie_pos, lo, m.start) and _ELECTION_TIE_RE.search(text, lo, m.start):
            h.anchor = "election"
        if in_sent and other_pos and sentences[si] != lead:
            # (the headline and the lead report the event itself, planned or not)
            k2 = bisect.bisect_left(other_pos, ss)
            h.other_event = k2 < len(other_pos) and other_pos[k2] < sentences[si][1]
        if in_sent and nation_pos:
            k3 = bisect.bisect_left(nation_pos, ss)
            h.nationwide = k3 < len(nation_pos) and nation_pos[k3] < sentences[si][1]
        h.venue = any(a <= m.start and m.end <= b for a, b in venue_spans)
        h.title = bool(title_span and title_span[0] <= m.start < title_span[1])
        h.dateline = bool(dateline_place and dateline_place[0] <= m.start < dateline_place[1])
        if out and text[out[-1].end:m.start].strip() == "(" and set(h.codes) & set(out[-1].codes):
            continue  # "Seram Bagian Timur (SBT)": the short form repeats the name
        out.append(h)
    # lists: three or more region names joined by commas/dan (maximal runs, one pass)
    i = 0
    while i < len(out):
        j = i
        while (j + 1 < len(out) and out[j + 1].start - out[j].end < 30
               and _LIST_GAP_RE.match(text, out[j].end, out[j + 1].start)):
            j += 1
        if j - i + 1 >= 3:
            for r in range(i, j + 1):
                out[r].in_list = True
        i = j + 1
    # resolve ambiguous names from explicit mentions elsewhere in the text
    singles = {h.codes[0] for h in out if len(h.codes) == 1}
    by_bare: dict[frozenset, set[str]] = {}
    for h in out:
        if len(h.codes) > 1:
            fs = frozenset(h.codes)
            if fs not in by_bare:
                by_bare[fs] = fs & singles
    for h in out:
        if h.resolved is None and len(h.codes) > 1:
            got = by_bare.get(frozenset(h.codes))
            if got and len(got) == 1:
                h.resolved = next(iter(got))
    return out


@dataclass
class RegionOut:
    name: str
    code: str | None
    start: int
    end: int
    confidence: float


def _name(text: str, h: RegionHit, regs: dict[str, Region], low: str) -> tuple[str, str | None]:
    """The canonical name of the resolved region ("Kotim" -> "Kabupaten Kotawaringin Timur"); a
    name that stays ambiguous ("Kediri") as written."""
    if h.resolved:
        r = regs[h.resolved]
        return r.name, r.code
    w = " ".join(h.written.split())
    return (w.title() if w.isupper() else w), None


def select(
    text: str,
    hits: list[RegionHit],
    election: str | None,
    national: bool,
    virtual: bool = False,
    low: str | None = None,
) -> list[RegionOut]:
    """The event's regions from the hits of :func:`find` (``low``: ``text`` lower-cased, same offsets)."""
    low = text.lower() if low is None else low
    regs = regions()
    usable = [h for h in hits if not h.venue and not h.level_mismatch and not h.nationwide]
    # a speaker's affiliation ("narasumber Ketua KPU Kota X") is not the event's region, while
    # another region remains
    hosts = [h for h in usable if not h.speaker]
    if national or any(h.anchor in ("civilian", "election") for h in hosts):
        usable = hosts
    # a list of three or more regions is background or the participants' origin, even when its
    # first name follows an agency ("diikuti Kesbangpol Kabupaten A, B, C dan D")
    civil = [h for h in usable if h.anchor in ("civilian", "election") and not h.in_list]
    # regions named only in a sentence about another event (a planned follow-up, an earlier one)
    main = [h for h in civil if not h.other_event]
    if main:
        civil = main
    anchored_agency = [h for h in civil if h.anchor == "civilian"]
    chosen = list(civil)
    if not chosen:
        chosen = [h for h in usable if h.anchor == "security" and not h.in_list]
    if not anchored_agency:
        # lists tied to an election ("... yang akan menggelar Pilkada, yakni A, B, C")
        for h in usable:
            if h.in_list and not h.dateline:
                sent_start = text.rfind("\n", 0, h.start) + 1
                seg = text[max(sent_start, h.start - 200):h.start]
                if _ELECTION_WORD_RE.search(seg) and not national_list(seg):
                    if any(h.resolved and regs[h.resolved].level != "provinsi" for _ in [0]) and _same_province(h, chosen, regs):
                        chosen.append(h)
    has_kabkota = any(h.resolved and regs[h.resolved].level != "provinsi" or not h.resolved for h in chosen)
    if has_kabkota and not virtual:
        # an event concerning a kabupaten/kota: the province only when a provincial body runs
        # it or the text ties it to the governor race (below), not because a provincial body
        # took part, spoke or is named in the background (a speaker from Bawaslu Provinsi, the
        # provincial rakor an event follows up). A video conference joined by a kabupaten is
        # usually held from above, so there the province stays.
        chosen = [h for h in chosen if not _weak_province(h, regs)]
    if not national and not has_kabkota and not (chosen and _PROVINCE_WIDE_RE.search(text)):
        capitals = province_capitals()
        provinces = {h.resolved for h in chosen if h.resolved and regs[h.resolved].level == "provinsi"}
        for h in usable:
            if h.dateline and (h.resolved is None or regs[h.resolved].level != "provinsi"):
                # the dateline of a provincial event held by a body in its capital is where the
                # report was filed; a dateline elsewhere is where the provincial body went,
                # unless the event gathers the whole province ("dari 21 Kabupaten/kota"): then
                # it is only the venue. A dateline names a town, so a name shared by the capital
                # city and a kabupaten ("JAYAPURA", "KUPANG") is read as the capital.
                if provinces and set(h.codes) & set().union(*(capitals.get(p, ()) for p in provinces)):
                    break
                if not chosen or _same_province(h, chosen, regs):
                    chosen.append(h)
                break
    if not national and not chosen:
        # nothing anchored, no dateline: the kabupaten/kota named in the venue's address ("di TPS
        # 18 Cilenggang, Serpong, Tangerang Selatan"), the only place the text ties the event to
        if not chosen:
            for h in hits:
                if h.venue and h.resolved and regs[h.resolved].level != "provinsi" and not h.level_mismatch:
                    chosen.append(h)
                    break
    if national and not chosen:
        return []
    # province of a local governor election
    if election and election.startswith("Pilkada") and ("gubernur" in low or "pilgub" in low) and _governor_tie(text, hits):
        gub = {c for c, contest in election_region_codes(election).items() if contest == "gubernur"}
        provs = []
        for h in chosen:
            if h.resolved:
                provs.append(regs[h.resolved].province_code)
            elif h.codes:
                provs.append(regs[h.codes[0]].province_code)
        for p in provs:
            if p in gub and p in regs:
                chosen.append(RegionHit(-1, -1, (p,), regs[p].name, resolved=p, anchor="election"))
                break
    out: list[RegionOut] = []
    seen = set()
    for h in sorted(chosen, key=lambda h: (h.start < 0, h.start)):
        name, code = _name(text, h, regs, low)
        key = code or name.casefold()
        if key in seen:
            continue
        # an ambiguous bare name already covered by a resolved region of the same name
        if code is None and any(o.code and h.codes and o.code in h.codes for o in out):
            continue
        seen.add(key)
        conf = 0.85 if h.anchor == "civilian" else 0.7 if h.anchor == "election" else 0.5
        if code is None:
            conf -= 0.2
        out.append(RegionOut(name, code, h.start, h.end, conf))
    # drop ambiguous names whose resolved twin was found later
    codes = {o.code for o in out if o.code}
    return [o for o in out if o.code or not any(c in codes for c in _codes_for(o.name, hits))]


def _governor_tie(text: str, hits: list[RegionHit]) -> bool:
    """Does the text tie the event to a governor race ("Pemilihan Gubernur dan Wakil Gubernur
    Sumbar", "Pemilihan Gubernur ... serta Bupati")? Not in a sentence about another event
    ("Sebelumnya, KPU Provinsi meluncurkan maskot Pemilihan Gubernur NTT")."""
    for m in _GUB_LOCAL_RE.finditer(text):
        inside = [h for h in hits if m.start() <= h.start < m.end()]
        if not inside or any(not h.other_event for h in inside):
            return True
    return False


def _weak_province(h: RegionHit, regs: dict[str, Region]) -> bool:
    """A province named after an agency that only took part (``Anggota Bawaslu Provinsi X``)."""
    if not h.resolved or regs[h.resolved].level != "provinsi":
        return False
    return h.anchor in ("civilian", "security") and h.anchor_role != "organiser"


def _codes_for(name: str, hits: list[RegionHit]) -> tuple[str, ...]:
    for h in hits:
        if " ".join(h.written.split()).casefold() == name.casefold():
            return h.codes
    return ()


_NATIONAL_LIST_RE = re.compile(r"\b(?:sembilan|\d+)\s+provinsi\b|seluruh\s+indonesia", re.IGNORECASE)


def national_list(seg: str) -> bool:
    return bool(_NATIONAL_LIST_RE.search(seg))


def _same_province(h: RegionHit, chosen: list[RegionHit], regs: dict[str, Region]) -> bool:
    if not chosen:
        return True
    mine = {regs[c].province_code for c in h.codes}
    for o in chosen:
        for c in (o.codes if not o.resolved else (o.resolved,)):
            if regs[c].province_code in mine:
                return True
    return False
