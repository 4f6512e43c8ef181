"""What extraction returns. Every value carries the span of the input text it came from.

Spans are character offsets into the ``text`` given to ``extract_events`` (the stored
article text, unchanged), so the Berita reader can highlight them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str
    confidence: float = 0.5

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class AgencyMention:
    agency: str  # canonical short name from data/agencies.csv, e.g. "KPU"
    role: str = "participant"  # organiser | participant | invited
    evidence: Evidence | None = None


@dataclass(frozen=True)
class RegionMention:
    name: str  # "Kabupaten Solok", "Sumatera Barat"; as written when the level is unknown ("Kediri")
    code: str | None = None  # Kemendagri code when resolved
    evidence: Evidence | None = None


@dataclass
class ExtractedEvent:
    event_date: dt.date | None = None
    date_precision: str | None = None  # day | month | year
    date_flag: str | None = None  # set when the date is doubtful (weekday mismatch, impossible, typo fixed)
    activity: str = "other"
    location: str | None = None
    participants: int | None = None
    election: str | None = None  # "Pilkada 2020", "Pemilu 2024", "Pilkades 2020", ...
    agencies: list[AgencyMention] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    level: str | None = None  # nasional | provinsi | kabkota: level of the body holding the event
    confidence: float = 0.5
    evidence: dict[str, Evidence] = field(default_factory=dict)  # field name -> evidence

    def to_score_dict(self) -> dict:
        """The record format of ``score_extraction.py`` / ``dashboard extract``."""
        day = self.event_date if self.event_date and self.date_precision in (None, "day") else None
        out = {
            # a day-precise date only: a month-only date is not the day the event was held
            "event_date": day.isoformat() if day else None,
            "activity": self.activity,
            "location": self.location,
            "agencies": [a.agency for a in self.agencies],
            "participants": self.participants,
            "election": self.election,
            "regions": [r.name for r in self.regions],
        }
        if self.event_date and day is None:
            out["event_month"] = self.event_date.strftime("%Y-%m")
            out["date_precision"] = self.date_precision
        return out

    def evidence_dict(self) -> dict:
        out = {k: v.to_dict() for k, v in self.evidence.items()}
        out["agencies"] = {
            a.agency: {"role": a.role, **(a.evidence.to_dict() if a.evidence else {})} for a in self.agencies
        }
        out["regions"] = {
            (r.code or r.name): {"name": r.name, **(r.evidence.to_dict() if r.evidence else {})} for r in self.regions
        }
        if self.date_flag:
            out["date_flag"] = self.date_flag
        return out
