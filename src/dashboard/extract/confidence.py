"""How sure each extracted value is, and how sure the whole event is.

Every field of the main event gets a confidence in [0, 1], meant as the chance that the value
(or its absence) is right, read from signals that explain themselves:

* ``event_date``: how strongly the chosen date's context marks it as the event's day (written
  weekday that fits, written year, an activity in its sentence; see ``occasion.score``), less
  when another date of the text scores nearly as well, when the date needed a correction or
  contradicts its weekday, when its year was inferred. No date: sure when the text gives none,
  less so when dates were set aside as other occasions.
* ``activity``: where the keyword was found (headline, lead, body), less when only an earlier
  occasion's keyword was there or when the headline and the lead name different activities.
* ``location``: the kind of place phrase (``bertempat di``, a facility, a visit, a bare ``di``
  after an activity), less when another place phrase competes closely.
* ``agencies``: the bodies named in the headline or the lead, or as organisers, are surer than
  a body named once further down; every mention set aside nearby (a borderline decision) and
  every body that counted only far from the lead lowers it.
* ``regions``: the weakest chosen region's anchor (a body of the region, an election name, a
  security body only, the dateline or the venue's address); an ambiguous name lowers it.
* ``participants``: a head count with its cue; no count is likely right unless counts of people
  were set aside.
* ``election``: the share of the election mentions for the chosen one; inferred from the date
  and the bodies when the text names none.

The event's confidence is the geometric mean of its seven field confidences. It orders events
as the product does (the chance that every field is right, fields taken as independent) but on
the familiar 0-1 scale, so one weak field pulls an otherwise sure event down the review queue,
and two weak fields pull it further.
"""

from __future__ import annotations

import math

FIELDS = ("event_date", "activity", "location", "agencies", "participants", "election", "regions")


def _clip(x: float) -> float:
    return round(max(0.05, min(0.99, x)), 3)


def event_date(main, ranked, any_candidates: bool, month_only: bool) -> float:
    if main is None:
        if month_only:
            return _clip(0.5)
        # no day in the text: the empty date is right; dates set aside as other occasions
        # (a statement's day, the voting day, a plan) make the empty date a judgement
        return _clip(0.6 if any_candidates else 0.85)
    s = main.score
    c = 0.93 if s >= 3 else 0.85 if s >= 2 else 0.7 if s >= 0.5 else 0.55
    rival = next((x for x in ranked if x is not main and x.date is not None and x.date != main.date), None)
    if rival is not None and s - rival.score < 1.0:
        c -= 0.15  # another day of the text scores nearly as well
    if main.flags:
        c -= 0.2  # corrected, or contradicting its weekday
    if main.year_inferred:
        c -= 0.05
    if main.zone in ("caption", "title", "dateline"):
        c -= 0.05
    return _clip(c)


def activity(span, zones: dict, background_only: bool, title_label: str | None, lead_label: str | None,
             from_title: bool = False) -> float:
    """``zones``: "title", "lead" (the lead's first real sentence), "leadzone" (its first
    sentences) spans; the keyword's place in them says how surely it names the event.
    ``from_title``: the label came from a headline given beside the text."""
    if from_title:
        return _clip(0.88)
    if span is None:
        # no keyword: "other" is right for a statement or an unnamed occasion, often it is not
        return _clip(0.55)

    def within(z) -> bool:
        return bool(z) and z[0] <= span[0] < z[1]

    c = 0.92 if within(zones.get("title")) else 0.88 if within(zones.get("lead")) else (
        0.75 if within(zones.get("leadzone")) else 0.55)
    if background_only:
        c -= 0.2  # only an earlier occasion's keyword
    if title_label and lead_label and title_label != lead_label:
        c -= 0.15  # the headline and the lead name different activities
    return _clip(c)


_VENUE_CLASS = {"A": 0.85, "B": 0.8, "V": 0.7, "C": 0.6, "D": 0.5, "N": 0.6}


def location(chosen, cands, zones: dict, statement: bool) -> float:
    """``statement``: the headline and the lead report no activity (a statement, an unnamed
    occasion): a place named further down is often another occasion's."""
    if chosen is None:
        return _clip(0.75 if not cands else 0.6)
    c = _VENUE_CLASS.get(chosen.cls, 0.5)
    if any(x is not chosen and x.cls != "N" and chosen.score - x.score < 0.5 and text_differs(x, chosen) for x in cands):
        c -= 0.15  # another place phrase competes
    lz = zones.get("leadzone")
    tz = zones.get("title")
    if not (lz and lz[0] <= chosen.start < lz[1]) and not (tz and tz[0] <= chosen.start < tz[1]):
        c -= 0.1  # named after the lead
    if statement:
        c -= 0.15
    return _clip(c)


def text_differs(a, b) -> bool:
    return not (a.start < b.end and b.start < a.end)


def agencies(summary, hits, zones: list[tuple[int, int]], reported, attended) -> float:
    """``zones``: the headline and the lead's first sentences. ``reported(pos)``: is ``pos``
    inside a quotation or a sentence reporting speech (a body a speaker talks about is often not
    one that took part)? ``attended(pos)``: does its sentence say who attended, opened, spoke?"""
    if not summary:
        return _clip(0.5)
    c = 0.92

    def in_zones(pos: int) -> bool:
        return any(a <= pos < b for a, b in zones)

    counted = {}
    for h in hits:
        if h.counted:
            counted.setdefault(h.agency, []).append(h)
    for agency, hs in counted.items():
        if any(in_zones(h.start) or h.role != "participant" or attended(h.start) for h in hs):
            continue
        # named only further down, as a participant: surer when named often, less when only in
        # what a speaker says, or by a bare title ("bupati")
        pen = 0.05 if len(hs) > 1 else 0.1
        if all(reported(h.start) for h in hs):
            pen += 0.1
        if all(h.kind == "title" for h in hs):
            pen += 0.05
        c -= pen
    borderline = {h.agency for h in hits if not h.counted and h.agency not in counted
                  and h.reason not in ("election name", "ballot", "venue", "rank", "former", "headline only")}
    c -= 0.03 * min(len(borderline), 3)
    c -= 0.02 * max(0, len(summary) - 3)  # every further body is one more decision
    return _clip(c)


def regions(outs, national: bool, alias_written: bool) -> float:
    """``alias_written``: a chosen region is written by a short form only ("Kotim"): the
    canonical name is output, which a reader of the text may not expect."""
    if not outs:
        return _clip(0.8 if national else 0.55)
    c = min(o.confidence for o in outs)
    if len(outs) > 2:
        c -= 0.1
    if alias_written:
        c -= 0.15
    return _clip(c)


def participants(found, summed: bool, rejected: bool) -> float:
    if not found:
        return _clip(0.75 if rejected else 0.93)
    _, _, lower_bound = found
    c = 0.8
    if lower_bound:
        c -= 0.05
    if summed:
        c -= 0.1
    return _clip(c)


def election(value: str | None, el_conf: float, inferred: bool) -> float:
    if value is None:
        return _clip(0.4)  # nearly every preparation is for a named election
    if inferred:
        return _clip(0.45)
    return _clip(el_conf)


def event(field_conf: dict[str, float]) -> float:
    vals = [max(1e-3, field_conf.get(f, 0.5)) for f in FIELDS]
    return round(math.exp(sum(math.log(v) for v in vals) / len(vals)), 3)
