"""Needs board rules: the anonymised public list and volunteers' "I can help".

Interest is a signal for the scorer and for the social worker: it never confirms anything.
Services flush and return; the caller commits once (CONVENTIONS).
"""

from datetime import datetime

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import aliased

from ..accounts.places import Community
from ..core.events import InvalidTransition, record_creation, transition
from ..extensions import db
from ..recruit.catalogue import Skill
from ..recruit.locks import hold_volunteer
from ..recruit.models import Volunteer, VolunteerStatus
from ..registry.models import Need, NeedStatus, Resident, Urgency
from .models import InterestStatus, NeedInterest


class NeedNotOpen(ValueError):
    """Help was offered on a need that is no longer open (matched or closed)."""


class NotApprovedVolunteer(ValueError):
    """Only approved volunteers may offer help."""


def _same_kind_count():
    """Open needs sharing the outer need's service type and community (1: it is alone)."""
    other, other_resident = aliased(Need), aliased(Resident)
    return (
        select(func.count(other.id))
        .join(other_resident, other_resident.id == other.resident_id)
        .where(
            other.status == NeedStatus.OPEN,
            other.service_type == Need.service_type,
            other_resident.community_id == Resident.community_id,
        )
        .correlate(Need, Resident)
        .scalar_subquery()
    )


def board_needs(
    *,
    skill_id: int | None = None,
    street_id: int | None = None,
    community_id: int | None = None,
    slot_mask: int = 0,
    urgency: Urgency | None = None,
    need_ids: set[int] | None = None,
    fits: Volunteer | None = None,
) -> Select:
    """Open needs for the public board, oldest first, with their "only one of its kind" flag.

    Rows are ``(Need, alone)``. A need that is ``alone`` (the only open need of its service
    type in its community) is shown at street level only, and so is not found by filtering
    on its community either: the filter would name the community it is hidden in.

    With ``fits``, only the needs that volunteer could take on: every skill the need asks
    for is one they hold, and one of its times is one of theirs.
    """
    alone = (_same_kind_count() == 1).label("alone")
    statement = (
        select(Need, alone)
        .join(Need.resident)
        .join(Community, Community.id == Resident.community_id)
        .where(Need.status == NeedStatus.OPEN)
    )
    if skill_id:
        statement = statement.where(Need.skills.any(Skill.id == skill_id))
    if street_id:
        statement = statement.where(Community.street_id == street_id)
    if community_id:
        statement = statement.where(Resident.community_id == community_id, _same_kind_count() > 1)
    if slot_mask:
        statement = statement.where(Need.availability.op("&")(slot_mask) != 0)
    if urgency:
        statement = statement.where(Need.urgency == urgency)
    if need_ids is not None:
        statement = statement.where(Need.id.in_(need_ids))
    if fits is not None:
        held = sorted(skill.id for skill in fits.skills) or [-1]
        statement = statement.where(
            ~Need.skills.any(Skill.id.not_in(held)),
            Need.availability.op("&")(fits.availability) != 0,
        )
    return statement.order_by(Need.opened_at.asc(), Need.id.asc())


def waiting_days(need: Need, now: datetime) -> int:
    opened = need.opened_at or need.created_at
    return max(0, (now - opened).days)


def volunteer_of(user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Volunteer).where(Volunteer.user_id == user.id))


def open_offers_of(volunteer: Volunteer) -> int:
    """How many open needs the volunteer has offered to help with."""
    return db.session.scalar(
        select(func.count(NeedInterest.id))
        .join(Need, Need.id == NeedInterest.need_id)
        .where(
            NeedInterest.volunteer_id == volunteer.id,
            NeedInterest.status == InterestStatus.ACTIVE,
            Need.status == NeedStatus.OPEN,
        )
    )


def active_interest_need_ids(volunteer: Volunteer | None) -> set[int]:
    if volunteer is None:
        return set()
    return set(
        db.session.scalars(
            select(NeedInterest.need_id).where(
                NeedInterest.volunteer_id == volunteer.id,
                NeedInterest.status == InterestStatus.ACTIVE,
            )
        )
    )


def offer_help(need: Need, volunteer: Volunteer, *, by) -> NeedInterest:
    """Record that ``volunteer`` can help with ``need`` (again, if once withdrawn).

    :raises NotApprovedVolunteer: unless the volunteer is approved.
    :raises NeedNotOpen: if the need is matched or closed.
    """
    if volunteer.status is not VolunteerStatus.APPROVED:
        raise NotApprovedVolunteer(volunteer.id)
    if need.status is not NeedStatus.OPEN:
        raise NeedNotOpen(need.id)
    # Of a double click, the second waits here, then finds the first's offer and leaves it.
    hold_volunteer(volunteer.id)
    interest = db.session.scalar(
        select(NeedInterest).where(
            NeedInterest.need_id == need.id, NeedInterest.volunteer_id == volunteer.id
        )
    )
    if interest is None:
        interest = NeedInterest(need_id=need.id, volunteer_id=volunteer.id)
        record_creation(interest, by=by, why="offered to help on the needs board")
    elif interest.status is InterestStatus.WITHDRAWN:
        transition(interest, InterestStatus.ACTIVE, by=by, why="offered to help again")
    return interest


def withdraw_help(need: Need, volunteer: Volunteer, *, by) -> NeedInterest:
    """Take back an offer of help.

    :raises InvalidTransition: if there is no active offer to withdraw.
    """
    interest = db.session.scalar(
        select(NeedInterest).where(
            NeedInterest.need_id == need.id, NeedInterest.volunteer_id == volunteer.id
        )
    )
    if interest is None:
        raise LookupError(need.id)
    transition(interest, InterestStatus.WITHDRAWN, by=by, why="withdrawn by the volunteer")
    return interest


def interest_by_volunteer(volunteer_ids) -> dict[int, frozenset[int]]:
    """Active interest as the scorer reads it: volunteer id → ids of open needs."""
    rows = db.session.execute(
        select(NeedInterest.volunteer_id, NeedInterest.need_id)
        .join(Need, Need.id == NeedInterest.need_id)
        .where(
            NeedInterest.status == InterestStatus.ACTIVE,
            Need.status == NeedStatus.OPEN,
            NeedInterest.volunteer_id.in_(sorted(volunteer_ids)),
        )
    )
    found: dict[int, set[int]] = {}
    for volunteer_id, need_id in rows:
        found.setdefault(volunteer_id, set()).add(need_id)
    return {vid: frozenset(ids) for vid, ids in found.items()}


def interested_volunteers(need_ids) -> dict[int, list[Volunteer]]:
    """Need id → volunteers with an active offer of help, earliest first (for staff pages)."""
    rows = db.session.execute(
        select(NeedInterest.need_id, Volunteer)
        .join(Volunteer, Volunteer.id == NeedInterest.volunteer_id)
        .where(
            and_(
                NeedInterest.status == InterestStatus.ACTIVE,
                NeedInterest.need_id.in_(sorted(need_ids)),
                Volunteer.status == VolunteerStatus.APPROVED,  # not while suspended
            )
        )
        .order_by(NeedInterest.created_at, NeedInterest.id)
    )
    found: dict[int, list[Volunteer]] = {}
    for need_id, volunteer in rows:
        found.setdefault(need_id, []).append(volunteer)
    return found


__all__ = ["InvalidTransition"]
