"""Dates: missing years, two-digit years, typos, malformed, ranges, statements, times."""

import datetime as dt

from dashboard.extract import extract_events

D = dt.date


def test_missing_year_from_election_and_weekday(main):
    t = ("Arosuka - Bupati Tanah Datar menghadiri Rapat Koordinasi persiapan Pilkada Serentak 2020 "
         "di Aula Kantor Bupati pada Kamis (27/2). Rakor ini diikuti unsur Forkopimda.")
    ev = main(t)
    assert ev.event_date == D(2020, 2, 27)
    assert ev.date_precision == "day"


def test_missing_year_weekday_picks_previous_year(main):
    # 11 Dec 2019 was a Wednesday, 11 Dec 2020 a Friday: the weekday decides
    t = ("Kesbangpol Kabupaten Demak menggelar rakor antisipasi kerawanan Pilkades Serentak 2020 "
         "di Pendopo Kabupaten, Rabu (11/12). Rakor dihadiri camat se-Kabupaten Demak.")
    assert main(t).event_date == D(2019, 12, 11)


def test_missing_year_without_weekday_precedes_voting_day(main):
    # Pemilu 2024 voted 14 Feb 2024: a preparation on 16/8 must be 2023
    t = ("Polres Kota Cirebon menggelar deklarasi damai Pemilu 2024 kemarin (16/8) bersama partai politik "
         "peserta pemilu yang akan berkompetisi di 2024 mendatang.")
    assert main(t).event_date == D(2023, 8, 16)


def test_missing_year_from_publication_date(main):
    t = "KPU Kabupaten Garut menggelar simulasi pemungutan suara, Rabu (22/7), di halaman kantor KPU."
    assert main(t, published=D(2020, 7, 23)).event_date == D(2020, 7, 22)


def test_two_digit_year(main):
    t = "Bawaslu Kabupaten Pinrang menggelar Apel Siaga Pengawasan Pemilu 2024 di Lapangan Lasinrang, Sabtu (10/02/24)."
    assert main(t).event_date == D(2024, 2, 10)
    t2 = "Wali Kota Padang meninjau TPS saat pemungutan suara Pilkada 2024, Rabu (27/11/24)."
    assert main(t2).event_date == D(2024, 11, 27)


def test_malformed_four_part_date(main):
    t = "UNGARAN - Di Aula Polres dilaksanakan Rapat Koordinasi Lintas Sektoral Pilkada 2020, Senin (31/8/8/2020)."
    ev = main(t)
    assert ev.event_date == D(2020, 8, 31)
    assert "malformed" in (ev.date_flag or "")


def test_year_typo_corrected_with_weekday_and_reference_date(main):
    t = ("Pekan depan KPU Provinsi Jambi akan menggelar launching Pilkada serentak. Launching kata dia, "
         "akan dilaksanakan pada Rabu (22/1/2029). \"Kita gelar di Lapangan Kantor Gubernur,\" kata Ketua KPU, "
         "Senin (13/1/2020).")
    ev = main(t)
    assert ev.event_date == D(2020, 1, 22)
    assert "typo" in ev.date_flag


def test_year_typo_kept_and_flagged_without_second_signal(main):
    # no weekday, no reference date: keep the written date, flag it
    t = "KPU Kabupaten Agam menggelar sosialisasi Pilkada 2020 kepada pemilih pemula pada 22/1/2029."
    ev = main(t)
    assert ev.event_date == D(2029, 1, 22)
    assert ev.date_flag and "implausible" in ev.date_flag


def test_weekday_mismatch_kept_and_flagged(main):
    # 5 Nov 2020 was a Thursday
    t = "Kesbangpol Kabupaten Karawang mengikuti Rapat Koordinasi Pilkada 2020 via vidcon, Rabu (5/11/2020)."
    ev = main(t)
    assert ev.event_date == D(2020, 11, 5)
    assert "weekday mismatch" in ev.date_flag


def test_impossible_date_flagged_not_returned(main):
    t = "KPU Kabupaten Solok menggelar rapat koordinasi Pilkada 2020 pada Senin (31/2/2020) di Aula KPU."
    ev = main(t)
    assert ev.event_date is None
    assert "impossible" in ev.date_flag


def test_range_takes_first_day(main):
    t = "Rakor Kesbangpol se-Indonesia berlangsung di Hotel Aston Kupang dari tanggal 20 hingga 21 Januari 2023 membahas Pemilu 2024."
    assert main(t).event_date == D(2023, 1, 20)


def test_textual_dates_and_lowercase(main):
    t = "Pelantikan Petugas KPPS Pemilu 2024 di sembilan desa se kecamatan Tempurejo hari kamis tanggal 25 januari 2024."
    assert main(t).event_date == D(2024, 1, 25)
    t2 = "Jakarta - KPU menggelar rapat pleno, Rabu, 22 Jul 2020, membahas Pilkada 2020."
    assert main(t2).event_date == D(2020, 7, 22)


def test_time_never_breaks_the_date(main):
    t = "Pantauan di halaman kantor KPU, Rabu (22/7/2020) sekitar pukul 07.00 WIB, petugas menggelar simulasi Pilkada."
    assert main(t).event_date == D(2020, 7, 22)
    t2 = "Apel siaga digelar Selasa, 12 Maret 2024 pukul 08.30 WITA di Lapangan Merdeka."
    assert main(t2).event_date == D(2024, 3, 12)


def test_statement_date_is_not_event_date(main):
    t = ("KPU Kota Ambon akan menggelar launching Pilkada 2024 pada Sabtu (27/4/2024) di Lapangan Merdeka. "
         "Hal itu disampaikan Ketua KPU kepada wartawan, Senin (22/4/2024).")
    assert main(t).event_date == D(2024, 4, 27)


def test_antara_statement_weekday_only_gives_no_date(main):
    t = ('Padang Aro (ANTARA) - KPU Kabupaten Solok Selatan meluncurkan Pilkada Serentak 2020. '
         '"Peluncuran ini penting," kata Ketua KPU di Padang Aro, Senin.')
    ev = main(t)
    assert ev.event_date is None


def test_publication_timestamp_is_not_event_date(main):
    t = ("Rakor Pilkada Serentak di Makassar\n\nYoel, Jurnalis · Rabu 26 Juni 2024 21:45 WIB\n"
         "Menko Polhukam menggelar rapat koordinasi bersama KPU dan TNI/Polri jelang Pilkada 2024.")
    evs = extract_events(t, title="Rakor Pilkada Serentak di Makassar")
    assert evs[0].event_date is None


def test_voting_day_mention_is_not_event_date(main):
    t = ("Bawaslu Kota Medan menggelar sosialisasi pengawasan partisipatif, Minggu (8/11). "
         "Pemungutan suara Pilkada Serentak 9 Desember 2020 diharapkan berjalan lancar.")
    assert main(t).event_date == D(2020, 11, 8)


def test_earlier_event_is_secondary(main):
    t = ("Relawan Demokrasi KPU Kabupaten Jember melakukan sosialisasi Pemilu 2019 di SLB Negeri Jember, kamis (7/2). "
         "Sebelumnya, relawan telah melakukan sosialisasi pertamanya di sekretariat PPDI pada Sabtu (2/2).")
    evs = extract_events(t)
    assert evs[0].event_date == D(2019, 2, 7)
    assert any(e.event_date == D(2019, 2, 2) for e in evs[1:])


def test_only_weekday_gives_null():
    evs = extract_events("Bupati Sleman membuka rakor persiapan Pilkada 2024, Senin, di Pendopo Parasamya.")
    assert evs[0].event_date is None


def test_month_only_date_has_month_precision():
    t = ("Bawaslu Kabupaten Agam akan menggelar sosialisasi pengawasan partisipatif bagi pemilih pemula "
         "pada Februari 2020 di sejumlah sekolah.")
    ev = extract_events(t)[0]
    assert (ev.event_date, ev.date_precision) == (D(2020, 2, 1), "month")
    rec = ev.to_score_dict()
    assert rec["event_date"] is None and rec["event_month"] == "2020-02" and rec["date_precision"] == "month"


def test_a_day_beats_a_month_and_a_month_bound_or_election_is_no_date():
    t = ("KPU Kota Solok menggelar rakor pada Februari 2020. Rakor digelar di Aula KPU, Senin (10/2/2020).")
    ev = extract_events(t)[0]
    assert (ev.event_date, ev.date_precision) == (D(2020, 2, 10), "day")
    for t in ("Sosialisasi digelar bergiliran di sepuluh kecamatan hingga akhir November 2020.",
              "Rakor membahas persiapan Pilkada serentak Desember 2020.",
              "Rakor membahas kesiapan menjelang pemungutan suara Desember 2020."):
        assert extract_events(t)[0].event_date is None, t


def test_plausible_year_contradicted_by_weekday_and_publication_is_corrected():
    t = ("KPU Kabupaten Kubu Raya melantik anggota PPK untuk Pemilu 2024 di Aula Kantor Bupati Kubu Raya, "
         "Rabu (4/1/2022). Pelantikan dihadiri Bupati dan Kapolres Kubu Raya.")
    ev = extract_events(t, published=D(2023, 1, 4))[0]
    assert ev.event_date == D(2023, 1, 4) and "year typo corrected" in (ev.date_flag or "")


def test_a_plausible_year_stays_without_a_second_signal():
    t = ("KPU Kabupaten Kubu Raya melantik anggota PPK di Aula Kantor Bupati Kubu Raya, Rabu (4/1/2022).")
    ev = extract_events(t, published=D(2023, 6, 20))[0]
    assert ev.event_date == D(2022, 1, 4) and "weekday mismatch" in (ev.date_flag or "")


def test_an_event_word_about_an_earlier_date_does_not_rescue_a_reported_one():
    t = ("KPU Kabupaten Malinau menggelar rapat koordinasi pembentukan PPS di Aula KPU Malinau pada 15 April. "
         "Menurut Ketua KPU, pendaftaran PPS dibuka pada 27 April hingga 6 Mei 2024, sementara pelantikan "
         "dijadwalkan pada 24 Mei 2024.")
    assert extract_events(t, published=D(2024, 5, 25))[0].event_date == D(2024, 4, 15)


# --- date classes (issue 10) ----------------------------------------------------------------


def test_a_month_typo_is_corrected_when_weekday_and_publication_date_agree():
    # 3 Sep 2023 was a Sunday; the page is dated 5 Oct 2023 and 3 Oct 2023 was a Tuesday
    t = "Bawaslu Kabupaten Muara Enim menggelar sosialisasi di Aula Hotel Bukit Asam, Selasa (3/9/2023)."
    ev = extract_events(t, published=D(2023, 10, 5))[0]
    assert ev.event_date == D(2023, 10, 3) and "typo corrected" in ev.date_flag
    # the same typo read from the page's printed timestamp line
    t2 = ("Bawaslu Muara Enim Gelar Sosialisasi\nKamis, 5 Oktober 2023 | 09:12 WIB\n"
          "MUARA ENIM – Bawaslu Kabupaten Muara Enim menggelar sosialisasi di Aula Hotel Bukit Asam, Selasa (3/9/2023).")
    assert extract_events(t2, title="Bawaslu Muara Enim Gelar Sosialisasi")[0].event_date == D(2023, 10, 3)
    # a month typo confirmed by the dates the text gives (no publication date): 3 Jul 2020 was a Friday
    t3 = ("Sentra Gakkumdu Kabupaten Muara Enim menggelar rakor, Jumat (03/06/2020). Panwascam telah diaktifkan "
          "kembali pada 15 Juni 2020 dan Sentra Gakkumdu diaktifkan pada 1 Juli 2020.")
    assert extract_events(t3)[0].event_date == D(2020, 7, 3)


def test_a_weekday_mismatch_alone_keeps_the_written_date():
    # 14 Oct 2020 was a Wednesday (14 Sep 2020 a Monday), and nothing else points at September
    t = "KPU Kabupaten Muara Enim melantik PPS di Pendopo Kabupaten, Senin (14/10/2020)."
    ev = extract_events(t)[0]
    assert ev.event_date == D(2020, 10, 14) and "weekday mismatch" in ev.date_flag
    # a publication date farther from the alternative than from the written date: kept too
    assert extract_events(t, published=D(2020, 10, 15))[0].event_date == D(2020, 10, 14)


def test_an_impossible_year_is_corrected_by_weekday_and_election_or_caption():
    t = ("Relawan Demokrasi KPU Kabupaten Muara Enim menyapa jamaah pengajian pada Sabtu (9/3/2190) di Masjid "
         "Agung. Mereka memberikan sosialisasi pemilu 2019.")
    assert extract_events(t)[0].event_date == D(2019, 3, 9)
    # the caption's day and month (no year) is the second signal here; 2019 is only a year the text writes
    t2 = ("Relawan demokrasi mengenalkan surat suara di Pasar Inpres (24/2)\n"
          "Relawan Demokrasi menyapa pedagang pada Minggu (24/2/2109) di Pasar Inpres, program relawan tahun 2019.")
    assert extract_events(t2)[0].event_date == D(2019, 2, 24)
    # near-miss: an impossible year whose weekday fits no year of the context stays flagged
    t3 = "Relawan Demokrasi menyapa pedagang pemilu 2019 pada Senin (9/3/2190) di Pasar Inpres."
    assert extract_events(t3)[0].event_date != D(2019, 3, 9)


def test_a_statement_date_does_not_date_an_undated_activity():
    for said in ("kata Kepala Kesbangpol Muara Enim, Budi, kepada wartawan, Senin (10/6/2024).",
                 "ujar Ketua KPU Muara Enim saat dikonfirmasi, Senin (10/6/2024).",
                 "ungkapnya, Senin (10/6/2024)."):
        t = ("KPU Kabupaten Muara Enim telah menuntaskan bimbingan teknis bagi seluruh anggota PPS Pilkada 2024. "
             "\"Semua sudah dibekali,\" " + said)
        assert extract_events(t)[0].event_date is None, said
    # near-misses: a speech made at the event dates it; an article reporting the statement itself is dated by it
    t = "\"Kita harus siap,\" ujar Bupati Muara Enim saat membuka rakor Pilkada 2024 di Aula Pemkab, Senin (10/6/2024)."
    assert extract_events(t)[0].event_date == D(2024, 6, 10)
    t = ("Menko Polhukam memastikan Pilkada 2024 berjalan lancar. \"Semua siap,\" jelas dia di Hotel Mulia, Jakarta, "
         "Rabu (4/9/2024).")
    assert extract_events(t)[0].event_date == D(2024, 9, 4)


def test_the_voting_day_or_a_stage_does_not_date_an_undated_meeting():
    t = ("Desk Pilkada Kabupaten Muara Enim menggelar rapat koordinasi dengan KPU dan Bawaslu sebagai persiapan "
         "menyukseskan pemilihan Bupati Muara Enim pada 27 November 2024.")
    ev = extract_events(t)[0]
    assert ev.event_date is None and ev.election == "Pilkada 2024"  # the voting day still names the election's year
    t2 = ("KPU Kabupaten Muara Enim menggelar rapat kerja pembentukan PPS bersama pemerintah daerah. Menurut ketua "
          "KPU, pendaftaran calon anggota PPS dibuka pada 27 April hingga 6 Mei 2024.")
    assert extract_events(t2)[0].event_date is None
    # near-miss: a simulation of the voting is dated by its own day
    t3 = "KPU Kabupaten Muara Enim menggelar simulasi pemungutan suara pada Sabtu (21/11/2020) di TPS 5."
    assert extract_events(t3)[0].event_date == D(2020, 11, 21)


def test_a_planned_follow_up_outside_the_lead_does_not_date_a_statement():
    t = ("Penjabat Bupati Muara Enim meminta ASN menjaga netralitas menjelang Pemilu 2024. \"Sanksinya jelas,\" "
         "katanya di Muara Enim, Senin. Pemkab juga berencana menggelar apel ikrar netralitas pada 1 Februari 2024.")
    assert extract_events(t)[0].event_date is None
    # near-miss: when the lead reports the plan, the planned date is the event's
    t2 = ("Pekan depan KPU Provinsi Jambi akan menggelar launching Pilkada 2020. Launching akan dilaksanakan pada "
          "Rabu (22/1/2020) di Lapangan Kantor Gubernur.")
    assert extract_events(t2, published=D(2020, 1, 13))[0].event_date == D(2020, 1, 22)


def test_a_background_meeting_s_date_yields_to_the_event_s():
    t = ("Menindaklanjuti rapat koordinasi Bawaslu Provinsi Sumatera Selatan pada Rabu (4/3), jajaran Bawaslu "
         "Kabupaten Muara Enim bergerak cepat. Pada Senin pagi (9/3), Ketua Bawaslu mendatangi Kantor Kejaksaan "
         "Negeri Muara Enim untuk membahas Sentra Gakkumdu Pilkada 2020.")
    assert extract_events(t)[0].event_date == D(2020, 3, 9)
    t2 = ("Tindak lanjut dari hasil rapat koordinasi tingkat provinsi, Kamis (13/2), Bawaslu Kota Pagar Alam "
          "menggelar rakor Sentra Gakkumdu Pilkada 2020 di Aula Bawaslu, Senin (17/2).")
    assert extract_events(t2)[0].event_date == D(2020, 2, 17)


def test_us_order_dates_are_read():
    assert extract_events("KPU menggelar rapat koordinasi logistik Pilkada 2020 pada Tuesday, November 10, 2020 di "
                          "Aula KPU.")[0].event_date == D(2020, 11, 10)
    assert extract_events("Rakor kesiapan Pilkada digelar Oct. 5, 2020 di Aula Bupati.")[0].event_date == D(2020, 10, 5)
    # a page timestamp in US order is the publication date
    t = "KPU Ketapang Rakor Logistik\nPosted on October 7, 2020\nKETAPANG – KPU menggelar rakor logistik Senin (5/10)."
    ev = extract_events(t, title="KPU Ketapang Rakor Logistik")[0]
    assert ev.event_date == D(2020, 10, 5)
