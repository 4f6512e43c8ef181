"""Figure builders: DataFrame in, plotly Figure out. No Streamlit import.

Every figure is offline-safe (no map tiles, no web fonts) and takes a ``ChartStyle`` so
presenter mode gets large type and the chosen theme, and labels follow the language.
Dates on axes and in tooltips are written by ``i18n`` (plotly's own month names are
English), numbers use the language's separators.

Clickable traces carry ``customdata`` whose first element says what a click selects;
``dashboard.meetings.selection_to_filters`` turns it into filters.

Modules: ``style`` (palettes, ChartStyle, layout), ``axes`` (time axes), ``meetings``
(Rapat Koordinasi), ``agencies`` (Instansi and Ringkasan).
"""

from dashboard.charts.agencies import (
    agency_heatmap,
    agency_lines,
    agency_order,
    agency_small_multiples,
    agency_totals_bar,
    change_figure,
    co_participation_figure,
    monthly_bar,
)
from dashboard.charts.axes import month_ticks
from dashboard.charts.meetings import calendar_figure, level_figure, timeline_figure
from dashboard.charts.style import (
    ACTIVITY_COLORS,
    FLAG_COLORS,
    FLAG_COLORS_DARK,
    FLAG_SYMBOLS,
    FONT_FAMILY,
    HEAT_SCALE,
    HEAT_SCALE_DARK,
    AGENCY_COLORS,
    LEVEL_COLORS,
    LEVEL_COLORS_DARK,
    TOTAL_COLOR,
    agency_color,
    LEVEL_ORDER,
    PRESENT_MIN_FONT,
    STAGE_COLORS,
    STAGE_COLORS_DARK,
    TODAY_COLOR,
    VOTING_COLOR,
    ChartStyle,
    apply_style,
    empty_figure,
    int_axis,
    plotly_locale,
)

__all__ = [
    "ACTIVITY_COLORS", "FLAG_COLORS", "FLAG_COLORS_DARK", "FLAG_SYMBOLS", "FONT_FAMILY", "HEAT_SCALE",
    "HEAT_SCALE_DARK", "LEVEL_COLORS", "LEVEL_COLORS_DARK", "AGENCY_COLORS", "TOTAL_COLOR", "agency_color", "LEVEL_ORDER", "PRESENT_MIN_FONT", "STAGE_COLORS", "STAGE_COLORS_DARK",
    "TODAY_COLOR", "VOTING_COLOR", "ChartStyle", "agency_heatmap", "agency_lines", "agency_order",
    "agency_small_multiples", "agency_totals_bar", "apply_style", "calendar_figure", "change_figure",
    "co_participation_figure", "empty_figure", "int_axis", "level_figure", "monthly_bar", "month_ticks",
    "plotly_locale", "timeline_figure",
]
