"""Turning query results into what a page shows: export frames, the article reader view.
Pure functions, no Streamlit import."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.i18n import activity_label, format_date, format_event_date, format_number, level_label, status_label, t
from dashboard.textsafe import Highlight, Segment, evidence_html

LOW_CONFIDENCE = 0.5

FIELD_KIND = {
    "event_date": "date",
    "activity": "activity",
    "location": "location",
    "participants": "participants",
    "election": "election",
}
FIELD_LABEL = {
    "event_date": "common.date",
    "activity": "common.activity",
    "location": "common.location",
    "participants": "common.participants",
    "election": "common.election",
}


def _precision(df: pd.DataFrame) -> list:
    return list(df["date_precision"]) if "date_precision" in df else [None] * len(df)


def events_export_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events table as downloaded: ISO dates and raw numbers, translated headers."""
    return pd.DataFrame(
        {
            t("common.date", lang): [
                ("" if pd.isna(d) else d.strftime("%Y-%m") if p == "month" else d.isoformat())
                for d, p in zip(df["event_date"], _precision(df))
            ],
            t("common.activity", lang): df["activity"].map(lambda a: activity_label(a, lang)),
            t("common.location", lang): df["location"].fillna(""),
            t("common.agencies", lang): df["agencies"],
            t("common.regions", lang): df["regions"],
            t("common.participants", lang): pd.to_numeric(df["participants"], errors="coerce").round().astype("Int64"),
            t("common.level", lang): df["level"].map(lambda v: level_label(v, lang)),
            t("common.election", lang): (df["election_name"] if "election_name" in df else df["election_id"]).fillna(""),
            t("common.status", lang): df["status"].map(lambda s: status_label(s, lang)),
            t("common.title", lang): df["article_title"].fillna(""),
            "URL": df["article_url"].fillna(""),
            # how many articles report the event (its main source above, the others in the app)
            t("merge.col_sources", lang): (df["sources"] if "sources" in df else pd.Series([1] * len(df), index=df.index)),
        }
    )


@dataclass
class EventView:
    heading: str
    rows: list[tuple[str, str, bool]] = field(default_factory=list)  # (label, value, low confidence)
    also_reported: list[dict] = field(default_factory=list)  # the other articles reporting the same event


@dataclass
class ArticleView:
    title: str
    meta_line: str
    text_html: str
    events: list[EventView]


def _segments(text: str) -> list[Segment]:
    try:
        from dashboard.ingest.clean import clean_article
    except ImportError:  # pragma: no cover
        return []
    try:
        doc = clean_article(text)
    except Exception:  # noqa: BLE001 - display must never fail on a cleaner bug
        return []
    return [Segment(s.start, s.end, s.kind) for s in getattr(doc, "segments", [])]


def highlights_for_event(ev: dict, lang: str) -> list[Highlight]:
    evidence = ev.get("evidence") or {}
    out: list[Highlight] = []
    for fld, kind in FIELD_KIND.items():
        e = evidence.get(fld)
        if isinstance(e, dict) and "start" in e and "end" in e:
            low = float(e.get("confidence", 1.0)) < LOW_CONFIDENCE
            out.append(Highlight(int(e["start"]), int(e["end"]), t(FIELD_LABEL[fld], lang), kind, low))
    for a in ev.get("agencies", []):
        if a.get("evidence_start") is not None and a.get("evidence_end") is not None:
            out.append(
                Highlight(
                    int(a["evidence_start"]), int(a["evidence_end"]),
                    f"{t('common.agencies', lang)}: {a['agency_name']}", "agency",
                    float(a.get("confidence") or 1.0) < LOW_CONFIDENCE,
                )
            )
    for r in ev.get("regions", []):
        if r.get("evidence_start") is not None and r.get("evidence_end") is not None:
            out.append(
                Highlight(
                    int(r["evidence_start"]), int(r["evidence_end"]),
                    f"{t('common.regions', lang)}: {r.get('name', r['region_code'])}", "region",
                    float(r.get("confidence") or 1.0) < LOW_CONFIDENCE,
                )
            )
    return out


def event_view(ev: dict, lang: str, main: bool) -> EventView:
    evidence = ev.get("evidence") or {}

    def low(fld: str) -> bool:
        e = evidence.get(fld)
        return isinstance(e, dict) and float(e.get("confidence", 1.0)) < LOW_CONFIDENCE

    heading = t("berita.main_event" if main else "berita.other_event", lang)
    heading += f" · {status_label(ev.get('status'), lang)}"
    rows = [
        (t("common.date", lang), format_event_date(ev.get("event_date"), ev.get("date_precision"), lang, weekday=True),
         low("event_date")),
        (t("common.activity", lang), activity_label(ev.get("activity"), lang), low("activity")),
        (t("common.location", lang), ev.get("location") or "–", low("location")),
        (
            t("common.participants", lang),
            format_number(ev["participants"], lang) if ev.get("participants") is not None else "–",
            low("participants"),
        ),
        (t("common.election", lang), ev.get("election_name") or ev.get("election_id") or "–", low("election")),
        (t("common.agencies", lang), ", ".join(sorted(a["agency_name"] for a in ev.get("agencies", []))) or "–", False),
        (t("common.regions", lang), ", ".join(r.get("name", r["region_code"]) for r in ev.get("regions", [])) or "–", False),
        (t("common.level", lang), level_label(ev.get("level"), lang), False),
        (t("common.confidence", lang), format_number(float(ev.get("confidence") or 0) * 100, lang) + " %",
         float(ev.get("confidence") or 0) < LOW_CONFIDENCE),
    ]
    flag = evidence.get("date_flag") or ev.get("date_flag")
    if flag:
        rows.insert(1, (t("berita.date_flag", lang), str(flag), True))
    return EventView(heading, rows, list(ev.get("also_reported") or []))


def article_view(art: dict, lang: str) -> ArticleView:
    text = art.get("text") or ""
    events = art.get("events") or []
    highlights: list[Highlight] = []
    for ev in events[:1] or []:
        highlights.extend(highlights_for_event(ev, lang))
    meta = " · ".join(
        x
        for x in (
            art.get("publisher") or "",
            format_date(art.get("published"), lang) if art.get("published") else "",
            art.get("url") or "",
        )
        if x
    )
    return ArticleView(
        title=art.get("title") or t("common.unknown", lang),
        meta_line=meta,
        text_html=evidence_html(text, highlights, _segments(text)),
        events=[event_view(ev, lang, i == 0) for i, ev in enumerate(events) if ev.get("status") != "rejected"],
    )
