"""More than one event per article: the main one first, then other dated activities the text
reports, and not the dates that only bound a period, set a deadline or date a statement.
Texts written for these tests."""

import datetime as D

from dashboard.extract import extract_events

LEAD = (
    "KPU Kabupaten Malinau menggelar rapat koordinasi persiapan Pilkada 2020 di Aula Kantor Bupati "
    "Malinau, Senin (12/10/2020), dihadiri Bawaslu dan Polres Malinau. "
)


def test_a_follow_up_is_a_second_event_with_the_nearest_activity():
    t = LEAD + "Usai rakor, seluruh anggota PPK mengikuti bimbingan teknis pada Rabu (14/10) di Hotel Intan Malinau."
    evs = extract_events(t)
    assert evs[0].event_date == D.date(2020, 10, 12) and evs[0].activity == "rakor"
    assert len(evs) == 2
    assert evs[1].event_date == D.date(2020, 10, 14)
    assert evs[1].activity == "bimtek", "the activity next to the date, not the first one in the sentence"
    assert evs[1].election == evs[0].election
    assert {r.code for r in evs[1].regions} == {r.code for r in evs[0].regions} != set()


def test_the_end_of_a_period_is_not_an_event():
    t = LEAD + "Rakor menandai persiapan masa kampanye yang berlangsung hingga 5 Desember 2020."
    assert [e.event_date for e in extract_events(t)] == [D.date(2020, 10, 12)]


def test_a_deadline_is_not_an_event():
    t = LEAD + ("Bawaslu meminta laporan kegiatan sosialisasi diserahkan paling lambat Jumat (16/10). "
                "Pendaftaran pemantau dibuka sejak 1 Oktober 2020 untuk kegiatan pengawasan.")
    assert [e.event_date for e in extract_events(t)] == [D.date(2020, 10, 12)]


def test_the_day_a_statement_was_made_is_not_an_event():
    t = LEAD + ('"Simulasi pemungutan suara akan kami gelar di setiap kecamatan," ujar Ketua KPU Malinau, '
                "Selasa (13/10).")
    assert [e.event_date for e in extract_events(t)] == [D.date(2020, 10, 12)]


def test_an_earlier_session_named_before_its_date():
    t = LEAD + ("Sehari sebelumnya, Minggu (11/10), KPU Kabupaten Malinau menggelar rapat pleno penetapan "
                "daftar pemilih tetap di tempat yang sama.")
    evs = extract_events(t)
    assert [e.event_date for e in evs] == [D.date(2020, 10, 12), D.date(2020, 10, 11)]
    assert evs[1].activity == "rapat"


def test_the_article_s_own_event_named_again_is_not_a_second_one():
    t = LEAD + "Rakor ini berlangsung dua hari, dari tanggal 12 hingga 13 Oktober 2020, dengan sejumlah sesi."
    assert [e.event_date for e in extract_events(t)][:1] == [D.date(2020, 10, 12)]
    assert all(e.activity != "rakor" for e in extract_events(t)[1:])


def test_the_body_date_beats_a_differing_photo_caption():
    t = ("Paslon Bupati Malinau Ikrarkan Kampanye Damai\n"
         "Para pasangan calon menunjukkan naskah ikrar kampanye damai, Jumat (25/9/2020). (foto: Humas KPU)\n"
         "MALINAU – KPU Kabupaten Malinau menggelar deklarasi kampanye damai di Lapangan Padan Liu Burung, "
         "Sabtu (26/9/2020). Deklarasi dihadiri Bawaslu dan Polres Malinau.")
    evs = extract_events(t, title="Paslon Bupati Malinau Ikrarkan Kampanye Damai")
    assert evs[0].event_date == D.date(2020, 9, 26)
    assert all(e.event_date != D.date(2020, 9, 25) for e in evs), "a caption's date is not a second event"


def test_a_second_event_names_the_bodies_of_its_own_sentence():
    t = LEAD + ("Sebagai tindak lanjut, Polres Malinau akan menggelar apel gelar pasukan pada Kamis (15/10) "
                "di Lapangan Mapolres Malinau.")
    evs = extract_events(t)
    assert len(evs) == 2 and evs[1].activity == "apel"
    assert {a.agency for a in evs[1].agencies} == {"Polri"}
    assert {a.agency for a in evs[0].agencies} >= {"KPU", "Bawaslu"}
