"""Line classifiers of the article cleaner (``dashboard.ingest.clean``).

Each predicate or pattern here decides what one line (or the start of one) is: a share button
or footer, a photo caption or credit, a publication timestamp, a headline-like line, a related
headline's comment counter, a lead dateline. ``clean`` combines them over the whole page.
"""

from __future__ import annotations

import datetime as dt
import re

from dashboard.extract.textutil import MONTH_RE, MONTHS, WEEKDAY_ANY_RE, WEEKDAY_RE

# --- line patterns -------------------------------------------------------------------------

_RELATED_MARKER_RE = re.compile(
    r"^\W{0,3}(?:baca(?:an)?\s+(?:juga|lainnya|lagi|selengkapnya)|berita\s+(?:terkait|lainnya|terpopuler|terbaru)"
    r"|artikel\s+(?:terkait|lainnya)|pos\s+terkait|foto\s+terkait|video\s+terkait|simak\s+juga|lihat\s+juga"
    r"|related\s+(?:posts?|news|articles?)|news\s+video|terpopuler|populer|rekomendasi|topik\s+terkait)\b\s*[:\-–]?\s*"
    # a bare "Baca:" / "Lihat:" / "Simak:" link line
    r"|^\W{0,3}(?:baca|lihat|simak)\s*:\s*",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^\s*(?:[-•·*▪►»]|\d{1,2}[.)])\s+")
_BOILER_LINE_RE = re.compile(
    r"\W*(?:(?:whats\s?app|facebook|twitter|telegram|line|email|e-mail|share|bagikan|copy\s+link|salin\s+tautan|print|cetak"
    r"|tweet|pinterest|linkedin|google\+?|instagram|youtube|tiktok)\W*$"
    r"|banner\s*\d+\s*x\s*\d+|tinggalkan\s+(?:balasan|komentar)|alamat\s+email\s+anda|kirim\s+komentar|isi\s+komentar"
    r"|tulis\s+komentar|next\s+post|previous\s+post|no\s+comments?\b|add\s+comment|comment\s+url|copyright|©|hak\s+cipta"
    r"|all\s+rights\s+reserved|dapatkan\s+(?:update|berita|informasi)|gabung\s+(?:ke|di|dengan)\s+(?:channel|grup|group)"
    r"|ikuti\s+(?:kami|berita)|sumber\s*:|editor\s*:|penulis\s*:|reporter\s*:|pewarta\s*:|redaktur\s*:"
    r"|laporan\s+(?:kontributor|wartawan|reporter)|posted\s+by|category\s*:|kategori\s*:|tags?\s*:|a\s+a\s+a\s*$"
    r"|kanal\s+berita|#\w+(?:\s+#\w+)*\s*$|klik\s+(?:di\s+sini|link)|download\s+aplikasi|unduh\s+aplikasi|loading"
    r"|advertisement|iklan\s*$|scroll\s+to\s+continue)",
    re.IGNORECASE,
)
_BOILER_ANY_RE = re.compile(
    r"ruas\s+yang\s+wajib|rendering\s+in\s+[\d.]+\s+seconds|©|all\s+rights\s+reserved|bergabung\s+di\s+grup|banner\s*\d+\s*x\s*\d+",
    re.IGNORECASE,
)


# literal parts of _BOILER_ANY_RE: the regex runs only on lines containing one of them
_BOILER_ANY_KEYS = ("ruas", "rendering", "©", "rights", "bergabung", "banner")


# a site's breadcrumb trail: "Beranda / Sumatera Utara / Pematangsiantar", "Home » Daerah",
# "Berita › Politik › Pilkada" (a headline is never a chain of three short crumbs)
_CRUMB_HOME_RE = re.compile(r"^\W{0,3}(?:beranda|home|index|halaman\s+utama)\s*(?:/|»|›|>|\|)\s*\S", re.IGNORECASE)
_CRUMB_SEP_RE = re.compile(r"\s*[»›]\s*")


def _is_breadcrumb(t: str) -> bool:
    if len(t) > 150:
        return False
    if _CRUMB_HOME_RE.match(t):
        return True
    parts = _CRUMB_SEP_RE.split(t.strip(" »›"))
    return len(parts) >= 3 and all(1 <= len(p.split()) <= 4 and not p.endswith((".", "?", "!")) for p in parts)


def _is_boiler(t: str) -> bool:
    if _BOILER_LINE_RE.match(t) or _is_breadcrumb(t):
        return True
    if len(t) > 250:
        return False
    low = t.lower()
    for k in _BOILER_ANY_KEYS:
        if k in low:
            return bool(_BOILER_ANY_RE.search(t))
    return False


_CAPTION_RE = re.compile(
    r"^\W*(?:keterangan\s+(?:gambar|foto)|ket(?:\.|erangan)?\s*foto|foto\s*:|foto\s*/|gambar\s*:|ilustrasi\b|\(foto|dok(?:umentasi)?\s*:)",
    re.IGNORECASE,
)
_CREDIT_END_RE = re.compile(
    r"(?:\((?:(?=[^()]*[A-Za-z])[^()]{0,40}/[^()]{0,40}|dok\.?[^()]{0,40}|[^()]{0,30}\bdok|foto[^()]{0,40}|prokomp[^()]{0,10}|humas[^()]{0,30}|ist|istimewa)\)"
    r"|(?:antara\s+foto|foto)\s*/\s*[^\n]{2,80}|\b[\w.]+\.(?:co|com|id)/\w+)\s*\.?\s*$",
    re.IGNORECASE,
)
_POSITION_RE = re.compile(r"\((?:kiri|kanan|tengah|ki-ka|ka-ki)\)", re.IGNORECASE)


def _credit_end(t: str) -> bool:
    """Does the line end with a photo credit? (every form ends in ``)`` or contains ``/``)"""
    tail = t[-100:]
    return (")" in tail or "/" in tail) and bool(_CREDIT_END_RE.search(t, max(0, len(t) - 100)))
_FULLDATE_RE = re.compile(
    r"(?:\b" + WEEKDAY_RE + r"\b\s*,?\s*)?\b(\d{1,2})\s+(" + MONTH_RE + r")\.?\s+(\d{4})\b", re.IGNORECASE
)
_ISO_RE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:WIB|WITA|WIT)?\b|\b(?:WIB|WITA|WIT)\b|\bpukul\b", re.IGNORECASE)
_INITIALS_RE = re.compile(r"^\s*\(?[a-z]{2,5}(?:/[a-z]{2,5})*\)?\s*$|^\s*\([A-Za-z]{2,6}\)\s*$|^\s*[A-Z]{1,3}\d{0,3}\s*$")
_LEAD_DATELINE_RE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z'’ .]{1,40}?)\s*"
    r"(?:\((?:[^()\n]{1,30})\)\s*|,\s*(?:[\w.-]+(?:\.(?:com|id|co\.id|net|go\.id|co|tv|today|news|org))?(?:\s?[\w.]+)?)?\s*)?"
    r"(?:[-–—]|\s[-–—])\s+",
)
_MEDIA_DATELINE_RE = re.compile(
    r"^\s*(?:[\w.]+(?:\.(?:com|id|co\.id|net|today|co|tv)|News|TV|Online))[-–—](?P<place>[A-Za-z][A-Za-z ]{1,30}?)\s*(?=[,.])",
)
_MEDIA_PREFIX_DATELINE_RE = re.compile(
    r"^\s*(?P<media>[A-Z][\w.-]*\.(?i:com|id|co\.id|co|today|net|tv)|[A-Z][A-Z ]{2,30})\s*,\s*(?P<place>[A-Z][A-Za-z ]{1,30}?)\s*[-–—]\s*"
)


# the date part of _FULLDATE_RE without the optional weekday: starts with a digit, so it is
# cheap to search; the full pattern runs only on lines that have one
# (starting with a character class lets the regex engine skip to digits; it is looser than the
# full pattern, so when it finds nothing the full one cannot match either)
_FULLDATE_CORE_RE = re.compile(r"[0-9]\d?\s+" + MONTH_RE + r"\.?\s+\d{4}", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")


# US order, as English page templates print the timestamp: "October 7, 2020", "Posted on Oct 7, 2020"
_US_FULLDATE_RE = re.compile(
    r"(?:\b" + WEEKDAY_ANY_RE + r"\b\s*,?\s*)?\b(" + MONTH_RE + r")\.?\s+(\d{1,2})\s*,\s*(\d{4})\b", re.IGNORECASE
)


# the shape of a US-order date ("r 7, 2020"), cheap to look for before the full pattern
_US_CORE_RE = re.compile(r"[A-Za-z]\.?\s+\d{1,2}\s*,\s*\d{4}")


def _fulldate_search(s: str) -> re.Match | None:
    if _FULLDATE_CORE_RE.search(s):
        return _FULLDATE_RE.search(s)
    return _US_FULLDATE_RE.search(s) if "," in s and _US_CORE_RE.search(s) else None


def _fulldate(s: str) -> dt.date | None:
    if not _DIGIT_RE.search(s):
        return None
    m = _fulldate_search(s)
    if m:
        day, mon = (m.group(1), m.group(2)) if m.re is _FULLDATE_RE else (m.group(2), m.group(1))
        try:
            return dt.date(int(m.group(3)), MONTHS[mon.lower()], int(day))
        except (ValueError, KeyError):
            return None
    m = _ISO_RE.search(s) if "-" in s else None
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def _is_timestamp_line(s: str) -> bool:
    """A line that is only a publication stamp: date (+ weekday, time, byline of a few words)."""
    if len(s) > 110 or not _DIGIT_RE.search(s):
        return False
    m = _fulldate_search(s) or ("-" in s and _ISO_RE.search(s))
    if not m:
        return False
    rest = (s[: m.start()] + " " + s[m.end():])
    rest = _TIME_RE.sub(" ", rest)
    words = _ALPHA2_RE.findall(rest)
    return len(words) <= 6 and not _EVENT_VERB_RE.search(rest)


_ALPHA2_RE = re.compile(r"[A-Za-z]{2,}")
_EVENT_VERB_RE = re.compile(r"\b(?:rapat|rakor|digelar|dilaksanakan|menggelar)\b", re.IGNORECASE)
_HEAD_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _looks_headline(s: str) -> bool:
    """Short line, no final full stop, mostly capitalised words: a headline, not prose."""
    t = s.strip()
    if not (15 <= len(t) <= 170):
        return False
    if t[-1] in ".:;,\"”'’" or t[0] in "\"“‘'(":
        return False
    words = _HEAD_WORD_RE.findall(t)
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.55


_COUNTER_YEAR_RE = re.compile(r"((?:19|20)\d\d)(\d{1,4})$")
_COUNTER_GLUED_RE = re.compile(r"(?<=[^\W\d_)])(\d{1,4})$")


def _strip_counter(s: str) -> tuple[str, str | None]:
    if not s[-1:].isdigit():
        return s, None
    m = _COUNTER_YEAR_RE.search(s)
    if m and not _DIGIT_RE.search(s, max(0, m.start() - 1), m.start()):
        return s[: m.end(1)], m.group(2)
    m = _COUNTER_GLUED_RE.search(s)
    if m:
        return s[: m.start()], m.group(1)
    return s, None


_NONWORD_RE = re.compile(r"\W+")
_DASH_RE = re.compile(r"[-–—]")
_DATELINE_MAX = 160  # a lead dateline prefix ("KOTA, media.com –") is never longer


def _norm_title(s: str) -> str:
    return _NONWORD_RE.sub(" ", s).strip().casefold()


_BACA_PAREN_RE = re.compile(r"^\(\s*baca\s+juga\b", re.IGNORECASE)
_PAREN_LEAD_RE = re.compile(r"^\(\s*")
_BODY_BULLET_RE = re.compile(r"^\s*[•·▪►»]\s+")
_LEAD_NONWORD_RE = re.compile(r"^\s*\W+\s*")
_BACA_LINE_RE = re.compile(r"^(?:baca\s+juga|berita\s+terkait)\b", re.IGNORECASE)
_BULLET_PREFIX_RE = re.compile(r"^\s*(?:[-•·*▪►»]|\d{1,2}[.)])\s+")
_GLUED_NUM_RE = re.compile(r"[^\W\d_]\d{1,4}$")
_PLACE_ONLY_LINE_RE = re.compile(r"\s*[A-Z][A-Za-z ]{1,30}\s*[-–—]\s*")
_PLACE_ONLY_PLACE_RE = re.compile(r"\s*([A-Z][A-Za-z ]{1,30}?)\s*[-–—]")
_SITE_HINT_RE = re.compile(r"\.(?:com|id|co|today|net|tv)\b|News|TV")


def _lone_headline(strip: list[str], kinds: list, i: int, j: int) -> bool:
    """One headline-like line between prose paragraphs, without a marker: a link to another
    story dropped into the body ("Pemkab X Salurkan Bantuan Beras untuk Warga Terdampak Banjir").
    Long enough not to be a subheading (six words or more, no final stop), and prose follows."""
    t = strip[i]
    if len(_HEAD_WORD_RE.findall(t)) < 6:
        return False
    nxt = next((k for k in range(j, len(strip)) if strip[k]), None)
    return nxt is not None and kinds[nxt] is None and len(strip[nxt]) > 60


_NOT_PLACE = {"dalam", "pada", "sementara", "menurut", "selain", "ketua", "kepala", "adapun", "hal", "untuk", "ini", "di"}


def _plausible_dateline(line: str, m: re.Match) -> bool:
    place = m.group("place").strip()
    if not place or len(place.split()) > 4:
        return False
    if place.split()[0].lower() in _NOT_PLACE:
        return False
    head = line[: m.end()]
    # the prefix must look like a dateline: all-caps place, a site name, a (tag) or a comma part
    return bool(
        place.isupper()
        or "(" in head
        or "," in head
        or _SITE_HINT_RE.search(head)
        or len(place.split()) <= 2
    )
