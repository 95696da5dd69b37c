"""Importing rosters (DESIGN §3.1): check every row of a file, then save all rows or none.

Shared by the volunteer roster (recruit.roster) and the resident roster (registry.roster):
each kind names its columns, reads one row into plain values (with core.roster_rows),
names the values the database must not hold already, and saves. Every problem names the
row as Excel shows it and the column's header.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from ..extensions import db
from .audit import audit
from .models import Event
from .roster_rows import Context, Problem, RosterCheck, RowReader
from .spreadsheets import Column, cell_text, read_sheet
from .types import utcnow

EXAMPLE_ROW = _l("This is the template's example row: delete it or write over it.")
#: IN-lists are sent in slices of this size (SQLite caps bound parameters).
CHUNK = 500


@dataclass(frozen=True)
class RosterKind:
    """What differs between a volunteer roster and a resident roster."""

    name: str
    columns: tuple[Column, ...]
    #: reader, context → the row's values (problems are reported through the reader)
    read_row: Callable
    #: (header, model column, value → message): values the database must not hold already
    clashes: tuple
    #: rows, by, reason → None; adds and flushes everything
    save: Callable
    audit_action: str
    #: () → bytes: the fill-in template, its help naming the catalogue's current entries
    template: Callable
    #: the preview table's headers, and row values → its cells
    preview_headers: tuple[str, ...]
    preview: Callable


class RosterHasProblems(Exception):
    """Only a file without a single problem is imported."""


def match_headers(headers: list[str], columns) -> tuple[dict[str, int], Problem | None]:
    """Where each known column is; or one problem naming the columns expected."""
    known = {c.header: c.header for c in columns}
    known.update({alias: c.header for c in columns for alias in c.aliases})
    positions, unknown = {}, []
    for index, header in enumerate(headers):
        if not header:
            continue
        name = known.get(header)
        if name is None or name in positions:
            unknown.append(header)
        else:
            positions[name] = index
    missing = [c.header for c in columns if c.required and c.header not in positions]
    if not missing and not unknown:
        return positions, None
    expected = "、".join(c.header + ("*" if c.required else "") for c in columns)
    message = _l(
        "The columns do not match the template. Missing: %(missing)s. Not recognised or "
        "repeated: %(unknown)s. The columns are: %(expected)s (* must be filled in). "
        "Download the template and copy your rows into it.",
        missing="、".join(missing) or "—",
        unknown="、".join(unknown) or "—",
        expected=expected,
    )
    return positions, Problem(1, "、".join(missing + unknown), message)


def check_roster(kind: RosterKind, data: bytes, filename: str, *, by) -> RosterCheck:
    """Read ``data`` and check every row; nothing is written.

    :param by: the staff member importing (rows outside their communities are problems),
        or None for the command line, which may import anywhere.
    :raises SpreadsheetError: if the file is not a spreadsheet, is empty or too long.
    """
    sheet = read_sheet(data, filename)
    check = RosterCheck(filename=filename)
    positions, problem = match_headers(sheet.headers, kind.columns)
    if problem is not None:
        check.problems.append(problem)
        return check
    context = Context(by)
    example = {c.header: cell_text(c.example) for c in kind.columns if c.required and c.example}
    for number, cells in sheet.rows:
        reader = RowReader(check, context, number, cells, positions)
        if all(cell_text(reader.cells.get(h)) == value for h, value in example.items()):
            reader.problem(kind.columns[0].header, EXAMPLE_ROW)
        values = kind.read_row(reader, context)
        if reader.ok:
            check.rows.append(values)
    for header, column, message in kind.clashes:
        first_rows = context.values_in(header)
        for value in sorted(existing_values(column, first_rows)):
            check.problems.append(Problem(first_rows[value], header, message(value)))
    order = {column.header: index for index, column in enumerate(kind.columns)}
    check.problems.sort(key=lambda p: (p.row, order.get(p.column, -1)))
    return check


def existing_values(column, values) -> set:
    """Which of ``values`` the database column already holds."""
    values, found = sorted(set(values)), set()
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        found.update(db.session.scalars(select(column).where(column.in_(chunk))))
    return found


def import_roster(kind: RosterKind, check: RosterCheck, *, by) -> int:
    """Save every row of a checked file and write one audit entry; the caller commits.

    :raises RosterHasProblems: if the check found any problem (then nothing is saved).
    """
    if not check.ok or not check.rows:
        raise RosterHasProblems(check.filename)
    kind.save(check.rows, by=by, reason=f"imported from {check.filename}")
    audit(by, kind.audit_action, None, detail=f"{check.filename}: {len(check.rows)} rows")
    return len(check.rows)


def record_imported(created, *, by, reason: str) -> None:
    """Creation events (None → state) for many ``(subject, state)`` pairs in one statement.

    What :func:`core.events.record_creation` does per subject, done in bulk for imports.
    """
    if not created:
        return
    at, actor_id = utcnow(), getattr(by, "id", None)
    db.session.execute(
        insert(Event),
        [
            {
                "subject_type": type(subject).__tablename__,
                "subject_id": subject.id,
                "from_state": None,
                "to_state": state.value,
                "actor_id": actor_id,
                "reason": reason,
                "at": at,
            }
            for subject, state in created
        ],
    )
