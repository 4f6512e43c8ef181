"""The merged events of the ``dashboard extract --events`` command (no database).

Each input record's extracted events become reports; :class:`Merger` groups them; each
group is written as one JSON object: the main report's fields in the ``extract`` format,
with the agencies and regions of every report (as the dashboard's canonical event has
them), plus ``"sources"``: the ids of the records reporting it, the main report's first.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import IO

from dashboard.merging.clusters import Merger
from dashboard.merging.evidence import report_from_extracted


class EventsWriter:
    """Feed it each record's events with ``add``; ``write`` puts the merged events out."""

    def __init__(self) -> None:
        self.merger = Merger()
        self.events: dict[tuple, object] = {}  # report key -> ExtractedEvent
        self.ids: dict[tuple, object] = {}  # report key -> record id
        self.n = 0

    def add(self, record_id, events, *, title=None, text=None, published: dt.date | None = None) -> None:
        for ordinal, ev in enumerate(events):
            key = (self.n, ordinal)
            self.events[key] = ev
            self.ids[key] = record_id
            self.merger.add(report_from_extracted(key, ev, title=title, text=text, published=published, order=self.n))
        self.n += 1

    def records(self) -> list[dict]:
        out = []
        groups = sorted(self.merger.events(), key=lambda g: min(r.key for r in g.reports))
        for g in groups:
            main = self.events[g.reports[0].key]
            rec = main.to_score_dict()
            agencies, regions = list(rec["agencies"]), list(rec["regions"])
            sources = []
            for r in g.reports:
                ev = self.events[r.key]
                agencies += [a.agency for a in ev.agencies if a.agency not in agencies]
                regions += [x.name for x in ev.regions if x.name not in regions]
                if self.ids[r.key] not in sources:
                    sources.append(self.ids[r.key])
            rec["agencies"], rec["regions"] = agencies, regions
            rec["sources"] = sources
            out.append(rec)
        return out

    def write(self, out: IO[str]) -> int:
        recs = self.records()
        for rec in recs:
            out.write(json.dumps(rec, ensure_ascii=False))
            out.write("\n")
        return len(recs)
