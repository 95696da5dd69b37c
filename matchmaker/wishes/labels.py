"""How wish states and categories are named to readers, in their language."""

from flask_babel import lazy_gettext as _l

from .models import ClaimStatus, WishCategory, WishStatus

CATEGORY_LABELS = {
    WishCategory.DAILY: _l("Daily necessities"),
    WishCategory.ASSISTIVE: _l("Assistive devices"),
    WishCategory.STUDY: _l("School supplies"),
    WishCategory.REHABILITATION: _l("Medical care and rehabilitation"),
    WishCategory.RECREATION: _l("Culture and sports"),
    WishCategory.OTHER: _l("Other"),
}

#: As staff and donors read them.
WISH_STATUS_LABELS = {
    WishStatus.DRAFT: _l("Draft"),
    WishStatus.SUBMITTED: _l("Awaiting review"),
    WishStatus.PUBLISHED: _l("Waiting for a donor"),
    WishStatus.CLAIMED: _l("Claimed"),
    WishStatus.DELIVERED: _l("Delivered, awaiting confirmation"),
    WishStatus.FULFILLED: _l("Fulfilled"),
    WishStatus.REJECTED: _l("Turned down"),
    WishStatus.WITHDRAWN: _l("Withdrawn"),
}

#: As the resident reads them, in plain words.
MY_WISH_STATUS_LABELS = {
    WishStatus.DRAFT: _l("Being prepared by your social worker"),
    WishStatus.SUBMITTED: _l("Sent; waiting for your social worker to check it"),
    WishStatus.PUBLISHED: _l("On the wishes page; waiting for a donor"),
    WishStatus.CLAIMED: _l("A donor is fulfilling it"),
    WishStatus.DELIVERED: _l("Delivered; your social worker will confirm it"),
    WishStatus.FULFILLED: _l("Fulfilled"),
    WishStatus.REJECTED: _l("Not accepted"),
    WishStatus.WITHDRAWN: _l("Withdrawn"),
}

CLAIM_STATUS_LABELS = {
    ClaimStatus.HELD: _l("Claimed by you; to deliver"),
    ClaimStatus.DELIVERED: _l("Delivered; awaiting the social worker's confirmation"),
    ClaimStatus.CONFIRMED: _l("Delivery confirmed"),
    ClaimStatus.LAPSED: _l("Lapsed (deadline passed)"),
    ClaimStatus.RELEASED: _l("Claim released"),
}

#: A claim's states as its history reads to anyone (the labels above address the donor).
#: A lapse's reason follows it in the history, so the state alone is named there.
CLAIM_STATE_NAMES = {
    **CLAIM_STATUS_LABELS,
    ClaimStatus.HELD: _l("Claimed by a donor; to deliver"),
    ClaimStatus.LAPSED: _l("Lapsed"),
}

COST_BAND_LABELS = {
    "upto100": _l("Up to ¥100"),
    "100to300": _l("¥101 to ¥300"),
    "over300": _l("Over ¥300"),
}

SORT_LABELS = {"newest": _l("Newest first"), "waiting": _l("Waiting longest first")}


def template_labels() -> dict:
    return {
        "wish_category_labels": CATEGORY_LABELS,
        "wish_status_labels": WISH_STATUS_LABELS,
        "my_wish_status_labels": MY_WISH_STATUS_LABELS,
        "claim_status_labels": CLAIM_STATUS_LABELS,
        "cost_band_labels": COST_BAND_LABELS,
        "sort_labels": SORT_LABELS,
        "wish_state_names": {m.value: label for m, label in WISH_STATUS_LABELS.items()},
        "claim_state_names": {m.value: label for m, label in CLAIM_STATE_NAMES.items()},
    }
