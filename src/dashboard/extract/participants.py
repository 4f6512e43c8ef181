"""Stated head count of the event (``diikuti lebih dari 2.000 peserta`` -> 2000).

Only a number followed by a people word (peserta, partisipan, orang, anggota, PPK/PPS/KPPS, pengawas, relawan, petugas,
undangan, kader, siswa, mahasiswa, ...) and introduced by an attendance cue (diikuti, dihadiri,
menghadirkan, mengundang, menggandeng, melibatkan, sebanyak, jumlah peserta, ...) counts.
Voters, TPS, parties, villages and the personnel of a security operation are not participants,
nor are vague words (``ratusan``) or limits (``maksimal 50 orang``, ``dibatasi paling banyak 50
orang``). ``lebih dari N`` gives the lower bound N. A count given as named groups is their sum
(``diikuti 15 anggota PPK dan 87 anggota PPS`` -> 102); the origin of the people is not a group
(``60 peserta dari 19 kecamatan dan 193 desa`` -> 60).
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract.scan import TextIndex

_NUM_RE = re.compile(
    r"(?P<pre>\b(?:lebih\s+dari|sedikitnya|setidaknya|sekitar|kurang\s+lebih|hampir|mencapai|total|sebanyak|berjumlah)\s+)?"
    r"(?<![\d.,/])(?P<num>\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\d/]|[.,]\d)\s+(?P<unit>peserta|partisipan|orang|anggota|pengawas|"
    r"relawan|petugas|undangan|tamu\s+undangan|kader|siswa|pelajar|mahasiswa|penyandang|perwakilan|pejabat|aparatur|ASN|"
    r"PPK|PPS|KPPS|PPDP|pantarlih|panwascam|PKD|PTPS|personel|personil|pasukan|pemilih|warga)\b",
    re.IGNORECASE,
)
_PEOPLE = {"peserta", "partisipan", "orang", "anggota", "ppk", "pps", "kpps", "ppdp", "pantarlih", "panwascam", "pkd", "ptps", "pengawas", "relawan", "petugas", "undangan", "tamu undangan", "kader", "siswa",
           "pelajar", "mahasiswa", "penyandang", "perwakilan", "pejabat", "aparatur", "asn"}
_CUE_RE = re.compile(
    r"\b(?:diikuti|dihadiri|mengikuti|diikutii|menghadirkan|mengundang|diundang|menggandeng|melibatkan|sebanyak|"
    r"jumlah\s+peserta|peserta(?:nya)?|total|hadir|menjalani|dilantik|mengucapkan|berjumlah|terdiri|mencapai|sejumlah|"
    r"mengumpulkan|menyasar|sasaran|dibekali|mendapat(?:kan)?\s+(?:bimbingan|pembekalan)|"
    r"melantik|lantik|mengambil\s+sumpah|menyumpah|mengukuhkan|kukuhkan)\b",
    re.IGNORECASE,
)
_NEG_BEFORE_RE = re.compile(
    r"\b(?:pemilih|dpt|hak\s+pilih|penduduk|jiwa|personel|personil|pasukan|pengamanan|tps|suara|kursi|caleg|bacaleg|"
    r"calon|kasus|pelanggaran|positif|korban|meninggal|sakit)\b",
    re.IGNORECASE,
)
# a limit is not a head count: "pertemuan tatap muka dihadiri maksimal 50 orang", "dibatasi paling banyak 50 orang"
_CAP_RE = re.compile(
    r"\b(?:maksimal|maksimum|maks|paling\s+banyak|dibatasi|batas|kapasitas|(?:tidak|tak)\s+(?:boleh\s+)?lebih\s+dari)"
    r"\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
# "jumlah pemilih ... sebanyak 171.230 orang", "jumlah calon kepala desa ... 312 orang": the clause
# counts voters, candidates, polling stations, not the people at the event (anywhere before
# the number in the sentence).
_COUNTED_SUBJECT_RE = re.compile(
    r"\bjumlah\s+(?:\w+\s+)?(?:pemilih|dpt|daftar\s+pemilih|penduduk|calon|paslon|pasangan|tps|desa|kelurahan|"
    r"kecamatan|personel|personil|pasukan|linmas|kpps|saksi|partai|parpol)\b",
    re.IGNORECASE,
)
# "9.014 anggota Linmas akan bertugas di 4.507 TPS": personnel deployed for an operation.
_DEPLOYED_AFTER_RE = re.compile(
    r"(?:\s+[\w/.-]+){0,3}?\s+(?:akan\s+|yang\s+akan\s+|yang\s+)?"
    r"(?:bertugas|disiagakan|dikerahkan|diterjunkan|ditempatkan|disebar|berjaga|mengamankan|menjaga)\b",
    re.IGNORECASE,
)
_CONTEST_RE = re.compile(r"\b(?:menyingkirkan|mengalahkan|lomba|kompetisi)\b", re.IGNORECASE)
_LOWER_BOUND_RE = re.compile(r"(?:lebih|sedikitnya|setidaknya)", re.IGNORECASE)
_NEG_AFTER_RE = re.compile(r"\s+(?:lain(?:nya)?|sisanya|tersebut\s+belum|di\s+antaranya\s+belum)\b", re.IGNORECASE)


_UNIT_WORDS = frozenset({
    "peserta", "partisipan", "ppk", "pps", "kpps", "ppdp", "pantarlih", "panwascam", "pkd", "ptps", "orang", "anggota", "pengawas", "relawan", "petugas", "undangan", "tamu", "kader", "siswa", "pelajar",
    "mahasiswa", "penyandang", "perwakilan", "pejabat", "aparatur", "asn", "personel", "personil", "pasukan", "pemilih",
    "warga",
})


def _count_positions(ix: TextIndex) -> list[int]:
    """Starts of the people words right after a number: a count can only be there."""
    lows, st = ix.lows, ix.starts
    return [st[i] for i in ix.token_indexes(_UNIT_WORDS) if i and lows[i - 1].isdigit()]


# the next group of a head count given as named groups: "diikuti 15 anggota PPK dan 87 anggota PPS",
# "..., 270 KPUD, dan 270 Bawaslu Daerah": the group's name (capitalised words), a list separator,
# then a number and a people word or a body's name. "60 peserta dari 19 kecamatan" is not a group
# (a lower-case word follows the count), nor are places ("dan 193 desa", "dan 40 TPS").
_GROUP_NEXT_RE = re.compile(
    r"(?:\s+(?-i:[A-Z][\w/.-]*)){0,4}?(?:\s*,\s*(?:dan\s+|serta\s+)?|\s+(?:dan|serta)\s+)"
    r"(?P<num>\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\d/]|[.,]\d)\s+"
    r"(?P<unit>peserta|partisipan|orang|anggota|pengawas|relawan|petugas|kader|perwakilan|pejabat|camat|lurah|"
    r"kepala\s+desa|kades|babinsa|bhabinkamtibmas|tokoh|guru|(?-i:[A-Z][\w/]*))\b",
    re.IGNORECASE,
)
_NOT_GROUP = frozenset({"tps", "desa", "kelurahan", "kecamatan", "kabupaten", "kota", "provinsi", "titik", "lokasi", "unit",
                        "persen", "kursi", "partai", "parpol", "paslon", "dapil"})


def _add_groups(text: str, val: int, end: int, se: int) -> tuple[int, int]:
    """A head count followed by further named groups is their sum (see _GROUP_NEXT_RE)."""
    for _ in range(12):
        g = _GROUP_NEXT_RE.match(text, end, se)
        if not g or g.group("unit").lower() in _NOT_GROUP:
            break
        try:
            val += int(g.group("num").replace(".", ""))
        except ValueError:
            break
        end = g.end()
    return val, end


NUMBER_RE = re.compile(r"\d[\d.]*")


def has_counts(ix: TextIndex) -> bool:
    """Does the text write a number of people at all ("50 orang", "1.200 personel")?"""
    return bool(_count_positions(ix))


def find(text: str | TextIndex, sentences: list[tuple[int, int]]) -> tuple[int, tuple[int, int], bool] | None:
    """First stated head count: (value, span, is_lower_bound)."""
    ix = text if isinstance(text, TextIndex) else TextIndex(text)
    text = ix.text
    pos = _count_positions(ix)
    if not pos:
        return None
    for ss, se in sentences:
        k = bisect.bisect_left(pos, ss)
        if k == len(pos) or pos[k] >= se:
            continue  # no "<number> <people word>" in this sentence
        for m in _NUM_RE.finditer(text, ss, se):
            unit = " ".join(m.group("unit").lower().split())
            if unit not in _PEOPLE:
                continue
            a = m.start("num")
            before = text[max(ss, a - 70):a]
            if _NEG_BEFORE_RE.search(text[max(ss, a - 45):a]):
                continue
            if _NEG_AFTER_RE.match(text, m.end()):
                continue
            if _COUNTED_SUBJECT_RE.search(text, ss, a) or _DEPLOYED_AFTER_RE.match(text, m.end()):
                continue
            if _CAP_RE.search(text, max(ss, m.start() - 40), a):
                continue
            cue = _CUE_RE.search(before) or m.group("pre")
            if not cue and unit != "peserta":
                continue
            if not cue and _CONTEST_RE.search(before):
                continue
            try:
                val = int(m.group("num").replace(".", ""))
            except ValueError:
                continue
            if val <= 0 or val > 5_000_000:
                continue
            lb = bool(m.group("pre") and _LOWER_BOUND_RE.match(m.group("pre")))
            start = m.start("pre") if m.group("pre") else a
            val, end = _add_groups(text, val, m.end(), se)
            return val, (start, end), lb
    return None
