"""Which election the event prepares for: ``Pilkada YYYY``, ``Pemilu YYYY``, ``Pilkades YYYY``.

Mentions are weighted by zone (headline > lead > rest). ``Pilwali``/``Pilbup``/``Pilgub`` and
``Pemilihan Serentak``/``Pemilihan Kepala Daerah`` and ``Pemilukada``/``Pemilu Kepala Daerah`` (the
regional election, though it says "pemilu") are Pilkada; ``Pilkades``/``Pemilihan Kepala
Desa`` is Pilkades (not Pilkada); ``Pileg``/``Pilpres``/``Pemilihan Umum`` are Pemilu. When the
year is not written next to the election it is taken from other mentions of the same kind, else
from the event date (the next election of that kind on or after it). When no election is named
at all but KPU or Bawaslu take part, :func:`infer` takes the next election within about a year
of the date (a Pilkada only if one of the event's regions holds it).
"""

from __future__ import annotations

import datetime as dt
import re

from dashboard.extract.gazetteer import election_region_codes, regions
from dashboard.extract.scan import KeywordRegex, TextIndex

_KIND = [
    ("Pilkades", r"pilkades|pemilihan\s+kepala\s+desa|pilkadus"),
    ("Pilkada", r"pilkada|pemilukada|pemilihan\s+(?:umum\s+)?kepala\s+daerah|pemilu\s+kepala\s+daerah|pilwali|pilwalkot|pilbup|pilgub|pilwakot|pemilihan\s+serentak|pemilihan\s+(?:gubernur|bupati|wali\s?kota|walikota)|pemilu\s+(?:gubernur|bupati|wali\s?kota|walikota)"),
    ("Pemilu", r"pemilu|pemilihan\s+umum|pileg|pilpres|pemilihan\s+presiden|pemilihan\s+legislatif"),
]
_KIND_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _KIND) + r")\b", re.IGNORECASE)
# up to five filler words (serentak, tahun, (Pilkada), region names, a date) before the year
_YEAR_AFTER_RE = re.compile(
    r"\W{0,3}(?:[\w()./-]+\W{1,3}){0,5}?(?:tahun\s+)?((?:19|20)\d\d)\b(?!\s*(?:mendatang|lalu)\b)", re.IGNORECASE
)
_STOP_RE = re.compile(r"[.;!?\n]|\b(?:pilkada|pemilu|pilkades|pemilihan)\b", re.IGNORECASE)

_AGENCY_NAME_RE = re.compile(
    r"\b(?:pengawas|penyelenggara|komisi|panitia|kehormatan|pengawasan\s+partisipatif|badan)\s+$", re.IGNORECASE
)

PILKADA_YEARS = (2015, 2017, 2018, 2020, 2024, 2029)
PEMILU_YEARS = (2014, 2019, 2024, 2029)


_KIND_KW = KeywordRegex(_KIND_RE, (
    "pilkades", "pemilihan", "pilkadus", "pilkada", "pemilukada", "pilwali", "pilwalkot", "pilbup", "pilgub", "pilwakot", "pemilu",
    "pileg", "pilpres",
))


def mentions(text: str | TextIndex, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, int | None]]:
    """(start, end, kind, year|None) for every election mention."""
    ix = text if isinstance(text, TextIndex) else TextIndex(text)
    text = ix.text
    end = len(text) if end is None else end
    out = []
    # the zones overlap (headline, lead, whole text): each mention is read once per limit
    memo = ix.cache.setdefault("election.mentions", {})
    for m in _KIND_KW.finditer(ix, start, end):
        me = m.end()
        tail_end = min(end, me + 60)
        stops = ix.cache.get(("election.stop", me))
        if stops is None:
            # the first stop after the mention, found once (a stop beyond the zone end is cut to it)
            st = _STOP_RE.search(text, me, me + 60)
            stops = ix.cache[("election.stop", me)] = (st.start(), st.end()) if st else None
        lim = stops[0] if stops and stops[1] <= tail_end else tail_end
        key = (m.start(), lim)
        got = memo.get(key)
        if got is None:
            year = None
            span_end = me
            y = _YEAR_AFTER_RE.match(text, me, lim)
            if y:
                year = int(y.group(1))
                span_end = y.end(1)
            got = memo[key] = (m.start(), span_end, m.lastgroup, year)
        out.append(got)
    return out


def choose(
    text: str | TextIndex, zones: list[tuple[int, int, float]]
) -> tuple[str | None, int | None, tuple[int, int] | None, float]:
    """Return (kind, year, evidence span, confidence) from weighted zones."""
    ix = text if isinstance(text, TextIndex) else TextIndex(text)
    text = ix.text
    score: dict[str, float] = {}
    years: dict[str, dict[int, float]] = {}
    first: dict[tuple[str, int | None], tuple[int, int]] = {}
    for s, e, w in zones:
        for a, b, kind, year in mentions(ix, s, e):
            if year is None and _AGENCY_NAME_RE.search(text, max(0, a - 25), a):
                continue  # "Badan Pengawas Pemilu", "Komisi Pemilihan Umum": a name, not an election
            if year is None:
                w = w * 0.5
            score[kind] = score.get(kind, 0.0) + w
            if year:
                years.setdefault(kind, {})
                years[kind][year] = years[kind].get(year, 0.0) + w
            first.setdefault((kind, year), (a, b))
            first.setdefault((kind, None), (a, b))
    if not score:
        return None, None, None, 0.0
    # Pilkades only when it is what the text is about; it is never promoted to Pilkada
    kind = max(score, key=lambda k: (score[k], k == "Pilkada"))
    yrs = years.get(kind, {})
    year = max(yrs, key=lambda y: (yrs[y], y)) if yrs else None
    span = first.get((kind, year)) or first.get((kind, None))
    total = sum(score.values())
    conf = 0.5 + 0.4 * (score[kind] / total) if total else 0.5
    if year is None:
        conf -= 0.2
    return kind, year, span, conf


def year_from_date(kind: str, d: dt.date | None, fallback: int | None = None) -> int | None:
    """The election of ``kind`` a preparation on ``d`` is for: the next one on or after ``d``."""
    if d is None:
        return fallback
    if kind == "Pilkada":
        seq = PILKADA_YEARS
    elif kind == "Pemilu":
        seq = PEMILU_YEARS
    else:
        return d.year + (1 if d.month >= 10 else 0)
    for y in seq:
        if y >= d.year:
            # Pemilu 2024 was in February: events after it prepare the next one
            if kind == "Pemilu" and y == d.year and y == 2024 and d > dt.date(2024, 2, 14):
                continue
            if kind == "Pemilu" and y == d.year and y == 2019 and d > dt.date(2019, 4, 17):
                continue
            if kind == "Pilkada" and y == d.year and d > dt.date(y, 12, 31):
                continue
            return y
    return fallback


def year_from_context(kind: str, dates: list[dt.date], d: dt.date | None, text_years: dict[int, int],
                      voting: dict) -> int | None:
    """The year of an election named without one: the election of ``kind`` whose voting day the
    text gives ("menyukseskan pemilihan Gubernur ... pada 23 September 2020": the Pilkada 2020's
    first voting day), else the next one after the date ``d``, else the year of that kind the text
    writes most often."""
    days = set(dates)
    for name, v in voting.items():
        if name.startswith(kind + " ") and v in days:
            return int(name.split()[-1])
    if kind == "Pilkada" and dt.date(2020, 9, 23) in days:  # the Pilkada 2020 voting day before its move
        return 2020
    y = year_from_date(kind, d, None)
    if y is not None:
        return y
    seq = PILKADA_YEARS if kind == "Pilkada" else PEMILU_YEARS if kind == "Pemilu" else ()
    written = [(n, yy) for yy, n in text_years.items() if yy in seq]
    return max(written)[1] if written else None


def infer(
    d: dt.date | None, voting: dict, bodies: set[str], region_codes: list[str], horizon_days: int = 400
) -> str | None:
    """The election an article that names none is preparing: the next election (of
    ``data/elections.csv``) within ``horizon_days`` after the event/publication date ``d``,
    when an election body (KPU, Bawaslu) takes part. A Pilkada also needs one of the event's
    regions (or its province) to hold that Pilkada; otherwise nothing is guessed."""
    if d is None or not bodies & {"KPU", "Bawaslu"}:
        return None
    ahead = sorted(((v - d).days, name) for name, v in voting.items()
                   if isinstance(v, dt.date) and 0 <= (v - d).days <= horizon_days)
    if not ahead:
        return None
    name = ahead[0][1]
    if name.startswith("Pilkada"):
        held = election_region_codes(name)
        regs = regions()
        if not any(c in held or (c in regs and regs[c].province_code in held) for c in region_codes):
            return None
    return name
