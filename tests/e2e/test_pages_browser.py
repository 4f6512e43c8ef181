"""Every page in Debian's chromium on a real server, with the network cut off beyond loopback."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_app

PAGES = ["ringkasan", "rapat-koordinasi", "wilayah", "instansi", "berita"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline_without_errors(server, bpage, path):
    page = bpage.page
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip()
    # every chart on the page drew something (bars, lines or markers)
    charts = page.locator(".js-plotly-plot")
    for i in range(charts.count()):
        marks = charts.nth(i).locator(
            "g.trace path, g.trace .point, g.barlayer path, g.scatterlayer path, g.heatmaplayer image"
        )
        assert marks.count() > 0, f"empty chart #{i} on {path}"
    # every legend entry fits inside the legend's box: plotly measures the text in the font it
    # draws with (a dropped font-family declaration clipped the last letters of the legend)
    clipped = page.evaluate(LEGEND_CLIPPED_JS)
    assert not clipped, f"legend text cut off on {path}: {clipped}"
    bpage.check()


LEGEND_CLIPPED_JS = """() => {
  const out = [];
  for (const lg of document.querySelectorAll('.js-plotly-plot .legend')) {
    const bg = lg.querySelector('rect.bg');
    if (!bg) continue;
    const box = bg.getBoundingClientRect();
    for (const t of lg.querySelectorAll('.legendtext')) {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && r.right > box.right + 1) out.push(t.textContent);
    }
  }
  return out;
}"""


def test_filters_survive_page_switch_and_reload(server, bpage):
    page = bpage.page
    page.goto(f"{server.url}/ringkasan?agency=KPU&province=13&lang=id")
    wait_for_app(page)
    # the filter widgets mount lazily; switching pages before they did loses their state
    page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"]').first.wait_for(timeout=30000)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Instansi").click()
    wait_for_app(page)
    assert "/instansi" in page.url and "agency=KPU" in page.url and "province=13" in page.url
    page.reload()
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"]').first.wait_for(timeout=30000)
    assert "agency=KPU" in page.url
    chosen = page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button[aria-pressed="true"]')
    # the agency from the link is chosen in the filter bar (waited for: the group mounts before its state)
    expect(chosen.filter(has_text="KPU")).to_have_count(1, timeout=30000)
    bpage.check()


FIRST_DRAW_JS = """() => {
  const MARK = '.js-plotly-plot g.trace path, .js-plotly-plot g.barlayer path, .js-plotly-plot g.heatmaplayer image, '
             + '.js-plotly-plot g.choroplethlayer path, .js-plotly-plot g.geo .scattergeo path';
  window.__atFirstChart = undefined;
  const tick = () => {
    if (window.__atFirstChart === undefined && document.querySelector(MARK)) {
      window.__atFirstChart = document.querySelectorAll('[data-testid="stDataFrame"]').length;
      window.__chartsAtFirst = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
    }
    if (window.__atFirstChart === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


@pytest.mark.parametrize("path,tables,charts", [("rapat-koordinasi", 1, 3), ("wilayah", 2, 1), ("instansi", 2, 4)])
def test_first_chart_is_drawn_before_the_tables_below_it(server, bpage, path, tables, charts):
    """Opening a page, its first chart does not wait for the tables and charts under it (the
    tables' code is a large part of the page's script; plotly draws all the charts it is sent
    in one stretch): no table and no other chart is mounted when the first chart draws, and
    they then arrive by themselves, in the chosen language's "loading" lines' places."""
    page = bpage.page
    page.add_init_script(f"({FIRST_DRAW_JS})()")
    page.goto(f"{server.url}/{path}")
    page.wait_for_function("() => window.__atFirstChart !== undefined", timeout=120000)
    assert page.evaluate("() => window.__atFirstChart") == 0
    assert page.evaluate("() => window.__chartsAtFirst") == 1
    wait_for_app(page)
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=\"stDataFrame\"]').length >= {tables}",
                           timeout=60000)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == charts
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Memuat tabel" not in main and "Memuat grafik" not in main
    bpage.check()


def test_held_content_of_a_page_with_nothing_to_draw_arrives(server, bpage):
    """A first visit filtered to nothing: the first chart (Instansi's small multiples, with no
    agency) has no mark to wait for, so what was held below it is sent by the next run, not
    after the script's one-minute fallback. (Rapat Koordinasi's timeline still draws the
    election's stages: it has marks.)"""
    path = "instansi"
    page = bpage.page
    page.add_init_script("""(() => { window.__sawHeld = false; new MutationObserver(() => {
      if (document.querySelector('[class*="st-key-deferred_go_"]')) window.__sawHeld = true;
    }).observe(document, {subtree: true, childList: true}); })()""")
    page.goto(f"{server.url}/{path}?q=zzqxvw")
    page.wait_for_function("() => window.__sawHeld", timeout=120000)
    # 45 s is well inside the fallback: only a release that does not wait for a mark passes
    expect(page.locator('[class*="st-key-deferred_go_"]')).to_have_count(0, timeout=45000)
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Memuat tabel" not in main and "Memuat grafik" not in main
    bpage.check()
