"""Venue: the place the event was held, not every place the text names. Texts written for these tests."""

from dashboard.extract import extract_events


def test_a_count_of_places_yields_to_the_named_venue():
    t = ("KPU Kabupaten Malinau menggelar bimbingan teknis bagi PPK dan PPS di Aula Hotel Intan Malinau, Selasa "
         "(17/11/2020). Pemungutan suara Pilkada Malinau akan dilaksanakan di 412 TPS dengan 60.000 pemilih.")
    assert extract_events(t)[0].location == "Aula Hotel Intan Malinau"


def test_a_count_of_places_stays_when_it_is_all_there_is():
    t = "Relawan demokrasi KPU Kabupaten Jember menggelar sosialisasi di sembilan desa se Kecamatan Silo, Kamis (7/2/2019)."
    assert extract_events(t)[0].location == "sembilan desa se Kecamatan Silo"


def test_a_place_named_just_before_the_day_is_the_venue_even_far_from_the_activity_word():
    t = ("Penjabat Bupati Malinau memimpin Rapat Koordinasi Kesiapan Pemilihan Gubernur dan Wakil Gubernur "
         "Kalimantan Utara serta Pemilihan Bupati dan Wakil Bupati Malinau Tahun 2024 di Oproom Setdakab Malinau, "
         "Selasa (13/8/2024). Rakor dihadiri Kapolres Malinau.")
    assert extract_events(t)[0].location == "Oproom Setdakab Malinau"


def test_another_occasion_s_place_yields_to_the_headline_s():
    t = ("Relawan Demokrasi Sosialisasi Pemilu 2019 di Pasar Sentral Malinau\n"
         "Relawan demokrasi KPU Kabupaten Malinau menyapa pedagang dan pembeli, Senin (11/3/2019).\n"
         "Sebelumnya, relawan basis keagamaan telah melakukan sosialisasi kepada jemaat di Gereja Kemah Injil "
         "Malinau pada Minggu (10/3).")
    evs = extract_events(t, title="Relawan Demokrasi Sosialisasi Pemilu 2019 di Pasar Sentral Malinau")
    assert evs[0].location == "Pasar Sentral Malinau"


# --- venue classes (issue 10): names that contain function words or abbreviation dots, addresses,
# distributive and idiomatic "di" phrases, places visited without "di", time words ------------------


def _loc(text, **kw):
    return extract_events(text, **kw)[0].location


def test_a_function_word_written_as_part_of_a_name_does_not_cut_the_venue():
    assert _loc("KPU Kota Binjai menggelar bimtek KPPS di Gedung Serba Guna Kecamatan Binjai Timur, Senin (4/12/2023).") \
        == "Gedung Serba Guna Kecamatan Binjai Timur"
    assert _loc("Bawaslu menggelar apel siaga di Aula Arya Guna Mapolres Binjai, Sabtu (10/2/2024).") \
        == "Aula Arya Guna Mapolres Binjai"
    # near-miss: the same word in lower case is the function word ("guna", "untuk") and ends the phrase
    assert _loc("KPU menggelar rapat di Aula Kantor KPU Binjai guna membahas logistik, Senin (4/12/2023).") \
        == "Aula Kantor KPU Binjai"
    assert _loc("Rakor digelar di Ruang Rapat Bupati Binjai untuk menyamakan persepsi, Senin (4/12/2023).") \
        == "Ruang Rapat Bupati Binjai"


def test_an_abbreviation_dot_or_an_initial_does_not_end_the_venue():
    assert _loc("Rakor Gakkumdu digelar di Ruang Rapat Kantor Bawaslu Kab. Deli Serdang, Kamis (16/7/2020).") \
        == "Ruang Rapat Kantor Bawaslu Kab. Deli Serdang"
    assert _loc("Apel siaga berlangsung di Lapangan Jl. Sisingamangaraja Medan, Sabtu (10/2/2024).") \
        == "Lapangan Jl. Sisingamangaraja Medan"
    assert _loc("KPU menggelar sosialisasi di Aula Gedung H. M. Yamin Kota Medan, Rabu (6/12/2023).") \
        == "Aula Gedung H. M. Yamin Kota Medan"
    # near-miss: a full stop after an ordinary word ends the sentence and the venue
    assert _loc("KPU menggelar sosialisasi di Aula Kantor Camat. Kegiatan itu diikuti warga, Rabu (6/12/2023).") \
        == "Aula Kantor Camat"


def test_an_address_goes_on_over_commas_until_the_day():
    assert _loc("Kesbangpol menggelar sosialisasi di Hotel Dharma, Jalan Gatot Subroto Nomor 12, Kota Medan, Selasa "
                "(5/3/2024).") == "Hotel Dharma, Jalan Gatot Subroto Nomor 12, Kota Medan"
    assert _loc("Simulasi pemungutan suara digelar di TPS 7 Kelurahan Tegal Sari, Medan Denai, Medan, Sumatera Utara, "
                "Sabtu, 21 November 2020.") == "TPS 7 Kelurahan Tegal Sari, Medan Denai, Medan, Sumatera Utara"
    assert _loc("Polda menggelar deklarasi di Gedung Tribrata, Mapolda Sumut pada Jumat 18 Agustus 2023.") \
        == "Gedung Tribrata, Mapolda Sumut"
    # near-miss: after the comma the next clause's subject starts, not an address
    assert _loc("Rakor digelar di Aula Hotel Dharma, Sekretaris Daerah Rudi Tanjung membuka acara, Selasa (5/3/2024).") \
        == "Aula Hotel Dharma"
    assert _loc("Rakor digelar di Aula Hotel Dharma, Bupati Medan Utara mengatakan hal itu, Selasa (5/3/2024).") \
        == "Aula Hotel Dharma"


def test_a_distributive_place_means_no_single_venue():
    t = "Sebanyak 800 anggota PPS dilantik serentak di kecamatan masing-masing, Rabu (12/6/2024), menjelang Pilkada 2024."
    assert _loc(t) is None
    t2 = ("Bimtek KPPS digelar di wilayah masing-masing, Selasa (19/11/2024). Ada 700 anggota KPPS di Kecamatan Sunggal "
          "yang akan mengikuti bimtek pekan ini.")
    assert _loc(t2) is None
    assert _loc("KPU telah membekali PPS di 27 kelurahan sebelum coklit Pilkada 2024.") is None
    # near-miss: a count with a named place is a place
    assert _loc("Relawan demokrasi menggelar sosialisasi di tiga desa se Kecamatan Sunggal, Kamis (7/2/2019).") \
        == "tiga desa se Kecamatan Sunggal"


def test_idiomatic_di_phrases_are_not_venues():
    t = ("Bawaslu mengingatkan pengawas di lapangan agar tegas. Pesan itu disampaikan dalam rapat evaluasi di Ruang "
         "Rapat Hotel Dharma, Rabu (13/11/2024).")
    assert _loc(t) == "Ruang Rapat Hotel Dharma"
    assert _loc("Sosialisasi pemilih pemula digelar Kesbangpol bagi siswa di sekolah, Rabu (13/11/2024).") is None
    # near-miss: "lapangan" with a name is a venue
    assert _loc("Apel siaga digelar di lapangan Merdeka, Rabu (13/11/2024).") == "lapangan Merdeka"


def test_a_place_visited_without_di_is_the_venue():
    assert _loc("Ketua Bawaslu Kabupaten Deli Serdang mendatangi Kantor Kejaksaan Negeri Deli Serdang, Senin (9/3/2020), "
                "untuk berkoordinasi.") == "Kantor Kejaksaan Negeri Deli Serdang"
    assert _loc("Jajaran Bawaslu menyambangi Mapolres Binjai, Kamis (26/9/2024). Pertemuan membahas kampanye.") \
        == "Mapolres Binjai"
    assert _loc("KPU Provinsi melakukan supervisi dan monitoring ke Gudang Logistik KPU Binjai pada Jumat (15/11/2024).") \
        == "Gudang Logistik KPU Binjai"
    assert _loc("Bupati bersama Kapolres meninjau gudang logistik KPU Binjai di Jalan Sudirman, Kamis (11/4/2019).") \
        == "gudang logistik KPU Binjai di Jalan Sudirman"
    # near-misses: what is inspected is not a place
    assert _loc("Bupati meninjau kesiapan logistik pemilu, Kamis (11/4/2019).") is None
    assert _loc("Bawaslu memantau Pilkada 2024 di TPS 03 Kelurahan Tanah Tinggi, Rabu (27/11/2024).") \
        == "TPS 03 Kelurahan Tanah Tinggi"
    assert _loc("Petugas pantarlih mendatangi rumah-rumah warga untuk coklit, Kamis (11/4/2019).") is None


def test_a_visited_body_still_takes_part():
    ev = extract_events("Ketua Bawaslu Kota Binjai menyambangi Polres Binjai, Kamis (26/9/2024), membahas pengamanan "
                        "kampanye Pilkada 2024.")[0]
    assert ev.location == "Polres Binjai"
    assert {a.agency for a in ev.agencies} == {"Bawaslu", "Polri"}


def test_time_words_are_not_part_of_the_venue():
    assert _loc("Pemkot menggelar rakor kesiapan Pilkada 2020 di Aula Kantor Wali Kota Binjai pekan lalu.") \
        == "Aula Kantor Wali Kota Binjai"
    assert _loc("Kesbangpol menggelar sosialisasi di Gedung Juang Binjai kemarin sore.") == "Gedung Juang Binjai"
    assert _loc("Rakor digelar di Hotel Dharma Binjai tadi pagi, kata Sekda.") == "Hotel Dharma Binjai"
    # near-miss: "Minggu" written as a weekday is a date, the venue still ends before it
    assert _loc("Apel digelar di Lapangan Merdeka Binjai Minggu (11/2/2024).") == "Lapangan Merdeka Binjai"


def test_a_town_square_written_with_reduplication_is_one_place():
    assert _loc("KPU meluncurkan maskot Pilkada 2024 di Alun-alun Binjai, Minggu (16/6/2024).") == "Alun-alun Binjai"


def test_a_named_occasion_s_town_is_its_venue_when_a_speaker_is_quoted_at_it():
    # Antara style: the quote first, then "said X at <the named meeting> in <town>, <day>"
    t = ('"Semua pihak harus menjaga kondusivitas daerah," kata Wali Kota Bukittinggi pada Rapat Koordinasi '
         "Kesiapan Pengamanan Pilkada Serentak 2020 di Bukittinggi, Kamis.\n"
         "Ia mengatakan koordinasi dengan KPU dan Bawaslu terus dilakukan.")
    assert _loc(t) == "Bukittinggi"
    t = ('"Netralitas ASN wajib dijaga," ujar Sekda Agam saat Sosialisasi Netralitas ASN Menjelang Pemilu 2024 '
         "di Lubuk Basung, Selasa (10/10/2023).")
    assert _loc(t) == "Lubuk Basung"


def test_a_town_where_an_official_was_only_quoted_is_no_venue():
    # no occasion named before the town, or the occasion's name is broken off by a comma
    t = '"Kami siap menyukseskan Pilkada 2020," kata Bupati Solok di Arosuka, Senin (5/10/2020).'
    assert _loc(t) is None
    t = ('"Persiapan sudah matang," kata Ketua KPU pada rapat koordinasi, di Arosuka, Senin (5/10/2020), '
         "usai meninjau gudang.")
    assert _loc(t) is None
