"""A polite HTTP client for the collector (httpx underneath).

What makes it polite, each rule a field of :class:`Politeness` and each tested:

* robots.txt is read (protego) before any other address of a site is asked for, kept for a
  day, refreshed with a conditional request; a site whose robots.txt answers with a server
  error is not crawled at all until it answers (RFC 9309), a missing one (4xx) allows all;
* one site (scheme://host:port) gets a new request at most every ``min_interval`` seconds
  (longer when its robots.txt asks for a ``Crawl-delay`` or ``Request-rate``, up to
  ``max_crawl_delay``) and at most ``per_origin`` requests at a time;
* a descriptive user agent with a contact, and the product token robots.txt rules name;
* conditional requests (``If-None-Match`` / ``If-Modified-Since``) when an ETag or a
  Last-Modified is known; 304 means nothing changed;
* timeouts: to connect, between bytes, and for the whole response (a page that trickles
  in forever is cut off);
* retries with exponential backoff on connection errors, timeouts, 429 and 5xx answers,
  honouring ``Retry-After`` up to ``backoff_max``;
* a size limit, checked against Content-Length first, then while reading (after gzip
  decoding, so a compressed bomb is stopped too);
* redirects followed by hand: at most ``max_redirects``, only to http(s), a loop is an
  error, and every hop is checked against robots.txt again.

No Streamlit, no database: robots.txt records are kept by a :class:`RobotsStore` the caller
gives (the collector's keeps them in the database, ``sources test`` in memory).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx
from protego import Protego

from dashboard.collect.robots import (
    ALLOW_ALL,
    DISALLOW_ALL,
    MemoryRobotsStore,
    RobotsRecord,
    RobotsStore,
    parse_robots,
)
from dashboard.collect.urls import SCHEMES, canonical_url, origin

__all__ = ["Fetcher", "FetchResult", "MemoryRobotsStore", "Politeness", "RobotsRecord", "RobotsStore", "Stats"]

MiB = 1024 * 1024
PRODUCT = "DasborPemilihan"
VERSION = "0.1"
REDIRECTS = (301, 302, 303, 307, 308)
RETRY_STATUS = (429, 500, 502, 503, 504)
ROBOTS_MAX_BYTES = 500 * 1024  # what Google reads of a robots.txt (RFC 9309 asks for at least 500 KiB)


def default_user_agent() -> str:
    """``DasborPemilihan/0.1 (+CONTACT; election-preparedness dashboard)``. The contact
    (a web page or an e-mail address of whoever runs the dashboard) comes from
    ``DASHBOARD_COLLECT_CONTACT``; ``DASHBOARD_COLLECT_USER_AGENT`` replaces the whole string."""
    whole = os.environ.get("DASHBOARD_COLLECT_USER_AGENT", "").strip()
    if whole:
        return whole
    contact = os.environ.get("DASHBOARD_COLLECT_CONTACT", "").strip()
    about = "election-preparedness dashboard; collects public news releases"
    return f"{PRODUCT}/{VERSION} ({'+' + contact + '; ' if contact else ''}{about})"


@dataclass(frozen=True)
class Politeness:
    user_agent: str = field(default_factory=default_user_agent)
    robots_token: str = PRODUCT  # the name robots.txt groups are matched against
    min_interval: float = 1.0  # seconds between two requests to one site
    per_origin: int = 2  # requests in flight to one site
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two pieces of the answer
    total_timeout: float = 60.0  # the whole answer, however slowly it comes
    retries: int = 2  # further attempts after the first
    backoff: float = 2.0  # first wait before a retry; doubles each time
    backoff_max: float = 60.0  # longest wait (a longer Retry-After is an error)
    max_page_bytes: int = 5 * MiB  # an article page
    max_doc_bytes: int = 20 * MiB  # a feed, sitemap or listing page
    max_redirects: int = 5
    max_crawl_delay: float = 30.0  # a larger Crawl-delay is capped here
    robots_ttl_hours: float = 24.0
    obey_robots: bool = True
    trust_env: bool = True  # use HTTP(S)_PROXY from the environment

    @classmethod
    def from_env(cls) -> Politeness:
        """The defaults, with ``DASHBOARD_COLLECT_INTERVAL`` (seconds between two requests to
        one site) and ``DASHBOARD_COLLECT_PER_SITE`` (requests at once to one site) if set."""
        kw: dict = {}
        for var, key, kind in (("DASHBOARD_COLLECT_INTERVAL", "min_interval", float),
                               ("DASHBOARD_COLLECT_PER_SITE", "per_origin", int)):
            raw = os.environ.get(var, "").strip()
            if raw:
                try:
                    kw[key] = max(0, kind(raw))
                except ValueError:
                    pass
        return cls(**kw)

    def off(self) -> Politeness:
        """The same without the rate limit and the per-site cap (benchmarks only; robots.txt
        is still obeyed)."""
        return dataclasses.replace(self, min_interval=0.0, per_origin=64, max_crawl_delay=0.0)


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: str  # ok | not_modified | blocked | error
    http_status: int | None = None
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    code: str = ""  # why not ok: robots, timeout, too_large, redirect_loop, too_many_redirects,
    #                 bad_redirect, http_error, connection, retry_after
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class Stats:
    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    retries: int = 0
    robots_requests: int = 0
    bytes: int = 0
    errors: int = 0

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class _Stop(Exception):
    def __init__(self, code: str, reason: str, http_status: int | None = None):
        super().__init__(reason)
        self.code, self.reason, self.http_status = code, reason, http_status


class _Gate:
    """One site: at most ``per_origin`` requests at once, starts ``interval`` apart."""

    def __init__(self, per_origin: int):
        self.sem = threading.BoundedSemaphore(max(1, per_origin))
        self.lock = threading.Lock()
        self.next_at = 0.0

    @contextmanager
    def slot(self, interval: float) -> Iterator[None]:
        self.sem.acquire()
        try:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_at)
                self.next_at = start + interval
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            self.sem.release()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        k, _, v = part.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            return v.strip().strip("\"'").lower()
    return None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


class Fetcher:
    """Thread-safe: the collector's worker threads share one."""

    def __init__(self, policy: Politeness | None = None, robots_store: RobotsStore | None = None):
        self.policy = policy or Politeness.from_env()
        self.robots_store = robots_store or MemoryRobotsStore()
        p = self.policy
        self.client = httpx.Client(
            headers={
                "User-Agent": p.user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept-Language": "id, en;q=0.5",
            },
            timeout=httpx.Timeout(connect=p.connect_timeout, read=p.read_timeout, write=p.read_timeout,
                                  pool=p.total_timeout),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            trust_env=p.trust_env,
        )
        self.stats = Stats()
        self._stats_lock = threading.Lock()
        self._gates: dict[str, _Gate] = {}
        self._robots: dict[str, object] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _count(self, **inc: int) -> None:
        with self._stats_lock:
            for k, v in inc.items():
                setattr(self.stats, k, getattr(self.stats, k) + v)

    # ------------------------------------------------------------ robots.txt

    def _robots_lock(self, site: str) -> threading.Lock:
        with self._lock:
            return self._robots_locks.setdefault(site, threading.Lock())

    def robots(self, site: str) -> object:
        """The parsed robots.txt of ``site`` (or the allow-all / disallow-all markers)."""
        with self._robots_lock(site):
            cached = self._robots.get(site)
            if cached is not None:
                return cached
            rec = self.robots_store.load(site)
            if not self._robots_fresh(rec):
                begin = getattr(self.robots_store, "begin_refresh", None)
                if begin is not None and not begin(site):
                    rec = self._wait_for_robots(site, rec)  # another collector is reading it now
                else:
                    # another collector may have refreshed it between the look above and the
                    # claim (its claim ended when it saved): read it again before fetching
                    again = self.robots_store.load(site) if begin is not None else None
                    if self._robots_fresh(again):
                        self.robots_store.end_refresh(site)
                        rec = again
                    else:
                        rec = self._fetch_robots(site, rec)
            parsed = parse_robots(rec)
            self._robots[site] = parsed
            return parsed

    def _robots_fresh(self, rec: RobotsRecord | None) -> bool:
        return rec is not None and rec.fetched_at is not None and rec.status != 0 and not (500 <= rec.status) \
            and utcnow() - rec.fetched_at < dt.timedelta(hours=self.policy.robots_ttl_hours)

    def _fetch_robots(self, site: str, old: RobotsRecord | None) -> RobotsRecord:
        self._count(robots_requests=1)
        res = self.fetch(
            site + "/robots.txt", etag=old.etag if old and old.text is not None else None,
            last_modified=old.last_modified if old and old.text is not None else None,
            max_bytes=ROBOTS_MAX_BYTES, check_robots=False, truncate=True,
        )
        if res.status == "not_modified" and old is not None:
            rec = dataclasses.replace(old, fetched_at=utcnow())
        elif res.ok:
            rec = RobotsRecord(res.http_status or 200, res.body.decode("utf-8", "replace"), res.etag,
                               res.last_modified, utcnow())
        else:
            rec = RobotsRecord(res.http_status or 0, None, None, None, utcnow())
        self.robots_store.save(site, rec)
        return rec

    def _wait_for_robots(self, site: str, old: RobotsRecord | None) -> RobotsRecord:
        deadline = time.monotonic() + self.policy.connect_timeout + self.policy.total_timeout
        while time.monotonic() < deadline:
            time.sleep(0.1)
            rec = self.robots_store.load(site)
            if rec is not None and rec.fetched_at is not None and (
                old is None or old.fetched_at is None or rec.fetched_at > old.fetched_at
            ):
                return rec
        return RobotsRecord(0, None)  # not saved: the site is left alone for this run

    def allowed(self, url: str) -> tuple[bool, str]:
        if not self.policy.obey_robots:
            return True, ""
        rules = self.robots(origin(url))
        if rules is ALLOW_ALL:
            return True, ""
        if rules is DISALLOW_ALL:
            return False, "robots.txt of the site could not be read (server error or unreachable): not crawled"
        assert isinstance(rules, Protego)
        if rules.can_fetch(url, self.policy.robots_token):
            return True, ""
        return False, "robots.txt of the site forbids this address"

    def interval(self, site: str) -> float:
        """Seconds between two requests to ``site``: the policy's, or longer if robots.txt asks."""
        base = self.policy.min_interval
        rules = self._robots.get(site)
        if isinstance(rules, Protego) and self.policy.max_crawl_delay > 0:
            delay = rules.crawl_delay(self.policy.robots_token) or 0.0
            rate = rules.request_rate(self.policy.robots_token)
            if rate is not None and rate.requests:
                delay = max(delay, rate.seconds / rate.requests)
            base = max(base, min(float(delay), self.policy.max_crawl_delay))
        return base

    def _gate(self, site: str) -> _Gate:
        with self._lock:
            gate = self._gates.get(site)
            if gate is None:
                gate = self._gates[site] = _Gate(self.policy.per_origin)
            return gate

    # ------------------------------------------------------------ fetching

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        accept: str | None = None,
        check_robots: bool = True,
        truncate: bool = False,
    ) -> FetchResult:
        """GET ``url`` politely. Never raises for network or HTTP trouble: the result says
        what happened (``status`` and ``code``). ``truncate`` keeps the first ``max_bytes``
        of a larger answer instead of refusing it (robots.txt)."""
        p = self.policy
        limit = max_bytes or p.max_page_bytes
        current = url
        seen = {canonical_url(url) or url}
        for _hop in range(p.max_redirects + 1):
            if check_robots:
                ok, why = self.allowed(current)
                if not ok:
                    return FetchResult(url, current, "blocked", code="robots", reason=why)
            headers = {"Accept": accept or "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            try:
                status, resp_headers, body = self._request(current, headers, limit, truncate)
            except _Stop as stop:
                self._count(errors=1)
                return FetchResult(url, current, "error", stop.http_status, code=stop.code, reason=stop.reason)
            if status in REDIRECTS:
                location = resp_headers.get("location")
                if not location:
                    return FetchResult(url, current, "error", status, code="bad_redirect",
                                       reason=f"HTTP {status} without a Location header")
                nxt = urljoin(current, location.strip())
                if nxt.split(":", 1)[0].lower() not in SCHEMES:
                    return FetchResult(url, current, "error", status, code="bad_redirect",
                                       reason="a redirect to an address that is not http(s) was not followed")
                key = canonical_url(nxt) or nxt
                if key in seen:
                    return FetchResult(url, current, "error", status, code="redirect_loop",
                                       reason="the site redirects in a loop")
                seen.add(key)
                current = nxt
                continue
            ctype = resp_headers.get("content-type", "")
            result = FetchResult(
                url, current, "ok", status, body, ctype.split(";")[0].strip().lower(), _charset(ctype),
                resp_headers.get("etag"), resp_headers.get("last-modified"),
            )
            if status == 304:
                self._count(not_modified=1)
                result.status, result.body = "not_modified", b""
                result.etag, result.last_modified = result.etag or etag, result.last_modified or last_modified
                return result
            if not 200 <= status < 300:
                self._count(errors=1)
                result.status, result.body, result.code = "error", b"", "http_error"
                result.reason = f"the site answered HTTP {status}"
                return result
            return result
        return FetchResult(url, current, "error", code="too_many_redirects",
                           reason=f"more than {p.max_redirects} redirects")

    def _request(self, url: str, headers: dict, limit: int, truncate: bool) -> tuple[int, httpx.Headers, bytes]:
        """One GET with retries; returns (status, headers, body). The body is read only for
        2xx answers. Raises ``_Stop`` when no attempt succeeded."""
        p = self.policy
        site = origin(url)
        gate = self._gate(site)
        last: _Stop | None = None
        for attempt in range(p.retries + 1):
            wait = None
            with gate.slot(self.interval(site)):
                self._count(requests=1, conditional=int("If-None-Match" in headers or "If-Modified-Since" in headers))
                try:
                    status, resp_headers, body, wait = self._once(url, headers, limit, truncate)
                    if wait is None:
                        return status, resp_headers, body
                    last = _Stop("http_error", f"the site answered HTTP {status}", status)
                except httpx.TimeoutException:
                    last = _Stop("timeout", "the site did not answer in time")
                except httpx.TransportError as exc:
                    last = _Stop("connection", f"could not connect: {type(exc).__name__}")
            if attempt == p.retries:
                break
            # the backoff, or longer if the site asks for it (Retry-After)
            wait = max(p.backoff * (2 ** attempt), wait if wait is not None else 0.0)
            if wait > p.backoff_max:
                raise _Stop("retry_after", f"the site asks to wait {wait:.0f} s before asking again",
                            last.http_status if last else None)
            self._count(retries=1)
            time.sleep(wait * random.uniform(1.0, 1.1))
        assert last is not None
        raise last

    def _once(self, url: str, headers: dict, limit: int, truncate: bool):
        """(status, headers, body, wait): ``wait`` is None when the answer is final, else
        the seconds to wait before a retry (-1: use the backoff)."""
        p = self.policy
        deadline = time.monotonic() + p.total_timeout
        with self.client.stream("GET", url, headers=headers) as resp:
            status = resp.status_code
            if status in RETRY_STATUS:
                after = _retry_after(resp.headers.get("retry-after"))
                return status, resp.headers, b"", after if after is not None else -1
            if not 200 <= status < 300:
                return status, resp.headers, b"", None
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit and not truncate:
                raise _Stop("too_large", f"the page is {int(declared) / MiB:.1f} MB, more than the limit of "
                            f"{limit / MiB:.1f} MB", status)
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                self._count(bytes=len(chunk))
                if size > limit:
                    if truncate:
                        chunks.append(chunk[: len(chunk) - (size - limit)])
                        break
                    raise _Stop("too_large", f"the page is larger than the limit of {limit / MiB:.1f} MB", status)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _Stop("timeout", f"the page took longer than {p.total_timeout:.0f} s to arrive", status)
            return status, resp.headers, b"".join(chunks), None
