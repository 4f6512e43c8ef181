"""Chart style shared by every figure: palettes (one colour per category across the app),
the presenter/normal/dark ``ChartStyle``, layout defaults, whole-number axes, plotly's own
words in the chosen language. No Streamlit import."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache

import plotly.graph_objects as go

from dashboard.i18n import MONTHS, MONTHS_SHORT, t, weekday_names

# One colour per category across the whole app (every chart takes its colours from here).
# Activity kinds: Okabe-Ito based, distinguishable for colour-blind viewers and on projectors;
# no pale yellow on white (a declaration is dark gold).
ACTIVITY_COLORS = {
    "rakor": "#0072B2",
    "rapat": "#56B4E9",
    "sosialisasi": "#009E73",
    "apel": "#D55E00",
    "bimtek": "#E69F00",
    "simulasi": "#CC79A7",
    "monitoring": "#8C6D31",
    "deklarasi": "#A08C00",
    "pelantikan": "#6A3D9A",
    "other": "#C4B59A",
}
# Levels of the body holding a meeting: an ordinal scale of slate greys, sharing no colour
# with the activity kinds (the two are stacked on one page); the dark theme reverses it.
LEVEL_COLORS = {"nasional": "#2F3E4E", "provinsi": "#6C7A89", "kabkota": "#B4BFCA", None: "#E4E4E4"}
LEVEL_COLORS_DARK = {"nasional": "#F0F3F5", "provinsi": "#AEB8C2", "kabkota": "#6C7A89", None: "#3A3F45"}
LEVEL_ORDER = ["nasional", "provinsi", "kabkota", None]
TOTAL_COLOR = "#34495E"  # a count of everything (no category)
# Agencies: the same colour in every chart, by name (unknown names by a stable hash).
AGENCY_COLORS = {
    "KPU": "#1F4E79", "Bawaslu": "#2E86C1", "Pemda": "#117A65", "Polri": "#6E2C00", "TNI": "#4D5656",
    "Kesbangpol": "#7D3C98", "Kejaksaan": "#A04000", "Satpol PP": "#9A7D0A", "DPRD": "#922B21", "BIN": "#1C2833",
    "Kemendagri": "#0E6655", "DKPP": "#5B2C6F", "Kemenko Polhukam": "#784212", "KemenPANRB": "#21618C",
    "Kemenkominfo": "#196F3D", "BSSN": "#7B241C", "BPK": "#4A235A", "KPK": "#186A3B",
}


def agency_color(name: str, dark: bool = False) -> str:
    """The agency's colour; on the dark theme the same hue, lightened to stand out."""
    if name in AGENCY_COLORS:
        color = AGENCY_COLORS[name]
    else:
        import zlib

        palette = list(AGENCY_COLORS.values())
        color = palette[zlib.crc32(name.encode("utf-8")) % len(palette)]
    if not dark:
        return color
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(v + (255 - v) * 0.55) for v in (r, g, b)))


FLAG_COLORS = {"rising": "#007A3D", "falling": "#C05600", "stopped": "#B00020", "steady": "#5F6B73", "inactive": "#9E9E9E"}
FLAG_COLORS_DARK = {"rising": "#4CC38A", "falling": "#FFA351", "stopped": "#FF6B6B", "steady": "#AEB8C2", "inactive": "#7A838C"}
FLAG_SYMBOLS = {"rising": "▲", "falling": "▼", "stopped": "■", "steady": "●", "inactive": "○"}
SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
HEAT_SCALE = [[0.0, "#F4F8FC"], [0.15, "#C6DBEF"], [0.4, "#6BAED6"], [0.7, "#2171B5"], [1.0, "#08306B"]]
HEAT_SCALE_DARK = [[0.0, "#1B232C"], [0.15, "#1F3B57"], [0.4, "#2E6DA4"], [0.7, "#5AA3E0"], [1.0, "#BFE0FF"]]
STAGE_COLORS = ["#D9E4EC", "#E8DDCB", "#D8E8D2", "#E6D5E3", "#F1E3C2", "#D5E3E8"]
STAGE_COLORS_DARK = ["#35485A", "#4E4433", "#394D35", "#4A3A48", "#52472C", "#334A52"]
VOTING_COLOR = "#C0392B"
TODAY_COLOR = "#2C3E50"
# Streamlit serves "Source Sans" itself (no network); names with spaces or digits are quoted,
# or the browser drops the whole declaration and plotly measures text in one font and draws it
# in another (legends then clip their last letters).
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "Source Sans 3", "Segoe UI", Helvetica, Arial, sans-serif'
PRESENT_MIN_FONT = 16  # px: the smallest text a presenter figure may carry


# Plotly's own words (mode bar, double-click hint) and number/date formats in Indonesian;
# passed in the chart config, so nothing is fetched.
PLOTLY_LOCALE_ID = {
    "dictionary": {
        "Download plot as a PNG": "Unduh grafik sebagai PNG",
        "Download plot": "Unduh grafik",
        "Zoom": "Perbesar area",
        "Pan": "Geser",
        "Zoom in": "Perbesar",
        "Zoom out": "Perkecil",
        "Autoscale": "Skala otomatis",
        "Reset axes": "Kembalikan sumbu",
        "Box Select": "Pilih kotak",
        "Lasso Select": "Pilih laso",
        "Reset view": "Kembalikan tampilan",
        "Toggle Spike Lines": "Garis bantu",
        "Show closest data on hover": "Data terdekat",
        "Compare data on hover": "Bandingkan data",
        "Double-click to zoom back out": "Klik dua kali untuk kembali",
        "Taking snapshot - this may take a few seconds": "Membuat gambar, tunggu sebentar",
        "Snapshot succeeded": "Gambar berhasil dibuat",
        "Sorry, there was a problem downloading your snapshot!": "Maaf, gambar gagal diunduh.",
    },
    "format": {
        # plotly counts weekdays from Sunday; CLDR (and weekday_names) from Monday
        "days": weekday_names("id")[6:] + weekday_names("id")[:6],
        "shortDays": weekday_names("id", short=True)[6:] + weekday_names("id", short=True)[:6],
        "months": MONTHS["id"],
        "shortMonths": MONTHS_SHORT["id"],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": ".",
    },
}


def plotly_locale(lang: str) -> dict:
    """Config entries that make plotly's own texts follow the language."""
    if lang != "id":
        return {"locale": "en"}
    return {"locale": "id", "locales": {"id": PLOTLY_LOCALE_ID}}


@dataclass(frozen=True)
class ChartStyle:
    lang: str = "id"
    present: bool = False
    theme: str = "light"

    @property
    def base_font(self) -> int:
        return 20 if self.present else 13

    @property
    def title_font(self) -> int:
        return 26 if self.present else 17

    @property
    def tick_font(self) -> int:
        return 18 if self.present else 12

    @property
    def small_font(self) -> int:
        """Labels inside marks (stage names, cell numbers): never below 16 px when presenting."""
        return PRESENT_MIN_FONT if self.present else 11

    @property
    def dark(self) -> bool:
        return self.theme == "dark"

    @property
    def fg(self) -> str:
        return "#F5F5F5" if self.dark else ("#000000" if self.present else "#111111")

    @property
    def muted(self) -> str:
        return "#B8C0C8" if self.dark else ("#333333" if self.present else "#5F6B73")

    @property
    def bg(self) -> str:
        return "#111418" if self.dark else "#FFFFFF"

    @property
    def grid(self) -> str:
        return "#3A3F45" if self.dark else ("#C8C8C8" if self.present else "#E3E3E3")

    @property
    def total_color(self) -> str:
        return "#9FB3C8" if self.dark else TOTAL_COLOR

    @property
    def level_colors(self) -> dict:
        return LEVEL_COLORS_DARK if self.dark else LEVEL_COLORS

    @property
    def voting_color(self) -> str:
        return "#FF6B5B" if self.dark else VOTING_COLOR

    @property
    def today_color(self) -> str:
        return "#F5F5F5" if self.dark else TODAY_COLOR

    def height(self, normal: int, present: int = 620) -> int:
        """Figure height: presenter figures fill one 1366x768 screen below the caption."""
        return present if self.present else normal


TRACE_TYPES = ("bar", "scatter", "heatmap", "scattergeo", "choropleth")  # every trace type the app draws
UNUSED_LAYOUT = ("polar", "ternary", "scene", "mapbox")  # parts of the layout no chart of the app has


@cache
def template(dark: bool) -> go.layout.Template:
    """Plotly's ``plotly_white`` / ``plotly_dark`` without the defaults of the 19 trace types
    and the 3-D, polar and ternary layouts the app never draws: 2.7 KB instead of 7.2 KB in
    every figure sent to the browser (which applies it to each chart it draws), and about a
    seventh of the time to set on a figure (4 ms instead of 30 ms per figure built)."""
    import plotly.io as pio

    full = pio.templates["plotly_dark" if dark else "plotly_white"].to_plotly_json()
    return go.layout.Template(
        layout={k: v for k, v in full["layout"].items() if k not in UNUSED_LAYOUT},
        data={k: v for k, v in full["data"].items() if k in TRACE_TYPES},
    )


def apply_style(fig: go.Figure, style: ChartStyle, *, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(
        template=template(style.dark),
        font=dict(family=FONT_FAMILY, size=style.base_font, color=style.fg),
        paper_bgcolor=style.bg,
        plot_bgcolor=style.bg,
        margin=dict(l=10, r=10, t=(70 if style.present else 56) if title else 30, b=10),
        legend=dict(font=dict(size=style.tick_font), orientation="h", yanchor="bottom", y=1.01, x=0),
        hoverlabel=dict(font=dict(size=style.tick_font, family=FONT_FAMILY)),
        separators=",." if style.lang == "id" else ".,",
    )
    if title:
        fig.update_layout(
            title=dict(
                text=html.escape(title), font=dict(size=style.title_font, color=style.fg), x=0, xanchor="left",
                y=0.995, yanchor="top", pad=dict(t=4),
            )
        )
    if height:
        fig.update_layout(height=height)
    # ticklabeloverflow "allow": plotly otherwise measures every tick label after drawing to
    # hide those past the chart's edge (77 ms of a 1.6 s first draw of Rapat Koordinasi in
    # Chromium); automargin already makes room for them
    axes = dict(
        tickfont=dict(size=style.tick_font, color=style.fg), gridcolor=style.grid, title_font=dict(size=style.base_font),
        linecolor=style.grid, zerolinecolor=style.grid, ticklabeloverflow="allow",
    )
    fig.update_xaxes(**axes)
    fig.update_yaxes(**axes)
    return fig


def empty_figure(style: ChartStyle, message: str | None = None, height: int = 300) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=html.escape(message or t("common.no_data", style.lang)),
        showarrow=False,
        font=dict(size=style.title_font),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_style(fig, style, height=height)


STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)


def int_step(vmax: float, max_ticks: int = 6) -> int | None:
    """The step of whole-number ticks so that at most ``max_ticks`` fit below ``vmax``."""
    vmax = max(1.0, float(vmax or 0))
    return next((s for s in STEPS if vmax / s <= max_ticks), None)


def int_ticks(vmax: float, max_ticks: int = 6) -> dict:
    """Tick settings for a count axis or colour bar: whole numbers only (no "0, 1, 1, 2, 2"
    from rounding halves)."""
    step = int_step(vmax, max_ticks)
    return dict(tickformat=",d") if step is None else dict(tickmode="linear", tick0=0, dtick=step, tickformat=",d")


def int_axis(fig: go.Figure, ymax: float, *, axis: str = "y", **where) -> None:
    """A count axis with whole-number ticks only."""
    (fig.update_xaxes if axis == "x" else fig.update_yaxes)(**int_ticks(ymax), **where)
