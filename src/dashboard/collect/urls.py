"""Canonical URLs: one spelling per page, so the same article reached through a feed, a
sitemap and a listing page (with tracking parameters, another letter case in the host, a
default port, a fragment) is fetched and stored once.

``w3lib.url.canonicalize_url`` (Scrapy's) does the query ordering and percent-encoding;
this module adds what it leaves: only http(s), a lower-case host without a default port,
no tracking parameters, no fragment.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

MAX_URL = 2000
SCHEMES = ("http", "https")
_DEFAULT_PORT = {"http": 80, "https": 443}
# Parameters that only say where a reader came from; never part of an article's address.
TRACKING_PARAMS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id", "utm_name",
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "ref_src",
    "amp_js_v", "amp_gsa", "usqp",
)
_TAB_NEWLINE = re.compile(r"[\t\n\r]")  # removed from URLs (WHATWG URL parsing)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``), or None when it is not an
    http(s) address with a host."""
    if not url or not isinstance(url, str):
        return None
    url = _TAB_NEWLINE.sub("", url.strip())  # addresses in feeds come wrapped and indented
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORT[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    cleaned = urlunsplit((scheme, netloc, path, parts.query, ""))
    if parts.query:
        cleaned = url_query_cleaner(cleaned, TRACKING_PARAMS, remove=True, unique=False)
    out = canonicalize_url(cleaned, keep_fragments=False)
    return out if len(out) <= MAX_URL else None


def url_key(url: str) -> str:
    """The key a URL is stored (and locked) under: SHA-256 of its canonical form."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def origin(url: str) -> str:
    """``scheme://host[:port]``: the unit of robots.txt and of the per-host limits."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def same_site(a: str, b: str) -> bool:
    """Same host, or one a subdomain of the other (``www.`` and bare host are one site)."""
    ha, hb = host_of(a).removeprefix("www."), host_of(b).removeprefix("www.")
    return bool(ha) and (ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha))
