"""Synthetic Indonesian news releases for the collector's fixture sites (written for these
tests; no text of the dev corpus). Each is what a kabupaten portal, a KPU or Bawaslu office
or a Polres would publish: an election-preparation meeting with its date, venue and the
bodies taking part; one is not about an election at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Release:
    slug: str
    date: dt.date
    title: str
    paragraphs: tuple[str, ...]
    venue: str = ""  # the venue the extractor should find (asserted by the tests)
    election: bool = True

    @property
    def path(self) -> str:
        return f"/{self.date:%Y/%m/%d}/{self.slug}/"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


RELEASES = (
    Release(
        "rakor-persiapan-pilkada-pasaman-barat",
        dt.date(2020, 11, 2),
        "Forkopimda Pasaman Barat Gelar Rapat Koordinasi Persiapan Pilkada 2020",
        (
            "Simpang Empat — Pemerintah Kabupaten Pasaman Barat menggelar rapat koordinasi persiapan "
            "Pemilihan Bupati dan Wakil Bupati Pasaman Barat tahun 2020 di Aula Kantor Bupati Pasaman Barat, "
            "Senin (2/11/2020).",
            "Rapat dipimpin Sekretaris Daerah Pasaman Barat dan dihadiri Ketua KPU Kabupaten Pasaman Barat, "
            "Ketua Bawaslu Kabupaten Pasaman Barat, Kapolres Pasaman Barat, Dandim 0305/Pasaman serta Kepala "
            "Badan Kesatuan Bangsa dan Politik. Sebanyak 60 peserta mengikuti rapat tersebut.",
            "Dalam rapat itu dibahas kesiapan logistik pemungutan suara, pengamanan 812 TPS dan penerapan "
            "protokol kesehatan pada hari pencoblosan 9 Desember 2020.",
            "\"Kami minta seluruh jajaran bersinergi agar Pilkada di Pasaman Barat berjalan aman dan lancar,\" "
            "kata Sekretaris Daerah usai rapat.",
        ),
        venue="Aula Kantor Bupati Pasaman Barat",
    ),
    Release(
        "bawaslu-agam-sosialisasi-netralitas-asn",
        dt.date(2020, 11, 10),
        "Bawaslu Agam Sosialisasikan Netralitas ASN Jelang Pemungutan Suara",
        (
            "Lubuk Basung — Badan Pengawas Pemilihan Umum (Bawaslu) Kabupaten Agam menggelar sosialisasi "
            "netralitas aparatur sipil negara dalam Pilkada Serentak 2020 di Gedung Pertemuan Lubuk Basung, "
            "Selasa (10/11/2020).",
            "Kegiatan ini diikuti 120 ASN dari seluruh organisasi perangkat daerah dan dihadiri perwakilan "
            "KPU Kabupaten Agam serta Badan Kesbangpol Kabupaten Agam.",
            "Ketua Bawaslu Agam mengingatkan bahwa ASN dilarang ikut kampanye dan wajib menjaga netralitas "
            "hingga penetapan pasangan calon terpilih.",
        ),
        venue="Gedung Pertemuan Lubuk Basung",
    ),
    Release(
        "kpu-solok-selatan-bimtek-kpps",
        dt.date(2020, 11, 20),
        "KPU Solok Selatan Gelar Bimbingan Teknis untuk Ketua KPPS",
        (
            "Padang Aro — KPU Kabupaten Solok Selatan menggelar bimbingan teknis pemungutan dan penghitungan "
            "suara bagi ketua KPPS se-Kabupaten Solok Selatan di Gedung Serbaguna Padang Aro, Jumat (20/11/2020).",
            "Bimtek dihadiri Bawaslu Kabupaten Solok Selatan dan Polres Solok Selatan. Para ketua KPPS dilatih "
            "mengisi formulir hasil penghitungan suara Pilkada 2020.",
        ),
        venue="Gedung Serbaguna Padang Aro",
    ),
    Release(
        "apel-siaga-pengamanan-tps-dharmasraya",
        dt.date(2020, 12, 5),
        "Polres Dharmasraya Gelar Apel Siaga Pengamanan TPS Pilkada 2020",
        (
            "Pulau Punjung — Polres Dharmasraya bersama Kodim 0310/SSD menggelar apel siaga pengamanan tempat "
            "pemungutan suara Pilkada 2020 di Lapangan Mapolres Dharmasraya, Sabtu (5/12/2020).",
            "Apel diikuti 350 personel gabungan dan dihadiri Ketua KPU Kabupaten Dharmasraya serta Ketua "
            "Bawaslu Kabupaten Dharmasraya. Operasi Mantap Praja akan berlangsung hingga rekapitulasi suara.",
        ),
        venue="Lapangan Mapolres Dharmasraya",
    ),
    Release(
        "bupati-resmikan-pasar-ikan-batusangkar",
        dt.date(2020, 11, 12),
        "Bupati Tanah Datar Resmikan Pasar Ikan Baru di Batusangkar",
        (
            "Batusangkar — Bupati Tanah Datar meresmikan pasar ikan baru di Kelurahan Baringin, Kamis "
            "(12/11/2020). Pasar ini dibangun dengan dana Rp 4,2 miliar dan menampung 80 pedagang.",
            "Kepala Dinas Perdagangan berharap pasar baru meningkatkan pendapatan nelayan dan pedagang kecil.",
        ),
        election=False,
    ),
    Release(
        "rakor-kesbangpol-sijunjung",
        dt.date(2020, 11, 25),
        "Kesbangpol Sijunjung: “Pilkada Sehat, Pilkada Aman” – Rakor Jelang Masa Tenang",
        (
            "Muaro Sijunjung – Badan Kesbangpol Kabupaten Sijunjung menggelar rapat koordinasi menjelang masa "
            "tenang Pilkada 2020 di Aula Bappeda Sijunjung, Rabu (25/11/2020).",
            "Rakor dihadiri KPU Kabupaten Sijunjung, Bawaslu Kabupaten Sijunjung dan Polres Sijunjung. "
            "“Pilkada sehat, Pilkada aman,” ujar Kepala Kesbangpol. Anggaran pengamanan Rp 25.000 per "
            "personel per hari dibahas dalam rapat itu.",
        ),
        venue="Aula Bappeda Sijunjung",
    ),
    Release(
        "rakor-sentra-gakkumdu-kota-solok",
        dt.date(2020, 11, 16),
        "Sentra Gakkumdu Kota Solok Rapat Koordinasi Penanganan Politik Uang",
        (
            "Solok — Sentra Gakkumdu Kota Solok yang terdiri atas Bawaslu Kota Solok, Polres Solok Kota dan "
            "Kejaksaan Negeri Solok menggelar rapat koordinasi penanganan dugaan politik uang dalam Pilkada "
            "2020 di Kantor Bawaslu Kota Solok, Senin (16/11/2020).",
            "Rapat juga dihadiri KPU Kota Solok. Peserta sepakat memperketat pengawasan selama masa tenang.",
        ),
        venue="Kantor Bawaslu Kota Solok",
    ),
    Release(
        "rapat-internal-rahasia",
        dt.date(2020, 11, 18),
        "Rapat Internal Pengamanan Pilkada (Tidak Untuk Umum)",
        (
            "Rapat internal pengamanan Pilkada 2020 di ruang rapat tertutup. Halaman ini dilarang oleh "
            "robots.txt dan tidak boleh diambil oleh kolektor.",
            "Dihadiri KPU dan Bawaslu.",
        ),
    ),
)

BY_SLUG = {r.slug: r for r in RELEASES}

RELATED = (
    ("/2020/10/01/rakor-pengamanan-lima-puluh-kota/", "Rakor Pengamanan Pilkada di Kabupaten Lima Puluh Kota, "
     "Kamis 1 Oktober 2020 di Aula Kantor Bupati Lima Puluh Kota"),
    ("/2020/10/07/kpu-padang-pariaman-coklit/", "KPU Padang Pariaman Tuntaskan Coklit di Gedung Saiyo Sakato"),
)
