"""Readiness of an election's regions, built from their events. Pure functions over the
small frames returned by ``queries.regions``; no Streamlit, no SQL.

The measure (explained on the page, see ``i18n`` keys ``regions.explain.*``):

* **Meetings** are events of kind ``rakor`` (coordination meeting) or ``rapat`` (other
  meeting) tagged with the region itself (a kab/kota for a regent or mayor race, the
  province for a governor race), in the chosen election and period, up to the
  *reference date*.
* **Reference date**: today while the election is ahead; voting day once it has passed;
  the end of the filtered period when that is earlier.
* **Key bodies met**: which of KPU, Bawaslu, Pemda/Kesbangpol, Polri and TNI took part in
  at least one of those meetings.
* **Active window**: the last N days up to the reference date (N chosen by the user); a
  region is *active* when any of its events (of any kind) falls inside it.
* **Level**: ``none`` (no meeting at all), ``stale`` (meetings, but nothing in the
  window), ``partial`` (active, fewer than all five key bodies met), ``ready`` (active and
  all five key bodies met).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.readiness_rules import KEY_BODIES, MEETING_ACTIVITIES  # noqa: F401  (part of this module's API)

LEVELS: tuple[str, ...] = ("ready", "partial", "stale", "none")  # best first
DEFAULT_WINDOW_DAYS = 30
WINDOW_CHOICES: tuple[int, ...] = (7, 14, 30, 60, 90)


def body_column(body: str) -> str:
    """Column name of a key body in the query frames: ``Pemda/Kesbangpol`` -> ``body_pemda_kesbangpol``."""
    return "body_" + "".join(c if c.isalnum() else "_" for c in body.lower())


BODY_COLUMNS: dict[str, str] = {b: body_column(b) for b in KEY_BODIES}


def key_agency_names() -> tuple[str, ...]:
    return tuple(a for names in KEY_BODIES.values() for a in names)


def reference_date(
    voting_date: dt.date | None, today: dt.date, date_to: dt.date | None = None
) -> dt.date:
    """The date readiness is measured at: today, or voting day once it has passed, or the
    end of the filtered period when earlier."""
    ref = today
    if voting_date is not None and voting_date < ref:
        ref = voting_date
    if date_to is not None and date_to < ref:
        ref = date_to
    return ref


def window_start(ref: dt.date, days: int) -> dt.date:
    """First day of the active window: the last ``days`` days up to ``ref`` (inclusive)."""
    return ref - dt.timedelta(days=max(1, int(days)) - 1)


def clamp_days(raw: object, default: int = DEFAULT_WINDOW_DAYS) -> int:
    """A window length from a URL parameter or widget: 1..366, else the default."""
    from dashboard.filters import parse_days

    n = parse_days(raw)
    return default if n is None else n


def classify(meetings: int, active: bool, bodies_met: int, n_bodies: int = len(KEY_BODIES)) -> str:
    if not meetings:
        return "none"
    if not active:
        return "stale"
    return "ready" if bodies_met >= n_bodies else "partial"


def _as_date(v) -> dt.date | None:
    if v is None or (not isinstance(v, (dt.date, str)) and pd.isna(v)):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, pd.Timestamp):
        return v.date()
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def build(raw: pd.DataFrame, ref: dt.date) -> pd.DataFrame:
    """Add the readiness columns to the per-region frame of ``queries.regions.readiness``:
    ``bodies_met`` (0-5), ``met_<body>`` (bool), ``days_since`` (days from the last
    meeting to ``ref``), ``active`` (any event in the window) and ``status`` (level)."""
    df = raw.copy()
    for col in ("events", "meetings", "window_events", *BODY_COLUMNS.values()):
        if col not in df:
            df[col] = 0
        df[col] = pd.to_numeric(df[col], errors="coerce").fillna(0).astype(int)
    for col in ("last_meeting", "last_event"):
        if col not in df:
            df[col] = None
        df[col] = df[col].map(_as_date).astype(object)
    for body, col in BODY_COLUMNS.items():
        df["met_" + col[5:]] = df[col] > 0
    met_cols = ["met_" + c[5:] for c in BODY_COLUMNS.values()]
    df["bodies_met"] = df[met_cols].sum(axis=1).astype(int) if len(df) else pd.Series(dtype=int)
    df["days_since"] = df["last_meeting"].map(lambda d: (ref - d).days if d is not None else None).astype("Int64")
    df["active"] = df["window_events"] > 0
    df["status"] = [
        classify(m, a, b) for m, a, b in zip(df["meetings"], df["active"], df["bodies_met"])
    ]
    return df


def met_column(body: str) -> str:
    return "met_" + BODY_COLUMNS[body][5:]


def status_counts(df: pd.DataFrame) -> dict[str, int]:
    counts = df["status"].value_counts() if "status" in df and len(df) else pd.Series(dtype=int)
    return {lvl: int(counts.get(lvl, 0)) for lvl in LEVELS}


def inactive(df: pd.DataFrame) -> pd.DataFrame:
    """Regions with no event in the active window, longest silence first (never active last)."""
    out = df[~df["active"]].copy()
    out["_never"] = out["last_event"].isna()
    out["_last"] = out["last_event"].map(lambda d: d.toordinal() if d is not None else 0)
    out = out.sort_values(["_never", "_last", "code"], ascending=[True, True, True])
    return out.drop(columns=["_never", "_last"])


def stage_matrix(counts: pd.DataFrame, stages: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """Meetings before (and during) each stage, for every region in ``codes``: one row per
    (code, stage), zero where the query returned nothing. ``counts`` has columns
    ``code, stage, start, before, during``; ``stages`` is ``queries.stages``."""
    codes = list(codes)
    if stages.empty or not codes:
        return pd.DataFrame(columns=["code", "stage", "start", "end", "before", "during"])
    st = stages[["stage", "start", "end"]].copy()
    st["start"] = pd.to_datetime(st["start"]).dt.date
    st["end"] = pd.to_datetime(st["end"]).dt.date
    grid = pd.DataFrame({"code": codes}).merge(st, how="cross")
    c = counts.copy()
    if c.empty:
        c = pd.DataFrame(columns=["code", "stage", "start", "before", "during"])
    c["start"] = c["start"].map(_as_date)
    out = grid.merge(c[["code", "stage", "start", "before", "during"]], on=["code", "stage", "start"], how="left")
    for col in ("before", "during"):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype(int)
    return out.sort_values(["code", "start", "stage"]).reset_index(drop=True)


def default_stage(stages: pd.DataFrame, ref: dt.date) -> str | None:
    """The stage to count meetings before by default: the next one to start after ``ref``,
    else voting (``Pemungutan suara``), else the last stage."""
    if stages.empty:
        return None
    st = stages.copy()
    st["start_d"] = pd.to_datetime(st["start"]).dt.date
    upcoming = st[st["start_d"] > ref].sort_values("start_d")
    if not upcoming.empty:
        return str(upcoming.iloc[0]["stage"])
    voting = st[st["stage"].str.lower().str.contains("pemungutan suara")]
    if not voting.empty:
        return str(voting.iloc[0]["stage"])
    return str(st.sort_values("start_d").iloc[-1]["stage"])


STATUS_ORDER = ("ready", "partial", "stale", "none")


def sort_by_status(df: pd.DataFrame) -> pd.DataFrame:
    """Readiness rows as a table shows them: by status (ready, partial, stale, none), then
    most meetings first, then name."""
    if df.empty:
        return df
    rank = df["status"].map({s: i for i, s in enumerate(STATUS_ORDER)}).fillna(len(STATUS_ORDER))
    return (df.assign(_rank=rank).sort_values(["_rank", "meetings", "name"], ascending=[True, False, True])
            .drop(columns="_rank").reset_index(drop=True))
