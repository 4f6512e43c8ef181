"""Import of event lists: a CSV or Excel table of meetings, one event a row.

The column format is documented in ``docs/event-table-format.md``; a template and an
example are in ``data/templates/``. ``parse_event_table(name, data)`` validates every
row and returns the typed rows *and* every problem found, with spreadsheet row numbers
(header = row 1; problems with the file itself are reported on row 0). It writes
nothing: the caller imports all rows or none (``result.ok`` is False as soon as there
is a single error).

No Streamlit here.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from dashboard.config import DATA_DIR
from dashboard.db.models import ACTIVITIES
from dashboard.ingest import readers as R
from dashboard.intparse import parse_int

# ---------------------------------------------------------------- result types


@dataclass(frozen=True)
class EventRow:
    """One validated row. ``regions`` are Kemendagri codes; ``agencies`` canonical
    short names from ``data/agencies.csv``; ``election`` the display name to pass to
    ``reference.ensure_election`` and ``election_id`` its id."""

    row: int
    event_date: dt.date
    activity: str = "other"
    location: str | None = None
    agencies: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    election: str | None = None
    election_id: str | None = None
    participants: int | None = None
    notes: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["event_date"] = self.event_date.isoformat()
        d["agencies"] = list(self.agencies)
        d["regions"] = list(self.regions)
        return d


@dataclass(frozen=True)
class RowError:
    """A problem: ``row`` as the spreadsheet shows it (header = 1, file = 0),
    ``column`` as written in the header (``None`` for the whole row or file), an
    English ``message`` and a stable ``code`` for translation."""

    row: int
    column: str | None
    message: str
    code: str


@dataclass
class EventTableResult:
    rows: list[EventRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        """True when there is no error at all (the only case in which to import)."""
        return not self.errors


# ---------------------------------------------------------------- error codes

MISSING_COLUMN = "missing_column"
DUPLICATE_COLUMN = "duplicate_column"
MISSING_VALUE = "missing_value"
BAD_DATE = "bad_date"
DATE_OUT_OF_RANGE = "date_out_of_range"
UNKNOWN_ACTIVITY = "unknown_activity"
UNKNOWN_AGENCY = "unknown_agency"
UNKNOWN_REGION = "unknown_region"
AMBIGUOUS_REGION = "ambiguous_region"
UNKNOWN_ELECTION = "unknown_election"
BAD_PARTICIPANTS = "bad_participants"
BAD_URL = "bad_url"
TOO_LONG = "too_long"
TOO_MANY_ROWS = "too_many_rows"
TOO_MANY_ERRORS = "too_many_errors"
# File-level problems reuse the reader codes: too_large, empty, bad_encoding, binary,
# unsupported_format, bad_excel, bad_csv, zip_unsafe (a workbook built as a zip bomb),
# and internal_error (a bug; the fuzz tests check it never happens).

ERROR_CODES = (
    MISSING_COLUMN, DUPLICATE_COLUMN, MISSING_VALUE, BAD_DATE, DATE_OUT_OF_RANGE, UNKNOWN_ACTIVITY,
    UNKNOWN_AGENCY, UNKNOWN_REGION, AMBIGUOUS_REGION, UNKNOWN_ELECTION, BAD_PARTICIPANTS, BAD_URL,
    TOO_LONG, TOO_MANY_ROWS, TOO_MANY_ERRORS,
    R.TOO_LARGE, R.EMPTY, R.BAD_ENCODING, R.BINARY, R.UNSUPPORTED_FORMAT, R.BAD_EXCEL, R.BAD_CSV, R.ZIP_UNSAFE,
    R.INTERNAL_ERROR,
)

MAX_ROWS = 50_000
MAX_ERRORS = 1_000
MAX_LOCATION = 500  # event.location column
MAX_NOTES = 10_000
MAX_PARTICIPANTS = 10_000_000
MIN_EVENT_YEAR = 1990

# ---------------------------------------------------------------- columns

COLUMNS: dict[str, tuple[str, ...]] = {
    "tanggal": ("tanggal", "date", "tgl", "tanggal kegiatan", "event date"),
    "kegiatan": ("kegiatan", "activity", "jenis kegiatan", "jenis"),
    "tempat": ("tempat", "location", "lokasi", "venue"),
    "instansi": ("instansi", "agencies", "agency", "lembaga"),
    "wilayah": ("wilayah", "regions", "region", "daerah", "kode wilayah"),
    "pemilihan": ("pemilihan", "election", "pemilu"),
    "peserta": ("peserta", "participants", "jumlah peserta"),
    "catatan": ("catatan", "notes", "note", "keterangan"),
    "url": ("url", "sumber", "source", "link", "tautan"),
}
REQUIRED = ("tanggal",)
TEMPLATE_HEADER = tuple(COLUMNS)

# ---------------------------------------------------------------- activities

_ACTIVITY_WORDS: dict[str, str] = {
    # Indonesian
    "rapat koordinasi": "rakor", "rakor": "rakor", "rakor lintas sektoral": "rakor",
    "rapat koordinasi lintas sektoral": "rakor", "desk pilkada": "rakor", "desk pemilu": "rakor",
    "rapat": "rapat", "rapat kerja": "rapat", "raker": "rapat", "fgd": "rapat",
    "focus group discussion": "rapat", "diskusi": "rapat", "audiensi": "rapat", "konsolidasi": "rapat",
    "rapat pleno": "rapat", "pertemuan": "rapat",
    "sosialisasi": "sosialisasi", "pendidikan politik": "sosialisasi", "pendidikan pemilih": "sosialisasi",
    "edukasi": "sosialisasi", "penyuluhan": "sosialisasi",
    "apel": "apel", "apel siaga": "apel", "apel gelar pasukan": "apel", "apel kesiapan": "apel",
    "apel persiapan": "apel",
    "bimtek": "bimtek", "bimbingan teknis": "bimtek", "pelatihan": "bimtek",
    "simulasi": "simulasi", "simulasi pemungutan suara": "simulasi",
    "simulasi pemungutan dan penghitungan suara": "simulasi",
    "monitoring": "monitoring", "monev": "monitoring", "pemantauan": "monitoring", "supervisi": "monitoring",
    "peninjauan": "monitoring", "sidak": "monitoring", "inspeksi mendadak": "monitoring",
    "pengawasan": "monitoring",
    "deklarasi": "deklarasi", "deklarasi damai": "deklarasi", "deklarasi pemilu damai": "deklarasi",
    "ikrar": "deklarasi", "ikrar damai": "deklarasi",
    "pelantikan": "pelantikan", "pengambilan sumpah": "pelantikan", "pengukuhan": "pelantikan",
    "lainnya": "other", "lain-lain": "other", "lain lain": "other",
    # English
    "coordination meeting": "rakor", "meeting": "rapat", "socialisation": "sosialisasi",
    "socialization": "sosialisasi", "outreach": "sosialisasi", "voter education": "sosialisasi",
    "assembly": "apel", "roll call": "apel", "parade": "apel", "technical guidance": "bimtek",
    "training": "bimtek", "simulation": "simulasi", "inspection": "monitoring", "declaration": "deklarasi",
    "inauguration": "pelantikan", "swearing-in": "pelantikan", "swearing in": "pelantikan",
}


def activity_code(value: Any) -> str | None:
    """An activity code from ``db.models.ACTIVITIES`` for a code or an Indonesian/English
    phrase (``Rapat Koordinasi`` -> ``rakor``); ``None`` when not recognised."""
    s = _key(value)
    if not s:
        return None
    if s in ACTIVITIES:
        return s
    if s in _ACTIVITY_WORDS:
        return _ACTIVITY_WORDS[s]
    # longest known phrase the value starts with ("Rapat Koordinasi Persiapan Pilkada")
    best = None
    for phrase, code in _ACTIVITY_WORDS.items():
        if (s.startswith(phrase + " ") or s == phrase) and (best is None or len(phrase) > len(best[0])):
            best = (phrase, code)
    return best[1] if best else None


# ---------------------------------------------------------------- agencies

# Common names and titles of parts of each body in data/agencies.csv. Titles of heads
# ("Kaban Kesbangpol", "Kapolres") mean the body. Matched case-insensitively, as the
# whole item or at its start ("Polres Solok", "Kodim 0309/Solok").
_AGENCY_ALIASES: dict[str, str] = {
    "kpu ri": "KPU", "kpud": "KPU", "kpu provinsi": "KPU", "kpu kabupaten": "KPU", "kpu kota": "KPU",
    "komisi pemilihan umum": "KPU", "ppk": "KPU", "pps": "KPU", "kpps": "KPU",
    "panwaslu": "Bawaslu", "panwas": "Bawaslu", "panwascam": "Bawaslu", "pkd": "Bawaslu", "ptps": "Bawaslu",
    "badan pengawas pemilu": "Bawaslu", "badan pengawas pemilihan umum": "Bawaslu",
    "dewan kehormatan penyelenggara pemilu": "DKPP",
    "kementerian dalam negeri": "Kemendagri", "mendagri": "Kemendagri", "ditjen polpum": "Kemendagri",
    "polpum kemendagri": "Kemendagri",
    "badan kesbangpol": "Kesbangpol", "bakesbangpol": "Kesbangpol", "kaban kesbangpol": "Kesbangpol",
    "kakan kesbangpol": "Kesbangpol", "kantor kesbangpol": "Kesbangpol", "kesbangpol linmas": "Kesbangpol",
    "badan kesatuan bangsa dan politik": "Kesbangpol", "kesatuan bangsa dan politik": "Kesbangpol",
    "bakesbangpol linmas": "Kesbangpol",
    "pemerintah daerah": "Pemda", "pemkab": "Pemda", "pemkot": "Pemda", "pemprov": "Pemda",
    "pemerintah kabupaten": "Pemda", "pemerintah kota": "Pemda", "pemerintah provinsi": "Pemda",
    "bupati": "Pemda", "wakil bupati": "Pemda", "wali kota": "Pemda", "walikota": "Pemda",
    "wakil wali kota": "Pemda", "gubernur": "Pemda", "wakil gubernur": "Pemda", "sekda": "Pemda",
    "sekretaris daerah": "Pemda", "camat": "Pemda", "lurah": "Pemda", "wali nagari": "Pemda",
    "kepala desa": "Pemda", "diskominfo": "Pemda", "dinas kominfo": "Pemda",
    "dewan perwakilan rakyat daerah": "DPRD",
    "polisi": "Polri", "kepolisian": "Polri", "polda": "Polri", "polres": "Polri", "polresta": "Polri",
    "polrestabes": "Polri", "polsek": "Polri", "kapolda": "Polri", "kapolres": "Polri", "kapolresta": "Polri",
    "kapolsek": "Polri", "intelkam": "Polri", "brimob": "Polri", "kapolri": "Polri",
    "kodam": "TNI", "korem": "TNI", "kodim": "TNI", "koramil": "TNI", "babinsa": "TNI", "dandim": "TNI",
    "danrem": "TNI", "pangdam": "TNI", "danramil": "TNI", "tni ad": "TNI", "tni al": "TNI", "tni au": "TNI",
    "lanal": "TNI", "lanud": "TNI", "panglima tni": "TNI", "asintel": "TNI",
    "kabinda": "BIN", "binda": "BIN", "badan intelijen negara": "BIN",
    "kejati": "Kejaksaan", "kejari": "Kejaksaan", "kejaksaan negeri": "Kejaksaan",
    "kejaksaan tinggi": "Kejaksaan", "kajari": "Kejaksaan", "kajati": "Kejaksaan",
    "satpol": "Satpol PP", "satpol pp": "Satpol PP", "satlinmas": "Satpol PP", "linmas": "Satpol PP",
    "satuan polisi pamong praja": "Satpol PP", "polisi pamong praja": "Satpol PP",
    "polhukam": "Kemenko Polhukam", "menko polhukam": "Kemenko Polhukam", "kemenkopolhukam": "Kemenko Polhukam",
    "kemenpan rb": "KemenPANRB", "kemenpan-rb": "KemenPANRB", "menpan rb": "KemenPANRB", "panrb": "KemenPANRB",
    "kominfo": "Kemenkominfo", "kemkominfo": "Kemenkominfo", "kemkomdigi": "Kemenkominfo",
    "badan siber dan sandi negara": "BSSN",
    "badan pemeriksa keuangan": "BPK",
    "komisi pemberantasan korupsi": "KPK",
}


@functools.lru_cache(maxsize=1)
def _agency_index() -> dict[str, str]:
    from dashboard import reference

    index: dict[str, str] = {}
    canon = reference.agencies()
    for name in canon:
        index[_key(name)] = name
    for alias, name in _AGENCY_ALIASES.items():
        if name in canon:
            index.setdefault(_key(alias), name)
    path = DATA_DIR / "agency_aliases.csv"  # optional, shared with the extractor when present
    if path.exists():
        try:
            with open(path, encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    name, alias = (r.get("agency") or "").strip(), (r.get("alias") or "").strip()
                    if name in canon and alias:
                        index.setdefault(_key(alias), name)
        except (OSError, csv.Error, UnicodeDecodeError):
            pass
    return index


def agency_name(value: Any) -> str | None:
    """Canonical agency short name for a name or common alias, case-insensitive; an
    alias may be followed by a place or unit (``Polres Solok``, ``Kodim 0309/Solok``,
    ``KPU Kabupaten Solok``)."""
    s = _key(value)
    if not s:
        return None
    index = _agency_index()
    if s in index:
        return index[s]
    words = s.replace("/", " ").split()
    for n in range(min(len(words), 6), 0, -1):
        head = " ".join(words[:n])
        if head in index:
            return index[head]
    return None


# ---------------------------------------------------------------- regions

_CODE = re.compile(r"^\d{2}(?:\.\d{2})?$")
_CODE_EXCEL_MANGLED = re.compile(r"^\d{2}\.\d$")  # 13.10 saved by Excel as 13.1


@functools.lru_cache(maxsize=1)
def _region_index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(exact name/alias -> code, bare name -> codes)."""
    from dashboard import reference

    exact: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    regions = reference.regions()
    for r in regions.values():
        exact.setdefault(_key(r.name), r.code)
    for r in regions.values():
        for a in r.aliases:
            exact.setdefault(_key(a), r.code)
    for r in regions.values():
        b = _key(r.bare_name)
        if b not in exact:
            bare.setdefault(b, []).append(r.code)
    return exact, bare


def region_code(value: Any) -> tuple[str | None, str | None, str]:
    """(code, error code, message) for one region: a Kemendagri code (``13.02``, ``13``)
    or an exact name or alias from ``data/regions_all.csv`` (case-insensitive); a name
    without ``Kabupaten``/``Kota`` is accepted when only one region has it."""
    from dashboard import reference

    if isinstance(value, float):
        value = _float_code(value)
    s = R.clean_line(value, max_len=200) or ""
    if not s:
        return None, None, ""
    regions = reference.regions()
    if _CODE_EXCEL_MANGLED.match(s):
        s = s + "0"
    if _CODE.match(s):
        if s in regions:
            return s, None, ""
        return None, UNKNOWN_REGION, f"there is no region with Kemendagri code {s}"
    exact, bare = _region_index()
    k = _key(s)
    if k in exact:
        return exact[k], None, ""
    codes = bare.get(k)
    if codes and len(codes) == 1:
        return codes[0], None, ""
    if codes:
        options = ", ".join(f"{regions[c].name} ({c})" for c in codes)
        return None, AMBIGUOUS_REGION, f"'{s}' could be {options}; write the full name or the code"
    return None, UNKNOWN_REGION, (f"unknown region '{_short(s)}'; use a Kemendagri code such as 13.02 or the "
                                  "name as in the region list (e.g. Kabupaten Solok)")


# ---------------------------------------------------------------- elections

# Kinds outside the reference table that are accepted for any plausible year (the
# importer creates them out of scope, as ``reference.ensure_election`` does).
EXTRA_ELECTION_KINDS = ("pilkades",)
_ELECTION = re.compile(r"^(?P<kind>[a-z]+)(?:[\s-]+serentak)?[\s-]+(?:tahun[\s-]+)?(?P<year>\d{4})$")


def election_name(value: Any) -> tuple[str | None, str | None, str | None]:
    """(name, id, error message) for ``Pilkada 2020`` / ``pilkada-2020`` /
    ``Pilkada Serentak 2020``. Elections in ``data/elections.csv`` get their reference
    name. A Pilkada or Pemilu that is not in the reference table is an error (a typo in
    the year, most likely); village elections (``Pilkades 2020``) are accepted."""
    from dashboard import reference

    s = _key(value)
    if not s:
        return None, None, None
    m = _ELECTION.match(s.replace("_", " "))
    known = reference.elections()
    if m:
        eid = f"{m['kind']}-{m['year']}"
        if eid in known:
            return known[eid].name, eid, None
        year = int(m["year"])
        if m["kind"] in EXTRA_ELECTION_KINDS and MIN_EVENT_YEAR <= year <= dt.date.today().year + 10:
            name = f"{m['kind'].capitalize()} {year}"
            return name, reference.election_id_for_name(name), None
    names = ", ".join(e.name for e in known.values())
    return None, None, f"unknown election '{_short(str(value))}'; write it like {names}"


# ---------------------------------------------------------------- values

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_LONG = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_INT = re.compile(r"^[0-9]{1,9}$", re.ASCII)
_INT_GROUPED = re.compile(r"^[0-9]{1,3}(?:([.,\s])[0-9]{3})(?:\1[0-9]{3})*$", re.ASCII)


def parse_event_date(value: Any) -> tuple[dt.date | None, str | None, str | None]:
    """(date, error code, message). Accepted: ISO ``2020-02-27``, ``27/02/2020``
    (also ``-`` and ``.``), ``27 Februari 2020`` (optionally after a weekday), an Excel
    date cell or Excel day number. Day-first only; four-digit years only."""
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        d = R.excel_serial_to_date(float(value))
        if d is None:
            return None, BAD_DATE, f"the number {_short(str(value))} is not a date"
    else:
        s = (R.clean_line(value, max_len=100) or "").lower()
        d = None
        m = _DATE_ISO.match(s)
        if m:
            d = _mkdate(int(m[1]), int(m[2]), int(m[3]))
        elif (m := _DATE_DMY.match(s)) is not None:
            d = _mkdate(int(m[3]), int(m[2]), int(m[1]))
        elif (m := _DATE_LONG.match(s)) is not None and m[2] in R._MONTHS:
            d = _mkdate(int(m[3]), R._MONTHS[m[2]], int(m[1]))
        elif re.fullmatch(r"\d{5}(?:\.\d+)?", s):
            d = R.excel_serial_to_date(float(s))
        if d is None:
            return None, BAD_DATE, (f"'{_short(str(value))}' is not a date; write it as 2020-02-27, 27/02/2020 "
                                    "or 27 Februari 2020")
    if not MIN_EVENT_YEAR <= d.year <= dt.date.today().year + 10:
        return None, DATE_OUT_OF_RANGE, f"the year {d.year} is out of range; check the date"
    return d, None, None


def _mkdate(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_participants(value: Any) -> tuple[int | None, str | None]:
    """(count, error message): a whole number >= 0; ``1.200``/``1,200``/``1 200`` are
    read as thousands."""
    if isinstance(value, bool):
        return None, "write the number of participants as a whole number such as 120"
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or value != int(value):
            return None, "the number of participants must be a whole number"
        n = int(value)
    else:
        s = R.clean_line(value, max_len=50) or ""
        if _INT.match(s):
            n = parse_int(s)
        elif _INT_GROUPED.match(s):
            n = parse_int(re.sub(r"[^0-9]", "", s))
        elif re.fullmatch(r"-\s*\d+", s):
            return None, "the number of participants cannot be negative"
        else:
            return None, f"'{_short(s)}' is not a whole number; write the number of participants such as 120"
        if n is None:
            return None, f"'{_short(s)}' participants is not plausible; check the number"
    if n < 0:
        return None, "the number of participants cannot be negative"
    if n > MAX_PARTICIPANTS:
        return None, f"{n} participants is not plausible; check the number"
    return n, None


def _key(value: Any) -> str:
    if value is None or isinstance(value, (dict, list, tuple, set, bytes)):
        return ""
    s = R.clean_line(value, max_len=500) or ""
    return re.sub(r"\s+", " ", s.casefold().replace("_", " ")).strip(" .")


def _short(s: str, n: int = 60) -> str:
    s = R.clean_line(s, max_len=n * 2) or ""
    return s if len(s) <= n else s[: n - 1] + "…"


def _split_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, float):
        return [_float_code(value)] if math.isfinite(value) else []
    if isinstance(value, (int, dt.date)):
        return [str(value)]
    s = R.clean_text(str(value))
    return [p.strip() for p in re.split(r"[;,\n]", s) if p.strip()]


def _float_code(value: float) -> str:
    """A region code that Excel stored as a number: 13 -> "13", 13.02 -> "13.02",
    13.1 -> "13.10" (Excel dropped the zero)."""
    if not math.isfinite(value):
        return str(value)
    return str(int(value)) if value == int(value) else f"{value:.2f}"


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not R.clean_line(value)


# ---------------------------------------------------------------- parsing


def _tables(name: str, data: bytes, max_bytes: int) -> list[R.Table]:
    """Tables from the upload; raises ``R._Reject`` for unreadable files."""
    if len(data) > max_bytes:
        raise R._Reject(R.TOO_LARGE, f"the file is larger than the limit of {R._mb(max_bytes)}")
    if not data.strip(b" \t\r\n\x00"):
        raise R._Reject(R.EMPTY, "the file is empty")
    if data.startswith(R._ZIP_MAGIC):
        return R.xlsx_tables(data, R.Limits(max_bytes=max_bytes, max_total_bytes=4 * max_bytes,
                                            max_records=MAX_ROWS + 1))
    what = R._binary_kind(data)
    if what:
        raise R._Reject(R.UNSUPPORTED_FORMAT, f"this is {what}, which is not supported; use .csv or .xlsx")
    text, _ = R.decode_bytes(data)
    text = R.prepare_csv_text(text)
    if not text.strip():
        raise R._Reject(R.EMPTY, "the file is empty")
    known = {n for names in COLUMNS.values() for n in names}
    return [R.csv_table(text, known)]


def parse_event_table(name: str, data: bytes, *, max_bytes: int | None = None) -> EventTableResult:
    """Validate an event table (CSV or .xlsx; the first sheet with a ``tanggal``/``date``
    column). Never raises for bad input."""
    limits = R.Limits.for_max_bytes(max_bytes)
    result = EventTableResult(source=R._safe_name(str(name or "upload")))
    try:
        _parse(name, bytes(data or b""), limits.max_bytes, result)
    except R._Reject as r:
        result.errors.append(RowError(0, None, r.reason, r.code))
    except RecursionError:
        result.errors.append(RowError(0, None, "the file is nested too deeply to read", R.BAD_EXCEL))
    except _TooManyErrors:
        result.errors.append(RowError(0, None, f"more than {MAX_ERRORS} problems; checking stopped. Fix the "
                                      "ones listed and upload again", TOO_MANY_ERRORS))
    except MemoryError:
        result.errors.append(RowError(0, None, "the file is too large to check; split it", R.TOO_LARGE))
    except Exception as e:  # noqa: BLE001 - the safety net; the fuzz tests assert it is never reached
        result.errors.append(RowError(0, None, f"unexpected error while reading ({R._short_exc(e)}); please "
                                      "report this", R.INTERNAL_ERROR))
    return result


class _TooManyErrors(Exception):
    pass


def _parse(name: str, data: bytes, max_bytes: int, result: EventTableResult) -> None:
    tables = _tables(name, data, max_bytes)
    chosen = None
    for t in tables:
        if "tanggal" in R.match_columns(t.header, COLUMNS):
            chosen = t
            break
    table = chosen or (tables[0] if tables else R.Table(header=[], rows=iter(())))
    header = [R.clean_line(h, max_len=80) or "" for h in table.header]
    if not any(header):
        raise R._Reject(R.EMPTY, "the first row must be the header row (tanggal, kegiatan, tempat, ...)")

    def err(row: int, column: str | None, message: str, code: str) -> None:
        result.errors.append(RowError(row, column, message, code))
        if len(result.errors) >= MAX_ERRORS:
            raise _TooManyErrors

    # map header cells to fields; report duplicates and ignored columns
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        k = R.normalise_header(h)
        if not k:
            continue
        fld = next((f for f, names in COLUMNS.items() if k in names), None)
        if fld is None:
            result.warnings.append(f"column '{_short(h)}' is not part of the format and was ignored")
        elif fld in cols:
            err(1, h, f"columns '{header[cols[fld]]}' and '{h}' both give {fld}; keep one", DUPLICATE_COLUMN)
        else:
            cols[fld] = i
    for fld in REQUIRED:
        if fld not in cols:
            err(1, fld, f"the required column '{fld}' (or '{COLUMNS[fld][1]}') is missing", MISSING_COLUMN)
    if any(e.code in (MISSING_COLUMN, DUPLICATE_COLUMN) for e in result.errors):
        return

    def col_name(fld: str) -> str:
        return header[cols[fld]] or fld

    for n_rows, (rownum, values) in enumerate(table.rows, start=1):
        if n_rows > MAX_ROWS:
            err(rownum, None, f"more than {MAX_ROWS} rows; split the table", TOO_MANY_ROWS)
            return
        cell = {fld: (values[i] if i < len(values) else None) for fld, i in cols.items()}
        before = len(result.errors)
        row = _parse_row(rownum, cell, col_name, err)
        if row is not None and len(result.errors) == before:
            result.rows.append(row)


def _parse_row(n: int, cell: dict[str, Any], col_name, err) -> EventRow | None:
    # tanggal (required)
    event_date = None
    if _empty(cell.get("tanggal")):
        err(n, col_name("tanggal"), "the date is missing", MISSING_VALUE)
    else:
        event_date, code, msg = parse_event_date(cell["tanggal"])
        if code:
            err(n, col_name("tanggal"), msg, code)

    activity = "other"
    if "kegiatan" in cell and not _empty(cell["kegiatan"]):
        a = activity_code(cell["kegiatan"])
        if a is None:
            err(n, col_name("kegiatan"), f"unknown activity '{_short(str(cell['kegiatan']))}'; use one of "
                f"{', '.join(ACTIVITIES)} or words such as Rapat Koordinasi, Sosialisasi, Apel Siaga",
                UNKNOWN_ACTIVITY)
        else:
            activity = a

    location = None
    if "tempat" in cell and not _empty(cell["tempat"]):
        location = R.clean_line(cell["tempat"], max_len=MAX_LOCATION + 1)
        if location and len(location) > MAX_LOCATION:
            err(n, col_name("tempat"), f"the place is longer than {MAX_LOCATION} characters", TOO_LONG)

    agencies: list[str] = []
    if "instansi" in cell:
        for item in _split_list(cell["instansi"]):
            a = agency_name(item)
            if a is None:
                err(n, col_name("instansi"), f"unknown agency '{_short(item)}'; use names from the agency list "
                    "such as KPU, Bawaslu, Kesbangpol, Polri, TNI, Pemda", UNKNOWN_AGENCY)
            elif a not in agencies:
                agencies.append(a)

    regions: list[str] = []
    if "wilayah" in cell:
        for item in _split_list(cell["wilayah"]):
            code, ecode, msg = region_code(item)
            if ecode:
                err(n, col_name("wilayah"), msg, ecode)
            elif code and code not in regions:
                regions.append(code)

    election = election_id = None
    if "pemilihan" in cell and not _empty(cell["pemilihan"]):
        election, election_id, msg = election_name(cell["pemilihan"])
        if msg:
            err(n, col_name("pemilihan"), msg, UNKNOWN_ELECTION)

    participants = None
    if "peserta" in cell and not _empty(cell["peserta"]):
        participants, msg = parse_participants(cell["peserta"])
        if msg:
            err(n, col_name("peserta"), msg, BAD_PARTICIPANTS)

    notes = None
    if "catatan" in cell and not _empty(cell["catatan"]):
        notes = R.clean_text(str(cell["catatan"])) or None
        if notes and len(notes) > MAX_NOTES:
            err(n, col_name("catatan"), f"the notes are longer than {MAX_NOTES} characters", TOO_LONG)

    url = None
    if "url" in cell and not _empty(cell["url"]):
        url = R.clean_url(cell["url"])
        if url is None:
            err(n, col_name("url"), f"'{_short(str(cell['url']))}' is not a web address (http:// or https://)",
                BAD_URL)

    if event_date is None:
        return None
    return EventRow(
        row=n, event_date=event_date, activity=activity, location=location, agencies=tuple(agencies),
        regions=tuple(regions), election=election, election_id=election_id, participants=participants,
        notes=notes, url=url,
    )


def template_csv() -> str:
    """The header row of the template (the same as ``data/templates/event_table_template.csv``)."""
    return ",".join(TEMPLATE_HEADER) + "\n"


def iter_errors_text(result: EventTableResult) -> Iterable[str]:
    """Errors as lines for a CLI: ``row 5, tanggal: message [code]``."""
    for e in result.errors:
        where = f"row {e.row}" if e.row else "file"
        yield f"{where}{', ' + e.column if e.column else ''}: {e.message} [{e.code}]"
