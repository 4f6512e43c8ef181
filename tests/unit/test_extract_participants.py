"""Participants and election classes of issue 10: head counts with other nouns, totals given as
named groups, and the regional election written with "pemilu". Texts written for these tests."""

from dashboard.extract import extract_events


def _ev(text, **kw):
    return extract_events(text, **kw)[0]


def test_partisipan_and_body_names_are_head_count_nouns():
    assert _ev("FGD kerawanan Pilkada 2024 di Aula Bappeda, Selasa (16/7/2024), dihadiri 85 partisipan.").participants == 85
    assert _ev("Rakor daring Kemendagri, Jumat (4/9/2020), diikuti sebanyak 1.200 partisipan dari seluruh daerah.") \
        .participants == 1200
    assert _ev("KPU Kabupaten Asahan melantik 125 PPS di Aula Hotel Sentosa, Senin (24/2/2020).").participants == 125


def test_a_total_given_as_named_groups_is_their_sum():
    assert _ev("Bimtek logistik di Aula Hotel Sentosa, Kamis (26/9/2024), diikuti 15 anggota PPK dan 87 anggota PPS.") \
        .participants == 102
    assert _ev("Pelantikan di Aula KPU, Senin (24/2/2020), diikuti 30 PPK, 120 PPS dan 15 anggota Panwascam.") \
        .participants == 165
    # a stated total is kept, not added to its parts
    assert _ev("Rakor virtual, Jumat (4/9/2020), dihadiri sebanyak 1080 partisipan, yang terbagi atas 540 Kasat Pol PP, "
               "270 KPUD, dan 270 Bawaslu Daerah.").participants == 1080


def test_the_origin_of_the_people_is_not_another_group():
    assert _ev("Rakor di Aula Bawaslu, Sabtu (26/9/2020), diikuti 60 peserta dari 19 kecamatan dan 193 desa.") \
        .participants == 60
    assert _ev("Sosialisasi di Balai Desa, Sabtu (26/9/2020), diikuti 40 peserta dan 12 TPS percontohan disiapkan.") \
        .participants == 40
    # personnel of an operation stay excluded, listed or not
    assert _ev("Rakor di Aula Polres, Selasa (8/10/2024). Operasi melibatkan 650 personel Polres, 100 personel Kodim dan "
               "400 anggota Satpol PP.").participants is None


def test_pemilu_kepala_daerah_is_the_pilkada():
    assert _ev("Bawaslu menggelar sosialisasi menghadapi pemilu kepala daerah tahun 2020 di Aula Kecamatan, Sabtu "
               "(3/10/2020).").election == "Pilkada 2020"
    assert _ev("Kesbangpol menggelar deklarasi pemilukada damai 2024 di Pendopo, Kamis (26/9/2024).").election \
        == "Pilkada 2024"
    assert _ev("Rakor kesiapan pemilihan umum kepala daerah serentak 2024 digelar di Aula Kantor Bupati, Kamis "
               "(26/9/2024).").election == "Pilkada 2024"
    # near-misses: the national election stays Pemilu
    assert _ev("KPU menggelar sosialisasi Pemilu 2024 di Aula Kecamatan, Sabtu (3/6/2023).").election == "Pemilu 2024"
    assert _ev("Sosialisasi pemilihan umum 2019 digelar di Balai Desa, Sabtu (9/3/2019).").election == "Pemilu 2019"
