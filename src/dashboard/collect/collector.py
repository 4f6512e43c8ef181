"""The collector: check the registered sources that are due, find new article addresses,
fetch each page once, and hand the article to the same ingest path as an upload
(``dashboard.ingest.pipeline.ingest_items``: dedup by URL and content, extraction, events,
audit), with its source recorded on the article.

A source is checked by one collector at a time (a lease in the database) and every
address is claimed before it is fetched (see ``collect.store``). A source that fails is
recorded (last check, error, audit log) and the others go on. Sources are checked in
parallel (``source_workers``) and article pages fetched by a shared pool (``workers``);
the per-site limits of the ``Fetcher`` keep that polite.

``collect.preview`` does the same for one address without writing anything (the Sumber
tab's test button, ``dashboard sources test``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Engine

from dashboard.collect import discover, relevance, store
from dashboard.collect.fetch import Fetcher, FetchResult, Politeness
from dashboard.collect.pages import read_page
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.ingest.model import Rejection

TRANSIENT = ("timeout", "connection", "retry_after")
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.8,*/*;q=0.5"


@dataclass(frozen=True)
class Options:
    since: dt.date | None = None  # only articles published on or after this day
    max_articles: int = 100  # article pages fetched per source and check (the rest come next time)
    max_documents: int = 20  # feeds, sitemaps and listing pages read per source and check
    max_listing_pages: int = 5  # pages of a listing followed per check
    workers: int = 8  # article pages of one source fetched in parallel (at most the per-site cap)
    source_workers: int = 8  # sources checked in parallel (mostly waiting: per-site pauses)
    username: str = "collector"


@dataclass
class PageReport:
    url: str
    # stored | duplicate | skipped | rejected | failed | blocked | new (preview) |
    # taken (another collector has it) | seen (another source of this run had it)
    status: str
    code: str = ""
    reason: str = ""
    title: str | None = None
    published: dt.date | None = None
    article_id: int | None = None
    events: int = 0
    event_rows: list[dict] = field(default_factory=list)  # preview: what would be stored


@dataclass
class SourceReport:
    name: str
    url: str
    outcome: store.SourceOutcome
    pages: list[PageReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    busy: bool = False  # another collector was checking it


@dataclass
class CollectReport:
    sources: list[SourceReport] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def total(self, what: str) -> int:
        return sum(getattr(s.outcome, what) for s in self.sources if not s.busy)

    @property
    def failed_sources(self) -> list[SourceReport]:
        return [s for s in self.sources if s.outcome.status == "error"]


class SourceFailed(Exception):
    """The source's own address could not be fetched or read; ``code`` says why (the codes
    of ``FetchResult.code``, or ``not_understood``, ``busy``)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------- discovery


DocFetch = Callable[[str, str], tuple[FetchResult | None, object]]


@dataclass
class Discovery:
    candidates: list[discover.Candidate] = field(default_factory=list)
    known: list[discover.Candidate] = field(default_factory=list)  # listed, but stored or handled already
    warnings: list[str] = field(default_factory=list)
    changed: bool = False  # some document had something new (not every one answered 304)
    docs: list[tuple[object, FetchResult]] = field(default_factory=list)  # (claim, result) to finish


def discover_source(url: str, kind: str, pattern: str | None, fetch_doc: DocFetch, opts: Options,
                    is_known: Callable[[list[str]], set[str]], out: Discovery | None = None) -> Discovery:
    """Read the source's document and the ones it leads to (sitemap children, next listing
    pages), within the per-check limits, into ``out``. Raises ``SourceFailed`` when the
    source's own address fails (``out.docs`` still lists what was fetched); a failing child
    only adds a warning."""
    out = out if out is not None else Discovery()
    queue: deque[tuple[str, str, int]] = deque([(kind, url, 0)])
    seen = {url}
    listing_pages = 0
    seen_articles: set[str] = set()
    while queue and len(out.docs) < opts.max_documents:
        doc_kind, doc_url, depth = queue.popleft()
        res, claim = fetch_doc(doc_url, doc_kind)
        if res is None:
            if depth == 0:
                raise SourceFailed("busy", "another collector is reading this address now")
            continue
        out.docs.append((claim, res))
        if res.status == "not_modified":
            continue
        if not res.ok:
            msg = f"{doc_url}: {res.reason or res.code}"
            if depth == 0:
                raise SourceFailed(res.code or "http_error", res.reason or res.code)
            out.warnings.append(msg)
            continue
        out.changed = True
        real_kind = doc_kind if doc_kind in ("feed", "sitemap", "listing") else discover.sniff_kind(
            res.body, res.content_type, res.final_url)
        try:
            found = discover.parse(real_kind, res.body, res.final_url, pattern=pattern, charset=res.charset)
        except (discover.NotUnderstood, ValueError) as exc:
            if depth == 0:
                raise SourceFailed("not_understood", str(exc)) from None
            out.warnings.append(f"{doc_url}: {exc}")
            continue
        if found.warning:
            out.warnings.append(f"{doc_url}: {found.warning}")
        fresh = [c for c in found.articles if c.url not in seen_articles]
        seen_articles.update(c.url for c in fresh)
        unknown = set(c.url for c in fresh) - is_known([c.url for c in fresh]) if fresh else set()
        out.candidates.extend(c for c in fresh if c.url in unknown)
        out.known.extend(c for c in fresh if c.url not in unknown)
        for next_kind, next_url in found.documents:
            if next_url in seen:
                continue
            if next_kind == "listing":
                # the next page only while this one still had something new
                if not unknown or listing_pages + 1 >= opts.max_listing_pages:
                    continue
                listing_pages += 1
            seen.add(next_url)
            queue.append((next_kind, next_url, depth + 1))
    return out


def interleave_sites(sources: list[m.CollectSource]) -> list[m.CollectSource]:
    """Sources in an order that alternates between sites, so the sources checked at the same
    time are on different sites (and do not all wait for one site's pauses)."""
    from dashboard.collect.urls import origin

    groups: dict[str, deque] = {}
    for src in sources:
        groups.setdefault(origin(src.url), deque()).append(src)
    out: list[m.CollectSource] = []
    while groups:
        for key in list(groups):
            out.append(groups[key].popleft())
            if not groups[key]:
                del groups[key]
    return out


def choose(candidates: list[discover.Candidate], opts: Options) -> tuple[list[discover.Candidate], int]:
    """Newest first (undated ones after, in the order found), without those before
    ``since``, at most ``max_articles``; also returns how many were left for later (over
    the limit, or before ``since``: a later check without it takes them)."""
    keep = [c for c in candidates if not (opts.since and c.published and c.published < opts.since)]
    dated = sorted((c for c in keep if c.published), key=lambda c: c.published, reverse=True)
    ordered = dated + [c for c in keep if not c.published]
    return ordered[: opts.max_articles], len(candidates) - min(len(ordered), opts.max_articles)


# ---------------------------------------------------------------- the collector


class Collector:
    def __init__(self, engine: Engine, policy: Politeness | None = None, options: Options | None = None,
                 owner: str | None = None):
        self.engine = engine
        self.opts = options or Options()
        self.owner = owner or store.new_owner()
        self.fetcher = Fetcher(policy, store.DbRobotsStore(engine, self.owner))
        self.policy = self.fetcher.policy
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._mine: set[str] = set()  # article addresses this run took up

    def close(self) -> None:
        self.fetcher.close()

    def stop(self) -> None:
        """Finish the pages under way, start no new ones (SIGTERM in ``--loop``)."""
        self._stop.set()

    def run(self, sources: list[m.CollectSource]) -> CollectReport:
        report = CollectReport()
        if not sources:
            return report
        with ThreadPoolExecutor(max(1, min(self.opts.source_workers, len(sources))),
                                thread_name_prefix="collect-source") as pool:
            futures = {src.id: pool.submit(self.check_source, src) for src in interleave_sites(sources)}
            report.sources = [futures[src.id].result() for src in sources]
        report.stats = self.fetcher.stats.as_dict()
        self._record_run(report)
        return report

    # -------------------------------------------------------- one source

    def check_source(self, src: m.CollectSource) -> SourceReport:
        out = store.SourceOutcome("ok")
        rep = SourceReport(src.name, src.url, out)
        if not store.lease_source(self.engine, src.id, self.owner, seen_checked_at=src.last_checked_at):
            rep.busy = True
            out.status, out.error, out.code = "busy", "another collector is checking it or has just checked it", "busy"
            return rep
        disc = Discovery()
        try:
            discover_source(
                src.url, src.kind if src.kind != "auto" else "document", src.link_pattern,
                self._fetch_doc(src), self.opts, lambda urls: store.known_urls(self.engine, urls), disc,
            )
            rep.warnings = disc.warnings
            chosen, left = choose(disc.candidates, self.opts)
            out.found = len(disc.candidates)
            # the source's own small pool: a site that makes us wait holds up only its own pages
            n = max(1, min(self.opts.workers, self.policy.per_origin, len(chosen)))
            with ThreadPoolExecutor(n, thread_name_prefix="collect-page") as pages:
                futures: list[Future] = [pages.submit(self.collect_page, src, c) for c in chosen]
                rep.pages = [f.result() for f in futures]
            for p in rep.pages:
                if p.status == "stored":
                    out.new += 1
                elif p.status in ("duplicate", "skipped", "failed", "rejected", "blocked"):
                    setattr(out, p.status, getattr(out, p.status) + 1)
            out.status = "ok" if disc.changed or not disc.docs else "not_modified"
            problems = [f"{p.url}: {p.reason}" for p in rep.pages if p.status in ("failed", "rejected")]
            notes = disc.warnings + problems
            if notes:
                out.error = f"{len(notes)} problem(s): " + "; ".join(notes[:5])
                out.code = "page_problems"
            # a document's validators are kept only when everything it listed was handled,
            # so a 304 next time cannot hide articles left for later
            complete = left == 0 and not any(p.status in ("failed", "taken") for p in rep.pages) and not self._stop.is_set()
            self._finish_docs(disc, keep=complete)
        except SourceFailed as exc:
            out.status, out.error, out.code = "error", str(exc), exc.code
            self._finish_docs(disc, keep=False)
        except Exception as exc:  # noqa: BLE001 - one source's bug must not stop the others
            out.status, out.error, out.code = "error", f"{type(exc).__name__}: {exc}"[:1000], "internal_error"
            self._finish_docs(disc, keep=False)
        try:
            store.finish_source(self.engine, src.id, self.owner, out, username=self.opts.username)
        except Exception:  # noqa: BLE001 - the lease runs out by itself
            store.release_source(self.engine, src.id, self.owner)
            raise
        return rep

    def _fetch_doc(self, src: m.CollectSource) -> DocFetch:
        def fetch_doc(url: str, kind: str):
            claim = store.claim_page(self.engine, url, kind, src.id, self.owner)
            if claim is None:
                return None, None
            conditional = not claim.new and claim.status in ("ok", "not_modified")
            res = self.fetcher.fetch(
                url, etag=claim.etag if conditional else None,
                last_modified=claim.last_modified if conditional else None,
                max_bytes=self.policy.max_doc_bytes, accept=FEED_ACCEPT,
            )
            return res, claim

        return fetch_doc

    def _finish_docs(self, disc: Discovery, *, keep: bool) -> None:
        for claim, res in disc.docs:
            status = {"ok": "ok", "not_modified": "not_modified", "blocked": "blocked"}.get(res.status, "failed")
            store.finish_page(
                self.engine, claim, self.owner, status=status, code=res.code or None, reason=res.reason or None,
                http_status=res.http_status, etag=res.etag if keep else None,
                last_modified=res.last_modified if keep else None,
            )

    # -------------------------------------------------------- one article page

    def collect_page(self, src: m.CollectSource, cand: discover.Candidate) -> PageReport:
        from dashboard.ingest.pipeline import ingest_items

        if self._stop.is_set():
            return PageReport(cand.url, "taken", "stopped", "the collector was asked to stop")
        with self._lock:
            mine = cand.url in self._mine
            self._mine.add(cand.url)
        if mine:  # another source of this run listed it too
            return PageReport(cand.url, "seen", "same_run", "handled for another source in this run")
        claim = store.claim_page(self.engine, cand.url, "article", src.id, self.owner)
        if claim is None:
            return PageReport(cand.url, "taken", "claimed", "another collector has this address now")
        try:
            res = self.fetcher.fetch(cand.url, max_bytes=self.policy.max_page_bytes)
            verdict = self._judge(res, cand)
            if isinstance(verdict, PageReport):
                store.finish_page(self.engine, claim, self.owner, status=verdict.status, code=verdict.code,
                                  reason=verdict.reason, http_status=res.http_status, title=verdict.title)
                return verdict
            raw = verdict
            raw.collect_source_id = src.id
            raw.publisher = src.body or raw.publisher
            raw.source = f"{src.name}: {raw.url}"[-500:]
            page = PageReport(cand.url, "stored", title=raw.title, published=raw.published)

            def on_stored(session, file_report) -> None:
                item = file_report.items[0]
                page.status = {"new": "stored"}.get(item.status, item.status)
                page.article_id, page.events, page.code = item.article_id, item.events, item.code
                page.reason = "" if item.status == "new" else item.reason
                store.finish_page(session, claim, self.owner, status=page.status, code=page.code or None,
                                  reason=page.reason or None, http_status=res.http_status,
                                  title=raw.title, article_id=item.article_id)

            label = raw.url[-200:]
            fr = ingest_items(self.engine, label, [raw], username=self.opts.username, on_stored=on_stored)
            if fr.error:
                page.status, page.code, page.reason = "failed", "store_error", fr.error
                store.finish_page(self.engine, claim, self.owner, status="failed", code="store_error",
                                  reason=fr.error, http_status=res.http_status)
            return page
        except Exception as exc:  # noqa: BLE001 - a bug on one page: recorded, the others go on
            reason = f"{type(exc).__name__}: {exc}"[:500]
            store.finish_page(self.engine, claim, self.owner, status="failed", code="internal_error", reason=reason)
            return PageReport(cand.url, "failed", "internal_error", reason)

    def _judge(self, res: FetchResult, cand: discover.Candidate):
        """The article to store, or the PageReport saying why not."""
        return judge_page(res, cand, self.opts, self.policy.max_page_bytes)

    # -------------------------------------------------------- the run

    def _record_run(self, report: CollectReport) -> None:
        new = report.total("new")
        if not new and not report.failed_sources:
            return
        from dashboard import audit

        summary = {
            "new": new, "duplicate": report.total("duplicate"), "skipped": report.total("skipped"),
            "failed": report.total("failed"), "sources": len(report.sources),
            "failed_sources": [s.name for s in report.failed_sources],
        }
        with session_scope(self.engine, write=True) as s:
            run = m.IngestRun(
                username=self.opts.username, new=new, duplicate=report.total("duplicate"),
                rejected=report.total("rejected") + report.total("skipped") + report.total("failed"),
                report={"collect": summary, "sources": [
                    {"name": r.name, "status": r.outcome.status, "error": r.outcome.error, **r.outcome.counts()}
                    for r in report.sources
                ]},
                finished_at=m.utcnow(),
            )
            s.add(run)
            s.flush()
            audit.record(s, username=self.opts.username, action="collect", entity="ingest_run", entity_id=run.id,
                         after=summary, detail=", ".join(r.name for r in report.sources)[:2000])


def judge_page(res: FetchResult, cand: discover.Candidate, opts: Options, max_bytes: int):
    """What to do with a fetched article page: a ``RawArticle`` to store, or a
    ``PageReport`` (blocked, failed, rejected, skipped) saying why not."""
    if res.status == "blocked":
        return PageReport(cand.url, "blocked", res.code, res.reason, cand.title)
    if res.status != "ok":
        transient = res.code in TRANSIENT or (res.http_status or 0) >= 500 or res.http_status == 429
        return PageReport(cand.url, "failed" if transient else "rejected", res.code, res.reason, cand.title)
    raw = read_page(res, max_bytes)
    if isinstance(raw, Rejection):
        return PageReport(cand.url, "rejected", raw.code, raw.reason, cand.title)
    raw.title = raw.title or cand.title
    raw.published = raw.published or cand.published
    verdict = relevance.judge(raw.title, raw.text)
    if not verdict.relevant:
        return PageReport(cand.url, "skipped", "not_election", verdict.reason, raw.title, raw.published)
    if opts.since and raw.published and raw.published < opts.since:
        return PageReport(cand.url, "skipped", "too_old", f"published {raw.published.isoformat()}, before "
                          f"{opts.since.isoformat()}", raw.title, raw.published)
    return raw


def collect(engine: Engine, *, source: str | None = None, since: dt.date | None = None,
            policy: Politeness | None = None, options: Options | None = None, owner: str | None = None) -> CollectReport:
    """``dashboard collect``: the sources that are due (or the one named, due or not)."""
    import dataclasses

    opts = options or Options()
    if since is not None:
        opts = dataclasses.replace(opts, since=since)
    if source:
        src = store.get_source(engine, source)
        if src is None:
            raise store.SourceError("no_such_source", f"there is no source named {source!r}")
        sources = [src]
    else:
        sources = store.due_sources(engine)
    collector = Collector(engine, policy, opts, owner)
    try:
        return collector.run(sources)
    finally:
        collector.close()
