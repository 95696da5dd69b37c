"""Where donors hand over gifts, kept by a street's own social workers from their wish page
(administrators keep it on the places page too). Routes of the ``wish_admin`` blueprint."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts import place_services as places
from ..accounts.permissions import roles_required
from ..accounts.place_forms import RESIDENT_HOME, HandoverForm
from ..extensions import db
from .manage_views import STAFF, bp


@bp.route("/handover/<int:street_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def handover(street_id: int):
    street = next((s for s in places.streets_of(current_user) if s.id == street_id), None)
    if street is None:
        abort(404)  # not a street of their communities
    form = HandoverForm(handover_place=street.handover_place, handover_phone=street.handover_phone)
    if form.validate_on_submit():
        try:
            places.save_handover(
                street,
                place=form.handover_place.data or "",
                phone=form.handover_phone.data or "",
                by=current_user,
            )
        except places.ResidentHome:
            form.handover_place.errors.append(RESIDENT_HOME)
        else:
            db.session.commit()
            flash(
                _("Saved where donors hand over gifts in %(street)s.", street=street.name),
                "success",
            )
            return redirect(url_for("wish_admin.review", _anchor="handover-heading"))
    status = 422 if form.errors else 200
    return render_template("wishes/handover.html", form=form, street=street), status
