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
