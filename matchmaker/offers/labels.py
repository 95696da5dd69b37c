"""How offer kinds, states and bands are named to readers, in their language."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..registry.models import NeedStatus
from .models import GoodsCondition, OfferKind, OfferStatus

KIND_LABELS = {
    OfferKind.GOODS: _l("Goods"),
    OfferKind.SERVICE: _l("A service"),
    OfferKind.FUNDS: _l("Funds"),
    OfferKind.JOB: _l("A job for disabled people"),
}

#: "2 of 5 items": what is left of an offer's ``quantity``, in the units of its kind.
QUANTITY_LEFT = {
    OfferKind.GOODS: lambda left, total: ngettext(
        "%(left)d of %(num)d item", "%(left)d of %(num)d items", total, left=left
    ),
    OfferKind.SERVICE: lambda left, total: ngettext(
        "%(left)d of %(num)d session", "%(left)d of %(num)d sessions", total, left=left
    ),
    OfferKind.FUNDS: lambda left, total: ngettext(
        "%(left)d of %(num)d wish or need funded",
        "%(left)d of %(num)d wishes or needs funded",
        total,
        left=left,
    ),
    OfferKind.JOB: lambda left, total: ngettext(
        "%(left)d of %(num)d opening", "%(left)d of %(num)d openings", total, left=left
    ),
}


def quantity_left(offer) -> str:
    """What is left of ``offer``, "2 of 5 items", in the reader's language."""
    return QUANTITY_LEFT[offer.kind](offer.remaining, offer.quantity)


CONDITION_LABELS = {
    GoodsCondition.NEW: _l("New"),
    GoodsCondition.GOOD: _l("Used, in good condition"),
    GoodsCondition.USED: _l("Used, works"),
}

STATUS_LABELS = {
    OfferStatus.SUBMITTED: _l("Awaiting review"),
    OfferStatus.APPROVED: _l("Published"),
    OfferStatus.REJECTED: _l("Turned down"),
    OfferStatus.CLOSED: _l("Used up"),
    OfferStatus.WITHDRAWN: _l("Withdrawn"),
}

#: A need an offer went to, as the offer's donor reads its state (in plain words, §8).
DONOR_NEED_STATE_LABELS = {
    NeedStatus.DRAFT: _l("Being prepared by the social worker"),
    NeedStatus.SUBMITTED: _l("Being prepared by the social worker"),
    NeedStatus.OPEN: _l(
        "Open, looking for a volunteer; the community's social worker will contact you to "
        "arrange your part"
    ),
    NeedStatus.MATCHED: _l(
        "A volunteer has been found; the community's social worker will contact you to "
        "arrange your part"
    ),
    NeedStatus.CLOSED: _l("Closed: the request for help has ended"),
}

#: A wish an offer went to but another donor holds: to its donor (True), to staff (False).
OTHER_DONOR_NOTES = {
    True: _l("another donor is fulfilling it; the social worker will contact you"),
    False: _l("claimed by another donor, not the offer's"),
}

AMOUNT_BAND_LABELS = {
    "under500": _l("Under ¥500"),
    "500to2000": _l("¥500 to ¥2,000"),
    "2000to10000": _l("¥2,001 to ¥10,000"),
    "over10000": _l("Over ¥10,000"),
}


def template_labels() -> dict:
    from ..registry.labels import SERVICE_LABELS
    from ..wishes.labels import CATEGORY_LABELS

    return {
        "offer_kind_labels": KIND_LABELS,
        "offer_left": quantity_left,
        "offer_condition_labels": CONDITION_LABELS,
        "offer_status_labels": STATUS_LABELS,
        "offer_state_names": {m.value: label for m, label in STATUS_LABELS.items()},
        "amount_band_labels": AMOUNT_BAND_LABELS,
        "offer_category_labels": {
            **{m.value: label for m, label in CATEGORY_LABELS.items()},
            **{m.value: label for m, label in SERVICE_LABELS.items()},
        },
        "wish_category_labels": CATEGORY_LABELS,
        "service_labels": SERVICE_LABELS,
    }
