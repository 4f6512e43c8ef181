"""Interface strings of Wilayah Pilkada: key -> (Bahasa Indonesia, English)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
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
    "regions.map.kabkota": ("Kabupaten/kota ({n})", "Regency/city ({n})"),
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
    "regions.col.body_help": ("✓: {body} ikut rapat di wilayah ini dalam jendela aktif", "✓: {body} attended a meeting here in the active window"),
    "regions.table.marks": (
        "✓ di kolom instansi: instansi itu ikut rapat dalam jendela aktif; – belum. Diurutkan menurut status kesiapan.",
        "✓ in an agency column: that agency attended a meeting in the active window; – not yet. Sorted by readiness status.",
    ),
}
