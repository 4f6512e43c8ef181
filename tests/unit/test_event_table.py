"""Event table import: format, validation, row numbers, all-or-nothing result."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from dashboard.db.models import ACTIVITIES
from dashboard.ingest import event_table as E
from dashboard.ingest.event_table import RowError, parse_event_table

ROOT = Path(__file__).resolve().parents[2]
HEADER = "tanggal,kegiatan,tempat,instansi,wilayah,pemilihan,peserta,catatan,url\n"


def parse_csv(text: str, name: str = "kegiatan.csv", encoding: str = "utf-8"):
    return parse_event_table(name, text.encode(encoding))


def only_error(result) -> RowError:
    assert not result.ok
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def xlsx(rows: list[list], title: str = "Kegiatan", extra_sheets: dict | None = None) -> bytes:
    wb = openpyxl.Workbook()
    for t, rs in (extra_sheets or {}).items():
        ws = wb.create_sheet(t, 0)
        for r in rs:
            ws.append(r)
    ws = wb["Sheet"]
    ws.title = title
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- shipped files


def test_template_is_the_documented_header_and_parses_empty():
    data = (ROOT / "data/templates/event_table_template.csv").read_bytes()
    assert data.decode() == HEADER == E.template_csv()
    r = parse_event_table("event_table_template.csv", data)
    assert r.ok and r.rows == [] and r.warnings == []


def test_example_is_valid():
    data = (ROOT / "data/templates/event_table_example.csv").read_bytes()
    r = parse_event_table("event_table_example.csv", data)
    assert r.ok, r.errors
    assert len(r.rows) >= 5
    first = r.rows[0]
    assert first.row == 2
    assert first.event_date == dt.date(2020, 2, 27)
    assert first.activity == "rakor"
    assert first.agencies == ("Kesbangpol", "KPU", "Bawaslu", "Polri")
    assert first.regions == ("13.02",)
    assert (first.election, first.election_id) == ("Pilkada 2020", "pilkada-2020")
    assert first.participants == 50
    assert first.url.startswith("https://")


def test_doc_mentions_every_column_and_error_code():
    doc = (ROOT / "docs/event-table-format.md").read_text(encoding="utf-8")
    for col, names in E.COLUMNS.items():
        assert f"`{col}`" in doc and f"`{names[1]}`" in doc
    for code in E.ERROR_CODES:
        assert f"`{code}`" in doc, code
    for act in ACTIVITIES:
        assert f"`{act}`" in doc


# ---------------------------------------------------------------- rows


def test_full_row_english_headers_any_order_case_insensitive():
    r = parse_csv("Participants,DATE,Activity,Agencies,Regions,Election,Location,Notes,Source\n"
                  '40,2024-10-15,Simulasi Pemungutan Suara,"kpu; BAWASLU",Kab. Solok; 13.72,pilkada-2024,'
                  'TPS 1,"catatan\nbaris dua",https://a.id/x\n')
    assert r.ok, r.errors
    (row,) = r.rows
    assert row.to_dict() == {
        "row": 2, "event_date": "2024-10-15", "activity": "simulasi", "location": "TPS 1",
        "agencies": ["KPU", "Bawaslu"], "regions": ["13.02", "13.72"], "election": "Pilkada 2024",
        "election_id": "pilkada-2024", "participants": 40, "notes": "catatan\nbaris dua", "url": "https://a.id/x",
    }


def test_only_date_is_required():
    r = parse_csv("tanggal\n27/02/2020\n")
    assert r.ok
    (row,) = r.rows
    assert (row.event_date, row.activity, row.agencies, row.regions, row.participants) == (
        dt.date(2020, 2, 27), "other", (), (), None)


def test_missing_date_column():
    e = only_error(parse_csv("kegiatan,tempat\nrakor,Aula\n"))
    assert (e.row, e.column, e.code) == (1, "tanggal", E.MISSING_COLUMN)


def test_duplicate_column():
    e = only_error(parse_csv("tanggal,date\n2020-01-01,2020-01-02\n"))
    assert (e.row, e.code) == (1, E.DUPLICATE_COLUMN)


def test_unknown_columns_are_warned_not_errors():
    r = parse_csv("tanggal,warna\n2020-01-01,merah\n")
    assert r.ok and len(r.rows) == 1
    assert r.warnings == ["column 'warna' is not part of the format and was ignored"]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2020-02-27", dt.date(2020, 2, 27)),
        ("2020-02-27 00:00:00", dt.date(2020, 2, 27)),
        ("27/02/2020", dt.date(2020, 2, 27)),
        ("7-2-2020", dt.date(2020, 2, 7)),
        ("27.02.2020", dt.date(2020, 2, 27)),
        ("27 Februari 2020", dt.date(2020, 2, 27)),
        ("Kamis, 27 Februari 2020", dt.date(2020, 2, 27)),
        ("27 Feb 2020", dt.date(2020, 2, 27)),
        ("43888", dt.date(2020, 2, 27)),
    ],
)
def test_dates_accepted(value, expected):
    r = parse_csv(f'tanggal\n"{value}"\n')
    assert r.ok, r.errors
    assert r.rows[0].event_date == expected


@pytest.mark.parametrize(
    "value,code",
    [
        ("02/27/2020", E.BAD_DATE),
        ("31/02/2020", E.BAD_DATE),
        ("27/02/20", E.BAD_DATE),
        ("kemarin", E.BAD_DATE),
        ("Kamis (27/2)", E.BAD_DATE),
        ("2020", E.BAD_DATE),
        ("1985-01-01", E.DATE_OUT_OF_RANGE),
        ("2999-01-01", E.DATE_OUT_OF_RANGE),
        ("2020-02-27 10:00", E.BAD_DATE),
    ],
)
def test_dates_rejected(value, code):
    e = only_error(parse_csv(f'tanggal,kegiatan\n"{value}",rakor\n'))
    assert (e.row, e.column, e.code) == (2, "tanggal", code)
    assert e.message


def test_missing_date_value_and_blank_rows_skipped():
    r = parse_csv("tanggal,kegiatan\n2020-01-01,rakor\n,,\n,apel\n2020-01-03,rapat\n")
    e = only_error(r)
    assert (e.row, e.column, e.code) == (4, "tanggal", E.MISSING_VALUE)
    assert [x.row for x in r.rows] == [2, 5]  # valid rows still listed; the caller imports none


@pytest.mark.parametrize(
    "value,expected",
    [
        ("rakor", "rakor"), ("RAKOR", "rakor"), ("Rapat Koordinasi", "rakor"),
        ("Rapat Koordinasi Persiapan Pilkada", "rakor"), ("Rapat Kerja", "rapat"), ("rapat", "rapat"),
        ("FGD", "rapat"), ("Sosialisasi Pemilih Pemula", "sosialisasi"), ("Pendidikan Politik", "sosialisasi"),
        ("Apel Siaga", "apel"), ("Apel Gelar Pasukan", "apel"), ("Bimbingan Teknis", "bimtek"),
        ("Simulasi Pemungutan Suara", "simulasi"), ("Pemantauan", "monitoring"), ("sidak", "monitoring"),
        ("Deklarasi Damai", "deklarasi"), ("Pelantikan PPK", "pelantikan"), ("Lainnya", "other"),
        ("other", "other"), ("coordination meeting", "rakor"), ("Training", "bimtek"),
    ],
)
def test_activity_words(value, expected):
    assert E.activity_code(value) == expected


def test_every_activity_code_is_accepted():
    for a in ACTIVITIES:
        assert E.activity_code(a) == a


def test_unknown_activity():
    e = only_error(parse_csv("tanggal,kegiatan\n2020-01-01,Rapatan\n"))
    assert (e.row, e.column, e.code) == (2, "kegiatan", E.UNKNOWN_ACTIVITY)
    assert "rakor" in e.message


@pytest.mark.parametrize(
    "value,expected",
    [
        ("KPU", "KPU"), ("kpu", "KPU"), ("Bawaslu", "Bawaslu"), ("Kesbangpol", "Kesbangpol"),
        ("Badan Kesbangpol", "Kesbangpol"), ("Kaban Kesbangpol", "Kesbangpol"), ("Polres", "Polri"),
        ("Polres Solok", "Polri"), ("polda sumbar", "Polri"), ("Kodim 0309/Solok", "TNI"), ("Korem", "TNI"),
        ("Kabinda", "BIN"), ("Kejari Solok", "Kejaksaan"), ("satpol pp", "Satpol PP"),
        ("Satuan Polisi Pamong Praja", "Satpol PP"), ("Polisi Pamong Praja", "Satpol PP"),
        ("KPU Kabupaten Solok", "KPU"), ("Panwascam", "Bawaslu"), ("Pemkab Solok", "Pemda"),
        ("Bupati", "Pemda"), ("kemenko polhukam", "Kemenko Polhukam"), ("Kominfo", "Kemenkominfo"),
        ("DPRD Kabupaten Solok", "DPRD"), ("Dinas Rahasia", None), ("", None), ("Polisiku", None),
    ],
)
def test_agency_names(value, expected):
    assert E.agency_name(value) == expected


def test_agency_list_separators_and_duplicates():
    r = parse_csv('tanggal,instansi\n2020-01-01,"KPU; Polres, Polda\nkodim 0309;KPU"\n')
    assert r.ok, r.errors
    assert r.rows[0].agencies == ("KPU", "Polri", "TNI")


def test_unknown_agency_is_an_error_per_item():
    r = parse_csv('tanggal,instansi\n2020-01-01,"KPU, Dinas Rahasia, Ormas X"\n')
    assert [(e.row, e.column, e.code) for e in r.errors] == [(2, "instansi", E.UNKNOWN_AGENCY)] * 2
    assert "Dinas Rahasia" in r.errors[0].message


@pytest.mark.parametrize(
    "value,expected",
    [
        ("13.02", "13.02"), ("13", "13"), ("Kabupaten Solok", "13.02"), ("kota solok", "13.72"),
        ("Kab. Solok", "13.02"), ("Sumbar", "13"), ("Sumatera Barat", "13"), ("Agam", "13.06"),
        ("13.1", "13.10"), (13.1, "13.10"), (13.02, "13.02"),
    ],
)
def test_region_codes(value, expected):
    code, err, _ = E.region_code(value)
    assert (code, err) == (expected, None)


@pytest.mark.parametrize(
    "value,code",
    [("Solok", E.AMBIGUOUS_REGION), ("99.99", E.UNKNOWN_REGION), ("Atlantis", E.UNKNOWN_REGION),
     ("13.2", E.UNKNOWN_REGION), ("1302", E.UNKNOWN_REGION)],
)
def test_region_errors(value, code):
    assert E.region_code(value)[1] == code


def test_ambiguous_region_message_names_both():
    e = only_error(parse_csv("tanggal,wilayah\n2020-01-01,Solok\n"))
    assert e.code == E.AMBIGUOUS_REGION and "13.02" in e.message and "13.72" in e.message


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Pilkada 2020", ("Pilkada 2020", "pilkada-2020")), ("pilkada-2020", ("Pilkada 2020", "pilkada-2020")),
        ("PILKADA SERENTAK 2020", ("Pilkada 2020", "pilkada-2020")),
        ("Pilkada Serentak Tahun 2024", ("Pilkada 2024", "pilkada-2024")),
        ("pemilu 2024", ("Pemilu 2024", "pemilu-2024")), ("Pilkades 2021", ("Pilkades 2021", "pilkades-2021")),
    ],
)
def test_elections(value, expected):
    name, eid, msg = E.election_name(value)
    assert (name, eid) == expected and msg is None


@pytest.mark.parametrize("value", ["Pilkada 2021", "Pilpres 2024", "2020", "pilkada", "Pilkades 1800"])
def test_elections_rejected(value):
    name, eid, msg = E.election_name(value)
    assert name is None and eid is None and "Pilkada 2020" in msg


@pytest.mark.parametrize(
    "value,expected",
    [("120", 120), ("0", 0), ("1.200", 1200), ("1,200", 1200), ("1 200", 1200), ("12.345.678", None),
     (120, 120), (120.0, 120)],
)
def test_participants(value, expected):
    n, msg = E.parse_participants(value)
    assert n == expected
    assert (msg is None) == (expected is not None)


@pytest.mark.parametrize("value", ["-5", "sekitar 100", "100+", "1.5", "1,2", 1.5, -3, True, "1.20"])
def test_participants_rejected(value):
    n, msg = E.parse_participants(value)
    assert n is None and msg


def test_url_and_length_checks():
    long_place = "x" * 501
    r = parse_csv(f"tanggal,tempat,url\n2020-01-01,{long_place},javascript:alert(1)\n")
    assert sorted((e.column, e.code) for e in r.errors) == [("tempat", E.TOO_LONG), ("url", E.BAD_URL)]


def test_row_numbers_count_multiline_cells_as_one_row():
    r = parse_csv('tanggal,catatan\n2020-01-01,"satu\ndua\ntiga"\n2020-13-01,x\n')
    e = only_error(r)
    assert e.row == 3


def test_several_errors_in_one_row_all_reported():
    r = parse_csv("tanggal,kegiatan,instansi,wilayah,pemilihan,peserta\nx,y,z,Atlantis,Pilkada 1,-1\n")
    assert {e.column for e in r.errors} == {"tanggal", "kegiatan", "instansi", "wilayah", "pemilihan", "peserta"}
    assert all(e.row == 2 for e in r.errors)
    assert r.rows == []


def test_column_names_reported_as_written():
    e = only_error(parse_csv("Tanggal Kegiatan,Jenis\n2020-01-01,Rapatan\n"))
    assert e.column == "Jenis"


# ---------------------------------------------------------------- file handling


def test_semicolon_and_cp1252_and_bom():
    text = "tanggal;tempat;instansi\n27/02/2020;Caf\u00e9 \u201cBersama\u201d;KPU, Bawaslu\n"
    for enc in ("cp1252", "utf-8-sig", "utf-16"):
        r = parse_csv(text, encoding=enc)
        assert r.ok, (enc, r.errors)
        assert r.rows[0].location == "Caf\u00e9 \u201cBersama\u201d"
        assert r.rows[0].agencies == ("KPU", "Bawaslu")


def test_xlsx_with_date_cells_numbers_and_first_matching_sheet():
    data = xlsx(
        [
            ["Tanggal", "Kegiatan", "Wilayah", "Peserta", "Instansi"],
            [dt.datetime(2020, 2, 27), "Rapat Koordinasi", 13.1, 50, "KPU"],
            [None, None, None, None, None],
            [dt.date(2020, 3, 1), "apel", "13.02", 12.0, None],
            [43888, "rapat", 13, "1.200", "Polres"],
        ],
        extra_sheets={"Petunjuk": [["Isi tabel di sheet Kegiatan"]]},
    )
    r = parse_event_table("kegiatan.xlsx", data)
    assert r.ok, r.errors
    assert [(x.row, x.event_date, x.regions, x.participants) for x in r.rows] == [
        (2, dt.date(2020, 2, 27), ("13.10",), 50),
        (4, dt.date(2020, 3, 1), ("13.02",), 12),
        (5, dt.date(2020, 2, 27), ("13",), 1200),
    ]


def test_xlsx_errors_have_row_numbers():
    data = xlsx([["tanggal", "peserta"], [dt.datetime(2020, 1, 1), 1.5], ["bukan tanggal", 3]])
    r = parse_event_table("k.xlsx", data)
    assert sorted((e.row, e.column, e.code) for e in r.errors) == [
        (2, "peserta", E.BAD_PARTICIPANTS), (3, "tanggal", E.BAD_DATE)]


@pytest.mark.parametrize(
    "data,code",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"%PDF-1.4 xxx", "unsupported_format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "unsupported_format"),
        (b"PK\x03\x04 rusak", "bad_excel"),
        (bytes(range(256)) * 10, "binary"),
    ],
)
def test_unreadable_files_are_row_zero_errors(data, code):
    e = only_error(parse_event_table("x.csv", data))
    assert (e.row, e.column, e.code) == (0, None, code)


def test_size_limit():
    e = only_error(parse_event_table("x.csv", (HEADER + "2020-01-01,,,,,,,,\n" * 100).encode(), max_bytes=500))
    assert e.code == "too_large" and e.row == 0


def test_error_cap(monkeypatch):
    monkeypatch.setattr(E, "MAX_ERRORS", 10)
    r = parse_csv("tanggal\n" + "x\n" * 50)
    assert len(r.errors) == 11  # the first 10, then one saying that checking stopped
    assert r.errors[-1].code == E.TOO_MANY_ERRORS and r.errors[-2].code == E.BAD_DATE


def test_row_cap(monkeypatch):
    monkeypatch.setattr(E, "MAX_ROWS", 5)
    r = parse_csv("tanggal\n" + "2020-01-01\n" * 8)
    assert r.errors[-1].code == E.TOO_MANY_ROWS and r.errors[-1].row == 7


def test_never_raises_on_garbage():
    for data in (b"\x00" * 10, b"tanggal\n" + b"\xff\xfe" * 10, b'"' * 1000, b"tanggal\n\"unterminated\n"):
        r = parse_event_table("x.csv", data)
        assert isinstance(r, E.EventTableResult)
