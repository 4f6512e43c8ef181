"""Showing untrusted article text safely: Markdown escaping and evidence highlighting as
escaped HTML. No Streamlit import.

Article text is data, never markup: every character of it goes through ``html.escape``
before it reaches the page, and only tags made here (``<mark>``, ``<span>``) remain.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


# GFM turns bare URLs, www. names and e-mail addresses into links even when every
# Markdown character is escaped; an invisible WORD JOINER breaks the pattern.
_WJ = "\u2060"
_AUTOLINK = re.compile(r"(?i)(://)|(www)(\.)|(@)")


def _break_autolinks(s: str) -> str:
    def fix(mt: re.Match) -> str:
        if mt.group(1):
            return ":" + _WJ + "//"
        if mt.group(2):
            return mt.group(2) + _WJ + "."
        return "@" + _WJ

    return _AUTOLINK.sub(fix, s)


def escape_markdown(s: str) -> str:
    """Make any string inert in Streamlit Markdown (no links, no HTML, no formatting)."""
    s = _break_autolinks(html.escape(str(s), quote=False))
    return _MD_SPECIAL.sub(r"\\\1", s)


# A search snippet marks its matched words with these private-use characters
# (``queries.search_snippets``); nothing else of a snippet contains them.
MARK_START, MARK_END = "\ue000", "\ue001"


def snippet_markdown(snippet: str) -> str:
    """A search snippet as inert Markdown with ``<mark>`` around the matched words: every
    piece of article text is escaped (``escape_markdown``), only the ``<mark>`` tags are
    ours. Stray marker characters are dropped."""
    def plain(x: str) -> str:
        return escape_markdown(x.replace(MARK_START, "").replace(MARK_END, ""))

    out: list[str] = []
    for i, piece in enumerate((snippet or "").split(MARK_START)):
        inside, sep, rest = piece.partition(MARK_END)
        if i == 0 or not sep:
            out.append(plain(piece))
            continue
        if inside:
            out.append("<mark>" + plain(inside) + "</mark>")
        out.append(plain(rest))
    return "".join(out)


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    label: str  # shown as a tooltip, e.g. "tanggal", "instansi: KPU"
    kind: str  # css class suffix: date | activity | location | agency | region | participants | election
    low_confidence: bool = False


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str  # body | title | related | caption | boilerplate | dateline


HIGHLIGHT_COLORS = {
    "date": "#FFE08A",
    "activity": "#B8E0FF",
    "location": "#C8F0C8",
    "agency": "#F9C8E8",
    "region": "#FFD3B0",
    "participants": "#D9CCFF",
    "election": "#C9F1F5",
}
MUTED_KINDS = {"related", "boilerplate", "caption"}


def evidence_html(text: str, highlights: Iterable[Highlight], segments: Sequence[Segment] = ()) -> str:
    """The article text as escaped HTML with ``<mark>`` around evidence spans and grey
    text for segments that are not body text. Overlapping highlights: the first wins."""
    n = len(text)
    marks: list[Highlight] = []
    taken = [False] * (n + 1) if n < 2_000_000 else None
    for h in sorted(highlights, key=lambda h: (h.start, -(h.end - h.start))):
        s, e = max(0, h.start), min(n, h.end)
        if e <= s:
            continue
        if taken is not None:
            if any(taken[s:e]):
                continue
            for i in range(s, e):
                taken[i] = True
        marks.append(Highlight(s, e, h.label, h.kind, h.low_confidence))
    marks.sort(key=lambda h: h.start)
    boundaries = {0, n}
    for h in marks:
        boundaries.update((h.start, h.end))
    for sg in segments:
        if sg.kind in MUTED_KINDS:
            boundaries.update((max(0, min(n, sg.start)), max(0, min(n, sg.end))))
    cuts = sorted(boundaries)
    muted = [(sg.start, sg.end) for sg in segments if sg.kind in MUTED_KINDS]
    out: list[str] = []
    mi = 0
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        piece = html.escape(text[a:b], quote=True)
        while mi < len(marks) and marks[mi].end <= a:
            mi += 1
        mark = marks[mi] if mi < len(marks) and marks[mi].start <= a < marks[mi].end else None
        is_muted = any(s <= a < e for s, e in muted)
        if mark is not None:
            color = HIGHLIGHT_COLORS.get(mark.kind, "#EEEEEE")
            border = "border-bottom:3px dotted #C0392B;" if mark.low_confidence else ""
            piece = (
                f'<mark class="ev ev-{html.escape(mark.kind)}" title="{html.escape(mark.label, quote=True)}" '
                f'style="background:{color};{border}padding:0 2px;border-radius:3px;color:#111">{piece}</mark>'
            )
        if is_muted:
            piece = f'<span class="muted" style="color:#8A8A8A">{piece}</span>'
        out.append(piece)
    return (
        '<div class="article-text" style="white-space:pre-wrap;font-size:1.05rem;line-height:1.6">'
        + "".join(out)
        + "</div>"
    )
