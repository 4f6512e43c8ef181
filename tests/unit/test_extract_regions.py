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
    # the canonical name of the resolved code, not the alias as written
    assert [(r.name, r.code) for r in ev.regions] == [("Kabupaten Sidenreng Rappang", "73.14")]
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


# --- regions classes (issue 10) -------------------------------------------------------------


def test_a_speaker_s_affiliation_is_not_a_region(main):
    t = ("KPU Kabupaten Sukoharjo menggelar sosialisasi Pemilu 2024 bagi penyandang disabilitas di Balai Desa Mulur, "
         "Selasa (22/8/2023). Hadir sebagai narasumber Ketua KPU Kota Surakarta, Budi Santoso.")
    assert rg(main(t)) == {"Kabupaten Sukoharjo"}
    t2 = ("KPU RI menggelar konsolidasi nasional di Istora Senayan, Jakarta, Sabtu (30/12/2023), dengan moderator "
          "Ani, Anggota KPU Provinsi DKI Jakarta. Turut hadir jajaran KPU Provinsi/KIP Aceh dan KPU Kabupaten/Kota "
          "se-Indonesia.")
    assert rg(main(t2)) == set()
    # near-miss: a speaker's region is the event's when nothing else anchors it
    t3 = ("Sosialisasi pemilih pemula di SMA Negeri 1 menghadirkan narasumber Ketua KPU Kabupaten Sukoharjo, Selasa "
          "(22/8/2023).")
    assert rg(main(t3)) == {"Kabupaten Sukoharjo"}


def test_a_province_only_taking_part_or_in_the_background_is_not_added(main):
    t = ("Bawaslu Kabupaten Sukoharjo sosialisasi netralitas ASN di Aula Kecamatan, Rabu (7/10/2020). Hadir sebagai "
         "narasumber anggota Bawaslu Provinsi Jawa Tengah.")
    assert rg(main(t)) == {"Kabupaten Sukoharjo"}
    t2 = ("Menindaklanjuti rakor Bawaslu Provinsi Jawa Tengah pada Rabu (4/3), Bawaslu Kabupaten Sukoharjo mendatangi "
          "Kejaksaan Negeri Sukoharjo, Senin (9/3/2020).")
    assert rg(main(t2)) == {"Kabupaten Sukoharjo"}
    # near-miss: a provincial body running it keeps the province
    t3 = "Bawaslu Provinsi Jawa Tengah menggelar bimtek bagi Panwascam Kabupaten Sukoharjo, Rabu (7/10/2020)."
    assert rg(main(t3)) == {"Kabupaten Sukoharjo", "Jawa Tengah"}


def test_a_shortened_or_truncated_name_is_not_the_province_of_that_name(main):
    t = ("Gakkumdu Kabupaten Bengkulu Utara menggelar rakor, Jumat (3/7/2020). Ketua Bawaslu selaku Penasehat dari "
         "unsur Bawaslu Kabupaten Bengkulu memberi arahan.")
    assert rg(main(t)) == {"Kabupaten Bengkulu Utara"}
    t2 = ("Bawaslu Kota Metro menggelar rakor bersama Panwascam di Aula Hotel Aidia, Kamis (26/9/2024). Ia bertukar "
          "pengalaman dengan Bawaslu Kabupaten Lampung")
    assert rg(main(t2)) == {"Kota Metro"}


def test_a_dateline_is_only_a_venue_when_the_whole_province_gathers(main):
    t = ("Karanganyar – Bawaslu Provinsi Jawa Tengah menggelar rakor Sentra Gakkumdu, Selasa (14/7/2020). Kegiatan ini "
         "dihadiri unsur Sentra Gakkumdu dari 35 Kabupaten/kota di Jawa Tengah.")
    assert rg(main(t)) == {"Jawa Tengah"}
    # near-miss: a provincial body's event for a local audience there keeps the town
    t2 = ("TOMOHON – Bawaslu Provinsi Sulawesi Utara menggelar sosialisasi pengawasan partisipatif Pilkada 2020 bagi "
          "pemuda gereja, Sabtu (10/10/2020).")
    assert rg(main(t2)) == {"Kota Tomohon", "Sulawesi Utara"}
    # a media dateline with a hyphenated, capitalised site name is read as a dateline
    t3 = ("TRIBUN-SULBAR.COM, MAMUJU - Polda Sulbar menggelar rakor pengamanan Pemilu 2019 di Aula Mapolda Sulbar, "
          "Selasa (2/4/2019). Rakor dihadiri Gubernur Sulbar.")
    assert rg(main(t3)) == {"Sulawesi Barat"}


def test_the_venue_address_gives_the_region_when_nothing_else_does(main):
    t = ("Petugas KPPS memeriksa suhu pemilih saat simulasi pemungutan suara Pilkada Serentak 2020 di TPS 05 Kelurahan "
         "Sukajaya, Sukarami, Palembang, Sumatera Selatan, Sabtu, 21 November 2020.")
    assert rg(main(t)) == {"Kota Palembang"}
    # near-miss: beside an anchored region, the venue's city is only where it was held
    t2 = ("Bupati Ogan Ilir mengikuti rakor Pilkada 2020 di Hotel Aryaduta, Palembang, Kamis (5/3/2020).")
    assert rg(main(t2)) == {"Kabupaten Ogan Ilir"}


def test_output_names_are_canonical(main):
    t = "Bawaslu Konsel melantik 75 PKD untuk Pilkada 2024 di Aula Hotel Sinar Andoolo, Selasa (21/5/2024)."
    assert [(r.name, r.code) for r in main(t).regions] == [("Kabupaten Konawe Selatan", "74.05")]
    t2 = "Kesbangpol Kotim menggelar sosialisasi Pemilu 2024 di Aula Kecamatan, Kamis (14/7/2022)."
    assert rg(main(t2)) == {"Kabupaten Kotawaringin Timur"}


def test_a_governor_race_named_only_for_another_event_does_not_add_the_province(main):
    t = ("KPU Kota Kupang meluncurkan maskot Pemilihan Wali Kota Kupang 2024 di Taman Nostalgia, Sabtu (25/5/2024). "
         "Sebelumnya, KPU Provinsi NTT telah lebih dulu meluncurkan maskot Pemilihan Gubernur dan Wakil Gubernur NTT.")
    assert rg(main(t)) == {"Kota Kupang"}
    # near-miss: the lead ties the planned event to the governor race
    t2 = ("KPU Kabupaten Seluma dijadwalkan menggelar simulasi pemungutan suara Pemilihan Gubernur dan Wakil Gubernur "
          "Bengkulu serta Pemilihan Bupati Seluma Tahun 2020 pada Sabtu (14/11/2020) di TPS 03 Tais.")
    assert rg(main(t2)) == {"Kabupaten Seluma", "Bengkulu"}
