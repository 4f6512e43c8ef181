"""What collecting an address would do now, without writing anything: the Sumber tab's
test button and ``dashboard sources test``. Discovery, fetching and reading are the
collector's own; nothing is stored (no article, no page record, no ETag, robots.txt kept in
memory), so the real collection later sees everything."""

from __future__ import annotations

from sqlalchemy import Engine, select

from dashboard.collect import store
from dashboard.collect.collector import (
    FEED_ACCEPT,
    Options,
    PageReport,
    SourceFailed,
    SourceReport,
    choose,
    discover_source,
    judge_page,
)
from dashboard.collect.fetch import Fetcher, MemoryRobotsStore, Politeness
from dashboard.collect.urls import canonical_url
from dashboard.db import models as m
from dashboard.db.engine import session_scope


def preview(engine: Engine, url: str, *, kind: str = "auto", pattern: str | None = None, limit: int = 5,
            policy: Politeness | None = None, options: Options | None = None) -> SourceReport:
    """What collecting ``url`` would do now, without writing anything: no article, no page
    record, no ETag (so the real collection later sees everything), robots.txt kept in memory.
    At most ``limit`` new article pages are fetched and run through extraction."""
    from dashboard.extract import extract_events
    from dashboard.ingest.pipeline import content_hash, normalise_text

    opts = options or Options(max_articles=limit, max_listing_pages=2, max_documents=5)
    canon = canonical_url(url)
    out = store.SourceOutcome("ok")
    rep = SourceReport("", url, out)
    if not canon:
        out.status, out.error, out.code = "error", "the address must be a complete http:// or https:// address", "bad_url"
        return rep
    with Fetcher(policy, MemoryRobotsStore()) as fetcher:
        def fetch_doc(doc_url: str, _kind: str):
            return fetcher.fetch(doc_url, max_bytes=fetcher.policy.max_doc_bytes, accept=FEED_ACCEPT), None

        try:
            disc = discover_source(canon, kind if kind != "auto" else "document", pattern, fetch_doc, opts,
                                   lambda urls: store.known_urls(engine, urls))
        except SourceFailed as exc:
            out.status, out.error, out.code = "error", str(exc), exc.code
            return rep
        except ValueError as exc:  # an invalid link pattern
            out.status, out.error, out.code = "error", str(exc), "bad_pattern"
            return rep
        rep.warnings = disc.warnings
        chosen, _left = choose(disc.candidates, opts)
        out.found = len(disc.candidates)
        for cand in chosen[:limit]:
            res = fetcher.fetch(cand.url, max_bytes=fetcher.policy.max_page_bytes)
            verdict = judge_page(res, cand, opts, fetcher.policy.max_page_bytes)
            if isinstance(verdict, PageReport):
                rep.pages.append(verdict)
                continue
            text = normalise_text(verdict.text)
            with session_scope(engine) as s:
                dup = s.scalar(select(m.Article.id).where(
                    (m.Article.content_hash == content_hash(text)) | (m.Article.url == verdict.url)).limit(1))
            if dup is not None:
                rep.pages.append(PageReport(cand.url, "duplicate", "duplicate", "already stored", verdict.title,
                                            verdict.published, article_id=dup))
                continue
            events = extract_events(text, title=verdict.title, published=verdict.published, url=verdict.url,
                                    publisher=verdict.publisher)
            rows = [{"date": e.event_date, "activity": e.activity, "location": e.location,
                     "agencies": [a.agency for a in e.agencies], "regions": [r.code for r in e.regions if r.code]}
                    for e in events]
            rep.pages.append(PageReport(cand.url, "new", title=verdict.title, published=verdict.published,
                                        events=len(rows), event_rows=rows))
        # what the source lists that was collected (or handled) before: shown, not fetched
        for cand in disc.known[: max(0, limit - len(rep.pages))]:
            rep.pages.append(PageReport(cand.url, "known", "known", "collected before: not fetched again",
                                        cand.title, cand.published))
        out.new = sum(p.status == "new" for p in rep.pages)
        out.skipped = sum(p.status == "skipped" for p in rep.pages)
        out.duplicate = sum(p.status == "duplicate" for p in rep.pages)
        out.failed = sum(p.status in ("failed", "rejected", "blocked") for p in rep.pages)
        out.requests = fetcher.stats.requests
    return rep
