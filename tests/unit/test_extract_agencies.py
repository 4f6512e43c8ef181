"""Agencies: gazetteer, titles only, mentioned vs participating, traps."""

from dashboard.extract.gazetteer import agency_aliases, agency_matcher


def ag(ev):
    return {a.agency for a in ev.agencies}


def test_gazetteer_loaded_and_canonical():
    names = {a.agency for a in agency_aliases()}
    assert {"KPU", "Bawaslu", "Kesbangpol", "Polri", "TNI", "BIN", "Kejaksaan", "Pemda", "DPRD", "Satpol PP"} <= names
    kinds = {a.kind for a in agency_aliases()}
    assert kinds <= {"unit", "title", "abbr", "fullname"}


def _find(text):
    return [(m.entry.value.agency, text[m.start:m.end]) for m in agency_matcher().find_text(text)]


def test_titles_map_to_bodies():
    t = "Hadir Kapolres, Dandim 0309, Kaban Kesbangpol, Asintel Kejati, Kabinda dan Pj Bupati."
    got = dict((s, a) for a, s in _find(t))
    assert got["Kapolres"] == "Polri"
    assert got["Dandim"] == "TNI"
    assert got["Kaban Kesbangpol"] == "Kesbangpol"
    assert got["Asintel Kejati"] == "Kejaksaan"
    assert got["Kabinda"] == "BIN"
    assert got["Pj Bupati"] == "Pemda"


def test_asintel_kodam_is_tni_but_kejati_is_kejaksaan():
    assert _find("Asintel Kodam") == [("TNI", "Asintel Kodam")]
    assert _find("Asintel Kejati") == [("Kejaksaan", "Asintel Kejati")]


def test_word_boundaries_and_case():
    assert _find("sesuai PKPU Nomor 8 Tahun 2022") == []
    assert _find("Ahmad bin Abdullah hadir") == []  # lower-case bin is a name, not BIN
    assert _find("Perbawaslu 2020") == []
    assert _find("Kesbang Linmas") == [("Kesbangpol", "Kesbang Linmas")]


def test_mentioned_not_participating(main):
    t = ("Wakil Wali Kota Padang memimpin Apel Kesiapan Pemilu 2024 di Mako Satpol PP Kota Padang pada Senin, 12 Februari 2024. "
         "Acara dihadiri Kasat Pol PP dan Kepala Kesbangpol. Wawako mendorong koordinasi dengan lembaga vertikal "
         "seperti TNI, Polri, KPU, dan Bawaslu.")
    got = ag(main(t))
    assert got == {"Pemda", "Satpol PP", "Kesbangpol"}


def test_sinergitas_and_imbau_are_mentions(main):
    t = ("Pj Bupati Kapuas menghadiri Rakor Lintas Sektoral Pilkada 2024 di Aula Polres Kapuas, Selasa (04/06/2024). "
         "Kapolres Kapuas memberi arahan. Rakor ini bentuk sinergitas antara pemerintah daerah dan TNI/Polri. "
         "Bupati juga mengimbau Kejaksaan dan BIN agar waspada.")
    got = ag(main(t))
    assert "Pemda" in got and "Polri" in got
    assert "TNI" not in got and "Kejaksaan" not in got and "BIN" not in got


def test_election_names_are_not_officials(main):
    t = ("KPU Kabupaten Kendal meluncurkan maskot Pemilihan Bupati dan Wakil Bupati Kendal 2020, Rabu (11/12/2019). "
         "Siapa pun yang terpilih menjadi bupati dan wakil bupati diharapkan amanah. Kertas suara untuk DPR, DPD, DPRD Provinsi "
         "dan DPRD Kabupaten disiapkan. Pemkab Kendal sudah menghibahkan anggaran Rp35 miliar.")
    assert ag(main(t)) == {"KPU"}


def test_venue_owner_is_not_participant(main):
    t = "Peluncuran maskot Pilkada 2020 dilaksanakan di ruang rapat paripurna DPRD Kendal oleh KPU Kendal, Rabu (11/12/2019)."
    assert ag(main(t)) == {"KPU"}


def test_rank_of_retired_officer_is_not_tni(main):
    t = ("Pj Walikota Bitung menghadiri rapat koordinasi Pilkada 2024 di Hotel Four Points, Rabu 26 Juni 2024, yang dibuka "
         "Menteri Koordinator Bidang Politik, Hukum dan Keamanan, Marsekal TNI (Purn) Hadi Tjahjanto.")
    assert ag(main(t)) == {"Pemda", "Kemenko Polhukam"}


def test_forkopimda_and_penyelenggara_not_expanded(main):
    t = "Wali Kota Solok rapat bersama Forkopimda dan penyelenggara pemilu membahas Pemilu 2024, Rabu (17/1/2024)."
    assert ag(main(t)) == {"Pemda"}


def test_roles(main):
    t = ("Bawaslu Kabupaten Sidrap menggelar Apel Siaga Pengawasan Pemilu 2024 di Lapangan Pangker, Sabtu (10/02/24). "
         "Hadir Kapolres Sidrap dan Dandim 1420. Turut diundang Ketua KPUD Sidrap.")
    ev = main(t)
    roles = {a.agency: a.role for a in ev.agencies}
    assert roles["Bawaslu"] == "organiser"
    assert roles["Polri"] == "participant"
    assert roles["KPU"] == "invited"
    for a in ev.agencies:
        assert t[a.evidence.start:a.evidence.end] == a.evidence.text


def test_headline_only_agency_dropped_when_body_names_others(main):
    t = ("Mendagri Pesan Ini untuk Pilkada Maluku, Gubernur Singgung Keamanan\n"
         "Menteri Dalam Negeri mengikuti rapat koordinasi yang diselenggarakan KPU, Jumat (10/07/2020).")
    ev = main(t, title="Mendagri Pesan Ini untuk Pilkada Maluku, Gubernur Singgung Keamanan")
    assert ag(ev) == {"Kemendagri", "KPU"}


def test_babinsa_babinkamtibmas_not_kepala_desa(main):
    t = ("Pelantikan petugas KPPS Pemilu 2024 di Desa Karangrejo, Kamis 25 Januari 2024. Hadir Kepala desa, ketua PPS, "
         "Babinsa, dan Babinkamtibmas.")
    assert ag(main(t)) == {"KPU", "TNI", "Polri"}


def test_boilerplate_headlines_never_extracted(main):
    t = ("- Kapolda Hadiri Apel Siaga Pemilu 2019\n- Kejati Gelar Sosialisasi\n"
         "KPU Kota Bogor Gelar Rakor\n"
         "Bogor - KPU Kota Bogor menggelar rakor persiapan Pilkada 2024, Senin (3/6/2024).\n"
         "Baca Juga: Bupati Bogor Tinjau Gudang Logistik Pemilu 2019\n"
         "Rakor membahas tahapan.")
    ev = main(t, title="KPU Kota Bogor Gelar Rakor")
    assert ag(ev) == {"KPU"}
    assert ev.election == "Pilkada 2024"
    assert ev.event_date.year == 2024
