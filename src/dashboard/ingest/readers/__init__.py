"""Input readers: files, folders and uploads -> ``RawArticle`` | ``Rejection``.

Two entry points, both generators that never raise for bad input:

* ``read_path(path, max_bytes=None)`` reads a file or a folder (recursively, in sorted
  order of relative path, hidden files and ``__MACOSX`` skipped; nothing inside a folder
  is followed: symbolic links, devices, FIFOs and sockets are reported, never opened, and
  a named path that is itself a link is refused, see ``files``);
* ``read_bytes(name, data, max_bytes=None)`` reads an upload.

``list_inputs`` / ``read_input`` split ``read_path`` in two (list what a path stands for,
then read one file of it): the ingest pipeline stores each file in its own transaction.

Formats are chosen by extension *and* by content: binary signatures (zip, xlsx, pdf,
images, old Office files) always win over the extension; text files are sniffed for
HTML and JSON when the extension is missing or wrong. See ``docs/readers.md`` for the
full description of formats, limits, source strings and rejection codes.

Every ``Rejection`` carries an English ``reason`` and a stable ``code`` (one of
``REJECTION_CODES``). A bug in a reader never escapes: it becomes a rejection with code
``internal_error`` (the fuzz tests check that this never happens).

The package, one module per seam:

    base        rejection codes, limits, small helpers
    cleaning    text, one-line values, URLs
    encoding    bytes -> text (BOMs, UTF-16, UTF-8, declared charsets, cp1252)
    dates       publication dates
    records     field names, tables, record -> article (JSON / CSV / Excel)
    plaintext   .txt / .md        htmlpage  saved web pages     jsonfile  JSON, JSON Lines
    csvfile     .csv / .tsv       xlsx      Excel workbooks     archive   zip archives
    detect      what a file is (signatures, sniffing)
    dispatch    one file's bytes to its reader, the safety net, uploads
    files       files and folders on disk, never following links

No Streamlit here.
"""

from dashboard.ingest.readers.base import (  # noqa: F401 - the package's public API
    BAD_CSV, BAD_ENCODING, BAD_EXCEL, BAD_JSON, BAD_ZIP, BINARY, DEFAULT_MAX_BYTES, EMPTY, ENCRYPTED, EXCEL_MAX_ROWS,
    INTERNAL_ERROR, MAX_LINES, MISSING_COLUMN, MISSING_TEXT, NO_TEXT, NOT_FOUND, REJECTION_CODES, SYMLINK, TOO_LARGE,
    UNREADABLE, UNSUPPORTED_FORMAT, ZIP_UNSAFE, Limits, MiB, Result, _mb, _Reject, _safe_name, _short_exc,
)
from dashboard.ingest.readers.cleaning import clean_line, clean_text, clean_url  # noqa: F401
from dashboard.ingest.readers.csvfile import csv_table, prepare_csv_text, sniff_delimiter  # noqa: F401
from dashboard.ingest.readers.dates import _MONTHS, EXCEL_EPOCH, excel_serial_to_date, parse_date  # noqa: F401
from dashboard.ingest.readers.detect import (  # noqa: F401
    _ZIP_MAGIC, CSV_EXTS, HTML_EXTS, JSON_EXTS, SUPPORTED_EXTS, TEXT_EXTS, XLSX_EXTS, ZIP_EXTS, _binary_kind,
    _looks_like_html,
)
from dashboard.ingest.readers.dispatch import _guarded, read_bytes  # noqa: F401
from dashboard.ingest.readers.encoding import _control_ratio_too_high, decode_bytes  # noqa: F401
from dashboard.ingest.readers.files import (  # noqa: F401
    InputFile, count_inputs, iter_inputs, list_inputs, read_file_bytes, read_input, read_path,
)
from dashboard.ingest.readers.htmlpage import _read_html  # noqa: F401
from dashboard.ingest.readers.jsonfile import _read_json  # noqa: F401
from dashboard.ingest.readers.plaintext import parse_header_block  # noqa: F401
from dashboard.ingest.readers.records import FIELD_SYNONYMS, Table, match_columns, normalise_header  # noqa: F401
from dashboard.ingest.readers.xlsx import XLSX_MAX_COLUMNS, xlsx_tables  # noqa: F401
from dashboard.ingest.readers.archive import zip_directory_precheck  # noqa: F401
