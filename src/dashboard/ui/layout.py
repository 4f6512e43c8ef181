"""Page set-up shared by every page: styles, the filter bar, presenter mode, URL sync and
the "copy link" control.

Every page starts with ``ctx = page_setup("ringkasan")`` and ends with ``ctx.finish()``.
The filter bar is rendered by the page itself (not only by ``app.py``) so it also exists
when a page runs alone, as in AppTest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import streamlit as st
from sqlalchemy import Engine

from dashboard.charts import ChartStyle
from dashboard.db.engine import get_engine
from dashboard.filters import Filters
from dashboard.i18n import activity_label, format_period, level_label, t
from dashboard.textsafe import escape_markdown
from dashboard.ui import deferred, state
from dashboard.ui.cache import cached

WIDGET_PREFIX = "w_"
_BAR_PAGE_KEY = "_filter_bar_page"

VIEWER_PAGES = ("ringkasan", "rakor", "wilayah", "instansi", "berita")  # pages with the filter bar
# page name (as given to page_setup) -> URL path; pages not listed use their own name
PAGE_PATHS = {
    "ringkasan": "ringkasan",
    "rakor": "rapat-koordinasi",
    "wilayah": "wilayah",
    "instansi": "instansi",
    "berita": "berita",
}


@dataclass
class PageContext:
    page: str
    filters: Filters
    engine: Engine
    extra_params: dict[str, str] = field(default_factory=dict)
    user: str | None = None
    new_page: bool = False  # first run of this page in the session: the URL must be rewritten
    held: bool = False  # tables held back until the first chart is drawn (``ui.deferred``)
    first_chart: bool | None = None  # whether the run's first chart has points to draw (``ui.deferred.sent``)

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def present(self) -> bool:
        return self.filters.present

    @property
    def style(self) -> ChartStyle:
        return ChartStyle(lang=self.filters.lang, present=self.filters.present, theme=self.filters.theme)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def apply(self, new: Filters, *, remember: bool = True) -> None:
        """Change the filters from the page (a chart click, a button) and run again; the
        filter bar and the URL follow. ``remember`` keeps the old view for "undo"."""
        if new == self.filters:
            return
        if remember:
            state.push_history(self.filters)
        set_filters(new)
        self.filters = new
        self.finish()
        st.rerun()

    def link(self, filters: Filters | None = None, page: str | None = None) -> str:
        """An absolute link to this view (or ``filters`` on ``page``)."""
        return view_url(page or self.page, filters or self.filters, self.extra_params if filters is None else None)

    def finish(self) -> None:
        state.sync_url(self.extra_params, force=self.new_page)
        deferred.release(self)  # last: the run it asks for must not cut the URL's rewrite short


def _options(engine: Engine) -> dict:
    el = cached(engine, "elections")
    ag = cached(engine, "agencies")
    codes = cached(engine, "all_region_codes")
    return {
        "elections": list(el["id"]),
        "agencies": list(ag["name"]),
        "regions": codes,
    }


def _clear_widgets() -> None:
    for k in [k for k in st.session_state.keys() if str(k).startswith(WIDGET_PREFIX)]:
        del st.session_state[k]


def set_filters(filters: Filters) -> None:
    """Change the filters from code (a chart click, a link); the widgets follow."""
    state.set_filters(filters)
    _clear_widgets()


def _init_widget(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


# ---------------------------------------------------------------- links


def query_string(params: dict[str, str]) -> str:
    """``a=1&agency=KPU,Bawaslu``: commas, dots and dashes stay readable."""
    return "&".join(f"{k}={quote(str(v), safe=',-._:')}" for k, v in params.items())


def _page_path(page: str) -> str:
    return PAGE_PATHS.get(page, page)


def view_url(page: str, filters: Filters, extra: dict[str, str] | None = None) -> str:
    """The absolute URL that reproduces ``filters`` on ``page`` in a new browser."""
    from dashboard.filters import to_query_params

    params = to_query_params(filters)
    if extra:
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
    base = ""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - outside a browser session (AppTest)
        url = ""
    if url:
        parts = urlsplit(url)
        root = (st.get_option("server.baseUrlPath") or "").strip("/")
        base = f"{parts.scheme}://{parts.netloc}" + (f"/{root}" if root else "")
    qs = query_string(params)
    return f"{base}/{_page_path(page)}" + (f"?{qs}" if qs else "")


def copy_link(ctx: PageContext, *, key: str, short: bool = False) -> None:
    """A "copy link" control: the link of this view in a code box (its copy button puts it
    on the clipboard without any network)."""
    label = ctx.t("link.short" if short else "link.copy")
    with st.popover(label, icon=":material/link:", key=f"{key}_popover", width="stretch" if short else "content"):
        st.caption(ctx.t("link.help"))
        st.code(ctx.link(), language=None, wrap_lines=True)


# ---------------------------------------------------------------- styles

CSS_COMMON = """
<style>
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
[data-testid="stMetricValue"] { font-size: 2.2rem; }
[data-testid="stMetricLabel"] p { font-size: 1rem; }
/* Streamlit's element toolbar (fullscreen, table search and CSV) speaks only English: every
   table has its own CSV and Excel downloads, every chart plotly's translated toolbar */
[data-testid="stElementToolbar"] { display: none !important; }
/* and so is the "Fullscreen" button it adds to every chart's toolbar (presenter mode is the full screen) */
.modebar-btn[data-title="Fullscreen"], .modebar-btn[data-title="Close fullscreen"] { display: none !important; }
/* "Press Enter to submit form" / "Press Enter to apply" under inputs is English only; every
   form has its button */
[data-testid="InputInstructions"] { display: none !important; }
/* the button that sends the tables held back until the first chart is drawn (ui.deferred) */
[class*="st-key-deferred_go_"] { display: none !important; }
/* a chart held back until the first one is drawn keeps a chart's room (ui.deferred) */
[class*="st-key-deferred_chart_"] { min-height: 420px; }
/* a date range in the sidebar shows both years whole (Streamlit's spacing cuts the last digit) */
[data-testid="stDateInputField"] [role="spinbutton"] { padding: 0 1px !important; }
[data-testid="stDateInputField"] [data-range-field="start"] { padding-left: 8px !important; }
[data-testid="stDateInputField"] [data-range-field="end"] { padding-right: 4px !important; }
</style>
"""

LOADING_TARGETS = ('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"], '
                   '.present-table, [data-testid="stMetric"]')


def loading_css(lang: str) -> str:
    """A chart or table being recomputed (Streamlit marks it stale) says so at once with a
    badge, instead of only fading after about a second."""
    text = t("common.loading", lang).replace('"', "")
    upload = t("common.upload_button", lang).replace('"', "")
    sel = f'[data-testid="stElementContainer"][data-stale="true"]:has({LOADING_TARGETS})'
    return (
        "<style>"
        f"{sel} {{ position: relative; opacity: 0.55; transition: none !important; }}"
        f'{sel}::after {{ content: "{text}"; position: absolute; top: 6px; right: 10px; z-index: 5;'
        " padding: 2px 12px; border-radius: 12px; background: #0B5394; color: #FFFFFF; font-size: 0.9rem;"
        " animation: dashboard-loading 0.9s ease-in-out infinite alternate; }"
        "@keyframes dashboard-loading { from { opacity: 1; } to { opacity: 0.45; } }"
        # Streamlit's file uploader writes "Upload" and "200MB per file • CSV" in English only:
        # the limit and the types are in the widget's label and help; the button speaks the catalogue
        '[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }'
        '[data-testid="stFileUploaderDropzone"] button { font-size: 0 !important; }'
        '[data-testid="stFileUploaderDropzone"] button > * { display: none !important; }'
        f'[data-testid="stFileUploaderDropzone"] button::after {{ content: "{upload}"; font-size: 1rem; }}'
        + date_placeholder_css(lang)
        + "</style>"
    )


DATE_SEGMENT = '[data-testid="stDateInputField"] [role="spinbutton"][data-placeholder="true"][data-type="{part}"]'


def date_placeholder_css(lang: str) -> str:
    """The empty date field shows day, month and year in the interface's language
    (``hh/bb/tttt``): Streamlit's field writes ``dd/mm/yyyy`` whatever the language. The
    segment's own text is hidden and the catalogue's drawn in its place, so the widget's
    behaviour is untouched."""
    out = []
    for part in ("day", "month", "year"):
        sel = DATE_SEGMENT.format(part=part)
        text = t(f"date.ph_{part}", lang).replace('"', "")
        out.append(f"{sel} {{ font-size: 0 !important; }}"
                   f'{sel}::before {{ content: "{text}"; font-size: 14px; }}')
    return "".join(out)


# ---------------------------------------------------------------- the filter caption


def filter_caption(f: Filters, engine: Engine, lang: str) -> str:
    """The active filters in plain language: ``Rapat koordinasi, Kabupaten Solok, Jan–Mar 2020``."""
    parts: list[str] = []
    if f.activities:
        parts.append(", ".join(activity_label(a, lang) for a in f.activities))
    if f.levels:
        parts.append(", ".join(level_label(v, lang) for v in f.levels))
    if f.agencies:
        joiner = " + " if f.agency_all and len(f.agencies) > 1 else ", "
        parts.append(joiner.join(f.agencies))
    if f.region or f.province:
        names = cached(engine, "region_names")
        parts.append(names.get(f.region or f.province, f.region or f.province))
    period = format_period(f.date_from, f.date_to, lang)
    if period:
        parts.append(period)
    if f.election_id:
        el = cached(engine, "elections")
        row = el[el["id"] == f.election_id]
        if not row.empty:
            parts.append(str(row.iloc[0]["name"]))
    if f.q:
        parts.append(f"“{f.q}”")
    return ", ".join(parts) if parts else t("filter.caption_all", lang)


# ---------------------------------------------------------------- the filter bar


def leave_legacy_navigation(*, rerun: bool = True) -> None:
    """A fresh ``streamlit run`` server treats ``pages/`` as a legacy multipage folder until
    ``app.py`` has called ``st.navigation`` once (Streamlit decides before any script
    runs): a deep link then runs the page alone, without ``app.py`` (no navigation, narrow
    layout), or shows "page not found". Switch that mode off; a page run alone runs again,
    through ``app.py``. (``dashboard serve`` starts the server with the mode off.)"""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without it
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if rerun:
            st.rerun()


def page_setup(page: str, *, role: str = "viewer", own_header: bool = False) -> PageContext:
    """Shared start of every page. ``role`` is the least role that may see the page. In
    presenter mode the page draws its header and figures through ``ui.presenter``
    (``own_header`` is kept for callers and has no effect)."""
    from dashboard.ui import auth

    leave_legacy_navigation()
    engine = get_engine()
    options = _options(engine)
    state.current(options)
    switched = state.enter_page(page)
    if switched:
        _clear_widgets()  # widget ids are per page: re-create them from the filter state
    f = st.session_state[state.STATE_KEY]
    ctx = PageContext(page=page, filters=f, engine=engine, new_page=switched)
    if f.present:
        from dashboard.ui import presenter

        presenter.take_pending_view(ctx)
        f = ctx.filters
        presenter.styles(ctx)
        if page not in presenter.TITLES:  # a page that is no slide: title and the way out
            presenter.header(ctx, t(f"page.{page}", f.lang))
    else:
        st.markdown(CSS_COMMON, unsafe_allow_html=True)  # static CSS, no data
        st.markdown(loading_css(f.lang), unsafe_allow_html=True)  # CSS with a catalogue text
        if st.session_state.get(_BAR_PAGE_KEY) != page:
            # Another page drew the filter widgets: their keys belong to that page's widgets,
            # which Streamlit does not carry over; start them again from the filter state.
            _clear_widgets()
            st.session_state[_BAR_PAGE_KEY] = page
        from dashboard.ui import filterbar

        if page in VIEWER_PAGES:
            from dashboard.ui.widgets import reference

            new = filterbar.filter_bar(f, engine, reference(ctx)[0])
            with st.sidebar:
                copy_link(ctx, key="sidebar_link")
        else:  # the filters do nothing here: only the language
            with st.sidebar:
                st.html(filterbar.locale_script(f.lang), unsafe_allow_javascript=True)  # static script
                lang, _ = filterbar.language_and_presenter(f, presenter=False)
            new = f.with_(lang=lang)
        if new != f:
            state.set_filters(new)
            if new.lang != f.lang or new.present != f.present:
                st.rerun()
            f = new
            ctx.filters = f
    if state.notes():
        items = escape_markdown(", ".join(f"{k}={v!s}" for k, v in state.notes()))
        st.info(t("filter.ignored", f.lang, items=items), icon="ℹ️")
    ctx.user = auth.guard(page, role)
    return ctx
