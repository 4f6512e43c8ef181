"""Agencies named in a clause about something other than the event (dashboard.extract.clauses).

The corpus README counts a body when the text says it organised, attended, spoke at or was
invited to the event; bodies mentioned for any other reason are not counted. Each test pairs a
mention that must not count with, where it matters, the nearby shape that must keep counting.

Every text here is synthetic (invented officials, invented venues and numbers)."""

import pytest


def ag(ev):
    return {a.agency for a in ev.agencies}


def roles(ev):
    return {a.agency: a.role for a in ev.agencies}


LEAD = ("Badan Kesbangpol Kabupaten Sigi menggelar rapat koordinasi pengamanan Pilkada 2024 di Aula Kantor Bupati Sigi, "
        "Senin (7/10/2024). Rakor dihadiri Kapolres Sigi dan Ketua KPU Kabupaten Sigi. ")


# --- future actions other than the event -----------------------------------------------------


def test_body_a_report_will_be_sent_to_is_not_a_participant(main):
    t = LEAD + "Rekomendasi pertemuan itu akan dilaporkan kepada DPRD Kabupaten Sigi dalam sidang komisi bulan depan."
    assert ag(main(t)) == {"Kesbangpol", "Polri", "KPU"}


def test_subject_of_a_later_report_is_not_a_participant(main):
    t = LEAD + "Kesbangpol pun akan menyampaikan rekomendasi itu kepada DPRD Sigi pada sidang berikutnya."
    assert ag(main(t)) == {"Kesbangpol", "Polri", "KPU"}


def test_future_supervision_by_another_body_is_not_participation(main):
    t = LEAD + "Pengiriman kotak suara ke kecamatan pada Selasa nanti akan dipantau Bawaslu Kabupaten Sigi dan Panwascam."
    assert "Bawaslu" not in ag(main(t))


def test_future_joint_enforcement_in_a_quote_is_not_participation(main):
    t = LEAD + ("Kapolres Sigi juga bicara soal rapat umum. \"Tim gabungan kami dengan Bawaslu dan Satpol PP akan "
                "menghentikan rapat umum yang melebihi kapasitas,\" tegasnya.")
    got = ag(main(t))
    assert "Bawaslu" not in got and "Satpol PP" not in got
    assert "Polri" in got  # the speaker of the quote still took part


def test_future_generic_verb_without_an_activity_is_not_participation(main):
    t = LEAD + "Pencopotan baliho liar akan dilakukan bersama Satpol PP sesudah masa tenang dimulai."
    assert "Satpol PP" not in ag(main(t))


def test_forwarded_findings_are_not_participation(main):
    t = LEAD + "Laporan warga soal politik uang akan diserahkan kepada Kejaksaan Negeri Sigi."
    assert "Kejaksaan" not in ag(main(t))


def test_planned_event_keeps_its_organiser_and_opener(main):
    t = ("KPU Kabupaten Sigi akan menggelar peluncuran maskot Pilkada 2024 pada Sabtu (15/6/2024) di Taman Kota. "
         "Acara rencananya akan dibuka oleh Menteri Dalam Negeri.")
    ev = main(t)
    assert ag(ev) == {"KPU", "Kemendagri"}
    assert roles(ev)["KPU"] == "organiser"
    assert roles(ev)["Kemendagri"] == "organiser"


def test_future_attendance_without_a_plan_word_is_kept(main):
    # "akan dihadiri" is left as it was (conservative): only "rencananya" marks a plan
    t = ("KPU Kabupaten Sigi akan menggelar simulasi pemungutan suara Pemilu 2024 di Lapangan Desa Bora, "
         "Sabtu (10/2/2024). Simulasi akan dihadiri Kapolres Sigi.")
    assert ag(main(t)) == {"KPU", "Polri"}


def test_future_speaking_and_inviting_are_kept(main):
    t = ("Bawaslu Kabupaten Sigi akan menggelar sosialisasi pengawasan partisipatif Pilkada 2024 di Aula Hotel Palu "
         "Indah, Kamis (12/9/2024). Ketua KPU Sigi akan memberikan materi tentang tahapan, sedangkan Bawaslu juga akan "
         "mengundang Kapolres Sigi.")
    ev = main(t)
    assert ag(ev) == {"Bawaslu", "KPU", "Polri"}
    assert roles(ev)["Polri"] == "invited"


def test_future_generic_verb_with_an_activity_is_kept(main):
    t = ("Sigi - Ketua KPU Kabupaten Sigi mengatakan Bawaslu Kabupaten Sigi akan melakukan sosialisasi bersama KPU "
         "menjelang Pilkada 2024, Senin (7/10/2024).")
    assert ag(main(t)) == {"KPU", "Bawaslu"}


def test_upcoming_is_not_a_future_action(main):
    t = LEAD + "Kepala Kesbangpol meminta Forkopimda menjaga kondusivitas Pilkada yang akan datang bersama KPU."
    assert ag(main(t)) == {"Kesbangpol", "Polri", "KPU"}


def test_relative_clause_future_does_not_reach_the_attendance_list(main):
    t = ("Pelantikan KPPS Pemilu 2024 di Balai Desa Bora, Kamis (25/1/2024). Hadir Babinsa, Bhabinkamtibmas dan "
         "anggota KPPS yang akan dilantik.")
    assert ag(main(t)) == {"KPU", "TNI", "Polri"}


def test_future_speech_at_the_event_is_kept(main):
    t = ("KPU Kabupaten Sigi akan menggelar sosialisasi Pilkada 2024 bagi pemilih pemula di Aula SMA 1 Sigi, "
         "Kamis (12/9/2024). Sebagai narasumber, Ketua Bawaslu Sigi, Rahmat Hidayat, akan menjelaskan pengawasan "
         "partisipatif.")
    assert ag(main(t)) == {"KPU", "Bawaslu"}


def test_bodies_the_sentence_places_at_the_event_keep_counting(main):
    t = LEAD + "Usai rakor, Wakil Bupati Sigi bersama Dandim 1306 akan meninjau gudang logistik KPU."
    assert ag(main(t)) == {"Kesbangpol", "Polri", "KPU", "Pemda", "TNI"}


def test_speaker_after_a_future_continuation_is_kept(main):
    t = ("Pemkab Sigi menggelar rakor kesiapan Pilkada 2024 di Aula Kantor Bupati, Senin (7/10/2024). Rakor dibuka "
         "Sekda Sigi dan akan dilanjutkan dengan paparan Kapolres Sigi.")
    assert ag(main(t)) == {"Pemda", "Polri"}


def test_a_scheduled_time_is_not_a_plan(main):
    t = ("Kesbangpol Kabupaten Sigi menggelar rakor pengamanan Pilkada 2024 di Aula Kantor Bupati, "
         "Senin (7/10/2024). Rakor yang dijadwalkan Senin pagi itu dihadiri Kapolres Sigi.")
    assert ag(main(t)) == {"Kesbangpol", "Polri"}


def test_an_officials_own_plans_report_a_speaker(main):
    t = LEAD.replace("Rakor dihadiri Kapolres Sigi dan Ketua KPU Kabupaten Sigi. ", "") + (
        "Dandim 1306 Letkol Inf Bagus Wiratama akan menyiagakan 150 prajurit di titik rawan.")
    assert ag(main(t)) == {"Kesbangpol", "TNI"}


def test_the_events_own_programme_is_not_a_future_action(main):
    t = LEAD + "Rakor akan dilanjutkan dengan peninjauan gudang logistik bersama Kajari Sigi."
    assert "Kejaksaan" in ag(main(t))


# --- planned attendance ------------------------------------------------------------------------


def test_planned_attendance_is_not_participation(main):
    t = ("KPU Kota Palu akan meluncurkan maskot Pilkada 2024 pada Sabtu (15/6/2024) di Taman Nasional. "
         "Acara itu rencananya turut dihadiri Penjabat Wali Kota Palu dan Ketua Bawaslu Kota Palu.")
    ev = main(t)
    assert ag(ev) == {"KPU"}


def test_planned_attendance_with_a_leading_plan_word(main):
    t = ("KPU Kota Palu akan meluncurkan maskot Pilkada 2024 pada Sabtu (15/6/2024) di Taman Nasional. "
         "Rencananya, peluncuran akan disaksikan Kapolresta Palu.")
    assert ag(main(t)) == {"KPU"}


# --- past actions of earlier stages -------------------------------------------------------------


def test_past_action_of_an_earlier_stage_is_not_participation(main):
    t = ("Bawaslu Kabupaten Sigi menggelar rapat koordinasi Sentra Gakkumdu Pilkada 2024 di Aula Bawaslu, "
         "Rabu (9/10/2024). Rakor diikuti Kasat Reskrim Polres Sigi dan Kasi Pidum Kejari Sigi. Di sisi lain, KPU Sigi "
         "sudah mengundi nomor urut pasangan calon pada 23 September.")
    assert ag(main(t)) == {"Bawaslu", "Polri", "Kejaksaan"}


def test_past_action_of_another_body_reported_by_a_speaker(main):
    title = "Bawaslu Sigi Petakan Kerawanan Pilkada"
    t = (title + "\nBawaslu Kabupaten Sigi menggelar diskusi kerawanan Pilkada 2024 di Aula Hotel Sentosa, "
         "Rabu (9/10/2024). Kepala Kesbangpol mengatakan pemerintah kabupaten sudah menerbitkan keputusan tim terpadu.")
    assert ag(main(t, title=title)) == {"Bawaslu", "Kesbangpol"}


def test_lead_after_an_unlabelled_headline_line_keeps_its_subject(main):
    # no title given: the first line is recognised as the headline, the sentence after it is the lead
    t = ("Bawaslu Sigi Petakan Kerawanan\nBawaslu Kabupaten Sigi telah memetakan kerawanan Pilkada 2024 di "
         "Aula Hotel Sentosa, Rabu (9/10/2024).")
    assert ag(main(t)) == {"Bawaslu"}


def test_past_tense_lead_keeps_its_subject(main):
    # the lead reports the event itself, whatever its tense
    t = ("Sigi - KPU Kabupaten Sigi telah menetapkan daftar pemilih tetap Pilkada 2024 di Aula KPU Sigi, "
         "Jumat (20/9/2024).")
    assert ag(main(t)) == {"KPU"}


def test_future_clause_in_the_lead_keeps_its_bodies(main):
    # the lead reports the (planned) event: its bodies are left as they were
    t = ("KPU Kabupaten Sigi menyiapkan simulasi pemungutan suara Pemilu 2024 di Desa Bora yang akan diawasi "
         "Bawaslu Kabupaten Sigi, Sabtu (10/2/2024). Simulasi melibatkan anggota KPPS setempat.")
    assert ag(main(t)) == {"KPU", "Bawaslu"}


def test_past_action_in_a_clause_naming_an_activity_is_kept(main):
    t = ("Bupati Sigi meninjau gudang logistik Pilkada 2024 di Desa Bora, Kamis (21/11/2024). Ia menyebut Polres Sigi "
         "sudah menyiapkan apel pengamanan logistik.")
    assert "Polri" in ag(main(t))


# --- prohibitions, letters, ownership -----------------------------------------------------------


def test_prohibition_subjects_are_not_participants(main):
    t = ("Bawaslu Kabupaten Sigi menggelar sosialisasi pengawasan Pilkada 2024 bagi pemuda di Aula Hotel Sentosa, "
         "Sabtu (12/10/2024). \"Aparat TNI maupun Polri dilarang ikut berkampanye, dan Kejaksaan tidak boleh "
         "menjadi alat politik,\" kata Ketua Bawaslu Sigi.")
    assert ag(main(t)) == {"Bawaslu"}


def test_prohibition_object_is_not_a_participant(main):
    t = LEAD + "Ia juga menyinggung larangan bagi Satpol PP untuk terlibat dalam kampanye."
    assert "Satpol PP" not in ag(main(t))


def test_attendee_of_an_event_about_a_prohibition_is_kept(main):
    t = ("Bawaslu Kabupaten Sigi menggelar sosialisasi larangan politik uang di Aula Hotel Sentosa, "
         "Sabtu (12/10/2024). Sosialisasi larangan kampanye di tempat ibadah itu dihadiri Kapolres Sigi.")
    assert ag(main(t)) == {"Bawaslu", "Polri"}


def test_letter_addressee_is_not_a_participant(main):
    t = ("Bawaslu Kabupaten Sigi menggelar sosialisasi pengawasan Pilkada 2024 di Aula Hotel Sentosa, "
         "Sabtu (12/10/2024). Dalam kesempatan berbeda, Bawaslu Sigi menyurati Pemkab Sigi untuk menertibkan "
         "baliho pejabat.")
    assert ag(main(t)) == {"Bawaslu"}


def test_invitation_letter_is_still_an_invitation(main):
    t = ("Bawaslu Kabupaten Sigi menggelar sosialisasi pengawasan Pilkada 2024 di Aula Hotel Sentosa, "
         "Sabtu (12/10/2024). Bawaslu mengirimkan surat undangan kepada Kapolres Sigi.")
    ev = main(t)
    assert "Polri" in ag(ev)
    assert roles(ev)["Polri"] == "invited"


def test_owner_of_the_warehouse_building_is_not_a_participant(main):
    # the corpus README: owners of a warehouse are not counted; the KPU counts when it is said to
    # take part (it received the visitors), not because the warehouse is the KPU's
    t = ("Kapolres Sigi bersama Dandim 1306 mengecek gudang logistik KPU Kabupaten Sigi, Jumat (22/11/2024). "
         "Bangunan yang dipakai sebagai gudang adalah aset milik Dinas Pendidikan Kabupaten Sigi.")
    assert ag(main(t)) == {"Polri", "TNI"}
    t2 = t + " Rombongan diterima Ketua KPU Kabupaten Sigi."
    assert ag(main(t2)) == {"Polri", "TNI", "KPU"}


def test_building_lent_by_a_body(main):
    t = ("KPU Kabupaten Sigi menggelar bimtek KPPS Pilkada 2024, Senin (18/11/2024), di aula yang dipinjamkan oleh "
         "Pemkab Sigi.")
    assert ag(main(t)) == {"KPU"}


# --- DPRD member reading for the parties ----------------------------------------------------------


def test_dprd_member_reading_for_the_parties_is_not_counted(main):
    t = ("KPU Kabupaten Sigi menggelar deklarasi kampanye damai Pilkada 2024 di Lapangan Vatulemo, "
         "Rabu (25/9/2024). Hadir Pj Bupati Sigi dan Kapolres Sigi. Ikrar damai dibacakan Nyoman Sudira, anggota "
         "DPRD Sigi, atas nama seluruh partai pengusung.")
    assert ag(main(t)) == {"KPU", "Pemda", "Polri"}


def test_dprd_acting_as_such_is_counted(main):
    t = ("KPU Kabupaten Sigi menggelar deklarasi kampanye damai Pilkada 2024 di Lapangan Vatulemo, "
         "Rabu (25/9/2024). Hadir Ketua DPRD Sigi dan Kapolres Sigi.")
    assert ag(main(t)) == {"KPU", "DPRD", "Polri"}


# --- topics of a training -----------------------------------------------------------------------------


def test_topic_of_a_training_is_not_participation(main):
    t = ("KPU Kabupaten Sigi menggelar bimtek PPK dan PPS Pemilu 2024 di Aula Hotel Sentosa, Senin (15/1/2024). "
         "Pelatihan turut membahas penyimpanan formulir, juga pengawalan logistik dari TPS ke kelurahan bersama "
         "Linmas dan Babinsa.")
    assert ag(main(t)) == {"KPU"}


def test_trainer_of_a_training_is_counted(main):
    t = ("KPU Kabupaten Sigi menggelar bimtek PPK Pemilu 2024 di Aula Hotel Sentosa, Senin (15/1/2024). "
         "Materi pengamanan TPS disampaikan oleh Kapolres Sigi, sedangkan materi pengawasan dari Bawaslu Sigi.")
    assert ag(main(t)) == {"KPU", "Polri", "Bawaslu"}


def test_speaker_after_a_comma_in_a_training_sentence_is_kept(main):
    t = ("KPU Kabupaten Sigi menggelar bimtek PPK Pemilu 2024 di Aula Hotel Sentosa, Senin (15/1/2024). "
         "Materi pertama tentang kode etik, Kapolres Sigi menjelaskan potensi gangguan keamanan.")
    assert ag(main(t)) == {"KPU", "Polri"}


def test_rakor_discussing_with_a_body_is_not_a_training_topic(main):
    t = ("Pemkab Sigi menggelar rakor persiapan Pilkada 2024 di Aula Kantor Bupati, Senin (7/10/2024). Rakor "
         "membahas pengamanan logistik bersama Polres Sigi dan Kodim 1306.")
    assert ag(main(t)) == {"Pemda", "Polri", "TNI"}


@pytest.mark.parametrize("text", [
    "akan", "Kapolres akan", "akan diawasi Bawaslu", "Bawaslu telah", "milik KPU", "rencananya dihadiri",
    "\"ASN, TNI dan Polri dilarang\"", "bimtek membahas bersama Polres", "anggota DPRD mewakili partai",
])
def test_fragments_never_raise(text):
    from dashboard.extract import extract_events
    from tests.unit.test_extract_property import _check

    evs = extract_events(text)
    assert evs, "there is always a main event record, if an empty one"
    _check(text, evs)  # every evidence span points at its text
