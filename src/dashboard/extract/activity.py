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
    ("rapat", r"rapat\s+(?:kerja|penyusunan|pleno|evaluasi|persiapan|teknis|internal|bersama|kesiapan|konsolidasi|pembahasan|fasilitasi|paripurna|terbatas)|rapat|fgd|focus\s+group\s+discussion|konsolidasi\s+nasional|rakernas|raker|rakerda|rakernis|audiensi|kunjungan\s+koordinasi|pertemuan\s+(?:koordinasi|bilateral)"),
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
    "raker", "rakerda", "rakernis", "audiensi", "kunjungan", "pertemuan", "launching", "peluncuran", "meluncurkan",
    "luncurkan", "diluncurkan", "merilis", "maskot", "jingle", "workshop", "lokakarya", "seminar", "kirab", "pawai",
    "jalan", "sayembara",
), prefixes=("rakor", "video", "bimtek", "deklarasi", "mendeklarasi"))
_NOT_EVENT_RE = re.compile(r"ruang(?:an)?\s+$|gedung\s+$", re.IGNORECASE)  # "ruang rapat" is a room


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
        out.append((m.start(), m.end(), _label(m)))
    ix.cache["activity"] = out
    return out


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


def classify(text: str | TextIndex, zones: list[tuple[int, int]]) -> tuple[str, tuple[int, int] | None, float]:
    """First zone with a keyword decides; returns (label, span, confidence)."""
    ix = _index(text)
    for rank, (s, e) in enumerate(zones):
        hits = find_all(ix, s, e)
        if hits:
            a, b, lab = hits[0]
            conf = 0.9 if rank == 0 else (0.75 if rank == 1 else 0.5)
            return lab, (a, b), conf
    return "other", None, 0.3


def classify_string(s: str) -> str:
    hits = find_all(s)
    return hits[0][2] if hits else "other"
