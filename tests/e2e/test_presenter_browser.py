"""The screen a room looks at, in Debian's chromium at 1366x768 and 1920x1080: no label,
legend or annotation over a data mark; every presenter view fits the window; presenter mode
as a presentation (clicker keys, a way out, another page without leaving); the dark theme
covers every element; the map's legend accounts for every mark and its counts add up;
integer axes, whole periods and change axes that stop at the data."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import new_browser_page, wait_for_app

SIZES = [(1366, 768), (1920, 1080)]
PRESENTER_VIEWS = [
    ("ringkasan", ["numbers", "month", "latest"]),
    ("rapat-koordinasi", ["timeline", "level", "calendar"]),
    ("wilayah", ["map", "inactive"]),
    ("instansi", ["series", "heatmap", "pairs", "change"]),
    ("berita", ["list"]),
]


def params(url: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def settled(page, check_js: str) -> list:
    """What ``check_js`` (a function returning a list of problems) still finds once the layout
    has settled after the run (fonts, the chart's resize): it is waited for to find nothing,
    20 s at most, then asked once more."""
    try:
        page.wait_for_function(f"() => ({check_js})().length === 0", timeout=20000)
    except PlaywrightTimeout:
        pass
    return page.evaluate(check_js)


# Text boxes (annotations, the legend) against data marks (bars, stage bands, dots) of the
# same chart: any overlap larger than a pixel is reported.
OVERLAPS_JS = """() => {
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const rects = (sel) => Array.from(plot.querySelectorAll(sel)).map(e => e.getBoundingClientRect())
      .filter(r => r.width > 0.5 && r.height > 0.5);
    const marks = rects('g.barlayer g.point path, g.scatterlayer g.points path.point');
    const boxes = [];
    for (const a of plot.querySelectorAll('g.annotation')) {
      const g = a.querySelector('g.annotation-text-g') || a;
      const r = g.getBoundingClientRect();
      if (r.width > 0 && a.textContent.trim()) boxes.push(['annotation ' + a.textContent.trim().slice(0, 40), r]);
    }
    const lg = plot.querySelector('g.legend rect.bg');
    if (lg) boxes.push(['legend', lg.getBoundingClientRect()]);
    for (const [what, b] of boxes) {
      for (const m of marks) {
        const w = Math.min(b.right, m.right) - Math.max(b.left, m.left);
        const h = Math.min(b.bottom, m.bottom) - Math.max(b.top, m.top);
        if (w > 1 && h > 1) { out.push(what); break; }
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width,height", SIZES)
def test_no_label_legend_or_annotation_covers_a_data_mark(server, browser, width, height):
    bp = new_browser_page(browser, width, height)
    page = bp.page
    try:
        urls = [f"/rapat-koordinasi?present=1&view={v}" for v in ("timeline", "level", "calendar")]
        urls += ["/rapat-koordinasi", "/rapat-koordinasi?freq=week&from=2020-10-01&to=2020-12-31",
                 "/ringkasan?present=1&view=month", "/instansi?present=1&view=series", "/instansi?present=1&view=change"]
        for url in urls:
            open_page(page, server.url + url)
            page.wait_for_selector(".js-plotly-plot g.trace", state="attached", timeout=30000)
            hits = page.evaluate(OVERLAPS_JS)
            assert not hits, f"{url} at {width}x{height}: text over data: {hits}"
        bp.check()
    finally:
        page.context.close()


# Names on the map against the marks that matter (the chart check above looks at Cartesian
# charts' annotations and legends only)
GEO_LABELS_JS = """() => {
  // names on the map against the marks that matter: coloured region dots and diamonds
  // (opacity 1; the grey "no meeting yet" crosses are drawn at 0.75), the name's own mark
  // (drawn at the name's own point, in any trace) aside
  const out = [];
  const box = (e) => e.getBoundingClientRect();
  const at = (e) => { const d = e.__data__ || (e.parentNode && e.parentNode.__data__); return d && d.lonlat ? d.lonlat.join() : null; };
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const marks = Array.from(plot.querySelectorAll('g.trace.scattergeo path.point'))
      .filter(p => (p.style.opacity || '1') === '1' && box(p).width > 0.5);
    for (const t of plot.querySelectorAll('g.trace.scattergeo text')) {
      if (!t.textContent.trim()) continue;
      const b = box(t), own = at(t);
      if (own === null) { out.push('no point bound to ' + t.textContent); continue; }
      for (const p of marks) {
        if (at(p) === own) continue;
        const m = box(p);
        const w = Math.min(b.right, m.right) - Math.max(b.left, m.left);
        const h = Math.min(b.bottom, m.bottom) - Math.max(b.top, m.top);
        if (w > 1 && h > 1) { out.push(t.textContent.trim()); break; }
      }
    }
  }
  return out;
}"""

# province views with many named regions close together (the national view names only the
# governor races)
CROWDED_PROVINCES = ("33", "13", "35", "12")


@pytest.mark.parametrize("width,height", SIZES)
def test_no_name_on_the_map_covers_a_region_that_met_or_a_diamond(server, browser, width, height):
    """The names on the map: none covers a coloured region dot or another diamond, in
    presenter mode (both themes) and on the normal page, on the national map (the governor
    races) and on crowded province maps (every kab/kota named). Before, at 1366: Sumatera
    Barat, Kalimantan Selatan, Sulawesi Utara and Sulawesi Tengah did on the national map,
    and 2 to 16 names per province on the presenter's province maps."""
    bp = new_browser_page(browser, width, height)
    page = bp.page
    provinces = CROWDED_PROVINCES if width < 1500 else CROWDED_PROVINCES[:2]
    try:
        for url in ("/wilayah?present=1", "/wilayah?present=1&theme=dark", "/wilayah",
                    *[f"/wilayah?present=1&province={p}" for p in provinces], f"/wilayah?province={provinces[0]}"):
            open_page(page, server.url + url)
            page.wait_for_selector(".js-plotly-plot g.trace.scattergeo text", state="attached", timeout=30000)
            hits = settled(page, GEO_LABELS_JS)
            assert not hits, f"{url} at {width}x{height}: names over marks: {hits}"
            assert page.evaluate("() => document.querySelectorAll('.js-plotly-plot g.trace.scattergeo text').length") >= 3
        bp.check()
    finally:
        page.context.close()


FIT_JS = """() => {
  const vh = window.innerHeight, vw = window.innerWidth, out = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')) {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || getComputedStyle(el).display === 'none') continue;
    if (r.bottom > vh + 1 || r.right > vw + 1) out.push('below or beside the window: ' + (el.innerText || el.className).slice(0, 50));
  }
  for (const p of document.querySelectorAll('.js-plotly-plot')) {
    const box = p.closest('[data-testid="stPlotlyChart"]').getBoundingClientRect();
    const svg = p.querySelector('svg.main-svg').getBoundingClientRect();
    if (svg.bottom > box.bottom + 1 || svg.right > box.right + 1) out.push('figure larger than its box');
    if (svg.bottom > vh + 1) out.push('figure cut off at the bottom of the window');
  }
  const s = document.scrollingElement;
  if (s.scrollHeight > s.clientHeight + 1) out.push('the page scrolls');
  return out;
}"""


@pytest.mark.parametrize("width,height", SIZES)
def test_every_presenter_view_fits_the_window(server, browser, width, height):
    bp = new_browser_page(browser, width, height)
    page = bp.page
    try:
        for path, views in PRESENTER_VIEWS:
            for view in views:
                open_page(page, f"{server.url}/{path}?present=1&view={view}")
                if path != "berita" and view not in ("numbers", "latest", "inactive"):
                    page.wait_for_selector(".js-plotly-plot g.trace", state="attached", timeout=30000)
                problems = settled(page, FIT_JS)
                assert not problems, f"{path} {view} at {width}x{height}: {problems}"
                assert page.locator('[data-testid="stSidebar"]').first.is_visible() is False
        bp.check()
    finally:
        page.context.close()


def test_clicker_keys_step_through_figures_and_pages_and_escape_leaves(server, browser):
    bp = new_browser_page(browser, 1366, 768)
    page = bp.page
    try:
        open_page(page, f"{server.url}/rapat-koordinasi?present=1&province=13")
        page.mouse.click(5, 700)  # the focus on the page, as after a click
        for key, want in (("PageDown", "level"), ("ArrowRight", "calendar"), ("ArrowLeft", "level"),
                          ("PageDown", "calendar")):
            page.keyboard.press(key)
            page.wait_for_url(lambda u, want=want: params(u).get("view") == want, timeout=30000)
            wait_for_app(page)
        # past the last figure: the next page, still presenting, the filters kept
        page.keyboard.press("PageDown")
        page.wait_for_url(re.compile(r"/wilayah\?"), timeout=30000)
        wait_for_app(page)
        p = params(page.url)
        assert p.get("present") == "1" and p.get("province") == "13"
        # and back: the previous page's last figure
        page.keyboard.press("PageUp")
        page.wait_for_url(re.compile(r"/rapat-koordinasi\?"), timeout=30000)
        wait_for_app(page)
        assert params(page.url).get("view") == "calendar" and params(page.url).get("present") == "1"
        # the page menu changes the page without leaving presenter mode
        page.locator(".st-key-present_pages button").first.click()
        page.locator('[data-testid="stPopoverBody"] button', has_text="Instansi").click()
        page.wait_for_url(re.compile(r"/instansi\?"), timeout=30000)
        wait_for_app(page)
        assert params(page.url).get("present") == "1"
        # Escape leaves presenter mode
        page.mouse.click(5, 700)
        page.keyboard.press("Escape")
        page.wait_for_url(lambda u: "present" not in params(u), timeout=30000)
        wait_for_app(page)
        assert page.locator('[data-testid="stSidebar"]').first.is_visible()
        bp.check()
    finally:
        page.context.close()


DARK_JS = """() => {
  const parse = (c) => { const m = (c || '').match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const v = m[1].split(',').map(Number); if (v.length > 3 && v[3] === 0) return null; return v; };
  const lum = (v) => { const f = x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(v[0]) + 0.7152 * f(v[1]) + 0.0722 * f(v[2]); };
  const bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const v = parse(getComputedStyle(e).backgroundColor);
    if (v) return lum(v); } return 1; };
  const out = [];
  const scope = document.querySelectorAll('[data-testid="stMain"] *, [data-testid="stPopoverBody"] *');
  for (const el of scope) {
    if (el.closest('.js-plotly-plot')) continue;  // the figures carry the theme themselves
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.bottom < 0 || r.top > innerHeight) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
    const bg = parse(cs.backgroundColor);
    if (bg && lum(bg) > 0.35 && r.width * r.height > 400) out.push('light box ' + el.tagName + ' ' + (el.getAttribute('data-testid') || ''));
    if ([...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) {
      const fg = parse(cs.color);
      if (fg) { const a = lum(fg), b = bgOf(el), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) out.push('faint text "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(1)); }
    }
  }
  if (document.querySelector('[data-testid="stMain"] [data-testid="stDataFrame"]')) out.push('a canvas table (drawn light)');
  return [...new Set(out)].slice(0, 12);
}"""


@pytest.mark.parametrize("path", ["ringkasan", "rapat-koordinasi", "wilayah", "instansi", "berita"])
def test_the_dark_theme_covers_tables_inputs_button_groups_and_labels(server, browser, path):
    bp = new_browser_page(browser, 1366, 768)
    page = bp.page
    try:
        views = dict(PRESENTER_VIEWS)[path]
        for view in views:
            open_page(page, f"{server.url}/{path}?present=1&theme=dark&view={view}")
            problems = page.evaluate(DARK_JS)
            assert not problems, f"{path} {view}: {problems}"
        page.locator(".st-key-present_pages button").first.click()  # a popover with buttons
        page.locator('[data-testid="stPopoverBody"]').first.wait_for(timeout=10000)
        problems = page.evaluate(DARK_JS)
        assert not problems, f"{path}, page menu open: {problems}"
        bp.check()
    finally:
        page.context.close()


LEGEND_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const entries = Array.from(plot.querySelectorAll('g.legend g.traces')).map(g => {
    const pt = g.querySelector('path.scatterpts');
    return { text: g.textContent.trim(), fill: pt ? getComputedStyle(pt).fill : '', stroke: pt ? getComputedStyle(pt).stroke : '' };
  });
  const marks = Array.from(plot.querySelectorAll('g.geo g.trace.scattergeo path.point')).map(p => {
    const cs = getComputedStyle(p); return cs.fill !== 'none' && cs.fill !== 'rgba(0, 0, 0, 0)' ? cs.fill : cs.stroke; });
  return { entries, marks: [...new Set(marks)] };
}"""


def test_map_legend_explains_every_mark_and_its_counts_add_up(server, bpage):
    page = bpage.page
    open_page(page, f"{server.url}/wilayah")
    page.wait_for_selector(".js-plotly-plot g.geo g.trace.scattergeo path.point", timeout=30000)
    got = page.evaluate(LEGEND_JS)
    total = int(page.locator('[data-testid="stMetricValue"]').first.inner_text().replace(".", ""))
    counts = {e["text"]: int(re.search(r"\((\d+)\)", e["text"]).group(1)) for e in got["entries"]}
    shapes = [k for k in counts if k.startswith(("Kabupaten/kota", "Provinsi"))]
    statuses = [k for k in counts if k not in shapes]
    assert sum(counts[k] for k in statuses) == total, counts
    assert sum(counts[k] for k in shapes) == total, counts
    legend_colours = {e["fill"] for e in got["entries"]} | {e["stroke"] for e in got["entries"]}
    missing = [c for c in got["marks"] if c not in legend_colours]
    assert not missing, f"map colours without a legend entry: {missing} (legend: {got['entries']})"
    # the key numbers sit above the map
    metric = page.locator('[data-testid="stMetricValue"]').first.bounding_box()
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert metric["y"] < chart["y"]
    bpage.check()


TICKS_JS = """() => {
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const title = (plot.querySelector('.gtitle') || {}).textContent || '';
    for (const sel of ['g.ytick text', 'g.colorbar g.cbaxis text', 'g.cbaxis text']) {
      const groups = {};
      for (const t of plot.querySelectorAll(sel)) {
        const axis = t.closest('g.colorbar') ? 'cb' + [...plot.querySelectorAll('g.colorbar')].indexOf(t.closest('g.colorbar'))
                   : (t.closest('[class*="yaxislayer"], g.yaxislayer-above') || {}).className?.baseVal || 'y';
        (groups[axis] = groups[axis] || []).push(t.textContent.trim());
      }
      for (const [axis, labels] of Object.entries(groups)) {
        const nums = labels.filter(l => /^[0-9.,\\u2212-]+$/.test(l));
        if (new Set(nums).size !== nums.length) out.push(title.slice(0, 40) + ': repeated ticks ' + nums.join(' '));
      }
    }
  }
  return out;
}"""


def test_integer_axes_whole_periods_and_axes_that_stop_at_the_data(server, bpage):
    page = bpage.page
    # integer axes and colour bars never repeat a tick
    for url in ("/instansi?province=13", "/instansi", "/rapat-koordinasi?province=13", "/instansi?region=13.02"):
        open_page(page, server.url + url)
        page.wait_for_selector(".js-plotly-plot g.trace", state="attached", timeout=30000)
        assert not page.evaluate(TICKS_JS), f"{url}: {page.evaluate(TICKS_JS)}"
    # a chart by month over a short period has month ticks, as its title says
    open_page(page, f"{server.url}/instansi?from=2020-09-01&to=2020-10-31")
    heat = page.locator(".js-plotly-plot").nth(1)
    ticks = heat.locator("g.xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks and not [x for x in ticks if re.match(r"^\d{1,2}\s", x)], ticks
    # week view: the last week's bar is drawn whole inside the plot
    open_page(page, f"{server.url}/rapat-koordinasi?freq=week&from=2020-09-01&to=2020-10-14")
    cut = page.evaluate("""() => {
      const plot = document.querySelector('.js-plotly-plot');
      const area = plot.querySelector('rect.nsewdrag').getBoundingClientRect();
      return Array.from(plot.querySelectorAll('g.barlayer g.point path')).map(p => p.getBoundingClientRect())
        .filter(r => r.width > 0 && r.top < area.bottom && r.right > area.right + 1).length;
    }""")
    assert cut == 0, "a bar runs past the plot area"
    # the change chart's axis stops at the data; a steady agency is no bar
    open_page(page, f"{server.url}/instansi?present=1&view=change")
    page.wait_for_selector(".js-plotly-plot g.trace", state="attached", timeout=30000)
    got = page.evaluate("""() => {
      const plot = document.querySelector('.js-plotly-plot');
      const ticks = Array.from(plot.querySelectorAll('g.xtick text')).map(t => t.getBoundingClientRect().x);
      const points = Array.from(plot.querySelectorAll('g.scatterlayer path.point')).map(p => p.getBoundingClientRect().right);
      const thick = Array.from(plot.querySelectorAll('g.scatterlayer path.js-line'))
        .filter(l => parseFloat(getComputedStyle(l).strokeWidth) >= 3).length;
      const flags = Array.from(plot.querySelectorAll('g.scatterlayer g.textpoint text')).map(t => t.textContent);
      return { lastTick: Math.max(...ticks), step: ticks.length > 1 ? (Math.max(...ticks) - Math.min(...ticks)) / (ticks.length - 1) : 0,
               lastPoint: Math.max(...points), thick, flagged: flags.filter(f => !/Stabil/.test(f)).length };
    }""")
    assert got["lastTick"] <= got["lastPoint"] + got["step"] + 1, got
    assert got["thick"] == got["flagged"], got
    bpage.check()
