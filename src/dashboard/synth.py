"""Synthetic articles and events, written straight into the database (no extraction).

Used by the benchmark (100,000 articles) and by tests that need volume. Deterministic
for a given seed. The texts are generated sentences, not real articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from sqlalchemy import Engine, func, select

from dashboard import rollup
from dashboard.db import bulk
from dashboard.db import models as m
from dashboard.db.engine import refresh_statistics
from dashboard.reference import election_regions

ACTIVITY_WEIGHTS = {
    "rakor": 34,
    "rapat": 12,
    "sosialisasi": 16,
    "apel": 6,
    "bimtek": 8,
    "simulasi": 4,
    "monitoring": 8,
    "deklarasi": 3,
    "pelantikan": 5,
    "other": 4,
}
AGENCY_WEIGHTS = {
    "KPU": 30,
    "Bawaslu": 24,
    "Pemda": 28,
    "Kesbangpol": 18,
    "Polri": 20,
    "TNI": 15,
    "Kejaksaan": 6,
    "BIN": 4,
    "Satpol PP": 5,
    "DPRD": 6,
    "Kemendagri": 5,
    "DKPP": 2,
}
NATIONAL_SHARE = 0.06
PROVINCE_SHARE = 0.12

ACTIVITY_WORDS = {
    "rakor": "rapat koordinasi",
    "rapat": "rapat kerja",
    "sosialisasi": "sosialisasi",
    "apel": "apel siaga",
    "bimtek": "bimbingan teknis",
    "simulasi": "simulasi pemungutan suara",
    "monitoring": "monitoring",
    "deklarasi": "deklarasi pemilu damai",
    "pelantikan": "pelantikan PPS",
    "other": "peluncuran tahapan",
}


def _weighted(rng: random.Random, weights: dict[str, int], k: int = 1) -> list[str]:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[x] for x in keys], k=k)


def generate(
    engine: Engine,
    n_articles: int,
    *,
    election_id: str = "pilkada-2020",
    start: dt.date = dt.date(2019, 9, 1),
    end: dt.date = dt.date(2020, 12, 20),
    seed: int = 7,
    batch: int = 5000,
    text_bytes: int = 600,
    varied: bool = False,
) -> int:
    """Insert ``n_articles`` synthetic articles, each with one or two events. Returns events written.

    ``varied``: bodies drawn from a pool of Indonesian news sentences (``varied_body``)
    instead of one repeated sentence, so that words have a realistic spread of frequencies
    (text search benchmarks); the default leaves every seed's output as it was."""
    rng = random.Random(seed)
    body_rng = random.Random(f"body-{seed}")
    # Levels come from their own stream so that adding them left every other value of a
    # given seed as it was: ~6 % national meetings (Kemendagri, KPU RI, Bawaslu RI ...),
    # province-level for governor contests and ~12 % of the others.
    level_rng = random.Random(f"level-{seed}")
    regions = [r for r in election_regions(election_id)]
    if not regions:
        raise ValueError(f"no regions for {election_id}")
    names = {}
    with engine.connect() as conn:
        for code, name in conn.execute(select(m.Region.code, m.Region.name)):
            names[code] = name
        next_article = (conn.scalar(select(func.max(m.Article.id))) or 0) + 1
        next_event = (conn.scalar(select(func.max(m.Event.id))) or 0) + 1
    span = (end - start).days
    filler = (
        "Kegiatan ini bertujuan menyamakan persepsi dan memperkuat sinergi antarinstansi "
        "dalam menyukseskan tahapan pemilihan serentak dengan menerapkan protokol kesehatan. "
    )
    written = 0
    for lo in range(0, n_articles, batch):
        arts, evs, eas, ers = [], [], [], []
        for _ in range(min(batch, n_articles - lo)):
            # more activity close to voting day
            day = start + dt.timedelta(days=int(span * (rng.random() ** 0.6)))
            region = rng.choice(regions)
            activity = _weighted(rng, ACTIVITY_WEIGHTS)[0]
            agencies = sorted(set(_weighted(rng, AGENCY_WEIGHTS, k=rng.randint(1, 5))))
            title = f"{ACTIVITY_WORDS[activity].capitalize()} persiapan Pilkada 2020 di {names[region.region_code]}"
            lead = f"{title}. Kegiatan digelar pada {day.isoformat()} dan dihadiri {', '.join(agencies)}. "
            if varied:
                body = lead + varied_body(body_rng, names[region.region_code], text_bytes)
            else:
                body = lead + filler * max(1, text_bytes // len(filler))
            aid = next_article
            next_article += 1
            arts.append(
                {
                    "id": aid,
                    "url": f"https://synthetic.example/artikel/{aid}",
                    "content_hash": hashlib.sha256(f"synthetic-{seed}-{aid}".encode()).hexdigest(),
                    "title": title,
                    "published": day + dt.timedelta(days=rng.randint(0, 2)),
                    "publisher": "Synthetic",
                    "text": body,
                    "source": "synthetic",
                    "ingested_at": m.utcnow(),
                }
            )
            for ordinal in range(1 if rng.random() < 0.85 else 2):
                eid = next_event
                next_event += 1
                roll = level_rng.random()
                if roll < NATIONAL_SHARE:
                    level = "nasional"
                elif region.contest == "gubernur" or roll < NATIONAL_SHARE + PROVINCE_SHARE:
                    level = "provinsi"
                else:
                    level = "kabkota"
                evs.append(
                    {
                        "id": eid,
                        "article_id": aid,
                        "ordinal": ordinal,
                        "event_date": day - dt.timedelta(days=ordinal * rng.randint(1, 20)),
                        "date_precision": "day",
                        "activity": activity if ordinal == 0 else _weighted(rng, ACTIVITY_WEIGHTS)[0],
                        "location": f"Aula Kantor {names[region.region_code]}",
                        "participants": rng.choice([None, None, 50, 100, 150, 300]),
                        "election_id": election_id,
                        "level": level,
                        "status": "extracted",
                        "confidence": round(rng.uniform(0.3, 0.95), 2),
                        "evidence": {},
                        "created_at": m.utcnow(),
                        "updated_at": m.utcnow(),
                    }
                )
                for a in agencies:
                    eas.append({"event_id": eid, "agency_name": a, "role": "participant", "confidence": 0.7})
                ers.append({"event_id": eid, "region_code": region.region_code, "confidence": 0.8})
                if region.contest != "gubernur" and rng.random() < 0.15:
                    ers.append({"event_id": eid, "region_code": region.province_code, "confidence": 0.6})
        known = set(names)  # the province code may not exist as a region for 2020-era province codes
        with engine.begin() as conn:
            # the rollups are rebuilt once at the end, not folded at each batch's commit
            # (a batch touches most of an election's rollup rows: at a million articles
            # per-batch folds took over half of the build)
            conn.execution_options(**{rollup.DEFER: True})
            for table, rows in ((m.Article, arts), (m.Event, evs), (m.EventAgency, eas),
                               (m.EventRegion, [r for r in ers if r["region_code"] in known])):
                _bulk_insert(conn, table.__table__, rows)
        written += len(evs)
    with engine.begin() as conn:
        rollup.rebuild(conn)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("article", "event"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
    refresh_statistics(engine)  # plans as after an ingest run
    return written


def _bulk_insert(conn, table, rows: list[dict]) -> None:
    """Insert ``rows`` (all with the same keys) into ``table`` through the driver: ``COPY``
    on PostgreSQL (about four times an ``executemany``'s rate), one ``executemany`` of
    tuples on SQLite (``db.bulk``)."""
    if rows:
        columns = list(rows[0])
        bulk.insert_rows(conn, table, columns, [tuple(r[c] for c in columns) for r in rows], copy=True)


# ---------------------------------------------------------------- varied bodies

_SUBJECTS = (
    "Ketua KPU {r}", "Komisioner Bawaslu {r}", "Bupati {r}", "Wali Kota {r}", "Kapolres {r}",
    "Dandim setempat", "Sekretaris Daerah {r}", "Kepala Badan Kesbangpol {r}", "Ketua DPRD {r}",
    "Kepala Kejaksaan Negeri {r}", "Camat setempat", "Ketua PPK", "Anggota PPS",
)
_VERBS = (
    "menegaskan", "menyampaikan", "mengatakan", "mengimbau", "menjelaskan", "meminta", "mengingatkan",
    "menyebutkan", "berharap",
)
_CLAUSES = (
    "seluruh tahapan pemilu harus berjalan aman dan damai",
    "netralitas aparatur sipil negara menjadi perhatian utama selama masa kampanye",
    "pemutakhiran data pemilih dilakukan dari rumah ke rumah oleh petugas coklit",
    "distribusi logistik pemilihan ke tempat pemungutan suara dipercepat",
    "pengawasan dana kampanye diperketat bersama aparat penegak hukum",
    "masyarakat diminta melaporkan dugaan politik uang kepada pengawas",
    "protokol kesehatan wajib diterapkan di setiap tempat pemungutan suara",
    "anggaran pengamanan pilkada telah dicairkan oleh pemerintah daerah",
    "koordinasi lintas instansi diperkuat menjelang hari pemungutan suara",
    "sosialisasi kepada pemilih pemula digelar di sekolah dan kampus",
    "rekapitulasi suara tingkat kecamatan dijadwalkan selesai pekan depan",
    "potensi kerawanan di daerah perbatasan dipetakan bersama TNI dan Polri",
    "penyelenggara pemilu diminta menjaga integritas dan profesionalitas",
    "debat publik pasangan calon akan disiarkan televisi lokal",
    "pelipatan surat suara melibatkan puluhan pekerja harian",
    "bimbingan teknis bagi anggota KPPS dilaksanakan secara bertahap",
    "hoaks dan ujaran kebencian di media sosial terus dipantau",
    "partisipasi pemilih ditargetkan meningkat dibanding pemilu sebelumnya",
)
_TAILS = (
    "Hal itu disampaikan usai rapat di aula kantor bupati.", "Kegiatan ditutup dengan penandatanganan komitmen bersama.",
    "Acara berlangsung hingga sore hari.", "Ia berharap semua pihak mendukung.", "Rapat dipimpin langsung oleh sekda.",
    "Turut hadir unsur forkopimda dan tokoh masyarakat.", "Peserta mengikuti kegiatan dengan tertib.",
)
# place names that occur in very few articles (a rare-word search)
RARE_PLACES = ("Mandeh", "Lubuk Sikarah", "Tanjung Gadang", "Sungai Pua", "Batang Kapas", "Koto Tangah",
               "Pulau Punjung", "Sijunjung Lama", "Alahan Panjang", "Muara Labuh")


def varied_body(rng: random.Random, region: str, text_bytes: int) -> str:
    """A body of varied Indonesian news sentences about ``region``, about ``text_bytes`` long.
    About one article in 2,000 names a rare place (``RARE_PLACES``)."""
    out: list[str] = []
    size = 0
    while size < text_bytes:
        s = (f"{rng.choice(_SUBJECTS).format(r=region)} {rng.choice(_VERBS)} {rng.choice(_CLAUSES)}. "
             + (rng.choice(_TAILS) + " " if rng.random() < 0.4 else ""))
        out.append(s)
        size += len(s)
    if rng.random() < 0.0005 * len(RARE_PLACES):
        out.insert(rng.randrange(len(out) + 1), f"Warga {rng.choice(RARE_PLACES)} turut hadir dalam kegiatan itu. ")
    return "".join(out).strip()
