"""Reading the audit log (/admin/audit, DESIGN §8): which entries a filter selects, which
residents a name search means, and what each entry's record is called.

Only administrators read the log, and they may see every resident's full name (as on the
resident list); the resident scope still goes through ``residents_visible_to``, so the rule
stays in one place should the page ever open to anyone else.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from ..accounts.models import User
from ..extensions import db
from ..registry.models import Resident
from ..registry.privacy import residents_visible_to
from .i18n import day_starts_at
from .listing import text_in
from .models import AuditEntry
from .types import id_in_range

#: the records whose names the log shows by their number: kind → (model, its name column)
NAMED_SUBJECTS = {"resident": (Resident, Resident.name), "user": (User, User.name)}
#: the longest resident filter: a resident's name is at most 50 characters
RESIDENT_TEXT_MAX = 50


def record_number(text: str) -> int | None:
    """``text`` as a record number ("74", "#74"), or None when it is not written as one."""
    digits = text.removeprefix("#").strip()
    return int(digits) if digits.isdecimal() else None


def is_record_number(number: int) -> bool:
    """Whether ``number`` could number a record (the database refuses larger ones)."""
    return id_in_range(number) is not None


@dataclass(frozen=True)
class ResidentsNamed:
    """The residents whose name contains what was typed: their ids, and how many they are."""

    text: str
    ids: Select
    count: int


def residents_named(user, text: str) -> ResidentsNamed:
    """Residents ``user`` may see whose name contains ``text`` (``%`` and ``_`` are literal)."""
    ids = (
        residents_visible_to(user)
        .where(Resident.name.icontains(text, autoescape=True))
        .with_only_columns(Resident.id)
    )
    count = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    return ResidentsNamed(text=text, ids=ids, count=count)


def resident_filter(user, text: str) -> tuple[int | Select | None, ResidentsNamed | None]:
    """What the resident filter ``text`` selects, for ``entries(resident=...)``: a record
    number as typed, else the residents whose name contains it (and how many they are)."""
    if not text:
        return None, None
    number = record_number(text)
    if number is not None:
        return number, None
    named = residents_named(user, text)
    return named.ids, named


def entries(
    *,
    who: str = "",
    action: str = "",
    resident: int | Select | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Select:
    """``select(AuditEntry)`` for the filters, newest first.

    :param who: part of the actor's name or e-mail.
    :param resident: a resident's record number, or a select of residents' ids (any of them).
    :param start: the first day (local time) to include; ``end`` the last.
    """
    statement = select(AuditEntry).outerjoin(User, AuditEntry.actor_id == User.id)
    if who:
        statement = statement.where(text_in(who, User.name, User.email))
    if action:
        statement = statement.where(AuditEntry.action == action)
    if resident is not None:
        if isinstance(resident, Select):
            subject = AuditEntry.subject_id.in_(resident)
        else:
            subject = AuditEntry.subject_id == resident
        statement = statement.where(AuditEntry.subject_type == "resident", subject)
    if start:
        statement = statement.where(AuditEntry.at >= day_starts_at(start))
    if end:
        statement = statement.where(AuditEntry.at < day_starts_at(end + timedelta(days=1)))
    return statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def subject_names(rows) -> dict[tuple[str, int], str]:
    """(kind, number) → name for the residents and accounts ``rows`` are about: one query per
    kind present, whatever the number of rows."""
    names: dict[tuple[str, int], str] = {}
    for kind, (model, name) in NAMED_SUBJECTS.items():
        ids = {e.subject_id for e in rows if e.subject_type == kind and e.subject_id}
        if ids:
            found = db.session.execute(select(model.id, name).where(model.id.in_(ids)))
            names.update(((kind, number), text) for number, text in found if text)
    return names
