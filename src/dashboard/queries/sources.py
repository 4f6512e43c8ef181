"""Queries of the collector's sources (Sumber tab, ``dashboard sources list``): each source
with its last check and what it brought, counted in the database."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, select

from dashboard.db import models as m
from dashboard.queries.core import _df

S = m.CollectSource.__table__
P = m.CollectPage.__table__
A = m.Article.__table__
R = m.Region.__table__

COLUMNS = [
    "id", "name", "url", "kind", "link_pattern", "body", "region_code", "region_name", "every_hours", "active",
    "last_checked_at", "last_ok_at", "last_status", "last_error", "last_error_code", "last_found", "last_new", "lease_owner",
    "articles", "duplicate", "skipped", "failed", "blocked",
]


def source_table(engine: Engine) -> pd.DataFrame:
    """One row per source: its settings, last check, articles stored from it, and its
    pages that were duplicates, skipped (not about an election, too old), failed or
    forbidden by robots.txt."""
    articles = (
        select(A.c.collect_source_id.label("sid"), func.count().label("n"))
        .where(A.c.collect_source_id.is_not(None))
        .group_by(A.c.collect_source_id)
        .subquery("arts")
    )

    def n(*statuses: str):
        return func.coalesce(func.sum(case((P.c.status.in_(statuses), 1), else_=0)), 0)

    pages = (
        select(
            P.c.source_id.label("sid"),
            n("duplicate").label("duplicate"),
            n("skipped").label("skipped"),
            n("failed", "rejected").label("failed"),
            n("blocked").label("blocked"),
        )
        .where(P.c.role == "article", P.c.source_id.is_not(None))
        .group_by(P.c.source_id)
        .subquery("pages")
    )
    stmt = (
        select(
            S.c.id, S.c.name, S.c.url, S.c.kind, S.c.link_pattern, S.c.body, S.c.region_code,
            R.c.name.label("region_name"), S.c.every_hours, S.c.active, S.c.last_checked_at, S.c.last_ok_at,
            S.c.last_status, S.c.last_error, S.c.last_error_code, S.c.last_found, S.c.last_new, S.c.lease_owner,
            func.coalesce(articles.c.n, 0).label("articles"),
            func.coalesce(pages.c.duplicate, 0).label("duplicate"),
            func.coalesce(pages.c.skipped, 0).label("skipped"),
            func.coalesce(pages.c.failed, 0).label("failed"),
            func.coalesce(pages.c.blocked, 0).label("blocked"),
        )
        .select_from(
            S.outerjoin(R, R.c.code == S.c.region_code)
            .outerjoin(articles, articles.c.sid == S.c.id)
            .outerjoin(pages, pages.c.sid == S.c.id)
        )
        .order_by(S.c.name)
    )
    df = _df(engine, stmt)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    for col in ("articles", "duplicate", "skipped", "failed", "blocked", "last_found", "last_new"):
        df[col] = df[col].astype(int)
    return df


def source_pages(engine: Engine, source_id: int, limit: int = 200) -> pd.DataFrame:
    """The latest article pages of a source and what became of each."""
    stmt = (
        select(P.c.url, P.c.status, P.c.code, P.c.reason, P.c.title, P.c.http_status, P.c.fetched_at, P.c.article_id)
        .where(P.c.source_id == int(source_id), P.c.role == "article")
        .order_by(P.c.fetched_at.desc().nulls_last(), P.c.id.desc())
        .limit(max(1, int(limit)))
    )
    return _df(engine, stmt)
