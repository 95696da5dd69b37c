"""Linking units of an offer to a wish or a need (a route of the ``offers`` blueprint).

A published wish is claimed for the offer's donor on the way (linking.link_offer); the
flash says whose claim the wish is under, so the social worker knows whom to arrange with.
"""

from flask import flash, redirect
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..core.listing import record_url
from ..extensions import db
from ..registry.models import Need
from ..wishes.models import MicroWish
from . import linking
from .forms import LinkForm, choices
from .models import Offer
from .views import STAFF, _detail, _link_choices, _offer_or_404, _refused, bp


@bp.route("/<int:offer_id>/link", methods=["POST"])
@roles_required(*STAFF)
def link(offer_id: int):
    offer = _offer_or_404(offer_id)
    form = LinkForm()
    form.target.choices = choices(_link_choices())
    if not form.validate_on_submit() or not form.target.data:
        if not form.target.data and not form.target.errors:
            form.target.errors = [_("Choose the wish or need this offer supports.")]
        return _detail(offer, 422, link_form=form)
    kind, _sep, target_id = form.target.data.partition("-")
    model = MicroWish if kind == "wish" else Need
    target = db.session.get(model, int(target_id))
    try:
        made = linking.link_offer(offer, by=current_user, units=form.units.data, **{kind: target})
    except linking.OfferUsedUp:
        message = ngettext(
            "This offer does not have %(num)d unit left (someone may have used it just now).",
            "This offer does not have %(num)d units left (someone may have used them just now).",
            form.units.data,
        )
        return _refused(offer_id, message, link_form=form)
    except linking.NotLinkable:
        message = _("That wish or need cannot be supported by an offer now.")
        return _refused(offer_id, message, link_form=form)
    except linking.AlreadyLinked:
        message = _(
            "This offer already supports that wish or need, so nothing was linked again and "
            "the offer keeps its units. Link all the units it needs in one go."
        )
        return _refused(offer_id, message, link_form=form)
    except linking.WishTaken:
        message = _(
            "That wish was claimed or changed just now, so nothing was linked and this offer "
            "keeps its units. Look at the wish again and choose."
        )
        return _refused(offer_id, message, link_form=form)
    except linking.OwnWish:
        message = _("The donor of this offer is the resident of that wish: it cannot go to them.")
        return _refused(offer_id, message, link_form=form)
    db.session.commit()
    flash(_("Linked. %(n)d left in this offer.", n=offer.remaining), "success")
    if made.wish_id is not None:
        _say_whose_claim(linking.live_claim(made), offer)
    return redirect(record_url("offers.detail", "offers.index", offer_id=offer.id))


def _say_whose_claim(claim, offer: Offer) -> None:
    if claim is None:  # pragma: no cover - a linked wish is claimed, by someone
        return
    if claim.donor_id == offer.donor_id:
        flash(
            _(
                "The wish is claimed for the offer's donor, to hand over by %(date)s; they have "
                "been told where.",
                date=format_date(claim.deadline, "yyyy-MM-dd"),
            ),
            "success",
        )
    else:
        flash(
            _(
                "Another donor already holds the claim on this wish, so the offer's donor does "
                "not: they were told the social worker will contact them to arrange it."
            ),
            "info",
        )
