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
from dashboard.extract.textutil import ABBREVIATIONS, WEEKDAY_RE, WEEKDAYS

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
# the place a visit or an inspection went to, named without "di": "mendatangi Kantor Kejari X",
# "menyambangi Mapolres Y", "meninjau gudang logistik KPU Z", "supervisi dan monitoring ke Gudang
# Logistik ...", "pengecekan gudang logistik ...". The object must be a name or a facility word.
_VISIT_VERBS = ("mendatangi", "menyambangi", "mengunjungi", "menyambagi", "menyinggahi", "meninjau", "mengecek",
                "menyidak", "memantau", "menyisir")
_VISIT_NOUNS = ("bertandang", "berkunjung", "bersilaturahmi", "kunjungan", "monitoring", "supervisi", "sidak",
                "peninjauan", "pengecekan", "pemantauan", "inspeksi")
# what is watched or inspected rather than a place ("memantau Pilkada 2024", "meninjau Kesiapan ...")
_NOT_VISITED = (r"(?i:pilkada|pemilu|pemilihan|pilgub|pilbup|pilwali|pilkades|tahapan|proses|pelaksanaan|kegiatan|"
                r"jalannya|kesiapan|persiapan|logistik|pemungutan|penghitungan|rekapitulasi|debat|kampanye|distribusi|"
                r"netralitas|situasi|kondisi|perkembangan|media|berita|informasi|data)\b")
_VISIT_RE = re.compile(
    r"\b(?i:(?:" + "|".join(_VISIT_VERBS) + r")(?:\s+langsung)?"
    r"|(?:" + "|".join(_VISIT_NOUNS) + r")(?:\s+mendadak)?(?:\s+[\w-]+){0,3}?\s+ke"
    r"|(?:pengecekan|peninjauan|sidak|inspeksi\s+mendadak|monitoring|supervisi))"
    r"\s+(?=(?i:" + FACILITY + r")\b|(?!" + _NOT_VISITED + r")[A-Z])"
)
_VISIT_KW = KeywordRegex(_VISIT_RE, _VISIT_VERBS + _VISIT_NOUNS)
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
    # A | B | C | D, V (a place visited: its body took part, so it is not masked as a venue),
    # N (a distributive phrase: when it wins, the event has no single venue)
    cls: str
    score: float


_LEADING_TRIGGER_RE = re.compile(r"(?:bertempat|berlokasi|yang\s+bertempat)\s+di\s+", re.IGNORECASE)


_WORD_END_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]+$")


def _abbrev_dot(text: str, i: int, lo: int) -> bool:
    """Is the full stop at ``i`` the dot of an abbreviation or an initial inside a name
    (``Kab. Trenggalek``, ``Jl. Pancasila``, ``Gedung H. M. Yusuf``)? The word before it is a
    known abbreviation or a single capital, and the name goes on after it."""
    m = _WORD_END_RE.search(text, max(lo, i - 12), i)
    if not m:
        return False
    w = m.group(0)
    if not (w.lower() in ABBREVIATIONS or (len(w) == 1 and w.isupper())):
        return False
    k = i + 1
    while k < len(text) and text[k] == " ":
        k += 1
    return k < len(text) and (text[k].isupper() or text[k].isdigit())


_PART_STOP_RE = re.compile(r"[,;\n!?(.]")


def _part_end(text: str, k: int, n: int) -> int:
    """End of the comma-separated part starting at ``k`` (abbreviation dots do not end it)."""
    pos = k
    while True:
        m = _PART_STOP_RE.search(text, pos, n)
        if m is None:
            return n
        j = m.start()
        if text[j] != "." or not _abbrev_dot(text, j, k):
            return j
        pos = j + 1


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
        elif (ch in ".!?" and depth == 0 and (i + 1 >= n or text[i + 1] in " \n\"”")
              and not (ch == "." and _abbrev_dot(text, i, start))):
            break
        i += 1
    seg_end = _cut_words(text, start, i, first=True)
    if seg_end is None or seg_end <= start:
        return None
    end = seg_end
    # an address goes on over commas: "Hotel X, Jalan Y Nomor 5, Kota Z" / "TPS 18 A, B, Kota C".
    # A part naming an administrative unit, a region or a facility extends it at once; short
    # proper names ("Serpong") only when the address then ends (a region part, the day, the
    # sentence's end), so a following clause's subject ("Sekretaris Daerah Y membuka") is not taken.
    j = i if end == _rstrip(text, start, i) else n  # the first clause was kept whole
    pending = None
    while j < n and text[j] == ",":
        k = j + 1
        while k < n and text[k] == " ":
            k += 1
        m_end = _part_end(text, k, n)
        if _DATEISH_RE.match(text, k, m_end):
            break
        cut = _cut_words(text, k, m_end, first=False)
        if cut is None:
            break
        part = text[k:cut]
        words = part.split()
        if not words or not words[0][:1].isupper() or len(words) > 6 or _looks_official(part):
            break
        strong_part = bool(_ADMIN_RE.match(part)) or part in region_names or bool(_FAC_RE.match(part))
        if strong_part:
            end, pending = cut, None
        elif len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words):
            pending = cut
        else:
            break
        if cut != _rstrip(text, k, m_end):
            break  # the part was cut by a word: the address ends inside it
        j = m_end
    if pending is not None and (j >= n or text[j] in ".\n" or _date_follows(text, j)):
        end = pending
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
    prev = ""
    for k, m in enumerate(_WORD_RE.finditer(text, start, end)):
        w = m.group(0)
        wl = w.lower().strip("()\"“”,.")
        c0 = w[:1]
        if k > 0:
            # a function word ends the phrase, unless it is written as part of a name ("Gedung
            # Serba Guna", "Aula Arya Guna"): capitalised right after a capitalised word
            if wl in _STOP_WORDS and not (c0.isupper() and (prev[:1].isupper() or prev[:1].isdigit())):
                break
            # a time word ("di Kota X pekan lalu", "di aula tadi pagi") is not part of the place
            if wl in _TIME_WORDS and c0.islower():
                break
            # lowercase verbs: di-/me-/ber-/ter- words of some length end the place phrase
            if c0.islower() and len(wl) > 5 and _VERB_RE.match(wl) and not _FAC_RE.match(wl):
                break
        if wl in WEEKDAYS or ("/" in w and _NUMDATE_RE.match(w)):
            break
        last = m.end()
        prev = w
    last = _rstrip(text, start, last)
    # drop trailing punctuation except a closing bracket (and the dot of a closing abbreviation)
    while last > start and text[last - 1] in ",.;:-–—\"“”'":
        last -= 1
    return last if last > start else None


_TIME_WORDS = frozenset({
    "pekan", "minggu", "bulan", "tahun", "lalu", "tadi", "nanti", "besok", "lusa", "kemarin", "depan", "silam",
    "kemudian", "sebelumnya", "mendatang",
})


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
    probe = ix.token_indexes(_DI_KW.words | _DARI_KW.words | _TRIGGER_A_KW.words | _VISIT_KW.words)
    probe_pos = [st[i] for i in probe]
    neg_pos = [st[i] for i in ix.token_indexes(_NEG_BEFORE_WORDS)]
    speech_pos = [st[i] for i in ix.token_indexes(_SPEECH_WORDS)]
    visit_pos = [st[i] for i in ix.token_indexes(_VISIT_KW.words)]
    trigger_pos = [st[i] for i in ix.token_indexes(_TRIGGER_A_KW.words, _TRIGGER_A_KW.prefixes)]
    for pos, (ss, se) in enumerate(sentences):
        if not _any_between(probe_pos, ss, se):
            continue
        # a sentence about another occasion ("Sebelumnya, relawan menggelar sosialisasi di
        # Gereja ...") names that occasion's place: it yields to the article's own event's
        other = -1.0 if _OTHER_OCCASION_RE.match(text, ss, min(se, ss + 40)) else 0.0
        a_starts = set()
        for m in (_TRIGGER_A_KW.finditer(ix, ss, se) if _any_between(trigger_pos, ss, se) else ()):
            ph = _cut_phrase(text, m.end(), se, True, region_names)
            if ph and (_distributive(text, *ph) or _not_generic(text, *ph)):
                cls = "N" if _distributive(text, *ph) else "A"
                out.append(VenueCand(ph[0], ph[1], cls, 3.0 + _adjust(text, ph) + other))
                a_starts.add(m.end())
        # a place visited ("mendatangi Kantor Kejaksaan Negeri X", "menyambangi Mapolres Y"):
        # where a coordination visit or an inspection happened, introduced without "di"
        if _any_between(visit_pos, ss, se):
            for m in _VISIT_KW.finditer(ix, ss, se):
                ph = _cut_phrase(text, m.end(), se, False, region_names)
                if ph and (_distributive(text, *ph) or _not_generic(text, *ph)):
                    cls = "N" if _distributive(text, *ph) else "V"
                    out.append(VenueCand(ph[0], ph[1], cls, 2.0 + _adjust(text, ph) + other))
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
                if _NEG_BEFORE_RE.search(before):
                    continue
                sp = _SPEECH_RE.search(before)
                # where an official was quoted is no venue, unless the quote was said at a named
                # occasion whose name runs up to this "di" ("ujar X saat Sosialisasi … di Y, Senin")
                if sp and not _named_occasion_before(text, act_pos, lo + sp.start(), m.start()):
                    continue
            ph = _cut_phrase(text, p, se, False, region_names)
            if not ph:
                continue
            distributive = _distributive(text, *ph)
            if not distributive and not _not_generic(text, *ph):
                continue
            first = text[ph[0]:ph[1]]
            dated = _date_follows(text, ph[1])
            adj = _adjust(text, ph, dated) + other
            if distributive:
                # competes like any place; when it is the strongest, the event has no single venue
                if _FAC_RE.search(first) or dated or act_before(max(ss, m.start() - 100), m.start()):
                    out.append(VenueCand(ph[0], ph[1], "N", (2.0 if dated else 1.0) + adj))
                continue
            if _FAC_RE.match(first) or _FAC_RE.search(" ".join(first.split()[:3])) and first[:1].isupper():
                out.append(VenueCand(ph[0], ph[1], "B", 2.0 + adj))
            elif not virtual and (
                act_before(max(ss, m.start() - (30 if _region_only(first, region_names) else 100)), m.start())
                or (first[:1].isupper() and dated and not _region_only(first, region_names))
                or (dated and _named_occasion_before(text, act_pos, max(ss, m.start() - 100), m.start()))
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


def _named_occasion_before(text: str, act_pos: list[int], lo: int, di: int) -> bool:
    """An activity's name runs up to this "di" with no break ("… kata Suganda pada Rakor Tim
    Terpadu Penanganan Potensi Konflik Pemilu 2024 di Pangkalpinang, Senin"): the place, even
    a bare region name, is where that named occasion was held."""
    k = bisect.bisect_left(act_pos, lo)
    while k < len(act_pos) and act_pos[k] < di:
        a = act_pos[k]
        if text[a:a + 1].isupper() and not _CLAUSE_BREAK_RE.search(text, a, di):
            return True
        k += 1
    return False


_CLAUSE_BREAK_RE = re.compile(r"[,;:.!?\n\"“”()]")


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
    words = ph.split()
    w = words[0].lower().strip("(),.")
    if w in _GENERIC_START or _MANA_RE.match(w):
        return False
    # lower-case place nouns without a name are idioms ("petugas di lapangan", "di desa dan
    # kelurahan"), not a venue; "di lapangan Merdeka", "pendopo rumah jabatan" stay
    return not (ph.islower() and all(x.strip("(),.") in _PLAIN_PLACE_NOUNS for x in words))


# nouns that, written in lower case without a name, say "in the field / in the villages", not where
_PLAIN_PLACE_NOUNS = frozenset({
    "lapangan", "kantor", "tempat", "lokasi", "daerah", "wilayah", "desa", "kelurahan", "kecamatan", "kabupaten",
    "kota", "provinsi", "sekolah", "rumah", "kampung", "dusun", "gudang", "posko", "dan", "serta", "atau",
    "maupun", "tiap", "setiap", "moderator",
})


def _distributive(text: str, a: int, b: int) -> bool:
    """A distributive "di" phrase: the event was held in each of several places, so it has no
    single venue ("di kecamatan masing-masing", "di wilayah setempat", "di 27 kelurahan": a
    count of unnamed places; a plural "rumah-rumah warga", not the one square "Alun-alun"). A
    count with a name stays a place ("di sembilan desa se Kecamatan Silo")."""
    ph = text[a:b]
    pl = ph.lower()
    if "masing" in pl or pl.rstrip(" ),.").endswith("setempat"):
        return True
    words = ph.split()
    first = words[0].lower().strip("(),.")
    if "-" in first and words[0][:1].islower():
        head, _, rest = first.partition("-")
        if head and head == rest and head != "alun":  # a plural by reduplication
            return True
    if first[:1].isdigit() or first in _NUM_WORDS:
        return not any(x[:1].isupper() for x in words[1:])
    return False


_MANA_RE = re.compile(r"(?:mana|sini|sana)\b")


def _any_between(pos: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_left(pos, a)
    return k < len(pos) and pos[k] < b


def repeats(text: str, low: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Other places the text names a venue phrase of two words or more again ("... mengambil
    lapangan upacara Pemda bukan tanpa alasan"): a body in it is still the place's owner."""
    out = []
    for a, b in spans[:20]:
        ph = low[a:b]
        if " " not in ph.strip() or len(ph) < 8:
            continue
        k = low.find(ph)
        while k >= 0 and len(out) < 40:
            if k != a:
                out.append((k, k + len(ph)))
            k = low.find(ph, k + 1)
    return out


def choose(cands: list[VenueCand], title_span: tuple[int, int] | None = None) -> VenueCand | None:
    """The strongest candidate, the earliest among equals; a headline's place phrase ("Rakor
    Digelar di Kota Bogor") gives way to an equally strong one in the body, which names the
    venue in full."""
    if not cands:
        return None

    def in_title(c: VenueCand) -> bool:
        return bool(title_span and title_span[0] <= c.start < title_span[1])

    return min(cands, key=lambda c: (-c.score, in_title(c), c.start))
