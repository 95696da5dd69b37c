"""The federation's .xlsx exports (DESIGN §7): volunteer roster, service hours, pairings,
wishes — each limited to the communities the staff member looks after (DESIGN §8).

Residents appear only by masked name (王**) and community: an export travels further
than a page, so it carries no resident's full name, address, phone, ID or disability.
Text is written as text, never as a formula, whatever it starts with.

This module is the registry and the audited download; what each sheet holds is in
``export_rows``, and how it is written in ``workbook``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..accounts.models import User
from ..core.audit import audit
from ..core.audit_details import detail_pattern
from .export_rows import _hours_rows, _pairing_rows, _volunteer_rows, _wish_rows
from .workbook import _write


@dataclass(frozen=True)
class Export:
    key: str
    label: object  # a lazy string
    description: object
    #: whether the chosen dates narrow it (the roster is as of today)
    dated: bool
    rows: Callable  # (user, start, end) -> (headers, rows)


EXPORTS = {
    export.key: export
    for export in (
        Export(
            "volunteers",
            _l("Volunteer roster"),
            _l(
                "Every volunteer with status, skills, languages, check and verified hours, "
                "as of today."
            ),
            False,
            _volunteer_rows,
        ),
        Export(
            "hours",
            _l("Service hours"),
            _l("Each verified service record in the period: date, volunteer, activity, hours."),
            True,
            _hours_rows,
        ),
        Export(
            "pairings",
            _l("Pairings"),
            _l("Pairings in place at any time in the period, with their dates and status."),
            True,
            _pairing_rows,
        ),
        Export(
            "wishes",
            _l("Micro-wishes"),
            _l("Wishes entered by the end of the period and not fulfilled before it."),
            True,
            _wish_rows,
        ),
    )
}


def export_workbook(key: str, user: User, start: date, end: date) -> tuple[bytes, int]:
    """The export ``key`` as an .xlsx, and its number of data rows; audited (DESIGN §8)."""
    export = EXPORTS[key]
    headers, rows = export.rows(user, start, end)
    data, count = _write(str(export.label), headers, rows)
    period = f"{start.isoformat()}..{end.isoformat()}" if export.dated else "today"
    audit(user, "export", detail=f"{key} {period}: {count} rows")
    return data, count


def _export_name(key: str) -> object:
    if key not in EXPORTS:
        raise ValueError(key)
    return EXPORTS[key].label


detail_pattern(
    "export",
    r"(?P<export>[a-z_]+) (?P<start>[\d-]{10})\.\.(?P<end>[\d-]{10}): (?P<rows>\d+) rows",
    lambda parts: ngettext(
        "%(export)s, %(start)s to %(end)s: %(num)d row",
        "%(export)s, %(start)s to %(end)s: %(num)d rows",
        int(parts["rows"]),
        **parts,
    ),
    export=_export_name,
)
detail_pattern(
    "export",
    r"(?P<export>[a-z_]+) today: (?P<rows>\d+) rows",
    lambda parts: ngettext(
        "%(export)s, as of that day: %(num)d row",
        "%(export)s, as of that day: %(num)d rows",
        int(parts["rows"]),
        **parts,
    ),
    export=_export_name,
)
