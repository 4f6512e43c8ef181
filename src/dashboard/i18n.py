"""Interface strings in Bahasa Indonesia (default) and English, and number/date formats.

``t(key, lang, **fmt)`` returns the string for ``key``; a missing key falls back to the
Indonesian text, then to the key itself (a test checks both languages cover every key).
"""

from __future__ import annotations

import datetime as dt

LANGS = ("id", "en")

MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}
MONTHS_SHORT = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
WEEKDAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}

# key -> (Bahasa Indonesia, English). One dict per area, merged into STRINGS below.
_CORE: dict[str, tuple[str, str]] = {
    # app and navigation
    "app.title": ("Dasbor Kesiapan Pemilihan", "Election Preparedness Dashboard"),
    "app.subtitle": (
        "Rapat koordinasi dan kegiatan instansi menjelang pemilihan",
        "Coordination meetings and agency activity ahead of the election",
    ),
    "page.ringkasan": ("Ringkasan", "Overview"),
    "page.rakor": ("Rapat Koordinasi", "Coordination Meetings"),
    "page.wilayah": ("Wilayah Pilkada", "Election Regions"),
    "page.instansi": ("Instansi", "Agencies"),
    "page.berita": ("Berita", "Articles"),
    "page.kelola": ("Kelola Data", "Manage Data"),
    "page.admin": ("Admin", "Admin"),
    # filter bar
    "filter.header": ("Filter", "Filters"),
    "filter.election": ("Pemilihan", "Election"),
    "filter.election_all": ("Semua pemilihan", "All elections"),
    "filter.from": ("Dari tanggal", "From"),
    "filter.to": ("Sampai tanggal", "To"),
    "filter.agency": ("Instansi", "Agency"),
    "filter.province": ("Provinsi", "Province"),
    "filter.region": ("Kabupaten/kota", "Regency/city"),
    "filter.activity": ("Jenis kegiatan", "Activity kind"),
    "filter.q": ("Cari teks", "Search text"),
    "filter.all": ("Semua", "All"),
    "filter.reset": ("Hapus semua filter", "Clear all filters"),
    "filter.lang": ("Bahasa", "Language"),
    "filter.present": ("Mode presentasi", "Presenter mode"),
    "filter.exit_present": ("Keluar dari mode presentasi", "Leave presenter mode"),
    "filter.ignored": (
        "Parameter tautan tidak dikenal diabaikan: {items}",
        "Unknown link parameters were ignored: {items}",
    ),
    "filter.caption_all": ("Semua kegiatan", "All activities"),
    "filter.copy_link": ("Salin tautan tampilan ini", "Copy link to this view"),
    # common
    "common.no_data": ("Belum ada data untuk filter ini.", "No data for these filters yet."),
    "common.download_csv": ("Unduh CSV", "Download CSV"),
    "common.download_xlsx": ("Unduh Excel", "Download Excel"),
    "common.events": ("Kegiatan", "Events"),
    "common.articles": ("Artikel", "Articles"),
    "common.agencies": ("Instansi", "Agencies"),
    "common.regions": ("Wilayah", "Regions"),
    "common.date": ("Tanggal", "Date"),
    "common.activity": ("Kegiatan", "Activity"),
    "common.location": ("Tempat", "Venue"),
    "common.participants": ("Peserta", "Participants"),
    "common.election": ("Pemilihan", "Election"),
    "common.source": ("Sumber", "Source"),
    "common.title": ("Judul", "Title"),
    "common.published": ("Terbit", "Published"),
    "common.publisher": ("Penerbit", "Publisher"),
    "common.count": ("Jumlah", "Count"),
    "common.month": ("Bulan", "Month"),
    "common.week": ("Minggu", "Week"),
    "common.period": ("Periode", "Period"),
    "common.status": ("Status", "Status"),
    "common.confidence": ("Keyakinan", "Confidence"),
    "common.level": ("Tingkat", "Level"),
    "common.province": ("Provinsi", "Province"),
    "common.code": ("Kode", "Code"),
    "common.name": ("Nama", "Name"),
    "common.last_event": ("Kegiatan terakhir", "Last event"),
    "common.voting_day": ("Hari pemungutan suara", "Voting day"),
    "common.today": ("Hari ini", "Today"),
    "common.unknown": ("tidak diketahui", "unknown"),
    "common.page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "common.low_confidence": ("keyakinan rendah", "low confidence"),
    # Ringkasan
    "ringkasan.articles": ("Artikel", "Articles"),
    "ringkasan.events": ("Kegiatan tercatat", "Recorded events"),
    "ringkasan.agencies": ("Instansi terlibat", "Agencies involved"),
    "ringkasan.regions": ("Wilayah tercakup", "Regions covered"),
    "ringkasan.regions_of": ("dari {total}", "of {total}"),
    "ringkasan.stage_now": ("Tahapan berjalan", "Current stage"),
    "ringkasan.stage_next": ("Tahapan berikutnya", "Next stage"),
    "ringkasan.stage_none": ("Tidak ada tahapan yang berjalan pada {date}.", "No stage is running on {date}."),
    "ringkasan.days_to_vote": ("{days} hari menuju pemungutan suara ({date})", "{days} days to voting day ({date})"),
    "ringkasan.days_after_vote": (
        "Pemungutan suara telah berlangsung {days} hari lalu ({date})",
        "Voting took place {days} days ago ({date})",
    ),
    "ringkasan.vote_today": ("Hari ini hari pemungutan suara ({date})", "Today is voting day ({date})"),
    "ringkasan.latest": ("Kegiatan terbaru", "Latest events"),
    "ringkasan.per_month": ("Kegiatan per bulan", "Events per month"),
    "ringkasan.reference_date": ("Tanggal acuan", "Reference date"),
    # Rapat koordinasi
    "rakor.chart_title": ("Kegiatan dari waktu ke waktu dan tahapan pemilihan", "Meetings over time and the election stages"),
    "rakor.freq": ("Satuan waktu", "Time unit"),
    "rakor.table": ("Daftar kegiatan", "List of events"),
    "rakor.open_article": ("Buka artikel", "Open article"),
    # Wilayah
    "wilayah.table": ("Wilayah pemilihan", "Election regions"),
    "wilayah.map": ("Peta wilayah", "Map of regions"),
    "wilayah.contest": ("Pemilihan", "Contest"),
    "wilayah.gubernur": ("Gubernur", "Governor"),
    "wilayah.bupati": ("Bupati", "Regent"),
    "wilayah.walikota": ("Wali kota", "Mayor"),
    "wilayah.no_activity": ("Belum ada kegiatan", "No activity yet"),
    # Instansi
    "instansi.over_time": ("Kegiatan per instansi dari waktu ke waktu", "Events per agency over time"),
    "instansi.totals": ("Jumlah kegiatan per instansi", "Events per agency"),
    # Berita
    "berita.search": ("Cari artikel", "Search articles"),
    "berita.results": ("{n} artikel", "{n} articles"),
    "berita.open": ("Baca", "Read"),
    "berita.reader": ("Pembaca artikel", "Article reader"),
    "berita.extracted": ("Hasil ekstraksi", "Extracted"),
    "berita.no_events": ("Tidak ada kegiatan yang diekstraksi dari artikel ini.", "No events were extracted from this article."),
    "berita.text": ("Teks artikel", "Article text"),
    "berita.back": ("Kembali ke daftar", "Back to the list"),
    "berita.not_found": ("Artikel tidak ditemukan.", "Article not found."),
    "berita.legend": (
        "Sorotan menunjukkan asal setiap nilai; teks abu-abu adalah judul terkait/iklan yang diabaikan.",
        "Highlights show where each value came from; grey text is related headlines/boilerplate that was ignored.",
    ),
    "berita.main_event": ("Kegiatan utama", "Main event"),
    "berita.other_event": ("Kegiatan lain", "Other event"),
    "berita.date_flag": ("Catatan tanggal", "Date note"),
}

# Wilayah Pilkada: map, readiness, region pages.
_REGIONS: dict[str, tuple[str, str]] = {
}

# Rapat Koordinasi, Instansi, presenter mode, exports, briefing.
_MEETINGS: dict[str, tuple[str, str]] = {
    # shared figure words
    "meet.meetings": ("Kegiatan", "Meetings"),
    "meet.stages": ("Tahapan", "Stages"),
    "meet.shared": ("Rapat bersama", "Shared meetings"),
    "meet.shared_n": ("{n} rapat bersama", "{n} shared meetings"),
    "meet.expected": ("Laju 12 minggu sebelumnya", "Pace of the 12 weeks before"),
    "meet.recent": ("4 minggu terakhir", "Last 4 weeks"),
    "meet.before_12": ("12 minggu sebelumnya", "12 weeks before"),
    "meet.expected_short": ("Laju per 4 minggu", "Pace per 4 weeks"),
    "meet.per_4_weeks": ("Kegiatan per 4 minggu", "Meetings per 4 weeks"),
    "meet.change_hover": (
        "4 minggu terakhir: {recent}<br>12 minggu sebelumnya: {before} (≈ {expected} per 4 minggu)",
        "Last 4 weeks: {recent}<br>12 weeks before: {before} (≈ {expected} per 4 weeks)",
    ),
    "flag.rising": ("Naik", "Rising"),
    "flag.falling": ("Turun", "Falling"),
    "flag.stopped": ("Berhenti", "Stopped"),
    "flag.steady": ("Stabil", "Steady"),
    "flag.inactive": ("Tidak aktif", "Inactive"),
    # Rapat Koordinasi page
    "rakor.intro": (
        "Siapa bertemu siapa, kapan, dan apakah cukup menjelang tahapan berikutnya. "
        "Klik batang, titik atau sel pada grafik untuk menyaring seluruh halaman.",
        "Who met whom, when, and whether it is enough before the next stage. "
        "Click a bar, dot or cell in a chart to filter the whole page.",
    ),
    "rakor.by": ("Warna menurut", "Colour by"),
    "rakor.by_activity": ("Jenis kegiatan", "Activity kind"),
    "rakor.by_level": ("Tingkat penyelenggara", "Level of the host"),
    "rakor.level_title": ("Kegiatan menurut tingkat penyelenggara", "Meetings by the level of the host body"),
    "rakor.calendar_title": ("Kalender kegiatan — klik titik untuk membuka rinciannya", "Meeting calendar — click a dot to open it"),
    "rakor.calendar_cap": (
        "Ditampilkan {shown} kegiatan terbaru dari {total}; persempit periode untuk melihat semuanya.",
        "Showing the latest {shown} of {total} meetings; narrow the period to see them all.",
    ),
    "rakor.detail": ("Rincian kegiatan", "Meeting detail"),
    "rakor.detail_none": ("Kegiatan tidak ditemukan.", "Meeting not found."),
    "rakor.close_detail": ("Tutup rincian", "Close detail"),
    "rakor.open_reader": ("Buka di Berita", "Open in Articles"),
    "rakor.open_source": ("Sumber asli", "Original source"),
    "rakor.pick_meeting": ("Pilih kegiatan", "Choose a meeting"),
    "rakor.host_level": ("Tingkat penyelenggara", "Level of the host"),
    # key numbers
    "kpi.meetings": ("Kegiatan", "Meetings"),
    "kpi.agencies": ("Instansi terlibat", "Agencies involved"),
    "kpi.regions": ("Wilayah disebut", "Regions named"),
    "kpi.busiest": ("Bulan tersibuk", "Busiest month"),
    "kpi.last4": ("4 minggu terakhir", "Last 4 weeks"),
    "kpi.last4_delta": ("vs laju sebelumnya", "vs the earlier pace"),
    # Instansi page
    "instansi.intro": (
        "Kegiatan per instansi dari waktu ke waktu, siapa bertemu siapa, dan siapa yang mulai berkurang. "
        "Klik sel atau titik untuk menyaring seluruh halaman.",
        "Activity per agency over time, who meets whom, and who is slowing down. "
        "Click a cell or dot to filter the whole page.",
    ),
    "instansi.series": ("Kegiatan per instansi", "Meetings per agency"),
    "instansi.heatmap": ("Instansi × bulan", "Agency × month"),
    "instansi.heatmap_week": ("Instansi × minggu", "Agency × week"),
    "instansi.pairs": ("Siapa bertemu siapa: jumlah rapat bersama", "Who meets whom: number of shared meetings"),
    "instansi.pairs_cap": (
        "Angka di sel = jumlah kegiatan yang dihadiri kedua instansi; angka di label baris = seluruh kegiatan instansi itu. "
        "Klik sel untuk melihat kegiatan bersama keduanya.",
        "Cell = meetings both bodies attended; number in the row label = all of that body's meetings. "
        "Click a cell to see the meetings they attended together.",
    ),
    "instansi.change": ("Perubahan: 4 minggu terakhir dibanding 12 minggu sebelumnya", "Change: last 4 weeks against the 12 weeks before"),
    "instansi.change_title": (
        "Perubahan: 4 minggu s.d. {ref} dibanding 12 minggu sebelumnya",
        "Change: the 4 weeks to {ref} against the 12 weeks before",
    ),
    "instansi.change_region": ("Perubahan per wilayah", "Change per region"),
    "instansi.change_explain": (
        "Acuan {ref} ({why}). Bandingkan {recent_from}–{ref_short} (4 minggu) dengan "
        "{before_from}–{before_to} (12 minggu, dibagi 3 = laju per 4 minggu). "
        "**Naik**: setidaknya 1,5× laju itu dan selisih ≥ 2 kegiatan. **Turun**: paling banyak separuhnya dan selisih ≥ 2. "
        "**Berhenti**: ada kegiatan dalam 12 minggu sebelumnya, tidak ada dalam 4 minggu terakhir. Selebihnya **stabil**. "
        "Filter periode tidak berlaku di sini; filter lain berlaku.",
        "Reference {ref} ({why}). Compares {recent_from}–{ref_short} (4 weeks) with "
        "{before_from}–{before_to} (12 weeks, divided by 3 = pace per 4 weeks). "
        "**Rising**: at least 1.5× that pace and at least 2 meetings more. **Falling**: at most half and at least 2 fewer. "
        "**Stopped**: meetings in the 12 weeks before, none in the last 4. Otherwise **steady**. "
        "The period filter does not apply here; the other filters do.",
    ),
    "instansi.why_to": ("akhir periode filter", "end of the filtered period"),
    "instansi.why_today": ("hari ini", "today"),
    "instansi.why_last": ("kegiatan terakhir yang tercatat", "latest recorded meeting"),
    "instansi.flag_counts": ("{rising} naik · {falling} turun · {stopped} berhenti · {steady} stabil",
                             "{rising} rising · {falling} falling · {stopped} stopped · {steady} steady"),
    "instansi.region_only_flagged": ("Hanya wilayah yang naik, turun atau berhenti", "Only regions rising, falling or stopped"),
    "instansi.pick_agencies": ("Instansi yang ditampilkan", "Agencies shown"),
    "instansi.top_n": ("{n} instansi teraktif", "{n} most active agencies"),
    # cross-filtering and links
    "xf.applied": ("Filter dari grafik diterapkan: {what}", "Filter from the chart applied: {what}"),
    "xf.undo": ("↶ Kembali ke tampilan sebelumnya", "↶ Back to the previous view"),
    "link.copy": ("Salin tautan", "Copy link"),
    "link.help": (
        "Tautan ini membuka tampilan yang sama persis (halaman, filter, bahasa, mode, pilihan). Salin dengan tombol di kanan.",
        "This link opens exactly this view (page, filters, language, mode, selection). Copy it with the button on the right.",
    ),
    # presenter mode
    "present.prev": ("◀ Sebelumnya", "◀ Previous"),
    "present.next": ("Berikutnya ▶", "Next ▶"),
    "present.of": ("{i} / {n}", "{i} / {n}"),
    "present.theme_dark": ("Tema gelap", "Dark theme"),
    "present.theme_light": ("Tema terang", "Light theme"),
    "present.figure": ("Grafik", "Figure"),
    "present.theme_short_dark": ("Gelap", "Dark"),
    "present.theme_short_light": ("Terang", "Light"),
    "present.exit_short": ("Keluar", "Exit"),
    "link.short": ("Tautan", "Link"),
    # exports and briefing
    "export.png_hint": (
        "Setiap grafik dapat diunduh sebagai PNG lewat ikon kamera di pojok kanan atasnya (bekerja tanpa internet).",
        "Every chart downloads as PNG from the camera icon at its top right (works offline).",
    ),
    "export.briefing": ("Unduh ringkasan satu halaman (HTML, siap cetak)", "Download a one-page briefing (HTML, printable)"),
    "export.table": ("Tabel", "Table"),
    "briefing.title": ("Ringkasan rapat koordinasi", "Coordination meetings briefing"),
    "briefing.generated": ("Dibuat {date} dari Dasbor Kesiapan Pemilihan", "Generated {date} by the Election Preparedness Dashboard"),
    "briefing.link": ("Tampilan di dasbor", "View in the dashboard"),
    "briefing.top_agencies": ("Instansi teraktif", "Most active agencies"),
    "briefing.changes": ("Perubahan per instansi (4 minggu terakhir vs 12 minggu sebelumnya)", "Change per agency (last 4 weeks vs the 12 weeks before)"),
    "briefing.top_pairs": ("Pasangan yang paling sering bertemu", "Pairs meeting most often"),
    "briefing.print": ("Cetak", "Print"),
    "briefing.source_note": (
        "Angka dihitung dari berita yang diekstraksi otomatis; periksa sumber di halaman Berita.",
        "Figures are counted from automatically extracted news; check sources on the Articles page.",
    ),
    # misc
    "common.agency_match_all": ("Hanya kegiatan yang dihadiri semua instansi terpilih", "Only meetings all chosen agencies attended"),
    "filter.level": ("Tingkat penyelenggara", "Level of the host"),
    "filter.freq": ("Satuan waktu", "Time unit"),
}

# Kelola Data, accounts, audit log.
_MANAGE: dict[str, tuple[str, str]] = {
}

STRINGS: dict[str, tuple[str, str]] = {**_CORE, **_REGIONS, **_MEETINGS, **_MANAGE}

ACTIVITY_LABELS: dict[str, tuple[str, str]] = {
    "rakor": ("Rapat koordinasi", "Coordination meeting"),
    "rapat": ("Rapat lain", "Other meeting"),
    "sosialisasi": ("Sosialisasi", "Outreach"),
    "apel": ("Apel siaga", "Readiness parade"),
    "bimtek": ("Bimbingan teknis", "Technical training"),
    "simulasi": ("Simulasi pemungutan suara", "Voting simulation"),
    "monitoring": ("Monitoring", "Monitoring"),
    "deklarasi": ("Deklarasi damai", "Peace declaration"),
    "pelantikan": ("Pelantikan", "Swearing-in"),
    "other": ("Lainnya", "Other"),
}

LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "nasional": ("Nasional", "National"),
    "provinsi": ("Provinsi", "Province"),
    "kabkota": ("Kabupaten/kota", "Regency/city"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "extracted": ("Hasil ekstraksi", "Extracted"),
    "confirmed": ("Dikonfirmasi", "Confirmed"),
    "edited": ("Dikoreksi", "Corrected"),
    "manual": ("Dicatat manual", "Recorded by hand"),
    "rejected": ("Ditolak", "Rejected"),
}


# English names of the official stage names in data/election_stages.csv (shown as written
# in Indonesian when no English name is known).
STAGE_NAMES_EN: dict[str, str] = {
    "Pembentukan PPK": "Forming district committees (PPK)",
    "Pembentukan PPS": "Forming village committees (PPS)",
    "Penundaan tahapan (COVID-19)": "Stages suspended (COVID-19)",
    "Pemutakhiran dan penyusunan daftar pemilih": "Updating and compiling the voter list",
    "Pembentukan PPDP": "Forming voter registration officers (PPDP)",
    "Pencocokan dan penelitian (coklit)": "Door-to-door voter check (coklit)",
    "Pengumuman pendaftaran pasangan calon": "Candidate registration announced",
    "Pendaftaran pasangan calon": "Candidate registration",
    "Penelitian persyaratan calon": "Checking candidate requirements",
    "Penetapan pasangan calon": "Candidates confirmed",
    "Pengundian nomor urut": "Ballot number draw",
    "Kampanye": "Campaign",
    "Masa tenang": "Cooling-off period",
    "Pemungutan suara": "Voting",
    "Penghitungan dan rekapitulasi suara": "Counting and tabulation",
    "Pembentukan PPK PPS KPPS": "Forming PPK, PPS and KPPS committees",
    "Pendaftaran pemantau pemilihan": "Registering election observers",
    "Penyerahan daftar penduduk potensial pemilih": "Handover of the potential voter list (DP4)",
}


def stage_label(name: str, lang: str = "id") -> str:
    return STAGE_NAMES_EN.get(name, name) if lang == "en" else name


def _idx(lang: str) -> int:
    return 1 if lang == "en" else 0


def t(key: str, lang: str = "id", **fmt) -> str:
    pair = STRINGS.get(key)
    s = key if pair is None else (pair[_idx(lang)] or pair[0])
    return s.format(**fmt) if fmt else s


def activity_label(code: str | None, lang: str = "id") -> str:
    pair = ACTIVITY_LABELS.get(code or "")
    return pair[_idx(lang)] if pair else (code or t("common.unknown", lang))


def level_label(code: str | None, lang: str = "id") -> str:
    pair = LEVEL_LABELS.get(code or "")
    return pair[_idx(lang)] if pair else t("common.unknown", lang)


def status_label(code: str | None, lang: str = "id") -> str:
    pair = STATUS_LABELS.get(code or "")
    return pair[_idx(lang)] if pair else (code or "")


def format_number(n: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """``2000`` -> ``2.000`` (id) or ``2,000`` (en)."""
    if n is None:
        return "–"
    s = f"{n:,.{decimals}f}"
    if lang == "en":
        return s
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_date(d: dt.date | None, lang: str = "id", *, short: bool = False, weekday: bool = False) -> str:
    """``9 Desember 2020`` / ``9 December 2020``; short: ``9 Des 2020``."""
    if d is None:
        return "–"
    if isinstance(d, dt.datetime):
        d = d.date()
    months = MONTHS_SHORT if short else MONTHS
    s = f"{d.day} {months[lang if lang in months else 'id'][d.month - 1]} {d.year}"
    if weekday:
        s = f"{WEEKDAYS[lang if lang in WEEKDAYS else 'id'][d.weekday()]}, {s}"
    return s


def format_month(d: dt.date | None, lang: str = "id", short: bool = True) -> str:
    if d is None:
        return "–"
    months = MONTHS_SHORT if short else MONTHS
    return f"{months[lang if lang in months else 'id'][d.month - 1]} {d.year}"


def format_period(d1: dt.date | None, d2: dt.date | None, lang: str = "id") -> str:
    """A compact range for captions: ``Jan–Mar 2020``, ``Des 2019–Feb 2020``, ``9 Desember 2020``."""
    if d1 is None and d2 is None:
        return ""
    if d1 is None:
        return ("s.d. " if lang == "id" else "until ") + format_date(d2, lang)
    if d2 is None:
        return ("sejak " if lang == "id" else "since ") + format_date(d1, lang)
    if d1 == d2:
        return format_date(d1, lang)
    m = MONTHS_SHORT[lang if lang in MONTHS_SHORT else "id"]
    if d1.year == d2.year:
        if d1.month == d2.month:
            return f"{d1.day}–{d2.day} {m[d1.month - 1]} {d1.year}"
        return f"{m[d1.month - 1]}–{m[d2.month - 1]} {d1.year}"
    return f"{m[d1.month - 1]} {d1.year}–{m[d2.month - 1]} {d2.year}"
