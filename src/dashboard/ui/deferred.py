"""Tables and charts below a page's first chart, sent once the browser has drawn that chart.

Measured in Chromium on the bundled sample (``bench/bench_pages.py``): a viewer page drew
its first chart only after every element of the first script run had been mounted, and a
table's component (its code and its Arrow decoding, about 1.2 MB of script) is evaluated
in the same stretch of main-thread work as the charts: taking Rapat Koordinasi's list off
the page brought its first chart 0.6 s earlier. So on the first run of a viewer page in a
browser session the tables below the first chart are held back: each leaves a "Memuat
tabel…" line in its place, the page ends with a hidden button, and a small script presses
it once the first chart on the page has a data mark (at once when the page's first chart
is empty or there is none: ``sent`` notes it; after a minute at most: a fixed wait of 2 s
let a busy machine send the rest before the first chart had drawn). The run that follows
sends the tables in their places. Later runs of that page in the session (filter changes, clicks) send everything at once. The charts
below the first one are held back the same way (``hold_chart``): Plotly draws all the
charts a run sends in one stretch of work, so the first waited for the last (Instansi's
first chart: 2.3 s warm with all four, 1.6 s alone).

Without a browser (Streamlit's AppTest, the query benchmarks: no request headers) nothing
is held back, so what those measure and check is the whole page. Presenter mode shows no
such tables.
"""

from __future__ import annotations

import streamlit as st

READY_KEY = "_tables_ready"  # session state: the pages whose tables are sent at once
GO_PREFIX = "deferred_go_"
HELD_CHART_PREFIX = "deferred_chart_"

WAKE_JS = """<script>(() => { if (window.__dashboardDeferred) return; window.__dashboardDeferred = true;
  const BUTTONS = '[class*="st-key-deferred_go_"] button';
  const MARK = '.js-plotly-plot g.trace path, .js-plotly-plot g.trace .point, .js-plotly-plot g.barlayer path, '
             + '.js-plotly-plot g.heatmaplayer image, .js-plotly-plot g.choroplethlayer path, '
             + '.js-plotly-plot g.geo .scattergeo path';
  let since = 0;
  const tick = () => {
    const waiting = [...document.querySelectorAll(BUTTONS)].filter((b) => !b.dataset.pressed);
    if (!waiting.length) { since = 0; return; }
    since = since || performance.now();
    const waited = performance.now() - since;
    // only between runs, with the filter bar mounted: a run asked for before the sidebar's widgets
    // have registered their values starts without them (the filters from the link were lost).
    // Every page that holds content draws the filter bar, whose kinds of activity are always a
    // button group: no fixed wait (a busy machine can take many seconds), a minute at most
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return;
    const side = document.querySelector('[data-testid="stSidebar"]');
    if (side && !side.querySelector('[data-testid="stButtonGroup"]') && waited < 60000) return;
    // the server says whether the first chart it sent has marks to wait for (a busy machine can
    // take seconds to load plotly and draw; an empty chart or none has nothing to wait for)
    const expect = waiting.some((b) => b.closest('[class*="st-key-deferred_go_"]').className.includes('_marks'));
    if (!expect || document.querySelector(MARK) || waited > 60000) {
      for (const b of waiting) { b.dataset.pressed = '1'; b.click(); }
    }
  };
  new MutationObserver(tick).observe(document.body, {subtree: true, childList: true});
  setInterval(tick, 100);
})();</script>"""


def _browser() -> bool:
    try:
        return bool(st.context.headers.get("User-Agent"))
    except Exception:  # noqa: BLE001 - no request (bare or test run): nothing is held back
        return False


def _hold(ctx, text_key: str, box: str | None = None) -> bool:
    """Whether what comes at this point waits for the page's first chart; when it does, a
    loading line (in a container keyed ``box``, when given) stands in its place."""
    if ctx.present or ctx.page in st.session_state.get(READY_KEY, ()) or not _browser():
        return False
    (st.container(key=box) if box else st).caption(ctx.t(text_key))
    ctx.held = True
    return True


def hold(ctx, text_key: str = "common.loading_table") -> bool:
    """Whether the table(s) (or other content, named by the loading line's ``text_key``) at
    this point of the page wait for the first chart."""
    return _hold(ctx, text_key)


def hold_chart(ctx, index: int) -> bool:
    """Whether the chart(s) at this point wait for the page's first chart to be drawn.
    Plotly draws every chart a run sends in one stretch of main-thread work (Instansi's four
    figures: about a second in Chromium on a quiet machine), so the first chart waited for
    the last. A held chart's loading line sits in a box of a chart's height (``index``
    names the box), so the page below does not jump when it arrives."""
    return _hold(ctx, "common.loading_chart", f"{HELD_CHART_PREFIX}{index}")


POINT_FIELDS = ("x", "y", "z", "lon", "lat", "locations", "values")


def has_marks(fig) -> bool:
    """Whether plotly will draw a data mark: a shown trace with a value that is not None
    (an empty figure has no trace; a legend-only entry has ``[None]``)."""
    for tr in fig.data:
        if getattr(tr, "visible", None) in (False, "legendonly"):
            continue
        for name in POINT_FIELDS:
            values = tr[name] if name in tr else None
            if values is None or isinstance(values, str):
                continue
            try:
                if any(v is not None for v in values):
                    return True
            except TypeError:
                continue
    return False


def sent(ctx, fig) -> None:
    """Notes a chart sent in this run; whether the first one has marks decides whether the
    script that sends what was held waits for one (an empty chart has none to wait for)."""
    if ctx.first_chart is None:
        ctx.first_chart = has_marks(fig)


def _ready(page: str) -> None:
    st.session_state[READY_KEY] = set(st.session_state.get(READY_KEY, ())) | {page}


def release(ctx) -> None:
    """At the end of the page: the hidden button that sends what was held (pressed by the
    script once the first chart is drawn)."""
    if not getattr(ctx, "held", False):
        return
    st.html(WAKE_JS, unsafe_allow_javascript=True)  # static script, no data
    key = GO_PREFIX + ctx.page + ("_marks" if ctx.first_chart else "")
    st.button(ctx.t("common.loading_table"), key=key, on_click=_ready, args=(ctx.page,))
