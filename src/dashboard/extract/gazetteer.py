"""Gazetteers: agency aliases (``data/agency_aliases.csv``) and region names (``data/regions_all.csv``).

Matching is token based: the text is split into word tokens once (``scan.TextIndex``, shared
with every other field), and a dictionary keyed by the first token of every alias gives the
candidate aliases at each position (longest first). Only tokens that start some alias are
visited, found by intersecting the article's vocabulary with the alias keys, so the cost is a
few dict look-ups per candidate mention, far cheaper than one huge regex alternation, and it
gives word boundaries for free (``KPU`` never matches inside ``PKPU``).

Case rules: alias tokens written in capitals (``KPU``, ``BIN``, ``PPS``) only match capitals
in the text, so the Malay ``bin`` in a name is not the intelligence agency; other tokens match
case-insensitively. Region names must be capitalised in the text (proper nouns).

The tables are loaded once per process (``functools.lru_cache``). The region loader reads the
CSV directly instead of going through ``dashboard.reference`` to keep extraction free of the
database layer.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import DATA_DIR
from dashboard.extract.scan import TextIndex

TOKEN_RE = re.compile(r"[^\W_]+")
_GAP_OK_RE = re.compile(r"[ \t\u00a0]*[.,\-–/&]?[ \t\u00a0]*\Z")
# tokens that must match exactly as written (common words in another case)
_EXACT = {"Kabin", "Binda", "Bhabin", "Wako", "Tapem", "Setda", "Kesbang", "Jaksa", "Satpol", "Kominfo"}

# how a gazetteer token must be written in the text
_ANY, _AS_WRITTEN, _CAPS, _PROPER = 0, 1, 2, 3


@dataclass(frozen=True)
class Entry:
    key: tuple[str, ...]  # lower-case tokens
    orig: tuple[str, ...]  # tokens as written in the gazetteer
    value: object
    mode: str  # "agency" | "proper"
    checks: tuple[int, ...] = ()  # per token: _ANY | _AS_WRITTEN | _CAPS | _PROPER


def _checks(orig: tuple[str, ...], mode: str) -> tuple[int, ...]:
    if mode == "proper":
        return (_PROPER,) * len(orig)
    out = []
    for t in orig:
        if t in _EXACT:
            out.append(_AS_WRITTEN)
        elif t.isupper():
            out.append(_CAPS)
        else:
            out.append(_ANY)
    return tuple(out)


class Match:
    """A gazetteer hit: char offsets ``[start, end)``, token indexes ``[i, j)``."""

    __slots__ = ("start", "end", "i", "j", "entry")

    def __init__(self, start: int, end: int, i: int, j: int, entry: Entry):
        self.start, self.end, self.i, self.j, self.entry = start, end, i, j, entry

    def __repr__(self) -> str:
        return f"Match({self.start}, {self.end}, {self.entry.orig})"


class Matcher:
    """Longest-match dictionary walk over the tokens of a :class:`TextIndex`.

    Only tokens that start some entry are visited (found through the index's word positions),
    so the cost follows the number of candidate mentions, not the length of the text.
    """

    def __init__(self, entries: list[Entry]):
        idx: dict[str, list[Entry]] = {}
        for e in entries:
            if not e.checks:
                e = Entry(e.key, e.orig, e.value, e.mode, _checks(e.orig, e.mode))
            idx.setdefault(e.key[0], []).append(e)
        for v in idx.values():
            v.sort(key=lambda e: -len(e.key))
        self.index = idx
        self.first = frozenset(idx)
        # first token -> (second token -> longer entries, longest first; one-token entries)
        self.split: dict[str, tuple[dict[str, list[Entry]], list[Entry]]] = {}
        for k, v in idx.items():
            longer: dict[str, list[Entry]] = {}
            for e in v:
                if len(e.key) > 1:
                    longer.setdefault(e.key[1], []).append(e)
            self.split[k] = (longer, [e for e in v if len(e.key) == 1])

    def find(self, ix: TextIndex) -> list[Match]:
        out: list[Match] = []
        cand = ix.token_indexes(self.first)
        if not cand:
            return out
        text, lows, starts, ends = ix.text, ix.lows, ix.starts, ix.ends
        n = len(lows)
        split = self.split
        nxt = 0
        for i in cand:
            if i < nxt:
                continue
            longer, single = split[lows[i]]
            entries = longer.get(lows[i + 1], ()) if longer and i + 1 < n else ()
            for group in (entries, single):
                hit = None
                for e in group:
                    k = len(e.key)
                    if i + k > n:
                        continue
                    ok = True
                    for t in range(k):
                        p = i + t
                        if lows[p] != e.key[t]:
                            ok = False
                            break
                        c = e.checks[t]
                        if c:
                            w = text[starts[p]:ends[p]]
                            if c == _PROPER:
                                ok = w[0].isupper() or w[0].isdigit()
                            elif c == _CAPS:
                                ok = w.isupper() or w.isdigit()
                            else:
                                ok = w == e.orig[t] or w == e.orig[t].upper()
                            if not ok:
                                break
                        if t:
                            a = ends[p - 1]
                            if starts[p] - a > 3 or not _GAP_OK_RE.match(text, a, starts[p]):
                                ok = False
                                break
                    if ok:
                        hit = Match(starts[i], ends[i + k - 1], i, i + k, e)
                        break
                if hit:
                    out.append(hit)
                    nxt = hit.j
                    break
        return out

    def find_text(self, text: str) -> list[Match]:
        """Convenience for tests and one-off calls: index ``text`` and match."""
        return self.find(TextIndex(text))


# --- agencies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyAlias:
    alias: str
    agency: str
    kind: str  # unit | title | abbr | fullname
    level: str  # nasional | provinsi | kabkota | any


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@functools.lru_cache(maxsize=2)
def agency_aliases(data_dir: Path = DATA_DIR) -> tuple[AgencyAlias, ...]:
    out = []
    for r in _read_csv(data_dir / "agency_aliases.csv"):
        a = (r.get("alias") or "").strip()
        if a and r.get("agency"):
            out.append(AgencyAlias(a, r["agency"].strip(), (r.get("kind") or "").strip(), (r.get("level") or "any").strip()))
    return tuple(out)


@functools.lru_cache(maxsize=2)
def agency_matcher(data_dir: Path = DATA_DIR) -> Matcher:
    entries = []
    seen = set()
    for a in agency_aliases(data_dir):
        orig = tuple(TOKEN_RE.findall(a.alias))
        key = tuple(t.lower() for t in orig)
        if not key or key in seen:
            continue
        seen.add(key)
        entries.append(Entry(key, orig, a, "agency"))
    return Matcher(entries)


# --- regions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # official: "Kabupaten Solok", "Kota Solok", "Sumatera Barat"
    level: str  # provinsi | kabupaten | kota
    province_code: str
    province_name: str

    @property
    def bare(self) -> str:
        for p in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
            if self.name.startswith(p):
                return self.name[len(p):]
        return self.name


# Common short forms used by local media that the reference table does not list.
EXTRA_REGION_ALIASES = {
    "Sumatra Barat": "13", "Sumatera Utara": "12", "Kep. Riau": "21", "Jogja": "34", "Yogyakarta": "34",
    "Kaltara": "65", "Kalteng": "62", "Sulsel": "73", "Jabar": "32", "Jateng": "33", "Jatim": "35",
    "Kobar": "62.01", "Kotim": "62.02", "Sidrap": "73.14", "Kukar": "64.02", "Kubar": "64.07",
    "Sungaipenuh": "15.72", "Limapuluh Kota": "13.07", "Lima Puluh Kota": "13.07", "Pesisir Selatan": "13.01",
    "Tanah Datar": "13.04", "Padang Pariaman": "13.05", "Bogor Kota": "32.71",
}


@functools.lru_cache(maxsize=2)
def regions(data_dir: Path = DATA_DIR) -> dict[str, Region]:
    out = {}
    for r in _read_csv(data_dir / "regions_all.csv"):
        lvl = r["level"]
        if lvl.startswith("kabupaten"):
            lvl = "kabupaten"
        elif lvl.startswith("kota"):
            lvl = "kota"
        out[r["code"]] = Region(r["code"], r["name"], lvl, r["province_code"], r["province_name"])
    return out


@functools.lru_cache(maxsize=2)
def _region_aliases(data_dir: Path = DATA_DIR) -> dict[str, tuple[str, ...]]:
    regs = regions(data_dir)
    names: dict[str, list[str]] = {}

    def put(name: str, code: str) -> None:
        name = name.strip()
        if not name or code not in regs:
            return
        lst = names.setdefault(name, [])
        if code not in lst:
            lst.append(code)

    for r in _read_csv(data_dir / "regions_all.csv"):
        reg = regs[r["code"]]
        put(reg.bare, reg.code)
        if reg.level == "provinsi":
            put(reg.name, reg.code)
        for a in (r.get("aliases") or "").split(";"):
            a = a.strip()
            a = re.sub(r"^(?:Kab\.?|Kabupaten|Kota|Provinsi)\s+", "", a)
            if len(a) >= 3:
                put(a, reg.code)
    for a, code in EXTRA_REGION_ALIASES.items():
        put(a, code)
    return {k: tuple(v) for k, v in names.items()}


@functools.lru_cache(maxsize=2)
def region_matcher(data_dir: Path = DATA_DIR) -> Matcher:
    entries = []
    for name, codes in _region_aliases(data_dir).items():
        orig = tuple(TOKEN_RE.findall(name))
        if not orig:
            continue
        entries.append(Entry(tuple(t.lower() for t in orig), orig, codes, "proper"))
    return Matcher(entries)


@functools.lru_cache(maxsize=4)
def election_region_codes(election: str, data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Codes of the regions holding ``Pilkada 2020``/``Pilkada 2024`` -> contest (gubernur|bupati|walikota)."""
    files = {"Pilkada 2020": "pilkada2020_regions.csv", "Pilkada 2024": "pilkada2024_regions.csv"}
    f = files.get(election)
    if not f or not (data_dir / f).exists():
        return {}
    return {r["code"]: r["contest"] for r in _read_csv(data_dir / f)}


@functools.lru_cache(maxsize=2)
def province_capitals(data_dir: Path = DATA_DIR) -> dict[str, frozenset[str]]:
    """Province code -> codes of the kabupaten/kota holding its seat (``data/province_capitals.csv``)."""
    path = data_dir / "province_capitals.csv"
    if not path.exists():
        return {}
    return {
        r["province_code"]: frozenset(c.strip() for c in r["region_codes"].split(";") if c.strip())
        for r in _read_csv(path)
    }


def voting_dates() -> dict[str, object]:
    """Election name -> voting date (from data/elections.csv), plus the first 2020 date."""
    import datetime as dt

    out: dict[str, object] = {}
    path = DATA_DIR / "elections.csv"
    if path.exists():
        for r in _read_csv(path):
            if r.get("voting_date"):
                out[r["name"]] = dt.date.fromisoformat(r["voting_date"])
    return out
