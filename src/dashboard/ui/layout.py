"""Page set-up shared by every page: styles, the filter bar, presenter mode, URL sync.

Every page starts with ``ctx = page_setup("ringkasan")`` and ends with ``ctx.finish()``.
The filter bar is rendered by the page itself (not only by ``app.py``) so it also exists
when a page runs alone, as in AppTest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st
from sqlalchemy import Engine

from dashboard import queries
from dashboard.charts import ChartStyle
from dashboard.db.engine import get_engine
from dashboard.filters import ALL_ELECTIONS, Filters
from dashboard.i18n import activity_label, format_period, t
from dashboard.db.models import ACTIVITIES
from dashboard.textsafe import escape_markdown
from dashboard.ui import state
from dashboard.ui.cache import cached

WIDGET_PREFIX = "w_"
_BAR_PAGE_KEY = "_filter_bar_page"
MIN_DATE = dt.date(2015, 1, 1)
MAX_DATE = dt.date(2030, 12, 31)


@dataclass
class PageContext:
    page: str
    filters: Filters
    engine: Engine
    extra_params: dict[str, str] = field(default_factory=dict)
    user: str | None = None

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def style(self) -> ChartStyle:
        return ChartStyle(lang=self.filters.lang, present=self.filters.present, theme=self.filters.theme)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def finish(self) -> None:
        state.sync_url(self.extra_params)


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


CSS_COMMON = """
<style>
[data-testid="stMetricValue"] { font-size: 2.2rem; }
[data-testid="stMetricLabel"] p { font-size: 1rem; }
</style>
"""

CSS_PRESENT = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stMetricValue"] { font-size: 3rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
h1 { font-size: 2.4rem !important; } h2 { font-size: 2rem !important; } h3 { font-size: 1.6rem !important; }
</style>
"""

CSS_DARK = """
<style>
[data-testid="stAppViewContainer"], [data-testid="stMain"], .stApp { background: #111418 !important; color: #F5F5F5 !important; }
[data-testid="stMarkdownContainer"], [data-testid="stMetricValue"], [data-testid="stMetricLabel"], h1, h2, h3, p, label { color: #F5F5F5 !important; }
</style>
"""


def filter_caption(f: Filters, engine: Engine, lang: str) -> str:
    """The active filters in plain language: ``Rakor, Kabupaten Solok, Jan–Mar 2020``."""
    parts: list[str] = []
    if f.activities:
        parts.append(", ".join(activity_label(a, lang) for a in f.activities))
    if f.agencies:
        parts.append(", ".join(f.agencies))
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
        _init_widget("w_q", f.q)
        q = st.text_input(t("filter.q", lang), key="w_q", max_chars=200)
        if st.button(t("filter.reset", lang), key="w_reset", width="stretch"):
            new = Filters(lang=f.lang, present=f.present, theme=f.theme)
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
        province=province or None,
        region=region or None,
        activities=tuple(activities),
        q=(q or "").strip(),
        lang=new_lang,
        present=bool(present),
    )


def page_setup(page: str, *, role: str = "viewer") -> PageContext:
    """Shared start of every page. ``role`` is the least role that may see the page."""
    from dashboard.ui import auth

    engine = get_engine()
    options = _options(engine)
    f = state.current(options)
    if f.present:
        st.markdown(CSS_PRESENT, unsafe_allow_html=True)  # static CSS, no data
        if f.theme == "dark":
            st.markdown(CSS_DARK, unsafe_allow_html=True)  # static CSS, no data
        if st.button("✕ " + t("filter.exit_present", f.lang), key="exit_present"):
            set_filters(f.with_(present=False))
            st.rerun()
    else:
        st.markdown(CSS_COMMON, unsafe_allow_html=True)  # static CSS, no data
        if st.session_state.get(_BAR_PAGE_KEY) != page:
            # Another page drew the filter widgets: their keys belong to that page's widgets,
            # which Streamlit does not carry over; start them again from the filter state.
            _clear_widgets()
            st.session_state[_BAR_PAGE_KEY] = page
        new = _filter_bar(f, engine)
        if new != f:
            state.set_filters(new)
            if new.lang != f.lang or new.present != f.present:
                st.rerun()
            f = new
    if state.notes():
        items = escape_markdown(", ".join(f"{k}={v!s}" for k, v in state.notes()))
        st.info(t("filter.ignored", f.lang, items=items), icon="ℹ️")
    user = auth.guard(page, role)
    return PageContext(page=page, filters=f, engine=engine, user=user)
