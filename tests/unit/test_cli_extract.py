"""``dashboard extract`` as a newcomer meets it (issue 12, defect 7): words, never a
traceback, for a missing file, a folder, a binary file, an output folder that does not
exist, an empty input and a plain text article; the same text field names as ingest."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main

ARTICLE = ("Badan Kesbangpol Kabupaten Contoh menggelar rapat koordinasi persiapan Pilkada 2020 "
           "di aula kantor bupati pada Kamis (27/2/2020) bersama KPU dan Bawaslu.")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["extract", *map(str, args)])
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err
    return code, cap.out, cap.err


@pytest.mark.parametrize("field", ["text", "isi", "konten", "body", "Isi Berita"])
def test_text_field_names_as_ingest_accepts_them(capsys, tmp_path, field):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "x1", field: ARTICLE, "judul": "Rakor"}) + "\n", encoding="utf-8")
    code, out, err = run(capsys, f)
    assert code == 0, err
    (row,) = [json.loads(x) for x in out.splitlines()]
    assert row["id"] == "x1" and row["events"] and row["events"][0]["activity"]


def test_missing_file_folder_and_binary_file(capsys, tmp_path):
    code, out, err = run(capsys, tmp_path / "tidak-ada.jsonl")
    assert code == 2 and "no such file" in err and not out
    code, _, err = run(capsys, tmp_path)
    assert code == 2 and "is a folder" in err
    (tmp_path / "gambar.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = run(capsys, tmp_path / "gambar.jsonl")
    assert code == 2 and "binary file" in err and "JSON Lines" in err
    (tmp_path / "latin.jsonl").write_bytes('{"text": "caf\u00e9"}'.encode("cp1252"))
    code, _, err = run(capsys, tmp_path / "latin.jsonl")
    assert code == 2 and "not UTF-8" in err


def test_output_into_a_missing_folder(capsys, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    code, _, err = run(capsys, f, "-o", tmp_path / "belum-ada" / "hasil.jsonl")
    assert code == 2 and "does not exist" in err and not (tmp_path / "belum-ada").exists()
    code, _, err = run(capsys, f, "-o", tmp_path / "hasil.jsonl")
    assert code == 0 and json.loads((tmp_path / "hasil.jsonl").read_text())["id"] == 1


def test_empty_input_says_so(capsys, tmp_path):
    for content in ("", "\n\n  \n"):
        (tmp_path / "kosong.jsonl").write_text(content, encoding="utf-8")
        code, out, err = run(capsys, tmp_path / "kosong.jsonl")
        assert code == 1 and not out and "is empty: nothing to extract" in err


def test_a_plain_text_article_gets_one_hint_not_a_line_per_paragraph(capsys, tmp_path):
    f = tmp_path / "berita.txt"
    f.write_text("\n\n".join([ARTICLE] * 12), encoding="utf-8")
    code, out, err = run(capsys, f)
    assert code == 2 and not out
    assert err.count("\n") < 8 and "skipped" not in err
    assert "is not JSON Lines" in err and "dashboard ingest" in err


def test_bad_lines_among_good_ones_are_skipped_and_counted(capsys, tmp_path):
    lines = [json.dumps({"text": ARTICLE})] + ["{rusak"] * 30 + [json.dumps({"judul": "tanpa isi"}), "[1]"]
    (tmp_path / "campur.jsonl").write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "campur.jsonl")
    assert code == 1 and len(out.splitlines()) == 1
    assert err.count("skipped:") == 20 and "12 more lines skipped" in err and "1 articles extracted, 32 lines skipped" in err
