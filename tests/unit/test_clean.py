"""Cleaning: segments cover the text exactly; related/caption/boilerplate/dateline found."""

import datetime as dt

from dashboard.ingest.clean import KINDS, clean_article

# The project seed document's layout (the seed text itself may be used in tests).
SEED_HEAD = (
    "- Pengukuhan PASKIBRAKA Kabupaten Solok Tahun 2024\n"
    "- Sekda Hadiri Apel Siaga Patroli Pengawasan Pemilu 2024 di Kabupaten Solok\n"
    "Sekda ikuti Rakor Bidang Politik dan Pemerintahan Umum mendukung sukses Pilkada Serentak 2020\n"
    "Keterangan Gambar : Foto Bersama peserta kegiatanRapat Koordinasi Bidang Politik dan Pemerintahan Umum\n"
    "Arosuka (Kesbangpol) - Sekretaris Daerah Kabupaten Solok Aswirman bersama Kakan Kesbangpol Kabupaten Solok "
    "mengikuti kegiatan Rapat Koordinasi Bidang Politik dan Pemerintahan Umum yang digelar di Nusa Dua Convention "
    "Centre Bali pada Kamis (27/2).\n"
    "Baca Lainnya :\n"
    "- Tabuh gendang dan Pelepasan Balon tandai kesiapan pelaksanaan Pilkada Serentak 2020 di Kab. Solok0\n"
    "- Pengumuman Hasil Wawancara PPK Kabupaten Solok Pilkada Serentak Tahun 20200\n"
    "- KPU Kabupaten Solok Rekrut PPK Pilkada Serentak Tahun 20200\n"
    "- Rapat Koordinasi Lintas Sektoral Pengamanan Pemilu 20190\n"
    "“Kami juga mengapresiasi seluruh peserta dan narasumber yang hadir dalam Rakor kali ini,” ujarnya.\n"
    "H69"
)
SEED_TITLE = "Sekda ikuti Rakor Bidang Politik dan Pemerintahan Umum mendukung sukses Pilkada Serentak 2020"


def _kinds(doc, text):
    return [(s.kind, text[s.start:s.end]) for s in doc.segments]


def _check_cover(doc, text):
    pos = 0
    for s in doc.segments:
        assert s.start == pos and s.end > s.start and s.kind in KINDS
        pos = s.end
    assert pos == len(text)


def test_seed_layout():
    doc = clean_article(SEED_HEAD, SEED_TITLE)
    _check_cover(doc, SEED_HEAD)
    k = _kinds(doc, SEED_HEAD)
    assert k[0][0] == "related" and "PASKIBRAKA" in k[0][1]
    assert doc.title == SEED_TITLE
    assert SEED_HEAD[doc.title_span[0]:doc.title_span[1]] == SEED_TITLE
    assert any(kind == "caption" and t.startswith("Keterangan Gambar") for kind, t in k)
    assert any(kind == "dateline" and t.startswith("Arosuka (Kesbangpol) -") for kind, t in k)
    assert any(kind == "related" and t.startswith("Baca Lainnya") for kind, t in k)
    assert any(kind == "boilerplate" and t.strip() == "H69" for kind, t in k)
    body = doc.body_text()
    assert "Kakan Kesbangpol" in body and "Kami juga" in body and "Tabuh gendang" not in body


def test_counters_stripped_from_headlines():
    doc = clean_article(SEED_HEAD, SEED_TITLE)
    h = doc.related_headlines
    assert "Pengumuman Hasil Wawancara PPK Kabupaten Solok Pilkada Serentak Tahun 2020" in h
    assert "Tabuh gendang dan Pelepasan Balon tandai kesiapan pelaksanaan Pilkada Serentak 2020 di Kab. Solok" in h
    assert "Rapat Koordinasi Lintas Sektoral Pengamanan Pemilu 2019" in h
    assert not any(x.endswith("20200") for x in h)


def test_no_counter_stripping_without_counters():
    t = ("Berita utama hari ini tentang rapat koordinasi persiapan Pilkada di daerah kami yang berlangsung lancar dan aman.\n"
         "Baca Juga:\n- KPU Gelar Rakor Pilkada 2020\n- Bawaslu Lantik Panwascam Tahun 2024\n"
         "Sementara itu, kegiatan berjalan dengan lancar dan tertib sampai selesai.")
    doc = clean_article(t)
    assert "KPU Gelar Rakor Pilkada 2020" in doc.related_headlines
    assert "Bawaslu Lantik Panwascam Tahun 2024" in doc.related_headlines


def test_inline_baca_juga_and_share_footer():
    t = ("KUPANG, Koran.com – KPU Kota Kupang menggelar rakor Pilkada 2024, Senin (3/6/2024).\n"
         "BACA JUGA: Sambut HUT RI, Hotel Bagi Promo Besar-besaran!\n"
         "(Baca Juga : Puskesmas Raih Juara Kedua Tingkat Nasional)\n"
         "Rakor dihadiri Bawaslu.\n"
         "Whatsapp\nbanner 468x60\nTinggalkan Balasan\nAlamat email Anda tidak akan dipublikasikan.\n"
         "Copyright © 2024 Koran.com\nAll Rights Reserved")
    doc = clean_article(t)
    _check_cover(doc, t)
    assert doc.kind_at(t.index("BACA JUGA")) == "related"
    assert doc.kind_at(t.index("(Baca Juga")) == "related"
    assert "Sambut HUT RI, Hotel Bagi Promo Besar-besaran!" in doc.related_headlines
    assert "Puskesmas Raih Juara Kedua Tingkat Nasional" in doc.related_headlines
    body = doc.body_text()
    assert "Whatsapp" not in body and "Copyright" not in body and "Tinggalkan" not in body
    assert "Rakor dihadiri Bawaslu." in body


def test_dateline_prefix_and_timestamp_line():
    t = ("KPU Kendal Luncurkan Maskot\n\nRabu, 11 Desember 2019 - 18:05 WIB\n"
         "KENDAL, suaramerdeka.com – Komisi Pemilihan Umum (KPU) Kendal meluncurkan maskot Pilkada 2020.")
    doc = clean_article(t, "KPU Kendal Luncurkan Maskot")
    _check_cover(doc, t)
    assert doc.published == dt.date(2019, 12, 11)
    assert doc.kind_at(t.index("18:05")) == "dateline"
    assert doc.kind_at(t.index("suaramerdeka")) == "dateline"
    assert doc.kind_at(t.index("Komisi Pemilihan")) == "body"
    assert t[doc.dateline_place[0]:doc.dateline_place[1]] == "KENDAL"


def test_caption_with_credit_and_keterangan():
    t = ("Judul Berita Rakor Pilkada Kabupaten\n"
         "Bupati saat membuka rakor di aula kantor bupati. (Dok. Humas)\n"
         "Foto: Suasana rakor\n"
         "Bupati membuka rakor lintas sektoral Pilkada 2024 di aula kantor bupati, Selasa (4/6/2024), bersama Kapolres.")
    doc = clean_article(t, "Judul Berita Rakor Pilkada Kabupaten")
    assert doc.kind_at(t.index("Bupati saat")) == "caption"
    assert doc.kind_at(t.index("Foto: Suasana")) == "caption"
    assert "Bupati membuka rakor" in doc.body_text()


def test_headline_run_without_marker_is_related():
    t = ("KPU Provinsi menggelar launching Pilkada serentak pekan depan di lapangan kantor gubernur dengan menghadirkan "
         "band dan kesenian daerah, kata ketua KPU kepada wartawan pada hari Senin kemarin siang.\n\n"
         "Berakhir Besok, Sudah 11 Orang Incar Jabatan Anggota Bawaslu Provinsi\n\n"
         "Tuntaskan Infrastruktur Jalan Perbatasan, APBN 2020 Gerojok Rp 700 Miliar\n\n"
         "\"Insya Allah, kita akan gelar launching di Lapangan Agatis,\" kata dia.")
    doc = clean_article(t)
    rel = [t[s.start:s.end].strip() for s in doc.segments if s.kind == "related"]
    assert any("Berakhir Besok" in r for r in rel)
    assert "Insya Allah" in doc.body_text()


def test_title_detected_when_not_given():
    t = "• KANAL BERITA\n\nKesbangpol Petakan Daerah Rawan\n\nKENDAL - Kantor Kesbangpol Kendal memetakan daerah rawan."
    doc = clean_article(t)
    assert doc.title == "Kesbangpol Petakan Daerah Rawan"
    assert doc.kind_at(t.index("KANAL")) == "boilerplate"


def test_no_title_when_text_starts_with_prose():
    t = "SIDRAP, RAKYATSULSEL - Badan Pengawas Pemilu Kabupaten Sidrap menggelar Apel Siaga Pengawasan Pemilu 2024 di Pelataran Monumen."
    assert clean_article(t).title is None


def test_masked_same_length():
    doc = clean_article(SEED_HEAD, SEED_TITLE)
    m = doc.masked()
    assert len(m) == len(SEED_HEAD)
    assert "Tabuh gendang" not in m and "Kakan Kesbangpol" in m
    assert m.count("\n") == SEED_HEAD.count("\n")


def test_edge_inputs():
    for t in ("", "\n\n", "x", "-\n-\n-", "Baca Juga:", "(((", "\x00\x01\ufffd"):
        doc = clean_article(t)
        pos = 0
        for s in doc.segments:
            assert s.start == pos
            pos = s.end
        assert pos == len(t)


# --- related lines without the usual markers (issue 10) -------------------------------------------

_PROSE = ("Ketua Bawaslu Kota Binjai mengatakan kampung pengawasan menjadi wadah warga melaporkan dugaan "
          "pelanggaran selama tahapan kampanye dan masa tenang.")


def _kind_of(doc, text, needle):
    pos = text.index(needle)
    return doc.kind_at(pos)


def test_a_bare_baca_line_is_a_related_headline():
    for marker in ("Baca: ", "BACA: ", "Lihat: ", "Simak:"):
        text = ("Bawaslu Binjai Bentuk Kampung Pengawasan\nBINJAI – Bawaslu Kota Binjai meluncurkan kampung pengawasan, "
                "Minggu (16/6/2024).\n" + marker + "KPU Kabupaten Langkat Lantik 1.200 Anggota PPS\n" + _PROSE)
        doc = clean_article(text, "Bawaslu Binjai Bentuk Kampung Pengawasan")
        assert _kind_of(doc, text, "KPU Kabupaten Langkat") == "related", marker
        assert _kind_of(doc, text, "Ketua Bawaslu") == "body"
    # near-miss: "Baca" as a word of a body sentence
    text = "Bawaslu Binjai\nBaca tulis menjadi syarat anggota KPPS, kata Ketua KPU Binjai dalam bimtek, Senin (4/12/2023)."
    assert _kind_of(clean_article(text, "Bawaslu Binjai"), text, "Baca tulis") == "body"


def test_a_lone_headline_between_prose_paragraphs_is_a_related_headline():
    text = ("Kesbangpol Binjai Gelar Rakor Kewaspadaan Dini\n"
            "BINJAI – Badan Kesbangpol Kota Binjai menggelar rapat koordinasi kewaspadaan dini menghadapi Pilkada 2024 "
            "di Aula Pemkot Binjai, Selasa (3/9/2024). Rakor dihadiri perwakilan Polres dan Kodim.\n"
            "Pemkab Langkat Salurkan Bantuan Beras untuk Warga Terdampak Banjir Bandang\n" + _PROSE)
    doc = clean_article(text, "Kesbangpol Binjai Gelar Rakor Kewaspadaan Dini")
    assert _kind_of(doc, text, "Pemkab Langkat") == "related"
    assert _kind_of(doc, text, "Ketua Bawaslu") == "body"
    # near-miss: a short subheading stays body
    text2 = text.replace("Pemkab Langkat Salurkan Bantuan Beras untuk Warga Terdampak Banjir Bandang", "Pesan untuk Camat")
    assert _kind_of(clean_article(text2, "Kesbangpol Binjai Gelar Rakor Kewaspadaan Dini"), text2, "Pesan untuk") == "body"


def test_a_hyphenated_capitalised_site_name_starts_a_dateline():
    text = "Judul Rakor Pengamanan\nTRIBUN-SULBAR.COM, MAMUJU - Polda Sulbar menggelar rakor, Selasa (2/4/2019)."
    doc = clean_article(text, "Judul Rakor Pengamanan")
    assert text[doc.dateline_place[0]:doc.dateline_place[1]] == "MAMUJU"


def test_breadcrumb_trail_is_not_the_headline():
    head = "KPU Kota Tebing Tinggi Gelar Rakor Pengamanan Bersama Polres dan Kodim\n\n"
    body = ("TEBING TINGGI – KPU Kota Tebing Tinggi menggelar rapat koordinasi pengamanan tahapan "
            "pemilihan bersama Polres dan Kodim di aula kantor KPU, Selasa (6/10/2020).\n")
    for crumb in ("Beranda / Sumatera Utara / Tebing Tinggi", "Home » Daerah » Tebing Tinggi",
                  "Berita › Politik › Pilkada", "Index | Daerah"):
        text = crumb + "\n" + head + body
        doc = clean_article(text)
        _check_cover(doc, text)
        assert doc.title == head.strip(), crumb
        assert ("boilerplate", crumb + "\n") in _kinds(doc, text) or ("boilerplate", crumb) in _kinds(doc, text)
    # a headline with one separator, or a leading word like "Home", stays a headline
    for title in ("KPU Gelar Rakor / Sosialisasi Tahapan Pilkada Serentak", "Home Industri Binaan Pemda Ikut Sosialisasi Pilkada"):
        assert clean_article(title + "\n\n" + body).title == title
