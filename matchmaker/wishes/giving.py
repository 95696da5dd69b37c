"""A donor's own giving (DESIGN §2: "see own donation history"): their claims in the order
they must act on them, and what their giving has come to."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.places import Community
from ..extensions import db
from ..registry.models import Resident
from .models import ClaimStatus, MicroWish, WishClaim


@dataclass(frozen=True)
class Giving:
    to_deliver: int
    awaiting_confirmation: int
    fulfilled: int
    #: the fulfilled wishes' estimated cost, whole yuan
    fulfilled_yuan: int


def donor_claims(donor: User) -> list[WishClaim]:
    """The donor's claims, what waits for them first: those to deliver, nearest deadline
    first; those delivered and waiting for the social worker, longest waiting first; then
    the fulfilled, and last the claims that ended without a delivery, each newest first."""
    claims = db.session.scalars(
        select(WishClaim)
        .where(WishClaim.donor_id == donor.id)
        .options(  # what the donor's page reads of each claim, in one more query
            selectinload(WishClaim.wish)
            .joinedload(MicroWish.resident)
            .joinedload(Resident.community)
            .joinedload(Community.street)
        )
    )
    return sorted(claims, key=_waiting_first)


def _waiting_first(claim: WishClaim) -> tuple[int, float]:
    if claim.status is ClaimStatus.HELD:
        return 0, claim.deadline.timestamp()
    if claim.status is ClaimStatus.DELIVERED:
        return 1, (claim.delivered_at or claim.claimed_at).timestamp()
    return (2 if claim.status is ClaimStatus.CONFIRMED else 3), -claim.id


def count_to_deliver(user: User) -> int:
    """The wishes a donor holds and has still to deliver (their home page counts them)."""
    return db.session.scalar(
        select(func.count(WishClaim.id)).where(
            WishClaim.donor_id == user.id, WishClaim.status == ClaimStatus.HELD
        )
    )


def count_to_thank(user: User) -> int:
    """Fulfilled wishes of the resident's record whose donor they have not thanked yet."""
    return db.session.scalar(
        select(func.count(WishClaim.id))
        .join(MicroWish, MicroWish.id == WishClaim.wish_id)
        .join(Resident, Resident.id == MicroWish.resident_id)
        .where(
            Resident.user_id == user.id,
            WishClaim.status == ClaimStatus.CONFIRMED,
            WishClaim.thanks == "",
        )
    )


def giving(claims: list[WishClaim]) -> Giving:
    """What a donor's claims have come to."""
    fulfilled = [c for c in claims if c.status is ClaimStatus.CONFIRMED]
    return Giving(
        to_deliver=sum(c.status is ClaimStatus.HELD for c in claims),
        awaiting_confirmation=sum(c.status is ClaimStatus.DELIVERED for c in claims),
        fulfilled=len(fulfilled),
        fulfilled_yuan=sum(c.wish.cost_yuan for c in fulfilled),
    )
