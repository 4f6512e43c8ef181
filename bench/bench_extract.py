#!/usr/bin/env python3
"""Throughput of cleaning + extraction on one core.

Usage: uv run python bench/bench_extract.py [--n 1000] [--seed 7] [--no-dev]

Builds a synthetic set of typical 2-5 KB articles by recombining synthetic Indonesian
sentences (written for this benchmark: headline lists, Baca Juga lines, captions, datelines,
lead, attendance list, quotes, footers), plus the dev corpus (``../shared/corpus/dev.jsonl``
beside the repository) when present. Prints articles/second and the p99 per-article time of

* ``clean+extract``: ``clean_article`` + ``extract_events`` (what ingest runs; extract_events
  cleans internally, so the cleaner is not run twice);
* ``clean only``: ``clean_article``;
* ``naive baseline``: one ``re.search`` per gazetteer alias and per region name plus a date
  regex, the obvious keyword approach (no context rules), for a relative figure.

Runs in this process only (one core); the first call (gazetteer loading) is excluded.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dashboard.extract import extract_events  # noqa: E402
from dashboard.extract.gazetteer import _region_aliases, agency_aliases  # noqa: E402
from dashboard.ingest.clean import clean_article  # noqa: E402

PLACES = ["Kabupaten Solok", "Kota Padang", "Kabupaten Kendal", "Kota Bogor", "Kabupaten Sidrap", "Kota Ambon",
          "Kabupaten Karawang", "Kabupaten Seruyan", "Kota Kotamobagu", "Kabupaten Mamuju"]
VENUES = ["Aula Kantor Bupati", "Hotel Grand Inna", "Pendopo Rumah Dinas", "Ruang Rapat Kesbangpol", "Lapangan Merdeka",
          "Gedung Serbaguna", "Mako Satpol PP", "Halaman Kantor KPU"]
ACTS = ["Rapat Koordinasi Lintas Sektoral", "Sosialisasi Pendidikan Pemilih", "Apel Siaga Pengawasan", "Bimbingan Teknis PPK",
        "Simulasi Pemungutan Suara", "Deklarasi Pemilu Damai", "Pelantikan PPS", "Monitoring Gudang Logistik"]
ELECTIONS = ["Pilkada Serentak 2020", "Pemilu 2024", "Pilkada 2024", "Pemilu 2019"]
DATES = ["Kamis (27/2)", "Rabu (27/11/24)", "Senin, 12 Februari 2024", "Selasa (04/06/2024)", "Sabtu (10/02/24)",
         "kemarin (16/8)", "Jumat (21/6/2024)", "Senin (31/8/8/2020)"]
OFFICIALS = ["Sekda", "Kapolres", "Dandim 0309", "Kaban Kesbangpol", "Ketua KPU", "Ketua Bawaslu", "Kajari", "Kabinda",
             "Asisten I", "Ketua DPRD", "Kasatpol PP", "camat", "Babinsa", "Asintel Kejati"]
HEADS = ["Bupati Buka Rakor Penurunan Kerawanan Nagari", "Kesbangpol Gelar Sosialisasi Pemilih Pemula",
         "Sekda Hadiri Apel Siaga Pemilu 2024", "KPU Rekrut PPK Pilkada Serentak Tahun 2020",
         "Pengukuhan Paskibraka Tahun 2024", "Rapat Staf Rutin Badan Kesbangpol"]
QUOTES = [
    "“Kami berharap semua pihak menjaga situasi tetap kondusif sampai seluruh tahapan selesai,” ujarnya.",
    "Ia menambahkan, koordinasi dengan TNI, Polri, KPU dan Bawaslu akan terus ditingkatkan menjelang hari pemungutan suara.",
    "Menurut dia, deteksi dini terhadap potensi kerawanan menjadi kunci keberhasilan pengamanan di setiap tahapan.",
    "Kegiatan ditutup dengan foto bersama dan penandatanganan komitmen netralitas aparatur sipil negara.",
    "Jumlah pemilih di daerah ini tercatat sebanyak 412.550 orang yang tersebar di 1.203 TPS.",
    "Pemerintah daerah mengimbau masyarakat tidak mudah terprovokasi oleh berita bohong di media sosial.",
]
FOOTER = ["Bagikan", "Whatsapp", "banner 468x60", "Tinggalkan Balasan", "Alamat email Anda tidak akan dipublikasikan.",
          "Copyright © 2024 Media Daerah", "All Rights Reserved"]


def synth(rng: random.Random) -> tuple[str, str]:
    place, venue, act, el, date = (rng.choice(x) for x in (PLACES, VENUES, ACTS, ELECTIONS, DATES))
    title = f"{rng.choice(OFFICIALS).title()} {place} Ikuti {act} {el}"
    lines = []
    if rng.random() < 0.5:
        lines += ["- " + h for h in rng.sample(HEADS, 4)]
    lines.append(title)
    if rng.random() < 0.5:
        lines.append(f"Keterangan Gambar : Suasana {act} di {venue} {place}")
    lines.append(f"{place.split()[-1].upper()}, mediadaerah.com – {rng.choice(OFFICIALS)} {place} mengikuti {act} "
                 f"dalam rangka persiapan {el} yang digelar di {venue} {place}, {date}.")
    lines.append("Hadir dalam kegiatan tersebut " + ", ".join(rng.sample(OFFICIALS, 6)) + f" {place}.")
    if rng.random() < 0.5:
        lines.append(f"Kegiatan ini diikuti {rng.randint(50, 2500)} peserta dari unsur pemerintah dan penyelenggara.")
    body = []
    while len("\n".join(lines + body)) < rng.randint(2000, 4800):
        q = rng.choice(QUOTES)
        if rng.random() < 0.15:
            q = "Baca Juga: " + rng.choice(HEADS)
        body.append(q)
    lines += body + rng.sample(FOOTER, 4)
    return "\n".join(lines), title


def load_dev() -> list[tuple[str, str | None]]:
    for base in (ROOT.parent, *ROOT.parent.parents):
        p = base / "shared" / "corpus" / "dev.jsonl"
        if p.exists():
            out = []
            with open(p, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        r = json.loads(line)
                        out.append((r["text"], r.get("title")))
            return out
    return []


def naive_factory():
    alias_res = [re.compile(r"\b" + re.escape(a.alias) + r"\b", re.IGNORECASE) for a in agency_aliases()]
    region_res = [re.compile(r"\b" + re.escape(n) + r"\b") for n in _region_aliases()]
    date_re = re.compile(r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}")

    def naive(text: str, title: str | None):
        ags = [r.pattern for r in alias_res if r.search(text)]
        regs = [r.pattern for r in region_res if r.search(text)]
        d = date_re.search(text)
        return ags, regs, d

    return naive


def run(fn, docs, clock=time.process_time) -> tuple[float, float, float, float]:
    """(articles/s by CPU time, p99 ms by CPU time, articles/s by wall time, mean CPU ms).

    CPU time of this process is what one core spends; wall time also counts waiting for a
    core on a shared machine. The per-article CPU clock has a coarse tick on some systems,
    so p99 uses thread_time where it is finer.
    """
    times = []
    w0 = time.perf_counter()
    for text, title in docs:
        t0 = clock()
        fn(text, title)
        times.append(clock() - t0)
    wall = time.perf_counter() - w0
    total = sum(times) or 1e-9
    times.sort()
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    return len(times) / total, p99 * 1000, len(times) / wall, statistics.mean(times) * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000, help="synthetic articles")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-dev", action="store_true", help="do not add the dev corpus")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    docs = [synth(rng) for _ in range(args.n)]
    dev = [] if args.no_dev else load_dev()
    docs += dev
    sizes = [len(t.encode("utf-8")) for t, _ in docs]
    # warm-up: gazetteers, regexes
    extract_events(docs[0][0], title=docs[0][1])
    naive = naive_factory()
    naive(docs[0][0], docs[0][1])

    def full(text, title):
        clean_article(text, title)
        return extract_events(text, title=title)

    def full_ingest(text, title):
        return extract_events(text, title=title)

    print(f"articles: {len(docs)} ({args.n} synthetic + {len(dev)} dev), size median {statistics.median(sizes) / 1024:.1f} KB, "
          f"range {min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB, one core (this process)")
    try:
        print(f"machine load average: {open('/proc/loadavg').read().split()[0]} (wall-clock rates suffer when > cores)")
    except OSError:
        pass
    for name, fn in (
        ("clean+extract", full),
        ("extract (cleans internally)", full_ingest),
        ("clean only", lambda t, ti: clean_article(t, ti)),
        ("naive keyword baseline", naive),
    ):
        aps, p99, wall_aps, mean = run(fn, docs, time.thread_time)
        print(f"{name:28s} {aps:7.0f} articles/s (CPU)  {wall_aps:7.0f} articles/s (wall)  "
              f"mean {mean:6.2f} ms  p99 {p99:6.2f} ms (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
