"""Article cleaning: tell the reported text apart from what a scraper drags along.

``clean_article(text, title=None)`` classifies every character of ``text`` into segments of
kind ``title``, ``body``, ``related`` (other headlines: lists at the top, ``Baca Juga`` /
``Baca Lainnya`` / ``Berita Terkait`` / bare ``Baca:`` blocks and lines, a lone headline-like
line between prose paragraphs), ``caption`` (photo captions and credits), ``boilerplate`` (share buttons, comment forms, footers, bylines) and ``dateline``
(publication timestamps and the ``KOTA, site.com -`` prefix of the lead). Offsets index the
text exactly as given; the segments cover it without gaps, so a UI can grey out everything
that is not body. Headlines in ``related`` segments are other events and are never extracted.

Rules work line by line (pages arrive as one paragraph a line) with a few in-line cases: a
title glued to its caption, a lead dateline, a trailing comment counter glued to a headline
(``... Pilkada Serentak Tahun 20200`` is ``Tahun 2020`` plus a counter ``0``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dashboard.extract.textutil import MONTH_RE, MONTHS, WEEKDAY_RE, lines_with_offsets, squash

KINDS = ("title", "body", "related", "caption", "boilerplate", "dateline")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str


@dataclass
class CleanDoc:
    text: str
    title: str | None = None
    title_span: tuple[int, int] | None = None
    segments: list[Segment] = field(default_factory=list)
    related_headlines: list[str] = field(default_factory=list)
    published: dt.date | None = None  # from a timestamp/dateline line printed in the text
    published_span: tuple[int, int] | None = None
    dateline_place: tuple[int, int] | None = None  # span of the place word(s) of the lead dateline

    def spans(self, *kinds: str) -> Iterator[tuple[int, int]]:
        for s in self.segments:
            if s.kind in kinds:
                yield s.start, s.end

    def body_spans(self) -> Iterator[tuple[int, int]]:
        """(start, end) of the body segments, in text order."""
        return self.spans("body")

    def body_text(self) -> str:
        return "\n".join(self.text[s:e] for s, e in self.body_spans())

    def kind_at(self, pos: int) -> str | None:
        lo, hi = 0, len(self.segments) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.segments[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return s.kind
        return None

    def masked(self, keep: tuple[str, ...] = ("title", "body", "caption", "dateline")) -> str:
        """The text with every segment not in ``keep`` blanked (same length, newlines kept)."""
        parts = []
        for s in self.segments:
            chunk = self.text[s.start:s.end]
            if s.kind in keep:
                parts.append(chunk)
            else:
                parts.append(_BLANK_RE.sub(" ", chunk))
        return "".join(parts)


_BLANK_RE = re.compile(r"[^\n]")

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


def _is_boiler(t: str) -> bool:
    if _BOILER_LINE_RE.match(t):
        return True
    if len(t) > 250:
        return False
    low = t.lower()
    return any(k in low for k in _BOILER_ANY_KEYS) and bool(_BOILER_ANY_RE.search(t))


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
    r"(?:\b" + WEEKDAY_RE + r"\b\s*,?\s*)?\b(" + MONTH_RE + r")\.?\s+(\d{1,2})\s*,\s*(\d{4})\b", re.IGNORECASE
)


def _fulldate_search(s: str) -> re.Match | None:
    if _FULLDATE_CORE_RE.search(s):
        return _FULLDATE_RE.search(s)
    return _US_FULLDATE_RE.search(s) if "," in s else None


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


def clean_article(text: str, title: str | None = None) -> CleanDoc:
    """Segment ``text``; never raises. See the module doc."""
    try:
        return _clean(text if isinstance(text, str) else str(text), title)
    except Exception:  # pragma: no cover - defensive: cleaning must never break ingest
        t = text if isinstance(text, str) else ""
        return CleanDoc(text=t, title=title, segments=[Segment(0, len(t), "body")] if t else [])


def _clean(text: str, title: str | None) -> CleanDoc:
    lines = lines_with_offsets(text)
    n = len(lines)
    kinds: list[str | None] = [None] * n
    sub: dict[int, list[tuple[int, int, str]]] = {}  # line index -> in-line segments (abs offsets)
    related: list[str] = []
    counter_lines: list[int] = []
    ntitle = _norm_title(title) if title else None
    if ntitle == "":
        ntitle = None

    strip = [text[s:e].strip() for s, e in lines]

    # 1. obvious line kinds
    for i, (s, e) in enumerate(lines):
        t = strip[i]
        if not t:
            continue
        if _is_boiler(t) or _INITIALS_RE.match(t):
            kinds[i] = "boilerplate"
        elif _CAPTION_RE.match(t) or (len(t) < 400 and (_credit_end(t) or _POSITION_RE.search(t))):
            kinds[i] = "caption"
        elif _is_timestamp_line(t):
            kinds[i] = "dateline"

    # 2. title: the given title's line, else a short headline-like line near the top
    title_idx = None
    if ntitle:
        # a line whose normalised form starts with the title contains the title's first word
        first_word = ntitle.split(" ", 1)[0]
        for i, t in enumerate(strip):
            if not t or first_word not in t.casefold():
                continue
            nt = _norm_title(t)
            if nt == ntitle:
                if title_idx is None:
                    title_idx = i
                    kinds[i] = "title"
                else:
                    kinds[i] = "boilerplate"  # repeated headline
            elif nt.startswith(ntitle + " ") and title_idx is not None:
                # headline glued to a caption or lead: "<title> <caption ...>" (kept whole)
                kinds[i] = "caption"
    # 3. a headline list at the very top (before the title or the first prose line)
    first_prose = None
    for i, t in enumerate(strip):
        if not t or kinds[i] in ("boilerplate", "dateline", "caption", "title"):
            if kinds[i] == "title":
                break
            continue
        if _BULLET_RE.match(t) and not t.rstrip().endswith("."):
            continue
        first_prose = i
        break
    top_end = title_idx if title_idx is not None else first_prose
    if top_end is not None:
        bullets = [i for i in range(top_end) if strip[i] and _BULLET_RE.match(strip[i]) and kinds[i] is None]
        if len(bullets) >= 2 or (title_idx is not None and bullets):
            for i in bullets:
                kinds[i] = "related"
    if title_idx is None and not ntitle:
        # detect a headline: first unclassified short line that is not prose and is followed by prose
        cand = None
        for i, t in enumerate(strip[:40]):
            if not t or kinds[i] is not None:
                continue
            if _looks_headline(t) or (20 <= len(t) <= 160 and not t.endswith(".") and len(t.split()) >= 4):
                cand = i
            break
        if cand is not None:
            title_idx = cand
            kinds[cand] = "title"
            title = strip[cand]

    # 4. related blocks: marker lines, following headline-ish lines; bullet headlines in the body
    i = 0
    while i < n:
        t = strip[i]
        if t and kinds[i] not in ("title",):
            m = _RELATED_MARKER_RE.match(t) or (
                _BACA_PAREN_RE.match(t) and _PAREN_LEAD_RE.match(t)
            )
            if m and (kinds[i] is None or kinds[i] == "boilerplate" or kinds[i] == "caption"):
                rest = t[m.end():].strip(" :-–()") if hasattr(m, "end") else ""
                kinds[i] = "related"
                if rest and len(rest) > 8:
                    related.append(rest.rstrip(")").strip())
                # following lines: bullets / headline-like lines until prose
                j = i + 1
                while j < n:
                    tj = strip[j]
                    if not tj:
                        j += 1
                        continue
                    if kinds[j] in ("boilerplate",):
                        j += 1
                        continue
                    if _BULLET_RE.match(tj) or (_looks_headline(tj) and kinds[j] is None):
                        kinds[j] = "related"
                        counter_lines.append(j)
                        j += 1
                        continue
                    break
                i = j
                continue
        i += 1
    # bullets inside the body that read as headlines (a linked story)
    for i, t in enumerate(strip):
        if kinds[i] is None and t and _BODY_BULLET_RE.match(t) and _looks_headline(_LEAD_NONWORD_RE.sub("", t)):
            kinds[i] = "related"
            counter_lines.append(i)
        elif kinds[i] is None and t and _BACA_LINE_RE.match(t):
            kinds[i] = "related"
    # runs of >= 2 headline-like lines between prose paragraphs (link lists without a marker)
    start_body = (title_idx + 1) if title_idx is not None else 0
    i = start_body
    seen_prose = False
    while i < n:
        t = strip[i]
        if kinds[i] is None and t and len(t) > 170:
            seen_prose = True
        if seen_prose and kinds[i] is None and t and _looks_headline(t):
            run = [i]
            j = i + 1
            while j < n:
                if not strip[j]:
                    j += 1
                    continue
                if kinds[j] is None and _looks_headline(strip[j]):
                    run.append(j)
                    j += 1
                    continue
                if kinds[j] == "related":
                    j += 1
                    continue
                break
            if len(run) >= 2 or (len(run) == 1 and _lone_headline(strip, kinds, run[0], j)):
                for r in run:
                    kinds[r] = "related"
                    counter_lines.append(r)
            i = j
            continue
        i += 1
    # top-of-page related lists (bullets before title) also carry counters
    for i in range(n):
        if kinds[i] == "related" and i not in counter_lines and _BULLET_RE.match(strip[i] or ""):
            counter_lines.append(i)

    # 5. headlines from related lines, with comment counters stripped when the block has them
    heads = []
    for i in sorted(set(counter_lines)):
        t = _BULLET_PREFIX_RE.sub("", strip[i]).strip()
        if t:
            heads.append(t)
    glued = sum(1 for h in heads if h[-1:].isdigit() and (_GLUED_NUM_RE.search(h) or _COUNTER_YEAR_RE.search(h)))
    has_counters = len(heads) >= 2 and glued >= 2 and sum(1 for h in heads if h[-1:].isdigit()) >= 0.6 * len(heads)
    for h in heads:
        if has_counters:
            h = _strip_counter(h)[0].rstrip()
        related.append(h)

    # 6. trailing signature/footer lines after the last prose line
    last_prose = None
    for i in range(n - 1, -1, -1):
        if kinds[i] is None and strip[i] and len(strip[i]) > 60:
            last_prose = i
            break
    if last_prose is not None:
        for i in range(last_prose + 1, n):
            if kinds[i] is None and strip[i] and len(strip[i]) <= 40 and not strip[i].endswith("."):
                kinds[i] = "boilerplate"

    # 7. remaining non-empty lines are body; split off the lead dateline of body lines
    published = None
    published_span = None
    for i, (s, e) in enumerate(lines):
        if kinds[i] == "dateline" and published is None:
            d = _fulldate(strip[i])
            if d:
                published = d
                published_span = (s, e)
    dateline_place = None
    body_seen = 0
    for i, (s, e) in enumerate(lines):
        if not strip[i]:
            continue
        if kinds[i] is None:
            kinds[i] = "body"
        if kinds[i] == "body" and body_seen < 3 and i not in sub:
            body_seen += 1
            line = text[s:e]
            # every dateline form ends its prefix with a dash, early in the line
            m = None
            if _DASH_RE.search(line, 0, _DATELINE_MAX):
                m = _MEDIA_DATELINE_RE.match(line) or _MEDIA_PREFIX_DATELINE_RE.match(line) or _LEAD_DATELINE_RE.match(line)
            if m and _plausible_dateline(line, m):
                cut = s + m.end()
                sub[i] = [(s, cut, "dateline"), (cut, e, "body")]
                if dateline_place is None:
                    dateline_place = (s + m.start("place"), s + m.end("place"))
            elif _PLACE_ONLY_LINE_RE.fullmatch(line):
                kinds[i] = "dateline"
                if dateline_place is None:
                    p = _PLACE_ONLY_PLACE_RE.match(line)
                    dateline_place = (s + p.start(1), s + p.end(1))

    # 8. assemble contiguous segments covering the text
    raw: list[tuple[int, int, str]] = []
    prev_kind = "boilerplate"
    for i, (s, e) in enumerate(lines):
        end_nl = e + 1 if e < len(text) else e
        if i in sub:
            parts = sub[i]
            for a, b, k in parts:
                if b > a:
                    raw.append((a, b, k))
            if end_nl > e:
                raw.append((e, end_nl, parts[-1][2]))
            prev_kind = parts[-1][2]
            continue
        k = kinds[i] or prev_kind
        raw.append((s, end_nl, k))
        if kinds[i]:
            prev_kind = kinds[i]
    segs: list[Segment] = []
    for a, b, k in raw:
        if segs and segs[-1].kind == k and segs[-1].end == a:
            segs[-1] = Segment(segs[-1].start, b, k)
        elif b > a:
            segs.append(Segment(a, b, k))
    title_span = None
    if title_idx is not None:
        s, e = lines[title_idx]
        ts = s + (len(text[s:e]) - len(text[s:e].lstrip()))
        te = e - (len(text[s:e]) - len(text[s:e].rstrip()))
        title_span = (ts, te)
        if title is None:
            title = text[ts:te]
    return CleanDoc(
        text=text,
        title=squash(title) if title else None,
        title_span=title_span,
        segments=segs,
        related_headlines=[squash(h) for h in related if h.strip()],
        published=published,
        published_span=published_span,
        dateline_place=dateline_place,
    )


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
