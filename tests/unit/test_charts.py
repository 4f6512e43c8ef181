"""Figure builders: data in the right place, language on axes and tooltips, clickable
traces carry what a click selects, untrusted text escaped, presenter type never small."""

import datetime as dt
import functools
import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts
from dashboard.charts import ChartStyle
from dashboard.meetings import add_flags

D = dt.date
ID, EN, PRESENT = ChartStyle("id"), ChartStyle("en"), ChartStyle("id", present=True)


def counts(by="activity"):
    rows = [
        ("2020-01-01", "rakor", 3), ("2020-01-01", "apel", 1), ("2020-02-01", "rakor", 2000),
        ("2020-12-01", "sosialisasi", 4),
    ]
    if by == "level":
        rows = [("2020-01-01", "nasional", 1), ("2020-01-01", "kabkota", 3), ("2020-02-01", None, 2)]
    return pd.DataFrame({"period": pd.to_datetime([r[0] for r in rows]), by: [r[1] for r in rows], "n": [r[2] for r in rows]})


def stages():
    return pd.DataFrame(
        {
            "stage": ["Pembentukan PPK", "Penundaan tahapan (COVID-19)", "Kampanye", "Pemungutan suara", "Masa <tenang>"],
            "start": pd.to_datetime(["2020-01-01", "2020-03-21", "2020-09-26", "2020-12-09", "2020-12-06"]),
            "end": pd.to_datetime(["2020-01-31", "2020-06-14", "2020-12-05", "2020-12-09", "2020-12-08"]),
        }
    )


def agency_period():
    rows = [("2020-01-01", "KPU", 5), ("2020-02-01", "KPU", 2), ("2020-01-01", "<script>alert(1)</script>", 1), ("2020-03-01", "TNI", 4)]
    return pd.DataFrame({"period": pd.to_datetime([r[0] for r in rows]), "agency": [r[1] for r in rows], "n": [r[2] for r in rows]})


def font_sizes(fig: go.Figure) -> list[float]:
    """Every explicit font size in the figure (layout, traces, annotations, axes)."""
    out: list[float] = []

    def walk(obj, key=""):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k == "size" and key.endswith("font") and isinstance(v, (int, float)):
                    out.append(v)
                elif k == "size" and key.endswith("font") and isinstance(v, list):
                    out.extend(x for x in v if isinstance(x, (int, float)))
                else:
                    walk(v, k)
        elif isinstance(obj, list):
            for v in obj:
                walk(v, key)

    walk(json.loads(fig.to_json()))
    return out


@functools.lru_cache(maxsize=8)
def all_builders(style):
    ap = agency_period()
    pairs = pd.DataFrame({"a": ["KPU", "Bawaslu"], "b": ["TNI", "KPU"], "n": [3, 7]})
    totals = pd.DataFrame({"agency": ["KPU", "Bawaslu", "TNI"], "n": [10, 8, 4]})
    flags = add_flags(pd.DataFrame({"agency": ["KPU", "TNI", "Polri"], "recent": [20, 0, 5], "before": [30, 12, 15]}))
    cal = pd.DataFrame(
        {"id": [1, 2, 3], "event_date": [D(2020, 1, 5), D(2020, 1, 9), D(2020, 2, 1)], "activity": ["rakor", "apel", "rakor"],
         "level": ["kabkota", None, "nasional"], "location": ["Aula <b>A</b>", None, "Hotel"], "article_id": [1, 2, 3],
         "article_title": ["Judul", "<img src=x onerror=alert(1)>", None], "agencies": ["KPU", "TNI", "KPU, TNI"]}
    )
    return {
        "timeline": charts.timeline_figure(counts(), stages(), D(2020, 12, 9), style, today=D(2020, 6, 1), title="T"),
        "level": charts.level_figure(counts("level"), style, title="L", voting_date=D(2020, 12, 9)),
        "calendar": charts.calendar_figure(cal, style, title="C", selected=2),
        "series": charts.agency_small_multiples(ap, style, title="S"),
        "heatmap": charts.agency_heatmap(ap, style, title="H"),
        "pairs": charts.co_participation_figure(pairs, totals, style, title="P"),
        "change": charts.change_figure(flags, style, title="Ch"),
        "monthly": charts.monthly_bar(counts(), style, title="M"),
        "lines": charts.agency_lines(ap, style, title="Li"),
        "totals": charts.agency_totals_bar(pd.DataFrame({"agency": ["KPU"], "events": [3]}), style, title="To"),
    }


@pytest.mark.parametrize("name", list(all_builders(ID)))
def test_presenter_figures_have_no_text_below_16px(name):
    fig = all_builders(PRESENT)[name]
    sizes = font_sizes(fig)
    assert sizes and min(sizes) >= 16, (name, sorted(set(sizes)))
    assert fig.layout.font.size >= 16


@pytest.mark.parametrize("name", list(all_builders(ID)))
def test_every_figure_is_offline_and_styled(name):
    fig = all_builders(ID)[name]
    assert isinstance(fig, go.Figure) and fig.data
    js = fig.to_json()
    assert "http" not in js.replace("http://www.w3.org", "")  # no remote resources (tiles, fonts)
    assert fig.layout.separators == ",."
    assert all_builders(EN)[name].layout.separators == ".,"


@pytest.mark.parametrize("name", list(all_builders(ID)))
def test_every_trace_type_keeps_its_template_defaults(name):
    """The slim template keeps the defaults of the trace types the app draws: a chart of a
    type left out of ``TRACE_TYPES`` would lose plotly_white's look (colour bars, bar lines)."""
    for style in (ID, ChartStyle("id", present=True, theme="dark")):
        fig = all_builders(style)[name]
        assert {trace.type for trace in fig.data} <= set(charts.style.TRACE_TYPES), name
        assert fig.layout.template.layout.xaxis.automargin and fig.layout.template.layout.colorway


def test_the_template_sent_with_each_figure_is_slim():
    import plotly.io as pio

    slim = len(json.dumps(charts.style.template(False).to_plotly_json()))
    assert slim < len(json.dumps(pio.templates["plotly_white"].to_plotly_json())) / 2
    dark = charts.style.template(True)
    assert dark.layout.paper_bgcolor == pio.templates["plotly_dark"].layout.paper_bgcolor
    assert "surface" not in dark.to_plotly_json()["data"]


def test_dark_theme_changes_background():
    fig = charts.timeline_figure(counts(), stages(), None, ChartStyle("id", present=True, theme="dark"))
    assert fig.layout.paper_bgcolor == "#111418" and fig.layout.font.color == "#F5F5F5"
    assert charts.timeline_figure(counts(), stages(), None, PRESENT).layout.paper_bgcolor == "#FFFFFF"


def test_month_ticks_follow_the_language():
    vals, texts = charts.month_ticks(D(2019, 12, 1), D(2020, 6, 1), "id")
    assert texts[:2] == ["Des<br>2019", "Jan<br>2020"] and "Mei" in texts
    _, en = charts.month_ticks(D(2019, 12, 1), D(2020, 6, 1), "en")
    assert en[0] == "Dec<br>2019" and "May" in en
    vals, texts = charts.month_ticks(D(2018, 1, 1), D(2021, 12, 31), "id", max_ticks=8)
    assert len(vals) <= 8
    short, texts = charts.month_ticks(D(2020, 9, 1), D(2020, 9, 30), "id")
    assert texts[0] == "7 Sep<br>2020" and all(v.weekday() == 0 for v in short)


def test_timeline_bars_stages_and_days():
    fig = charts.timeline_figure(counts(), stages(), D(2020, 12, 9), ID, today=D(2020, 6, 1), title="Judul")
    bars = [t for t in fig.data if t.orientation != "h"]
    assert [b.name for b in bars] == ["Rapat koordinasi", "Sosialisasi", "Apel siaga"]
    rakor = bars[0]
    assert list(rakor.y) == [3, 2000]
    assert list(rakor.customdata[0]) == ["period", "2020-01-01", "activity", "rakor"]
    assert "2.000" in rakor.hovertext[1] and "Februari 2020" in rakor.hovertext[1]
    bands = [t for t in fig.data if t.orientation == "h"]
    assert len(bands) == 5
    assert any("Masa &lt;tenang&gt;" in h for b in bands for h in b.hovertext)  # stage names escaped
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 2  # voting day and today
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "Hari pemungutan suara" in texts and "Hari ini" in texts and "9 Des 2020" in texts
    en = charts.timeline_figure(counts(), stages(), D(2020, 12, 9), EN)
    assert "Voting day" in " ".join(a.text for a in en.layout.annotations)


def test_timeline_clips_to_the_filtered_period_and_drops_outside_stages():
    fig = charts.timeline_figure(counts(), stages(), D(2020, 12, 9), ID, x_range=(D(2020, 1, 1), D(2020, 2, 29)))
    bands = [t for t in fig.data if t.orientation == "h"]
    assert len(bands) == 1  # only the PPK stage overlaps January-February
    assert not [s for s in fig.layout.shapes if s.type == "line"]  # voting day is outside


def test_level_figure_keeps_unknown_level():
    fig = charts.level_figure(counts("level"), ID)
    assert [t.name for t in fig.data] == ["Nasional", "Kabupaten/kota", "tidak diketahui"]
    assert list(fig.data[2].customdata[0]) == ["period", "2020-02-01", "level", ""]


def test_calendar_marks_the_selected_meeting_and_escapes_titles():
    fig = all_builders(ID)["calendar"]
    apel = next(t for t in fig.data if t.name == "Apel siaga")
    assert list(apel.customdata[0]) == ["event", 2]
    chosen = fig.data[-1]  # meeting 2 is open: drawn large on top, still clickable
    assert list(chosen.customdata[0]) == ["event", 2] and chosen.marker.size > apel.marker.size
    assert "&lt;img" in apel.hovertext[0] and "<img" not in apel.hovertext[0]
    rakor = next(t for t in fig.data if t.name == "Rapat koordinasi")
    assert "Aula &lt;b&gt;A&lt;/b&gt;" in rakor.hovertext[0]


def test_heatmap_cells():
    fig = charts.agency_heatmap(agency_period(), ID)
    hm = fig.data[0]
    assert list(hm.y)[0] == "KPU"  # most active first
    assert list(hm.z[0]) == [5, 2, 0]
    clicks = fig.data[1]  # heatmaps select nothing: invisible points carry the clicks
    assert list(clicks.customdata[1]) == ["cell", "2020-02-01", "KPU"]
    assert any("&lt;script&gt;" in h for h in clicks.hovertext) and not any("<script" in h for h in clicks.hovertext)


def test_co_participation_matrix_is_symmetric():
    pairs = pd.DataFrame({"a": ["Bawaslu", "KPU"], "b": ["KPU", "TNI"], "n": [7, 3]})
    totals = pd.DataFrame({"agency": ["KPU", "Bawaslu", "TNI"], "n": [10, 8, 4]})
    hm = charts.co_participation_figure(pairs, totals, ID).data[0]
    z = [list(r) for r in hm.z]
    assert z == [[None, 7, 3], [7, None, None], [3, None, None]]
    assert list(hm.y) == ["KPU (10)", "Bawaslu (8)", "TNI (4)"]
    clicks = charts.co_participation_figure(pairs, totals, ID).data[1]
    assert list(clicks.customdata[1]) == ["pair", "KPU", "Bawaslu"] and list(clicks.customdata[0]) == ["agency", "KPU"]
    assert "7 rapat bersama" in clicks.hovertext[1]


def test_change_figure_colours_by_flag():
    flags = add_flags(pd.DataFrame({"agency": ["KPU", "TNI", "DKPP"], "recent": [20, 0, 0], "before": [30, 12, 0]}))
    fig = charts.change_figure(flags, ID)
    filled, labels = fig.data[-1], fig.data[-2]
    assert list(filled.y) == ["KPU", "TNI"]  # inactive agencies are left out
    assert list(filled.marker.color) == [charts.FLAG_COLORS["rising"], charts.FLAG_COLORS["stopped"]]
    assert "Naik" in labels.text[0] and "Berhenti" in labels.text[1]
    assert list(labels.x) == [20, 4]  # right of both dots
    assert list(filled.customdata[0]) == ["agency", "KPU"]
    assert "Rising" in charts.change_figure(flags, EN).data[-2].text[0]


def test_empty_data_says_so_in_the_language():
    empty = pd.DataFrame(columns=["period", "activity", "n"])
    fig = charts.timeline_figure(empty, pd.DataFrame(columns=["stage", "start", "end"]), None, EN)
    assert fig.layout.annotations[0].text == "No data for these filters yet."
    assert charts.agency_heatmap(pd.DataFrame(columns=["period", "agency", "n"]), ID).layout.annotations[0].text.startswith("Belum ada")


def test_int_axis_has_whole_ticks():
    fig = go.Figure(go.Bar(x=[1], y=[3]))
    charts.int_axis(fig, 3)
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tickformat == ",d"
    charts.int_axis(fig, 340)
    assert fig.layout.yaxis.dtick == 100


def test_plotly_own_words_follow_the_language():
    cfg = charts.plotly_locale("id")
    loc = cfg["locales"]["id"]
    assert cfg["locale"] == "id" and loc["dictionary"]["Download plot as a PNG"] == "Unduh grafik sebagai PNG"
    assert loc["format"]["shortMonths"][11] == "Des" and loc["format"]["decimal"] == ","
    assert charts.plotly_locale("en") == {"locale": "en"}


def test_stage_names_follow_the_language():
    en = charts.timeline_figure(counts(), stages(), D(2020, 12, 9), EN)
    bands = [t for t in en.data if t.orientation == "h"]
    names = " ".join(h for b in bands for h in b.hovertext)
    assert "Campaign" in names and "Stages suspended (COVID-19)" in names
    assert "Masa &lt;tenang&gt;" in names  # unknown names stay as written
    idn = charts.timeline_figure(counts(), stages(), D(2020, 12, 9), ID)
    assert "Kampanye" in " ".join(h for b in idn.data if b.orientation == "h" for h in b.hovertext)
