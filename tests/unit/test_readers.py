"""Readers: every format, encodings, limits, archives, sources. All fixtures are
synthetic (made up here), never corpus text."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dashboard.ingest import readers as R
from dashboard.ingest.model import RawArticle, Rejection
from dashboard.ingest.readers import parse_date, read_bytes, read_path

BODY = (
    "Arosuka - Badan Kesbangpol Kabupaten Contoh menggelar rapat koordinasi persiapan Pilkada "
    "Serentak 2020 di aula kantor bupati pada Kamis (27/2).\n"
    "Rapat dihadiri KPU, Bawaslu, Polres dan Kodim setempat dengan sekitar 50 peserta."
)


def read(name: str, data: bytes, **kw) -> list[RawArticle | Rejection]:
    return list(read_bytes(name, data, **kw))


def one_article(name: str, data: bytes, **kw) -> RawArticle:
    out = read(name, data, **kw)
    assert len(out) == 1, out
    assert isinstance(out[0], RawArticle), out[0]
    return out[0]


def one_rejection(name: str, data: bytes, code: str | None = None, **kw) -> Rejection:
    out = read(name, data, **kw)
    assert len(out) == 1, out
    assert isinstance(out[0], Rejection), out[0]
    assert out[0].reason
    if code:
        assert out[0].code == code, out[0]
    return out[0]


def make_zip(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def make_xlsx(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- plain text


def test_plain_text_is_the_whole_file_and_title_is_left_to_the_cleaner():
    a = one_article("berita.txt", ("Judul di baris pertama\n" + BODY).encode())
    assert a.text == "Judul di baris pertama\n" + BODY
    assert a.title is None and a.url is None and a.published is None and a.publisher is None
    assert a.source == "berita.txt"


def test_text_header_block_indonesian_keys():
    data = (
        "URL: https://contoh.go.id/berita/rakor\n"
        "Judul: Kesbangpol Gelar Rakor\n"
        "Tanggal: Kamis, 27 Februari 2020 | 10:00 WIB\n"
        "Sumber: Kesbangpol Kabupaten Contoh\n"
        "\n" + BODY
    ).encode()
    a = one_article("a.txt", data)
    assert a.text == BODY
    assert a.url == "https://contoh.go.id/berita/rakor"
    assert a.title == "Kesbangpol Gelar Rakor"
    assert a.published == dt.date(2020, 2, 27)
    assert a.publisher == "Kesbangpol Kabupaten Contoh"


def test_text_header_block_english_keys_iso_date():
    a = one_article("a.md", f"Title: T\nPublished: 2021-03-04\nPublisher: P\n\n{BODY}".encode())
    assert (a.title, a.published, a.publisher, a.text) == ("T", dt.date(2021, 3, 4), "P", BODY)


def test_markdown_front_matter():
    a = one_article("a.md", f"---\ntitle: \"Judul\"\ndate: 2020-02-27\nurl: https://a.id/x\n---\n{BODY}".encode())
    assert a.title == "Judul" and a.published == dt.date(2020, 2, 27) and a.url == "https://a.id/x"
    assert a.text == BODY


@pytest.mark.parametrize(
    "text",
    [
        "Judul: Rakor\nIsi langsung tanpa baris kosong\n\nParagraf",  # no blank line after the block
        "Catatan: bukan header\n\nIsi",  # unknown key
        "Rapat: digelar hari ini.\n\nIsi",  # ordinary sentence with a colon
    ],
)
def test_text_without_valid_header_block_is_kept_whole(text):
    a = one_article("a.txt", text.encode())
    assert a.text == text and a.title is None


def test_header_block_with_no_body_is_rejected():
    r = one_rejection("a.txt", b"Judul: Hanya judul\n\n\n")
    assert r.code == R.NO_TEXT


def test_header_javascript_url_is_dropped():
    a = one_article("a.txt", f"URL: javascript:alert(1)\n\n{BODY}".encode())
    assert a.url is None


def test_newlines_controls_and_unicode_normalised():
    raw = "Baris satu\r\nBaris dua\rBaris tiga\x00 dengan\x07 bel\x1b[31m\nCafe\u0301 \ufeffakhir   \n"
    a = one_article("a.txt", raw.encode())
    assert "\r" not in a.text and "\x00" not in a.text and "\x07" not in a.text and "\x1b" not in a.text
    assert "\ufeff" not in a.text
    assert a.text.splitlines()[:3] == ["Baris satu", "Baris dua", "Baris tiga dengan bel[31m"]
    assert "Caf\u00e9" in a.text  # NFC
    assert a.text.endswith("akhir")


def test_tabs_are_kept():
    a = one_article("a.txt", b"kolom\tkolom\nbaris")
    assert a.text == "kolom\tkolom\nbaris"


# ---------------------------------------------------------------- encodings

SPECIAL = "Rapat \u201cRakor\u201d di caf\u00e9 \u2013 biaya \u20ac5, suhu 30\u00b0, Kab. Contoh"
LATIN = "Caf\u00e9 d\u00e9j\u00e0 vu, fa\u00e7ade, \u00bd jam, 30\u00b0, \u00a9 Pemkab"


@pytest.mark.parametrize(
    "data,expected",
    [
        (SPECIAL.encode("utf-8"), SPECIAL),
        (SPECIAL.encode("utf-8-sig"), SPECIAL),
        (SPECIAL.encode("cp1252"), SPECIAL),
        (LATIN.encode("latin-1"), LATIN),
        (SPECIAL.encode("utf-16"), SPECIAL),  # with BOM
        (SPECIAL.encode("utf-16-le"), SPECIAL),  # without BOM
        (SPECIAL.encode("utf-16-be"), SPECIAL),  # without BOM
        (SPECIAL.encode("utf-32"), SPECIAL),  # with BOM
    ],
    ids=["utf8", "utf8-bom", "cp1252", "latin1", "utf16-bom", "utf16le", "utf16be", "utf32-bom"],
)
def test_encodings_are_detected(data, expected):
    assert one_article("a.txt", data).text == expected


def test_decode_bytes_reports_encoding():
    assert R.decode_bytes(SPECIAL.encode("cp1252"))[1] == "cp1252"
    assert R.decode_bytes(SPECIAL.encode("utf-8"))[1] == "utf-8"
    assert R.decode_bytes(b"\xef\xbb\xbfabc") == ("abc", "utf-8")


def test_bom_that_lies_is_bad_encoding():
    r = one_rejection("a.txt", b"\xfe\xff" + b"\xd8\x00\x00")  # UTF-16 BE BOM, then a lone surrogate
    assert r.code == R.BAD_ENCODING


def test_undecodable_high_bytes_rejected_not_guessed():
    data = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D] * 400)  # undefined in cp1252, C1 controls in Latin-1
    r = one_rejection("a.txt", data)
    assert r.code in (R.BAD_ENCODING, R.BINARY)


def test_binary_with_text_extension_rejected():
    r = one_rejection("a.txt", bytes(range(256)) * 40)
    assert r.code == R.BINARY
    assert "binary" in r.reason


def test_a_few_nul_bytes_do_not_make_text_binary():
    a = one_article("a.txt", ("x" * 500 + "\x00" + "y" * 500 + "\x00").encode())
    assert a.text == "x" * 500 + "y" * 500


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", b"\x00\x00\x00", "\ufeff".encode("utf-8")])
def test_empty_files_rejected(data):
    r = one_rejection("a.txt", data)
    assert r.code in (R.EMPTY, R.NO_TEXT)


# ---------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Kesbangpol Gelar Rakor Pilkada - Portal Kabupaten Contoh</title>
<link rel="canonical" href="https://contoh.go.id/2019/01/05/rakor-pilkada">
<meta property="og:site_name" content="Portal Kabupaten Contoh">
<meta property="article:published_time" content="2020-02-27T10:00:00+07:00">
<style>body { color: red } .STYLE_MARKER {}</style>
<script>var SCRIPT_MARKER_1 = "should never appear";</script>
</head>
<body onload="EVENT_MARKER_1()">
<nav><a href="/">Beranda</a> | <a href="/berita">Berita</a></nav>
<article>
<h1>Kesbangpol Gelar Rakor Pilkada</h1>
<p>Arosuka - Badan Kesbangpol Kabupaten Contoh menggelar rapat koordinasi persiapan Pilkada Serentak
2020 pada Kamis (27/2) di aula kantor bupati.</p>
<p onclick="EVENT_MARKER_2()" onmouseover="alert('EVENT_MARKER_3')">Rapat dihadiri oleh KPU, Bawaslu,
Polres dan Kodim setempat. Sekitar 50 peserta hadir dalam kegiatan tersebut.</p>
<script>document.write("SCRIPT_MARKER_2")</script>
<noscript>NOSCRIPT_MARKER</noscript>
<p>Kepala Badan Kesbangpol menyampaikan bahwa koordinasi lintas sektoral penting untuk menjaga
kondusivitas daerah menjelang pemungutan suara.</p>
</article>
<footer>Hak cipta Pemkab Contoh</footer>
</body></html>"""


def test_html_main_text_and_metadata():
    a = one_article("halaman.html", PAGE.encode())
    assert "rapat koordinasi persiapan Pilkada" in a.text
    assert "Sekitar 50 peserta" in a.text
    for marker in ("SCRIPT_MARKER", "EVENT_MARKER", "STYLE_MARKER", "NOSCRIPT_MARKER", "alert("):
        assert marker not in a.text
    assert a.title == "Kesbangpol Gelar Rakor Pilkada"
    assert a.url == "https://contoh.go.id/2019/01/05/rakor-pilkada"
    assert a.publisher == "Portal Kabupaten Contoh"
    assert a.published == dt.date(2020, 2, 27)  # from metadata, not from the 2019 date in the URL


def test_html_keeps_paragraph_line_breaks():
    a = one_article("halaman.html", PAGE.encode())
    lines = [ln for ln in a.text.split("\n") if ln.strip()]
    assert any(ln.startswith("Arosuka") for ln in lines)
    assert any(ln.startswith("Rapat dihadiri") for ln in lines)
    assert any(ln.startswith("Kepala Badan") for ln in lines)


def test_html_date_never_taken_from_url():
    page = PAGE.replace('<meta property="article:published_time" content="2020-02-27T10:00:00+07:00">', "")
    a = one_article("halaman.htm", page.encode())
    assert a.published is None
    assert a.url == "https://contoh.go.id/2019/01/05/rakor-pilkada"


def test_html_og_url_and_hostname_publisher():
    page = (
        PAGE.replace('<link rel="canonical" href="https://contoh.go.id/2019/01/05/rakor-pilkada">',
                     '<meta property="og:url" content="https://berita.contoh.id/a">')
        .replace('<meta property="og:site_name" content="Portal Kabupaten Contoh">', "")
        .replace(" - Portal Kabupaten Contoh", "")
    )
    a = one_article("a.html", page.encode())
    assert a.url == "https://berita.contoh.id/a"
    assert a.publisher == "berita.contoh.id"


def test_html_javascript_canonical_is_dropped():
    page = PAGE.replace("https://contoh.go.id/2019/01/05/rakor-pilkada", "javascript:alert(1)")
    assert one_article("a.html", page.encode()).url is None


def test_html_declared_windows_1252():
    page = PAGE.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    page = page.replace("Hak cipta", "Hak cipta \u00a9").replace("Sekitar 50", "Sekitar \u201c50\u201d")
    a = one_article("a.html", page.encode("cp1252"))
    assert "Sekitar \u201c50\u201d peserta" in a.text


def test_html_declared_charset_that_lies_is_overridden_by_valid_utf8():
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace("Sekitar 50", "Sekitar \u00b150")
    a = one_article("a.html", page.encode("utf-8"))
    assert "Sekitar \u00b150 peserta" in a.text


def test_html_with_only_script_is_rejected():
    r = one_rejection("a.html", b"<html><head><script>SCRIPT_ONLY()</script></head><body><script>x()</script></body></html>")
    assert r.code == R.NO_TEXT


def test_short_government_page_still_gives_text():
    page = "<html><body><div class='isi'><p>Kesbangpol menggelar apel siaga.</p></div></body></html>"
    assert one_article("a.html", page.encode()).text == "Kesbangpol menggelar apel siaga."


def test_html_in_a_txt_file_is_read_as_html():
    a = one_article("a.txt", PAGE.encode())
    assert "SCRIPT_MARKER" not in a.text and "<p>" not in a.text
    assert a.url == "https://contoh.go.id/2019/01/05/rakor-pilkada"


def test_plain_text_in_an_html_file_is_read_as_text():
    a = one_article("a.html", BODY.encode())
    assert a.text == BODY


def test_html_without_extension_is_sniffed():
    a = one_article("unduhan", PAGE.encode())
    assert a.title == "Kesbangpol Gelar Rakor Pilkada"


def test_html_too_large_for_pages_is_rejected():
    limits_page = "<html><body>" + "<p>x</p>" * 100 + "</body></html>"
    out = list(R._guarded("a.html", R.Limits(max_html_bytes=100), lambda: R._read_html("a.html", limits_page, R.Limits(max_html_bytes=100))))
    assert len(out) == 1 and out[0].code == R.TOO_LARGE


# ---------------------------------------------------------------- JSON


def jl(*records) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def test_jsonl_good_lines_pass_bad_lines_rejected_with_line_numbers():
    data = jl(
        {"url": "https://a.id/1", "title": "Satu", "published": "2020-02-27", "text": "isi satu", "publisher": "Media A"},
        '{"text": "rusak',
        "",
        {"title": "tanpa isi"},
        [1, 2],
        {"text": "isi dua", "published": "27/02/2020"},
    )
    out = read("a.jsonl", data)
    assert [type(x).__name__ for x in out] == ["RawArticle", "Rejection", "Rejection", "Rejection", "RawArticle"]
    assert [x.source for x in out] == ["a.jsonl:1", "a.jsonl:2", "a.jsonl:4", "a.jsonl:5", "a.jsonl:6"]
    assert out[0].title == "Satu" and out[0].publisher == "Media A" and out[0].published == dt.date(2020, 2, 27)
    assert out[1].code == R.BAD_JSON and "line 2" in out[1].reason
    assert out[2].code == R.MISSING_TEXT
    assert out[3].code == R.BAD_JSON
    assert out[4].published == dt.date(2020, 2, 27)


def test_jsonl_with_crlf_and_corpus_like_extra_fields():
    rec = {"id": "x", "url": None, "publisher": "P", "title": None, "published": None, "text": "isi\r\nbaris",
           "gold": {"activity": "rakor"}, "notes": "n"}
    data = (json.dumps(rec) + "\r\n" + json.dumps(rec) + "\r\n").encode()
    out = read("dev.jsonl", data)
    assert [x.text for x in out] == ["isi\nbaris", "isi\nbaris"]
    assert [x.source for x in out] == ["dev.jsonl:1", "dev.jsonl:2"]


def test_json_array():
    data = json.dumps([{"text": "a", "judul": "J"}, {"isi": "b"}, 5, {"text": ""}], indent=2).encode()
    out = read("a.json", data)
    assert [x.source for x in out] == ["a.json[1]", "a.json[2]", "a.json[3]", "a.json[4]"]
    assert out[0].title == "J" and out[1].text == "b"
    assert out[2].code == R.BAD_JSON and out[3].code == R.MISSING_TEXT


def test_truncated_json_array_keeps_items_before_the_break():
    out = read("a.json", b'[{"text": "a"},\n {"text": "b"},\n {"text": "c')
    assert [x.text for x in out if isinstance(x, RawArticle)] == ["a", "b"]
    assert isinstance(out[-1], Rejection) and out[-1].code == R.BAD_JSON
    assert "line 3" in out[-1].reason and "cut off" in out[-1].reason


def test_json_single_object_and_wrapper():
    assert one_article("a.json", json.dumps({"text": "x", "title": "T"}, indent=2).encode()).title == "T"
    out = read("a.json", json.dumps({"meta": {}, "articles": [{"text": "a"}, {"text": "b"}]}).encode())
    assert [x.text for x in out] == ["a", "b"] and out[1].source == "a.json[2]"


def test_json_field_types_are_checked():
    out = read("a.jsonl", jl({"text": ["a"]}, {"text": 5, "title": 7, "url": "file:///etc/passwd", "published": True}))
    assert out[0].code == R.MISSING_TEXT
    assert out[1].text == "5" and out[1].title == "7" and out[1].url is None and out[1].published is None


def test_json_escaped_controls_and_lone_surrogates_are_removed():
    a = one_article("a.jsonl", b'{"text": "a\\u0000b\\ud800c\\u0007d\\u00e9"}')
    assert a.text == "abcd\u00e9"
    a.text.encode("utf-8")  # storable


def test_json_with_plain_text_is_bad_json():
    assert one_rejection("a.json", b"ini bukan JSON").code == R.BAD_JSON


@pytest.mark.parametrize("data", [b"[" * 50_000, b'{"a":' * 50_000, b'[{"text": ' + b"[" * 50_000])
def test_deeply_nested_json_rejected(data):
    out = read("a.json", data)
    assert out and all(isinstance(x, Rejection) and x.code == R.BAD_JSON for x in out)


def test_empty_json_list():
    assert one_rejection("a.json", b"[ ]").code == R.NO_TEXT


def test_record_limit_and_rejection_limit():
    limits_cls = R.Limits
    lines = "\n".join(json.dumps({"text": f"t{i}"}) for i in range(30)).encode()
    out = list(R._guarded("a.jsonl", limits_cls(max_records=10),
                          lambda: R._read_json("a.jsonl", "a.jsonl", lines.decode(), limits_cls(max_records=10))))
    assert sum(isinstance(x, RawArticle) for x in out) == 10
    assert out[-1].code == R.TOO_LARGE
    bad = "\n".join("{}" for _ in range(30))
    out = list(R._guarded("a.jsonl", limits_cls(max_rejections=5),
                          lambda: R._read_json("a.jsonl", "a.jsonl", bad, limits_cls(max_rejections=5))))
    assert len(out) == 5 and "stopped" in out[-1].reason


# ---------------------------------------------------------------- CSV


def test_csv_synonym_headers_case_insensitive_and_row_numbers():
    data = (
        b"JUDUL,Isi,Tanggal,Tautan,Sumber\n"
        b"Rakor,isi rakor,27/02/2020,https://a.id/1,Media A\n"
        b"Kosong,,2020-01-01,,\n"
        b"\n"
        b'"Multi","baris satu\nbaris dua",Kamis 5 Maret 2020,javascript:x(),\n'
        b"Akhir,isi akhir,tidak jelas,,\n"
    )
    out = read("berita.csv", data)
    assert [x.source for x in out] == ["berita.csv:2", "berita.csv:3", "berita.csv:5", "berita.csv:6"]
    a, r, m, last = out
    assert (a.title, a.text, a.published, a.url, a.publisher) == (
        "Rakor", "isi rakor", dt.date(2020, 2, 27), "https://a.id/1", "Media A")
    assert isinstance(r, Rejection) and r.code == R.MISSING_TEXT and "row 3" in r.reason
    assert m.text == "baris satu\nbaris dua" and m.published == dt.date(2020, 3, 5) and m.url is None
    assert last.published is None  # unparseable date is not a rejection


@pytest.mark.parametrize("delim", [";", "\t", "|"])
def test_csv_other_delimiters(delim):
    data = f"judul{delim}konten{delim}date\nA{delim}isi, dengan koma{delim}2020-02-27\n".encode()
    a = one_article("a.csv", data)
    assert a.text == "isi, dengan koma" and a.title == "A"


def test_csv_from_excel_with_bom_and_cp1252():
    data = "\ufeffTitle,Body\nA,caf\u00e9 \u201cx\u201d\n".encode("utf-8")
    assert one_article("a.csv", data).text == "caf\u00e9 \u201cx\u201d"
    data = "Title;Body\nA;caf\u00e9 \u201cx\u201d\n".encode("cp1252")
    assert one_article("a.csv", data).text == "caf\u00e9 \u201cx\u201d"


def test_csv_without_text_column():
    r = one_rejection("a.csv", b"nama,alamat\nA,B\n")
    assert r.code == R.MISSING_COLUMN and "nama" in r.reason


def test_csv_big_field():
    big = "kata " * 60_000  # 300 kB, over the csv module's default field limit
    a = one_article("a.csv", f'title,text\nA,"{big}"\n'.encode())
    assert len(a.text) == len(big.strip())


def test_csv_formula_cells_are_read_as_plain_text():
    a = one_article("a.csv", b'title,text\n=HYPERLINK("http://x"),"=1+1"\n')
    assert a.title == '=HYPERLINK("http://x")' and a.text == "=1+1"


def test_csv_without_extension_sniffed_by_header():
    a = one_article("ekspor", b"judul,isi\nA,isi a\n")
    assert a.text == "isi a" and a.source == "ekspor:2"


# ---------------------------------------------------------------- Excel


def test_xlsx_rows_dates_and_row_numbers():
    data = make_xlsx({"Berita": [
        ["Judul", "Isi", "Tanggal", "Link"],
        ["A", "isi a", dt.datetime(2020, 2, 27, 10, 0), "https://a.id"],
        [None, None, None, None],
        ["B", "isi b", 43888, None],
        ["C", None, "27 Februari 2020", None],
        ["D", "isi d", "27/02/2020", None],
    ]})
    out = read("a.xlsx", data)
    assert [x.source for x in out] == ["a.xlsx:2", "a.xlsx:4", "a.xlsx:5", "a.xlsx:6"]
    assert out[0].published == dt.date(2020, 2, 27) and out[0].url == "https://a.id"
    assert out[1].published == dt.date(2020, 2, 27)
    assert out[2].code == R.MISSING_TEXT
    assert out[3].published == dt.date(2020, 2, 27)


def test_xlsx_several_sheets_named_in_source():
    data = make_xlsx({"Satu": [["text"], ["a"]], "Catatan": [["x", "y"], [1, 2]], "Dua": [["isi"], ["b"]]})
    out = read("a.xlsx", data)
    assert [(x.source, x.text) for x in out] == [("a.xlsx#Satu:2", "a"), ("a.xlsx#Dua:2", "b")]


def test_xlsx_without_text_column():
    assert one_rejection("a.xlsx", make_xlsx({"S": [["a", "b"], [1, 2]]})).code == R.MISSING_COLUMN


def test_xlsx_misnamed_as_zip_and_csv_misnamed_as_xlsx():
    data = make_xlsx({"S": [["text"], ["a"]]})
    assert one_article("a.zip", data).text == "a"
    assert one_article("a.csv", data).text == "a"
    assert one_article("a.xlsx", b"title,text\nA,isi\n").text == "isi"


def test_damaged_xlsx():
    data = make_xlsx({"S": [["text"], ["a"]]})
    assert one_rejection("a.xlsx", data[: len(data) // 2]).code in (R.BAD_EXCEL, R.BAD_ZIP)
    assert one_rejection("a.xlsx", bytes(range(256)) * 8).code == R.BAD_EXCEL


# ---------------------------------------------------------------- zip


def test_zip_nested_sources_and_sorted_order():
    inner = make_zip({"a.jsonl": jl({"text": "satu"}, {"text": "dua"}), "b.txt": "isi b"})
    outer = make_zip({"z.txt": "isi z", "dalam/inner.zip": inner, "a.txt": "isi a", ".DS_Store": b"\0\1",
                      "__MACOSX/._a.txt": b"\0", "dir/": b""})
    out = read("arsip.zip", outer)
    assert [x.source for x in out] == [
        "arsip.zip!a.txt",
        "arsip.zip!dalam/inner.zip!a.jsonl:1",
        "arsip.zip!dalam/inner.zip!a.jsonl:2",
        "arsip.zip!dalam/inner.zip!b.txt",
        "arsip.zip!z.txt",
    ]
    assert all(isinstance(x, RawArticle) for x in out)


def test_zip_traversal_absolute_and_symlink_rejected_others_read():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ok.txt", "isi")
        z.writestr("../../etc/evil.txt", "x")
        z.writestr("a/../../evil2.txt", "x")
        z.writestr("/abs.txt", "x")
        z.writestr("C:/win.txt", "x")
        z.writestr("..\\back.txt", "x")
        link = zipfile.ZipInfo("link.txt")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        z.writestr(link, "/etc/passwd")
    out = read("a.zip", buf.getvalue())
    good = [x for x in out if isinstance(x, RawArticle)]
    bad = [x for x in out if isinstance(x, Rejection)]
    assert [x.text for x in good] == ["isi"]
    assert len(bad) == 6 and all(x.code == R.ZIP_UNSAFE for x in bad)
    reasons = " ".join(x.reason for x in bad)
    assert "absolute path" in reasons and "leaves the archive" in reasons and "symbolic link" in reasons


def test_zip_bomb_by_ratio():
    data = make_zip({"bom.txt": b"a" * (20 * 1024 * 1024), "ok.txt": "isi"})
    assert len(data) < 200_000
    out = read("a.zip", data)
    assert [(x.source, x.code) for x in out if isinstance(x, Rejection)] == [("a.zip!bom.txt", R.ZIP_UNSAFE)]
    assert "zip bomb" in out[0].reason
    assert [x.text for x in out if isinstance(x, RawArticle)] == ["isi"]


def test_zip_declared_total_over_limit():
    data = make_zip({f"f{i}.txt": b"a" * 300_000 for i in range(6)})
    r = one_rejection("a.zip", data, max_bytes=400_000)  # total limit = 4 x 400 kB
    assert r.code == R.ZIP_UNSAFE and "unpack" in r.reason


def test_zip_member_over_size_limit():
    data = make_zip({"big.txt": "kata " * 2000, "ok.txt": "isi"})
    out = read("a.zip", data, max_bytes=5000)
    assert [(x.source, getattr(x, "code", None)) for x in out] == [("a.zip!big.txt", R.TOO_LARGE), ("a.zip!ok.txt", None)]


def test_zip_too_many_members():
    data = make_zip({f"f{i}.txt": "x" for i in range(R.Limits().max_members + 1)}, compression=zipfile.ZIP_STORED)
    r = one_rejection("a.zip", data)
    assert r.code == R.ZIP_UNSAFE and "entries" in r.reason


def test_zip_nesting_depth_limited():
    data = make_zip({"a.txt": "isi paling dalam"})
    for i in range(5):
        data = make_zip({f"lapis{i}.zip": data})
    out = read("a.zip", data)
    assert len(out) == 1 and out[0].code == R.ZIP_UNSAFE and "nested" in out[0].reason
    data = make_zip({"b.zip": make_zip({"c.zip": make_zip({"a.txt": "isi"})})})
    assert one_article("a.zip", data).source == "a.zip!b.zip!c.zip!a.txt"


def _set_flag_bits(data: bytes, name: bytes, bits: int) -> bytes:
    """Set general-purpose flag bits of member ``name`` in local header and central directory."""
    b = bytearray(data)
    for sig, off_flag, off_namelen, off_name in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        i = b.find(sig)
        while i != -1:
            (n,) = struct.unpack_from("<H", b, i + off_namelen)
            if bytes(b[i + off_name:i + off_name + n]) == name:
                (f,) = struct.unpack_from("<H", b, i + off_flag)
                struct.pack_into("<H", b, i + off_flag, f | bits)
            i = b.find(sig, i + 4)
    return bytes(b)


def test_zip_encrypted_member():
    data = _set_flag_bits(make_zip({"rahasia.txt": "x", "ok.txt": "isi"}), b"rahasia.txt", 0x1)
    out = read("a.zip", data)
    assert [(x.source, getattr(x, "code", None)) for x in out] == [
        ("a.zip!ok.txt", None), ("a.zip!rahasia.txt", R.ENCRYPTED)]


def test_zip_damaged():
    data = make_zip({"a.txt": "isi " * 1000})
    assert one_rejection("a.zip", data[:100]).code == R.BAD_ZIP
    bad_crc = bytearray(make_zip({"a.txt": "isi"}, compression=zipfile.ZIP_STORED))
    bad_crc[bad_crc.find(b"isi")] = ord("x")
    assert one_rejection("a.zip", bytes(bad_crc)).code == R.BAD_ZIP


def test_zip_declared_size_smaller_than_content_is_caught():
    data = bytearray(make_zip({"a.txt": "isi yang panjang sekali"}, compression=zipfile.ZIP_STORED))
    # shrink the declared uncompressed size in the central directory
    i = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, i + 24, 3)
    out = read("a.zip", bytes(data))
    assert len(out) == 1 and isinstance(out[0], Rejection) and out[0].code in (R.ZIP_UNSAFE, R.BAD_ZIP)


def test_unsupported_binary_formats():
    assert "PDF" in one_rejection("a.pdf", b"%PDF-1.7\n...", R.UNSUPPORTED_FORMAT).reason
    assert ".xlsx" in one_rejection("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, R.UNSUPPORTED_FORMAT).reason
    one_rejection("foto.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, R.UNSUPPORTED_FORMAT)
    one_rejection("a.txt.gz", b"\x1f\x8b\x08" + b"\0" * 100, R.UNSUPPORTED_FORMAT)
    docx = make_zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"})
    assert "Word" in one_rejection("a.docx", docx, R.UNSUPPORTED_FORMAT).reason
    one_rejection("skrip.py", b"print('hello')\n", R.UNSUPPORTED_FORMAT)


# ---------------------------------------------------------------- size limits and paths


def test_read_bytes_size_limit():
    r = one_rejection("a.txt", b"x" * 101, max_bytes=100)
    assert r.code == R.TOO_LARGE and "100 bytes" in r.reason
    assert one_article("a.txt", b"x" * 100, max_bytes=100).text == "x" * 100


def test_size_limit_from_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "1")
    r = one_rejection("a.txt", b"x" * (1024 * 1024 + 1))
    assert r.code == R.TOO_LARGE and "1.0 MB" in r.reason


def test_read_path_sparse_huge_file_rejected_without_reading(tmp_path, monkeypatch):
    p = tmp_path / "besar.txt"
    with open(p, "wb") as f:
        f.truncate(5 * 1024**3)  # 5 GB sparse: takes no disk space
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    out = list(read_path(p))
    assert len(out) == 1 and out[0].code == R.TOO_LARGE and "5.0 GB" in out[0].reason
    assert str(p) not in map(str, opened)


def test_read_path_folder_recursive_sorted_with_sources(tmp_path):
    root = tmp_path / "kiriman"
    (root / "b" / "c").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("tersembunyi")
    (root / "z.txt").write_text("isi z")
    (root / "b" / "c" / "d.jsonl").write_text(json.dumps({"text": "isi d"}) + "\n" + json.dumps({"text": "isi e"}))
    (root / "b" / "a.txt").write_text("isi a")
    (root / ".hidden.txt").write_text("tersembunyi")
    (root / "kosong.txt").write_bytes(b"")
    out = list(read_path(root))
    assert [x.source for x in out] == ["kiriman/b/a.txt", "kiriman/b/c/d.jsonl:1", "kiriman/b/c/d.jsonl:2",
                                       "kiriman/kosong.txt", "kiriman/z.txt"]
    assert out[3].code == R.EMPTY
    assert out == list(read_path(root))  # deterministic


def test_read_path_single_file_source_is_its_name(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("isi")
    assert [x.source for x in read_path(p)] == ["a.txt"]
    assert [x.source for x in read_path(str(p))] == ["a.txt"]


def test_read_path_symlinks_in_folder_not_followed(tmp_path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("RAHASIA")
    root = tmp_path / "masuk"
    root.mkdir()
    (root / "tautan.txt").symlink_to(secret)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "ok.txt").write_text("isi")
    out = list(read_path(root))
    assert [(x.source, getattr(x, "code", None)) for x in out] == [
        ("masuk/loop", R.SYMLINK), ("masuk/ok.txt", None), ("masuk/tautan.txt", R.SYMLINK)]
    assert not any("RAHASIA" in getattr(x, "text", "") for x in out)


def test_read_path_missing_and_fifo(tmp_path):
    out = list(read_path(tmp_path / "tidak-ada.txt"))
    assert len(out) == 1 and out[0].code == R.NOT_FOUND
    fifo = tmp_path / "pipa.txt"
    os.mkfifo(fifo)
    out = list(read_path(fifo))  # must not block
    assert len(out) == 1 and out[0].code == R.UNREADABLE


def test_long_sources_fit_the_database_column():
    name = "/".join(["folder-yang-sangat-panjang"] * 40) + "/a.txt"
    data = make_zip({name: "isi"})
    a = one_article("arsip.zip", data)
    assert len(a.source) <= 500 and a.source.startswith("arsip.zip!") and a.source.endswith("/a.txt")


def test_control_characters_in_member_names_are_not_shown_raw():
    data = make_zip({"a\x1b[31m\nb.txt": "isi"})
    a = one_article("a.zip", data)
    assert "\x1b" not in a.source and "\n" not in a.source


def test_every_rejection_code_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "readers.md").read_text(encoding="utf-8")
    for code in R.REJECTION_CODES:
        assert f"`{code}`" in doc, code


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2020-02-27", dt.date(2020, 2, 27)),
        ("2020-02-27T10:00:00+07:00", dt.date(2020, 2, 27)),
        ("2020/2/7", dt.date(2020, 2, 7)),
        ("27/02/2020", dt.date(2020, 2, 27)),
        ("7-2-2020", dt.date(2020, 2, 7)),
        ("27.02.2020", dt.date(2020, 2, 27)),
        ("10/02/24", dt.date(2024, 2, 10)),
        ("27 Februari 2020", dt.date(2020, 2, 27)),
        ("Kamis, 27 Februari 2020 | 10:00 WIB", dt.date(2020, 2, 27)),
        ("Senin, 5 Okt 2020 14:00", dt.date(2020, 10, 5)),
        ("1 Agustus 2019", dt.date(2019, 8, 1)),
        ("3 Nopember 2020", dt.date(2020, 11, 3)),
        ("27-Feb-2020", dt.date(2020, 2, 27)),
        ("February 27, 2020", dt.date(2020, 2, 27)),
        ("Thu, 27 Feb 2020 10:00:00 +0700", dt.date(2020, 2, 27)),
        ("20200227", dt.date(2020, 2, 27)),
        ("43888", dt.date(2020, 2, 27)),
        (43888, dt.date(2020, 2, 27)),
        (43888.75, dt.date(2020, 2, 27)),
        (dt.datetime(2020, 2, 27, 23, 59), dt.date(2020, 2, 27)),
        (dt.date(2020, 2, 27), dt.date(2020, 2, 27)),
        ("30 Februari 2020", None),
        ("31/04/2020", None),
        ("02/27/2020", None),  # US order is not guessed
        ("Kamis (27/2)", None),  # no year: not a publication date
        ("2020", None),
        (2020, None),
        (True, None),
        ("", None),
        (None, None),
        ("kemarin", None),
        ("9999-12-31", None),
        (float("nan"), None),
        ("27 Brumaire 2020", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_zip_member_without_a_name():
    """Found by fuzzing: a member named "\\x00" has an empty name, and ZipInfo.is_dir() fails on it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("\x00"), "x")
        z.writestr("ok.txt", "isi")
    out = read("a.zip", buf.getvalue())
    assert [(type(x).__name__, getattr(x, "code", None)) for x in out] == [
        ("Rejection", R.ZIP_UNSAFE), ("RawArticle", None)]


@pytest.mark.parametrize("name", ["/", "", "   ", "\\\\"])
def test_upload_without_a_usable_name_still_has_a_source(name):
    """Found by fuzzing: the name "/" gave an empty source."""
    (r,) = read(name, b"")
    assert r.source == "upload" and r.code == R.EMPTY


def test_read_path_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    root = tmp_path / "akar"
    (root / "tertutup").mkdir(parents=True)
    (root / "ok.txt").write_text("isi")
    real_open = os.open

    def os_open(path, flags, *args, **kw):
        if str(path).endswith("tertutup"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", os_open)  # running as root: chmod would not stop us
    out = list(read_path(root))
    assert [(x.source, getattr(x, "code", None)) for x in out] == [
        ("akar/ok.txt", None), ("akar/tertutup", R.UNREADABLE)]
