"""Registry rules: resident records and their needs (linking residents' own accounts to
their records is ``linking``)."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..core.events import InvalidTransition, record_change, record_creation, transition
from ..core.i18n import local_zone
from ..core.locks import hold_row
from ..core.resends import made_just_now
from ..core.types import utcnow
from ..extensions import db
from ..notify.services import notify
from ..recruit.catalogue import Language, Skill
from .models import Need, NeedStatus, Resident
from .privacy import needs_visible_to
from .stale_proposals import (
    MATCHED_RESIDENT_FIELDS,
    NEED_CLOSED,
    RESIDENT_EDITED,
    withdraw_waiting_proposals,
)
from .status import check_active

#: GB 11643-1999: weights of the first 17 characters, and the check character by remainder.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARACTERS = "10X98765432"

#: Fields of a resident record a form may set (besides community and languages).
RESIDENT_FIELDS = (
    "name",
    "gender",
    "birth_year",
    "id_number",
    "disability_category",
    "disability_grade",
    "address",
    "phone",
    "guardian_name",
    "guardian_phone",
    "consent_note",
)


class RecordTaken(Exception):
    """Another resident record holds a value that names one person (one person, one record).

    ``resident_id`` is that record's id, or None when only the database's unique index said so
    (a concurrent save). The caller says where the record is only to whoever may see it.
    """

    def __init__(self, resident_id: int | None = None):
        super().__init__(resident_id)
        self.resident_id = resident_id


class IdNumberTaken(RecordTaken):
    """Another resident record has this ID number."""


class PhoneTaken(RecordTaken):
    """Another resident record has this phone number."""


def id_check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def id_number_problem(number: str) -> str | None:
    """Why ``number`` is not a valid 18-character resident ID, or None if it is.

    :returns: "format" (not 17 digits and a digit or X), "date" (no such birth date) or
        "checksum" (the last character does not match).
    """
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return "format"
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "date"
    if int(number[6:10]) < 1900:
        return "date"
    if id_check_character(number[:17]) != number[17]:
        return "checksum"
    return None


def _check_unique(resident: Resident | None, id_number: str | None, phone: str | None) -> None:
    others = select(Resident.id)
    if resident is not None and resident.id is not None:
        others = others.where(Resident.id != resident.id)
    if id_number and (taken := db.session.scalar(others.where(Resident.id_number == id_number))):
        raise IdNumberTaken(taken)
    if phone and (taken := db.session.scalar(others.where(Resident.phone == phone))):
        raise PhoneTaken(taken)


def save_resident(
    resident: Resident | None,
    *,
    by: User,
    community,
    languages: list[Language],
    consented: bool,
    **fields,
) -> Resident:
    """Create a resident record (``resident`` None) or change one, recording the event.

    ``fields`` are among RESIDENT_FIELDS; an ``id_number`` of None on an existing record
    keeps the stored one (forms never show it, so they cannot send it back).

    :raises IdNumberTaken: if another record has the ID number.
    :raises PhoneTaken: if another record has the phone number. After a concurrent insert
        the unique index says so at flush, and the caller must roll the session back.
    """
    unknown = set(fields) - set(RESIDENT_FIELDS)
    if unknown:
        raise TypeError(f"not resident fields: {sorted(unknown)}")
    if resident is not None and fields.get("id_number") is None:
        fields.pop("id_number", None)
    _check_unique(resident, fields.get("id_number"), fields.get("phone"))
    is_new = resident is None
    resident = resident or Resident()
    changed = sorted(k for k, v in fields.items() if getattr(resident, k) != v)
    for key, value in fields.items():
        setattr(resident, key, value)
    if resident.community_id != community.id:
        changed.append("community")
    resident.community = community
    if {lang.id for lang in resident.languages} != {lang.id for lang in languages}:
        changed.append("languages")
    resident.languages = list(languages)
    if consented and resident.consented_at is None:
        resident.consented_at = utcnow()
    db.session.add(resident)
    try:
        db.session.flush()
    except IntegrityError as exc:  # a concurrent save took the ID or phone first
        message = str(exc.orig).lower()
        raise (PhoneTaken if "phone" in message else IdNumberTaken)() from exc
    if is_new:
        record_creation(resident, by=by, why="recorded by staff")
    elif changed:
        record_change(resident, by=by, why="changed: " + ", ".join(changed))
        matched_on = [name for name in changed if name in MATCHED_RESIDENT_FIELDS]
        if matched_on:  # distances, languages, courses of its needs' proposals are stale
            open_needs = [n for n in resident.needs if n.status is NeedStatus.OPEN]
            reason = f"{RESIDENT_EDITED}: " + ", ".join(matched_on)
            withdraw_waiting_proposals(open_needs, by=by, why=reason)
    return resident


def count_requests_to_review(user: User) -> int:
    """How many residents' own requests in ``user``'s scope wait for review."""
    waiting = needs_visible_to(user).where(Need.status == NeedStatus.SUBMITTED)
    return db.session.scalar(select(func.count()).select_from(waiting.subquery()))


def create_need(
    resident: Resident,
    *,
    by: User,
    open_now: bool,
    skills: list[Skill] = (),
    **fields,
) -> Need:
    """A need staff enter for a resident: a draft, or open for matching at once; the need
    just entered if the same form was sent again (``core.resends``).

    :raises ResidentInactive: if the resident's record is inactive.
    """
    check_active(resident)
    status = NeedStatus.OPEN if open_now else NeedStatus.DRAFT
    same = _sent_again(resident, by, status=status, **fields)
    if same is not None:
        return same
    need = Need(resident=resident, created_by_id=by.id, **fields)
    need.skills = list(skills)
    if open_now:
        need.status = NeedStatus.OPEN
        need.opened_at = utcnow()
    else:
        need.status = NeedStatus.DRAFT
    record_creation(need, by=by, why="entered by staff")
    return need


def submit_need(resident: Resident, *, by: User, **fields) -> Need:
    """A need the resident asks for themselves; it waits in the review queue (the one just
    sent, if the same form was sent again).

    :raises ResidentInactive: if the resident's record is inactive.
    """
    check_active(resident)
    same = _sent_again(resident, by, status=NeedStatus.SUBMITTED, **fields)
    if same is not None:
        return same
    need = Need(resident=resident, created_by_id=by.id, status=NeedStatus.SUBMITTED, **fields)
    record_creation(need, by=by, why="submitted by the resident")
    return need


def _sent_again(resident: Resident, by: User, **fields) -> Need | None:
    """The need ``by`` entered for ``resident`` just now saying the same, still as it was
    made, if any; of two requests at once, the second waits here for the first."""
    hold_row(Resident.status, resident.id)
    return made_just_now(
        Need, Need.created_at, resident_id=resident.id, created_by_id=by.id, **fields
    )


def _tell_resident(need: Need, kind: str, **params) -> None:
    """Tell the resident who asked for help (their linked account) how it was decided; the
    text names the request by the day it was sent, as their list of requests does."""
    sent_on = need.created_at.astimezone(local_zone()).strftime("%Y-%m-%d")
    notify(need.resident.user, kind, link="/needs/mine", date=sent_on, **params)


def open_need(need: Need, *, by: User, why: str = "") -> None:
    """Publish a draft, or accept a resident's submitted need, for matching.

    :raises InvalidTransition: unless the need is a draft or submitted (a need that was
        matched reopens through its pairing ending, not here).
    :raises ResidentInactive: if the resident's record is inactive.
    """
    if need.status not in (NeedStatus.DRAFT, NeedStatus.SUBMITTED):
        raise InvalidTransition(need, NeedStatus.OPEN)
    check_active(need.resident)
    asked_by_resident = need.status is NeedStatus.SUBMITTED
    transition(need, NeedStatus.OPEN, by=by, why=why or "opened for matching")
    need.opened_at = utcnow()
    db.session.flush()
    if asked_by_resident:
        _tell_resident(need, "request_opened")


def close_need(need: Need, *, by: User, why: str) -> None:
    """Close a draft or open need with a reason.

    :raises InvalidTransition: for a submitted need (reject it instead), a matched one
        (its pairing must end first) or one already closed.
    """
    if need.status not in (NeedStatus.DRAFT, NeedStatus.OPEN):
        raise InvalidTransition(need, NeedStatus.CLOSED)
    transition(need, NeedStatus.CLOSED, by=by, why=why)
    withdraw_waiting_proposals([need], by=by, why=NEED_CLOSED)


def reject_need(need: Need, *, by: User, why: str) -> None:
    """Turn down a resident's submitted need; the reason is shown to them.

    :raises InvalidTransition: if the need is not awaiting review.
    """
    if need.status is not NeedStatus.SUBMITTED:
        raise InvalidTransition(need, NeedStatus.CLOSED)
    transition(need, NeedStatus.CLOSED, by=by, why=why)
    _tell_resident(need, "request_turned_down", reason=why)
