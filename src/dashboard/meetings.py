"""Logic of the Rapat Koordinasi and Instansi pages that is neither SQL nor drawing: the
change flags (last 4 weeks against the 12 before), the reference date they use, period
bounds, and how a click on a chart becomes a filter. Pure functions, no Streamlit import.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.db.models import ACTIVITIES, LEVELS
from dashboard.filters import Filters
from dashboard.intparse import parse_id

# ---------------------------------------------------------------- change flags

RECENT_WEEKS = 4
BEFORE_WEEKS = 12
RISING_RATIO = 1.5  # recent at least 1.5 x the expected count ...
FALLING_RATIO = 0.5  # ... or at most half of it
MIN_DIFFERENCE = 2  # and at least this many meetings apart, so one meeting is not a trend

FLAGS = ("rising", "falling", "stopped", "steady", "inactive")
FLAG_ORDER = {f: i for i, f in enumerate(FLAGS)}


@dataclass(frozen=True)
class Windows:
    """The two windows compared, both inclusive: ``before`` is the 12 weeks up to the day
    before ``recent`` starts; ``recent`` is the 4 weeks ending on the reference date."""

    reference: dt.date
    recent_start: dt.date
    before_start: dt.date

    @property
    def before_end(self) -> dt.date:
        return self.recent_start - dt.timedelta(days=1)


def windows(reference: dt.date) -> Windows:
    recent_start = reference - dt.timedelta(days=7 * RECENT_WEEKS - 1)
    before_start = recent_start - dt.timedelta(days=7 * BEFORE_WEEKS)
    return Windows(reference, recent_start, before_start)


def expected_recent(before: int) -> float:
    """What the last 4 weeks would hold at the pace of the 12 weeks before."""
    return before * RECENT_WEEKS / BEFORE_WEEKS


def classify_change(recent: int, before: int) -> str:
    """``rising``, ``falling``, ``stopped``, ``steady`` or ``inactive`` (nothing in either window).

    stopped: meetings in the 12 weeks before, none in the last 4.
    rising:  the last 4 weeks hold at least 1.5 x the expected count and at least 2 more.
    falling: at most half the expected count and at least 2 fewer.
    """
    recent, before = int(recent or 0), int(before or 0)
    if recent == 0 and before == 0:
        return "inactive"
    if recent == 0:
        return "stopped"
    exp = expected_recent(before)
    if recent >= exp * RISING_RATIO and recent - exp >= MIN_DIFFERENCE:
        return "rising"
    if recent <= exp * FALLING_RATIO and exp - recent >= MIN_DIFFERENCE:
        return "falling"
    return "steady"


def add_flags(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``expected`` and ``flag`` to a frame with ``recent`` and ``before`` counts and
    sort it: rising, falling, stopped first, then by the size of the change."""
    out = df.copy()
    if out.empty:
        out["expected"] = pd.Series(dtype=float)
        out["flag"] = pd.Series(dtype=str)
        return out
    out["recent"] = out["recent"].fillna(0).astype(int)
    out["before"] = out["before"].fillna(0).astype(int)
    out["expected"] = out["before"].map(expected_recent)
    out["flag"] = [classify_change(r, b) for r, b in zip(out["recent"], out["before"])]
    out["_order"] = out["flag"].map(FLAG_ORDER)
    out["_size"] = -(out["recent"] - out["expected"]).abs()
    out = out.sort_values(["_order", "_size"], kind="stable").drop(columns=["_order", "_size"])
    return out.reset_index(drop=True)


def reference_date(
    filters: Filters, today: dt.date, last_event: dt.date | None
) -> tuple[dt.date, str]:
    """The day the change flags look back from, and why (``to``, ``today`` or ``last``):
    the end of the filtered period when set; otherwise today, unless the last recorded
    meeting is more than four weeks old (a past election), then that meeting's date."""
    if filters.date_to:
        return filters.date_to, "to"
    if last_event is not None and (today - last_event).days > 7 * RECENT_WEEKS:
        return last_event, "last"
    return today, "today"


# ---------------------------------------------------------------- periods


def period_bounds(start: dt.date, freq: str) -> tuple[dt.date, dt.date]:
    """First and last day of the week (Monday-Sunday) or month starting at ``start``."""
    if isinstance(start, pd.Timestamp):
        start = start.date()
    elif isinstance(start, dt.datetime):
        start = start.date()
    if freq == "week":
        monday = start - dt.timedelta(days=start.weekday())
        return monday, monday + dt.timedelta(days=6)
    first = start.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(str(value)).date()
    except (ValueError, TypeError):
        return None


def _intersect(f: Filters, lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date]:
    """Clip a clicked period to the filtered one, so a click never widens the view."""
    if f.date_from and f.date_from > lo:
        lo = f.date_from
    if f.date_to and f.date_to < hi:
        hi = f.date_to
    return lo, hi


# ---------------------------------------------------------------- chart clicks -> filters

# Every clickable trace carries ``customdata`` whose first element names what was clicked:
#   ["period", "<ISO date>", "activity"|"level", "<key>"]   a bar of the meetings-over-time chart
#   ["cell", "<ISO date>", "<agency>"]                       a cell of the agency x month heatmap
#   ["agency", "<agency>"] or ["agency", "<agency>", "<ISO>"] an agency (series, change chart)
#   ["pair", "<agency>", "<agency>"]                         a cell of the co-participation matrix
#   ["event", <event id>]                                    a meeting on the calendar view


def _customdata(point: Mapping[str, Any]) -> list:
    cd = point.get("customdata")
    if cd is None:
        return []
    if isinstance(cd, (list, tuple)):
        return list(cd)
    return [cd]


def selection_to_filters(
    point: Mapping[str, Any], f: Filters, *, agencies: set[str] | None = None
) -> Filters | None:
    """The filters after a click on ``point`` (a plotly selection point), or None when the
    point is not something we filter on. Unknown agency names or activities are refused."""
    cd = _customdata(point)
    if not cd:
        return None
    kind = cd[0]

    def known_agency(name: Any) -> bool:
        return isinstance(name, str) and bool(name) and (agencies is None or name in agencies)

    if kind == "period" and len(cd) >= 4:
        start = _as_date(cd[1])
        if start is None:
            return None
        lo, hi = _intersect(f, *period_bounds(start, f.freq))
        changes: dict[str, Any] = {"date_from": lo, "date_to": hi, "item": None}
        if cd[2] == "activity" and cd[3] in ACTIVITIES:
            changes["activities"] = (cd[3],)
        elif cd[2] == "level" and cd[3] in LEVELS:
            changes["levels"] = (cd[3],)
        return f.with_(**changes)
    if kind == "cell" and len(cd) >= 3:
        start = _as_date(cd[1])
        if start is None or not known_agency(cd[2]):
            return None
        lo, hi = _intersect(f, *period_bounds(start, f.freq))
        return f.with_(date_from=lo, date_to=hi, agencies=(cd[2],), agency_all=False, item=None)
    if kind == "agency" and len(cd) >= 2 and known_agency(cd[1]):
        changes = {"agencies": (cd[1],), "agency_all": False, "item": None}
        if len(cd) >= 3 and cd[2]:
            start = _as_date(cd[2])
            if start is not None:
                changes["date_from"], changes["date_to"] = _intersect(f, *period_bounds(start, f.freq))
        return f.with_(**changes)
    if kind == "pair" and len(cd) >= 3 and known_agency(cd[1]) and known_agency(cd[2]):
        pair = tuple(dict.fromkeys((cd[1], cd[2])))
        return f.with_(agencies=pair, agency_all=len(pair) > 1, item=None)
    if kind == "event" and len(cd) >= 2:
        event_id = parse_id(cd[1])  # the click comes from the browser: a strict id or nothing
        return f.with_(item=str(event_id)) if event_id is not None else None
    return None


def selected_event_id(f: Filters) -> int | None:
    """The meeting selected on the page (``item``), when it is an id."""
    return parse_id(f.item) if f.item else None


# ---------------------------------------------------------------- tables as shown and exported


def pivot_frame(df: pd.DataFrame, lang: str, order: list[str] | None = None) -> pd.DataFrame:
    """Agency x period counts as a wide table: one row per agency, one column per period
    (ISO date of its first day), a total column."""
    from dashboard.i18n import t

    if df.empty:
        return pd.DataFrame()
    g = df.pivot_table(index="agency", columns="period", values="n", aggfunc="sum", fill_value=0)
    g.columns = [pd.Timestamp(c).date().isoformat() for c in g.columns]
    g[t("common.count", lang)] = g.sum(axis=1)
    if order:
        g = g.reindex([a for a in order if a in g.index])
    else:
        g = g.sort_values(t("common.count", lang), ascending=False)
    g.index.name = t("common.agencies", lang)
    return g.reset_index()


def pairs_frame(pairs: pd.DataFrame, lang: str) -> pd.DataFrame:
    from dashboard.i18n import t

    return pd.DataFrame(
        {
            t("common.agencies", lang) + " A": pairs["a"] if not pairs.empty else [],
            t("common.agencies", lang) + " B": pairs["b"] if not pairs.empty else [],
            t("meet.shared", lang): pairs["n"] if not pairs.empty else [],
        }
    )


def change_frame(df: pd.DataFrame, lang: str, *, kind: str = "agency", only_flagged: bool = False) -> pd.DataFrame:
    """The change flags as a table: name, last 4 weeks, 12 weeks before, expected, flag."""
    from dashboard.i18n import t

    d = df
    if only_flagged and not d.empty:
        d = d[d["flag"].isin(("rising", "falling", "stopped"))]
    if d.empty:
        return pd.DataFrame()
    cols: dict[str, object] = {}
    if kind == "agency":
        cols[t("common.agencies", lang)] = d["agency"]
    else:
        cols[t("common.code", lang)] = d["code"]
        cols[t("common.name", lang)] = d["name"]
        cols[t("common.province", lang)] = d["province_name"]
    cols[t("meet.recent", lang)] = d["recent"]
    cols[t("meet.before_12", lang)] = d["before"]
    cols[t("meet.expected_short", lang)] = d["expected"].round(1)
    cols[t("common.status", lang)] = d["flag"].map(lambda f: t("flag." + f, lang))
    return pd.DataFrame(cols).reset_index(drop=True)
