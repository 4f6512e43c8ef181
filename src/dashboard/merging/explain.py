"""A merge's reason (``event_merge.reason``, ``PairDecision.reason``) in words, for the
review queue: "tanggal sama · kegiatan sama (rakor) · tempat sama · instansi 83 % · …"."""

from __future__ import annotations

from dashboard.i18n import activity_label, format_number, t


def reason_text(reason: dict | None, lang: str = "id") -> str:
    """The findings of ``reason`` in the order they were weighed, joined by " · "."""
    if not isinstance(reason, dict) or not reason:
        return ""
    if reason.get("hand"):
        return t("merge.r.hand", lang)
    parts: list[str] = []
    date = reason.get("date")
    if date in ("same_day", "same_month", "undated", "no_anchor"):
        parts.append(t(f"merge.r.{date}", lang))
    act = reason.get("activity")
    if isinstance(act, str) and act:
        if "/" in act:
            parts.append(t("merge.r.activity_other", lang,
                           a="/".join(activity_label(x, lang) for x in act.split("/"))))
        else:
            parts.append(t("merge.r.activity_same", lang, a=activity_label(act, lang)))
    venue = reason.get("venue")
    if venue in ("same_venue", "different_venue", "same_place", "same_place_away", "different_place"):
        parts.append(t(f"merge.r.{venue}", lang))
    if isinstance(reason.get("agencies"), (int, float)):
        parts.append(t("merge.r.agencies", lang, p=format_number(reason["agencies"] * 100, lang)))
    nat = reason.get("national_body")
    if isinstance(nat, list) and nat:
        parts.append(t("merge.r.national", lang, names=", ".join(str(x) for x in nat)))
    elif nat == "one_side":
        parts.append(t("merge.r.national_one", lang))
    regions = reason.get("regions")
    if regions in ("shared", "open", "national", "province", "away"):
        parts.append(t(f"merge.r.regions.{regions}", lang))
    if reason.get("election") in ("same", "differ"):
        parts.append(t(f"merge.r.election.{reason['election']}", lang))
    if reason.get("participants"):
        parts.append(t("merge.r.participants", lang, n=format_number(reason["participants"], lang)))
    if isinstance(reason.get("text"), (int, float)):
        parts.append(t("merge.r.text", lang, p=format_number(reason["text"] * 100, lang)))
    return " · ".join(parts)


def veto_text(veto: str | None, lang: str = "id") -> str:
    return t(f"merge.veto.{veto}", lang) if veto in ("date", "regions", "window") else ""
