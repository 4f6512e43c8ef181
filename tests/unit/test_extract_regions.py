"""Regions: codes via names/aliases, level words, venues, lists, national events, provinces."""

from dashboard.extract.gazetteer import region_matcher, regions


def rg(ev):
    return {r.name for r in ev.regions}


def test_reference_loaded():
    regs = regions()
    assert regs["13.02"].name == "Kabupaten Solok"
    assert regs["13.72"].name == "Kota Solok"
    t = "KPU Sidrap dan SBT"
    found = [m.entry.value for m in region_matcher().find_text(t)]
    assert ("73.14",) in found and ("81.05",) in found


def test_level_words_resolve_kabupaten_and_kota(main):
    ev = main("Sekretaris Daerah Kabupaten Solok mengikuti rakor Pilkada 2020 di Hotel Inna Padang, Kamis (27/2).")
    assert [(r.name, r.code) for r in ev.regions] == [("Kabupaten Solok", "13.02")]
    ev = main("Wako Solok meninjau TPS saat Pilkada 2024, Rabu (27/11/24).")
    assert ("Kota Solok", "13.72") in [(r.name, r.code) for r in ev.regions]
    ev = main("Pemkab Semarang menggelar sosialisasi Pilkada 2020 di Pendopo Rumah Dinas Bupati, Senin (7/9/2020).")
    assert rg(ev) == {"Kabupaten Semarang"}


def test_ambiguous_bare_name_kept_as_written(main):
    ev = main("Pelantikan PPS KPU Kediri untuk Pilkada 2024 di GOR Jayabaya, Minggu (26/5/2024).")
    assert [(r.name, r.code) for r in ev.regions] == [("Kediri", None)]


def test_venue_is_not_region(main):
    ev = main("Bupati Seruyan mengikuti Rapat Koordinasi Pilkada 2020 yang digelar di Nusa Dua Convention Centre Bali pada Kamis (27/2).")
    assert rg(ev) == {"Kabupaten Seruyan"}


def test_national_event_has_no_regions(main):
    t = ("Jakarta - Komisi Pemilihan Umum RI menggelar simulasi pemungutan suara Pilkada 2020 di halaman kantor KPU RI, "
         "Rabu (22/7/2020).")
    assert rg(main(t)) == set()
    t2 = ("Ditjen Polpum Kemendagri menggelar Rakor di Hotel Novotel Balikpapan, Kalimantan Timur, Senin (20/2/2023) "
          "bersama Kesbangpol di seluruh daerah untuk Pemilu 2024.")
    assert rg(main(t2)) == set()


def test_background_list_is_not_regions(main):
    t = ("Kepala Kesbangpol Kabupaten Pasaman mengikuti rakor Pilkada 2020 di Jakarta, Kamis (27/2). "
         "Pemilihan gubernur berlangsung di sembilan provinsi, yakni Sumatera Barat, Jambi, Bengkulu, Kepulauan Riau, "
         "dan Kalimantan Tengah.")
    assert rg(main(t)) == {"Kabupaten Pasaman"}


def test_province_added_for_local_governor_election(main):
    t = ("Padang Aro (ANTARA) - KPU Kabupaten Solok Selatan meluncurkan Pilkada Serentak 2020 sebagai tanda tahapan "
         "Pemilihan Gubernur dan Wakil Gubernur serta Bupati dan Wakil Bupati Solok Selatan sudah dimulai.")
    assert rg(main(t)) == {"Kabupaten Solok Selatan", "Sumatera Barat"}


def test_province_from_provincial_body(main):
    t = ("Karawang - Rakor Pilkada 2020 dipimpin Kepala Badan Kesatuan Bangsa dan Politik Provinsi Jawa Barat. "
         "Di Kabupaten Karawang, rakor dihadiri Kapolres Karawang dan Kesbangpol Kabupaten Karawang, Rabu (4/11/2020).")
    assert rg(main(t)) == {"Jawa Barat", "Kabupaten Karawang"}


def test_security_anchor_only_without_civilian(main):
    t = ("Bertempat di Ruang Pola kantor walikota Sungai Penuh, Walikota Sungai Penuh, Kapolres Kerinci dan KPU "
         "menghadiri rakor Pilkada 2020.")
    assert rg(main(t)) == {"Kota Sungai Penuh"}


def test_election_tied_and_alias_written(main):
    t = "Bawaslu Kabupaten Sidrap menggelar Apel Siaga Pemilu 2024 di Lapangan Pangker, Sabtu (10/02/24)."
    ev = main(t)
    assert [(r.name, r.code) for r in ev.regions] == [("Kabupaten Sidrap", "73.14")]
    t2 = "Bawaslu gencar sosialisasi pengawasan Pilwali Surabaya 2020 di Warung Kopi Viral, Minggu (8/11)."
    assert rg(main(t2)) == {"Kota Surabaya"}


def test_election_list_used_when_nothing_anchored(main):
    t = ("Mendagri mengikuti rapat koordinasi Pilkada Maluku yang diselenggarakan KPU, Jumat (10/07/2020). "
         "Adapun empat kabupaten di Maluku yang akan menggelar Pilkada Serentak, yakni Kabupaten Buru, Kepulauan Aru, "
         "Seram Bagian Timur (SBT) dan Kabupaten Maluku Barat Daya (MBD).")
    assert rg(main(t)) == {"Maluku", "Kabupaten Buru", "Kabupaten Kepulauan Aru", "Kabupaten Seram Bagian Timur",
                           "Kabupaten Maluku Barat Daya"}


def test_dateline_region_for_local_event(main):
    t = ("PEKALONGAN, KOMPAS.TV - Komisioner Bawaslu Jawa Tengah menyebut sosialisasi pengawasan partisipatif ini "
         "menggandeng 150 peserta untuk Pilkada 2024.")
    assert rg(main(t)) == {"Pekalongan", "Jawa Tengah"}


def test_region_evidence_offsets(main):
    t = "Ketua KPU Kabupaten Mamuju membuka Bimtek PPK Pilkada 2024 di Hotel Maleo, Jumat (21/6/2024)."
    ev = main(t)
    for r in ev.regions:
        assert t[r.evidence.start:r.evidence.end] == r.evidence.text
