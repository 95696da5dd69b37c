"""Putting an offer's units towards a resident's wish or need (one winner for the last
unit), claiming a published wish for the offer's donor, giving units back when that claim
is not delivered, and the wishes to suggest.

Services flush and return; the caller (view) commits once (CONVENTIONS).

Lock order. Every path that moves a claim, its wish and the offers supporting it takes their
rows in one order, so two of them never wait for each other (a deadlock, a 500 on
PostgreSQL): claims, then wishes, then offers, each by id. Linking locks the wish before it
takes units of the offer; releasing or lapsing a claim moves the claim, then the wish, then
gives the units back (``return_units_of_claim``, offers by id); the lapse job locks all it
will move before it moves any (``wishes.claims.lapse_overdue_claims``).
"""

from sqlalchemy import case, select, update

from ..accounts.models import User
from ..accounts.places import Community
from ..core.events import StaleTransition, hold_state, record_change, transition
from ..core.locks import lock_rows
from ..extensions import db
from ..notify.services import notify
from ..registry.models import Need, NeedStatus, Resident
from ..wishes import claims
from ..wishes.claims import OwnWish
from ..wishes.models import MicroWish, WishCategory, WishClaim, WishStatus
from .models import Offer, OfferKind, OfferLink, OfferStatus
from .services import BadOffer, in_scope

#: Wishes an offer may support: still waiting for, or being fulfilled by, a donor.
LINKABLE_WISH_STATES = (WishStatus.PUBLISHED, WishStatus.CLAIMED)
LINKABLE_NEED_STATES = (NeedStatus.OPEN, NeedStatus.MATCHED)


class OfferUsedUp(ValueError):
    """The offer has fewer units left than asked for, or is no longer approved."""


class NotLinkable(ValueError):
    """The wish or need is not in a state an offer can support, or outside the user's scope."""


class AlreadyLinked(ValueError):
    """The offer already supports this wish or need (a form sent twice): more units of it
    go in one link, so a double click does not spend them twice."""


class WishTaken(ValueError):
    """The wish changed after it was read (a donor claimed it meanwhile): nothing is linked."""


def link_offer(
    offer: Offer,
    *,
    by: User,
    wish: MicroWish | None = None,
    need: Need | None = None,
    units: int = 1,
) -> OfferLink:
    """Put ``units`` of an approved offer towards a wish or a need; close it when used up.

    ``remaining`` drops by a conditional UPDATE (``remaining >= units``), so of two social
    workers linking the last unit at the same moment exactly one succeeds. The wish's row is
    locked before the offer's (the lock order above).

    A published wish is claimed for the offer's donor (``claims.claim_wish``: the same held
    claim, deadline and one-winner UPDATE as a donor's own click); a claimed one is supported
    as it is, whoever holds it. The donor is told what to do next.

    :raises BadOffer: for units below 1.
    :raises NotLinkable: for a wish/need in the wrong state or outside ``by``'s communities.
    :raises OfferUsedUp: if fewer than ``units`` are left or the offer is not approved.
    :raises AlreadyLinked: if the offer already supports this wish or need.
    :raises WishTaken: if the wish was claimed (or moved on) after it was read.
    :raises OwnWish: if the offer's donor is the wish's resident.
    The caller rolls back on any of these: nothing stays half-done.
    """
    if units is None or units < 1:
        raise BadOffer("units")
    target = wish if wish is not None else need
    if target is None or (wish is not None and need is not None):
        raise NotLinkable("one wish or one need")
    states = LINKABLE_WISH_STATES if wish is not None else LINKABLE_NEED_STATES
    if target.status not in states or not in_scope(by, target.resident.community_id):
        raise NotLinkable(target.id)
    if wish is not None:
        lock_wish(wish)
    result = db.session.execute(
        update(Offer)
        .where(
            Offer.id == offer.id,
            Offer.status == OfferStatus.APPROVED,
            Offer.remaining >= units,
        )
        .values(remaining=Offer.remaining - units)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise OfferUsedUp(offer.id)
    # Asked only now: the offer's row is held, so a link made by the same form sent twice
    # at once is committed and seen here, or waits for this one.
    if _links_to(offer, wish=wish, need=need):
        raise AlreadyLinked(offer.id)
    db.session.refresh(offer, ["remaining"])
    claim = _claim_for_donor(wish, offer, by) if wish is not None else None
    link = OfferLink(
        offer_id=offer.id,
        wish_id=wish.id if wish is not None else None,
        need_id=need.id if need is not None else None,
        units=units,
        linked_by_id=by.id,
    )
    db.session.add(link)
    db.session.flush()
    what = f"wish {wish.id}" if wish is not None else f"need {need.id}"
    record_change(offer, by=by, why=f"{units} linked to {what}; {offer.remaining} left")
    if offer.remaining == 0:
        transition(offer, OfferStatus.CLOSED, by=by, why="used up")
    _tell_donor_of_link(offer, wish=wish, need=need, claim=claim)
    return link


def _links_to(offer: Offer, *, wish, need) -> bool:
    target = OfferLink.wish_id == wish.id if wish is not None else OfferLink.need_id == need.id
    query = select(OfferLink.id).where(OfferLink.offer_id == offer.id, target).limit(1)
    return db.session.scalar(query) is not None


def lock_wish(wish: MicroWish) -> None:
    """Lock the wish's row until the transaction ends, without reading it again: a move
    made meanwhile still fails the caller's conditional write on the state it saw
    (``WishTaken``). A no-op on SQLite, which lets one writer in at a time anyway."""
    db.session.execute(select(MicroWish.id).where(MicroWish.id == wish.id).with_for_update())


def _claim_for_donor(wish: MicroWish, offer: Offer, by: User) -> WishClaim | None:
    """Claim a published wish for the offer's donor; keep a claimed one as it is (checked
    still claimed, so a lapse at the same moment is not linked over). The live claim."""
    try:
        if wish.status is WishStatus.PUBLISHED:
            donor = db.session.get(User, offer.donor_id)
            return claims.claim_wish(wish, donor=donor, by=by, offer_id=offer.id)
        hold_state(wish)
    except StaleTransition as error:
        raise WishTaken(wish.id) from error
    return wish.current_claim


def _tell_donor_of_link(offer: Offer, *, wish, need, claim: WishClaim | None) -> None:
    """Tell the donor what their offer went to and what happens next: a wish by its public
    title, a need by its number (nothing that names a resident, §8)."""
    if need is not None:
        kind, link, ids = "offer_used_for_need", f"/offers/{offer.id}", {"need": need.id}
    elif claim is not None and claim.donor_id == offer.donor_id:
        kind, link = "offer_used_for_wish", f"/wishes/mine#claim-{claim.id}"
        ids = {"wish": wish.id, "wish_title": wish.title}
    else:  # another donor holds the wish: the social worker arranges it with this one
        kind, link = "offer_used_for_claimed_wish", f"/offers/{offer.id}"
        ids = {"wish": wish.id, "wish_title": wish.title}
    notify(db.session.get(User, offer.donor_id), kind, link=link, title=offer.title, **ids)


def return_units_of_claim(claim: WishClaim, *, by: User | None, why: str) -> int:
    """A claim lapsed or was given back before delivery: the units its donor's offers put
    towards the wish while it held go back to those offers (a used-up one is open again),
    and those links go, so the offer's page and its count say what is still to give.
    Returns how many units went back. The caller moved the claim first (one winner)."""
    links = db.session.scalars(_links_of_claim(claim, OfferLink).order_by(OfferLink.id)).all()
    _lock_offers({link.offer_id for link in links})
    returned = 0
    for link in links:
        offer = link.offer
        db.session.execute(
            update(Offer)
            .where(Offer.id == offer.id)
            .values(remaining=Offer.remaining + link.units)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(offer, ["remaining"])
        record_change(
            offer,
            by=by,
            why=f"{link.units} back from wish {claim.wish_id}: {why}; {offer.remaining} left",
        )
        if offer.status is OfferStatus.CLOSED:
            transition(offer, OfferStatus.APPROVED, by=by, why=UNITS_RETURNED)
        returned += link.units
        db.session.delete(link)
    db.session.flush()
    return returned


def _links_of_claim(claim: WishClaim, *columns):
    """``select(*columns)`` of the links the claim's donor made to its wish while it held."""
    return (
        select(*columns)
        .join(Offer, Offer.id == OfferLink.offer_id)
        .where(
            OfferLink.wish_id == claim.wish_id,
            Offer.donor_id == claim.donor_id,
            OfferLink.linked_at >= claim.claimed_at,
        )
    )


def lock_offers_of_claims(moving: list[WishClaim]) -> None:
    """Lock the offers whose units ``return_units_of_claim`` would give back for these
    claims (their wishes locked already, so no link to them lands meanwhile)."""
    ids = set()
    for claim in moving:
        ids.update(db.session.scalars(_links_of_claim(claim, OfferLink.offer_id)))
    _lock_offers(ids)


def _lock_offers(ids: set[int]) -> None:
    """Lock these offers' rows by id (the lock order above) and read them afresh."""
    lock_rows(Offer, ids)


#: why a used-up offer is open again
UNITS_RETURNED = "units returned"


def live_claim(link: OfferLink) -> WishClaim | None:
    """The claim holding the linked wish now (held, delivered or confirmed), if any."""
    return link.wish.current_claim if link.wish_id is not None else None


def links_of_wish(wish_id: int) -> list[OfferLink]:
    return list(db.session.scalars(select(OfferLink).where(OfferLink.wish_id == wish_id)))


def links_of_need(need_id: int) -> list[OfferLink]:
    return list(db.session.scalars(select(OfferLink).where(OfferLink.need_id == need_id)))


def suggested_wishes(
    offer: Offer, limit: int = 5, *, community_ids: set[int] | None = None
) -> list[MicroWish]:
    """Published wishes in the offer's category, best match first.

    Best: in the offer's street, then in its district, then the rest; within each, the
    wish waiting longest. Only goods and funds offers name a wish category.

    :param community_ids: only wishes of residents there (a social worker suggests only what
        they can link); None for every community.
    """
    if offer.kind not in (OfferKind.GOODS, OfferKind.FUNDS) or offer.category not in {
        c.value for c in WishCategory
    }:
        return []
    statement = (
        select(MicroWish)
        .join(MicroWish.resident)
        .join(Community, Community.id == Resident.community_id)
        .where(
            MicroWish.status == WishStatus.PUBLISHED,
            MicroWish.category == WishCategory(offer.category),
        )
    )
    if community_ids is not None:
        statement = statement.where(Resident.community_id.in_(sorted(community_ids)))
    if offer.street is not None:
        from ..accounts.places import Street

        district = select(Street.district_id).where(Street.id == Community.street_id)
        nearness = case(
            (Community.street_id == offer.street_id, 0),
            (district.scalar_subquery() == offer.street.district_id, 1),
            else_=2,
        )
        statement = statement.order_by(nearness)
    statement = statement.order_by(MicroWish.published_at.asc(), MicroWish.id.asc())
    return list(db.session.scalars(statement.limit(limit)))


__all__ = ["OwnWish"]
