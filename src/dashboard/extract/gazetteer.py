"""Gazetteers: agency aliases (``data/agency_aliases.csv``) and region names (``data/regions_all.csv``).

Matching is token based: the text is split into word tokens once, and a dictionary keyed by
the first token of every alias gives the candidate aliases at each position (longest first).
That is a few dict look-ups per token, far cheaper than one huge regex alternation, and it
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

TOKEN_RE = re.compile(r"[^\W_]+")
_GAP_OK_RE = re.compile(r"[ \t\u00a0]*[.,\-–/&]?[ \t\u00a0]*\Z")
# tokens that must match exactly as written (common words in another case)
_EXACT = {"Kabin", "Binda", "Bhabin", "Wako", "Tapem", "Setda", "Kesbang", "Jaksa", "Satpol", "Kominfo"}


class Token:
    """A word token (plain slotted class: thousands are made per article)."""

    __slots__ = ("start", "end", "text", "low")

    def __init__(self, start: int, end: int, text: str, low: str):
        self.start, self.end, self.text, self.low = start, end, text, low

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"


def tokenize(text: str) -> list[Token]:
    out = []
    for m in TOKEN_RE.finditer(text):
        w = m.group(0)
        s, e = m.span()
        out.append(Token(s, e, w, w.lower()))
    return out


@dataclass(frozen=True)
class Entry:
    key: tuple[str, ...]  # lower-case tokens
    orig: tuple[str, ...]  # tokens as written in the gazetteer
    value: object
    mode: str  # "agency" | "proper"


@dataclass(frozen=True)
class Match:
    start: int  # char offsets
    end: int
    i: int  # token indexes [i, j)
    j: int
    entry: Entry


class Matcher:
    def __init__(self, entries: list[Entry]):
        idx: dict[str, list[Entry]] = {}
        for e in entries:
            idx.setdefault(e.key[0], []).append(e)
        for v in idx.values():
            v.sort(key=lambda e: -len(e.key))
        self.index = idx

    def _tok_ok(self, alias_tok: str, tok: Token, mode: str) -> bool:
        if mode == "proper":
            c = tok.text[0]
            return c.isupper() or c.isdigit()
        if alias_tok in _EXACT:
            return tok.text == alias_tok or tok.text == alias_tok.upper()
        if len(alias_tok) >= 1 and alias_tok.isupper():
            return tok.text.isupper() or tok.text.isdigit()
        return True

    def find(self, text: str, tokens: list[Token]) -> list[Match]:
        out = []
        n = len(tokens)
        i = 0
        idx = self.index
        while i < n:
            cands = idx.get(tokens[i].low)
            hit = None
            if cands:
                for e in cands:
                    k = len(e.key)
                    if i + k > n:
                        continue
                    ok = True
                    for t in range(k):
                        tok = tokens[i + t]
                        if tok.low != e.key[t] or not self._tok_ok(e.orig[t], tok, e.mode):
                            ok = False
                            break
                        if t and not _GAP_OK_RE.match(text, tokens[i + t - 1].end, tok.start):
                            ok = False
                            break
                        if t and tok.start - tokens[i + t - 1].end > 3:
                            ok = False
                            break
                    if ok:
                        hit = Match(tokens[i].start, tokens[i + k - 1].end, i, i + k, e)
                        break
            if hit:
                out.append(hit)
                i = hit.j
            else:
                i += 1
        return out


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
