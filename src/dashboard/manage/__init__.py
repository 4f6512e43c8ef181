"""Managing the data by hand. No Streamlit import. The parts:

* ``manage.events``: validation, hand-recorded meetings, the review queue (confirm,
  correct, reject), each one audited transaction with optimistic locking;
* ``manage.event_lists``: event lists (CSV / Excel), all or nothing;
* ``manage.uploads``: article uploads, previewed before they are stored.

Their names are importable from ``dashboard.manage`` as before.
"""

from __future__ import annotations

from dashboard.manage import events  # noqa: F401
from dashboard.manage.events import (  # noqa: F401
    MIN_DATE,
    MAX_YEARS_AHEAD,
    MAX_LOCATION,
    MAX_NOTES,
    MAX_URL,
    MAX_PARTICIPANTS,
    FieldError,
    ManageError,
    ValidationError,
    Conflict,
    NotFound,
    NotAllowed,
    Duplicate,
    clean_text,
    EventInput,
    Reference,
    load_reference,
    validate,
    derive_level,
    fingerprint,
    SNAPSHOT_FIELDS,
    snapshot,
    _set_fields,
    _check,
    _find_same,
    record_manual_event,
    _claim,
    confirm_event,
    correct_event,
    reject_event,
    event_input_from,
)
from dashboard.manage import event_lists  # noqa: F401
from dashboard.manage.event_lists import (  # noqa: F401
    parse_event_table,
    RowReport,
    ImportReport,
    event_input_from_row,
    import_event_rows,
    import_event_file,
)
from dashboard.manage import uploads  # noqa: F401
from dashboard.manage.uploads import (  # noqa: F401
    MAX_UPLOAD_FILES,
    PREVIEW_ITEMS,
    Problem,
    size_problem,
    PreviewItem,
    FilePreview,
    upload_name,
    preview_uploads,
    store_uploads,
)
