"""Streamlit's own widget texts in the chosen language: the catalogue is complete and the
table the browser script gets is right (the browser test checks the page itself)."""

import json
import re

from dashboard.i18n.catalog_widgets import WIDGET_TEXTS
from dashboard.ui.widget_texts import widget_table, widget_text_script


def test_every_text_has_both_languages_and_the_same_slots():
    for english, (ind, eng) in WIDGET_TEXTS.items():
        assert ind and eng, english
        assert eng == english, english  # the English column is Streamlit's own text
        assert ind.count("{}") == english.count("{}") <= 1, english
        assert ind != english, f"{english!r} is not translated"


def test_the_indonesian_table_has_every_text_and_the_english_one_changes_nothing():
    table = widget_table("id")
    assert table["exact"]["Fullscreen"] == "Layar penuh"
    assert len(table["exact"]) + len(table["patterns"]) == len(WIDGET_TEXTS)
    assert widget_table("en") == {"exact": {}, "patterns": []}


def translate(table: dict, s: str, depth: int = 0) -> str:
    """The browser script's rule, in Python."""
    if s in table["exact"]:
        return table["exact"][s]
    for pre, suf, tmpl in table["patterns"]:
        if depth <= 3 and len(s) > len(pre) + len(suf) and s.startswith(pre) and s.endswith(suf):
            return tmpl.replace("{}", translate(table, s[len(pre):len(s) - len(suf)], depth + 1))
    return s


def test_nested_texts_are_translated_inside_out():
    table = widget_table("id")
    assert translate(table, "day, Periode start date") == "hari, Periode, tanggal awal"
    assert translate(table, "Help for Periode") == "Bantuan untuk Periode"
    assert translate(table, "Periode") == "Periode"


def test_the_script_carries_only_the_catalogue_and_cannot_close_its_tag():
    js = widget_text_script("id")
    assert "</" not in js
    table = json.loads(re.search(r"const table = (\{.*?\}), attrs", js, re.S).group(1))
    assert table == widget_table("id")
