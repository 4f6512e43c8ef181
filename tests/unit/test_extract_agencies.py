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


# --- agencies classes (issue 10): mentioned, not taking part ------------------------------------


def _ag(text, **kw):
    from dashboard.extract import extract_events

    return {a.agency for a in extract_events(text, **kw)[0].agencies}


def test_support_voiced_for_the_organiser_is_not_attendance():
    assert _ag("Bawaslu Kabupaten Rote Ndao menggelar apel siaga di Lapangan Ba'a, Rabu (7/2/2024). \"Semua unsur "
               "mendukung kami, baik pemerintah daerah, Polri maupun TNI,\" kata ketua Bawaslu.") == {"Bawaslu"}
    assert _ag("Bawaslu Kabupaten Rote Ndao menggelar apel siaga di Lapangan Ba'a, Rabu (7/2/2024). Ia menyebut ada "
               "dukungan penuh dari Pemkab, Polres dan Kodim.") == {"Bawaslu"}
    # near-miss: a body that took part and also supports
    assert _ag("Apel siaga Bawaslu Rote Ndao di Lapangan Ba'a, Rabu (7/2/2024), dihadiri Kapolres Rote Ndao.") \
        == {"Bawaslu", "Polri"}


def test_a_future_meeting_s_partners_are_not_the_event_s():
    t = ("KPU Kabupaten Rote Ndao menggelar sosialisasi tahapan Pilkada 2024 di Aula Hotel Ricky, Selasa (16/7/2024). "
         "Hadir pula anggota Bawaslu. Dalam waktu dekat, KPU juga akan menggelar rapat koordinasi dengan Polres "
         "Rote Ndao dan Kodim 1627 terkait pengamanan logistik.")
    assert _ag(t) == {"KPU", "Bawaslu"}
    # near-miss: the event's own programme going on ("akan dilanjutkan dengan paparan Kapolres")
    t2 = ("Pemkab Rote Ndao menggelar rakor kesiapan Pilkada 2024 di Aula Kantor Bupati, Senin (7/10/2024). Rakor "
          "dibuka Sekda dan akan dilanjutkan dengan paparan Kapolres Rote Ndao.")
    assert _ag(t2) == {"Pemda", "Polri"}


def test_owners_and_addressees_are_not_participants():
    assert _ag("Bawaslu Kabupaten Rote Ndao dan KPU mengecek gudang logistik di Jalan Timor Raya, Rabu (17/1/2024). "
               "Gudang itu merupakan aset milik Pemerintah Kabupaten Rote Ndao.") == {"Bawaslu", "KPU"}
    assert _ag("KPU menggelar rapat pleno DPHP di Aula KPU Rote Ndao, Kamis (16/11/2023). Ketua KPU meminta Bawaslu "
               "mengawasi proses rekrutmen.") == {"KPU"}
    assert _ag("Forkopimda Rote Ndao Sidak Gudang Logistik KPU\nBupati, Kapolres dan Dandim Rote Ndao menyidak gudang "
               "logistik, Kamis (8/2/2024).", title="Forkopimda Rote Ndao Sidak Gudang Logistik KPU") \
        == {"Pemda", "Polri", "TNI"}


def test_members_of_a_joint_body_count_only_when_the_body_holds_the_event():
    t = ("Bawaslu Kabupaten Rote Ndao menggelar rapat koordinasi Sentra Gakkumdu bersama Polres Rote Ndao di Ruang "
         "Rapat Bawaslu, Selasa (21/7/2020). Sentra Gakkumdu dibentuk sebagai wadah penanganan pidana pemilihan "
         "yang beranggotakan unsur Bawaslu, Kepolisian dan Kejaksaan.")
    assert _ag(t) == {"Bawaslu", "Polri"}
    t2 = ("Sentra Gakkumdu Kabupaten Rote Ndao yang terdiri atas Bawaslu, Polres Rote Ndao dan Kejaksaan Negeri Rote "
          "Ndao menggelar rapat koordinasi di Aula Bawaslu, Selasa (5/12/2023).")
    assert _ag(t2) == {"Bawaslu", "Polri", "Kejaksaan"}


def test_counted_elected_offices_are_not_officials_taking_part():
    t = ("KPU RI menggelar bimtek pencalonan di Hotel Mercure Ancol, Jakarta, Sabtu (3/2/2024). Pilkada serentak "
         "akan memilih 37 gubernur, 415 bupati dan 93 wali kota beserta wakilnya.")
    assert _ag(t) == {"KPU"}
    t2 = ("Kemendagri menggelar FGD kewaspadaan dini di Hotel Sahid, Rabu (20/3/2024). Pilkada melibatkan pemilihan 37 "
          "Gubernur dan Wakil Gubernur, 415 Bupati dan Wakil Bupati, dan 93 walikota dan Wakil Walikota.")
    assert _ag(t2) == {"Kemendagri"}
    # near-miss: an official with a number elsewhere in the sentence still counts
    assert _ag("Rakor di Aula Kantor Bupati, Senin (7/10/2024), dihadiri 45 peserta dan Bupati Rote Ndao.") == {"Pemda"}


def test_an_operation_s_personnel_are_not_attendance():
    t = ("Polres Rote Ndao menggelar rakor lintas sektoral Pilkada 2024 di Aula Polres, Selasa (8/10/2024). Operasi "
         "Mantap Praja melibatkan 900 personel, terdiri atas 500 personel Polres, 100 personel Kodim dan 300 anggota "
         "Satpol PP. Dandim 1627 menyatakan TNI siap membantu.")
    assert _ag(t) == {"Polri", "TNI"}


def test_partners_named_with_atas_kerja_sama_took_part_but_ongoing_cooperation_did_not():
    t = ("Bawaslu Kota Kupang menggelar sosialisasi pengawasan di Aula Undana, Sabtu (2/11/2024). Sosialisasi ini "
         "terlaksana atas kerja sama dengan Kodim 1604 dan Polresta Kupang Kota. Ke depan Bawaslu akan terus menjalin "
         "kerja sama dengan Dinas Pendidikan.")
    assert _ag(t) == {"Bawaslu", "TNI", "Polri"}


def test_a_stage_s_executor_and_a_party_politician_s_seat_are_mentions():
    t = ("Bawaslu Kabupaten Rote Ndao menggelar rakor Sentra Gakkumdu bersama Polres di Ruang Rapat Bawaslu, Kamis "
         "(16/7/2020). Saat ini sedang berlangsung tahapan yang dilaksanakan oleh KPU, yakni coklit oleh petugas PPDP.")
    assert _ag(t) == {"Bawaslu", "Polri"}
    t2 = ("Polda NTT menggelar deklarasi pemilu damai di Gedung Tribrata, Jumat (18/8/2023). Deklarasi dibacakan oleh "
          "Made, politisi partai peserta pemilu yang juga anggota DPRD NTT.")
    assert _ag(t2) == {"Polri"}
