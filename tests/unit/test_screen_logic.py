"""Plain logic behind the screens: period presets, the compressed frontend middleware, audit
values in words, readiness order, whole-number ticks, headroom for day labels, whole periods
on time axes, colours."""

import asyncio
import threading
import datetime as dt
import gzip

import pandas as pd

from dashboard import audit, periods, readiness, webassets
from dashboard.charts import agency_color
from dashboard.charts.axes import _x_extent
from dashboard.charts.meetings import HEADROOM, headroom_top
from dashboard.charts.style import int_ticks


def test_presets_are_recent_periods_and_the_elections_stages():
    stages = pd.DataFrame({"stage": ["Kampanye", "Pemungutan suara"],
                           "start": pd.to_datetime(["2020-09-26", "2020-12-09"]),
                           "end": pd.to_datetime(["2020-12-05", "2020-12-09"])})
    ref = dt.date(2020, 12, 22)
    got = {p.key: p for p in periods.presets(stages, ref, "id")}
    assert (got["last30"].start, got["last30"].end) == (dt.date(2020, 11, 23), ref)
    assert (got["stage:Kampanye"].start, got["stage:Kampanye"].end) == (dt.date(2020, 9, 26), dt.date(2020, 12, 5))
    assert got["stage:Kampanye"].label == "Tahapan: Kampanye (26 Sep–5 Des 2020)"
    assert "Campaign" in {p.key: p for p in periods.presets(stages, ref, "en")}["stage:Kampanye"].label
    lo, hi = periods.picker_range(stages, ref)
    assert lo < dt.date(2020, 9, 26) and hi == ref  # the calendar opens inside the election, not at today
    assert periods.picker_range(pd.DataFrame(), None) == (periods.MIN_DATE, periods.MAX_DATE)


def _call(mw, path="/static/js/x.js", accept=b"gzip"):
    sent = []

    async def send(m):
        sent.append(m)

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", accept)]}
    # A thread of its own: a browser test earlier in the run may leave an event loop set on this one.
    worker = threading.Thread(target=lambda: asyncio.run(mw(scope, None, send)))
    worker.start()
    worker.join()
    return sent


def test_compressed_assets_gzip_once_keep_headers_and_preload_the_chart_library(tmp_path):
    js_dir = tmp_path / "static" / "js"
    js_dir.mkdir(parents=True)
    (js_dir / "PlotlyChart.abc.js").write_text("x")
    body = b"function f(){return 1}\n" * 400
    seen = []

    async def app(scope, receive, send):
        seen.append(dict(scope["headers"]))
        page = b'<html><head></head><body><div id="root"></div>' + b"y" * 2000 + b"</body></html>"
        download = b"<html><head><title>briefing</title></head><body>" + b"z" * 2000 + b"</body></html>"
        ctype = b"text/html" if scope["path"] in ("/", "/media/b.html") else b"application/javascript"
        content = page if scope["path"] == "/" else download if scope["path"] == "/media/b.html" else body
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", ctype), (b"etag", b'"e"'), (b"content-length", str(len(content)).encode())]})
        await send({"type": "http.response.body", "body": content})

    mw = webassets.CompressedAssets(app, static_dir=tmp_path, head_html="<script>boot()</script>")
    start, msg = _call(mw)
    headers = dict(start["headers"])
    assert headers[b"content-encoding"] == b"gzip" and headers[b"etag"] == b'"e"'
    assert gzip.decompress(msg["body"]) == body and int(headers[b"content-length"]) == len(msg["body"]) < len(body)
    assert b"accept-encoding" not in seen[-1]  # Streamlit is never asked to compress
    assert len(mw.cache.items) == 1
    _call(mw)
    assert len(mw.cache.items) == 1  # compressed once
    start, msg = _call(mw, "/")
    html = gzip.decompress(msg["body"])
    assert b'<script>boot()</script><link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.abc.js">' in html
    # evaluated in the first idle moment of a chart page: the same URL the chart component imports
    early = html.split(b'<script type="module">')[1].split(b"</script></head>")[0]
    assert b'import(u)' in early and b'["./static/js/PlotlyChart.abc.js"]' in early and b'"wilayah"' in early
    assert b'"berita"' not in early
    start, msg = _call(mw, "/media/b.html")  # a downloaded HTML file is never changed
    assert b"<script" not in gzip.decompress(msg["body"]) and b"modulepreload" not in gzip.decompress(msg["body"])
    start, msg = _call(mw, accept=b"identity")  # a client without gzip gets the file as it is
    assert msg["body"] == body


def test_audit_values_are_words_not_raw_values():
    assert audit.display_value("role", "editor", "id") == "editor"
    assert audit.display_value("role", "viewer", "id") == "pembaca"
    assert audit.display_value("active", True, "id") == "ya"
    assert audit.display_value("participants", 55.0, "id") == "55"
    assert audit.display_value("notes", None, "en") == "–"
    assert audit.display_value("activity", "rakor", "en") == "Coordination meeting"
    line = audit.summary(None, {"username": "ani", "role": "viewer"}, field=lambda k: {"username": "Nama pengguna",
                         "role": "Peran"}[k], show=lambda k, v: audit.display_value(k, v, "id"))
    assert line == "Nama pengguna: ani; Peran: pembaca"


def test_readiness_rows_by_status_then_meetings():
    df = pd.DataFrame({"status": ["none", "stale", "ready", "partial", "ready"], "meetings": [0, 1, 2, 5, 7],
                       "name": list("abcde")})
    assert list(readiness.sort_by_status(df)["name"]) == ["e", "c", "d", "b", "a"]


def test_whole_number_ticks_and_headroom_for_day_labels():
    assert int_ticks(2) == dict(tickmode="linear", tick0=0, dtick=1, tickformat=",d")
    assert int_ticks(30)["dtick"] == 5
    assert 6 / headroom_top(6) <= 1 - HEADROOM + 1e-9


def test_time_axes_span_whole_periods():
    counts = pd.DataFrame({"period": pd.to_datetime(["2020-09-07", "2020-10-12"]), "n": [1, 2]})
    lo, hi = _x_extent(counts, pd.DataFrame(columns=["start", "end"]), (dt.date(2020, 9, 1), dt.date(2020, 10, 14)), "week")
    assert lo == pd.Timestamp("2020-08-31") and hi == pd.Timestamp("2020-10-19")  # the last week drawn whole
    lo, hi = _x_extent(counts, pd.DataFrame(columns=["start", "end"]), (dt.date(2020, 9, 10), dt.date(2020, 10, 14)), "month")
    assert lo == pd.Timestamp("2020-09-01") and hi == pd.Timestamp("2020-11-01")


def test_an_agency_keeps_its_colour_and_the_dark_theme_lightens_it():
    assert agency_color("KPU") == agency_color("KPU") != agency_color("Bawaslu")
    dark = agency_color("BIN", dark=True)
    assert sum(int(dark[i:i + 2], 16) for i in (1, 3, 5)) > sum(int(agency_color("BIN")[i:i + 2], 16) for i in (1, 3, 5))
    assert agency_color("Unknown body") == agency_color("Unknown body")
