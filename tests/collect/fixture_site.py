"""Fixture web sites for the collector, served on loopback (127.0.0.1, a free port) by a
threaded ``http.server``: nothing here ever leaves the machine.

``WordPressSite`` serves what kabupaten portals and KPU/Bawaslu/Polres sites look like:

    /robots.txt               forbids /rahasia/
    /feed/                    RSS 2.0 (WordPress style, content:encoded)
    /sitemap_index.xml        sitemap index -> /post-sitemap.xml, /page-sitemap.xml
    /berita/, /berita/page/2/ a paginated listing (article links, tag/category links, "Selanjutnya")
    /YYYY/MM/DD/slug/         article pages: menu, sidebar, "Baca Juga" and "Berita Terkait" blocks
    /rahasia/...              an article that robots.txt forbids
    /lambat/                  a page that answers after ``slow_seconds``
    /rusak-500/               HTTP 500, always
    /putar/a/ <-> /putar/b/   a redirect loop
    /besar/                   a 50 MB page (streamed, no Content-Length)
    /besar-cl/                a 50 MB page announced by Content-Length
    /feed-rusak/              a feed with broken XML
    /cp1252/                  an article in Windows-1252 (charset only in the HTTP header)
    /ke-ftp/                  a redirect to ftp://
    /sekali-gagal/            503 with Retry-After: 0 once, then the article
    /salinan/                 the same article as /YYYY/.../rakor-persiapan-pilkada-pasaman-barat/ (content dedup)

Every answer carries an ETag and Last-Modified and honours If-None-Match /
If-Modified-Since with 304. Each request is logged (path, headers, status) for assertions.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.collect.releases import BY_SLUG, RELATED, RELEASES, Release

MiB = 1024 * 1024
LAST_MODIFIED = email.utils.format_datetime(dt.datetime(2020, 12, 6, 8, 0, tzinfo=dt.timezone.utc), usegmt=True)


@dataclass
class Answer:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    length: int | None = None  # announced Content-Length for a streamed body
    validators: bool = True  # ETag / Last-Modified and 304s


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int = 0
    at: float = 0.0  # time.monotonic() when the request arrived


Route = Callable[[], Answer]


class FixtureServer:
    """A threaded HTTP server on 127.0.0.1 with a route table and a request log."""

    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FixtureServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---------------------------------------------------------------- log

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def count(self, path: str) -> int:
        return sum(p == path for p in self.paths())

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def clear(self) -> None:
        with self._lock:
            self.hits.clear()

    # ---------------------------------------------------------------- serving

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        path = req.path.split("#")[0]
        hit = Hit(path, {k.lower(): v for k, v in req.headers.items()}, at=time.monotonic())
        with self._lock:
            self.hits.append(hit)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._answer(req, path, hit)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, req: BaseHTTPRequestHandler, path: str, hit: Hit) -> None:
        route = self.routes.get(path) or self.routes.get(path.split("?")[0])
        ans = route() if route else Answer(404, b"<html><body><h1>404 Tidak ditemukan</h1></body></html>")
        if ans.delay:
            time.sleep(ans.delay)
        headers = {"Content-Type": ans.content_type, **ans.headers}
        body = ans.body
        if isinstance(body, bytes) and ans.validators and ans.status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers.setdefault("ETag", etag)
            headers.setdefault("Last-Modified", LAST_MODIFIED)
            inm = hit.headers.get("if-none-match")
            ims = hit.headers.get("if-modified-since")
            if (inm and inm == headers["ETag"]) or (not inm and ims and ims == headers["Last-Modified"]):
                ans = Answer(304)
                body = b""
        hit.status = ans.status
        try:
            req.send_response(ans.status)
            for k, v in headers.items():
                req.send_header(k, v)
            if isinstance(body, bytes):
                req.send_header("Content-Length", str(len(body)) if ans.status != 304 else "0")
                req.end_headers()
                if ans.status != 304:
                    req.wfile.write(body)
            else:
                if ans.length is not None:
                    req.send_header("Content-Length", str(ans.length))
                else:
                    req.send_header("Connection", "close")
                req.end_headers()
                for chunk in body:
                    req.wfile.write(chunk)
                req.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            req.close_connection = True


# ---------------------------------------------------------------- content


def article_html(r: Release, base: str, *, canonical: str | None = None, charset: str = "utf-8",
                 meta_charset: bool = True) -> str:
    related = "".join(f'<li><a href="{base}{p}">{html.escape(t)}</a></li>' for p, t in RELATED)
    paras = [f"<p>{html.escape(p)}</p>" for p in r.paragraphs]
    # a "Baca Juga" line in the middle of the text, as portals insert them
    baca = (f'<p><strong>Baca Juga:</strong> <a href="{base}{RELATED[0][0]}">{html.escape(RELATED[0][1])}</a></p>')
    paras.insert(min(2, len(paras)), baca)
    canon = f'<link rel="canonical" href="{canonical or base + r.path}">' if canonical != "" else ""
    meta = f'<meta charset="{charset}">' if meta_charset else ""
    return f"""<!DOCTYPE html>
<html lang="id"><head>{meta}<title>{html.escape(r.title)} – Portal Resmi</title>{canon}
<meta property="og:site_name" content="Portal Resmi Pemerintah Daerah">
<meta property="article:published_time" content="{r.date.isoformat()}T09:30:00+07:00">
</head><body>
<header><nav class="menu"><a href="{base}/">Beranda</a> <a href="{base}/berita/">Berita</a>
<a href="{base}/profil/">Profil</a> <a href="{base}/kontak/">Kontak</a></nav></header>
<main><article class="post">
<h1 class="entry-title">{html.escape(r.title)}</h1>
<div class="entry-meta">Diposting pada <time datetime="{r.date.isoformat()}">{r.date.isoformat()}</time> oleh Humas</div>
<div class="entry-content">{''.join(paras)}</div>
</article>
<section class="related-posts"><h3>Berita Terkait</h3><ul>{related}</ul></section>
</main>
<aside class="sidebar"><h3>Berita Populer</h3><ul><li><a href="{base}/2020/09/30/festival-kuliner/">Festival
Kuliner Nagari Ramai Pengunjung</a></li></ul></aside>
<footer>Hak cipta Pemerintah Daerah. Semua hak dilindungi.</footer>
</body></html>"""


def rss(items: list[tuple[str, Release]], *, title: str = "Portal Resmi") -> str:
    entries = []
    for link, r in items:
        pub = email.utils.format_datetime(dt.datetime.combine(r.date, dt.time(9, 30), dt.timezone(dt.timedelta(hours=7))))
        entries.append(
            f"<item><title>{html.escape(r.title)}</title><link>{link}</link>"
            f"<pubDate>{pub}</pubDate><dc:creator><![CDATA[Humas]]></dc:creator>"
            f"<category><![CDATA[Berita]]></category><guid isPermaLink=\"false\">{link}?p=1</guid>"
            f"<description><![CDATA[{r.paragraphs[0][:120]} [&#8230;]]]></description>"
            f"<content:encoded><![CDATA[<p>{html.escape(r.paragraphs[0])}</p>]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{html.escape(title)}</title><link>http://127.0.0.1/</link><description>Berita</description>"
        "<language>id-ID</language><generator>https://wordpress.org/?v=5.5</generator>"
        + "".join(entries) + "</channel></rss>"
    )


def urlset(urls: list[tuple[str, dt.date | None]]) -> str:
    rows = "".join(
        f"<url><loc>{html.escape(u)}</loc>" + (f"<lastmod>{d.isoformat()}T10:00:00+07:00</lastmod>" if d else "")
        + "</url>" for u, d in urls
    )
    return ('<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="/sitemap.xsl"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + rows + "</urlset>")


def sitemap_index(children: list[str]) -> str:
    rows = "".join(f"<sitemap><loc>{html.escape(c)}</loc><lastmod>2020-12-06T08:00:00+00:00</lastmod></sitemap>"
                   for c in children)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + rows + "</sitemapindex>")


def listing_html(base: str, items: list[tuple[str, Release]], next_path: str | None, page: int) -> str:
    cards = "".join(
        f'<div class="card"><a href="{base}{path}"><img src="{base}/wp-content/uploads/{r.slug}.jpg"></a>'
        f'<h2><a href="{base}{path}">{html.escape(r.title)}</a></h2>'
        f'<a class="cat" href="{base}/category/berita/">Berita</a> <a href="{base}/tag/pilkada/">#pilkada</a></div>'
        for path, r in items
    )
    nxt = f'<a class="next page-numbers" href="{base}{next_path}">Selanjutnya »</a>' if next_path else ""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Berita – halaman {page}</title></head><body>'
            f'<nav><a href="{base}/">Beranda</a> <a href="{base}/profil/">Profil</a></nav>'
            f'<main>{cards}</main><div class="pagination"><span class="current">{page}</span> {nxt}</div>'
            "</body></html>")


def _big(total: int) -> Iterable[bytes]:
    chunk = b"<p>" + b"Isi halaman yang sangat besar. " * 2000 + b"</p>\n"
    yield b"<!DOCTYPE html><html><body>"
    sent = 0
    while sent < total:
        yield chunk
        sent += len(chunk)
    yield b"</body></html>"


def _html(text: str) -> Route:
    body = text.encode("utf-8")
    return lambda: Answer(200, body)


class WordPressSite(FixtureServer):
    """One fixture portal. ``releases`` are its articles (all of RELEASES by default)."""

    def __init__(self, releases: tuple[Release, ...] = RELEASES, *, slow_seconds: float = 3.0,
                 robots: str | None = None):
        super().__init__()
        self.releases = releases
        self.slow_seconds = slow_seconds
        base = self.base
        public = [r for r in releases if r.slug != "rapat-internal-rahasia"]
        secret = [r for r in releases if r.slug == "rapat-internal-rahasia"]
        r = self.routes
        r["/robots.txt"] = lambda: Answer(200, (robots if robots is not None else
                                              "User-agent: *\nDisallow: /rahasia/\nDisallow: /wp-admin/\n\n"
                                              f"Sitemap: {base}/sitemap_index.xml\n").encode(), "text/plain")
        for rel in public:
            r[rel.path] = _html(article_html(rel, base))
        for rel in secret:
            r["/rahasia" + rel.path] = _html(article_html(rel, base, canonical=base + "/rahasia" + rel.path))
        # the feed leaves one article out: only the sitemap and the listing have it
        feed_items = [(base + rel.path, rel) for rel in public if rel.slug != "rakor-kesbangpol-sijunjung"]
        r["/feed/"] = lambda: Answer(200, rss(feed_items).encode("utf-8"), "application/rss+xml; charset=UTF-8")
        r["/sitemap_index.xml"] = lambda: Answer(200, sitemap_index(
            [base + "/post-sitemap.xml", base + "/page-sitemap.xml"]).encode(), "application/xml; charset=UTF-8")
        posts = [(base + rel.path, rel.date) for rel in public] + [(base + "/rahasia" + s.path, s.date) for s in secret]
        r["/post-sitemap.xml"] = lambda: Answer(200, urlset(posts).encode(), "application/xml; charset=UTF-8")
        r["/page-sitemap.xml"] = lambda: Answer(200, urlset([(base + "/profil/", None)]).encode(),
                                                "application/xml; charset=UTF-8")
        r["/profil/"] = _html("<html><body><h1>Profil</h1><p>Profil daerah.</p></body></html>")
        half = (len(public) + 1) // 2
        first_page = [(rel.path, rel) for rel in public[:half]] + [("/rahasia" + s.path, s) for s in secret]
        r["/berita/"] = _html(listing_html(base, first_page, "/berita/page/2/", 1))
        r["/berita/page/2/"] = _html(listing_html(base, [(rel.path, rel) for rel in public[half:]], None, 2))
        # trouble
        r["/lambat/"] = lambda: Answer(200, _html_bytes("Halaman lambat"), delay=self.slow_seconds)
        r["/tetes/"] = lambda: Answer(200, _trickle(), validators=False)  # a byte at a time, for ever
        r["/rusak-500/"] = lambda: Answer(500, b"<html><body>Internal Server Error</body></html>")
        r["/putar/a/"] = lambda: Answer(302, headers={"Location": "/putar/b/"})
        r["/putar/b/"] = lambda: Answer(302, headers={"Location": base + "/putar/a/"})
        r["/ke-ftp/"] = lambda: Answer(301, headers={"Location": "ftp://127.0.0.1/berkas.html"})
        r["/besar/"] = lambda: Answer(200, _big(50 * MiB), validators=False)
        r["/besar-cl/"] = lambda: Answer(200, _big(50 * MiB), validators=False, length=50 * MiB + 60_000)
        r["/feed-rusak/"] = lambda: Answer(200, _broken_feed(base, public).encode(), "application/rss+xml")
        cp = BY_SLUG["rakor-kesbangpol-sijunjung"]
        r["/cp1252/"] = lambda: Answer(
            200, article_html(cp, base, canonical=base + "/cp1252/", meta_charset=False).encode("cp1252"),
            "text/html; charset=windows-1252")
        flaky = {"n": 0}

        def once_503() -> Answer:
            flaky["n"] += 1
            if flaky["n"] == 1:
                return Answer(503, b"sibuk", headers={"Retry-After": "0"})
            return Answer(200, article_html(BY_SLUG["apel-siaga-pengamanan-tps-dharmasraya"], base,
                                            canonical=base + "/sekali-gagal/").encode())

        r["/sekali-gagal/"] = once_503
        first = public[0]
        r["/salinan/"] = _html(article_html(first, base, canonical=""))
        r["/listing-kosong/"] = _html(listing_html(base, [], None, 1))

    def feed_url(self) -> str:
        return self.url("/feed/")


def _trickle() -> Iterable[bytes]:
    yield b"<html><body><p>"
    for _ in range(600):  # at most a minute
        time.sleep(0.1)
        yield b"x"
    yield b"</p></body></html>"


def _html_bytes(title: str) -> bytes:
    return f"<html><body><h1>{title}</h1><p>Pilkada 2020.</p></body></html>".encode()


def _broken_feed(base: str, public: list[Release]) -> str:
    good = rss([(base + r.path, r) for r in public[:2]])
    # an unescaped ampersand and an unclosed item: not well-formed XML
    return good.replace("</channel></rss>", "<item><title>Rakor & Apel <b>Pilkada</title><link>"
                        + base + public[2].path + "</link></channel>")
