"""Activity type of the reported event, from keywords in the headline, then the lead.

The main event is the one the headline/lead reports, so the zones are searched in that order
and the earliest keyword of the first zone that has one wins (a longer keyword starting at the
same place beats a shorter one: ``Rapat Koordinasi`` is a rakor, not a generic ``rapat``).
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract.scan import KeywordRegex, TextIndex

ACTIVITIES = ("rakor", "sosialisasi", "apel", "rapat", "pelantikan", "bimtek", "simulasi", "monitoring", "deklarasi", "other")

_PATTERNS: list[tuple[str, str]] = [
    ("rakor", r"rapat\s+k(?:oo|o)rdinasi|rakor\w*|desk\s+pilkada|video\s*conference\s+rakor"),
    ("apel", r"apel\s+(?:siaga|gelar|kesiapan|persiapan|pasukan|kesiapsiagaan|pengamanan|besar|bersama|kebangsaan)|gelar\s+pasukan|apel"),
    ("pelantikan", r"pelantikan|pelatikan|pelantik|dilantik|melantik|lantik|pengambilan\s+sumpah|sumpah\s+(?:jabatan|janji)|pengukuhan|dikukuhkan|kukuhkan"),
    ("bimtek", r"bimbingan\s+teknis|bimtek\w*|pelatihan|pembekalan|diklat|training\s+of\s+trainers?"),
    ("simulasi", r"simulasi"),
    ("monitoring", r"monitoring|monev|supervisi|peninjauan|meninjau|tinjau|ditinjau|sidak|inspeksi\s+mendadak|pemantauan|memantau|pengecekan\s+(?:gudang|logistik|kesiapan)|mengecek\s+(?:gudang|logistik|kesiapan)|pantau|cek\s+(?:gudang|logistik|kesiapan)"),
    ("deklarasi", r"deklarasi\w*|mendeklarasi\w*|ikrar|mengikrarkan"),
    ("sosialisasi", r"sosialisasi|menyosialisasikan|mensosialisasikan|pendidikan\s+(?:politik|pemilih)|edukasi|penyuluhan|diseminasi"),
    ("rapat", r"rapat\s+(?:kerja|penyusunan|pleno|evaluasi|persiapan|teknis|internal|bersama|kesiapan|konsolidasi|pembahasan|fasilitasi|paripurna|terbatas)|rapat|fgd|focus\s+group\s+discussion|konsolidasi\s+nasional|rakernas|raker|rakerda|rakernis|audiensi|kunjungan\s+koordinasi|pertemuan\s+(?:koordinasi|bilateral)"
              # a coordination visit to another body's office: a bilateral meeting
              r"|(?:(?<=melakukan )|(?<=lakukan )|(?<=menggelar )|(?<=gelar ))koordinasi\s+(?:dengan|bersama|ke)"
              r"|(?:mendatangi|menyambangi|datangi|sambangi|bertandang\s+ke|berkunjung\s+ke|bersilaturahmi\s+ke|audiensi\s+ke)\s+"
              r"(?:kantor|markas|mapolres|mapolresta|mapolda|makodim|makorem|polres|polresta|polda|kodim|korem|kejari|"
              r"kejaksaan|kpu|bawaslu|pemkab|pemkot|pemprov|sekretariat|rumah\s+dinas|rumdin|kesbangpol)"),
    ("other", r"launching|peluncuran|meluncurkan|luncurkan|diluncurkan|merilis\s+(?:maskot|jingle|tagline)|maskot|jingle|workshop|lokakarya|seminar|kirab|pawai|jalan\s+sehat|sayembara"),
]

_ALT = "|".join(f"(?P<{name}{i}>{pat})" for i, (name, pat) in enumerate(_PATTERNS))
ACT_RE = re.compile(r"\b(?:" + _ALT + r")\b", re.IGNORECASE)
# the words an activity keyword can start with (see scan.KeywordRegex)
_ACT_KW = KeywordRegex(ACT_RE, (
    "rapat", "desk", "apel", "gelar", "pelantikan", "pelatikan", "pelantik", "dilantik", "melantik", "lantik",
    "pengambilan", "sumpah", "pengukuhan", "dikukuhkan", "kukuhkan", "pantau", "cek", "bimbingan", "pelatihan", "pembekalan", "diklat", "training", "simulasi",
    "monitoring", "monev", "supervisi", "peninjauan", "meninjau", "tinjau", "ditinjau", "sidak", "inspeksi",
    "pemantauan", "memantau", "pengecekan", "mengecek", "ikrar", "mengikrarkan", "sosialisasi", "menyosialisasikan",
    "mensosialisasikan", "pendidikan", "edukasi", "penyuluhan", "diseminasi", "fgd", "focus", "konsolidasi", "rakernas",
    "raker", "rakerda", "rakernis", "audiensi", "kunjungan", "pertemuan", "koordinasi", "mendatangi",
    "menyambangi", "datangi", "sambangi", "bertandang", "berkunjung", "bersilaturahmi", "launching", "peluncuran", "meluncurkan",
    "luncurkan", "diluncurkan", "merilis", "maskot", "jingle", "workshop", "lokakarya", "seminar", "kirab", "pawai",
    "jalan", "sayembara",
), prefixes=("rakor", "video", "bimtek", "deklarasi", "mendeklarasi"))
_NOT_EVENT_RE = re.compile(r"ruang(?:an)?\s+$|gedung\s+$", re.IGNORECASE)  # "ruang rapat" is a room
# a unit of an organisation: the keyword after it is the name of a job or a division ("Divisi
# Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat", "Kepala Bidang Pendidikan Politik",
# "Kasi Pelatihan", "Kasubdit Fasilitasi Pemantauan"), not an activity
_UNIT_WORDS = frozenset({
    "divisi", "div", "kadiv", "kordiv", "koordiv", "bidang", "kabid", "kasubbid", "subbidang", "seksi", "kasi", "kasie",
    "kasubsi", "bagian", "kabag", "kasubbag", "subbagian", "subbag", "direktorat", "direktur", "subdit", "kasubdit",
    "deputi", "asdep", "biro", "karo", "pokja", "satgas", "tim", "unit", "komisi", "departemen",
})
# title words that may stand between the unit word and the keyword ("Divisi Hukum, Pencegahan dan ...")
_TITLE_GAP_RE = re.compile(r"(?:[\s,&/]+|\s+dan\s+|\s+serta\s+)$")
_BACKGROUND_OPEN = frozenset({
    "setelah", "usai", "seusai", "sesudah", "sebelum", "pasca", "pascapelaksanaan", "menindaklanjuti", "sejak",
    "sebelumnya",
})
_BACKGROUND_RE = re.compile(
    r"\b(?:setelah|usai|seusai|sesudah|sebelum|pasca|menindaklanjuti|tindak\s+lanjut(?:\s+dari)?|sejak|sebelumnya)\b"
    r"[^,.;:\n]*$",
    re.IGNORECASE,
)


def _label(m: re.Match) -> str:
    return m.lastgroup.rstrip("0123456789") if m.lastgroup else "other"


def _index(text: str | TextIndex) -> TextIndex:
    return text if isinstance(text, TextIndex) else TextIndex(text)


def _all(ix: TextIndex) -> list[tuple[int, int, str]]:
    """Every activity keyword of the article, computed once per index."""
    out = ix.cache.get("activity")
    if out is not None:
        return out
    text = ix.text
    out = []
    for m in _ACT_KW.finditer(ix):
        if _NOT_EVENT_RE.search(text, max(0, m.start() - 9), m.start()):
            continue
        if _in_title_of_unit(ix, m.start()):
            continue
        out.append((m.start(), m.end(), _label(m)))
    ix.cache["activity"] = out
    return out


def _in_title_of_unit(ix: TextIndex, pos: int) -> bool:
    """Is the keyword at ``pos`` part of a unit's or a job's name: capitalised and preceded, over
    at most five capitalised title words, by a unit word (``Divisi``, ``Bidang``, ``Kasi``...)?"""
    text = ix.text
    if not text[pos:pos + 1].isupper():
        return False
    i = ix.first_token_at_or_after(pos)
    lows, starts, ends = ix.lows, ix.starts, ix.ends
    for k in range(i - 1, max(-1, i - 7), -1):
        gap = text[ends[k]:starts[k + 1]]
        if not _TITLE_GAP_RE.match(gap) and gap.strip() not in ("", ","):
            return False
        if lows[k] in _UNIT_WORDS:
            return True
        w = text[starts[k]:ends[k]]
        if not (w[:1].isupper() or lows[k] in ("dan", "serta")):
            return False
    return False


def background(text: str, a: int, lo: int) -> bool:
    """Does the keyword at ``a`` sit in a clause about an earlier occasion the event follows
    ("Setelah sepekan menggelar sosialisasi di sekolah, KPU kini menggelar simulasi", "Usai
    dilantik, ...", "Menindaklanjuti rapat koordinasi provinsi, ...")? ``lo``: the sentence start."""
    return bool(_BACKGROUND_RE.search(text, max(lo, a - 120), a))


def find_all(text: str | TextIndex, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of every activity keyword in ``text[start:end]``."""
    ix = _index(text)
    end = len(ix.text) if end is None else end
    hits = _all(ix)
    k = bisect.bisect_left(hits, (start, -1, ""))
    out = []
    while k < len(hits) and hits[k][0] < end:
        if hits[k][1] <= end:
            out.append(hits[k])
        k += 1
    return out


def has_activity(text: str | TextIndex, start: int, end: int) -> bool:
    return bool(find_all(text, start, end))


def classify(text: str | TextIndex, zones: list[tuple[int, int]], sentences: list[tuple[int, int]] | None = None,
             planned=None) -> tuple[str, tuple[int, int] | None, float]:
    """First zone with a keyword decides; returns (label, span, confidence).

    Inside a zone, a keyword in a clause about an earlier occasion (``background``) yields to
    one of the clause that reports the event. A bare ``rapat`` (or ``rapat bersama``) gives way to the ``rapat
    koordinasi``/``rakor`` the lead then names the same meeting by ("... menggelar rapat bersama
    TNI, Polri ... Rapat koordinasi yang dipimpin Menko ..."), not to a rakor planned next.
    ``planned(pos)``: is the keyword at ``pos`` a planned follow-up outside the lead (another
    occasion: never the event's activity)?"""
    ix = _index(text)
    sents = sentences or []
    starts = [s for s, _ in sents]
    for rank, (s, e) in enumerate(zones):
        hits = find_all(ix, s, e)
        if planned is not None:
            hits = [h for h in hits if not planned(h[0])]
        if not hits:
            continue
        main = [h for h in hits if not background(ix.text, h[0], _sentence_start(starts, sents, h[0], s))]
        a, b, lab = (main or hits)[0]
        conf = 0.9 if rank == 0 else (0.75 if rank == 1 else 0.5)
        if not main:
            conf -= 0.2  # only an earlier occasion's keyword
        if lab == "rapat" and " ".join(ix.low[a:b].split()) in ("rapat", "rapat bersama"):
            named = _named_again(ix, main or hits, a, zones, rank)
            if named:
                return named[2], (named[0], named[1]), conf
        return lab, (a, b), conf
    return "other", None, 0.3


_NAMED_AGAIN_RE = re.compile(r"\s+(?:tersebut|ini|itu|yang\s+(?:dipimpin|dibuka|digelar|dihadiri|berlangsung|dilaksanakan|diikuti))\b",
                             re.IGNORECASE)


def _named_again(ix: TextIndex, hits, a: int, zones, rank: int):
    """A rakor hit after the bare "rapat" at ``a`` that names the same meeting (followed by
    "tersebut/ini/itu" or "yang dipimpin/dibuka/..."), in this zone or the lead zone after it."""
    pool = list(hits)
    if rank + 1 < len(zones) and rank == 0:
        pool += find_all(ix, *zones[1])
    for h in pool:
        if h[0] > a and h[2] == "rakor" and _NAMED_AGAIN_RE.match(ix.text, h[1]):
            return h
    return None


def _sentence_start(starts: list[int], sents, pos: int, default: int) -> int:
    k = bisect.bisect_right(starts, pos) - 1
    return sents[k][0] if k >= 0 and pos < sents[k][1] else default


def classify_string(s: str) -> str:
    hits = find_all(s)
    return hits[0][2] if hits else "other"
