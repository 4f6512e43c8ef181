"""From a fetched article page to a ``RawArticle``: the page is read by the project's own
HTML reader (``dashboard.ingest.readers``, trafilatura underneath), exactly as an uploaded
``.html`` file is, after the HTTP charset has been applied."""

from __future__ import annotations

import codecs

from dashboard.collect.fetch import FetchResult
from dashboard.collect.urls import canonical_url, same_site
from dashboard.ingest.model import RawArticle, Rejection
from dashboard.ingest.readers import read_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml", "")


def _as_utf8(body: bytes, charset: str | None) -> bytes:
    """Bytes the reader decodes right: a page that is not UTF-8 but says its charset in the
    HTTP header (and perhaps nowhere else) is re-encoded as UTF-8."""
    if not charset:
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return body
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = "cp1252"  # what browsers do for these labels (WHATWG Encoding)
    try:
        return body.decode(name).encode("utf-8")
    except UnicodeDecodeError:
        return body


def read_page(res: FetchResult, max_bytes: int) -> RawArticle | Rejection:
    """The article in a fetched page, or why there is none. ``url`` is the page's canonical
    address when it names one on the same site, else the address it was fetched from."""
    if res.content_type not in HTML_TYPES:
        return Rejection(res.final_url, f"not a web page ({res.content_type})", "not_html")
    data = _as_utf8(res.body, res.charset)
    item = next(iter(read_bytes("page.html", data, max_bytes=max_bytes)), None)
    if item is None:
        return Rejection(res.final_url, "no article text was found in the page", "no_text")
    if isinstance(item, Rejection):
        return item
    fetched = canonical_url(res.final_url) or res.final_url
    declared = canonical_url(item.url, res.final_url) if item.url else None
    item.url = declared if declared and same_site(declared, fetched) else fetched
    return item
