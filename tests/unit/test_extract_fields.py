"""Participants, election, activity, venue, level, evidence."""

import datetime as dt

from dashboard.extract import extract_events
from dashboard.extract import activity, election, participants
from dashboard.extract.textutil import sentences


def _p(text):
    r = participants.find(text, sentences(text))
    return r[0] if r else None


def test_participants_counts():
    assert _p("Rakor kali ini diikuti lebih dari 2.000 peserta dari seluruh daerah.") == 2000
    assert _p("Apel diikuti 5.900 pengawas pemilu se-provinsi.") == 5900
    assert _p("Jumlah peserta sosialisasi ini sebanyak 150 orang.") == 150
    assert _p("Acara ini, kita mengundang 150 peserta dari pemuda dan mahasiswa.") == 150
    assert _p("Rapat menghadirkan 1700 peserta dari para Sekda.") == 1700


def test_participants_not_voters_tps_personnel_or_vague():
    assert _p("Jumlah pemilih di Kota Bogor ada sebanyak 800.181 orang tersebar di 2.913 TPS.") is None
    assert _p("Apel gelar pasukan diikuti 1.200 personel gabungan TNI-Polri.") is None
    assert _p("Rakor diikuti ratusan peserta dari forkopimda.") is None
    assert _p("Jingle karya warga ini menyingkirkan 15 peserta lain.") is None
    assert _p("Sudah ada 18 partai di tingkat nasional.") is None


def test_participants_evidence(main):
    t = "KPU Kabupaten Blitar menggelar bimtek PPK Pilkada 2024 di Hotel Puri Perdana, Jumat (21/6/2024), diikuti 110 peserta."
    ev = main(t)
    assert ev.participants == 110
    e = ev.evidence["participants"]
    assert t[e.start:e.end] == e.text and "110" in e.text


def _el(text):
    k, y, _, _ = election.choose(text, [(0, len(text), 1.0)])
    return f"{k} {y}" if k and y else k


def test_election_kinds():
    assert _el("persiapan Pilkada Serentak Tahun 2020") == "Pilkada 2020"
    assert _el("mengawasi Pilwali Surabaya 2020") == "Pilkada 2020"
    assert _el("maskot Pilbup Rembang 2020") == "Pilkada 2020"
    assert _el("Pemilihan Kepala Daerah (Pilkada) serentak 2024") == "Pilkada 2024"
    assert _el("Apel Siaga Pemilu 2024") == "Pemilu 2024"
    assert _el("Pemilihan Umum Tahun 2019") == "Pemilu 2019"
    assert _el("rawan gesekan dalam Pemilihan Kepala Desa (Pilkades) Serentak 2020") == "Pilkades 2020"
    assert _el("Pilkada Serentak 9 Desember 2020") == "Pilkada 2020"


def test_pilkades_is_not_pilkada(main):
    t = "Kesbangpol Kabupaten Kendal menggelar rakor antisipasi kerawanan Pilkades Serentak 2020 di Pendopo, Rabu (11/12)."
    assert main(t).election == "Pilkades 2020"


def test_both_pemilu_and_pilkada_2024_headline_decides(main):
    title = "Pemilu Serentak 2024 Kian Dekat, Wako Padang Minta Semua Pihak Ikut Menyukseskan"
    t = (title + "\nPadang - Wali Kota Padang rapat koordinasi bersama KPU, Rabu (17/1/2024). Selain pemilu, "
         "di tahun 2024 juga ada Pilkada 2024 dan Pilkada 2024 harus sukses.")
    assert main(t, title=title).election == "Pemilu 2024"


def test_agency_name_is_not_an_election_mention(main):
    t = "Komisioner Badan Pengawas Pemilu (Bawaslu) Jawa Tengah menggelar sosialisasi tahapan Pilkada 2024."
    assert main(t).election == "Pilkada 2024"


def test_election_year_from_date(main):
    t = "Kapolres Semarang memimpin rakor kesiapan pengamanan Pilkada tahun ini, Senin (31/8/2020)."
    assert main(t).election == "Pilkada 2020"


def test_activity_labels():
    c = activity.classify_string
    assert c("Sekda ikuti Rakor Bidang Polpum") == "rakor"
    assert c("Wakil Walikota Pimpin Apel Siaga Pemilu 2024") == "apel"
    assert c("Pelatikan PPS KPU Kediri") == "pelantikan"
    assert c("Bimtek PPK Pilkada 2024") == "bimtek"
    assert c("KPU Gelar Simulasi Pemungutan Suara") == "simulasi"
    assert c("Wako Solok Tinjau Pelaksanaan Pilkada") == "monitoring"
    assert c("Kota Bogor resmi mendeklarasi damai Pemilu") == "deklarasi"
    assert c("Bawaslu Gencar Sosialisasi Netralitas ASN") == "sosialisasi"
    assert c("Rapat Penyusunan Rencana Aksi Terpadu") == "rapat"
    assert c("KPU Luncurkan Maskot Pilkada") == "other"
    assert c("Ajak Warga Awasi Pilwali") == "other"  # pengawasan is not monitoring


def test_activity_headline_first_then_lead(main):
    title = "Kesbangpol Petakan Daerah Rawan"
    t = title + "\nKENDAL - Kesbangpol menyampaikan laporan pada Rapat Koordinasi Pilkades di Pendopo, Rabu (11/12). Sosialisasi menyusul."
    assert main(t, title=title).activity == "rakor"
    assert main("Ruang rapat KPU dipakai untuk sosialisasi Pemilu 2024 kepada pemilih pemula.").activity == "sosialisasi"


def test_venue_forms(main):
    assert main("Rakor digelar di Nusa Dua Convention Centre Bali pada Kamis (27/2) untuk Pilkada 2020.").location == \
        "Nusa Dua Convention Centre Bali"
    assert main("Bertempat di pendopo rumah jabatan, Bupati Seruyan mengikuti Rakor Pilkada 2020.").location == \
        "pendopo rumah jabatan"
    assert main("Bawaslu menggelar Apel Siaga di Pelataran Monumen Ganggawa (Pangker), Kelurahan Lakessi, Kecamatan "
                "Maritengngae, Kabupaten Sidrap, Sabtu (10/02/24).").location == \
        "Pelataran Monumen Ganggawa (Pangker), Kelurahan Lakessi, Kecamatan Maritengngae, Kabupaten Sidrap"
    assert main("Rakor Pilkada 2024 dipusatkan di Kota Makassar, Sulawesi Selatan.").location == "Kota Makassar, Sulawesi Selatan"
    assert main("Kita akan gelar launching Pilkada 2020 di Lapangan Agatis, Tanjung Selor.").location == "Lapangan Agatis, Tanjung Selor"


def test_venue_not_dateline_nor_statement_place(main):
    ev = main('Padang Aro (ANTARA) - KPU meluncurkan Pilkada 2020. "Peluncuran penting," kata Ketua KPU di Padang Aro, Senin.')
    assert ev.location is None
    ev = main("Kota Bogor resmi mendeklarasi damai Pemilu pertama di Jawa Barat, diikuti 17 partai.")
    assert ev.location is None


def test_virtual_meeting_needs_a_room(main):
    ev = main("Rakor virtual membahas kesiapan Pilkada Serentak di empat kabupaten di Provinsi Maluku, Jumat (10/07/2020).")
    assert ev.location is None
    ev = main("Rakor melalui vidcon diikuti dari ruangan aula hotel Mercure Karawang, Kamis (5/11/2020).")
    assert ev.location and "Mercure" in ev.location


def test_level(main):
    assert main("Ditjen Polpum Kemendagri menggelar Rakor Pemilu 2024 di Hotel Novotel, Senin (20/2/2023).").level == "nasional"
    assert main("Bawaslu Kabupaten Sidrap menggelar Apel Siaga Pemilu 2024, Sabtu (10/02/24).").level == "kabkota"
    assert main("Kesbangpol Provinsi Bali menggelar Rapat Penyusunan Rencana Aksi Pemilu 2024, Rabu, 24 Januari 2024.").level == "provinsi"


def test_to_score_dict_and_confidence(main):
    ev = main("KPU Kota Bogor menggelar deklarasi damai Pemilu 2024 di Balai Kota Bogor, Rabu (16/8/2023).")
    d = ev.to_score_dict()
    assert d["event_date"] == "2023-08-16" and d["activity"] == "deklarasi" and d["agencies"] == ["KPU"]
    assert 0 < ev.confidence <= 1
    assert all(0 <= e.confidence <= 1 for e in ev.evidence.values())


def test_published_as_string_and_garbage_inputs():
    assert extract_events("") == []
    assert extract_events("   ") == []
    assert extract_events(None) == []  # type: ignore[arg-type]
    evs = extract_events("KPU menggelar rakor, Rabu (22/7).", published="2020-07-23")
    assert evs[0].event_date == dt.date(2020, 7, 22)
    evs = extract_events(b"KPU menggelar rakor Pilkada 2020.")  # type: ignore[arg-type]
    assert evs and evs[0].activity == "rakor"


def test_counts_of_voters_candidates_and_deployed_personnel_are_not_participants():
    from dashboard.extract import participants

    cases = [
        "Menurut data KPU, jumlah pemilih pemula di kabupaten itu pada pilkada tahun ini mencapai 12.345 orang.",
        "Jumlah pemilih dalam daftar pemilih tetap (DPT) kota itu untuk Pemilu 2024 sebanyak 98.765 orang di 300 TPS.",
        "Ia menambahkan, jumlah calon kepala desa yang telah ditetapkan pada tahap ini sebanyak 120 orang.",
        "Sebanyak 4.321 anggota Linmas akan bertugas di 2.000 TPS pada hari pemungutan suara.",
    ]
    for text in cases:
        assert participants.find(text, [(0, len(text))]) is None, text
    ok = "Sosialisasi itu diikuti sebanyak 150 orang peserta dari kalangan pemilih pemula."
    assert participants.find(ok, [(0, len(ok))])[0] == 150
