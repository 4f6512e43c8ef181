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
    # contests and levels
    "regions.contest.gubernur": ("Pemilihan Gubernur", "Governor race"),
    "regions.contest.bupati": ("Pemilihan Bupati", "Regent race"),
    "regions.contest.walikota": ("Pemilihan Wali Kota", "Mayoral race"),
    "regions.level.provinsi": ("Provinsi", "Province"),
    "regions.level.kabupaten": ("Kabupaten", "Regency"),
    "regions.level.kota": ("Kota", "City"),
    "regions.level.kabupaten_administrasi": ("Kabupaten administrasi", "Administrative regency"),
    "regions.level.kota_administrasi": ("Kota administrasi", "Administrative city"),
    # readiness levels
    "regions.readiness": ("Kesiapan", "Readiness"),
    "regions.status.ready": ("Lengkap", "Complete"),
    "regions.status.partial": ("Sebagian", "Partial"),
    "regions.status.stale": ("Tidak aktif", "Gone quiet"),
    "regions.status.none": ("Belum ada rapat", "No meeting yet"),
    "regions.days": ("{n} hari", "{n} days"),
    "regions.days_ago": ("({n} hari sebelumnya)", "({n} days before)"),
    "regions.days_before_ref": ("{n} hari sebelum tanggal acuan", "{n} days before the reference date"),
    "regions.reference_date": ("Tanggal acuan", "Reference date"),
    "regions.never": ("belum pernah", "never"),
    "regions.open": ("Buka", "Open"),
    # headline figures
    "regions.kpi.regions": ("Wilayah", "Regions"),
    "regions.kpi.met": ("Sudah rapat", "Have met"),
    "regions.kpi.met_help": (
        "Wilayah dengan sedikitnya satu rapat koordinasi atau rapat lain dalam periode ini.",
        "Regions with at least one coordination or other meeting in the period.",
    ),
    "regions.kpi.ready": ("Lengkap", "Complete"),
    "regions.kpi.ready_help": (
        "Aktif dalam jendela waktu dan sudah rapat dengan kelima instansi kunci.",
        "Active in the window and met all five key bodies.",
    ),
    "regions.kpi.inactive": ("Sepi {n} hari", "Quiet {n} days"),
    "regions.kpi.inactive_help": (
        "Wilayah tanpa kegiatan apa pun dalam {n} hari terakhir sampai tanggal acuan.",
        "Regions with no event of any kind in the last {n} days up to the reference date.",
    ),
    "regions.kpi.voting": ("Pemungutan suara", "Voting day"),
    "regions.kpi.days_left": ("{n} hari lagi", "in {n} days"),
    "regions.kpi.today": ("hari ini", "today"),
    "regions.kpi.passed": ("selesai", "past"),
    "regions.kpi.voting_on": ("Pemungutan suara {date}", "Voting day {date}"),
    "regions.kpi.ref_line": ("tanggal acuan {date}", "reference date {date}"),
    # controls
    "regions.control.metric": ("Warna peta", "Map colours"),
    "regions.control.metric_readiness": ("Kesiapan", "Readiness"),
    "regions.control.metric_events": ("Jumlah kegiatan", "Number of events"),
    "regions.control.days": ("Jendela aktif (N hari terakhir)", "Active window (last N days)"),
    "regions.control.province": ("Perbesar ke provinsi", "Zoom to province"),
    "regions.control.all_provinces": ("Seluruh Indonesia", "All of Indonesia"),
    "regions.control.labels": ("Nama wilayah", "Region names"),
    # map
    "regions.map.empty": ("Tidak ada wilayah untuk ditampilkan.", "No regions to show."),
    "regions.map.governor": ("Provinsi, pemilihan gubernur ({n})", "Province, governor race ({n})"),
    "regions.map.province": ("Provinsi", "Province"),
    "regions.map.with_events": ("Ada kegiatan ({n})", "With events ({n})"),
    "regions.map.no_events": ("Belum ada kegiatan ({n})", "No events yet ({n})"),
    "regions.map.hint_national": (
        "Arahkan kursor untuk rincian. Klik kabupaten/kota di peta untuk membuka halamannya; "
        "klik belah ketupat provinsi (pemilihan gubernur) untuk memperbesar ke provinsi itu.",
        "Hover for details. Click a regency/city on the map to open its page; "
        "click a province diamond (governor race) to zoom into that province.",
    ),
    "regions.map.hint_province": (
        "Klik wilayah atau belah ketupat provinsi untuk membuka halamannya.",
        "Click a region or the province diamond to open its page.",
    ),
    "regions.hover.meetings": ("Rapat: {n}", "Meetings: {n}"),
    "regions.hover.last": ("terakhir {date}", "last {date}"),
    "regions.hover.no_meeting": ("Belum ada rapat koordinasi", "No coordination meeting yet"),
    "regions.hover.events": ("Kegiatan (sesuai filter): {n}", "Events (filtered): {n}"),
    # explanation
    "regions.explain.title": ("Cara menghitung kesiapan", "How readiness is computed"),
    "regions.explain.body": (
        "- **Rapat** = kegiatan jenis *rapat koordinasi* atau *rapat lain* yang ditandai dengan wilayah itu "
        "sendiri (kabupaten/kota untuk pemilihan bupati/wali kota, provinsi untuk pemilihan gubernur), "
        "dalam pemilihan dan periode yang dipilih, sampai **tanggal acuan** ({ref}).\n"
        "- **Tanggal acuan** = hari ini selama pemungutan suara belum tiba; hari pemungutan suara bila sudah "
        "lewat; atau akhir periode filter bila lebih awal.\n"
        "- **Instansi kunci** ({bodies}): instansi yang ikut dalam sedikitnya satu rapat itu. "
        "Pemda dan Kesbangpol dihitung sebagai satu.\n"
        "- **Aktif** = ada kegiatan apa pun (rapat, sosialisasi, apel, …) dalam **{n} hari terakhir** "
        "sampai tanggal acuan.\n"
        "- **Tingkat**: *Lengkap* = aktif dan sudah rapat dengan kelima instansi kunci; *Sebagian* = aktif "
        "tetapi belum dengan semua instansi kunci; *Tidak aktif* = pernah rapat tetapi tidak ada kegiatan "
        "dalam {n} hari terakhir; *Belum ada rapat* = tidak ada rapat sama sekali.\n"
        "- Filter instansi, jenis kegiatan dan teks tidak mengubah kesiapan; semuanya mengubah *jumlah "
        "kegiatan* (warna peta kedua). Semua angka berasal dari kegiatan hasil ekstraksi berita, jadi wilayah "
        "yang jarang diberitakan bisa tampak kurang siap daripada kenyataannya.",
        "- **Meetings** = events of kind *coordination meeting* or *other meeting* tagged with the region "
        "itself (the regency/city for a regent or mayoral race, the province for a governor race), in the "
        "chosen election and period, up to the **reference date** ({ref}).\n"
        "- **Reference date** = today while voting day is ahead; voting day once it has passed; or the end "
        "of the filtered period when earlier.\n"
        "- **Key bodies** ({bodies}): those that took part in at least one of those meetings. Pemda and "
        "Kesbangpol count as one.\n"
        "- **Active** = any event (meeting, outreach, parade, …) in the **last {n} days** up to the "
        "reference date.\n"
        "- **Levels**: *Complete* = active and met all five key bodies; *Partial* = active but not all key "
        "bodies met; *Gone quiet* = has met before but nothing in the last {n} days; *No meeting yet* = no "
        "meeting at all.\n"
        "- The agency, activity and text filters do not change readiness; they change the *number of events* "
        "(the second map colouring). All figures come from events extracted from news, so regions that are "
        "rarely reported may look less ready than they are.",
    ),
    # inactive list
    "regions.inactive.title": (
        "Tanpa kegiatan dalam {n} hari terakhir: {k} wilayah", "No activity in the last {n} days: {k} regions"
    ),
    "regions.inactive.caption": ("jendela aktif {start} – {end}", "active window {start} – {end}"),
    "regions.inactive.none": (
        "Semua wilayah punya kegiatan dalam {n} hari terakhir.", "Every region has activity in the last {n} days."
    ),
    # table
    "regions.table.title": ("Tabel kesiapan wilayah", "Regions readiness table"),
    "regions.table.search": ("Cari wilayah", "Search regions"),
    "regions.table.search_hint": ("nama, kode atau provinsi", "name, code or province"),
    "regions.table.stage": ("Hitung rapat sebelum tahapan", "Count meetings before stage"),
    "regions.table.caption": (
        "{n} dari {total} wilayah. Klik judul kolom untuk mengurutkan; pilih baris untuk membuka wilayah.",
        "{n} of {total} regions. Click a column header to sort; select a row to open the region.",
    ),
    "regions.col.status": ("Kesiapan", "Readiness"),
    "regions.col.meetings": ("Rapat", "Meetings"),
    "regions.col.before_stage": ("Rapat sebelum: {stage}", "Meetings before: {stage}"),
    "regions.col.last_meeting": ("Rapat terakhir", "Last meeting"),
    "regions.col.last_event": ("Kegiatan terakhir", "Last event"),
    "regions.col.days_since": ("Hari sejak rapat terakhir", "Days since last meeting"),
    "regions.col.bodies": ("Instansi kunci", "Key bodies"),
    "regions.col.events": ("Kegiatan (filter)", "Events (filtered)"),
    "regions.col.open": ("Halaman", "Page"),
    "regions.col.stage": ("Tahapan", "Stage"),
    "regions.col.stage_start": ("Mulai", "Starts"),
    "regions.col.before": ("Rapat sebelumnya", "Meetings before"),
    "regions.col.during": ("Rapat selama tahapan", "Meetings during"),
    # notes
    "regions.note.bad_code": (
        "Kode wilayah «{code}» tidak dikenal. Peta nasional ditampilkan.",
        "Region code «{code}» is unknown. Showing the national map.",
    ),
    "regions.note.not_in_election": (
        "{name} tidak ikut {election}, jadi peta ditampilkan. Ikut: {others}. Ganti pemilihan di filter.",
        "{name} has no contest in {election}, so the map is shown. Contests: {others}. Change the election in the filters.",
    ),
    "regions.note.no_election": (
        "Kesiapan dihitung per pemilihan kepala daerah: pilih Pilkada 2020 atau Pilkada 2024 di filter. "
        "Di bawah ini hanya wilayah yang punya kegiatan.",
        "Readiness is computed per regional election: choose Pilkada 2020 or Pilkada 2024 in the filters. "
        "Below are only the regions with events.",
    ),
    # boundary file
    "regions.boundary.fallback": ("Berkas batas wilayah tidak dipakai, peta titik ditampilkan:", "Boundary file not used, showing the point map:"),
    "regions.boundary.missing": ("berkas tidak ditemukan.", "the file was not found."),
    "regions.boundary.unreadable": ("berkas tidak bisa dibaca.", "the file cannot be read."),
    "regions.boundary.too_big": (
        "berkas terlalu besar ({mb} MB, batas {max} MB). Sederhanakan dulu (mis. dengan mapshaper).",
        "the file is too large ({mb} MB, limit {max} MB). Simplify it first (e.g. with mapshaper).",
    ),
    "regions.boundary.not_json": ("berkas bukan JSON yang sah.", "the file is not valid JSON."),
    "regions.boundary.not_geojson": (
        "berkas bukan GeoJSON FeatureCollection.", "the file is not a GeoJSON FeatureCollection."
    ),
    "regions.boundary.empty": ("berkas tidak berisi fitur.", "the file has no features."),
    "regions.boundary.too_many": ("terlalu banyak fitur ({n}, batas {max}).", "too many features ({n}, limit {max})."),
    "regions.boundary.too_many_points": (
        "terlalu banyak titik koordinat (batas {max}). Sederhanakan dulu.",
        "too many coordinates (limit {max}). Simplify it first.",
    ),
    "regions.boundary.no_codes": (
        "tidak ada properti berisi kode Kemendagri (mis. code = \"13.02\").",
        "no property holds Kemendagri codes (e.g. code = \"13.02\").",
    ),
    "regions.boundary.no_polygons": (
        "tidak ada poligon yang sah (dilewati: {skipped}, kode tak dikenal: {unknown}).",
        "no valid polygons (skipped: {skipped}, unknown codes: {unknown}).",
    ),
    "regions.boundary.misplaced": (
        "{n} dari {total} poligon tidak berada di lokasi kodenya; kode di berkas tampaknya bukan kode Kemendagri.",
        "{n} of {total} polygons are not where their code lies; the file's codes do not look like Kemendagri codes.",
    ),
    "regions.boundary.some_skipped": (
        "Berkas batas wilayah: {n} dari {total} fitur dilewati (kode tak dikenal, geometri rusak atau salah tempat).",
        "Boundary file: {n} of {total} features were skipped (unknown code, broken geometry or misplaced).",
    ),
    "regions.boundary.partial": (
        "Berkas batas wilayah tidak lengkap untuk tampilan ini: {n} wilayah tanpa poligon ({names}). "
        "Peta titik ditampilkan.",
        "The boundary file is incomplete for this view: {n} regions have no polygon ({names}). "
        "Showing the point map.",
    ),
    "regions.boundary.more": ("dan {n} lainnya.", "and {n} more."),
    # region page
    "regions.page.back": ("Kembali ke peta nasional", "Back to the national map"),
    "regions.page.back_province": ("Kembali ke peta provinsi", "Back to the province map"),
    "regions.page.contests": ("**Pemilihan di wilayah ini**", "**Contests in this region**"),
    "regions.page.no_contest": (
        "Wilayah ini tidak punya pemilihan kepala daerah dalam data rujukan.",
        "This region has no regional-head contest in the reference data.",
    ),
    "regions.page.not_in_election": (
        "Wilayah ini tidak ikut {election}; angka di bawah tetap memakai filter saat ini.",
        "This region has no contest in {election}; the figures below still use the current filters.",
    ),
    "regions.page.body_met": ("{n} rapat", "{n} meetings"),
    "regions.page.body_not_met": ("belum", "not yet"),
    "regions.page.ref_caption": (
        "Tanggal acuan {ref}. {active}", "Reference date {ref}. {active}"
    ),
    "regions.page.active": ("Ada kegiatan dalam {n} hari terakhir.", "Active in the last {n} days."),
    "regions.page.inactive": ("Tidak ada kegiatan dalam {n} hari terakhir.", "No activity in the last {n} days."),
    "regions.page.timeline": ("Kegiatan dan tahapan pemilihan", "Events and election stages"),
    "regions.page.no_events": ("Belum ada kegiatan tercatat.", "No events recorded yet."),
    "regions.page.stages": ("Rapat sebelum setiap tahapan", "Meetings before each stage"),
    "regions.page.no_stages": ("Tidak ada jadwal tahapan untuk pemilihan ini.", "No stage calendar for this election."),
    "regions.page.agencies": ("Instansi yang terlibat", "Agencies involved"),
    "regions.page.articles": ("Artikel sumber", "Source articles"),
    "regions.page.children": ("Kabupaten/kota di provinsi ini ({n})", "Regencies/cities in this province ({n})"),
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
    "page.masuk": ("Masuk", "Log in"),
    "page.akun": ("Akun", "Account"),
    # login and roles
    "auth.login_title": ("Masuk", "Log in"),
    "auth.login_needed": (
        "Halaman ini memerlukan akun dengan peran {role} atau lebih tinggi. Silakan masuk.",
        "This page needs an account with the role {role} or higher. Please log in.",
    ),
    "auth.username": ("Nama pengguna", "User name"),
    "auth.password": ("Kata sandi", "Password"),
    "auth.login": ("Masuk", "Log in"),
    "auth.logout": ("Keluar", "Log out"),
    "auth.invalid": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "auth.empty": ("Isi nama pengguna dan kata sandi.", "Enter a user name and a password."),
    "auth.throttled": (
        "Terlalu banyak percobaan yang gagal. Coba lagi dalam {seconds} detik.",
        "Too many failed attempts. Try again in {seconds} seconds.",
    ),
    "auth.wait_next": (
        "Percobaan berikutnya baru diperiksa setelah {seconds} detik.",
        "The next attempt is checked only after {seconds} seconds.",
    ),
    "auth.expired": (
        "Sesi Anda berakhir (terlalu lama tidak aktif, atau akun diubah). Silakan masuk lagi.",
        "Your session has ended (idle for too long, or the account changed). Please log in again.",
    ),
    "auth.logged_out": ("Anda sudah keluar.", "You are logged out."),
    "auth.signed_in_as": ("Masuk sebagai **{user}** ({role})", "Logged in as **{user}** ({role})"),
    "auth.forbidden_title": ("Akses ditolak", "Access denied"),
    "auth.forbidden": (
        "Akun Anda tidak berhak membuka halaman ini (perlu peran {role}).",
        "Your account may not open this page (it needs the role {role}).",
    ),
    "auth.role.viewer": ("pembaca", "viewer"),
    "auth.role.editor": ("editor", "editor"),
    "auth.role.admin": ("admin", "admin"),
    # Kelola Data
    "kelola.tab_upload": ("Unggah berkas", "Upload files"),
    "kelola.tab_review": ("Antrean tinjauan", "Review queue"),
    "kelola.tab_manual": ("Catat rapat", "Record a meeting"),
    "kelola.busy": (
        "Basis data sedang sibuk (impor lain sedang berjalan). Tidak ada yang tersimpan; coba lagi sebentar lagi.",
        "The database is busy (another import is running). Nothing was saved; try again in a moment.",
    ),
    "kelola.upload_kind": ("Jenis berkas", "Kind of file"),
    "kelola.kind_articles": ("Artikel berita", "News articles"),
    "kelola.kind_events": ("Daftar kegiatan (CSV/Excel)", "Event list (CSV/Excel)"),
    "kelola.upload_label": ("Pilih berkas (maks. {mb} MB per berkas)", "Choose files (max. {mb} MB each)"),
    "kelola.upload_help_articles": (
        "Teks (.txt), HTML, JSON Lines, JSON, CSV, Excel (.xlsx) atau zip berisi berkas-berkas tersebut.",
        "Text (.txt), HTML, JSON Lines, JSON, CSV, Excel (.xlsx) or a zip of such files.",
    ),
    "kelola.upload_help_events": (
        "Satu kegiatan per baris; kolom seperti dijelaskan di bawah.",
        "One event a row; columns as described below.",
    ),
    "kelola.format_title": ("Format daftar kegiatan", "Event list format"),
    "kelola.format_body": (
        "Baris pertama berisi nama kolom. Wajib: **tanggal** (2020-11-20 atau 20/11/2020). "
        "Lainnya: **kegiatan** (rakor, rapat, sosialisasi, apel, bimtek, simulasi, monitoring, deklarasi, "
        "pelantikan, other), **tempat**, **instansi** (nama baku, dipisah titik koma: KPU; Bawaslu; Kesbangpol), "
        "**wilayah** (kode Kemendagri seperti 13.02 atau nama lengkap, dipisah titik koma), **pemilihan** "
        "(Pilkada 2020), **peserta** (angka), **catatan**, **url**. Jika satu baris saja salah, tidak ada yang "
        "disimpan: laporan menyebut baris dan kolomnya. Baris yang sama dengan kegiatan yang sudah ada dilewati.",
        "The first row holds the column names. Required: **tanggal** (date: 2020-11-20 or 20/11/2020). "
        "Others: **kegiatan** (activity: rakor, rapat, sosialisasi, apel, bimtek, simulasi, monitoring, deklarasi, "
        "pelantikan, other), **tempat** (venue), **instansi** (agencies by canonical name, separated by "
        "semicolons: KPU; Bawaslu; Kesbangpol), **wilayah** (regions: Kemendagri code such as 13.02 or full name), "
        "**pemilihan** (election: Pilkada 2020), **peserta** (participants, a number), **catatan** (notes), "
        "**url**. If a single row is wrong, nothing is stored: the report names its row and column. Rows "
        "identical to an event already stored are skipped.",
    ),
    "kelola.reading": ("Membaca berkas…", "Reading the files…"),
    "kelola.preview": ("Pratinjau (belum disimpan)", "Preview (not stored yet)"),
    "kelola.preview_more": ("{n} butir lain tidak ditampilkan.", "{n} more items are not listed."),
    "kelola.files": ("Berkas", "Files"),
    "kelola.st_new": ("Baru", "New"),
    "kelola.st_duplicate": ("Duplikat", "Duplicate"),
    "kelola.st_rejected": ("Ditolak", "Rejected"),
    "kelola.nothing_new": ("Tidak ada artikel baru untuk disimpan.", "There is no new article to store."),
    "kelola.store": ("Simpan {n} artikel baru", "Store {n} new articles"),
    "kelola.storing": ("Menyimpan…", "Storing…"),
    "kelola.report": ("Laporan unggahan terakhir", "Report of the last upload"),
    "kelola.events_found": ("Kegiatan diekstraksi", "Events extracted"),
    "kelola.per_file": ("Per berkas", "Per file"),
    "kelola.per_item": ("Per artikel / baris", "Per article / row"),
    "kelola.col_file": ("Berkas", "File"),
    "kelola.col_item": ("Butir", "Item"),
    "kelola.col_chars": ("Karakter", "Characters"),
    "kelola.col_reason": ("Alasan / tindakan", "Reason / what to do"),
    "kelola.col_detail": ("Rincian", "Detail"),
    "kelola.col_result": ("Hasil", "Result"),
    "kelola.col_row": ("Baris", "Row"),
    "kelola.col_column": ("Kolom", "Column"),
    "kelola.col_event": ("Kegiatan #", "Event #"),
    "kelola.col_article": ("Artikel", "Article"),
    "kelola.col_by": ("Oleh", "By"),
    "kelola.file_stored": ("disimpan", "stored"),
    "kelola.file_nothing": ("tidak ada yang baru", "nothing new"),
    "kelola.file_rolled_back": (
        "gagal disimpan, tidak ada yang tertulis dari berkas ini",
        "failed to store; nothing from this file was written",
    ),
    "kelola.rows_ok": ("{n} baris siap diimpor.", "{n} rows ready to import."),
    "kelola.rows_with_errors": (
        "{n} masalah ditemukan. Perbaiki berkas lalu unggah lagi; tidak ada yang akan disimpan dari berkas ini.",
        "{n} problems found. Fix the file and upload it again; nothing from this file will be stored.",
    ),
    "kelola.import": ("Impor {n} kegiatan", "Import {n} events"),
    "kelola.imported": ("Diimpor: {new} kegiatan baru, {dup} duplikat dilewati.", "Imported: {new} new events, {dup} duplicates skipped."),
    "kelola.not_imported": ("Tidak diimpor: tidak ada yang disimpan.", "Not imported: nothing was stored."),
    # hand recording
    "kelola.manual_title": ("Catat rapat atau kegiatan secara manual", "Record a meeting or activity by hand"),
    "kelola.manual_help": (
        "Untuk kegiatan yang tidak diberitakan. Tanggal, jenis, minimal satu instansi dan satu wilayah wajib diisi.",
        "For events no article reported. Date, kind, at least one agency and one region are required.",
    ),
    "kelola.manual_save": ("Simpan kegiatan", "Save event"),
    "kelola.manual_saved": ("Kegiatan #{id} tersimpan.", "Event #{id} saved."),
    "kelola.manual_duplicate": (
        "Kegiatan yang sama sudah tercatat (#{id}). Tidak ada yang disimpan.",
        "The same event is recorded already (#{id}). Nothing was saved.",
    ),
    "kelola.manual_recent": ("Terakhir dicatat manual", "Recently recorded by hand"),
    "manage.fix_fields": ("Periksa isian berikut:", "Please check these fields:"),
    "manage.pick": ("Pilih satu atau lebih", "Choose one or more"),
    "manage.pick_region": ("Ketik nama atau kode wilayah", "Type a region name or code"),
    "manage.none": ("(tidak ada)", "(none)"),
    "manage.participants_help": ("0 jika tidak diketahui.", "0 when unknown."),
    "manage.field.event_date": ("Tanggal", "Date"),
    "manage.field.activity": ("Jenis kegiatan", "Kind of activity"),
    "manage.field.location": ("Tempat", "Venue"),
    "manage.field.agencies": ("Instansi", "Agencies"),
    "manage.field.regions": ("Wilayah", "Regions"),
    "manage.field.election_id": ("Pemilihan", "Election"),
    "manage.field.participants": ("Jumlah peserta", "Participants"),
    "manage.field.notes": ("Catatan", "Notes"),
    "manage.field.source_url": ("Sumber (alamat web)", "Source (web address)"),
    "manage.field.level": ("Tingkat", "Level"),
    "manage.field.status": ("Status", "Status"),
    "manage.field.username": ("Nama pengguna", "User name"),
    "manage.field.role": ("Peran", "Role"),
    "manage.field.active": ("Aktif", "Active"),
    "manage.field.password": ("Kata sandi", "Password"),
    "manage.field.new": ("Baru", "New"),
    "manage.field.duplicate": ("Duplikat", "Duplicate"),
    "manage.field.rejected": ("Ditolak", "Rejected"),
    "manage.field.articles": ("Artikel", "Articles"),
    "manage.field.events_written": ("Kegiatan ditulis", "Events written"),
    "audit.entity.event": ("kegiatan", "event"),
    "audit.entity.user": ("pengguna", "user"),
    "audit.entity.file": ("berkas", "file"),
    "audit.entity.ingest_run": ("impor", "import run"),
    "audit.entity.event_table": ("daftar kegiatan", "event list"),
    "audit.entity.articles": ("artikel", "articles"),
    "manage.err.date_missing": ("tanggal wajib diisi", "the date is required"),
    "manage.err.date_range": ("tanggal harus antara {min} dan {max}", "the date must lie between {min} and {max}"),
    "manage.err.activity_unknown": ("jenis kegiatan tidak dikenal", "unknown kind of activity"),
    "manage.err.too_long": ("paling banyak {n} karakter", "at most {n} characters"),
    "manage.err.agencies_missing": ("pilih minimal satu instansi", "choose at least one agency"),
    "manage.err.agency_unknown": ("instansi tidak dikenal: {names}", "unknown agency: {names}"),
    "manage.err.regions_missing": ("pilih minimal satu wilayah", "choose at least one region"),
    "manage.err.region_unknown": ("kode wilayah tidak dikenal: {codes}", "unknown region code: {codes}"),
    "manage.err.election_unknown": ("pemilihan tidak dikenal", "unknown election"),
    "manage.err.participants_range": (
        "jumlah peserta harus bilangan bulat 1 sampai {max}",
        "participants must be a whole number from 1 to {max}",
    ),
    "manage.err.url_bad": (
        "sumber harus alamat web yang diawali http:// atau https://",
        "the source must be a web address starting with http:// or https://",
    ),
    "manage.err.level_unknown": ("tingkat tidak dikenal", "unknown level"),
    "manage.err.bad_username": (
        "nama pengguna 2–80 karakter: huruf a–z, angka dan . _ @ -, diawali huruf atau angka",
        "a user name has 2–80 characters: letters a–z, digits and . _ @ -, starting with a letter or digit",
    ),
    "manage.err.bad_role": ("peran tidak dikenal", "unknown role"),
    "manage.err.weak_password": (
        "kata sandi terlalu lemah: minimal 10 karakter, minimal 4 karakter berbeda, bukan nama pengguna",
        "the password is too weak: at least 10 characters, at least 4 different ones, not the user name",
    ),
    "manage.err.long_password": ("kata sandi terlalu panjang", "the password is too long"),
    "manage.err.user_exists": ("nama pengguna ini sudah dipakai", "this user name is taken"),
    "manage.err.no_such_user": ("pengguna tidak ditemukan", "no such user"),
    "manage.err.last_admin": (
        "ini admin aktif terakhir: jadikan pengguna lain admin terlebih dahulu",
        "this is the last active admin: make another user an admin first",
    ),
    "manage.err.wrong_password": ("kata sandi saat ini salah", "the current password is wrong"),
    # review queue
    "kelola.queue_open": ("Menunggu tinjauan", "Waiting for review"),
    "kelola.queue_help": (
        "Hasil ekstraksi yang belum ditinjau, dari keyakinan terendah. Filter di samping berlaku (kecuali pemilihan). "
        "Kegiatan yang dikonfirmasi, dikoreksi atau ditolak tidak akan ditimpa oleh ekstraksi ulang.",
        "Extracted events not yet reviewed, lowest confidence first. The filters at the side apply (except the "
        "election). Confirmed, corrected or rejected events are never overwritten by a later re-extraction.",
    ),
    "kelola.page": ("Halaman (dari {pages})", "Page (of {pages})"),
    "kelola.queue_order": (
        "Dari keyakinan terendah. Pilih satu baris untuk meninjaunya; filter di samping berlaku (kecuali pemilihan).",
        "Lowest confidence first. Select a row to review it; the filters at the side apply (except the election).",
    ),
    "kelola.queue_empty": ("Tidak ada yang perlu ditinjau.", "Nothing waits for review."),
    "kelola.event_n": ("Kegiatan #{id}", "Event #{id}"),
    "kelola.from_article": ("Dari artikel", "From the article"),
    "kelola.confirm": ("Benar, konfirmasi", "Correct, confirm"),
    "kelola.reject": ("Tolak", "Reject"),
    "kelola.reject_reason": ("Alasan (opsional)", "Reason (optional)"),
    "kelola.reject_do": ("Tolak kegiatan ini", "Reject this event"),
    "kelola.correct_title": ("Koreksi nilai yang salah", "Correct wrong values"),
    "kelola.correct": ("Simpan koreksi", "Save correction"),
    "kelola.confirmed": ("Kegiatan #{id} dikonfirmasi.", "Event #{id} confirmed."),
    "kelola.corrected": ("Koreksi kegiatan #{id} tersimpan.", "Correction of event #{id} saved."),
    "kelola.rejected": ("Kegiatan #{id} ditolak.", "Event #{id} rejected."),
    "kelola.conflict": (
        "Kegiatan #{id} baru saja diubah oleh {user}. Perubahan Anda tidak disimpan; periksa data terbaru.",
        "Event #{id} was just changed by {user}. Your change was not saved; check the current data.",
    ),
    "kelola.event_gone": (
        "Kegiatan ini sudah ditinjau atau tidak ada lagi.",
        "This event has been reviewed already or no longer exists.",
    ),
    # rejection and error codes: what happened and what to do
    "code.too_large": (
        "Berkas terlalu besar: pecah menjadi beberapa berkas atau kompres dalam zip",
        "File too large: split it into smaller files or zip it",
    ),
    "code.empty": ("Berkas kosong: pilih berkas yang benar", "Empty file: choose the right file"),
    "code.too_many_files": (
        "Terlalu banyak berkas sekaligus: unggah sisanya terpisah atau dalam zip",
        "Too many files at once: upload the rest separately or in a zip",
    ),
    "code.rejected": ("Tidak dapat dibaca", "Could not be read"),
    "code.unreadable_line": ("Baris tidak dapat dibaca", "Unreadable line"),
    "code.no_text": ("Tidak ada teks artikel yang terbaca", "No readable article text"),
    "code.missing_text": ("Butir ini tidak berisi teks", "This item has no text"),
    "code.bad_encoding": (
        "Pengodean karakter tidak dikenali: simpan ulang sebagai UTF-8",
        "Unknown character encoding: save it again as UTF-8",
    ),
    "code.binary": ("Bukan berkas teks", "Not a text file"),
    "code.unsupported_format": (
        "Format tidak didukung: gunakan txt, HTML, JSON Lines, JSON, CSV, xlsx atau zip",
        "Unsupported format: use txt, HTML, JSON Lines, JSON, CSV, xlsx or zip",
    ),
    "code.zip_unsafe": (
        "Zip ditolak demi keamanan (terlalu besar setelah dibuka, path berbahaya, atau terlalu banyak berkas)",
        "Zip refused for safety (too large when unpacked, unsafe paths, or too many files)",
    ),
    "code.encrypted": ("Berkas terkunci kata sandi: buka kuncinya dulu", "Password-protected: unlock it first"),
    "code.bad_zip": ("Zip rusak atau terpotong: buat ulang zipnya", "Damaged or truncated zip: create it again"),
    "code.bad_json": ("JSON tidak sah", "Invalid JSON"),
    "code.bad_csv": ("CSV tidak terbaca", "CSV could not be read"),
    "code.bad_excel": ("Berkas Excel rusak: simpan ulang sebagai .xlsx", "Damaged Excel file: save it again as .xlsx"),
    "code.missing_column": ("Kolom wajib tidak ada", "A required column is missing"),
    "code.duplicate_column": ("Kolom yang sama muncul dua kali", "The same column appears twice"),
    "code.not_found": ("Berkas tidak ditemukan", "File not found"),
    "code.unreadable": ("Berkas tidak dapat dibaca", "The file cannot be read"),
    "code.internal_error": (
        "Kesalahan program saat membaca berkas: laporkan ke admin",
        "A program error while reading the file: please tell an admin",
    ),
    "code.duplicate": ("Sudah tersimpan sebelumnya", "Stored already"),
    "code.duplicate_in_upload": ("Artikel yang sama ada dua kali dalam unggahan ini", "The same article is twice in this upload"),
    "code.duplicate_row": ("Sama dengan baris sebelumnya", "Same as an earlier row"),
    "code.rolled_back": (
        "Tidak tersimpan: penyimpanan berkas ini gagal dan dibatalkan seluruhnya",
        "Not stored: storing this file failed and was undone completely",
    ),
    "code.store_error": ("Tidak tersimpan: kesalahan basis data", "Not stored: database error"),
    "code.no_rows": ("Tabel tidak berisi baris", "The table has no rows"),
    "code.missing_value": ("Nilai wajib kosong", "A required value is empty"),
    "code.bad_date": ("Tanggal tidak terbaca (gunakan 2020-11-20)", "Unreadable date (use 2020-11-20)"),
    "code.date_out_of_range": ("Tanggal di luar rentang yang masuk akal", "Date outside a plausible range"),
    "code.unknown_activity": ("Jenis kegiatan tidak dikenal", "Unknown kind of activity"),
    "code.unknown_agency": ("Instansi tidak dikenal", "Unknown agency"),
    "code.unknown_region": ("Wilayah tidak dikenal", "Unknown region"),
    "code.ambiguous_region": ("Nama wilayah ambigu: tulis nama lengkap atau kode", "Ambiguous region: write the full name or the code"),
    "code.unknown_election": ("Pemilihan tidak dikenal", "Unknown election"),
    "code.bad_participants": ("Jumlah peserta bukan angka yang sah", "Participants is not a valid number"),
    "code.bad_url": ("Alamat web tidak sah", "Invalid web address"),
    "code.too_long": ("Isian terlalu panjang", "Value too long"),
    "code.too_many_rows": ("Terlalu banyak baris: pecah berkasnya", "Too many rows: split the file"),
    "code.too_many_errors": ("Terlalu banyak kesalahan: periksa format berkas", "Too many errors: check the file format"),
    # admin: audit log
    "admin.tab_audit": ("Log audit", "Audit log"),
    "admin.tab_users": ("Pengguna", "Users"),
    "admin.tab_runs": ("Riwayat impor", "Import history"),
    "audit.user": ("Pengguna", "User"),
    "audit.action": ("Tindakan", "Action"),
    "audit.search": ("Cari", "Search"),
    "audit.search_hint": ("nama berkas, nilai, ID…", "file name, value, ID…"),
    "audit.entries": ("{n} entri", "{n} entries"),
    "audit.at": ("Waktu (UTC)", "Time (UTC)"),
    "audit.entity": ("Objek", "Object"),
    "audit.changes": ("Perubahan", "Changes"),
    "audit.detail": ("Rincian", "Detail"),
    "audit.field": ("Isian", "Field"),
    "audit.before": ("Sebelum", "Before"),
    "audit.after": ("Sesudah", "After"),
    "audit.export": ("Unduh CSV (semua hasil filter)", "Download CSV (everything matching)"),
    "audit.utc": (
        "Waktu dicatat dalam UTC (WIB = UTC+7). Pilih satu baris untuk melihat nilai sebelum dan sesudah.",
        "Times are UTC (WIB = UTC+7). Select a row to see the values before and after.",
    ),
    "audit.action.create": ("dibuat", "created"),
    "audit.action.correct": ("dikoreksi", "corrected"),
    "audit.action.confirm": ("dikonfirmasi", "confirmed"),
    "audit.action.reject": ("ditolak", "rejected"),
    "audit.action.import": ("impor daftar kegiatan", "event list import"),
    "audit.action.ingest": ("impor artikel", "article import"),
    "audit.action.ingest_file": ("berkas artikel disimpan", "article file stored"),
    "audit.action.reextract": ("ekstraksi ulang", "re-extraction"),
    "audit.action.login": ("masuk", "login"),
    "audit.action.login_failed": ("gagal masuk", "failed login"),
    "audit.action.logout": ("keluar", "logout"),
    "audit.action.user_add": ("pengguna ditambahkan", "user added"),
    "audit.action.user_remove": ("pengguna dihapus", "user removed"),
    "audit.action.user_passwd": ("kata sandi diganti", "password changed"),
    "audit.action.user_update": ("pengguna diubah", "user changed"),
    "audit.action.merge": ("digabung manual", "merged by hand"),
    "audit.action.split": ("sumber dipisahkan", "source split off"),
    "audit.action.merge_all": ("semua kegiatan dikelompokkan ulang", "all events regrouped"),
    # admin: users
    "users.role": ("Peran", "Role"),
    "users.active": ("Aktif", "Active"),
    "users.last_login": ("Terakhir masuk (UTC)", "Last login (UTC)"),
    "users.failed": ("Gagal masuk", "Failed logins"),
    "users.sessions": ("Sesi aktif", "Live sessions"),
    "users.add": ("Tambah pengguna", "Add a user"),
    "users.add_do": ("Tambah", "Add"),
    "users.added": ("Pengguna {user} ditambahkan.", "User {user} added."),
    "users.password_again": ("Ulangi kata sandi", "Password again"),
    "users.password_rule": (
        "Minimal {n} karakter, minimal 4 karakter berbeda, bukan nama pengguna.",
        "At least {n} characters, at least 4 different ones, not the user name.",
    ),
    "users.mismatch": ("Kedua kata sandi tidak sama.", "The two passwords differ."),
    "users.pick": ("Ubah pengguna", "Change a user"),
    "users.edit": ("Pengguna {user}", "User {user}"),
    "users.new_password": ("Kata sandi baru (kosongkan bila tetap)", "New password (empty: unchanged)"),
    "users.remove": ("Hapus pengguna ini", "Remove this user"),
    "users.save": ("Simpan", "Save"),
    "users.saved": ("Pengguna {user} diperbarui.", "User {user} updated."),
    "users.removed": ("Pengguna {user} dihapus.", "User {user} removed."),
    # own account
    "account.change_password": ("Ganti kata sandi", "Change your password"),
    "account.current": ("Kata sandi saat ini", "Current password"),
    "account.changed": (
        "Kata sandi diganti. Sesi lain akun ini telah diakhiri.",
        "Password changed. Other sessions of this account were ended.",
    ),
}

from dashboard.i18n_merging import MERGING as _MERGING  # noqa: E402 - an area of its own module

STRINGS: dict[str, tuple[str, str]] = {**_CORE, **_REGIONS, **_MEETINGS, **_MANAGE, **_MERGING}

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


def format_event_date(d: dt.date | None, precision: str | None, lang: str = "id", *, short: bool = False,
                      weekday: bool = False) -> str:
    """An event's date as precise as it is known: ``Februari 2020`` for a month-only date."""
    if d is None or (not isinstance(d, dt.date)):
        return "–"
    if precision == "month":
        return format_month(d, lang, short=short)
    return format_date(d, lang, short=short, weekday=weekday)


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
