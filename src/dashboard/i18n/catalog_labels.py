"""Names of codes shown to people (activity kinds, levels, review statuses, stage names):
code -> (Bahasa Indonesia, English)."""

from __future__ import annotations

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
