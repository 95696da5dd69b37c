"""Donors' claims on micro-wishes (DESIGN §5): one winner, delivery, confirmation with
evidence, thanks, and lapsing past the deadline.

Services flush and return; the caller (view, job) commits once (CONVENTIONS).
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..accounts.models import User
from ..core.events import InvalidTransition, history, record_change, record_creation, transition
from ..core.i18n import local_zone
from ..core.locks import lock_rows
from ..core.types import utcnow
from ..extensions import db
from ..notify.services import notify, notify_staff, notify_staff_of_resident
from .models import ClaimStatus, MicroWish, WishClaim, WishStatus
from .services import is_own, tell_resident


class OwnWish(ValueError):
    """A donor tried to claim a wish of their own resident record."""


class NothingAsEvidence(ValueError):
    """Delivery was confirmed with neither a photo nor a note."""


def claim_days() -> int:
    return current_app.config["WISH_CLAIM_DAYS"]


def claim_wish(
    wish: MicroWish,
    *,
    donor: User,
    by: User | None = None,
    offer_id: int | None = None,
    now: datetime | None = None,
) -> WishClaim:
    """The donor claims (认领) a published wish, until a deadline.

    The wish moves published → claimed with a conditional UPDATE, so of many donors
    clicking at once exactly one wins; the others get StaleTransition and roll back. A
    social worker linking a donor's offer to the wish claims it for that donor the same
    way (offers.linking.link_offer), so a click and a link race on the same UPDATE.

    :param by: who acts, when not the donor: the social worker linking the donor's offer.
    :param offer_id: the offer the claim comes from; its events say so.
    :raises OwnWish: if the wish is the donor's own.
    :raises InvalidTransition: if the wish is not published (StaleTransition: raced).
    """
    if is_own(donor, wish):
        raise OwnWish(wish.id)
    now = now or utcnow()
    by = by or donor
    if offer_id is None:
        why_wish, why_claim = "claimed by a donor", f"wish {wish.id}"
    else:
        why_wish = f"claimed for the donor of offer {offer_id}"
        why_claim = f"wish {wish.id}, through offer {offer_id}"
    transition(wish, WishStatus.CLAIMED, by=by, why=why_wish)
    claim = WishClaim(
        wish_id=wish.id,
        donor_id=donor.id,
        claimed_at=now,
        deadline=now + timedelta(days=claim_days()),
    )
    record_creation(claim, by=by, why=why_claim)
    notify_staff(  # the social worker who linked an offer knows already
        wish.resident.community_id,
        "wish_claimed",
        link=f"/wishes/{wish.id}/manage",  # their page of it: the donor and how to reach them
        besides=by,
        title=wish.title,
    )
    tell_resident(wish, "wish_taken_up")
    return claim


def release_claim(claim: WishClaim, *, by: User, why: str = "") -> None:
    """The donor gives a held claim back; the wish is published again.

    :raises InvalidTransition: unless the claim is held (StaleTransition: raced).
    """
    transition(claim, ClaimStatus.RELEASED, by=by, why=why or "released by the donor")
    reopened = _reopen(claim, by=by, why=f"claim {claim.id} released")
    _return_offer_units(claim, by=by, why="claim released")
    if reopened:
        tell_resident(claim.wish, "wish_open_again")


def _reopen(claim: WishClaim, *, by: User | None, why: str) -> bool:
    """Publish the wish of a claim no longer held again for other donors; not if its
    resident's record was made inactive meanwhile (their unclaimed wishes were withdrawn
    then, and this one is now unclaimed). Whether it is open again."""
    from ..registry.models import ResidentStatus
    from ..registry.status import RESIDENT_INACTIVE

    transition(claim.wish, WishStatus.PUBLISHED, by=by, why=why)
    if claim.wish.resident.status is ResidentStatus.INACTIVE:
        transition(claim.wish, WishStatus.WITHDRAWN, by=by, why=RESIDENT_INACTIVE)
        return False
    return True


def _return_offer_units(claim: WishClaim, *, by: User | None, why: str) -> None:
    from ..offers.linking import return_units_of_claim  # offers build on wishes

    return_units_of_claim(claim, by=by, why=why)


def mark_delivered(claim: WishClaim, *, by: User, note: str = "", now=None) -> None:
    """The donor says the wish has been delivered; a social worker then confirms it.

    :raises InvalidTransition: unless the claim is held.
    """
    transition(claim, ClaimStatus.DELIVERED, by=by, why="marked delivered by the donor")
    transition(claim.wish, WishStatus.DELIVERED, by=by, why=f"claim {claim.id} delivered")
    claim.delivered_at, claim.delivery_note = now or utcnow(), note
    db.session.flush()
    notify_staff_of_resident(
        claim.wish.resident_id,
        "wish_delivered",
        link=f"/wishes/{claim.wish_id}/manage#claim-heading",  # where it is confirmed
        title=claim.wish.title,
    )


def confirm_delivery(
    claim: WishClaim, *, by: User, photo: str | None = None, note: str = "", now=None
) -> None:
    """The social worker confirms the delivery with evidence; the wish is fulfilled.

    :raises NothingAsEvidence: with neither a photo nor a note.
    :raises InvalidTransition: unless the donor marked the claim delivered.
    """
    if not photo and not note.strip():
        raise NothingAsEvidence(claim.id)
    transition(claim, ClaimStatus.CONFIRMED, by=by, why="delivery confirmed")
    transition(claim.wish, WishStatus.FULFILLED, by=by, why=f"claim {claim.id} confirmed")
    claim.evidence_photo, claim.evidence_note = photo, note.strip()
    claim.confirmed_at, claim.confirmed_by_id = now or utcnow(), by.id
    db.session.flush()
    notify(
        db.session.get(User, claim.donor_id),
        "wish_fulfilled",
        link=f"/wishes/mine#claim-{claim.id}",
        title=claim.wish.title,
    )
    tell_resident(claim.wish, "wish_fulfilled_for_you")


#: days a donor has at least, after the social worker found a delivery not received
RECHECK_DAYS = 7


def report_not_received(claim: WishClaim, *, by: User, reason: str, now=None) -> None:
    """The social worker could not confirm a delivery the donor marked done (the resident
    has not received it): the claim is held again, until its deadline or at least
    ``RECHECK_DAYS`` from now, after which it lapses as usual; the donor is told why.

    :raises InvalidTransition: unless the donor marked the claim delivered.
    """
    now = now or utcnow()
    transition(claim, ClaimStatus.HELD, by=by, why=f"delivery not received: {reason}")
    transition(claim.wish, WishStatus.CLAIMED, by=by, why=f"claim {claim.id}: not received")
    claim.delivered_at = None
    claim.deadline = max(claim.deadline, now + timedelta(days=RECHECK_DAYS))
    db.session.flush()
    notify(
        db.session.get(User, claim.donor_id),
        "delivery_not_received",
        link=f"/wishes/mine#claim-{claim.id}",
        title=claim.wish.title,
        reason=reason,
        deadline=claim.deadline.astimezone(local_zone()).strftime("%Y-%m-%d"),
    )


class AlreadyThanked(ValueError):
    """Thanks were left for this claim already (by the resident, their worker, or a form sent
    twice): the donor is thanked, and told, once."""


def leave_thanks(claim: WishClaim, *, by: User, message: str, now=None) -> None:
    """The resident (or their social worker) thanks the donor, once delivery is confirmed.

    Written by a conditional UPDATE (no thanks yet), so of two sent at once one lands.

    :raises InvalidTransition: before the delivery is confirmed.
    :raises AlreadyThanked: if thanks were left already.
    """
    if claim.status is not ClaimStatus.CONFIRMED:
        raise InvalidTransition(claim, claim.status)
    result = db.session.execute(
        update(WishClaim)
        .where(
            WishClaim.id == claim.id,
            WishClaim.status == ClaimStatus.CONFIRMED,
            WishClaim.thanked_at.is_(None),
        )
        .values(thanks=message.strip(), thanked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyThanked(claim.id)
    db.session.refresh(claim, ["thanks", "thanked_at"])
    record_change(claim, by=by, why="thanks left for the donor")
    notify(
        db.session.get(User, claim.donor_id),
        "wish_thanked",
        link=f"/wishes/mine#claim-{claim.id}",
        title=claim.wish.title,
    )


def lapse_overdue_claims(now: datetime) -> int:
    """Lapse every held claim past its deadline; its wish is published again and the donor
    is told (once).

    Idempotent (a lapsed claim is no longer held). A claim the donor delivers or releases
    at the same moment is skipped: its conditional move wins or this one does, not both.
    The scheduler (DESIGN §6) calls this and commits.

    Every row it will move is locked first, in the order of ``offers.linking`` (claims,
    wishes, offers, each by id): moving claim after claim, it would otherwise hold an offer
    while a donor's release or a link holding the next claim or wish waits for that offer.

    :returns: how many claims lapsed.
    """
    overdue = db.session.scalars(
        select(WishClaim)
        .where(WishClaim.status == ClaimStatus.HELD, WishClaim.deadline < now)
        .order_by(WishClaim.id)
        .with_for_update(of=WishClaim)
        .execution_options(populate_existing=True)
    ).all()
    _lock_wishes_and_offers(overdue)
    lapsed = 0
    for claim in overdue:
        try:
            # The claim first, as the donor's own moves do: whoever moves it owns the wish.
            transition(claim, ClaimStatus.LAPSED, why="deadline passed")
        except InvalidTransition:
            continue
        reopened = _reopen(claim, by=None, why=f"claim {claim.id} lapsed")
        _return_offer_units(claim, by=None, why="claim lapsed")
        tell_donor(claim, "claim_lapsed")
        if reopened:
            tell_resident(claim.wish, "wish_open_again")
        lapsed += 1
    return lapsed


def _lock_wishes_and_offers(moving: list[WishClaim]) -> None:
    from ..offers.linking import lock_offers_of_claims  # offers build on wishes

    if not moving:
        return
    lock_rows(MicroWish, {c.wish_id for c in moving})
    lock_offers_of_claims(moving)


def sent_back(claim: WishClaim) -> bool:
    """Whether a delivery of this claim was sent back (its deadline moved on)."""
    return any(
        (e.from_state, e.to_state) == (ClaimStatus.DELIVERED.value, ClaimStatus.HELD.value)
        for e in history(claim)
    )


def tell_donor(claim: WishClaim, kind: str, *, occasion: str = "", **params):
    """Notify the claim's donor of ``kind``, once per claim (a scheduled job may run twice),
    or once per ``occasion`` of it (a deadline moved by a send-back is a new one).

    :returns: the notification, or None if the donor was already told.
    """
    key = f"{kind.replace('_', '-')}:{claim.id}" + (f":{occasion}" if occasion else "")
    return notify(
        db.session.get(User, claim.donor_id),
        kind,
        link=f"/wishes/mine#claim-{claim.id}",
        dedupe_key=key,
        title=claim.wish.title,
        **params,
    )
