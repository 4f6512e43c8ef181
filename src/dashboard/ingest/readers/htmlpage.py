"""Saved web pages: main text through trafilatura; scripts and attributes never become text."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from dashboard.ingest.model import RawArticle
from dashboard.ingest.readers.base import NO_TEXT, TOO_LARGE, Limits, Result, _mb, _Reject
from dashboard.ingest.readers.cleaning import _BAD_CHARS, clean_line, clean_text, clean_url
from dashboard.ingest.readers.dates import parse_date

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CANONICAL_XPATH = (
    '//link[contains(concat(" ", normalize-space(translate(@rel, "CANONICAL", "canonical")), " "), " canonical ")]'
)
_OG_URL_XPATH = '//meta[@property="og:url" or @name="og:url" or @name="twitter:url" or @property="twitter:url"]'


def _read_html(source: str, text: str, limits: Limits) -> Iterator[Result]:
    import trafilatura

    if len(text) > limits.max_html_bytes:
        raise _Reject(TOO_LARGE, f"the page is larger than {_mb(limits.max_html_bytes)}; saved article pages "
                      "are much smaller, so this is probably not an article")
    html = _XML_DECL.sub("", _BAD_CHARS.sub("", text), count=1)
    tree, url = _html_tree(html)
    if tree is None:
        raise _Reject(NO_TEXT, "the page could not be parsed as HTML")
    # each attempt gets a fresh tree: extraction may change the tree it is given
    kwargs: dict[str, Any] = {
        "with_metadata": True,
        "include_comments": False,
        "include_tables": True,
        "date_extraction_params": {"extensive_search": False, "original_date": True,
                                   "max_date": dt.date.today().isoformat()},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(tree, **kwargs)
        body = doc.text if doc is not None else None
        if not body or not body.strip():
            doc2 = trafilatura.bare_extraction(_html_tree(html)[0], favor_recall=True, **kwargs)
            if doc2 is not None and doc2.text and doc2.text.strip():
                doc = doc if doc is not None else doc2
                body = doc2.text
        if not body or not body.strip():
            fresh = _html_tree(html)[0]
            _, body, _ = trafilatura.baseline(fresh) if fresh is not None else (None, "", 0)
    body = clean_text(body or "")
    if not body:
        raise _Reject(NO_TEXT, "no article text was found in the page")
    title = clean_line(getattr(doc, "title", None)) if doc is not None else None
    publisher = clean_line(getattr(doc, "sitename", None), max_len=300) if doc is not None else None
    if not publisher and url:
        publisher = urlsplit(url).hostname
    published = parse_date(getattr(doc, "date", None)) if doc is not None else None
    yield RawArticle(text=body, title=title, url=url, published=published, publisher=publisher, source=source)


def _html_tree(html: str) -> tuple[Any, str | None]:
    """Parse the page; return (tree without its canonical/og:url links, that URL).
    Without the address, the date comes from the page's metadata only, never from a
    date that happens to be in its URL."""
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        tree = trafilatura.load_html(f"<html><body><div>{html}</div></body></html>")
    if tree is None:
        return None, None
    url = None
    for href in tree.xpath(_CANONICAL_XPATH + "/@href") + tree.xpath(_OG_URL_XPATH + "/@content"):
        url = clean_url(str(href))
        if url:
            break
    for el in tree.xpath(_CANONICAL_XPATH + " | " + _OG_URL_XPATH + " | " + _NOT_CONTENT_XPATH):
        _drop_element(el)
    return tree, url


# Elements whose content is never shown as page text: removed before any extraction
# (trafilatura drops most of them itself; this also covers its fallbacks).
_NOT_CONTENT_XPATH = "//script | //style | //noscript | //template | //iframe | //object | //embed"


def _drop_element(el: Any) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
