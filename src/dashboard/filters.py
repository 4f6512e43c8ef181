"""The shared filter state and its URL form. No Streamlit import.

URL parameters (stable, documented in the README):

    election  election id, e.g. pilkada-2020 (``semua``/``all`` for every election)
    from, to  ISO dates, e.g. 2020-01-01
    agency    comma-separated canonical agency names, e.g. KPU,Bawaslu
    agency_match  any (default: meetings of any of them) | all (meetings they attended together)
    province  Kemendagri province code, e.g. 13
    region    Kemendagri kab/kota or province code, e.g. 13.02
    activity  comma-separated activity kinds, e.g. rakor,apel
    level     comma-separated levels of the body holding the event: nasional,provinsi,kabkota
    q         text search
    lang      id | en
    present   1 for presenter mode
    theme     light | dark (presenter mode)
    item      the selected item on a page (an event on Rapat Koordinasi, an article in Berita):
              a positive id in ASCII digits that fits the id columns (at most 2147483647)
    freq      week | month: the time unit of the charts (default month)
    view      the figure shown in presenter mode (e.g. heatmap on Instansi)
    days      Wilayah Pilkada's window N, 1..366 (checked here for the note; read by that page)

The page itself is the URL path (``/rapat-koordinasi``, ``/instansi``).

Unknown, malformed or out-of-range values (a date outside ``MIN_DATE..MAX_DATE``, the
range of the date widgets) are dropped and reported as notes; they never raise. Numbers
go through ``dashboard.intparse`` (ASCII digits, 64-bit range) and dates must be written
``YYYY-MM-DD`` in ASCII digits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from dashboard.db.models import ACTIVITIES, LEVELS
from dashboard.intparse import parse_id, parse_int

DEFAULT_ELECTION = "pilkada-2020"
ALL_ELECTIONS = "semua"
LANGS = ("id", "en")
THEMES = ("light", "dark")
FREQS = ("month", "week")
VIEWS = ("timeline", "level", "calendar", "series", "heatmap", "pairs", "change", "numbers", "month", "latest", "map",
         "inactive", "list")
MAX_Q_LEN = 200
MIN_DATE = dt.date(2015, 1, 1)  # the range the filter bar's date widgets accept
MAX_DATE = dt.date(2030, 12, 31)
MIN_DAYS, MAX_DAYS = 1, 366  # Wilayah Pilkada's window

_CODE_PROVINCE = re.compile(r"^\d{2}$")
_CODE_REGION = re.compile(r"^\d{2}(\.\d{2})?$")
_ELECTION_ID = re.compile(r"^[a-z]+-\d{4}$")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


@dataclass(frozen=True)
class Filters:
    election: str = DEFAULT_ELECTION
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agencies: tuple[str, ...] = ()
    agency_all: bool = False
    province: str | None = None
    region: str | None = None
    activities: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    q: str = ""
    lang: str = "id"
    present: bool = False
    theme: str = "light"
    item: str | None = None
    freq: str = "month"
    view: str | None = None

    @property
    def election_id(self) -> str | None:
        """The election to filter on, or None for every election."""
        return None if self.election == ALL_ELECTIONS else self.election

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def data_key(self) -> tuple:
        """The part of the state that changes query results (not language or display)."""
        return (
            self.election,
            self.date_from,
            self.date_to,
            self.agencies,
            self.agency_all,
            self.province,
            self.region,
            self.activities,
            self.levels,
            self.q,
        )


@dataclass
class ParseResult:
    filters: Filters
    notes: list[tuple[str, str]] = field(default_factory=list)  # (parameter, raw value) dropped


def _first(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value) if value is not None else ""


def _split(raw: str) -> list[str]:
    return [p.strip() for p in raw.split(",") if p.strip()]


def parse_query_params(
    params: Mapping[str, object],
    *,
    elections: Iterable[str] = (),
    agencies: Iterable[str] = (),
    regions: Iterable[str] = (),
    default_election: str = DEFAULT_ELECTION,
) -> ParseResult:
    """Read the URL parameters into ``Filters``. Known ids are checked against the given
    collections when they are not empty; anything unknown or malformed becomes a note."""
    elections = set(elections)
    agency_names = {a.casefold(): a for a in agencies}
    region_codes = set(regions)
    notes: list[tuple[str, str]] = []
    kw: dict = {}

    raw = _first(params.get("election")).strip().lower()
    if raw:
        if raw in (ALL_ELECTIONS, "all"):
            kw["election"] = ALL_ELECTIONS
        elif _ELECTION_ID.match(raw) and (not elections or raw in elections):
            kw["election"] = raw
        else:
            notes.append(("election", raw))
    if "election" not in kw:
        kw["election"] = default_election

    for key, name in (("from", "date_from"), ("to", "date_to")):
        raw = _first(params.get(key)).strip()
        if raw:
            day = parse_iso_date(raw)
            if day is None:
                notes.append((key, raw[:40]))
            else:
                kw[name] = day
    if kw.get("date_from") and kw.get("date_to") and kw["date_from"] > kw["date_to"]:
        notes.append(("to", kw.pop("date_to").isoformat()))

    raw = _first(params.get("agency"))
    if raw:
        good = []
        for part in _split(raw):
            canon = agency_names.get(part.casefold()) if agency_names else part
            if canon and canon not in good:
                good.append(canon)
            elif not canon:
                notes.append(("agency", part))
        kw["agencies"] = tuple(good)

    raw = _first(params.get("agency_match")).strip().lower()
    if raw:
        if raw in ("all", "semua"):
            kw["agency_all"] = True
        elif raw not in ("any", "salah-satu"):
            notes.append(("agency_match", raw[:40]))

    raw = _first(params.get("province")).strip()
    if raw:
        if _CODE_PROVINCE.match(raw) and (not region_codes or raw in region_codes):
            kw["province"] = raw
        else:
            notes.append(("province", raw))

    raw = _first(params.get("region")).strip()
    if raw:
        if _CODE_REGION.match(raw) and (not region_codes or raw in region_codes):
            kw["region"] = raw
        else:
            notes.append(("region", raw))

    raw = _first(params.get("activity"))
    if raw:
        good = []
        for part in _split(raw.lower()):
            if part in ACTIVITIES and part not in good:
                good.append(part)
            else:
                notes.append(("activity", part))
        kw["activities"] = tuple(good)

    raw = _first(params.get("level"))
    if raw:
        good = []
        for part in _split(raw.lower()):
            if part in LEVELS and part not in good:
                good.append(part)
            else:
                notes.append(("level", part))
        kw["levels"] = tuple(good)

    raw = _first(params.get("q"))
    if raw:
        kw["q"] = raw.replace("\x00", "")[:MAX_Q_LEN]

    raw = _first(params.get("lang")).strip().lower()
    if raw:
        if raw in LANGS:
            kw["lang"] = raw
        else:
            notes.append(("lang", raw))

    raw = _first(params.get("present")).strip().lower()
    if raw:
        if raw in ("1", "true", "ya", "yes"):
            kw["present"] = True
        elif raw not in ("0", "false", "no", "tidak"):
            notes.append(("present", raw))

    raw = _first(params.get("theme")).strip().lower()
    if raw:
        if raw in THEMES:
            kw["theme"] = raw
        else:
            notes.append(("theme", raw))

    raw = _first(params.get("item")).strip()
    if raw:
        item = parse_id(raw)
        if item is None:
            notes.append(("item", raw[:40]))
        else:
            kw["item"] = str(item)

    raw = _first(params.get("freq")).strip().lower()
    if raw:
        if raw in FREQS:
            kw["freq"] = raw
        else:
            notes.append(("freq", raw[:40]))

    raw = _first(params.get("view")).strip().lower()
    if raw:
        if raw in VIEWS:
            kw["view"] = raw
        else:
            notes.append(("view", raw[:40]))

    raw = _first(params.get("days")).strip()
    if raw and parse_days(raw) is None:
        notes.append(("days", raw[:40]))

    return ParseResult(Filters(**kw), notes)


def parse_iso_date(raw: str) -> dt.date | None:
    """``YYYY-MM-DD`` in ASCII digits, a real day within ``MIN_DATE..MAX_DATE``; else None."""
    if not _ISO_DATE.fullmatch(raw):
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def parse_days(raw: object) -> int | None:
    """Wilayah Pilkada's window N from a link or widget: 1..366, else None."""
    return parse_int(raw.strip() if isinstance(raw, str) else raw, min_value=MIN_DAYS, max_value=MAX_DAYS)


def to_query_params(f: Filters, *, default_election: str = DEFAULT_ELECTION) -> dict[str, str]:
    """The URL parameters for ``f``; defaults are left out so links stay short."""
    out: dict[str, str] = {}
    if f.election != default_election:
        out["election"] = f.election
    if f.date_from:
        out["from"] = f.date_from.isoformat()
    if f.date_to:
        out["to"] = f.date_to.isoformat()
    if f.agencies:
        out["agency"] = ",".join(f.agencies)
        if f.agency_all and len(f.agencies) > 1:
            out["agency_match"] = "all"
    if f.province:
        out["province"] = f.province
    if f.region:
        out["region"] = f.region
    if f.activities:
        out["activity"] = ",".join(f.activities)
    if f.levels:
        out["level"] = ",".join(f.levels)
    if f.q:
        out["q"] = f.q
    if f.lang != "id":
        out["lang"] = f.lang
    if f.present:
        out["present"] = "1"
    if f.theme != "light":
        out["theme"] = f.theme
    if f.item:
        out["item"] = f.item
    if f.freq != "month":
        out["freq"] = f.freq
    if f.view:
        out["view"] = f.view
    return out
