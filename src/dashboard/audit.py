"""The audit log: who changed what and when, with the values before and after.

``record`` adds an entry inside the caller's transaction, so an entry exists exactly when
the change it describes was committed (a rolled-back change leaves no entry, and no
change is committed without one). ``read`` and ``export_frame`` serve the admin page and
its CSV export. No Streamlit import.

Actions (``action``) and what ``entity`` they concern:

    create, correct, confirm, reject      event       (review queue, hand-recorded events)
    import                                 event_table (an event list; one ``create`` per row too)
    ingest, ingest_file                    ingest_run / file
    reextract                              articles (a batch of a re-extraction; events a person set are kept)
    merge, split                           event       (two events merged by hand; a report split off its event)
    merge_all                              events      (``dashboard merge``: every event grouped again)
    login, login_failed, logout            user
    user_add, user_remove, user_passwd, user_update   user
    source_add, source_remove, collect_source          source (the collector's sites; a check that failed or stored articles)
    collect                                            ingest_run (a collection run that stored articles or met a failing source)
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, String, cast, func, or_, select
from sqlalchemy.orm import Session

from dashboard.db import models as m

if TYPE_CHECKING:  # pandas is imported where a frame is made: ``record`` (every write) needs none
    import pandas as pd

MAX_DETAIL = 2000
MAX_VALUE_CHARS = 5000

ACTIONS = (
    "create",
    "correct",
    "confirm",
    "reject",
    "import",
    "ingest",
    "ingest_file",
    "reextract",
    "login",
    "login_failed",
    "logout",
    "user_add",
    "user_remove",
    "user_passwd",
    "user_update",
    "source_add",
    "source_remove",
    "collect_source",
    "collect",
    "merge",
    "split",
    "merge_all",
)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(s: str) -> str:
    """No NUL (PostgreSQL refuses it in text) and no lone surrogates (not UTF-8)."""
    return _UNSTORABLE.sub(lambda mt: "" if mt.group() == "\x00" else "\ufffd", s)


def jsonable(value: Any) -> Any:
    """A JSON-safe copy: dates as ISO strings, sets and tuples as lists, long text cut."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        value = _storable(value)
        return value if len(value) <= MAX_VALUE_CHARS else value[:MAX_VALUE_CHARS] + "…"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def record(
    session: Session,
    *,
    username: str,
    action: str,
    entity: str,
    entity_id: str | int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    detail: str | None = None,
) -> m.AuditLog:
    """Add one audit entry to the caller's transaction."""
    entry = m.AuditLog(**_values(username, action, entity, entity_id, before, after, detail))
    session.add(entry)
    return entry


def insert_entry(
    session: Session,
    *,
    username: str,
    action: str,
    entity: str,
    entity_id: str | int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    detail: str | None = None,
) -> None:
    """``record`` as one core insert, executed at once (no ORM object to flush later): for
    writers that add many entries, such as an ingest (one per file)."""
    from sqlalchemy import insert

    session.execute(insert(m.AuditLog.__table__).values(
        **_values(username, action, entity, entity_id, before, after, detail)))


def _values(username, action, entity, entity_id, before, after, detail) -> dict[str, Any]:
    return dict(
        at=m.utcnow(),
        username=_storable(username or "?")[:80],
        action=_storable(action)[:40],
        entity=_storable(entity)[:40],
        entity_id=None if entity_id is None else _storable(str(entity_id))[:80],
        before=jsonable(dict(before)) if before is not None else None,
        after=jsonable(dict(after)) if after is not None else None,
        detail=(detail or None) and _storable(detail)[:MAX_DETAIL],
    )


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class AuditQuery:
    """What the admin page asks for. ``q`` is a plain substring (any characters)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    username: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    q: str = ""


def like_pattern(q: str) -> str:
    """``%q%`` for LIKE with ``\\`` as escape: ``%``, ``_`` and ``\\`` in the input match
    themselves. NUL characters (refused by PostgreSQL) are dropped."""
    q = q.replace("\x00", "")
    return "%" + re.sub(r"([\\%_])", r"\\\1", q) + "%"


def _conditions(aq: AuditQuery) -> list:
    A = m.AuditLog
    cond = []
    if aq.date_from:
        cond.append(A.at >= dt.datetime.combine(aq.date_from, dt.time.min))
    if aq.date_to:
        cond.append(A.at < dt.datetime.combine(aq.date_to + dt.timedelta(days=1), dt.time.min))
    if aq.username:
        cond.append(A.username == aq.username.replace("\x00", ""))
    if aq.action:
        cond.append(A.action == aq.action.replace("\x00", ""))
    if aq.entity:
        cond.append(A.entity == aq.entity.replace("\x00", ""))
    if aq.entity_id:
        cond.append(A.entity_id == aq.entity_id.replace("\x00", ""))
    q = (aq.q or "").strip()[:200]
    if q.replace("\x00", ""):
        pat = like_pattern(q.lower())
        cond.append(
            or_(
                *(
                    func.lower(col).like(pat, escape="\\")
                    for col in (
                        A.username,
                        A.action,
                        A.entity,
                        A.entity_id,
                        A.detail,
                        cast(A.before, String),
                        cast(A.after, String),
                    )
                )
            )
        )
    return cond


def read(engine: Engine, aq: AuditQuery = AuditQuery(), *, limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """Audit entries, newest first."""
    A = m.AuditLog
    stmt = (
        select(A.id, A.at, A.username, A.action, A.entity, A.entity_id, A.before, A.after, A.detail)
        .where(*_conditions(aq))
        .order_by(A.at.desc(), A.id.desc())
        .limit(max(1, min(int(limit), 100_000)))
        .offset(max(0, int(offset)))
    )
    import pandas as pd

    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(stmt).all()]  # plain tuples: see queries.tables._df
    df = pd.DataFrame(rows, columns=["id", "at", "username", "action", "entity", "entity_id", "before", "after", "detail"])
    for col in ("before", "after"):
        df[col] = df[col].map(_as_dict)
    return df


def count(engine: Engine, aq: AuditQuery = AuditQuery()) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(m.AuditLog).where(*_conditions(aq))) or 0


def usernames(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.scalars(select(m.AuditLog.username).distinct()))


def history(engine: Engine, entity: str, entity_id: str | int) -> pd.DataFrame:
    """Every entry about one record (e.g. one event), oldest first."""
    df = read(engine, AuditQuery(entity=entity, entity_id=str(entity_id)), limit=1000)
    return df.iloc[::-1].reset_index(drop=True)


def _as_dict(value: Any) -> dict | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {"value": value}
    return value if isinstance(value, dict) else {"value": value}


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
            show: Callable[[str, Any], str] | None = None) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field whose value differs, in a stable order;
    ``show(field, value)`` writes a value (default: as stored)."""
    show = show or (lambda _k, v: _show(v))
    before = dict(before or {})
    after = dict(after or {})
    out = []
    for key in list(before) + [k for k in after if k not in before]:
        b, a = before.get(key), after.get(key)
        if b != a:
            out.append((key, show(key, b), show(key, a)))
    return out


def summary(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, limit: int = 400, *,
            field: Callable[[str], str] | None = None, show: Callable[[str, Any], str] | None = None) -> str:
    """``field: before → after; ...`` on one line (``field: value`` for a record that was
    created or removed). ``field`` names a field and ``show(field, value)`` writes a value
    for people (the screen passes the catalogue's words; the CSV export keeps raw values)."""
    field = field or (lambda k: k)
    show = show or (lambda _k, v: _show(v))
    if before is None or after is None:
        record = after if before is None else before
        parts = [f"{field(k)}: {show(k, v)}" for k, v in (record or {}).items()]
    else:
        parts = [f"{field(k)}: {b} → {a}" for k, b, a in changes(before, after, show)]
    s = "; ".join(parts)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def display_value(name: str, value: Any, lang: str) -> str:
    """An audited value as people read it: roles, kinds, levels, statuses and yes/no in the
    chosen language, dates in its format, nothing empty shown as ``None``."""
    from dashboard.i18n import STRINGS, activity_label, format_date, format_number, level_label, status_label, t

    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return t("common.yes" if value else "common.no", lang)
    if isinstance(value, list):
        return ", ".join(display_value(name, v, lang) for v in value)
    if name == "role" and f"auth.role.{value}" in STRINGS:
        return t(f"auth.role.{value}", lang)
    if name == "activity":
        return activity_label(str(value), lang)
    if name == "status":
        return status_label(str(value), lang) or str(value)
    if name == "level":
        return level_label(str(value), lang)
    if name == "event_date" and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value[:10]), lang)
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return format_number(int(value), lang)
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    return summary(None, value) if isinstance(value, dict) else str(value)


def inert_cell(value: Any) -> Any:
    """A spreadsheet cannot run it, whatever separator it reads the file with: the one
    implementation in ``dashboard.exports`` (which ``to_csv_bytes`` applies again; doing
    it twice changes nothing)."""
    from dashboard.exports import neutralise

    return neutralise(value)


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The audit entries as downloaded: one row each, ISO times, before/after as JSON and
    the changed fields spelled out. Column names are stable (English) for other tools."""
    import pandas as pd

    out = pd.DataFrame(
        {
            "id": df["id"],
            "at_utc": df["at"].map(lambda t: t.isoformat(sep=" ", timespec="seconds") if pd.notna(t) else ""),
            "user": df["username"],
            "action": df["action"],
            "entity": df["entity"],
            "entity_id": df["entity_id"].fillna(""),
            "changes": [summary(b, a, limit=5000) for b, a in zip(df["before"], df["after"])],
            "before": df["before"].map(lambda v: "" if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)),
            "after": df["after"].map(lambda v: "" if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)),
            "detail": df["detail"].fillna(""),
        }
    )
    for col in ("user", "action", "entity", "entity_id", "changes", "before", "after", "detail"):
        out[col] = out[col].map(inert_cell)
    return out
