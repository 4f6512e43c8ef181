"""Interface strings of Rapat Koordinasi and Instansi: key -> (Bahasa Indonesia, English)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
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
    "kpi.last4_same": ("sama dengan laju sebelumnya", "same as the earlier pace"),
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
    "present.prev": ("Grafik sebelumnya (←, PageUp)", "Previous figure (←, PageUp)"),
    "present.next": ("Grafik berikutnya (→, PageDown)", "Next figure (→, PageDown)"),
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
