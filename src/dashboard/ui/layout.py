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
from dashboard.db.models import ACTIVITIES, LEVELS
from dashboard.filters import ALL_ELECTIONS, MAX_DATE, MIN_DATE, Filters
from dashboard.i18n import activity_label, format_period, level_label, t
from dashboard.textsafe import escape_markdown
from dashboard.ui import state
from dashboard.ui.cache import cached

WIDGET_PREFIX = "w_"
_BAR_PAGE_KEY = "_filter_bar_page"

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
</style>
"""

CSS_PRESENT = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stAppDeployButton"],
[data-testid="stMainMenu"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding: 0.6rem 1.2rem 0.4rem 1.2rem !important; max-width: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stAppViewContainer"], [data-testid="stMain"], .stApp { background: #FFFFFF !important; }
[data-testid="stMarkdownContainer"], h1, h2, h3, p, label { color: #000000; }
h1 { font-size: 2rem !important; padding: 0 !important; margin: 0 !important; line-height: 1.2 !important; }
h2 { font-size: 1.7rem !important; } h3 { font-size: 1.4rem !important; }
[data-testid="stCaptionContainer"] p, .present-caption { font-size: 1.35rem !important; color: #111111 !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.2rem !important; }
[data-testid="stVerticalBlock"] { gap: 0.45rem; }
button p { font-size: 1.05rem !important; }
/* one figure per screen: the chart takes the height left below the header */
[data-testid="stPlotlyChart"] { height: max(420px, calc(100vh - 150px)) !important; }
.st-key-present_short [data-testid="stPlotlyChart"] { height: 330px !important; }
</style>
"""

CSS_DARK = """
<style>
[data-testid="stAppViewContainer"], [data-testid="stMain"], .stApp { background: #111418 !important; color: #F5F5F5 !important; }
[data-testid="stMarkdownContainer"], [data-testid="stMetricValue"], [data-testid="stMetricLabel"], h1, h2, h3, p, label,
[data-testid="stCaptionContainer"] p, .present-caption { color: #F5F5F5 !important; }
button[kind], [data-testid^="stBaseButton"], [data-testid="stPopover"] button {
  background: #1F252C !important; color: #F5F5F5 !important; border: 1px solid #5A636D !important; }
button[kind]:disabled, [data-testid^="stBaseButton"]:disabled { color: #7A838C !important; }
button[kind] p, button[kind] span, [data-testid^="stBaseButton"] p, [data-testid^="stBaseButton"] span { color: inherit !important; }
</style>
"""


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


def _filter_bar(ctx_filters: Filters, engine: Engine) -> Filters:
    f = ctx_filters
    lang = f.lang
    el = cached(engine, "elections")
    ag = cached(engine, "agencies")

    with st.sidebar:
        st.markdown(f"### {t('filter.header', lang)}")
        election_ids = list(el["id"]) + [ALL_ELECTIONS]
        election_names = dict(zip(el["id"], el["name"])) | {ALL_ELECTIONS: t("filter.election_all", lang)}
        _init_widget("w_election", f.election if f.election in election_ids else election_ids[0])
        election = st.selectbox(
            t("filter.election", lang), election_ids, format_func=lambda x: election_names.get(x, x), key="w_election"
        )
        _init_widget("w_from", f.date_from)
        _init_widget("w_to", f.date_to)
        date_from = st.date_input(t("filter.from", lang), min_value=MIN_DATE, max_value=MAX_DATE, key="w_from", format="DD/MM/YYYY")
        date_to = st.date_input(t("filter.to", lang), min_value=MIN_DATE, max_value=MAX_DATE, key="w_to", format="DD/MM/YYYY")

        agency_names = list(ag["name"])
        _init_widget("w_agency", [a for a in f.agencies if a in agency_names])
        agencies = st.multiselect(t("filter.agency", lang), agency_names, key="w_agency", placeholder=t("filter.all", lang))
        agency_all = False
        if len(agencies) > 1:
            _init_widget("w_agency_all", f.agency_all)
            agency_all = st.toggle(t("common.agency_match_all", lang), key="w_agency_all")

        election_id = None if election == ALL_ELECTIONS else election
        prov = cached(engine, "provinces", election_id)
        prov_codes = [""] + list(prov["code"])
        prov_names = dict(zip(prov["code"], prov["name"])) | {"": t("filter.all", lang)}
        _init_widget("w_province", f.province if f.province in prov_codes else "")
        if st.session_state["w_province"] not in prov_codes:
            st.session_state["w_province"] = ""
        province = st.selectbox(
            t("filter.province", lang), prov_codes, format_func=lambda x: prov_names.get(x, x), key="w_province"
        )
        regs = cached(engine, "region_options", election_id, province or None)
        reg_codes = [""] + list(regs["code"])
        reg_names = dict(zip(regs["code"], regs["name"])) | {"": t("filter.all", lang)}
        _init_widget("w_region", f.region if f.region in reg_codes else "")
        if st.session_state["w_region"] not in reg_codes:
            st.session_state["w_region"] = ""
        region = st.selectbox(
            t("filter.region", lang), reg_codes, format_func=lambda x: reg_names.get(x, x), key="w_region"
        )
        _init_widget("w_activity", list(f.activities))
        activities = st.multiselect(
            t("filter.activity", lang),
            list(ACTIVITIES),
            format_func=lambda a: activity_label(a, lang),
            key="w_activity",
            placeholder=t("filter.all", lang),
        )
        _init_widget("w_level", list(f.levels))
        levels = st.multiselect(
            t("filter.level", lang),
            list(LEVELS),
            format_func=lambda v: level_label(v, lang),
            key="w_level",
            placeholder=t("filter.all", lang),
        )
        _init_widget("w_q", f.q)
        q = st.text_input(t("filter.q", lang), key="w_q", max_chars=200)
        if st.button(t("filter.reset", lang), key="w_reset", width="stretch"):
            new = Filters(lang=f.lang, present=f.present, theme=f.theme, freq=f.freq)
            state.push_history(f)
            set_filters(new)
            st.rerun()

        st.divider()
        _init_widget("w_lang", f.lang)
        new_lang = st.radio(
            t("filter.lang", lang), ["id", "en"], format_func=lambda x: {"id": "Bahasa Indonesia", "en": "English"}[x],
            key="w_lang", horizontal=True,
        )
        _init_widget("w_present", f.present)
        present = st.toggle(t("filter.present", lang), key="w_present")

    if date_from and date_to and date_from > date_to:
        date_to = None
    return f.with_(
        election=election,
        date_from=date_from or None,
        date_to=date_to or None,
        agencies=tuple(agencies),
        agency_all=bool(agency_all) and len(agencies) > 1,
        province=province or None,
        region=region or None,
        activities=tuple(activities),
        levels=tuple(levels),
        q=(q or "").strip(),
        lang=new_lang,
        present=bool(present),
    )


def _presenter_bar(ctx: PageContext) -> None:
    """Presenter mode keeps three small controls at the top right: theme, link, exit."""
    f = ctx.filters
    _, c_theme, c_link, c_exit = st.columns([5.5, 1.3, 1.45, 1.3], vertical_alignment="center")
    other = "light" if f.theme == "dark" else "dark"
    if c_theme.button(
        ctx.t("present.theme_short_" + other), key="present_theme", width="stretch",
        icon=":material/dark_mode:" if other == "dark" else ":material/light_mode:", help=ctx.t("present.theme_" + other),
    ):
        ctx.apply(f.with_(theme=other), remember=False)
    with c_link:
        copy_link(ctx, key="present_link", short=True)
    if c_exit.button(ctx.t("present.exit_short"), key="exit_present", width="stretch", icon=":material/close:",
                     help=ctx.t("filter.exit_present")):
        ctx.apply(f.with_(present=False, view=None), remember=False)


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
    """Shared start of every page. ``role`` is the least role that may see the page.
    ``own_header``: the page draws the presenter controls in its own header
    (``ui.meetings.header``); otherwise they come first on the page."""
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
        st.markdown(CSS_PRESENT, unsafe_allow_html=True)  # static CSS, no data
        if f.theme == "dark":
            st.markdown(CSS_DARK, unsafe_allow_html=True)  # static CSS, no data
        if not own_header:
            _presenter_bar(ctx)
    else:
        st.markdown(CSS_COMMON, unsafe_allow_html=True)  # static CSS, no data
        if st.session_state.get(_BAR_PAGE_KEY) != page:
            # Another page drew the filter widgets: their keys belong to that page's widgets,
            # which Streamlit does not carry over; start them again from the filter state.
            _clear_widgets()
            st.session_state[_BAR_PAGE_KEY] = page
        new = _filter_bar(f, engine)
        with st.sidebar:
            copy_link(ctx, key="sidebar_link")
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
