"""Language, filters, tables, loading cues and the reference date, in Debian's chromium:
no English (Streamlit's own widget texts included) in the Indonesian view of any viewer
page, no raw values on screen, stage names in English in the English view; the agency
filter picks one agency; a stage sets the period; the calendar opens inside the election's
period in the chosen language; tables carry their downloads; a chart being recomputed says
so at once; every page shows the same reference date."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import wait_for_app

PAGES = ["ringkasan", "rapat-koordinasi", "wilayah", "instansi", "berita"]
# Words of Streamlit's widgets, plotly's toolbar and this app in English, and raw values
ENGLISH = re.compile(
    r"\b(Select all|Select \d+ matches|Choose an option|Choose|Upload|Browse files|Drag and drop|Search|Download|"
    r"Fullscreen|No results|Clear|Close|Previous|Next|Page|Today|Overview|Agencies|Articles|Meetings|Regions|"
    r"Stage|Voting|Loading|Filters|Election|January|February|March|May|June|July|August|October|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Autoscale|Zoom|Reset axes|Download plot)\b"
)
RAW = re.compile(r"\b(None|True|False|nan|NaN)\b|\\\+|pilkada-20\d\d|username: |role: ")

VISIBLE_TEXT_JS = """() => {
  const parts = [document.body.innerText];
  // a placeholder is on screen when its box is empty (a select shows its placeholder as text)
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!el.value && el.offsetWidth > 0 && !el.closest('[data-baseweb="select"]')) parts.push(el.placeholder);
  }
  // the chart toolbar's tooltips (of the buttons that are shown)
  for (const el of document.querySelectorAll('.modebar-btn[data-title]')) {
    if (getComputedStyle(el).display !== 'none') parts.push(el.getAttribute('data-title'));
  }
  return parts.join('\\n');
}"""


def params(url: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


@pytest.mark.parametrize("path", PAGES)
def test_no_english_and_no_raw_values_in_the_indonesian_view(server, bpage, path):
    page = bpage.page
    for suffix in ("", "?present=1"):
        open_page(page, f"{server.url}/{path}{suffix}")
        page.locator(".js-plotly-plot").first.hover() if page.locator(".js-plotly-plot").count() else None
        text = page.evaluate(VISIBLE_TEXT_JS)
        english = sorted(set(m.group(0) for m in ENGLISH.finditer(text)))
        assert not english, f"{path}{suffix}: English on screen: {english}"
        raw = sorted(set(m.group(0) for m in RAW.finditer(text)))
        assert not raw, f"{path}{suffix}: raw values on screen: {raw}"
    bpage.check()


# What a screen reader reads: Streamlit's own names, tooltips and placeholders in English
ENGLISH_ATTR = re.compile(
    r"^(App pages|Sidebar|Collapse sidebar|Expand sidebar|Link to heading|Fullscreen|Open|Close|Reset|Search|"
    r"Show/hide columns|Show password|Choose an option|Choose date range|Help for .+|.+ (start|end) date|"
    r"(day|month|year), .+)$"
)
NO_ENGLISH_ATTR_JS = """(pattern) => { const re = new RegExp(pattern);
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]'))
    for (const a of ['aria-label', 'title', 'placeholder']) { const v = el.getAttribute(a); if (v && re.test(v)) return false; }
  return true; }"""
ATTRS_JS = """() => { const out = [];
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]'))
    for (const a of ['aria-label', 'title', 'placeholder']) { const v = el.getAttribute(a); if (v) out.push([a, v]); }
  return out; }"""


def english_attributes(page) -> list:
    return sorted({f"{a}={v}" for a, v in page.evaluate(ATTRS_JS) if ENGLISH_ATTR.match(v)})


@pytest.mark.parametrize("path", [*PAGES, "kelola-data"])
def test_screen_reader_names_and_tooltips_follow_the_language(server, bpage, path):
    """Streamlit's widgets name their buttons and fields in English whatever the page
    says; in the Indonesian view every such name is Indonesian, and switching to English
    in the same tab gives Streamlit's English back."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = bpage.page
    open_page(page, f"{server.url}/{path}")
    # names appear as the page is used: the calendar's own
    field = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]')
    if field.count():
        field.locator("button").last.click()
        page.locator('[role="grid"], [role="dialog"]').last.wait_for(timeout=30000)
    try:
        page.wait_for_function(NO_ENGLISH_ATTR_JS, arg=ENGLISH_ATTR.pattern, timeout=15000)
    except PlaywrightTimeout:  # the assertion names what is left
        pass
    left = english_attributes(page)
    assert not left, f"{path}: English names in the Indonesian view: {left}"
    assert page.locator('[aria-label="Ciutkan panel samping"]').count() > 0
    page.keyboard.press("Escape")
    page.locator('[data-testid="stSidebar"] label', has_text="English").first.click()
    page.wait_for_selector('[aria-label="Collapse sidebar"]', state="attached", timeout=60000)
    wait_for_app(page)
    assert page.locator('[aria-label="Ciutkan panel samping"]').count() == 0
    bpage.check()


def test_the_calendar_speaks_the_language_and_opens_inside_the_election(server, bpage):
    page = bpage.page
    for lang, months in (("id", ("Januari", "Desember", "Maret", "Oktober")), ("en", ("January", "December", "March"))):
        open_page(page, f"{server.url}/rapat-koordinasi" + ("?lang=en" if lang == "en" else ""))
        field = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]')
        field.locator("button").last.click()
        grid = page.locator('[role="grid"], [role="dialog"]').last
        grid.wait_for(timeout=10000)
        text = page.locator('[role="dialog"]').last.inner_text() if page.locator('[role="dialog"]').count() else \
            grid.inner_text()
        years = [int(y) for y in re.findall(r"\b(20\d\d)\b", text)]
        assert years and all(2018 <= y <= 2021 for y in years), f"{lang}: the calendar opened at {years}"
        assert any(m in text for m in months), f"{lang}: month names: {text[:200]!r}"
        page.keyboard.press("Escape")
    bpage.check()


# What the period field shows: each segment's text, or what the stylesheet draws in its place
DATE_SHOWN_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stSidebar"] [data-testid="stDateInputField"] [data-range-field] [data-type]')).map(e => {
  const before = getComputedStyle(e, '::before').content;
  const own = parseFloat(getComputedStyle(e).fontSize) > 0 ? e.textContent : '';
  return own + (before && before !== 'none' && before !== 'normal' ? before.replace(/^"|"$/g, '') : '');
}).join('')"""
DATE_FITS_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stSidebar"] [data-testid="stDateInputFieldsScroller"]')).every(e => e.scrollWidth <= e.clientWidth + 1)"""


def test_the_period_field_speaks_the_language_applies_on_enter_and_shows_whole_dates(server, bpage):
    page = bpage.page
    for lang, empty in (("en", "dd/mm/yyyy–dd/mm/yyyy"), ("id", "hh/bb/tttt–hh/bb/tttt")):
        open_page(page, f"{server.url}/rapat-koordinasi" + ("?lang=en" if lang == "en" else ""))
        assert page.evaluate(DATE_SHOWN_JS) == empty.replace("–", ""), f"{lang}: the empty field"
    # typed dates apply on Enter (Streamlit's field applies them only on leaving it)
    field = page.locator('[data-testid="stSidebar"] [data-testid="stDateInputField"]').first
    field.locator('[data-range-field="start"] [data-type="day"]').click()
    page.keyboard.type("01102020")
    field.locator('[data-range-field="end"] [data-type="day"]').click()
    page.keyboard.type("31102020")
    assert "from" not in params(page.url)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: params(u).get("from") == "2020-10-01" and params(u).get("to") == "2020-10-31",
                      timeout=30000)
    wait_for_app(page)
    assert page.evaluate(DATE_SHOWN_JS) == "01/10/202031/10/2020"
    assert page.evaluate(DATE_FITS_JS), "a date of the period is cut off in the sidebar"
    bpage.check()


def test_a_preset_sets_the_period_of_a_stage(server, bpage):
    page = bpage.page
    open_page(page, f"{server.url}/rapat-koordinasi")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()
    page.locator('[role="option"]', has_text="Tahapan: Kampanye").first.click()
    page.wait_for_url(lambda u: params(u).get("from") == "2020-09-26", timeout=30000)
    bpage.check()


def test_the_agency_filter_picks_exactly_the_agency_asked_for(server, bpage):
    page = bpage.page
    open_page(page, f"{server.url}/instansi")
    page.locator('[data-testid="stSidebar"] button', has_text=re.compile(r"^KPU$")).first.click()
    page.wait_for_url(lambda u: "agency" in params(u), timeout=30000)
    assert params(page.url)["agency"] == "KPU"
    bpage.check()


def test_english_view_names_stages_in_english(server, bpage):
    page = bpage.page
    open_page(page, f"{server.url}/ringkasan?lang=en")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Counting and tabulation" in text and "Penghitungan" not in text
    bpage.check()


def test_every_page_shows_the_same_reference_date(server, bpage):
    page = bpage.page
    seen = {}
    for path in PAGES:
        open_page(page, f"{server.url}/{path}")
        lines = [x for x in page.locator('[data-testid="stMain"]').inner_text().splitlines() if x.startswith("Tanggal acuan:")]
        assert lines, f"{path}: no reference date"
        seen[path] = lines[0]
    assert len(set(seen.values())) == 1, seen
    bpage.check()


def test_tables_carry_downloads_and_charts_show_at_once_that_they_are_loading(server, bpage):
    page = bpage.page
    open_page(page, f"{server.url}/berita")
    assert page.get_by_role("button", name="Unduh CSV").count() >= 1
    assert page.get_by_role("button", name="Unduh Excel").count() >= 1
    open_page(page, f"{server.url}/rapat-koordinasi")
    page.wait_for_selector(".js-plotly-plot g.trace", state="attached", timeout=30000)
    # Streamlit marks an element being recomputed as stale; the chart says so at once
    content = page.evaluate("""() => {
      const box = document.querySelector('.js-plotly-plot').closest('[data-testid="stElementContainer"]');
      box.setAttribute('data-stale', 'true');
      return getComputedStyle(box, '::after').content;
    }""")
    assert content.strip('"') == "Memuat…"
    bpage.check()
