"""Streamlit widgets of the Wilayah Pilkada page: the national / province map with its
controls, the readiness summary and table, the inactive list and the region page.

Logic lives in ``readiness``, ``maps``, ``boundaries`` and ``queries.regions``; this
module lays things out and turns clicks into filter changes. Article titles (untrusted)
are only ever shown through ``st.dataframe``; Markdown gets ``escape_markdown``.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import boundaries, maps, readiness, reference
from dashboard.config import get_settings
from dashboard.filters import Filters, to_query_params
from dashboard.i18n import format_date, format_number, t
from dashboard.textsafe import escape_markdown
from dashboard.ui import presenter, state
from dashboard.ui.cache import cached, figure
from dashboard.ui.layout import PageContext, set_filters
from dashboard.ui.widgets import chart, download_table
from dashboard.ui.widgets import reference as page_reference

MAP_KEY = "regions_map"
DAYS_KEY = "regions_days"
METRIC_KEY = "regions_metric"
PROVINCE_KEY = "w_regions_province"  # w_ prefix: reset whenever the filters change from code


# ---------------------------------------------------------------- shared state


@st.cache_data(show_spinner=False, max_entries=1)
def _points() -> dict[str, tuple[float, float]]:
    return {c: (r.lat, r.lon) for c, r in reference.regions().items()}


def window_days(ctx: PageContext) -> int:
    """N of "no activity in the last N days": the ``days`` URL parameter, then the widget."""
    if DAYS_KEY not in st.session_state:
        st.session_state[DAYS_KEY] = readiness.clamp_days(st.query_params.get("days"))
    days = readiness.clamp_days(st.session_state[DAYS_KEY])
    if days != readiness.DEFAULT_WINDOW_DAYS:
        ctx.extra_params["days"] = str(days)
    return days


def election_context(ctx: PageContext) -> tuple[dict | None, dt.date, str]:
    """(election row, the reference date of every page, why that day)."""
    info = cached(ctx.engine, "election_info", ctx.filters.election_id)
    ref, why = page_reference(ctx)
    return info, ref, why


def _open_region(f: Filters, code: str, province: str | None) -> None:
    set_filters(f.with_(region=code, province=province if f.province else None))
    st.rerun()


def _link(f: Filters, **changes) -> str:
    params = to_query_params(f.with_(**changes))
    return "/wilayah?" + urlencode(params) if params else "/wilayah"


# ---------------------------------------------------------------- notes from the URL


URL_NOTE_KEY = "_regions_url_note"


def url_notes(ctx: PageContext) -> None:
    """A visible note when the ``region`` link parameter could not be used: an unknown code,
    or a region with no contest in the chosen election. Worked out once, from the link the
    session opened with (later runs see the page's own URL), and shown while that election
    stays chosen and no region is open."""
    lang, f = ctx.lang, ctx.filters
    bad = [v for k, v in state.notes() if k in ("region", "province")]
    if bad:
        st.warning(t("regions.note.bad_code", lang, code=escape_markdown(str(bad[0])[:24])), icon=":material/warning:")
        return
    if URL_NOTE_KEY not in st.session_state:
        note = None
        raw = (st.query_params.get("region") or "").strip()
        if raw and f.region is None and raw in cached(ctx.engine, "region_names"):
            info = cached(ctx.engine, "regions.region_info", raw)
            others = ", ".join(f"{c['election_name']} ({maps.contest_label(c['contest'], lang)})"
                               for c in info["contests"])
            el = cached(ctx.engine, "election_info", f.election_id)
            note = (f.election, t("regions.note.not_in_election", lang, name=info["name"],
                                  election=el["name"] if el else "–", others=others or "–"))
        st.session_state[URL_NOTE_KEY] = note
    note = st.session_state[URL_NOTE_KEY]
    if note and note[0] == f.election and f.region is None:
        st.warning(note[1], icon=":material/warning:")


# ---------------------------------------------------------------- national / province view


def readiness_frame(ctx: PageContext, ref: dt.date, days: int, codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    raw = cached(ctx.engine, "regions.readiness", ctx.filters, ref, readiness.window_start(ref, days), codes)
    return readiness.build(raw, ref)


def headline(ctx: PageContext, df: pd.DataFrame, info: dict | None, ref: dt.date, days: int) -> None:
    lang = ctx.lang
    counts = readiness.status_counts(df)
    total = len(df)
    met = total - counts["none"]
    c = st.columns(5)
    c[0].metric(t("regions.kpi.regions", lang), format_number(total, lang))
    c[1].metric(t("regions.kpi.met", lang), format_number(met, lang), help=t("regions.kpi.met_help", lang))
    c[2].metric(t("regions.kpi.ready", lang), format_number(counts["ready"], lang), help=t("regions.kpi.ready_help", lang))
    c[3].metric(t("regions.kpi.inactive", lang, n=days), format_number(int((~df["active"]).sum()), lang),
                help=t("regions.kpi.inactive_help", lang, n=days))
    vd = info.get("voting_date") if info else None
    parts = []
    if vd:
        left = (vd - dt.date.today()).days
        if left > 0:
            value = t("regions.kpi.days_left", lang, n=format_number(left, lang))
        else:
            value = t("regions.kpi.today" if left == 0 else "regions.kpi.passed", lang)
        c[4].metric(t("regions.kpi.voting", lang), value, help=format_date(vd, lang))
        parts.append(t("regions.kpi.voting_on", lang, date=format_date(vd, lang)))
    parts.append(t("regions.inactive.caption", lang, start=format_date(readiness.window_start(ref, days), lang),
                   end=format_date(ref, lang)))
    st.caption(" · ".join(parts))


def map_settings(national: bool) -> tuple[str, bool]:
    """(metric, labels) as chosen in the controls under the map (read before they render)."""
    metric = st.session_state.get(METRIC_KEY) or "readiness"
    labels = st.session_state.get(_labels_key(national), not national)
    return metric, bool(labels)


def _labels_key(national: bool) -> str:
    return f"regions_labels_{'national' if national else 'province'}"


def map_controls(ctx: PageContext, national: bool) -> None:
    """The controls under the map: colouring, the active window N, province, labels."""
    lang, f = ctx.lang, ctx.filters
    # two rows: in one, the window's five choices and the labels' switch were cut off at 1366 px
    c1, c2, c4 = st.columns([2.2, 3.6, 2.0], vertical_alignment="bottom")
    c3 = st.columns([2.2, 5.6])[0]
    if METRIC_KEY not in st.session_state:
        st.session_state[METRIC_KEY] = "readiness"
    c1.segmented_control(
        t("regions.control.metric", lang), ["readiness", "events"], key=METRIC_KEY, required=True,
        format_func=lambda m: t(f"regions.control.metric_{m}", lang),
    )
    days_now = int(st.session_state.get(DAYS_KEY, readiness.DEFAULT_WINDOW_DAYS))
    options = sorted(set(readiness.WINDOW_CHOICES) | {days_now})
    c2.segmented_control(t("regions.control.days", lang), options, key=DAYS_KEY, required=True,
                         format_func=lambda n: t("regions.days", lang, n=n))
    prov = cached(ctx.engine, "provinces", f.election_id)
    codes = [""] + list(prov["code"])
    names = dict(zip(prov["code"], prov["name"])) | {"": t("regions.control.all_provinces", lang)}
    want = f.province if f.province in codes else ""
    if st.session_state.get(PROVINCE_KEY) != want:
        st.session_state[PROVINCE_KEY] = want
    c3.selectbox(t("regions.control.province", lang), codes, key=PROVINCE_KEY, format_func=lambda c: names.get(c, c),
                 on_change=_province_changed, args=(f,))
    key = _labels_key(national)
    if key not in st.session_state:
        st.session_state[key] = not national
    c4.toggle(t("regions.control.labels", lang), key=key)
    st.caption(t("regions.map.hint_national" if national else "regions.map.hint_province", lang))


def _province_changed(f: Filters) -> None:
    chosen = st.session_state.get(PROVINCE_KEY) or None
    if chosen != f.province:
        set_filters(f.with_(province=chosen, region=None))


def _boundary_map_inputs(ctx: PageContext, df: pd.DataFrame) -> tuple[str, dict | None, pd.DataFrame | None]:
    """(geo mode, GeoJSON, provinces) for the displayed regions; messages for bad files."""
    lang = ctx.lang
    result = boundaries.load(get_settings().boundary_file, _points())
    if result is None:
        return "points", None, None
    if result.problem is not None:
        st.warning(t("regions.boundary.fallback", lang) + " " + t(result.problem.key, lang, **result.problem.fmt()),
                   icon=":material/map:")
        return "points", None, None
    b = result.boundaries
    for note in result.notes:
        st.caption(t(note.key, lang, **note.fmt()))
    kab = df[df["level"] != "provinsi"]["code"]
    gov = df[df["level"] == "provinsi"]["code"]
    provinces = set(df["province_code"]) | set(gov)
    cov = boundaries.coverage(b, kab, provinces)
    if cov.mode == "points":
        if cov.missing:
            names = cached(ctx.engine, "region_names")
            sample = ", ".join(names.get(c, c) for c in cov.missing[:6])
            more = len(cov.missing) - 6
            st.warning(
                t("regions.boundary.partial", lang, n=format_number(len(cov.missing), lang), names=escape_markdown(sample))
                + (" " + t("regions.boundary.more", lang, n=format_number(more, lang)) if more > 0 else ""),
                icon=":material/map:",
            )
        return "points", None, None
    if cov.mode == "kabkota":
        codes = list(kab) + [c for c in gov if c in b.geometries]
        return "kabkota", boundaries.feature_collection(b, codes, coarse=ctx.filters.province is None), None
    prov = cached(ctx.engine, "provinces", ctx.filters.election_id)
    prov = prov[prov["code"].isin(provinces)]
    return "province", boundaries.feature_collection(b, sorted(provinces), coarse=ctx.filters.province is None), prov


def region_map(ctx: PageContext, df: pd.DataFrame, metric: str, labels: bool) -> None:
    f = ctx.filters
    national = f.province is None
    geo_mode, geojson, provs = _boundary_map_inputs(ctx, df)
    if geojson is None:  # kept between runs: building the map costs 0.4 s, the frame is its key
        fig = figure("maps.region_map", df, ctx.style, metric=metric, national=national, labels=labels)
    else:  # a user's boundary file: polygons are no cheap cache key
        fig = maps.region_map(df, ctx.style, metric=metric, national=national, geojson=geojson,
                              geo_mode=geo_mode, provinces=provs, labels=labels)
    event = chart(ctx, fig, key=MAP_KEY, on_select="rerun", selection_mode="points")
    points = event.selection.points if event is not None and hasattr(event, "selection") else []
    picked = maps.selected_region(points)
    if picked:
        code, action = picked
        if action == "province":
            set_filters(f.with_(province=code, region=None))
            st.rerun()
        row = df[df["code"] == code]
        _open_region(f, code, row.iloc[0]["province_code"] if not row.empty else None)


def explanation(ctx: PageContext, days: int, ref: dt.date) -> None:
    lang = ctx.lang
    with st.expander(t("regions.explain.title", lang)):
        st.markdown(
            t("regions.explain.body", lang, n=days, ref=format_date(ref, lang),
              bodies=", ".join(readiness.KEY_BODIES))
        )


def inactive_list(ctx: PageContext, df: pd.DataFrame, days: int, ref: dt.date) -> None:
    lang = ctx.lang
    quiet = readiness.inactive(df)
    start = readiness.window_start(ref, days)
    st.subheader(t("regions.inactive.title", lang, n=days, k=format_number(len(quiet), lang)))
    window = t("regions.inactive.caption", lang, start=format_date(start, lang), end=format_date(ref, lang))
    st.caption(window[:1].upper() + window[1:])
    if quiet.empty:
        st.success(t("regions.inactive.none", lang, n=days))
        return
    view = pd.DataFrame({
        t("common.name", lang): quiet["name"],
        t("common.province", lang): quiet["province_name"],
        t("regions.col.last_event", lang): quiet["last_event"].map(lambda d: format_date(d, lang, short=True) if d else t("regions.never", lang)),
        t("regions.col.meetings", lang): quiet["meetings"],
        t("regions.col.open", lang): [_link(ctx.filters, region=c) for c in quiet["code"]],
    })
    col = t("regions.col.open", lang)
    if ctx.present:
        rows = 9
        more = t("present.more_rows", lang, n=format_number(len(view) - rows, lang)) if len(view) > rows else None
        presenter.table(view.drop(columns=[col]), rows=rows, more=more, numeric=[t("regions.col.meetings", lang)])
        return
    st.dataframe(view, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(view)),
                 column_config={col: st.column_config.LinkColumn(col, display_text=t("regions.open", lang))},
                 key="regions_inactive")
    download_table(ctx, view.drop(columns=[col]), "wilayah-tanpa-kegiatan" if lang == "id" else "regions-inactive")


def _table_frames(ctx: PageContext, df: pd.DataFrame, stage: str | None, before: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown table, downloaded table)."""
    lang = ctx.lang
    stage_col = t("regions.col.before_stage", lang, stage=stage) if stage else None
    n_before = before[before["stage"] == stage].set_index("code")["before"] if stage else None
    base = {
        t("common.code", lang): df["code"],
        t("common.name", lang): df["name"],
        t("wilayah.contest", lang): df["contest"].map(lambda c: maps.contest_label(c, lang)),
        t("common.province", lang): df["province_name"],
        t("regions.col.status", lang): df["status"].map(lambda s: t(f"regions.status.{s}", lang)),
        t("regions.col.meetings", lang): df["meetings"],
    }
    if stage_col:
        base[stage_col] = df["code"].map(n_before).fillna(0).astype(int)
    def tail(mark) -> dict:
        return {
            t("regions.col.days_since", lang): df["days_since"].astype("Int64"),
            t("regions.col.bodies", lang): df["bodies_met"],
            # met a key body in the window: a mark on screen (explained in the caption), yes/no in files
            **{b: df[readiness.met_column(b)].map(mark) for b in readiness.KEY_BODIES},
            t("regions.col.events", lang): df["events"],
        }
    shown = pd.DataFrame({
        t("regions.col.open", lang): [_link(ctx.filters, region=c) for c in df["code"]],
        **base,
        t("regions.col.last_meeting", lang): df["last_meeting"].map(lambda d: format_date(d, lang, short=True) if d else "–"),
        **tail(lambda v: t("common.met" if bool(v) else "common.not_met", lang)),
    })
    export = pd.DataFrame({
        **base,
        t("regions.col.last_meeting", lang): df["last_meeting"].map(lambda d: d.isoformat() if d else ""),
        **tail(lambda v: t("common.yes" if bool(v) else "common.no", lang)),
    })
    return shown, export


def readiness_table(ctx: PageContext, df: pd.DataFrame, stages: pd.DataFrame, ref: dt.date) -> None:
    lang, f = ctx.lang, ctx.filters
    st.subheader(t("regions.table.title", lang))
    c1, c2 = st.columns([3, 2])
    q = c1.text_input(t("regions.table.search", lang), key="regions_search", max_chars=80,
                      placeholder=t("regions.table.search_hint", lang))
    stage = None
    if not stages.empty:
        names = list(dict.fromkeys(stages["stage"]))
        default = readiness.default_stage(stages, ref)
        if st.session_state.get("regions_stage") not in names:
            st.session_state["regions_stage"] = default
        stage = c2.selectbox(t("regions.table.stage", lang), names, key="regions_stage")
    rows = df
    if q.strip():
        needle = q.strip().casefold()
        mask = df["name"].str.casefold().str.contains(needle, regex=False) | df["code"].str.startswith(needle) | \
            df["province_name"].str.casefold().str.contains(needle, regex=False)
        rows = df[mask]
    before = readiness.stage_matrix(
        cached(ctx.engine, "regions.meetings_by_stage", f, ref, None), stages, list(df["code"])
    ) if stage else pd.DataFrame(columns=["code", "stage", "before"])
    shown, export = _table_frames(ctx, readiness.sort_by_status(rows), stage, before)
    open_col = t("regions.col.open", lang)
    cfg = {
        open_col: st.column_config.LinkColumn(open_col, display_text=t("regions.open", lang), width="small"),
        t("regions.col.days_since", lang): st.column_config.NumberColumn(format="%d"),
        t("common.name", lang): st.column_config.TextColumn(width="medium"),
        **{b: st.column_config.TextColumn(b, width="small", help=t("regions.col.body_help", lang, body=b))
           for b in readiness.KEY_BODIES},
    }
    st.dataframe(shown, hide_index=True, width="stretch", column_config=cfg, key="regions_table",
                 height=min(560, 38 + 35 * max(1, len(shown))))
    st.caption(t("regions.table.caption", lang, n=format_number(len(shown), lang), total=format_number(len(df), lang))
               + " " + t("regions.table.marks", lang))
    download_table(ctx, export, "wilayah")


def no_election_note(ctx: PageContext) -> None:
    st.info(t("regions.note.no_election", ctx.lang))


# ---------------------------------------------------------------- region page


def back_button(ctx: PageContext) -> None:
    f = ctx.filters
    label = t("regions.page.back_province", ctx.lang) if f.province else t("regions.page.back", ctx.lang)
    if st.button("← " + label, key="regions_back"):
        set_filters(f.with_(region=None))
        st.rerun()


def region_header(ctx: PageContext, info: dict) -> None:
    lang, f = ctx.lang, ctx.filters
    st.title(info["name"])
    level = t(f"regions.level.{info['level']}", lang)
    st.caption(f"{t('common.code', lang)} {info['code']} · {level} · {info['province_name']}")
    lines = []
    for c in info["contests"]:
        vd = format_date(c["voting_date"], lang) if c["voting_date"] else "–"
        mark = "**" if c["election_id"] == f.election_id else ""
        lines.append(f"- {mark}{c['election_name']}: {maps.contest_label(c['contest'], lang)} — {vd}{mark}")
    if lines:
        st.markdown(t("regions.page.contests", lang) + "\n" + "\n".join(lines))
    else:
        st.caption(t("regions.page.no_contest", lang))
    if f.election_id and f.election_id not in {c["election_id"] for c in info["contests"]}:
        el = cached(ctx.engine, "election_info", f.election_id)
        st.info(t("regions.page.not_in_election", lang, election=el["name"] if el else f.election_id))


def region_readiness(ctx: PageContext, row: pd.Series, ref: dt.date, days: int) -> None:
    lang = ctx.lang
    c = st.columns(4)
    c[0].metric(t("regions.readiness", lang), t(f"regions.status.{row['status']}", lang))
    c[1].metric(t("regions.col.meetings", lang), format_number(int(row["meetings"]), lang))
    last = row["last_meeting"]
    c[2].metric(
        t("regions.col.last_meeting", lang), format_date(last, lang, short=True) if last else "–",
        delta=t("regions.days_before_ref", lang, n=format_number(int(row["days_since"]), lang)) if last else None,
        delta_color="off", delta_arrow="off",
    )
    c[3].metric(t("regions.col.bodies", lang), f"{int(row['bodies_met'])}/{len(readiness.KEY_BODIES)}")
    cols = st.columns(len(readiness.KEY_BODIES))
    for col, body in zip(cols, readiness.KEY_BODIES):
        n = int(row[readiness.BODY_COLUMNS[body]])
        if n:
            col.success(f"**{body}** · {t('regions.page.body_met', lang, n=format_number(n, lang))}", icon=":material/check_circle:")
        else:
            col.error(f"**{body}** · {t('regions.page.body_not_met', lang)}", icon=":material/cancel:")
    st.caption(t("regions.page.ref_caption", lang, ref=format_date(ref, lang), n=days,
                 active=t("regions.page.active" if row["active"] else "regions.page.inactive", lang, n=days)))


def region_timeline(ctx: PageContext, events: pd.DataFrame, stages: pd.DataFrame, info: dict | None, ref: dt.date) -> None:
    st.subheader(t("regions.page.timeline", ctx.lang))
    vd = info.get("voting_date") if info else None
    chart(ctx, maps.region_timeline(events, stages, vd, ctx.style, ref=ref), key="regions_timeline")


def stage_table(ctx: PageContext, code: str, ref: dt.date, stages: pd.DataFrame) -> None:
    lang = ctx.lang
    st.subheader(t("regions.page.stages", lang))
    if stages.empty:
        st.info(t("regions.page.no_stages", lang))
        return
    counts = cached(ctx.engine, "regions.meetings_by_stage", ctx.filters, ref, (code,))
    m = readiness.stage_matrix(counts, stages, [code])
    view = pd.DataFrame({
        t("regions.col.stage", lang): m["stage"],
        t("regions.col.stage_start", lang): m["start"].map(lambda d: format_date(d, lang, short=True)),
        t("regions.col.before", lang): m["before"],
        t("regions.col.during", lang): m["during"],
    })
    st.dataframe(view, hide_index=True, width="stretch", key="regions_stage_table")


def agencies_table(ctx: PageContext, code: str) -> None:
    lang = ctx.lang
    st.subheader(t("regions.page.agencies", lang))
    df = cached(ctx.engine, "regions.region_agencies", ctx.filters, code)
    if df.empty:
        st.info(t("common.no_data", lang))
        return
    view = pd.DataFrame({
        t("common.agencies", lang): df["agency"],
        t("common.events", lang): df["events"],
        t("regions.col.meetings", lang): df["meetings"],
        t("common.last_event", lang): df["last_date"].map(lambda d: format_date(d, lang, short=True) if d else ""),
        t("common.name", lang): df["full_name_en" if lang == "en" else "full_name"].fillna(""),
    })
    st.dataframe(view, hide_index=True, width="stretch", key="regions_agencies")


def articles_table(ctx: PageContext, code: str) -> None:
    lang = ctx.lang
    st.subheader(t("regions.page.articles", lang))
    df = cached(ctx.engine, "regions.region_articles", ctx.filters, code)
    if df.empty:
        st.info(t("common.no_data", lang))
        return
    col = t("berita.open", lang)
    view = pd.DataFrame({
        t("common.published", lang): df["published"].map(lambda d: format_date(d, lang, short=True) if d else "–"),
        t("common.title", lang): df["title"].fillna("").map(lambda s: s[:160]),  # untrusted: dataframe only
        t("common.publisher", lang): df["publisher"].fillna(""),
        t("common.events", lang): df["events"],
        col: df["id"].map(lambda i: f"/berita?item={int(i)}"),
    })
    st.dataframe(view, hide_index=True, width="stretch", key="regions_articles",
                 column_config={col: st.column_config.LinkColumn(col, display_text=t("berita.open", lang))})
    download_table(ctx, view.drop(columns=[col]), f"wilayah_{code.replace('.', '_')}_artikel")


def province_children(ctx: PageContext, code: str, ref: dt.date, days: int) -> None:
    """For a governor race: the province's kab/kota contests and their readiness."""
    f = ctx.filters
    if not f.election_id or "." in code:
        return
    df = readiness_frame(_ctx_with(ctx, f.with_(province=code, region=None)), ref, days)
    df = df[df["level"] != "provinsi"]
    if df.empty:
        return
    lang = ctx.lang
    st.subheader(t("regions.page.children", lang, n=format_number(len(df), lang)))
    col = t("regions.col.open", lang)
    view = pd.DataFrame({
        t("common.name", lang): df["name"],
        t("regions.col.status", lang): df["status"].map(lambda s: t(f"regions.status.{s}", lang)),
        t("regions.col.meetings", lang): df["meetings"],
        t("regions.col.bodies", lang): df["bodies_met"],
        col: [_link(f, region=c, province=code) for c in df["code"]],
    })
    st.dataframe(view, hide_index=True, width="stretch", key="regions_children",
                 column_config={col: st.column_config.LinkColumn(col, display_text=t("regions.open", lang))})


def _ctx_with(ctx: PageContext, f: Filters) -> PageContext:
    return PageContext(page=ctx.page, filters=f, engine=ctx.engine, extra_params=ctx.extra_params, user=ctx.user)
