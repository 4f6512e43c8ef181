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
    confidence: float = 0.5  # the event's: the geometric mean of field_confidence (see confidence.py)
    evidence: dict[str, Evidence] = field(default_factory=dict)  # field name -> evidence
    # field name -> confidence that the value (or its absence) is right, for every scored field
    field_confidence: dict[str, float] = field(default_factory=dict)

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

    def explain_dict(self) -> dict:
        """``to_score_dict`` plus, for ``dashboard extract --explain``: the event's confidence and,
        per field, the confidence and the evidence span (text, start, end) each value came
        from (agencies and regions item by item; a value without a span has ``evidence: null``)."""
        out = self.to_score_dict()
        out["confidence"] = round(self.confidence, 3)

        def span(e: Evidence | None) -> dict | None:
            return {"text": e.text, "start": e.start, "end": e.end} if e else None

        fields = {}
        for name in ("event_date", "activity", "location", "participants", "election"):
            fields[name] = {"value": out.get(name), "confidence": self.field_confidence.get(name),
                            "evidence": span(self.evidence.get(name))}
        fields["agencies"] = {
            "confidence": self.field_confidence.get("agencies"),
            "items": [{"value": a.agency, "role": a.role, "confidence": round(a.evidence.confidence, 3) if a.evidence
                       else None, "evidence": span(a.evidence)} for a in self.agencies],
        }
        fields["regions"] = {
            "confidence": self.field_confidence.get("regions"),
            "items": [{"value": r.name, "code": r.code, "confidence": round(r.evidence.confidence, 3) if r.evidence
                       else None, "evidence": span(r.evidence)} for r in self.regions],
        }
        if self.date_flag:
            fields["event_date"]["flag"] = self.date_flag
        out["explain"] = fields
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
