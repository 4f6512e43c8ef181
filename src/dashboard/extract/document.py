"""One article prepared for the field extractors: cleaned, masked, indexed, split into sentences.

``Doc`` runs ``dashboard.ingest.clean.clean_article`` (boilerplate, related headlines and Baca
Juga lines are blanked with the same length, so offsets stay those of the stored text), builds
the shared ``TextIndex`` and the sentence spans every field rule reads.
"""

from __future__ import annotations

import bisect
import datetime as dt

from dashboard.extract.scan import TextIndex
from dashboard.extract.textutil import sentences as _sentences

MAX_CHARS = 100_000  # longer inputs are read up to here (offsets stay valid)


class Doc:
    """Everything the field extractors share for one article."""

    def __init__(self, text: str, title: str | None, published: dt.date | None):
        # imported here: dashboard.ingest.clean itself uses dashboard.extract.textutil
        from dashboard.ingest.clean import _is_timestamp_line, clean_article

        self.text = text
        limit = min(len(text), MAX_CHARS)
        self.doc = clean_article(text[:limit], title)
        masked = self.doc.masked()
        self.work = masked + " " * (len(text) - limit) if limit < len(text) else masked
        self.published = published or self.doc.published
        self.title_span = self.doc.title_span
        self.kept: list[tuple[int, int]] = []  # title/body/caption spans
        self.datelines: list[tuple[int, int]] = []  # lead dateline prefixes
        self.captions = [(s.start, s.end) for s in self.doc.segments if s.kind == "caption"]
        for s in self.doc.segments:
            if s.kind in ("title", "body", "caption"):
                if self.kept and self.kept[-1][1] == s.start:
                    self.kept[-1] = (self.kept[-1][0], s.end)
                else:
                    self.kept.append((s.start, s.end))
            elif s.kind == "dateline" and not _is_timestamp_line(text[s.start:s.end].strip()):
                self.datelines.append((s.start, s.end))
        self.ix = TextIndex(self.work)
        self.sents: list[tuple[int, int]] = []
        for s, e in self.kept:
            self.sents.extend(_sentences(self.work, s, e))
        ts = self.title_span
        self.body_sents = [x for x in self.sents if not (ts and ts[0] <= x[0] < ts[1])]
        lead = self.body_sents[:3]
        self.lead = (lead[0][0], lead[-1][1]) if lead else None


def sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    k = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if k >= 0 and sents[k][0] <= pos < sents[k][1]:
        return sents[k]
    return None


_REGION_NAMES: frozenset | None = None


def region_names() -> frozenset:
    global _REGION_NAMES
    if _REGION_NAMES is None:
        from dashboard.extract.gazetteer import _region_aliases

        names = set()
        for n in _region_aliases():
            names.add(n)
            names.add("Kabupaten " + n)
            names.add("Kota " + n)
            names.add("Provinsi " + n)
        _REGION_NAMES = frozenset(names)
    return _REGION_NAMES
