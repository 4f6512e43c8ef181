"""Event extraction from Indonesian election-preparedness articles.

``extract_events(text, title=..., published=..., url=..., publisher=...)`` returns the
events an article reports, main event first. (Placeholder until the extractor lands.)
"""

from __future__ import annotations

import datetime as dt

from dashboard.extract.model import AgencyMention, Evidence, ExtractedEvent, RegionMention

__all__ = ["extract_events", "ExtractedEvent", "Evidence", "AgencyMention", "RegionMention"]


def extract_events(
    text: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    publisher: str | None = None,
) -> list[ExtractedEvent]:
    return []
