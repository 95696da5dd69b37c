"""The social worker's answer to a delivery the donor marked done: confirmed with evidence,
or not received (the claim goes back to the donor). Routes of the ``wish_admin`` blueprint."""

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..core.events import InvalidTransition
from ..extensions import db
from . import claims, uploads
from .forms import EvidenceForm, NotReceivedForm, store_photo
from .manage_views import NOT_RECEIVED, STAFF, _manage, _refused, bp, managed_or_404, to_manage
from .models import ClaimStatus
from .views import claim_or_404


@bp.route("/claims/<int:claim_id>/confirm", methods=["POST"])
@roles_required(*STAFF)
def confirm(claim_id: int):
    claim = claim_or_404(claim_id)
    wish = managed_or_404(claim.wish_id)
    form = EvidenceForm()
    if not form.validate_on_submit():
        return _manage(wish, 422, evidence_form=form)
    if claim.status is not ClaimStatus.DELIVERED:
        return _refused(wish)
    try:
        photo = store_photo(form.photo)
        claims.confirm_delivery(claim, by=current_user, photo=photo, note=form.note.data or "")
    except uploads.BadImage:
        return _manage(wish, 422, evidence_form=form)
    except InvalidTransition:
        return _refused(wish)
    db.session.commit()
    flash(_("Delivery confirmed; the wish is fulfilled."), "success")
    return to_manage(wish.id)


@bp.route("/claims/<int:claim_id>/not-received", methods=["POST"])
@roles_required(*STAFF)
def not_received(claim_id: int):
    """The resident has not received what the donor marked delivered."""
    claim = claim_or_404(claim_id)
    wish = managed_or_404(claim.wish_id)
    form = NotReceivedForm(prefix=NOT_RECEIVED)
    if not form.validate_on_submit():
        return _manage(wish, 422, not_received_form=form)
    try:
        claims.report_not_received(claim, by=current_user, reason=form.reason.data)
    except InvalidTransition:
        return _refused(wish)
    db.session.commit()
    flash(_("The claim is back with the donor, who is told why."), "success")
    return to_manage(wish.id)
