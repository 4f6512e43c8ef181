"""The browser side of ``i18n.catalog_widgets``: a script that gives Streamlit's own
widget texts (``aria-label``, ``title``, ``placeholder``) in the chosen language.

Installed once per browser tab (a MutationObserver on the page); a later copy of the script
with another language (the language switch) updates the table and translates every element
again from the original English, which each element keeps in a ``data-i18n-*`` attribute
(React leaves an attribute alone while Streamlit's value for it does not change). No data
goes into the script: only the catalogue.
"""

from __future__ import annotations

import json

from dashboard.i18n import _idx
from dashboard.i18n.catalog_widgets import WIDGET_TEXTS

ATTRIBUTES = ("aria-label", "title", "placeholder")


def widget_table(lang: str) -> dict:
    """``{"exact": {english: text}, "patterns": [[prefix, suffix, template], ...]}`` for
    ``lang``; patterns with the longest fixed part first."""
    exact, patterns = {}, []
    for english, pair in WIDGET_TEXTS.items():
        text = pair[_idx(lang)] or pair[0]
        if "{}" in english:
            prefix, suffix = english.split("{}", 1)
            patterns.append([prefix, suffix, text])
        elif text != english:
            exact[english] = text
    patterns.sort(key=lambda p: -(len(p[0]) + len(p[1])))
    return {"exact": exact, "patterns": [p for p in patterns if p[2] != p[0] + "{}" + p[1]]}


_JS = """(() => {
  const table = %s, attrs = %s;
  const w = window;
  w.__widgetTexts = table;
  const tr = (s, depth) => {
    const t = w.__widgetTexts;
    if (Object.prototype.hasOwnProperty.call(t.exact, s)) return t.exact[s];
    if (depth > 3) return s;
    for (const [pre, suf, tmpl] of t.patterns) {
      if (s.length > pre.length + suf.length && s.startsWith(pre) && s.endsWith(suf)) {
        return tmpl.replace('{}', tr(s.slice(pre.length, s.length - suf.length), depth + 1));
      }
    }
    return s;
  };
  const fix = (el) => {
    for (const a of attrs) {
      if (!el.hasAttribute(a)) continue;
      const keep = 'data-i18n-' + a, now = el.getAttribute(a);
      let orig = el.getAttribute(keep);
      if (orig === null || (now !== orig && now !== el.__i18nSet?.[a])) { orig = now; el.setAttribute(keep, orig); }
      const want = tr(orig, 0);
      if (now !== want) { (el.__i18nSet ||= {})[a] = want; el.setAttribute(a, want); }
    }
  };
  const sel = attrs.map(a => '[' + a + ']').join(',');
  const all = (root) => { if (root.nodeType !== 1) return; if (root.matches(sel)) fix(root); for (const el of root.querySelectorAll(sel)) fix(el); };
  all(document.body);
  if (w.__widgetTextsObserver) return;
  w.__widgetTextsObserver = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') fix(r.target);
      else for (const n of r.addedNodes) all(n);
    }
  });
  w.__widgetTextsObserver.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: attrs});
})();"""


def widget_text_script(lang: str) -> str:
    """The script (without the ``<script>`` tag) for ``lang``."""
    table = json.dumps(widget_table(lang), ensure_ascii=True).replace("</", "<\\/")
    return _JS % (table, json.dumps(list(ATTRIBUTES)))
