"""Interface strings of merged events (sources of an event, split, merge, the reasons of a
merge), Bahasa Indonesia and English. Merged into ``dashboard.i18n.STRINGS``."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # an event's other reports, on the event detail and in the article reader
    "merge.also_reported": ("Juga diberitakan oleh", "Also reported by"),
    "merge.main_source": ("sumber utama", "main source"),
    "merge.open_reader": ("baca", "read"),
    "merge.open_original": ("sumber asli", "original"),
    "merge.sources_n": ("{n} sumber berita", "{n} news sources"),
    # review queue: the reports of an event
    "merge.sources_title": ("Sumber berita kegiatan ini", "Sources of this event"),
    "merge.sources_help": (
        "Laporan dari beberapa artikel tentang kegiatan yang sama digabung menjadi satu kegiatan, sehingga "
        "setiap angka menghitung kegiatan, bukan artikel. Pisahkan laporan yang sebenarnya kegiatan lain.",
        "Reports of the same event from several articles are merged into one event, so every figure counts "
        "events, not articles. Split off a report that is in fact another event.",
    ),
    "merge.only_source": ("Kegiatan ini hanya diberitakan oleh artikelnya sendiri.",
                          "This event is reported by its own article only."),
    "merge.first_report": ("laporan pertama", "first report"),
    "merge.by_auto": ("digabung otomatis · skor {score} %", "merged automatically · score {score} %"),
    "merge.by_hand": ("digabung manual oleh {user}", "merged by hand by {user}"),
    "merge.matched": ("cocok dengan #{id}", "matched #{id}"),
    "merge.split": ("Pisahkan", "Split off"),
    "merge.split_help": (
        "Bukan kegiatan yang sama: jadikan laporan ini kegiatan tersendiri. Tidak akan digabung kembali "
        "secara otomatis, juga setelah ekstraksi ulang.",
        "Not the same event: make this report an event of its own. It is not merged back automatically, "
        "not even after a re-extraction.",
    ),
    "merge.split_done": ("Sumber #{id} dipisahkan menjadi kegiatan tersendiri.",
                         "Source #{id} was split off into an event of its own."),
    "merge.merge_title": ("Gabungkan dengan kegiatan lain", "Merge with another event"),
    "merge.merge_help": (
        "Kegiatan yang sama dari artikel lain yang belum tergabung. Penggabungan manual tetap berlaku "
        "meskipun tanggal atau wilayahnya berbeda.",
        "The same event from another article that was not merged. A hand merge stays, even where dates or "
        "regions differ.",
    ),
    "merge.pick": ("Kegiatan yang sama", "The same event"),
    "merge.pick_none": ("— pilih —", "— choose —"),
    "merge.by_id": ("atau nomor kegiatan", "or event number"),
    "merge.merge_do": ("Gabungkan", "Merge"),
    "merge.merge_done": ("Kegiatan #{id} digabung dengan #{into}.", "Event #{id} was merged with #{into}."),
    "merge.no_candidates": ("Tidak ada kegiatan serupa pada tanggal ini.", "No similar event on this date."),
    "merge.candidate": ("#{id} · {date} · {activity} · {title} · skor {score} %",
                        "#{id} · {date} · {activity} · {title} · score {score} %"),
    "merge.candidate_veto": ("#{id} · {date} · {activity} · {title} · {veto}",
                             "#{id} · {date} · {activity} · {title} · {veto}"),
    "merge.err.nothing_to_split": ("Kegiatan ini tidak punya sumber lain.", "This event has no other source."),
    "merge.err.same_event": ("Keduanya sudah satu kegiatan.", "The two are one event already."),
    "merge.err.not_mergeable": ("Kegiatan yang ditolak atau tidak ada tidak dapat digabung.",
                                "A rejected or unknown event cannot be merged."),
    # review queue: the automatic merges
    "merge.mode": ("Tinjau", "Review"),
    "merge.mode_events": ("Kegiatan", "Events"),
    "merge.mode_merges": ("Penggabungan otomatis", "Automatic merges"),
    "merge.queue_open": ("Penggabungan otomatis", "Automatic merges"),
    "merge.queue_help": ("Laporan yang digabung otomatis, skor terendah lebih dulu: periksa alasannya, pisahkan bila "
                         "bukan kegiatan yang sama.",
                         "Reports merged automatically, lowest score first: check the reason, split off what is not "
                         "the same event."),
    "merge.queue_empty": ("Tidak ada penggabungan otomatis untuk ditinjau.", "No automatic merge to review."),
    "merge.col_report": ("Laporan", "Report"),
    "merge.col_event": ("Kegiatan", "Event"),
    "merge.col_score": ("Skor", "Score"),
    "merge.col_reason": ("Alasan", "Reason"),
    "merge.col_sources": ("Sumber", "Sources"),
    # the reasons of a merge (the evidence that agreed or not)
    "merge.r.same_day": ("tanggal sama", "same day"),
    "merge.r.same_month": ("bulan sama", "same month"),
    "merge.r.undated": ("tanpa tanggal, terbit sesudahnya", "undated, published just after"),
    "merge.r.no_anchor": ("tanpa tanggal", "undated"),
    "merge.r.activity_same": ("kegiatan sama ({a})", "same activity ({a})"),
    "merge.r.activity_other": ("kegiatan {a}", "activities {a}"),
    "merge.r.same_venue": ("tempat sama", "same venue"),
    "merge.r.different_venue": ("tempat berbeda", "different venues"),
    "merge.r.same_place": ("kota sama", "same town"),
    "merge.r.same_place_away": ("kota penyelenggaraan sama", "held in the same town"),
    "merge.r.different_place": ("kota berbeda", "different towns"),
    "merge.r.agencies": ("instansi {p} %", "agencies {p} %"),
    "merge.r.national": ("badan nasional: {names}", "national body: {names}"),
    "merge.r.national_one": ("badan nasional hanya di satu laporan", "national body in one report only"),
    "merge.r.regions.shared": ("wilayah sama", "same region"),
    "merge.r.regions.open": ("tanpa wilayah", "no region"),
    "merge.r.regions.national": ("kegiatan nasional", "national event"),
    "merge.r.regions.province": ("kegiatan provinsi", "provincial event"),
    "merge.r.regions.away": ("delegasi di tempat yang sama", "delegations at one venue"),
    "merge.r.election.same": ("pemilihan sama", "same election"),
    "merge.r.election.differ": ("pemilihan berbeda", "different elections"),
    "merge.r.participants": ("jumlah peserta sama ({n})", "same head count ({n})"),
    "merge.r.text": ("kemiripan teks {p} %", "text similarity {p} %"),
    "merge.r.hand": ("diputuskan manual", "decided by hand"),
    "merge.veto.date": ("tanggal berbeda", "different dates"),
    "merge.veto.regions": ("wilayah berbeda", "different regions"),
    "merge.veto.window": ("di luar rentang terbit", "outside the publication window"),
    # the audit log's fields of a split or a merge
    "manage.field.event": ("kegiatan (laporan utama)", "event (main report)"),
    "manage.field.sources": ("sumber", "sources"),
    "manage.field.other_event": ("kegiatan lain (laporan utama)", "other event (main report)"),
    "manage.field.other_sources": ("sumber kegiatan lain", "other event's sources"),
    "manage.field.split_off": ("laporan yang dipisahkan", "report split off"),
    "manage.field.split_off_event": ("kegiatannya sekarang", "its event now"),
    "manage.field.split_off_sources": ("sumbernya sekarang", "its sources now"),
}
