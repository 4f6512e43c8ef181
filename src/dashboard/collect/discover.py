"""Finding article addresses in what a source serves: a feed (RSS/Atom, feedparser), a
sitemap or sitemap index (ultimate-sitemap-parser, parsing the text we fetched: it never
fetches anything itself here), or a listing page (lxml) with the pattern its article links
follow and links to further pages.

Each parser takes bytes and the address they came from and returns a :class:`Found`:
candidate articles (canonical URL, title and date when the document gives them) and
further documents to read (a sitemap index's children, a listing's next pages). No
network, no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import io
import logging
import re
from dataclasses import dataclass, field

from dashboard.collect.urls import canonical_url, same_site

MAX_CANDIDATES = 50_000  # per document: a sitemap holds at most 50,000 addresses


@dataclass
class Candidate:
    url: str  # canonical
    title: str | None = None
    published: dt.date | None = None


@dataclass
class Found:
    kind: str  # feed | sitemap | listing
    articles: list[Candidate] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (kind, canonical URL) to read next
    warning: str = ""  # e.g. a feed whose XML is broken but partly readable


class NotUnderstood(ValueError):
    """The document is not a feed, sitemap or HTML page (or nothing could be read from it)."""


# ---------------------------------------------------------------- kind

_XML_ROOT = re.compile(rb"<(?:[a-zA-Z0-9_-]+:)?(rss|feed|RDF|urlset|sitemapindex|html)\b", re.IGNORECASE)


def sniff_kind(body: bytes, content_type: str = "", url: str = "") -> str:
    """feed | sitemap | listing, from the document's root element (the content type and the
    address only break ties)."""
    head = body[:4096].lstrip()
    m = _XML_ROOT.search(head)
    if m:
        root = m.group(1).lower().decode()
        if root in ("rss", "feed", "rdf"):
            return "feed"
        if root in ("urlset", "sitemapindex"):
            return "sitemap"
        return "listing"
    if "html" in content_type:
        return "listing"
    if "xml" in content_type or "rss" in content_type or "atom" in content_type:
        return "feed" if ("rss" in content_type or "atom" in content_type or "feed" in url) else "sitemap"
    if url.endswith((".txt", ".xml", ".xml.gz")) and b"<" not in head[:1]:
        return "sitemap"  # a plain-text sitemap: one address a line
    return "listing"


def gunzip(body: bytes, limit: int) -> bytes:
    """A ``.xml.gz`` sitemap (gzip as the file, not as the transfer), at most ``limit`` bytes."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
        out = f.read(limit + 1)
    if len(out) > limit:
        raise NotUnderstood(f"the compressed sitemap unpacks to more than {limit // (1024 * 1024)} MB")
    return out


# ---------------------------------------------------------------- feeds


def _struct_date(st) -> dt.date | None:
    if not st:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(st), dt.timezone.utc).date()
    except (OverflowError, ValueError, TypeError):
        return None


def parse_feed(body: bytes, base: str) -> Found:
    """RSS 0.9x/1.0/2.0 and Atom. Broken XML is read as far as feedparser can (its lenient
    parser) and reported as a warning; nothing readable at all is an error."""
    import feedparser

    # a stream, never the bytes: feedparser fetches a string that looks like an address
    parsed = feedparser.parse(io.BytesIO(body), resolve_relative_uris=False, sanitize_html=False)
    found = Found("feed")
    for entry in parsed.entries[:MAX_CANDIDATES]:
        link = entry.get("link")
        if not link:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    link = alt["href"]
                    break
        url = canonical_url(link, base)
        if url:
            date = _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
            found.articles.append(Candidate(url, (entry.get("title") or "").strip()[:500] or None, date))
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        msg = f"the feed is not well-formed XML ({type(exc).__name__}: {str(exc)[:120]})"
        if not found.articles:
            raise NotUnderstood(msg + "; no article could be read from it")
        found.warning = msg + f"; {len(found.articles)} articles read anyway"
    elif not parsed.get("version") and not found.articles:
        raise NotUnderstood("this is not an RSS or Atom feed")
    return found


# ---------------------------------------------------------------- sitemaps

_usp_quiet = False


def parse_sitemap(body: bytes, base: str) -> Found:
    """An XML sitemap (``urlset``), a sitemap index (``sitemapindex``: its children become
    documents to read), or a plain-text sitemap. Parsed by ultimate-sitemap-parser from the
    text we fetched (DOCTYPE and entities refused; a truncated file read as far as it goes)."""
    global _usp_quiet
    from usp.objects.sitemap import IndexXMLSitemap, InvalidSitemap
    from usp.tree import sitemap_from_str

    if not _usp_quiet:  # it logs each unparsable sitemap at ERROR; we report it ourselves
        logging.getLogger("usp").setLevel(logging.CRITICAL)
        _usp_quiet = True
    text = body.decode("utf-8", "replace")
    tree = sitemap_from_str(text)
    found = Found("sitemap")
    if isinstance(tree, InvalidSitemap):
        raise NotUnderstood(f"this is not a sitemap ({tree.reason[:160]})")
    if isinstance(tree, IndexXMLSitemap):
        for child in tree.sub_sitemaps:
            url = canonical_url(child.url, base)
            if url:
                found.documents.append(("sitemap", url))
        return found
    for page in tree.all_pages():
        if len(found.articles) >= MAX_CANDIDATES:
            break
        url = canonical_url(page.url, base)
        if not url:
            continue
        title = page.news_story.title if page.news_story is not None else None
        when = page.news_story.publish_date if page.news_story is not None else None
        when = when or page.last_modified
        found.articles.append(Candidate(url, title, when.date() if isinstance(when, dt.datetime) else None))
    return found


# ---------------------------------------------------------------- listing pages

# What a link to a further page of a listing looks like: rel="next", or its text, or its address.
_NEXT_TEXT = re.compile(r"^\s*(?:selanjutnya|berikutnya|next|lanjut|older posts?|berita lama|»|›|>>?)\s*[»›>]*\s*$",
                        re.IGNORECASE)
_PAGE_URL = re.compile(r"(?:/page/\d+/?$|[?&](?:page|halaman|hal|paged|p)=\d+\b|/halaman/\d+/?$)", re.IGNORECASE)
# Without a pattern, an address that looks like an article: a date in the path, or a long slug.
_ARTICLE_GUESS = re.compile(
    r"/(?:19|20)\d\d/\d{1,2}/|/(?:berita|news|artikel|read|post|posts|detail|siaran-pers|rilis)/[^/?#]*[a-z]"
    r"|/[a-z0-9]+(?:-[a-z0-9]+){3,}/?(?:\.html?)?$",
    re.IGNORECASE,
)
_NOT_ARTICLE = re.compile(
    r"/(?:tag|tags|category|kategori|author|penulis|search|cari|feed|wp-login|wp-admin|login|page)/|"
    r"\.(?:jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|zip|rar|mp[34]|css|js)(?:$|\?)",
    re.IGNORECASE,
)


def compile_pattern(pattern: str | None) -> re.Pattern | None:
    """The article-link pattern of a listing source (a regular expression searched in each
    link's absolute address). Raises ``ValueError`` with a message when it is invalid."""
    if not pattern:
        return None
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"the article-link pattern is not a valid regular expression: {exc}") from None


def parse_listing(body: bytes, base: str, pattern: str | re.Pattern | None = None,
                  charset: str | None = None) -> Found:
    """Article links (those matching ``pattern``, or looking like articles when there is
    none) on the same site, in page order, and the next pages of the listing."""
    import lxml.html

    rx = compile_pattern(pattern) if isinstance(pattern, str) else pattern
    try:
        doc = lxml.html.document_fromstring(body, parser=lxml.html.HTMLParser(encoding=charset) if charset else None)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise NotUnderstood(f"the page could not be read as HTML ({exc})") from None
    found = Found("listing")
    seen: dict[str, Candidate] = {}
    for base_el in doc.xpath("//base[@href]/@href")[:1]:
        base = canonical_url(str(base_el), base) or base
    page_canon = canonical_url(base)
    next_pages: list[str] = []
    for a in doc.iter("a", "link"):
        href = a.get("href")
        url = canonical_url(href, base) if href else None
        if not url or url == page_canon or not same_site(url, base):
            continue
        rel = (a.get("rel") or "").lower().split()
        text = a.text_content() if a.tag == "a" else ""
        if "next" in rel or (_PAGE_URL.search(url) and _NEXT_TEXT.match(text or "")):
            if url not in next_pages:
                next_pages.append(url)
            continue
        if a.tag != "a":
            continue
        title = " ".join((text or "").split())[:500] or None
        if url in seen:  # an image link first, the headline link after it
            seen[url].title = seen[url].title or title
            continue
        if rx is not None:
            if not rx.search(url):
                continue
        elif _NOT_ARTICLE.search(url) or _PAGE_URL.search(url) or not _ARTICLE_GUESS.search(url):
            continue
        seen[url] = Candidate(url, title)
        found.articles.append(seen[url])
        if len(found.articles) >= MAX_CANDIDATES:
            break
    found.documents = [("listing", u) for u in next_pages[:1]]  # the next page, one at a time
    return found


def parse(kind: str, body: bytes, base: str, *, pattern: str | None = None, charset: str | None = None,
          limit: int = 20 * 1024 * 1024) -> Found:
    if kind == "feed":
        return parse_feed(body, base)
    if kind == "sitemap":
        return parse_sitemap(gunzip(body, limit), base)
    return parse_listing(body, base, pattern, charset)
