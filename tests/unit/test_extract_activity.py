"""Activity classes of issue 10: a keyword inside a job or division title, a background event's
keyword, a generic "rapat" the lead then names as a rakor, a coordination visit. Texts written
for these tests."""

from dashboard.extract import extract_events


def _act(text, **kw):
    return extract_events(text, **kw)[0].activity


def test_a_keyword_in_a_job_or_division_title_is_not_the_activity():
    assert _act("Anggota KPU Kabupaten Nias Divisi Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat, Ali, "
                "membuka bimbingan teknis bagi PPS di Aula Kecamatan, Kamis (18/6/2020).") == "bimtek"
    assert _act("Kepala Bidang Pendidikan Politik Kesbangpol Provinsi Aceh menghadiri apel siaga pengawasan Bawaslu "
                "Kota Banda Aceh di Lapangan Blang Padang, Sabtu (10/2/2024).") == "apel"
    assert _act("Kepala Seksi Pelatihan Satpol PP Kabupaten Nias mengikuti rapat koordinasi pengamanan Pilkada 2024 di "
                "Aula Polres, Selasa (20/8/2024).") == "rakor"
    assert _act("Kasubdit Fasilitasi Pemantauan Kemendagri hadir dalam deklarasi pemilu damai di Gunungsitoli, Rabu "
                "(17/1/2024).") == "deklarasi"
    # near-misses: the same words as the event itself (lower case, or no unit word before them)
    assert _act("Kesbangpol menggelar sosialisasi pendidikan politik bagi pemilih pemula di Aula SMA 1, Kamis "
                "(18/6/2020).") == "sosialisasi"
    assert _act("Pendidikan Politik bagi Pemilih Pemula Digelar Kesbangpol Nias, Kamis (18/6/2020).") == "sosialisasi"


def test_a_background_event_yields_to_the_reported_one():
    assert _act("Setelah sepekan menggelar sosialisasi di sejumlah sekolah, KPU Kota Sibolga kini menggelar simulasi "
                "pemungutan suara di TPS 3, Rabu (31/1/2024).") == "simulasi"
    assert _act("Usai dilantik, anggota KPPS se-Kecamatan Sibolga Utara mengikuti bimbingan teknis di Aula Kecamatan, "
                "Rabu (25/11/2020).") == "bimtek"
    assert _act("Menindaklanjuti rapat koordinasi tingkat provinsi, Bawaslu Kota Sibolga menggelar apel siaga "
                "pengawasan di Lapangan Simare-mare, Sabtu (10/2/2024).") == "apel"
    # near-miss: "saat/dalam" place the event's own activity, which stays
    assert _act("Hal itu disampaikan Wali Kota Sibolga saat rapat koordinasi kesiapan Pilkada 2024 di Aula Kantor Wali "
                "Kota, Selasa (3/9/2024).") == "rakor"


def test_a_generic_rapat_named_a_rakor_in_the_lead_is_a_rakor():
    assert _act("Pemkab Nias menggelar rapat bersama penyelenggara pemilu dan unsur keamanan di Ruang Rapat Sekda, "
                "Selasa (12/9/2023).\nRapat koordinasi tersebut dipimpin Asisten I.") == "rakor"
    assert _act("Kemenko Polhukam menggelar rapat dengan pimpinan TNI dan Polri, Senin (15/4/2019). Rapat koordinasi yang "
                "dipimpin Menko itu membahas pengamanan pemungutan suara.") == "rakor"
    # near-misses: a rakor planned next is another meeting; a specific rapat keeps its name
    assert _act("KPU Kota Sibolga menggelar rapat bersama Bawaslu di Aula KPU, Kamis (16/11/2023). Rapat koordinasi "
                "dengan Forkopimda dijadwalkan pekan depan.") == "rapat"
    assert _act("KPU Kota Sibolga menggelar rapat pleno rekapitulasi DPHP di Aula Hotel, Kamis (16/11/2023). Rakor "
                "tersebut juga dihadiri Bawaslu.") == "rapat"


def test_a_coordination_visit_to_another_body_is_a_rapat():
    assert _act("Ketua Bawaslu Kota Sibolga mendatangi Kantor Kejaksaan Negeri Sibolga, Senin (9/3/2020), untuk "
                "membahas Sentra Gakkumdu.") == "rapat"
    assert _act("Bawaslu Lakukan Koordinasi dengan Polres Terkait Sentra Gakkumdu\nBawaslu Kota Sibolga berkoordinasi "
                "dengan Polres Sibolga, Senin (17/2/2020).",
                title="Bawaslu Lakukan Koordinasi dengan Polres Terkait Sentra Gakkumdu") == "rapat"
    # near-miss: a visit to polling stations is an inspection
    assert _act("Wali Kota Sibolga mendatangi TPS 04 dan meninjau pemungutan suara, Rabu (9/12/2020).") == "monitoring"


def test_a_planned_follow_up_outside_the_lead_is_not_the_activity_of_a_statement():
    t = ("Penjabat Bupati Nias meminta ASN menjaga netralitas menjelang Pemilu 2024. \"Sanksinya jelas,\" katanya di "
         "Gunungsitoli, Senin. Ia menyebut Pemkab Nias juga berencana menggelar apel ikrar netralitas pada 1 Februari "
         "2024.")
    assert _act(t) == "other"
    # near-miss: a lead that reports the plan keeps it
    assert _act("Pemkab Nias akan menggelar apel ikrar netralitas ASN pada 1 Februari 2024 di halaman Kantor Bupati.") \
        == "apel"
