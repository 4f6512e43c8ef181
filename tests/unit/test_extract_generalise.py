"""Rules that generalise beyond the dev articles: datelines, provincial events, background
regions, mentions that are not participation, limits that are not head counts.

Every text here is synthetic (invented officials, invented venues)."""


def rg(ev):
    return {r.name for r in ev.regions}


def ag(ev):
    return {a.agency for a in ev.agencies}


# --- regions: datelines --------------------------------------------------------------------


def test_dateline_of_provincial_capital_is_not_a_region_of_a_provincial_event(main):
    t = ("MANADO – Bawaslu Provinsi Sulawesi Utara menggelar rapat koordinasi pengawasan Pemilihan Gubernur dan "
         "Wakil Gubernur Sulawesi Utara Tahun 2020 secara virtual, Selasa (23/6/2020). Rakor diikuti pengawas "
         "dari kabupaten/kota.")
    assert rg(main(t)) == {"Sulawesi Utara"}


def test_dateline_elsewhere_in_the_province_is_where_the_provincial_body_went(main):
    t = ("TOMOHON – Bawaslu Provinsi Sulawesi Utara menggelar sosialisasi pengawasan partisipatif Pilkada 2020 "
         "bagi pemuda gereja, Sabtu (10/10/2020).")
    assert rg(main(t)) == {"Kota Tomohon", "Sulawesi Utara"}


def test_headline_election_does_not_tie_the_dateline_on_the_next_line(main):
    t = ("Pemprov Gelar Rakor Virtual Kesiapan Pilkada 2020\n\n"
         "PALU – Pemerintah Provinsi Sulawesi Tengah menggelar rapat koordinasi kesiapan Pemilihan Gubernur "
         "Sulawesi Tengah melalui Zoom, Rabu (27/5/2020). KPU RI disebut tengah menyiapkan aturan baru.")
    assert rg(main(t, title="Pemprov Gelar Rakor Virtual Kesiapan Pilkada 2020")) == {"Sulawesi Tengah"}


def test_dateline_town_kept_for_a_local_event_without_other_anchor(main):
    t = "LEBONG – Bupati menggelar rakor kesiapan Pilkada 2020 di aula kantor bupati, Senin (2/3/2020)."
    assert rg(main(t)) == {"Kabupaten Lebong"}


# --- regions: venues, provinces, background ------------------------------------------------


def test_venue_city_is_not_a_region(main):
    t = ("Bupati Kapuas Hulu mengikuti Rapat Koordinasi Pilkada 2020 yang digelar di Hotel Aston, Kota Pontianak, "
         "Kamis (5/3/2020).")
    assert rg(main(t)) == {"Kabupaten Kapuas Hulu"}


def test_province_of_a_participating_official_is_not_a_region_of_a_local_event(main):
    t = ("KPU Kabupaten Lebong menggelar bimbingan teknis PPK Pemilihan Bupati Lebong Tahun 2020 di Aula Hotel "
         "Sentosa, Senin (2/3/2020). Hadir sebagai narasumber anggota KPU Provinsi Bengkulu, Siti Rahmawati.")
    assert rg(main(t)) == {"Kabupaten Lebong"}


def test_province_kept_when_a_provincial_body_runs_the_local_event(main):
    t = ("KPU Provinsi Bengkulu menggelar bimbingan teknis bagi PPK Kabupaten Lebong di Aula Hotel Sentosa, "
         "Senin (2/3/2020), menjelang Pilkada 2020.")
    assert rg(main(t)) == {"Kabupaten Lebong", "Bengkulu"}


def test_province_named_only_as_background_is_not_a_region(main):
    t = ("KPU Kabupaten Lebong menggelar sosialisasi Pilkada 2020 di Aula Kantor Camat, Senin (2/3/2020). "
         "Menurut dia, kondisi keamanan di Provinsi Bengkulu secara umum kondusif.")
    assert rg(main(t)) == {"Kabupaten Lebong"}


def test_list_of_participating_kabupaten_is_not_regions(main):
    t = ("Badan Kesbangpol Provinsi Kalimantan Utara menggelar rapat koordinasi Pilkada 2020 melalui video "
         "conference, Senin (30/3/2020). Rakor diikuti secara daring oleh Kesbangpol Kabupaten Malinau, Nunukan, "
         "Tana Tidung dan Bulungan.")
    assert rg(main(t)) == {"Kalimantan Utara"}


def test_regions_of_a_planned_follow_up_are_not_regions(main):
    t = ("Bawaslu Provinsi Jambi melakukan supervisi pengawasan kampanye Pilkada 2020 ke Bawaslu Kabupaten Tebo, "
         "Selasa (6/10/2020). Supervisi serupa dijadwalkan berlanjut ke Bawaslu Kabupaten Bungo pekan depan.")
    assert rg(main(t)) == {"Kabupaten Tebo", "Jambi"}


# --- agencies: mentions that are not participation ------------------------------------------


def test_coordination_with_tni_polri_is_a_mention(main):
    t = ("KPU Kabupaten Lebong menggelar rakor persiapan Pilkada 2020 di Aula KPU, Senin (2/3/2020). Ketua KPU "
         "mengatakan pihaknya terus berkoordinasi dengan TNI dan Polri dalam mengamankan tahapan.")
    assert ag(main(t)) == {"KPU"}


def test_kemendagri_as_author_of_a_regulation_is_not_counted(main):
    t = ("Badan Kesbangpol Kabupaten Lebong menggelar rapat Desk Pilkada 2020 di Ruang Rapat Setda, Senin (2/3/2020). "
         "Rapat berpedoman pada arahan Kementerian Dalam Negeri tentang dukungan daerah. Kegiatan ini juga sesuai "
         "Surat Edaran Mendagri Nomor 270/1234/SJ.")
    assert ag(main(t)) == {"Kesbangpol"}
    t2 = ("Pemkab Lebong menggelar rakor Pilkada 2020 berdasarkan Peraturan KPU Nomor 5 Tahun 2020, Senin (2/3/2020).")
    assert "KPU" not in ag(main(t2))


def test_kemendagri_taking_part_is_counted(main):
    t = ("Rakor Pilkada 2020 di Jakarta, Kamis (27/2/2020), dibuka Mendagri dan diikuti Kesbangpol Kabupaten Lebong.")
    assert {"Kemendagri", "Kesbangpol"} <= ag(main(t))


def test_an_earlier_agreement_is_not_participation(main):
    t = ("KPU Kabupaten Lebong menggelar sosialisasi Pilkada 2020 di Aula Kecamatan, Rabu (15/1/2020). Ia menyebut "
         "KPU telah menandatangani nota kesepahaman dengan Polres Lebong terkait pengamanan tahapan.")
    assert ag(main(t)) == {"KPU"}


# --- participants, activity, date, election -------------------------------------------------


def test_a_limit_is_not_a_head_count(main):
    t = ("KPU Kota Lubuklinggau menggelar rakor metode kampanye Pilkada 2020 di Aula Hotel Sentosa, Senin (28/9/2020). "
         "Pertemuan tatap muka hanya boleh dihadiri maksimal 50 orang.")
    assert main(t).participants is None
    t2 = "Setiap sesi pelantikan KPPS dibatasi paling banyak 50 orang, Selasa (24/11/2020)."
    assert main(t2).participants is None


def test_sworn_in_members_are_participants(main):
    t = ("Bawaslu Kota Lubuklinggau melantik dan mengambil sumpah 24 anggota Panwascam di Aula Hotel Sentosa, "
         "Kamis (19/12/2019).")
    assert main(t).participants == 24


def test_headline_verb_forms(main):
    t = "KPU Lubuklinggau Lantik 120 PPS Pilkada 2020\n\nKPU Kota Lubuklinggau melantik PPS, Senin (24/2/2020)."
    assert main(t, title="KPU Lubuklinggau Lantik 120 PPS Pilkada 2020").activity == "pelantikan"
    t2 = "Wali Kota Pantau Sejumlah TPS\n\nWali Kota Lubuklinggau berkeliling ke TPS, Rabu (9/12/2020)."
    assert main(t2, title="Wali Kota Pantau Sejumlah TPS").activity == "monitoring"


def test_voting_day_visit_dated_on_voting_day(main):
    t = ("Wali Kota Lubuklinggau memantau pelaksanaan pemungutan suara Pilkada 2020, Rabu (9/12/2020), di TPS 03 "
         "Kelurahan Taba. Rekapitulasi di tingkat kecamatan dijadwalkan dimulai Kamis (10/12).")
    assert main(t).event_date.isoformat() == "2020-12-09"


def test_election_inferred_when_not_named(main):
    t = ("KPU Kota Pematangsiantar menggelar rapat koordinasi bersama tim kampanye pasangan calon di Aula Hotel "
         "Sentosa, Senin (28/9/2020). Rakor membahas metode kampanye di masa pandemi.")
    assert main(t).election == "Pilkada 2020"
    # no election body, no guess
    t2 = "Dinas Pariwisata menggelar rapat koordinasi festival budaya di Aula Hotel Sentosa, Senin (28/9/2020)."
    assert main(t2).election is None


def test_body_venue_preferred_over_headline_place(main):
    title = "Rakor Persiapan Pemilu Digelar di Kota Lubuklinggau"
    t = (title + "\nLUBUKLINGGAU - Pemkot Lubuklinggau melalui Kesbangpol menggelar rakor persiapan Pemilu 2024 yang "
         "berlangsung di Balai Kota Lubuklinggau, Rabu (10/1/2024).")
    assert main(t, title=title).location == "Balai Kota Lubuklinggau"


def test_invitation_is_not_regulatory_background(main):
    t = ("Rakor kesiapan Pilkada 2020 digelar di Aula Polres Lebong berdasarkan undangan Kapolres Lebong, "
         "Senin (2/3/2020), dan dihadiri KPU Kabupaten Lebong.")
    assert {"Polri", "KPU"} <= ag(main(t))


def test_ambiguous_dateline_of_a_provincial_event_is_the_capital(main):
    # "KUPANG" is both Kota Kupang (the provincial capital) and Kabupaten Kupang, which the text
    # also names: the dateline is where the report was filed, not a region of the event
    t = ("KUPANG – KPU Provinsi Nusa Tenggara Timur menggelar rapat kerja persiapan distribusi logistik Pemilu 2024 "
         "di Aula Kantor KPU Provinsi, Selasa (23/1/2024). Rapat dihadiri Sekda Provinsi dan Karo Ops Polda NTT. "
         "Logistik untuk beberapa desa di Kabupaten Kupang akan diantar lebih dulu, kata ketua KPU provinsi.")
    assert rg(main(t)) == {"Nusa Tenggara Timur"}
