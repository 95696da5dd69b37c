"""Offer rules: registering, review, withdrawal, who reviews which (linking: ``linking``).

Services flush and return; the caller (view) commits once (CONVENTIONS).
"""

from sqlalchemy import Select, func, or_, select

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to, is_staff
from ..accounts.places import Community
from ..core.events import (
    InvalidTransition,
    record_creation,
    transition,
)
from ..core.locks import hold_row
from ..core.resends import made_just_now
from ..extensions import db
from ..notify.services import notify
from .models import AMOUNT_BANDS, Offer, OfferKind, OfferStatus


class BadOffer(ValueError):
    """An offer's values break a rule (quantity below 1, unknown amount band …)."""


def register_offer(donor: User, *, kind: OfferKind, title: str, quantity: int, **fields) -> Offer:
    """A donor's new offer, waiting for a social worker's review.

    :raises BadOffer: for a quantity below 1 or an amount band not in AMOUNT_BANDS.
    """
    if quantity is None or quantity < 1:
        raise BadOffer("quantity")
    if kind is OfferKind.FUNDS and fields.get("amount_band") not in AMOUNT_BANDS:
        raise BadOffer("amount_band")
    hold_row(User.status, donor.id)  # of two requests at once, the second waits here
    same = made_just_now(
        Offer,
        Offer.created_at,
        donor_id=donor.id,
        kind=kind,
        title=title,
        quantity=quantity,
        status=OfferStatus.SUBMITTED,  # still as it was made
        **fields,
    )
    if same is not None:  # the same form sent again (core.resends)
        return same
    offer = Offer(
        donor_id=donor.id,
        kind=kind,
        title=title,
        quantity=quantity,
        remaining=quantity,
        status=OfferStatus.SUBMITTED,
        **fields,
    )
    record_creation(offer, by=donor, why=f"{kind.value} offer registered")
    return offer


def approve_offer(offer: Offer, *, by: User) -> None:
    """:raises InvalidTransition: unless the offer is waiting for review."""
    transition(offer, OfferStatus.APPROVED, by=by, why="reviewed")
    _tell_donor(offer, "offer_approved")


def reject_offer(offer: Offer, *, by: User, why: str) -> None:
    """:raises InvalidTransition: unless the offer is waiting for review."""
    transition(offer, OfferStatus.REJECTED, by=by, why=why)
    _tell_donor(offer, "offer_rejected", reason=why)


def _tell_donor(offer: Offer, kind: str, **params) -> None:
    """Tell the donor how their offer was reviewed; its page is theirs to open in any state."""
    notify(
        db.session.get(User, offer.donor_id),
        kind,
        link=f"/offers/{offer.id}",
        title=offer.title,
        **params,
    )


def withdraw_offer(offer: Offer, *, by: User) -> None:
    """The donor takes back an offer not yet used up. :raises InvalidTransition: otherwise."""
    transition(offer, OfferStatus.WITHDRAWN, by=by, why="withdrawn by the donor")


#: Why a disabled donor's offers were withdrawn (translated at display).
DONOR_DISABLED = "donor's account disabled"


def withdraw_offers_of_disabled_donor(donor: User, *, by: User) -> int:
    """An administrator disabled the donor's account: their offers still open are withdrawn,
    so no social worker links one (which would claim a wish for someone who cannot log in
    to deliver it) and the public list stops showing them. Returns how many."""
    offers = db.session.scalars(
        select(Offer).where(
            Offer.donor_id == donor.id,
            Offer.status.in_((OfferStatus.SUBMITTED, OfferStatus.APPROVED)),
        )
    ).all()
    for offer in offers:
        transition(offer, OfferStatus.WITHDRAWN, by=by, why=DONOR_DISABLED)
    return len(offers)


def _streets_reviewed(user: User) -> Select | None:
    """``select`` of the street ids of ``user``'s communities; None: every street (admins)."""
    ids = community_ids_visible_to(user)
    if ids is None:
        return None
    return select(Community.street_id).where(Community.id.in_(sorted(ids) or [-1]))


def to_review(user: User) -> Select:
    """``select(Offer)`` of the offers waiting for review that ``user`` looks after: those
    for a street of their communities, and those for anywhere (administrators: all)."""
    statement = select(Offer).where(Offer.status == OfferStatus.SUBMITTED)
    streets = _streets_reviewed(user)
    if streets is None:
        return statement
    return statement.where(or_(Offer.street_id.is_(None), Offer.street_id.in_(streets)))


def can_review(user: User, offer: Offer) -> bool:
    """Whether ``user`` reviews ``offer``: staff whose queue (``to_review``) holds it."""
    if not is_staff(user):
        return False
    streets = _streets_reviewed(user)
    if streets is None or offer.street_id is None:
        return True
    return offer.street_id in set(db.session.scalars(streets))


def count_to_review(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(to_review(user).subquery()))


def public_offers(kind: OfferKind | None = None) -> Select:
    """Approved offers with units left, newest first (closed ones leave the public list)."""
    statement = select(Offer).where(Offer.status == OfferStatus.APPROVED)
    if kind:
        statement = statement.where(Offer.kind == kind)
    return statement.order_by(Offer.id.desc())


def in_scope(user: User, community_id: int) -> bool:
    if not is_staff(user):  # a visitor, too, reads an offer's public page
        return False
    ids = community_ids_visible_to(user)
    return ids is None or community_id in ids


def may_contact_donor(user: User, offer: Offer) -> bool:
    """Staff arranging the offer reach its donor: those who review it, and staff of a
    community whose wish or need it was linked to (the donor was told they would be
    contacted). Anyone else reads the name only, or "an anonymous donor"."""
    if can_review(user, offer):
        return True
    return any(
        in_scope(user, (link.wish or link.need).resident.community_id) for link in offer.links
    )


__all__ = ["InvalidTransition"]
