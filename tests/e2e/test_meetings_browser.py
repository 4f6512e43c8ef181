"""Rapat Koordinasi and Instansi in Debian's chromium, network cut off beyond loopback:
links that reproduce a view in a fresh browser, page switches that keep the filters,
cross-filtering by a click, presenter mode (no chrome, chart text >= 16 px at 1366x768),
and downloads (PNG from the chart, Excel and CSV tables, the briefing)."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import new_browser_page, wait_for_app


def params(url: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def copied_link(page) -> str:
    """Open the "copy link" control of the sidebar and read the link it offers."""
    page.locator('[data-testid="stSidebar"] [data-testid="stPopover"] button').first.click()
    code = page.locator('[data-testid="stPopoverBody"] code, [data-testid="stPopoverBody"] pre').first
    code.wait_for(timeout=10000)
    link = code.inner_text().strip()
    page.keyboard.press("Escape")
    return link


def caption(page) -> str:
    return page.locator('[data-testid="stMain"] strong').first.inner_text().strip()


def metrics(page) -> list[str]:
    return [m.inner_text() for m in page.locator('[data-testid="stMetricValue"]').all()]


def test_copied_link_reproduces_the_view_in_a_fresh_browser(server, browser, bpage):
    page = bpage.page
    page.goto(f"{server.url}/rapat-koordinasi?province=13&lang=en")
    wait_for_app(page)
    # a click on a bar of the first chart filters the page
    bar = page.locator(".js-plotly-plot").first.locator("g.barlayer g.point path").nth(3)
    bar.click(force=True)
    wait_for_app(page)
    assert "from" in params(page.url) and "activity" in params(page.url)
    link = copied_link(page)
    assert link.startswith(server.url + "/rapat-koordinasi?")
    assert params(link) == params(page.url)
    want = (caption(page), metrics(page), page.locator("h1").first.inner_text())

    other = new_browser_page(browser)  # a fresh context: no cookies, no session
    try:
        other.page.goto(link)
        wait_for_app(other.page)
        got = (caption(other.page), metrics(other.page), other.page.locator("h1").first.inner_text())
        assert got == want
        assert params(other.page.url) == params(link)
        def period(p) -> str:  # the period control's fields (day, month, year of both ends)
            return p.locator('[data-testid="stSidebar"] [data-testid="stDateInputField"]').first.inner_text()

        # the field is filled after the page's first run, on both pages: wait for it (it read
        # "dd/mm/yyyy" under load, on either page), then compare
        page.wait_for_function(
            "() => { const el = document.querySelector("
            "'[data-testid=\"stSidebar\"] [data-testid=\"stDateInputField\"]');"
            " return !!el && /\\d{4}/.test(el.innerText) && !el.innerText.includes('yyyy'); }", timeout=30000)
        want_dates = period(page)
        other.page.wait_for_function(
            "(want) => { const el = document.querySelector("
            "'[data-testid=\"stSidebar\"] [data-testid=\"stDateInputField\"]');"
            " return !!el && el.innerText === want; }", arg=want_dates, timeout=30000)
        dates = period(other.page)
        assert dates == want_dates
        assert re.search(r"\d", dates) and "yyyy" not in dates  # the period chosen by the click is in the filter bar
        other.check()
    finally:
        other.page.context.close()
    bpage.check()


def test_page_switches_keep_the_filters(server, bpage):
    page = bpage.page
    page.goto(f"{server.url}/rapat-koordinasi?agency=KPU,Bawaslu&from=2020-01-01&to=2020-06-30&lang=en")
    wait_for_app(page)
    first = caption(page)
    assert "KPU, Bawaslu" in first and "Jan–Jun 2020" in first.replace("\u2009", "")  # CLDR puts thin spaces round the dash
    # the overview is the start page: served at "/" and, from the navigation, at "/ringkasan"
    for name, path in (("Agencies", "/instansi"), ("Overview", "/ringkasan"), ("Coordination Meetings", "/rapat-koordinasi")):
        page.locator('[data-testid="stSidebarNav"] a', has_text=name).first.click()
        wait_for_app(page)
        p = params(page.url)
        assert urlsplit(page.url).path == path
        assert (p.get("agency"), p.get("from"), p.get("to"), p.get("lang")) == ("KPU,Bawaslu", "2020-01-01", "2020-06-30", "en")
        side = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Bawaslu" in side and "KPU" in side  # the chosen agencies, in the filter bar
    assert caption(page) == first
    bpage.check()


def test_cross_filter_from_the_heatmap_moves_the_filter_bar(server, bpage):
    page = bpage.page
    page.goto(f"{server.url}/instansi?province=13")
    wait_for_app(page)
    heat = page.locator(".js-plotly-plot").nth(1)
    heat.scroll_into_view_if_needed()
    box = heat.locator("g.heatmaplayer image").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + 8)  # a cell of the most active agency
    wait_for_app(page)
    p = params(page.url)
    assert p.get("agency") and p.get("from") and p.get("to") and p.get("province") == "13"
    assert p["agency"] in page.locator('[data-testid="stSidebar"]').inner_text()
    assert p["agency"] in caption(page)
    bpage.check()


def _min_chart_font(page) -> tuple[float, str]:
    return page.evaluate(
        """() => {
            let min = 1e9, which = '';
            for (const t of document.querySelectorAll('.js-plotly-plot svg text')) {
                const r = t.getBoundingClientRect();
                if (!t.textContent.trim() || r.width === 0 || r.height === 0) continue;
                const cs = getComputedStyle(t);
                if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') continue;
                const s = parseFloat(cs.fontSize);
                if (s < min) { min = s; which = t.textContent.slice(0, 40); }
            }
            return [min, which];
        }"""
    )


@pytest.mark.parametrize(
    "path,views",
    [("rapat-koordinasi", ["timeline", "level", "calendar"]), ("instansi", ["series", "heatmap", "pairs", "change"])],
)
def test_presenter_mode_hides_the_chrome_and_uses_large_type(server, browser, path, views):
    bp = new_browser_page(browser, 1366, 768)
    page = bp.page
    try:
        for view in views:
            page.goto(f"{server.url}/{path}?present=1&province=13&view={view}")
            wait_for_app(page)
            page.wait_for_selector(".js-plotly-plot svg text", timeout=30000)
            for sel in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]',
                        '[data-testid="stSidebarNav"]'):
                loc = page.locator(sel)
                assert loc.count() == 0 or not loc.first.is_visible(), f"{sel} visible in presenter mode"
            assert page.locator(".js-plotly-plot").count() == 1, "one figure per screen"
            size, text = _min_chart_font(page)
            assert size >= 16, f"{view}: smallest chart text {size}px ({text!r})"
            chart = page.locator(".js-plotly-plot").first.bounding_box()
            assert chart["y"] + chart["height"] <= 768 + 2, f"{view}: the figure does not fit the screen"
            assert "Sumatera Barat" in page.locator('[data-testid="stMain"]').inner_text()
        bp.check()
    finally:
        page.context.close()


def test_chart_downloads_as_png_offline(server, bpage):
    page = bpage.page
    page.goto(f"{server.url}/rapat-koordinasi?province=13")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.hover()
    button = chart.locator('.modebar-btn[data-title="Unduh grafik sebagai PNG"]')  # plotly's words in Indonesian
    with page.expect_download(timeout=30000) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    assert info.value.suggested_filename.endswith(".png")
    bpage.check()


def test_tables_download_as_excel_and_csv_and_the_briefing_as_html(server, bpage):
    import openpyxl

    page = bpage.page
    page.goto(f"{server.url}/rapat-koordinasi?province=13&lang=en")
    wait_for_app(page)
    with page.expect_download(timeout=30000) as info:
        page.get_by_role("button", name="Download Excel").first.click()
    data = open(info.value.path(), "rb").read()
    assert data[:2] == b"PK"  # a zip container
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert "Date" in header and "Agencies" in header and ws.max_row > 1
    with page.expect_download(timeout=30000) as info:
        page.get_by_role("button", name="Download CSV").first.click()
    text = open(info.value.path(), "rb").read().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Date,") and len(text.splitlines()) == ws.max_row
    with page.expect_download(timeout=30000) as info:
        page.get_by_role("button", name=re.compile("one-page briefing")).click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert "<svg" in html and "Sumatera Barat" in html and "<script" not in html
    assert "province=13" in html and 'lang="en"' in html
    bpage.check()
