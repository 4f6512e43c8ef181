"""The filter bar in the sidebar of the viewer pages: election, one period control (typed,
picked on a calendar that opens inside the election's period, or chosen among the
election's stages and recent periods), agencies, region, activity kinds, levels, text.

Every text on it comes from the catalogue: agencies, kinds and levels are button groups
(no "Select all" / "Select N matches" of a multiselect, and typing "KPU" cannot pick two
agencies), and the calendar's month and weekday names follow the chosen language
(``locale_script``: Streamlit's date picker takes them from the browser's language).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy import Engine

from dashboard import periods
from dashboard.db.models import ACTIVITIES, LEVELS
from dashboard.filters import ALL_ELECTIONS, Filters
from dashboard.i18n import activity_label, level_label, locale_of, t
from dashboard.ui import state
from dashboard.ui.cache import cached
from dashboard.ui.widget_texts import widget_text_script

PRESET_KEY = "w_preset"
PERIOD_KEY = "w_period"


# The same before the frontend starts (in the HTML document's head, ``dashboard.ui.run``):
# the first render of the widgets already has the language of the link (``lang=en``).
BOOT_LOCALE_SCRIPT = (
    "<script>(() => { const tag = new URLSearchParams(location.search).get('lang') === 'en' ? '"
    + locale_of("en").replace("_", "-") + "' : '" + locale_of("id").replace("_", "-") + "';"
    " for (const [k, v] of [['language', tag], ['languages', [tag]]]) {"
    " try { Object.defineProperty(window.navigator, k, {configurable: true, get: () => v}); } catch (e) {} }"
    " })();</script>"
)


def locale_script(lang: str) -> str:
    """A script that makes the browser report the interface language (``id-ID`` / ``en-GB``)
    to Streamlit's widgets (the date picker writes its months and weekdays from it), and
    gives their own texts (screen-reader names, tooltips, placeholders) in that language."""
    tag = locale_of(lang).replace("_", "-")
    return (
        "<script>(() => { const tag = '" + tag + "';"
        " for (const [k, v] of [['language', tag], ['languages', [tag]]]) {"
        " try { Object.defineProperty(window.navigator, k, {configurable: true, get: () => v}); } catch (e) {} }"
        " document.documentElement.lang = tag.slice(0, 2);"
        " })();" + DATE_ENTER_JS + widget_text_script(lang) + "</script>"
    )


# Streamlit's date field applies a typed date on Escape (a range, closing its calendar) or
# when it loses focus with the calendar closed, not on Enter, which is what everyone
# presses: Enter in a date field (not in its open calendar, where Enter picks a day) does
# both. Installed once per tab.
DATE_ENTER_JS = (
    "(() => { if (window.__dashboardDateEnter) return; window.__dashboardDateEnter = true;"
    " document.addEventListener('keydown', (e) => {"
    " if (e.key !== 'Enter' || e.isComposing || !(e.target instanceof Element)) return;"
    " if (!e.target.closest('[data-testid=\"stDateInputField\"]')) return;"
    " const field = e.target; e.preventDefault(); e.stopPropagation();"
    " field.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', code: 'Escape', bubbles: true}));"
    " setTimeout(() => field.blur(), 0); }, true); })();"
)


def _init(key: str, value) -> None:
    """A filter widget's value: the filter's on the session's first run, its own later. It is
    set again on every run so that Streamlit sends it with the widget: a widget the browser
    had not mounted yet when the next run came (the run that sends a page's held tables,
    ``ui.deferred``) was otherwise drawn with its default, the agency chips from a link shown
    unchosen while they filtered the page."""
    st.session_state[key] = st.session_state[key] if key in st.session_state else value


def _apply_preset(choices: dict) -> None:
    key = st.session_state.get(PRESET_KEY)
    if key in choices:
        p = choices[key]
        st.session_state[PERIOD_KEY] = (p.start, p.end) if p.start and p.end else ()
        st.session_state.pop(PERIOD_KEY + "_shown", None)
    st.session_state[PRESET_KEY] = None


def filter_bar(f: Filters, engine: Engine, ref: dt.date) -> Filters:
    lang = f.lang
    el = cached(engine, "elections")
    ag = cached(engine, "agencies")
    with st.sidebar:
        st.html(locale_script(lang), unsafe_allow_javascript=True)  # static script, no data
        st.markdown(f"### {t('filter.header', lang)}")
        election_ids = list(el["id"]) + [ALL_ELECTIONS]
        election_names = dict(zip(el["id"], el["name"])) | {ALL_ELECTIONS: t("filter.election_all", lang)}
        _init("w_election", f.election if f.election in election_ids else election_ids[0])
        election = st.selectbox(
            t("filter.election", lang), election_ids, format_func=lambda x: election_names.get(x, x), key="w_election"
        )
        election_id = None if election == ALL_ELECTIONS else election

        # -- the period: one control, and quick picks
        stages = cached(engine, "stages", election_id)
        lo, hi = periods.picker_range(stages, ref)
        choices = {p.key: p for p in periods.presets(stages, ref, lang)}
        # a period open at its start ("until 31 Oct") shows from the first day the picker allows
        shown = (f.date_from or min(lo, f.date_to), f.date_to) if f.date_to else ((f.date_from,) if f.date_from else ())
        if PERIOD_KEY not in st.session_state:
            st.session_state[PERIOD_KEY] = shown
            st.session_state[PERIOD_KEY + "_shown"] = shown
        st.selectbox(
            t("filter.preset", lang), list(choices), index=None, key=PRESET_KEY,
            format_func=lambda k: choices[k].label, placeholder=t("filter.preset_none", lang),
            on_change=_apply_preset, args=(choices,),
        )
        chosen = [d for d in st.session_state[PERIOD_KEY] if d]
        picked = st.date_input(  # value=(): a range; its state is the filter state (see _init above)
            t("filter.period", lang), value=(), min_value=min([lo, *chosen]), max_value=max([hi, *chosen]),
            key=PERIOD_KEY, format="DD/MM/YYYY", help=t("filter.period_help", lang),
        )
        picked = tuple(picked) if isinstance(picked, (tuple, list)) else ((picked,) if picked else ())
        if picked == st.session_state.get(PERIOD_KEY + "_shown"):  # untouched: the filter as it was
            date_from, date_to = f.date_from, f.date_to
        else:
            date_from = picked[0] if picked else None
            date_to = picked[1] if len(picked) > 1 else None

        # -- agencies, region, kinds, levels
        agency_names = list(ag["name"])
        _init("w_agency", [a for a in f.agencies if a in agency_names])
        agencies = st.pills(t("filter.agency", lang), agency_names, selection_mode="multi", key="w_agency")
        agency_all = False
        if len(agencies) > 1:
            _init("w_agency_all", f.agency_all)
            agency_all = st.toggle(t("common.agency_match_all", lang), key="w_agency_all")
        prov = cached(engine, "provinces", election_id)
        prov_codes = [""] + list(prov["code"])
        prov_names = dict(zip(prov["code"], prov["name"])) | {"": t("filter.all", lang)}
        _init("w_province", f.province if f.province in prov_codes else "")
        if st.session_state["w_province"] not in prov_codes:
            st.session_state["w_province"] = ""
        province = st.selectbox(
            t("filter.province", lang), prov_codes, format_func=lambda x: prov_names.get(x, x), key="w_province"
        )
        regs = cached(engine, "region_options", election_id, province or None)
        reg_codes = [""] + list(regs["code"])
        reg_names = dict(zip(regs["code"], regs["name"])) | {"": t("filter.all", lang)}
        _init("w_region", f.region if f.region in reg_codes else "")
        if st.session_state["w_region"] not in reg_codes:
            st.session_state["w_region"] = ""
        region = st.selectbox(
            t("filter.region", lang), reg_codes, format_func=lambda x: reg_names.get(x, x), key="w_region"
        )
        _init("w_activity", list(f.activities))
        activities = st.pills(t("filter.activity", lang), list(ACTIVITIES), selection_mode="multi",
                              format_func=lambda a: activity_label(a, lang), key="w_activity")
        _init("w_level", list(f.levels))
        levels = st.pills(t("filter.level", lang), list(LEVELS), selection_mode="multi",
                          format_func=lambda v: level_label(v, lang), key="w_level")
        _init("w_q", f.q)
        q = st.text_input(t("filter.q", lang), key="w_q", max_chars=200)
        if st.button(t("filter.reset", lang), key="w_reset", width="stretch"):
            from dashboard.ui.layout import set_filters

            new = Filters(lang=f.lang, present=f.present, theme=f.theme, freq=f.freq)
            state.push_history(f)
            set_filters(new)
            st.rerun()
        st.divider()
        new_lang, present = language_and_presenter(f)
    if date_from and date_to and date_from > date_to:
        date_to = None
    return f.with_(
        election=election,
        date_from=date_from or None,
        date_to=date_to or None,
        agencies=tuple(agencies or ()),
        agency_all=bool(agency_all) and len(agencies or ()) > 1,
        province=province or None,
        region=region or None,
        activities=tuple(activities or ()),
        levels=tuple(levels or ()),
        q=(q or "").strip(),
        lang=new_lang,
        present=bool(present),
    )


def language_and_presenter(f: Filters, *, presenter: bool = True) -> tuple[str, bool]:
    """The language choice (and the presenter switch on the viewer pages)."""
    lang = f.lang
    _init("w_lang", f.lang)
    new_lang = st.radio(
        t("filter.lang", lang), ["id", "en"], format_func=lambda x: {"id": "Bahasa Indonesia", "en": "English"}[x],
        key="w_lang", horizontal=True,
    )
    present = f.present
    if presenter:
        _init("w_present", f.present)
        present = st.toggle(t("filter.present", lang), key="w_present")
    return new_lang, present
