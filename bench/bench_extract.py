#!/usr/bin/env python3
"""Throughput of cleaning + extraction on one core, beside a baseline measured in the same run.

Usage: .tools/bin/uv run --locked python bench/bench_extract.py [--n 1000] [--seed 7] [--no-dev] [--rounds 5]
                                            [--baseline-ref REF | --no-baseline] [--naive]

Articles: a synthetic set of typical 2-5 KB articles recombined from synthetic Indonesian
sentences written for this benchmark (headline lists, Baca Juga lines, captions, datelines,
lead, attendance list, quotes, footers), plus the dev corpus (``../shared/corpus/dev.jsonl``
beside the repository) when present.

What is timed, per article, in CPU time of one thread (``time.thread_time``; on a shared
machine wall time also counts waiting for a core, CPU time does not):

* ``extract_events``: what ingest runs per article: ``clean_article`` + every field
  extractor (``extract_events`` cleans internally, once);
* ``clean_article`` alone.

Baseline: the same functions of the code at ``--baseline-ref`` (default ``main``, the
merged code; use the commit before a change to measure that change). Its ``src/`` and
``data/`` are taken with ``git archive`` into a temporary directory; nothing in the
repository or its worktrees is touched. The current code and the baseline each run in a
worker process of their own, and the rounds alternate between them, so both see the same
machine load; the rate of each is its median over the rounds (the best round is shown too),
and the speed-up is the median of the per-round ratios. p99 is the 99th percentile of the
per-article CPU times pooled over all rounds. ``--naive`` adds a fixed reference workload
(one regex search per gazetteer alias and region name), the obvious keyword approach.

The load average is printed before and after; the first call of each worker (gazetteer
loading) is not timed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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


def loadavg() -> str:
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "n/a"


# --- worker: runs in its own process with one version of the code on sys.path ---------


def worker(src: str, docs_path: str) -> int:
    sys.path.insert(0, src)
    import re

    from dashboard.extract import extract_events
    from dashboard.ingest.clean import clean_article

    with open(docs_path, encoding="utf-8") as f:
        docs = [tuple(d) for d in json.load(f)]

    def naive_factory():
        from dashboard.extract.gazetteer import _region_aliases, agency_aliases

        alias_res = [re.compile(r"\b" + re.escape(a.alias) + r"\b", re.IGNORECASE) for a in agency_aliases()]
        region_res = [re.compile(r"\b" + re.escape(n) + r"\b") for n in _region_aliases()]
        date_re = re.compile(r"\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}")

        def naive(text, title):
            return ([r.pattern for r in alias_res if r.search(text)], [r.pattern for r in region_res if r.search(text)],
                    date_re.search(text))

        return naive

    fns = {
        "extract": lambda text, title: extract_events(text, title=title),
        "clean": lambda text, title: clean_article(text, title),
    }
    extract_events(docs[0][0], title=docs[0][1])  # warm-up: gazetteers, regexes
    print("ready", flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        if name == "naive" and "naive" not in fns:
            fns["naive"] = naive_factory()
            fns["naive"](docs[0][0], docs[0][1])
        fn = fns[name]
        clock = time.thread_time
        times = []
        w0 = time.perf_counter()
        for text, title in docs:
            t0 = clock()
            fn(text, title)
            times.append(clock() - t0)
        wall = time.perf_counter() - w0
        print(json.dumps({"times": times, "wall": wall}), flush=True)
    return 0


class Worker:
    def __init__(self, label: str, src: Path, docs_path: str):
        self.label = label
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(src), docs_path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(src.parent),
        )
        ready = self.proc.stdout.readline().strip()
        if ready != "ready":
            raise RuntimeError(f"{label} worker did not start")

    def run(self, what: str) -> dict:
        self.proc.stdin.write(what + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except Exception:  # pragma: no cover
            self.proc.kill()


def baseline_tree(ref: str, dest: Path) -> Path | None:
    """``src/`` and ``data/`` of ``ref`` extracted under ``dest`` (git archive: read-only)."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src", "data"],
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", b"") or b""
        print(f"baseline: cannot read {ref!r} from git ({err.decode(errors='replace').strip() or e})")
        return None
    with tarfile.open(fileobj=io.BytesIO(out)) as tf:
        tf.extractall(dest, filter="data") if hasattr(tarfile, "data_filter") else tf.extractall(dest)
    return dest / "src"


def summary(rounds: list[dict], n: int) -> dict:
    rates = [n / (sum(r["times"]) or 1e-9) for r in rounds]
    pooled = sorted(t for r in rounds for t in r["times"])
    p99 = pooled[min(len(pooled) - 1, int(0.99 * len(pooled)))]
    walls = [n / r["wall"] for r in rounds]
    return {"rate": statistics.median(rates), "best": max(rates), "p99": p99 * 1000,
            "mean": statistics.median(sum(r["times"]) / n for r in rounds) * 1000, "wall": statistics.median(walls)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="synthetic articles")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-dev", action="store_true", help="do not add the dev corpus")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds per version")
    ap.add_argument("--baseline-ref", default="main", help="git ref of the baseline code (default: main)")
    ap.add_argument("--no-baseline", action="store_true", help="measure the current code only")
    ap.add_argument("--naive", action="store_true", help="also time the naive keyword workload (slow)")
    ap.add_argument("--worker", nargs=2, metavar=("SRC", "DOCS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(*args.worker)

    rng = random.Random(args.seed)
    docs = [synth(rng) for _ in range(args.n)]
    dev = [] if args.no_dev else load_dev()
    docs += dev
    n = len(docs)
    sizes = [len(t.encode("utf-8")) for t, _ in docs]
    print(f"articles: {n} ({args.n} synthetic + {len(dev)} dev), size median {statistics.median(sizes) / 1024:.1f} KB, "
          f"range {min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB; one core per worker process, CPU time")
    print(f"load average at start: {loadavg()} on {os.cpu_count()} cores (CPU time is what counts; wall time suffers "
          "when the load exceeds the cores)")
    with tempfile.TemporaryDirectory() as tmp:
        docs_path = os.path.join(tmp, "docs.json")
        with open(docs_path, "w", encoding="utf-8") as f:
            json.dump(docs, f, ensure_ascii=False)
        workers = [Worker("current", ROOT / "src", docs_path)]
        if not args.no_baseline:
            src = baseline_tree(args.baseline_ref, Path(tmp) / "baseline")
            if src is not None:
                rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline_ref],
                                     capture_output=True, text=True).stdout.strip()
                label = "baseline " + (args.baseline_ref if rev.startswith(args.baseline_ref) else f"{args.baseline_ref} {rev}")
                workers.append(Worker(label, src, docs_path))
        tasks = ["extract", "clean"] + (["naive"] if args.naive else [])
        results: dict[tuple[str, str], list[dict]] = {}
        try:
            for r in range(args.rounds):
                order = workers if r % 2 == 0 else workers[::-1]
                for task in tasks:
                    for w in order:
                        if task == "naive" and w is not workers[0]:
                            continue
                        results.setdefault((w.label, task), []).append(w.run(task))
        finally:
            for w in workers:
                w.close()
    names = {"extract": "extract_events (clean+extract)", "clean": "clean_article only", "naive": "naive keyword workload"}
    print(f"{'CPU time, one core':52s} {'articles/s':>10s} {'(best)':>7s} {'mean ms':>8s} {'p99 ms':>7s}"
          f" {'wall/s':>7s}   median of {args.rounds} rounds")
    for task in tasks:
        for w in workers:
            rounds = results.get((w.label, task))
            if not rounds:
                continue
            s = summary(rounds, n)
            print(f"{names[task] + ' — ' + w.label:52s} {s['rate']:10.0f} {s['best']:7.0f} {s['mean']:8.2f} "
                  f"{s['p99']:7.2f} {s['wall']:7.0f}")
        if len(workers) > 1 and task != "naive":
            cur, base = results[(workers[0].label, task)], results[(workers[1].label, task)]
            ratios = [sum(b["times"]) / (sum(c["times"]) or 1e-9) for c, b in zip(cur, base)]
            print(f"{'':52s} speed-up over baseline: {statistics.median(ratios):.2f}x (median of per-round ratios)")
    print(f"load average at end: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
