"""What the browser downloads: Streamlit's frontend, compressed once, and the chart
library fetched while the first script run is still going. A plain ASGI middleware, no
Streamlit import (``dashboard.ui.run`` puts it in front of Streamlit's own stack).

Streamlit serves its frontend uncompressed (about 10 MB on a first visit, 4.7 MB of it the
chart library) and recompressing on every request would cost CPU each time. Here each
compressible static file is gzipped once, the first time it is asked for, and kept in
memory (bounded): later clients get the same bytes. Streamlit's own headers (ETag,
immutable caching, 304 answers) are kept; only the body and its length change.

The HTML document also gets a ``<link rel="modulepreload">`` for the chart library, so the
browser fetches and compiles it while the websocket opens and the script runs, instead of
after the first chart message arrives; on the chart pages a module script evaluates it in
the first idle moment (``early_import_script``).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import threading
import zlib
from collections import OrderedDict
from pathlib import Path

COMPRESSIBLE = re.compile(rb"^(text/|application/(javascript|json|xml|wasm)|image/svg\+xml)")
MAX_CACHE_BYTES = 64 * 1024 * 1024  # compressed bytes kept in memory
MIN_SIZE = 1024
PRELOAD_CHUNKS = ("PlotlyChart.",)  # the chart library: every viewer page but Berita draws one


class _Cache:
    def __init__(self, limit: int = MAX_CACHE_BYTES):
        self.limit = limit
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self.lock:
            data = self.items.get(key)
            if data is not None:
                self.items.move_to_end(key)
            return data

    def put(self, key: tuple, data: bytes) -> None:
        with self.lock:
            if key in self.items or len(data) > self.limit:
                return
            self.items[key] = data
            self.size += len(data)
            while self.size > self.limit:
                _, old = self.items.popitem(last=False)
                self.size -= len(old)


def _chunk_urls(static_dir: Path, base: str = "") -> list[str]:
    """The chunks in ``PRELOAD_CHUNKS``, relative to the document as Streamlit's own tags
    are (``./static/js/...``)."""
    js = static_dir / "static" / "js"
    return [f"{base}./static/js/{f.name}" for prefix in PRELOAD_CHUNKS for f in sorted(js.glob(prefix + "*.js"))]


def preload_links(static_dir: Path, base: str = "") -> bytes:
    """``<link rel="modulepreload">`` tags for the chunks in ``PRELOAD_CHUNKS``."""
    return "".join(f'<link rel="modulepreload" crossorigin href="{u}">' for u in _chunk_urls(static_dir, base)).encode()


# the pages whose first content is a chart ("/" is Ringkasan); Berita and the editors' pages
# would evaluate the library for nothing
EARLY_IMPORT_PAGES = ("", "ringkasan", "rapat-koordinasi", "wilayah", "instansi")


def early_import_script(static_dir: Path, base: str = "") -> bytes:
    """A module script that evaluates the chart library (the ``PRELOAD_CHUNKS`` fetched and
    compiled by ``preload_links``) in the first idle moment of a chart page, while the
    frontend waits for the server's first messages: the same module (same URL) the chart
    component imports later, which then finds it evaluated. Measured on Wilayah in
    Chromium: plotly's evaluation otherwise lands between the chart message and the chart's
    draw, on the critical path."""
    urls = _chunk_urls(static_dir, base)
    if not urls:
        return b""
    return (
        '<script type="module">(() => {'
        " const page = location.pathname.replace(/\\/+$/, '').split('/').pop();"
        f" if (!{json.dumps(list(EARLY_IMPORT_PAGES))}.includes(page)) return;"
        f" const go = () => {{ for (const u of {json.dumps(urls)}) import(u).catch(() => {{}}); }};"
        " (window.requestIdleCallback || ((f) => setTimeout(f, 50)))(go, {timeout: 2000});"
        " })();</script>"
    ).encode()


def _header(headers: list, name: bytes) -> bytes | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


class CompressedAssets:
    """ASGI middleware: gzip (once) for Streamlit's static files and HTML document, and a
    modulepreload of the chart library in that document."""

    def __init__(self, app, *, static_dir: Path, head_html: str = ""):
        self.app = app
        # extra tags for the document's head (a script that must run before the frontend)
        self.preload = head_html.encode() + preload_links(Path(static_dir)) + early_import_script(Path(static_dir))
        self.cache = _Cache()

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        accepts = b"gzip" in (_header(scope.get("headers", []), b"accept-encoding") or b"")
        if not accepts or _header(scope.get("headers", []), b"range") is not None:
            await self.app(scope, receive, send)
            return
        # Streamlit compresses some HTML answers itself (the document under a page path):
        # it is not offered gzip, so every answer arrives plain and is compressed here once
        scope = dict(scope, headers=[(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"])
        # downloads (``/media/…``: a briefing is an HTML file too) are sent as they are made
        document = not scope.get("path", "").startswith("/media/")
        start: dict = {}
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message):
            nonlocal passthrough
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                ctype = _header(headers, b"content-type") or b""
                if (message["status"] != 200 or _header(headers, b"content-encoding") is not None
                        or not COMPRESSIBLE.match(ctype)):
                    passthrough = True
                    await send(message)
                    return
                start.update(message, headers=headers)
                return
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._finish(start, b"".join(chunks), send, document=document)
                return
            await send(message)

        await self.app(scope, receive, capture)

    async def _finish(self, start: dict, body: bytes, send, *, document: bool = True) -> None:
        headers = [(k, v) for k, v in start["headers"] if k.lower() not in (b"content-length", b"vary")]
        ctype = _header(headers, b"content-type") or b""
        html = ctype.startswith(b"text/html")
        # only Streamlit's own page gets the head tags, never an HTML file a user downloads
        if html and document and b'id="root"' in body and self.preload and b"</head>" in body and self.preload not in body:
            body = body.replace(b"</head>", self.preload + b"</head>", 1)
        if len(body) >= MIN_SIZE:
            key = (len(body), zlib.crc32(body))  # by content: the same file under any path
            packed = self.cache.get(key)
            if packed is None:
                # off the event loop: the chart library takes ~0.15 s to compress, once
                packed = await asyncio.get_running_loop().run_in_executor(None, _gzip, body)
                if not html:
                    self.cache.put(key, packed)
            body = packed
            headers.append((b"content-encoding", b"gzip"))
        headers += [(b"content-length", str(len(body)).encode()), (b"vary", b"Accept-Encoding")]
        await send({"type": "http.response.start", "status": start["status"], "headers": headers})
        await send({"type": "http.response.body", "body": body})
