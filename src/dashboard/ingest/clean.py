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
from collections.abc import Iterator
from dataclasses import dataclass, field

from dashboard.extract.textutil import lines_with_offsets, squash
from dashboard.ingest.cleanlines import (
    _BACA_LINE_RE,
    _BACA_PAREN_RE,
    _BODY_BULLET_RE,
    _BULLET_PREFIX_RE,
    _BULLET_RE,
    _CAPTION_RE,
    _COUNTER_YEAR_RE,
    _DASH_RE,
    _DATELINE_MAX,
    _GLUED_NUM_RE,
    _INITIALS_RE,
    _LEAD_DATELINE_RE,
    _LEAD_NONWORD_RE,
    _MEDIA_DATELINE_RE,
    _MEDIA_PREFIX_DATELINE_RE,
    _PAREN_LEAD_RE,
    _PLACE_ONLY_LINE_RE,
    _PLACE_ONLY_PLACE_RE,
    _POSITION_RE,
    _RELATED_MARKER_RE,
    _credit_end,
    _fulldate,
    _is_boiler,
    _is_timestamp_line,
    _lone_headline,
    _looks_headline,
    _norm_title,
    _plausible_dateline,
    _strip_counter,
)

KINDS = ("title", "body", "related", "caption", "boilerplate", "dateline")
_BODY_LINE_FIRST = "•·▪►»bB"  # what a (stripped) line matching _BODY_BULLET_RE or _BACA_LINE_RE starts with


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
                parts.append(_blank(chunk))
        return "".join(parts)


def _blank(chunk: str) -> str:
    """``chunk`` with every character but the newlines made a space."""
    return "\n".join(" " * len(line) for line in chunk.split("\n"))

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
        # (initials are one word: a line with a space is never one)
        if _is_boiler(t) or (" " not in t and _INITIALS_RE.match(t)):
            kinds[i] = "boilerplate"
        elif _CAPTION_RE.match(t) or (len(t) < 400 and (_credit_end(t) or ("(" in t and _POSITION_RE.search(t)))):
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
                t[0] == "(" and _BACA_PAREN_RE.match(t) and _PAREN_LEAD_RE.match(t)
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
    # bullets inside the body that read as headlines (a linked story); bare "Baca juga" lines
    for i, t in enumerate(strip):
        if kinds[i] is not None or not t or t[0] not in _BODY_LINE_FIRST:
            continue
        if _BODY_BULLET_RE.match(t) and _looks_headline(_LEAD_NONWORD_RE.sub("", t)):
            kinds[i] = "related"
            counter_lines.append(i)
        elif _BACA_LINE_RE.match(t):
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
    merged: list[list] = []  # [start, end, kind]: adjacent pieces of one kind joined
    for a, b, k in raw:
        if merged and merged[-1][2] == k and merged[-1][1] == a:
            merged[-1][1] = b
        elif b > a:
            merged.append([a, b, k])
    segs = [Segment(a, b, k) for a, b, k in merged]
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
