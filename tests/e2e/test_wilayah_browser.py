"""The Wilayah Pilkada map in Debian's chromium with every non-loopback request blocked:
it draws every region, loads its outline from the server, and a click opens a region.
The same with a boundary file (a synthetic GeoJSON written here, wound the RFC 7946 way)."""

from __future__ import annotations

import json
import math
import re

import pytest

from dashboard import reference
from tests.e2e.conftest import new_browser_page, start_server, stop_server, wait_for_app

POINT = ".js-plotly-plot .scattergeo path.point"
POLYGON = ".js-plotly-plot .choropleth path.choroplethlocation"
REFS = reference.regions()
REGIONS_2020 = reference.election_regions("pilkada-2020")
KAB_2020 = [r.region_code for r in REGIONS_2020 if r.contest != "gubernur"]
GOV_2020 = [r.region_code for r in REGIONS_2020 if r.contest == "gubernur"]


def _warm(browser, url: str) -> None:
    """The first sessions after start-up can show a spurious 'page not found' on deep links."""
    for _ in range(2):
        bp = new_browser_page(browser)
        bp.page.goto(url + "/")
        wait_for_app(bp.page)
        bp.page.context.close()


def _db(templates):
    from dashboard import synth
    from dashboard.db.engine import get_engine

    url = templates.fresh("sqlite", sample=True)
    synth.generate(get_engine(url), 600, seed=21)
    get_engine(url).dispose()
    return url


@pytest.fixture(scope="module")
def regions_server(templates, tmp_path_factory, browser):
    srv = start_server(_db(templates), tmp_path_factory.mktemp("regions"))
    _warm(browser, srv.url)
    yield srv
    stop_server(srv)


def synthetic_geojson(codes, d=0.06) -> dict:
    """Squares around the reference points, counter-clockwise as RFC 7946 writes them (plotly
    geo needs clockwise: the loader must rewind them), with hostile names."""
    feats = []
    for c in codes:
        r = REFS[c]
        ring = [[r.lon - d, r.lat - d], [r.lon + d, r.lat - d], [r.lon + d, r.lat + d], [r.lon - d, r.lat + d],
                [r.lon - d, r.lat - d]]
        feats.append({"type": "Feature", "properties": {"code": c, "name": "<img src=x onerror=alert(1)>"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": feats}


@pytest.fixture(scope="module")
def boundary_server(templates, tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("boundary")
    path = tmp / "kabkota.geojson"
    path.write_text(json.dumps(synthetic_geojson(KAB_2020)))
    srv = start_server(_db(templates), tmp, env_extra={"DASHBOARD_BOUNDARY_FILE": str(path)})
    _warm(browser, srv.url)
    yield srv
    stop_server(srv)


@pytest.fixture
def wpage(browser):
    bp = new_browser_page(browser, 1600, 1000)
    bp.loaded = []
    bp.page.on("requestfinished", lambda r: bp.loaded.append(r.url))
    yield bp
    bp.page.context.close()


def open_map(bp, url: str, selector: str, n: int):
    page = bp.page
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n", arg=[selector, n], timeout=60000
    )
    wait_for_app(page)
    return page


def marks(page, selector: str) -> list[dict]:
    """Screen position, size and the data of every drawn mark."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].map(p => {
            const r = p.getBoundingClientRect(); const d = p.__data__ || {};
            return {x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height,
                    lonlat: d.lonlat || null, id: d.loc || d.id || null};
        })""",
        selector,
    )


def most_isolated(ms: list[dict]) -> dict:
    def gap(m):
        return min(math.hypot(m["x"] - o["x"], m["y"] - o["y"]) for o in ms if o is not m)

    return max(ms, key=gap)


def code_at(lonlat) -> str:
    lon, lat = lonlat
    return min(REGIONS_2020, key=lambda r: abs(REFS[r.region_code].lon - lon) + abs(REFS[r.region_code].lat - lat)).region_code


def outline_drawn(page) -> bool:
    """The served Natural Earth outline: land and coastline paths with geometry."""
    return page.evaluate(
        """() => ['land', 'coastlines'].every(k => {
            const p = document.querySelector('.js-plotly-plot .geo g.layer.' + k + ' path');
            return p && (p.getAttribute('d') || '').length > 1000; })"""
    )


def test_national_map_draws_270_regions_offline(regions_server, wpage):
    page = open_map(wpage, f"{regions_server.url}/wilayah", POINT, 270)
    assert outline_drawn(page)
    assert any(u.endswith("/app/static/topojson/asia_50m.json") for u in wpage.loaded)
    assert page.locator('[data-testid="stException"]').count() == 0
    # the nine governor races are the large diamonds
    sizes = sorted(m["w"] for m in marks(page, POINT))
    assert sizes[-9] > 1.5 * sizes[0] and sizes[-10] < sizes[-9]
    wpage.check()


def test_pilkada_2024_draws_545_regions(regions_server, wpage):
    open_map(wpage, f"{regions_server.url}/wilayah?election=pilkada-2024", POINT, 545)
    wpage.check()


def test_click_on_a_region_opens_its_page(regions_server, wpage):
    page = open_map(wpage, f"{regions_server.url}/wilayah", POINT, 270)
    ms = [m for m in marks(page, POINT) if m["w"] < 16]  # kab/kota dots, not the diamonds
    target = most_isolated(ms)
    code = code_at(target["lonlat"])
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url(re.compile(rf"region={re.escape(code)}(&|$)"), timeout=30000)
    wait_for_app(page)
    page.wait_for_function("(t) => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
                           arg=REFS[code].name, timeout=30000)
    wpage.check()


def test_click_on_a_province_drills_down(regions_server, wpage):
    page = open_map(wpage, f"{regions_server.url}/wilayah", POINT, 270)
    diamonds = [m for m in marks(page, POINT) if m["w"] >= 16]
    assert len(diamonds) == 9
    target = most_isolated(diamonds)
    code = code_at(target["lonlat"])
    assert code in GOV_2020
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url(re.compile(rf"province={code}(&|$)"), timeout=30000)
    n = sum(1 for r in REGIONS_2020 if r.province_code == code)
    # drawn marks: the names' trace carries invisible markers (opacity 0) that only set the names off
    page.wait_for_function("([sel, n]) => Array.from(document.querySelectorAll(sel))"
                           ".filter(p => getComputedStyle(p).opacity !== '0').length === n", arg=[POINT, n], timeout=60000)
    assert REFS[code].name in page.locator("h1").first.inner_text()
    wpage.check()


def test_region_page_and_bad_code(regions_server, wpage):
    page = wpage.page
    page.goto(f"{regions_server.url}/wilayah?region=13.02")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('Solok')",
                           timeout=30000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer path.point", timeout=30000)  # the timeline's events
    assert page.locator(".js-plotly-plot").count() == 1 and page.locator(POINT).count() == 0
    page.goto(f"{regions_server.url}/wilayah?region=99.99")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stAlert"]:has-text("99.99")', timeout=30000)
    page.wait_for_function("(sel) => document.querySelectorAll(sel).length === 270", arg=POINT, timeout=60000)
    wpage.check()


def test_boundary_file_draws_a_choropleth(boundary_server, wpage):
    page = open_map(wpage, f"{boundary_server.url}/wilayah", POLYGON, len(KAB_2020))
    assert outline_drawn(page)
    assert page.locator(POINT).count() == len(GOV_2020)  # governor races stay diamonds
    # correctly wound polygons are small; a counter-clockwise ring would fill the whole map
    box = page.locator(".js-plotly-plot .geo .bglayer rect, .js-plotly-plot .geo").first.bounding_box()
    areas = [m["w"] * m["h"] for m in marks(page, POLYGON)]
    assert max(areas) < 0.01 * box["width"] * box["height"]
    assert "onerror" not in page.content()
    wpage.check()


def test_click_on_a_polygon_opens_its_page(boundary_server, wpage):
    page = open_map(wpage, f"{boundary_server.url}/wilayah", POLYGON, len(KAB_2020))
    target = most_isolated(marks(page, POLYGON))
    assert target["id"] in KAB_2020
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url(re.compile(rf"region={re.escape(target['id'])}(&|$)"), timeout=30000)
    wait_for_app(page)
    page.wait_for_function("(t) => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
                           arg=REFS[target["id"]].name, timeout=30000)
    wpage.check()


def test_boundary_province_view(boundary_server, wpage):
    n = sum(1 for c in KAB_2020 if c.startswith("13."))
    open_map(wpage, f"{boundary_server.url}/wilayah?province=13", POLYGON, n)
    wpage.check()


def test_map_controls_show_every_choice_at_1366(regions_server, browser):
    """The controls under the map (sent once the map is drawn) fit a 1366-wide screen: every
    choice of the colouring and of the active window, and the labels' switch, are whole
    inside their column (in one row the window's "90 hari" was cut off)."""
    bp = new_browser_page(browser, 1366, 768)
    try:
        page = open_map(bp, f"{regions_server.url}/wilayah", POINT, 270)
        page.locator('[class*="st-key-regions_days"] button').last.wait_for(timeout=60000)
        clipped = page.evaluate(
            """() => {
              const out = [];
              const boxes = ['regions_metric', 'regions_days', 'regions_labels_national']
                .map(k => document.querySelector('[class*="st-key-' + k + '"]'));
              for (const box of boxes) {
                if (!box) { out.push('missing'); continue; }
                const col = box.closest('[data-testid="stColumn"]').getBoundingClientRect();
                for (const el of box.querySelectorAll('button, label, p')) {
                  const r = el.getBoundingClientRect();
                  if (r.width === 0) continue;
                  if (r.left < col.left - 1 || r.right > col.right + 1 || el.scrollWidth > el.clientWidth + 1) {
                    out.push(el.textContent.trim());
                  }
                }
              }
              return out;
            }"""
        )
        assert clipped == [], clipped
        assert page.locator('[class*="st-key-regions_days"] button').count() == 5
        bp.check()
    finally:
        bp.page.context.close()
