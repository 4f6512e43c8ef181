"""Presenter mode as a presentation: every viewer page shows one figure per screen, fitted
to the window (1366x768 and 1920x1080 alike, no scrolling), in a light or dark theme that
covers every element; a presentation clicker steps through the figures (arrow keys,
PageUp/PageDown), past the last figure of a page to the next page; Escape leaves presenter
mode; a menu changes the page without leaving it.

The figures of a page are ``View``s (``view`` in the URL). Layout only: the logic of what a
view shows lives in the pages and the plain modules.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.config import PROJECT_DIR
from dashboard.ui import state

# the viewer pages in deck order: (page name, file)
DECK = (
    ("ringkasan", "pages/ringkasan.py"),
    ("rakor", "pages/rapat_koordinasi.py"),
    ("wilayah", "pages/wilayah.py"),
    ("instansi", "pages/instansi.py"),
    ("berita", "pages/berita.py"),
)
TITLES = {"ringkasan": "page.ringkasan", "rakor": "page.rakor", "wilayah": "page.wilayah",
          "instansi": "page.instansi", "berita": "page.berita"}
PENDING_VIEW_KEY = "_present_pending_view"  # the view to open on the page being switched to
FIGURE_KEY = "present_figure"


@dataclass
class View:
    name: str  # the URL value of ``view``
    render: Callable[[], None]


def view_names(items: Sequence[View]) -> list[str]:
    return [v.name for v in items]


def current_view(ctx, names: Sequence[str]) -> str:
    return ctx.filters.view if ctx.filters.view in names else names[0]


def take_pending_view(ctx) -> None:
    """After a page switch by the clicker, open the view it asked for (the last figure
    when stepping back from the next page)."""
    want = st.session_state.pop(PENDING_VIEW_KEY, None)
    if want and ctx.present and ctx.filters.view != want:
        ctx.filters = ctx.filters.with_(view=want)
        state.set_filters(ctx.filters)


# ---------------------------------------------------------------- styles

CSS_PRESENT = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stAppDeployButton"],
[data-testid="stMainMenu"], footer, [data-testid="stElementToolbar"],
.modebar-btn[data-title="Fullscreen"], .modebar-btn[data-title="Close fullscreen"] { display: none !important; }
/* one screen: the page is a column as high as the window; the figure takes what is left */
[data-testid="stMain"] { overflow: hidden !important; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding: 0.5rem 1.2rem 0.5rem 1.2rem !important; max-width: 100% !important;
  height: 100vh; box-sizing: border-box; display: flex; flex-direction: column; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { flex: 1 1 auto; min-height: 0; gap: 0.35rem; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > * { flex-shrink: 0; }
.st-key-present_header, .st-key-present_header [data-testid="stHorizontalBlock"],
.st-key-present_header [data-testid="stElementContainer"] { flex: 0 0 auto !important; height: auto !important; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"]:has(> .st-key-present_figure) {
  flex: 1 1 0; min-height: 0; }
.st-key-present_figure { height: 100%; min-height: 0; flex: 1 1 0; }
/* the chart takes the height left by the figure's other lines (basis 0: not its own height) */
.st-key-present_figure [data-testid="stLayoutWrapper"]:has([data-testid="stPlotlyChart"]),
.st-key-present_figure [data-testid="stVerticalBlock"]:has([data-testid="stPlotlyChart"]),
.st-key-present_figure [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) { flex: 1 1 0; min-height: 0; }
.st-key-present_figure [data-testid="stFullScreenFrame"],
.st-key-present_figure [data-testid="stPlotlyChart"] { height: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stAppViewContainer"], [data-testid="stMain"], .stApp { background: #FFFFFF !important; }
[data-testid="stMarkdownContainer"], h1, h2, h3, p, label { color: #000000; }
h1 { font-size: 1.9rem !important; padding: 0 !important; margin: 0 !important; line-height: 1.15 !important; }
.present-head { padding-bottom: 1rem; }  /* Streamlit pulls Markdown up by 1rem at its end */
.present-head h1 { font-weight: 700; } .present-head p.present-caption { margin: 0.1rem 0 0 0 !important; line-height: 1.25; }
h2 { font-size: 1.6rem !important; padding: 0.2rem 0 !important; } h3 { font-size: 1.35rem !important; }
[data-testid="stCaptionContainer"] p, .present-caption { font-size: 1.2rem !important; color: #111111 !important; }
[data-testid="stMetricValue"] { font-size: 2.5rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem !important; }
button p { font-size: 1.05rem !important; }
.st-key-present_controls button p { font-size: 0.95rem !important; white-space: nowrap; }
.present-table { width: 100%; border-collapse: collapse; font-size: min(1.05rem, 2.3vh); }
.present-table td { max-width: 38vw; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.present-table th { text-align: left; border-bottom: 2px solid #444; padding: 0.3rem 0.5rem; }
.present-table td { border-bottom: 1px solid #C8C8C8; padding: 0.3rem 0.5rem; vertical-align: top; }
.present-table td.num, .present-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
.present-more { font-size: 1.05rem; margin-top: 0.3rem; }
</style>
"""

# The dark theme covers every element a presenter page can show: text, labels, buttons and
# button groups, inputs and their menus, popovers, code, alerts, bordered boxes, tables.
CSS_DARK = """
<style>
:root { --present-bg: #111418; --present-fg: #F5F5F5; --present-panel: #1F252C; --present-line: #5A636D; }
[data-testid="stAppViewContainer"], [data-testid="stMain"], .stApp, body { background: var(--present-bg) !important; color: var(--present-fg) !important; }
[data-testid="stMarkdownContainer"], [data-testid="stMetricValue"], [data-testid="stMetricLabel"], h1, h2, h3, h4, p, li,
label, span, small, strong, [data-testid="stWidgetLabel"], [data-testid="stWidgetLabel"] p,
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, .present-caption, .present-more { color: var(--present-fg) !important; }
button[kind], [data-testid^="stBaseButton"], [data-testid="stPopover"] button, [data-testid="stButtonGroup"] button,
[data-testid="stPageLink"] a {
  background: var(--present-panel) !important; color: var(--present-fg) !important; border: 1px solid var(--present-line) !important; }
[data-testid="stButtonGroup"] button[aria-pressed="true"], [data-testid="stButtonGroup"] button[aria-checked="true"] {
  background: #2E6DA4 !important; }
button[kind]:disabled, [data-testid^="stBaseButton"]:disabled { color: #7A838C !important; opacity: 1 !important; }
button[kind] p, button[kind] span, [data-testid^="stBaseButton"] p, [data-testid^="stBaseButton"] span { color: inherit !important; }
[data-baseweb="select"] > div, [data-baseweb="input"], [data-baseweb="base-input"], input, textarea,
[data-testid="stNumberInput"] button, [data-baseweb="popover"] ul, [data-baseweb="menu"], [role="listbox"], [role="option"],
[data-testid="stPopoverBody"], [data-testid="stExpander"] details, [data-testid="stExpander"] summary,
[data-testid="stVerticalBlockBorderWrapper"], .st-key-present_figure [data-testid="stVerticalBlock"][data-border="true"],
pre, code, [data-testid="stCode"], [data-testid="stAlert"], [data-testid="stAlertContainer"] {
  background: var(--present-panel) !important; color: var(--present-fg) !important; border-color: var(--present-line) !important; }
[role="option"]:hover, [aria-selected="true"][role="option"] { background: #2A323B !important; }
svg[data-baseweb="icon"], [data-testid="stIconMaterial"] { color: var(--present-fg) !important; fill: currentColor; }
.present-table th { border-bottom-color: #B8C0C8; color: var(--present-fg); }
.present-table td { border-bottom-color: #3A3F45; color: var(--present-fg); }
a { color: #8CC8FF !important; }
</style>
"""

# Clicker and keyboard: next / previous figure, leave presenter mode. Installed once per
# browser tab; it acts only while the presenter controls are on the page and never while
# the focus is in a text field or a menu is open.
KEYS_JS = """
<script>
(() => {
  if (window.__dashboardPresenterKeys) return;
  window.__dashboardPresenterKeys = true;
  const NEXT = ['ArrowRight', 'ArrowDown', 'PageDown'];
  const PREV = ['ArrowLeft', 'ArrowUp', 'PageUp'];
  document.addEventListener('keydown', (e) => {
    if (!document.querySelector('.st-key-present_exit')) return;
    if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (document.querySelector('[data-testid="stPopoverBody"], [role="dialog"], [role="listbox"]')) return;
    const press = (key) => {
      const b = document.querySelector('.st-key-' + key + ' button');
      if (b && !b.disabled) { e.preventDefault(); e.stopPropagation(); b.click(); }
    };
    if (NEXT.includes(e.key)) press('present_next');
    else if (PREV.includes(e.key)) press('present_prev');
    else if (e.key === 'Escape') press('present_exit');
  }, true);
})();
</script>
"""


def styles(ctx) -> None:
    from dashboard.ui.layout import loading_css

    st.markdown(CSS_PRESENT, unsafe_allow_html=True)  # static CSS, no data
    st.markdown(loading_css(ctx.lang), unsafe_allow_html=True)  # CSS with a catalogue text
    if ctx.filters.theme == "dark":
        st.markdown(CSS_DARK, unsafe_allow_html=True)  # static CSS, no data
    st.sidebar.html(KEYS_JS, unsafe_allow_javascript=True)  # static script; the sidebar is hidden


# ---------------------------------------------------------------- the header


def _deck_index(page: str) -> int:
    names = [p for p, _ in DECK]
    return names.index(page) if page in names else -1


def _switch(ctx, page: str, view: str | None) -> None:
    """Go to another viewer page, staying in presenter mode."""
    from dashboard.ui.layout import set_filters

    f = ctx.filters.with_(item=None, view=None)
    set_filters(f)
    if view:
        st.session_state[PENDING_VIEW_KEY] = view
    path = dict(DECK)[page]
    st.switch_page(str(PROJECT_DIR / path))


def header(ctx, title: str, views: Sequence[str] = (), *, last_view_of: dict[str, str] | None = None) -> None:
    """Title and filter caption, then the controls on the same row: previous / next figure
    (on to the neighbouring page at either end), the page menu, theme, link and exit."""
    from dashboard.ui.layout import copy_link, filter_caption

    f = ctx.filters
    caption = filter_caption(f, ctx.engine, ctx.lang)
    top = st.container(key="present_header").columns([3.3, 6.2], vertical_alignment="center", gap="small")
    with top[1].container(key="present_controls"):
        cols = [None] + st.columns([0.5, 0.65, 0.5, 1.35, 1.15, 1.25, 1.1], vertical_alignment="center", gap="small")
    cols[0] = top[0]
    with cols[0]:
        st.markdown(  # HTML, not Markdown: title and caption are HTML-escaped, never Markdown-escaped
            f'<div class="present-head"><h1>{html.escape(title)}</h1>'
            f'<p class="present-caption">{html.escape(caption)}</p></div>',
            unsafe_allow_html=True,
        )
    names = list(views) or [""]
    i = names.index(f.view) if f.view in names else 0
    k = _deck_index(ctx.page)
    prev_page = DECK[k - 1][0] if k > 0 else None
    next_page = DECK[k + 1][0] if 0 <= k < len(DECK) - 1 else None
    at_first, at_last = i == 0, i == len(names) - 1
    if cols[1].button("◀", key="present_prev", disabled=at_first and prev_page is None, width="stretch",
                      help=ctx.t("present.prev")):
        if at_first:
            _switch(ctx, prev_page, (last_view_of or LAST_VIEWS).get(prev_page))
        ctx.apply(f.with_(view=names[i - 1]), remember=False)
    cols[2].markdown(
        f'<p style="text-align:center;margin:0;font-size:1.2rem;white-space:nowrap">'
        f'{html.escape(ctx.t("present.of", i=i + 1, n=len(names)))}</p>',
        unsafe_allow_html=True,  # numbers only
    )
    if cols[3].button("▶", key="present_next", disabled=at_last and next_page is None, width="stretch",
                      help=ctx.t("present.next")):
        if at_last:
            _switch(ctx, next_page, None)
        ctx.apply(f.with_(view=names[i + 1]), remember=False)
    with cols[4]:
        with st.popover(ctx.t("present.pages"), icon=":material/menu:", key="present_pages", width="stretch"):
            for page, _path in DECK:
                if st.button(ctx.t(TITLES[page]), key=f"present_go_{page}", width="stretch",
                             disabled=page == ctx.page):
                    _switch(ctx, page, None)
    other = "light" if f.theme == "dark" else "dark"
    if cols[5].button(
        ctx.t("present.theme_short_" + other), key="present_theme", width="stretch",
        icon=":material/dark_mode:" if other == "dark" else ":material/light_mode:", help=ctx.t("present.theme_" + other),
    ):
        ctx.apply(f.with_(theme=other), remember=False)
    with cols[6]:
        copy_link(ctx, key="present_link", short=True)
    if cols[7].button(ctx.t("present.exit_short"), key="present_exit", width="stretch", icon=":material/close:",
                      help=ctx.t("present.exit_help")):
        ctx.apply(f.with_(present=False, view=None), remember=False)


# the last figure of each page, for stepping back from the next page
LAST_VIEWS = {"ringkasan": "latest", "rakor": "calendar", "wilayah": "inactive", "instansi": "change", "berita": None}


def show(ctx, title: str, items: Sequence[View]) -> None:
    """The header and the current figure, in the container that takes the rest of the screen."""
    names = view_names(items)
    header(ctx, title, names)
    current = current_view(ctx, names)
    with st.container(key=FIGURE_KEY):
        items[names.index(current)].render()


# ---------------------------------------------------------------- tables on a screen


def table(view: pd.DataFrame, *, rows: int, more: str | None = None, numeric: Sequence[str] = ()) -> None:
    """A table as large type for a room (HTML, styled by both themes), at most ``rows`` rows;
    ``more`` says what was left out."""
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{html.escape(str(c))}</th>' for c in view.columns)
    body = []
    for _, r in view.head(rows).iterrows():
        cells = "".join(
            f'<td class="{"num" if c in numeric else ""}">{html.escape("" if pd.isna(v) else str(v))}</td>'
            for c, v in r.items()
        )
        body.append(f"<tr>{cells}</tr>")
    out = f'<table class="present-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    if more:
        out += f'<p class="present-more">{html.escape(more)}</p>'
    st.markdown(out, unsafe_allow_html=True)  # every value is HTML-escaped
