"""Agencies taking part in the event, with their role.

Every alias of ``data/agency_aliases.csv`` found in the kept text (headline-list and Baca Juga
boilerplate is already blanked) is a mention. A mention does not count when it is

* part of an election name: ``Pemilihan Gubernur dan Wakil Gubernur``, ``calon bupati``,
  ``terpilih menjadi bupati``, ballot lists ``DPR, DPD, DPRD``, ``Bacaleg DPRD``;
* inside a venue phrase (``di ruang rapat paripurna DPRD Kendal``: the owner of a room);
* after a mention-only cue in the same sentence: ``koordinasi dengan``, ``sinergitas antara``,
  ``kerja sama dengan``, ``mengimbau``, ``mengajak``, ``menghibahkan``, ``lembaga vertikal``,
  ``wilayah hukum``, ``netralitas``, ``perangkat hukum``, ``mantan``, an agreement made earlier
  (``telah menandatangani nota kesepahaman dengan``) ...;
* the author of a rule the event follows: ``berpedoman pada arahan Kementerian Dalam Negeri``,
  ``sesuai Surat Edaran Mendagri``, ``berdasarkan Peraturan KPU``, ``menindaklanjuti keputusan
  KPU RI`` (cue in the same clause, no comma between);
* a military/police rank of a person (``Marsekal TNI (Purn)``);
* only in the headline, when the body names other agencies (the body says who took part);
* counted offices, an operation's personnel, a joint body's members, a stage's executor, a
  party politician's DPRD seat, a planned occasion's partner (``mentions``);
* support voiced for the organiser (``semua unsur mendukung kami, baik Polri, TNI ...``); but
  ``atas kerja sama dengan X`` names the event's own partners, who count;
* in a clause about something else than the event (``clauses``): the subject/object of a future
  or past action other than organising/attending/speaking (``akan dilaporkan kepada DPRD``,
  ``KPU telah menetapkan pasangan calon``), planned attendance (``rencananya dihadiri``),
  prohibitions (``TNI dan Polri dilarang berpihak``), letters (``menyurati Pemkab``), ownership
  (``gedung milik Dinas Perhubungan``), a DPRD member ``mewakili partai-partai``, the topic of a
  training.

The role is ``organiser`` when the agency is the subject of menggelar/mengadakan/... or the
agent of diselenggarakan/dipimpin/dibuka oleh, ``invited`` after diundang/mengundang, else
``participant``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from dashboard.extract import clauses as _clauses
from dashboard.extract.gazetteer import Match, agency_matcher
from dashboard.extract.mentions import MentionRules
from dashboard.extract.scan import KeywordRegex, Occurrences, TextIndex

SECURITY = {"Polri", "TNI", "BIN", "Kejaksaan"}

ELECTION_PHRASE_RE = re.compile(
    r"\b(?:pemilihan|pilkada|calon|cagub|cawagub|cabup|cawabup|cawalkot|bakal\s+calon|bacalon|paslon|pasangan\s+calon|"
    r"kandidat|memilih|dipilih|terpilih(?:\s+menjadi)?|menjadi|kursi|bacaleg|caleg|anggota\s+legislatif|surat\s+suara|"
    r"pilbup|pilwali|pilgub)(?:\s+(?:calon|pasangan\s+calon|kepala\s+daerah))?\s*\)?\s+"
    r"(?:wakil\s+)?(?:gubernur|bupati|wali\s?kota|walikota|wagub|wabup|wawali|dprd|dpr|dpd)\b"
    r"(?:(?:\s+(?-i:[A-Z])[\w]*){0,3}?\s*(?:,|dan|serta|&|/|atau)?\s*(?:wakil\s+)?(?:gubernur|bupati|wali\s?kota|walikota|wagub|wabup|wawali|dprd|dpr|dpd)\b)*",
    re.IGNORECASE,
)
_BALLOT_RE = re.compile(
    r"\bDPR(?:\s+RI)?\s*,\s*DPD\b[^.\n]{0,120}|\bpresiden\s+dan\s+wakil\s+presiden\s*,[^.\n]{0,120}|\bsurat\s+suara\b[^.\n]{0,120}",
    re.IGNORECASE,
)
_NEG_CUE_RE = re.compile(
    r"(?<!rapat )(?<!rakor )\b(?:ber)?koordinasi\s+(?:dengan|sesama|antar|antara)\b|\bberkoordinasi\b|\bsinergi(?:tas)?\s+(?:antara|dengan)\b|"
    r"\bbersinergi\b|(?<!atas )(?<!berkat )(?<!hasil )\bkerja\s*sama\s+(?:dengan|antara)\b|\bbekerja\s*sama\b|"
    r"\bmengimbau\b|\bmenghimbau\b|\bimbauan\b|"
    # support voiced for the organiser ("semua unsur mendukung kami, baik pemerintah, Polri ...")
    r"\bmendukung\s+(?:kami|kita|penuh)\b|\bberdiri\s+di\s+belakang\b|"
    r"\bmengajak\b|\bmenghibahkan\b|\bhibah\b|\bperangkat\s+hukum\b|\blembaga\s+vertikal\b|\bwilayah\s+hukum\b|"
    r"\bnetralitas\b|\bmelaporkan\s+(?:kepada|ke)\b|\bdukungan\s+(?:penuh\s+)?dari\b|\bberharap\b|\bmengharapkan\b|"
    r"\bbersurat\s+(?:kepada|ke)\b|\bmeminta\s+(?:bantuan|dukungan)\b|"
    # an agreement made before the event is ongoing cooperation, not attendance
    r"\b(?:telah|sudah|pernah)\s+(?:menandatangani|meneken|menjalin|membuat)\s+"
    r"(?:nota\s+kesepahaman|mou|perjanjian|kerja\s*sama|kesepakatan)\b",
    re.IGNORECASE,
)
# Regulatory background: the agency is the author of a rule or instruction the event follows
# ("berpedoman pada arahan Kementerian Dalam Negeri", "sesuai Surat Edaran Mendagri",
# "menindaklanjuti keputusan KPU RI"). The cue must be in the same clause, close before the
# agency (no comma or full stop between).
_REG_CUE_RE = re.compile(
    r"\b(?:berpedoman|mengacu|merujuk)\s+(?:pada|kepada|ke)\b|\bberdasarkan\b(?!\s+undangan)|\bmenindaklanjuti\b|"
    r"\bsesuai\s+(?:dengan\s+)?(?:surat|peraturan|arahan|instruksi|edaran|ketentuan|keputusan|petunjuk|amanat|juknis)\b",
    re.IGNORECASE,
)
# ... or a document word right before it ("Peraturan KPU", "Surat Edaran Mendagri", "instruksi Kapolri")
_DOC_BEFORE_RE = re.compile(
    r"\b(?:surat\s+edaran|edaran|peraturan|keputusan|instruksi|petunjuk\s+teknis|juknis|radiogram|telegram|nota\s+dinas|"
    r"surat)\s+(?:bersama\s+)?(?:dari\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_BREAK_RE = re.compile(r"[,.;:\n]")
_POST_CUE_RE = re.compile(
    r"\W{0,3}(?:[\w.]+\s+){0,4}?(?:sudah\s+|telah\s+|akan\s+)?(?:menghibahkan|mengalokasikan|menganggarkan|memberikan\s+hibah|"
    r"mencairkan|menandatangani\s+NPHD)\b",
    re.IGNORECASE,
)
_FORMER_RE = re.compile(r"\b(?:mantan|eks|purnawirawan)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_RANKS = {
    "marsekal", "jenderal", "jendral", "laksamana", "letjen", "mayjen", "brigjen", "kolonel", "marsda", "marsma", "laksda",
    "laksma", "letkol", "mayor", "kapten", "komjen", "irjen", "jend", "purn", "lettu", "letda", "serma", "pelda",
}
_ORG_AFTER_RE = re.compile(
    r"[^.\n]{0,60}?\b(?:menggelar|mengadakan|melaksanakan|melangsungkan|menyelenggarakan|meluncurkan|merilis|memimpin|"
    r"membuka|gelar|adakan|laksanakan|luncurkan|lakukan|melakukan|memberikan\s+bimbingan|menginisiasi)\b",
    re.IGNORECASE,
)
_ORG_BEFORE_RE = re.compile(
    r"\b(?:diselenggarakan|digelar|diadakan|dipimpin|dibuka|diinisiasi|inisiasi|dilaksanakan|diprakarsai|dipandu)\s+"
    r"(?:langsung\s+)?(?:oleh\s+)?(?:dari\s+)?(?:[\w.()]+\s+){0,3}$",
    re.IGNORECASE,
)
_INV_RE = re.compile(r"\b(?:diundang|mengundang|undangan|turut\s+diundang)\b", re.IGNORECASE)


# Every match of these starts with one of the listed words, so they run through the index
# (one scan per article, bisect per mention) instead of a regex search per mention.
_ELECTION_KW = KeywordRegex(ELECTION_PHRASE_RE, (
    "pemilihan", "pilkada", "calon", "cagub", "cawagub", "cabup", "cawabup", "cawalkot", "bakal", "bacalon", "paslon",
    "pasangan", "kandidat", "memilih", "dipilih", "terpilih", "menjadi", "kursi", "bacaleg", "caleg", "anggota", "surat",
    "pilbup", "pilwali", "pilgub",
))
_BALLOT_KW = KeywordRegex(_BALLOT_RE, ("dpr", "presiden", "surat"))
_NEG_CUE_KW = KeywordRegex(_NEG_CUE_RE, (
    "koordinasi", "berkoordinasi", "sinergi", "sinergitas", "bersinergi", "kerja", "bekerja", "mengimbau",
    "menghimbau", "imbauan", "mengajak", "menghibahkan", "hibah", "perangkat", "lembaga", "wilayah", "netralitas",
    "melaporkan", "dukungan", "berharap", "mengharapkan", "bersurat", "meminta", "telah", "sudah", "pernah",
    "mendukung", "berdiri",
), prefixes=("kerjasama", "bekerjasama"))
_REG_CUE_KW = KeywordRegex(_REG_CUE_RE, ("berpedoman", "mengacu", "merujuk", "berdasarkan", "menindaklanjuti", "sesuai"))
_DOC_WORDS = frozenset({
    "surat", "edaran", "peraturan", "keputusan", "instruksi", "petunjuk", "juknis", "radiogram", "telegram", "nota",
})
_FORMER_WORDS = frozenset({"mantan", "eks", "purnawirawan"})
_POST_CUE_WORDS = frozenset({"menghibahkan", "mengalokasikan", "menganggarkan", "memberikan", "mencairkan", "menandatangani"})
_ORG_BEFORE_WORDS = frozenset({
    "diselenggarakan", "digelar", "diadakan", "dipimpin", "dibuka", "diinisiasi", "inisiasi", "dilaksanakan",
    "diprakarsai", "dipandu",
})
_ORG_AFTER_WORDS = frozenset({
    "menggelar", "mengadakan", "melaksanakan", "melangsungkan", "menyelenggarakan", "meluncurkan", "merilis", "memimpin",
    "membuka", "gelar", "adakan", "laksanakan", "luncurkan", "lakukan", "melakukan", "memberikan", "menginisiasi",
})
_INV_WORDS = frozenset({"diundang", "mengundang", "undangan", "turut"})
_PURN_RE = re.compile(r"[\s.]*\(\s*purn", re.IGNORECASE)
_LIST_NEXT_RE = re.compile(r"\s*(?:dan|,)")


@dataclass(slots=True)
class AgencyHit:
    agency: str
    start: int
    end: int
    role: str
    level: str
    kind: str
    counted: bool
    reason: str = ""


def masks(ix: TextIndex, spans: list[tuple[int, int]]) -> tuple[Occurrences, Occurrences]:
    """(election-name matches, ballot-list matches) inside ``spans``."""
    return _ELECTION_KW.occurrences(ix, spans), _BALLOT_KW.occurrences(ix, spans)


def _positions(ix: TextIndex, words: frozenset) -> list[int]:
    st = ix.starts
    return [st[i] for i in ix.token_indexes(words)]


def _any_between(pos: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_left(pos, a)
    return k < len(pos) and pos[k] < b


def find(
    ix: TextIndex,
    sentences: list[tuple[int, int]],
    kept: list[tuple[int, int]],
    venue_spans: list[tuple[int, int]],
    title_span: tuple[int, int] | None,
    planned=None,
) -> list[AgencyHit]:
    """All agency mentions with ``counted`` telling whether they count for the event.
    ``planned(pos, sentence_start)``: is ``pos`` in a planned occasion's clause outside the lead
    (a future meeting's partner is not the event's)?"""
    matches: list[Match] = agency_matcher().find(ix)
    if not matches:
        return []
    text = ix.text
    elec, ballot = masks(ix, kept)
    neg = _NEG_CUE_KW.occurrences(ix)
    reg = _REG_CUE_KW.occurrences(ix)
    doc = _positions(ix, _DOC_WORDS)
    where = ix.where
    former = any(w in where for w in _FORMER_WORDS)
    post_cue = any(w in where for w in _POST_CUE_WORDS)
    org_before = _positions(ix, _ORG_BEFORE_WORDS)
    org_after = _positions(ix, _ORG_AFTER_WORDS)
    invite = _positions(ix, _INV_WORDS)
    starts = [s for s, _ in sentences]
    any_ballot, any_elec, any_reg, any_neg = bool(ballot), bool(elec), bool(reg) or bool(doc), bool(neg)
    ts, te = title_span if title_span else (-1, -1)
    lead = next(((s, e) for s, e in sentences if not (ts <= s < te)), None)  # the first body sentence
    cl = _clauses.build(ix, matches, lead)
    more = MentionRules(ix)
    hits = []
    for mt in matches:
        al = mt.entry.value
        a, b = mt.start, mt.end
        k = bisect.bisect_right(starts, a) - 1
        ss, se = sentences[k] if k >= 0 and a < sentences[k][1] + 1 else (a, b)
        counted, reason = True, ""
        if any_ballot and ballot.covering(a, b):
            counted, reason = False, "ballot"
        elif any_elec and elec.covering(a, b):
            counted, reason = False, "election name"
        elif venue_spans and _inside(a, b, venue_spans):
            counted, reason = False, "venue"
        elif (al.agency == "TNI" or al.agency == "Polri") and _is_rank(ix, mt):
            counted, reason = False, "rank"
        elif former and _FORMER_RE.search(text, max(ss, a - 30), a):
            counted, reason = False, "former"
        elif post_cue and _POST_CUE_RE.match(text, b, min(se, b + 60)):
            counted, reason = False, "mention only (budget)"
        elif any_reg and _regulation_author(text, reg, doc, ss, a):
            counted, reason = False, "regulation author"
        elif any_neg:
            m = neg.first_within(max(ss, a - 300), a)
            if m:
                counted, reason = False, f"mention only ({m.group(0)})"
        if counted and cl is not None:
            r = cl.reason(al.agency, mt.i, mt.j, a, b, ss, se, ts <= a < te)
            if r:
                counted, reason = False, r
        if counted:
            r = more.reason(al.agency, mt.i, a, b, ss, se)
            if r:
                counted, reason = False, r
            elif planned is not None and not (ts <= a < te) and planned(a, ss):
                counted, reason = False, "planned occasion"
        role = "participant"
        if counted:
            lo = max(ss, a - 60)
            if org_before and _any_between(org_before, lo, a) and _ORG_BEFORE_RE.search(text, lo, a):
                role = "organiser"
            elif (org_after and _any_between(org_after, b, min(se, b + 90)) and _ORG_AFTER_RE.match(text, b, min(se, b + 90))
                  and not _LIST_NEXT_RE.match(text, b, b + 5)):
                role = "organiser"
            elif invite and _any_between(invite, max(ss, a - 300), a) and _INV_RE.search(text, max(ss, a - 300), a):
                role = "invited"
        hits.append(AgencyHit(al.agency, a, b, role, al.level, al.kind, counted, reason))
    # headline-only agencies do not count when the body names any
    if title_span:
        ts, te = title_span
        body_counted = {h.agency for h in hits if h.counted and not (ts <= h.start < te)}
        if body_counted:
            for h in hits:
                if ts <= h.start < te and h.counted and h.agency not in body_counted:
                    h.counted, h.reason = False, "headline only"
    return hits


def _regulation_author(text: str, reg: Occurrences, doc: list[int], ss: int, a: int) -> bool:
    """Is the mention at ``a`` the author of a rule the event follows (see _REG_CUE_RE)?"""
    m = reg.last_within(max(ss, a - 80), a)
    if m and a - m.end() <= 60 and not _CLAUSE_BREAK_RE.search(text, m.end(), a):
        return True
    return _any_between(doc, max(ss, a - 40), a) and bool(_DOC_BEFORE_RE.search(text, max(ss, a - 40), a))


def _inside(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    for x, y in spans:
        if x <= a and b <= y:
            return True
    return False


def _is_rank(ix: TextIndex, mt: Match) -> bool:
    i = mt.i
    if i > 0 and ix.lows[i - 1] in _RANKS and mt.start - ix.ends[i - 1] <= 3:
        return True
    return bool(_PURN_RE.match(ix.text, mt.end, mt.end + 14))


def summarise(hits: list[AgencyHit]) -> list[AgencyHit]:
    """First counted mention per agency (the strongest role wins), in text order."""
    best: dict[str, AgencyHit] = {}
    rank = {"organiser": 3, "invited": 2, "participant": 1}
    for h in hits:
        if not h.counted:
            continue
        cur = best.get(h.agency)
        if cur is None:
            best[h.agency] = h
        elif rank[h.role] > rank[cur.role]:
            best[h.agency] = AgencyHit(h.agency, cur.start, cur.end, h.role, cur.level, cur.kind, True)
    return sorted(best.values(), key=lambda h: h.start)
