"""What became of each use of an offer, as its donor or staff read it: the wish's or the
need's state in words, and where to follow it. Names no resident (DESIGN §8)."""

from dataclasses import dataclass

from flask import url_for

from ..accounts.models import User
from ..registry.labels import NEED_STATUS_LABELS
from ..wishes.labels import WISH_STATUS_LABELS
from ..wishes.services import can_manage
from .labels import DONOR_NEED_STATE_LABELS, OTHER_DONOR_NOTES
from .models import Offer, OfferLink
from .services import in_scope


@dataclass(frozen=True)
class Use:
    link: OfferLink
    #: the wish's or need's state, in words for the reader
    state: str
    #: where the reader follows it (the donor's claim on /wishes/mine, a staff page), or None
    url: str | None = None
    #: said when another donor holds the claim on the wish
    note: str = ""
    #: read by the offer's donor (``url``: their claim on /wishes/mine), not by staff
    own: bool = False


def uses_of(offer: Offer, reader: User) -> list[Use]:
    """Each link of ``offer``, oldest first, for its donor or for staff (the views allow
    no one else to see them)."""
    own = reader.is_authenticated and reader.id == offer.donor_id
    return [
        _wish_use(link, reader, own) if link.wish_id else _need_use(link, reader, own)
        for link in offer.links
    ]


def _wish_use(link: OfferLink, reader: User, own: bool) -> Use:
    wish, donor_id = link.wish, link.offer.donor_id
    holder = wish.current_claim
    note = OTHER_DONOR_NOTES[own] if holder and holder.donor_id != donor_id else ""
    state = str(WISH_STATUS_LABELS[wish.status])
    if own:  # the donor's latest claim on it, as /wishes/mine shows it
        theirs = [c for c in wish.claims if c.donor_id == donor_id]
        url = url_for("wishes.mine", _anchor=f"claim-{theirs[-1].id}") if theirs else None
    else:
        url = url_for("wish_admin.manage", wish_id=wish.id) if can_manage(reader, wish) else None
    return Use(link, state, url, note, own)


def _need_use(link: OfferLink, reader: User, own: bool) -> Use:
    need = link.need
    if own:
        return Use(link, str(DONOR_NEED_STATE_LABELS[need.status]), own=True)
    mine = in_scope(reader, need.resident.community_id)
    return Use(
        link,
        str(NEED_STATUS_LABELS[need.status]),
        url_for("needs.detail", need_id=need.id) if mine else None,
    )
