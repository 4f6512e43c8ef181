"""Venue of the event: the place phrase attached with ``di ...`` / ``bertempat di ...``.

Candidates, strongest first:

* A: ``bertempat di``, ``lokasi yang dikunjungi yakni``, or an event verb right before ``di``
  (``digelar di``, ``dilaksanakan di``, ``dipusatkan di``, ``berlangsung di``): any phrase.
* B: plain ``di`` followed by a facility word (Hotel, Aula, Gedung, Ruang, Kantor, Pendopo,
  Lapangan, Halaman, Mako, Sekolah, Warung, ...).
* C: plain ``di`` after an activity word in the same sentence (``saat pelantikan di Kediri``).
* D: a capitalised facility name without ``di`` (``... memenuhi Bali Nusa Dua Convention Centre``).

Not venues: lead datelines (they are not in the searched text), places of a quoted statement
(``kata X di Padang Aro, Senin``), generic phrases (``di seluruh Indonesia``), ``pertama di
Jawa Barat``; for virtual meetings only A/B candidates (the room where participants followed).
The phrase is cut at a date, a weekday, a verb or a clause word, and continues over commas
only with place parts (``Kelurahan ..``, ``Kecamatan ..``, a region name, a short proper name
ending the sentence), so it stays "lightly trimmed, keeping the words of the text".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from dashboard.extract import activity
from dashboard.extract.scan import KeywordRegex, TextIndex
from dashboard.extract.textutil import WEEKDAY_RE, WEEKDAYS

FACILITY = (
    "hotel|aula|gedung|ruang|ruangan|kantor|pendopo|pendapa|balai|balaikota|lapangan|halaman|mako|markas|graha|auditorium|hall|"
    "ballroom|convention|sekolah|smp|smpn|sma|sman|smk|smkn|sd|sdn|slb|mts|madrasah|pesantren|ponpes|masjid|gereja|taman|monumen|"
    "pelataran|warung|warkop|kafe|cafe|café|restoran|resto|rumah|wisma|pantai|stadion|gor|alun|pos|posko|gudang|kampus|universitas|"
    "lobi|lobby|bangsal|sekretariat|mess|pesanggrahan|tps|tempat\\s+pemungutan|kediaman|rujab|rumdin|villa|resort|bandara|pelabuhan|"
    "terminal|pasar|kawasan|komplek|kompleks|jalan|jl|lantai|lt|command\\s+center|pusat|opd|dinas|mapolres|mapolda|makodim|"
    "makorem|mapolsek|kodim|koramil|polres|polsek|pendapi|benteng|lapas|rutan|kecamatan|kelurahan|desa|nagari|gampong|kampung"
)
_FAC_RE = re.compile(r"\b(?:" + FACILITY + r")\b", re.IGNORECASE)
_TRIGGER_A_RE = re.compile(
    r"\b(?:bertempat\s+di|berlokasi\s+di|(?:di)?(?:gelar|laksanakan|selenggarakan|adakan|pusatkan)(?:nya)?\s+di|"
    r"berlangsung\s+di|dipusatkan\s+di|lokasi\s+(?:yang\s+dikunjungi|kegiatan|acara)\s+(?:yakni|yaitu|adalah|di)|"
    r"(?:kegiatan|acara)\s+(?:ini|tersebut)\s+di)\s+",
    re.IGNORECASE,
)
_DI_RE = re.compile(r"\b[Dd]i\s+(?=\S)")
_DARI_RE = re.compile(r"\b(?:dari|melalui)\s+(?=\S)", re.IGNORECASE)  # virtual: "diikuti dari Ruang Rapat ..."
# the same patterns run through the article's index (see scan.KeywordRegex)
_TRIGGER_A_KW = KeywordRegex(_TRIGGER_A_RE, [
    "bertempat", "berlokasi", "berlangsung", "dipusatkan", "lokasi", "kegiatan", "acara",
    *(di + verb + nya for di in ("", "di") for verb in ("gelar", "laksanakan", "selenggarakan", "adakan", "pusatkan")
      for nya in ("", "nya")),
])
_DI_KW = KeywordRegex(_DI_RE, ["di"])
_DARI_KW = KeywordRegex(_DARI_RE, ["dari", "melalui"])
_STOP_WORDS = {
    "yang", "untuk", "guna", "dalam", "pada", "dengan", "sebagai", "oleh", "bersama", "saat", "ketika", "hari", "tanggal",
    "tgl", "pukul", "sekitar", "mulai", "sejak", "selama", "ini", "itu", "tersebut", "telah", "sudah", "akan", "kemarin",
    "siang", "pagi", "sore", "malam", "agar", "supaya", "karena", "namun", "tetapi", "serta", "juga", "lalu", "kemudian",
    "sehingga", "terkait", "mengenai", "tentang", "beberapa", "waktu", "sebelum", "sesudah", "setelah", "usai", "seusai",
    "setempat", "kata", "ujar", "jelas", "ungkap", "tutur", "menurut", "secara", "via", "melalui", "berjalan", "merupakan", "adalah",
}
_GENERIC_START = {
    "seluruh", "sini", "sana", "mana", "tengah", "antara", "bawah", "atas", "depan", "dalam", "luar", "samping", "masing",
    "masing-masing", "tempat", "wilayah", "daerah", "tingkat", "era", "masa", "tahun", "bulan", "hari", "tahap", "tahapan",
    "kalangan", "lingkungan", "media", "akun", "berbagai", "setiap", "tiap", "semua", "lapangan." , "mata", "hadapan",
    "balik", "sela", "sela-sela", "tanah", "indonesia", "negeri", "dunia", "kota-kota", "sejumlah", "pihak", "bidang",
    "internal", "level", "ranah", "titik", "lokasi", "sektor", "kancah", "jalur", "ruang-ruang", "benak", "hati",
}
_NEG_BEFORE_RE = re.compile(
    r"\b(?:pertama|terbesar|satu-satunya|tertinggi|terendah|terbanyak|tersebar|berada|tinggal|berdomisili|terdaftar|"
    r"pemilih|warga|penduduk|terjadi|rawan|kondusif|berkumpul|ada|hadir)\s+$",
    re.IGNORECASE,
)
_SPEECH_RE = re.compile(
    r"\b(?:kata|ujar|ungkap|jelas|tutur|ucap|tegas|terang|katanya|ujarnya|ungkapnya|jelasnya|tuturnya|tegasnya|terangnya|"
    r"mengatakan|menjelaskan|menyampaikan|dikonfirmasi|ditemui|dihubungi)\b[^.\n]{0,70}$",
    re.IGNORECASE,
)
_VIRTUAL_RE = re.compile(r"\b(?:virtual|daring|video\s*conference|vidcon|vicon|vcon|zoom|online|webinar)\b", re.IGNORECASE)
_VIRTUAL_KW = KeywordRegex(_VIRTUAL_RE, ["virtual", "daring", "vidcon", "vicon", "vcon", "zoom", "online", "webinar"],
                           prefixes=("video",))
# words the two "not a venue" rules below start with: the rules run only when one is near
_NEG_BEFORE_WORDS = frozenset({
    "pertama", "terbesar", "satu", "tertinggi", "terendah", "terbanyak", "tersebar", "berada", "tinggal", "berdomisili",
    "terdaftar", "pemilih", "warga", "penduduk", "terjadi", "rawan", "kondusif", "berkumpul", "ada", "hadir",
})
_SPEECH_WORDS = frozenset({
    "kata", "ujar", "ungkap", "jelas", "tutur", "ucap", "tegas", "terang", "katanya", "ujarnya", "ungkapnya", "jelasnya",
    "tuturnya", "tegasnya", "terangnya", "mengatakan", "menjelaskan", "menyampaikan", "dikonfirmasi", "ditemui", "dihubungi",
})
_PHRASE_STOP_RE = re.compile(r"[(),;\n.!?]")
_DATEISH_RE = re.compile(r"\(?\s*\d{1,2}\s*/\s*\d{1,2}|\b" + WEEKDAY_RE + r"\b", re.IGNORECASE)
_ADMIN_RE = re.compile(
    r"(?:Kelurahan|Kel\.?|Kecamatan|Kec\.?|Kabupaten|Kab\.?|Kota|Desa|Nagari|Gampong|Provinsi|Prov\.?|Jalan|Jl\.?|Jln\.?|RT|RW|Dusun|Kampung)\b"
)
_D_RE = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+){0,4}(?:Convention\s+Cent(?:re|er)|Ballroom|Auditorium|Hall)\b(?:\s+[A-Z][\w'’-]*){0,3}"
    r"|\b(?:Hotel|Aula|Gedung|Graha|Pendopo|Pendapa)\s+(?:[A-Z][\w'’-]*\s*){1,5}"
)
_WORD_RE = re.compile(r"\S+")
_NUMDATE_RE = re.compile(r"\(?\d{1,2}/\d")
_VERB_RE = re.compile(r"(?:di|me|ber|ter)[a-z]")
MAX_DI = 400  # "di" phrases examined per article (bounds the work on pathological input)


@dataclass
class VenueCand:
    start: int
    end: int
    cls: str  # A | B | C | D
    score: float


_LEADING_TRIGGER_RE = re.compile(r"(?:bertempat|berlokasi|yang\s+bertempat)\s+di\s+", re.IGNORECASE)


def _cut_phrase(text: str, start: int, limit: int, strong: bool, region_names) -> tuple[int, int] | None:
    """Return the (start, end) of the place phrase beginning at ``start``."""
    m = _LEADING_TRIGGER_RE.match(text, start, limit)
    if m:
        start = m.end()
    # first clause: up to a sentence end or comma, then cut at a stop word / date
    end = start
    depth = 0
    i = start
    n = min(limit, len(text), start + 220)  # a place phrase is short; bounds the work on odd input
    while i < n:
        sm = _PHRASE_STOP_RE.search(text, i, n)  # only these characters can end the clause
        if sm is None:
            i = n
            break
        i = sm.start()
        ch = text[i]
        if ch == "(":
            if _DATEISH_RE.match(text, i):
                break
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;\n" and depth == 0:
            break
        elif ch in ".!?" and depth == 0 and (i + 1 >= n or text[i + 1] in " \n\"”"):
            break
        i += 1
    seg_end = _cut_words(text, start, i, first=True)
    if seg_end is None or seg_end <= start:
        return None
    end = seg_end
    # continuation over commas with place parts
    j = i
    while j < n and text[j] == "," and end == _rstrip(text, start, i):
        k = j + 1
        while k < n and text[k] == " ":
            k += 1
        m_end = k
        while m_end < n and text[m_end] not in ",.;\n!?(":
            m_end += 1
        part = text[k:m_end].strip()
        words = part.split()
        if not words or not words[0][:1].isupper() or len(words) > 6:
            break
        if _DATEISH_RE.match(part):
            break
        is_admin = bool(_ADMIN_RE.match(part))
        is_region = part in region_names
        ends_sentence = m_end >= n or text[m_end] in ".\n" or (text[m_end] == "," and _DATEISH_RE.match(text, m_end + 1 + (1 if m_end + 1 < n and text[m_end + 1] == " " else 0)))
        short_proper = len(words) <= 3 and all(w[:1].isupper() for w in words) and ends_sentence
        if not (is_admin or is_region or short_proper):
            break
        if any(w.lower() in _STOP_WORDS for w in words):
            break
        if _looks_official(part):
            break
        end = k + len(text[k:m_end].rstrip())
        i = m_end
        j = m_end
    return start, end


_OFFICIAL_RE = re.compile(
    r"^(?:Bupati|Wakil|Walikota|Wali\s+Kota|Gubernur|Sekda|Kapolres|Kapolda|Dandim|Kajari|Ketua|Kepala|Camat|Lurah|KPU|Bawaslu|Pj|Plt|Plh|Asisten)\b"
)


def _looks_official(part: str) -> bool:
    return bool(_OFFICIAL_RE.match(part))


def _rstrip(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in " \t":
        b -= 1
    return b


def _cut_words(text: str, start: int, end: int, first: bool) -> int | None:
    last = start
    for k, m in enumerate(_WORD_RE.finditer(text, start, end)):
        w = m.group(0)
        wl = w.lower().strip("()\"“”,.")
        if k > 0 and wl in _STOP_WORDS:
            break
        if wl in WEEKDAYS or ("/" in w and _NUMDATE_RE.match(w)):
            break
        # lowercase verbs: di-/me-/ber-/ter- words of some length end the place phrase
        if k > 0 and w[:1].islower() and len(wl) > 5 and _VERB_RE.match(wl) and not _FAC_RE.match(wl):
            break
        last = m.end()
    last = _rstrip(text, start, last)
    # drop trailing punctuation except a closing bracket
    while last > start and text[last - 1] in ",.;:-–—\"“”'":
        last -= 1
    return last if last > start else None


def candidates(text: str | TextIndex, sentences: list[tuple[int, int]], region_names=frozenset(),
               virtual: bool | None = None) -> list[VenueCand]:
    ix = text if isinstance(text, TextIndex) else TextIndex(text)
    text = ix.text
    out: list[VenueCand] = []
    if virtual is None:
        virtual = is_virtual(ix, sentences)
    act_pos = [a for a, _, _ in activity.find_all(ix)] if sentences else []

    def act_before(a: int, b: int) -> bool:
        k = bisect.bisect_left(act_pos, a)
        return k < len(act_pos) and act_pos[k] < b

    st = ix.starts
    # sentences worth reading: those with a "di"/"dari"/trigger token
    probe = ix.token_indexes(_DI_KW.words | _DARI_KW.words | _TRIGGER_A_KW.words)
    probe_pos = [st[i] for i in probe]
    neg_pos = [st[i] for i in ix.token_indexes(_NEG_BEFORE_WORDS)]
    speech_pos = [st[i] for i in ix.token_indexes(_SPEECH_WORDS)]
    for pos, (ss, se) in enumerate(sentences):
        if not _any_between(probe_pos, ss, se):
            continue
        # a sentence about another occasion ("Sebelumnya, relawan menggelar sosialisasi di
        # Gereja ...") names that occasion's place: it yields to the article's own event's
        other = -1.0 if _OTHER_OCCASION_RE.match(text, ss, min(se, ss + 40)) else 0.0
        a_starts = set()
        for m in _TRIGGER_A_KW.finditer(ix, ss, se):
            ph = _cut_phrase(text, m.end(), se, True, region_names)
            if ph and _not_generic(text, *ph):
                out.append(VenueCand(ph[0], ph[1], "A", 3.0 + _adjust(text, ph) + other))
                a_starts.add(m.end())
        di_iter = _DI_KW.finditer(ix, ss, se)
        if virtual:
            di_iter += [m for m in _DARI_KW.finditer(ix, ss, se) if _FAC_RE.match(text, m.end())]
        for m in di_iter[:MAX_DI]:
            p = m.end()
            if p in a_starts:
                continue
            lo = max(ss, m.start() - 70)
            if _any_between(neg_pos, lo, m.start()) or _any_between(speech_pos, lo, m.start()):
                before = text[lo:m.start()]
                if _NEG_BEFORE_RE.search(before) or _SPEECH_RE.search(before):
                    continue
            ph = _cut_phrase(text, p, se, False, region_names)
            if not ph or not _not_generic(text, *ph):
                continue
            first = text[ph[0]:ph[1]]
            dated = _date_follows(text, ph[1])
            adj = _adjust(text, ph, dated) + other
            if _FAC_RE.match(first) or _FAC_RE.search(" ".join(first.split()[:3])) and first[:1].isupper():
                out.append(VenueCand(ph[0], ph[1], "B", 2.0 + adj))
            elif not virtual and (
                act_before(max(ss, m.start() - (30 if _region_only(first, region_names) else 100)), m.start())
                or (first[:1].isupper() and dated and not _region_only(first, region_names))
            ):
                if first[:1].isupper() or first[:1].isdigit() or first.split()[0].lower() in _NUM_WORDS:
                    out.append(VenueCand(ph[0], ph[1], "C", 1.0 + adj))
    if not out:
        for s, e in sentences:
            if not activity.has_activity(ix, s, e):
                continue
            for m in _D_RE.finditer(text, s, e):
                b = _rstrip(text, m.start(), m.end())
                if b > m.start():
                    out.append(VenueCand(m.start(), b, "D", 0.8))
    return out


_OTHER_OCCASION_RE = re.compile(
    r"\W*(?:sebelumnya|sebelum\s+itu|sehari\s+sebelumnya|pekan\s+lalu|bulan\s+lalu|selanjutnya|berikutnya"
    r"|ke\s+depan|rencananya)\b",
    re.IGNORECASE,
)
_DATE_AFTER_RE = re.compile(r"\s*,?\s*(?:pada\s+)?(?:hari\s+)?(?:" + WEEKDAY_RE + r"\b|\(?\d{1,2}\s*/\s*\d{1,2})", re.IGNORECASE)


def _date_follows(text: str, end: int) -> bool:
    """The phrase is followed by the day ("di Oproom Setdakab, Selasa (13/8)"): how a
    release names where its event was held."""
    return bool(_DATE_AFTER_RE.match(text, end, min(len(text), end + 40)))


def _adjust(text: str, ph: tuple[int, int], dated: bool | None = None) -> float:
    """Score changes shared by every class: a place followed by the day is the event's
    (+0.5); a count of places ("di 2.784 TPS", "di 98 kampung") is usually where a later
    stage happens, so it yields to a named place (-1.5) but stays if it is all there is."""
    first = text[ph[0]:ph[1]].split()[0].lower()
    adj = 0.5 if (_date_follows(text, ph[1]) if dated is None else dated) else 0.0
    if first[:1].isdigit() or first in _NUM_WORDS:
        adj -= 1.5
    return adj


def is_virtual(text: str | TextIndex, sentences: list[tuple[int, int]]) -> bool:
    """Does the kept text mention a video conference / online meeting?"""
    ix = text if isinstance(text, TextIndex) else TextIndex(text)
    got = ix.cache.get("virtual")
    if got is None:
        got = ix.cache["virtual"] = bool(sentences) and bool(_VIRTUAL_KW.finditer(ix, sentences[0][0], sentences[-1][1]))
    return got


_NUM_WORDS = {"satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas", "belasan", "puluhan"}


def _region_only(phrase: str, region_names) -> bool:
    parts = [p.strip() for p in phrase.split(",")]
    return all(p in region_names for p in parts if p)


def _not_generic(text: str, a: int, b: int) -> bool:
    ph = text[a:b].strip()
    if len(ph) < 3:
        return False
    w = ph.split()[0].lower().strip("(),.")
    return w not in _GENERIC_START and not _MANA_RE.match(w)


_MANA_RE = re.compile(r"(?:mana|sini|sana)\b")


def _any_between(pos: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_left(pos, a)
    return k < len(pos) and pos[k] < b


def choose(cands: list[VenueCand], title_span: tuple[int, int] | None = None) -> VenueCand | None:
    """The strongest candidate, the earliest among equals; a headline's place phrase ("Rakor
    Digelar di Kota Bogor") gives way to an equally strong one in the body, which names the
    venue in full."""
    if not cands:
        return None

    def in_title(c: VenueCand) -> bool:
        return bool(title_span and title_span[0] <= c.start < title_span[1])

    return min(cands, key=lambda c: (-c.score, in_title(c), c.start))
