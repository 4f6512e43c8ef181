"""Confidence that earns the review queue its place: per-field confidences, the event's as their
geometric mean, and ``dashboard extract --explain``. Texts written for these tests."""

import json
import math

from dashboard.cli import main as cli_main
from dashboard.extract import extract_events
from dashboard.extract.confidence import FIELDS

CLEAR = ("KPU Kabupaten Asahan Gelar Rakor Kesiapan Pilkada 2024\n"
         "KISARAN – KPU Kabupaten Asahan menggelar rapat koordinasi kesiapan Pilkada 2024 di Aula Hotel Sentosa, "
         "Selasa (3/9/2024). Rakor dihadiri Bawaslu Kabupaten Asahan dan Kapolres Asahan.")
CLEAR_TITLE = "KPU Kabupaten Asahan Gelar Rakor Kesiapan Pilkada 2024"


def _ev(text, **kw):
    return extract_events(text, **kw)[0]


def test_every_field_has_a_confidence_and_the_event_is_their_geometric_mean():
    ev = _ev(CLEAR, title=CLEAR_TITLE)
    assert set(ev.field_confidence) == set(FIELDS)
    assert all(0.0 < c <= 1.0 for c in ev.field_confidence.values())
    gm = math.exp(sum(math.log(c) for c in ev.field_confidence.values()) / len(FIELDS))
    assert abs(ev.confidence - gm) < 0.002
    # the evidence of a value carries its field's confidence
    assert ev.evidence["event_date"].confidence == ev.field_confidence["event_date"]


def test_a_clear_report_is_surer_than_a_statement_or_a_doubtful_one():
    clear = _ev(CLEAR, title=CLEAR_TITLE).confidence
    statement = _ev("Kepala Kesbangpol Asahan memastikan Pilkada 2024 berjalan lancar. \"Semua siap,\" ujarnya di "
                    "Kisaran, Senin. Ia menyebut rapat koordinasi sudah digelar di beberapa kecamatan.").confidence
    typo = _ev("KPU Kabupaten Asahan menggelar rapat koordinasi kesiapan Pilkada 2024 di Aula Hotel Sentosa, Selasa "
               "(3/8/2024). Rakor dihadiri Bawaslu Kabupaten Asahan.", published="2024-09-04").confidence
    assert clear > statement and clear > typo


def test_field_confidences_follow_their_signals():
    # a weekday-corrected date is less sure than a date whose weekday fits
    sure = _ev(CLEAR, title=CLEAR_TITLE).field_confidence["event_date"]
    fixed = _ev(CLEAR.replace("(3/9/2024)", "(3/8/2024)"), title=CLEAR_TITLE, published="2024-09-04")
    assert fixed.event_date.isoformat() == "2024-09-03" and fixed.field_confidence["event_date"] < sure
    # a keyword only in the body is less sure than one in the lead
    body = _ev("Bupati Asahan meminta warga menjaga ketertiban menjelang Pilkada 2024. Ia menyampaikan itu kepada "
               "wartawan. Pesan yang sama disampaikan dalam apel siaga di Lapangan Kisaran, Selasa (3/9/2024).")
    assert body.activity == "apel" and body.field_confidence["activity"] < sure
    # a region written by its short form only is output canonically, less surely
    alias = _ev("Bawaslu Konsel menggelar apel siaga Pilkada 2024 di Lapangan Andoolo, Selasa (3/9/2024).")
    full = _ev("Bawaslu Kabupaten Konawe Selatan menggelar apel siaga Pilkada 2024 di Lapangan Andoolo, Selasa (3/9/2024).")
    assert [r.name for r in alias.regions] == [r.name for r in full.regions] == ["Kabupaten Konawe Selatan"]
    assert alias.field_confidence["regions"] < full.field_confidence["regions"]
    # no election named and none inferred is unusual in this domain
    none = _ev("Dinas Pariwisata menggelar rapat festival budaya di Aula Hotel Sentosa, Senin (28/9/2020).")
    assert none.election is None and none.field_confidence["election"] < 0.5


def test_explain_adds_spans_and_confidences_and_the_plain_output_is_unchanged(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "title": CLEAR_TITLE, "text": CLEAR}) + "\n", encoding="utf-8")
    plain, explained = tmp_path / "plain.jsonl", tmp_path / "explain.jsonl"
    assert cli_main(["extract", str(src), "-o", str(plain)]) == 0
    assert cli_main(["extract", str(src), "-o", str(explained), "--explain"]) == 0
    p = json.loads(plain.read_text(encoding="utf-8"))["events"][0]
    e = json.loads(explained.read_text(encoding="utf-8"))["events"][0]
    assert set(p) == {"event_date", "activity", "location", "agencies", "participants", "election", "regions"}
    assert {k: e[k] for k in p} == p  # the scored fields are the same
    assert 0 < e["confidence"] <= 1
    x = e["explain"]
    assert set(x) == set(FIELDS)
    for name in ("event_date", "activity", "location", "election"):
        span = x[name]["evidence"]
        assert CLEAR[span["start"]:span["end"]] == span["text"] and x[name]["value"] == p[name]
        assert 0 < x[name]["confidence"] <= 1
    assert x["participants"] == {"value": None, "confidence": x["participants"]["confidence"], "evidence": None}
    assert [i["value"] for i in x["agencies"]["items"]] == p["agencies"]
    for item in x["agencies"]["items"] + x["regions"]["items"]:
        span = item["evidence"]
        assert CLEAR[span["start"]:span["end"]] == span["text"]
    assert [i["value"] for i in x["regions"]["items"]] == p["regions"]
