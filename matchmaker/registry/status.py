"""A resident record made inactive (moved away, deceased, declined service) and active again.

Making a record inactive closes what still waits for a volunteer or a donor, each through
its own recorded transition; what someone already holds (a pairing, a donor's claim) is
left for staff to end where it is managed, and is listed for them.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..accounts.models import User
from ..core.events import StaleTransition, transition
from ..extensions import db
from ..match.models import OPEN_PAIRING_STATES, Pairing
from ..wishes import services as wishes
from ..wishes.models import MicroWish, WishStatus
from .models import Need, NeedStatus, Resident, ResidentStatus
from .stale_proposals import withdraw_waiting_proposals

#: The reason recorded on each need and wish closed because its resident became inactive.
RESIDENT_INACTIVE = "resident inactive"
#: Needs nobody is paired with yet: closed when their resident becomes inactive.
WAITING_NEED_STATES = (NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.OPEN)
#: Wishes no donor holds: withdrawn (or, if the resident sent it, turned down).
UNCLAIMED_WISH_STATES = (WishStatus.DRAFT, WishStatus.SUBMITTED, WishStatus.PUBLISHED)
#: Wishes a donor has claimed or delivered: left for the claim to run its course.
HELD_WISH_STATES = (WishStatus.CLAIMED, WishStatus.DELIVERED)


class ResidentInactive(Exception):
    """The resident's record is inactive: no need can be entered or opened for them."""


@dataclass
class Deactivation:
    """What making a record inactive did, and what is left for staff."""

    closed_needs: list[Need] = field(default_factory=list)
    withdrawn_wishes: list[MicroWish] = field(default_factory=list)
    #: wishes a donor holds a claim on: left alone
    held_wishes: list[MicroWish] = field(default_factory=list)
    #: pairings still confirmed, active or suspended: to be ended on /supervise
    open_pairings: list[Pairing] = field(default_factory=list)


def check_active(resident: Resident) -> None:
    """:raises ResidentInactive: unless the resident's record is active."""
    if resident.status is not ResidentStatus.ACTIVE:
        raise ResidentInactive(resident.id)


def open_pairings_of(resident: Resident) -> list[Pairing]:
    """The resident's pairings that are not ended (confirmed, active or suspended)."""
    return list(
        db.session.scalars(
            select(Pairing)
            .join(Need, Pairing.need_id == Need.id)
            .where(Need.resident_id == resident.id, Pairing.status.in_(OPEN_PAIRING_STATES))
            .order_by(Pairing.id)
        )
    )


def held_wishes_of(resident: Resident) -> list[MicroWish]:
    """The resident's wishes a donor has claimed or delivered, not yet fulfilled."""
    return list(
        db.session.scalars(
            select(MicroWish)
            .where(MicroWish.resident_id == resident.id, MicroWish.status.in_(HELD_WISH_STATES))
            .order_by(MicroWish.id)
        )
    )


def _withdraw(wish: MicroWish, by: User) -> bool:
    """Withdraw (or turn down) an unclaimed wish; False if a donor claimed it just now."""
    try:
        if wish.status is WishStatus.SUBMITTED:
            wishes.reject_wish(wish, by=by, why=RESIDENT_INACTIVE)
        else:
            wishes.withdraw_wish(wish, by=by, why=RESIDENT_INACTIVE)
    except StaleTransition:
        db.session.refresh(wish, ["status"])
        return False
    return True


def mark_inactive(resident: Resident, *, by: User, why: str) -> Deactivation:
    """Make the record inactive with a reason; close its waiting needs, withdraw its wishes.

    Needs waiting for a volunteer (draft, submitted, open) are closed, with the proposals
    still waiting for them, and wishes no donor holds are withdrawn, each recorded with the
    reason "resident inactive". Matched needs
    and wishes a donor holds are left alone and returned for staff to follow up.

    The record's row is written first, and so locked: publishing a wish locks it too and
    checks the record is active (``wishes.services.publish_wish``), so a wish published at
    the same moment is either refused or published first and withdrawn here.

    :raises InvalidTransition: if the record is already inactive (StaleTransition if
        someone else made it so just now).
    """
    transition(resident, ResidentStatus.INACTIVE, by=by, why=why)
    outcome = Deactivation()
    needs = db.session.scalars(
        select(Need)
        .where(Need.resident_id == resident.id, Need.status.in_(WAITING_NEED_STATES))
        .order_by(Need.id)
    ).all()
    for need in needs:
        transition(need, NeedStatus.CLOSED, by=by, why=RESIDENT_INACTIVE)
        outcome.closed_needs.append(need)
    withdraw_waiting_proposals(outcome.closed_needs, by=by, why=RESIDENT_INACTIVE)
    unclaimed = db.session.scalars(
        select(MicroWish)
        .where(MicroWish.resident_id == resident.id, MicroWish.status.in_(UNCLAIMED_WISH_STATES))
        .order_by(MicroWish.id)
    ).all()
    for wish in unclaimed:
        if _withdraw(wish, by):
            outcome.withdrawn_wishes.append(wish)
    outcome.held_wishes = held_wishes_of(resident)
    outcome.open_pairings = open_pairings_of(resident)
    db.session.flush()
    return outcome


def reactivate(resident: Resident, *, by: User, why: str = "") -> None:
    """Make an inactive record active again; closed needs and withdrawn wishes stay closed.

    :raises InvalidTransition: if the record is already active.
    """
    transition(resident, ResidentStatus.ACTIVE, by=by, why=why or "reactivated")
    db.session.flush()
