"""Texts that Streamlit's own widgets put in the page in English and that no parameter
changes: the names a screen reader reads (``aria-label``), tooltips (``title``) and empty
placeholders. Key: Streamlit's English text; ``{}`` stands for a part that is itself
translated (a widget's label, or another of these texts). Value: (Bahasa Indonesia, English).

``dashboard.ui.widget_texts`` turns the chosen language's column into the script that
rewrites them in the browser; a third language is a third column here.
"""

from __future__ import annotations

WIDGET_TEXTS: dict[str, tuple[str, str]] = {
    # page frame
    "App pages": ("Halaman aplikasi", "App pages"),
    "Sidebar": ("Panel samping", "Sidebar"),
    "Collapse sidebar": ("Ciutkan panel samping", "Collapse sidebar"),
    "Expand sidebar": ("Buka panel samping", "Expand sidebar"),
    "Main menu": ("Menu utama", "Main menu"),
    "Link to heading": ("Tautan ke judul ini", "Link to heading"),
    "Help for {}": ("Bantuan untuk {}", "Help for {}"),
    # elements
    "Fullscreen": ("Layar penuh", "Fullscreen"),
    "Close fullscreen": ("Tutup layar penuh", "Close fullscreen"),
    "Exit fullscreen": ("Keluar dari layar penuh", "Exit fullscreen"),
    "Open": ("Buka", "Open"),
    "Close": ("Tutup", "Close"),
    "Clear": ("Kosongkan", "Clear"),
    "Clear all": ("Kosongkan semua", "Clear all"),
    "Reset": ("Atur ulang", "Reset"),
    "Search": ("Cari", "Search"),
    "Show/hide columns": ("Tampilkan/sembunyikan kolom", "Show/hide columns"),
    "Download as CSV": ("Unduh sebagai CSV", "Download as CSV"),
    "Show password": ("Tampilkan kata sandi", "Show password"),
    "Hide password": ("Sembunyikan kata sandi", "Hide password"),
    "Choose an option": ("Pilih salah satu", "Choose an option"),
    "Select all": ("Pilih semua", "Select all"),
    # the date fields and their calendar
    "Choose date range": ("Pilih rentang tanggal", "Choose date range"),
    "Choose date": ("Pilih tanggal", "Choose date"),
    "{} start date": ("{}, tanggal awal", "{} start date"),
    "{} end date": ("{}, tanggal akhir", "{} end date"),
    "day, {}": ("hari, {}", "day, {}"),
    "month, {}": ("bulan, {}", "month, {}"),
    "year, {}": ("tahun, {}", "year, {}"),
    "Previous month.": ("Bulan sebelumnya.", "Previous month."),
    "Next month.": ("Bulan berikutnya.", "Next month."),
    "Previous month": ("Bulan sebelumnya", "Previous month"),
    "Next month": ("Bulan berikutnya", "Next month"),
}
