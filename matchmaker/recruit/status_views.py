"""Social workers suspend an approved volunteer and reinstate a suspended one (DESIGN §11).

A form error re-renders the volunteer's page with the message beside the field (422); a
state that changed meanwhile (a colleague clicked first) is a 409 with a clear message.
"""

from flask import Blueprint, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..core.events import InvalidTransition
from ..extensions import db
from . import services
from .forms import STATUS_LABELS, ReinstateForm, SuspendForm
from .views import render_volunteer, reviewable_or_404, volunteer_url

bp = Blueprint("recruit_status", __name__, url_prefix="/recruit/volunteers")


def _change(volunteer_id: int, form_class, service):
    """Validate the form, call ``service`` (suspend or reinstate); returns the volunteer and
    the service's result, or the response refusing it."""
    volunteer = reviewable_or_404(volunteer_id)
    form = form_class()
    if not form.validate_on_submit():
        return volunteer, None, render_volunteer(volunteer, change=form, status=422)
    try:
        result = service(volunteer, by=current_user, reason=form.reason.data)
    except InvalidTransition:
        db.session.rollback()
        flash(
            _(
                "Nothing was changed: this volunteer's status is now “%(status)s” "
                "(someone may have changed it just before you).",
                status=STATUS_LABELS[volunteer.status],
            ),
            "error",
        )
        return volunteer, None, render_volunteer(volunteer, status=409)
    db.session.commit()
    return volunteer, result, None


@bp.route("/<int:volunteer_id>/suspend", methods=["POST"])
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def suspend(volunteer_id: int):
    volunteer, withdrawn, refused = _change(volunteer_id, SuspendForm, services.suspend)
    if refused:
        return refused
    flash(
        _(
            "%(name)s is suspended: not matched and cannot offer help until reinstated. "
            "Proposals withdrawn: %(n)d.",
            name=volunteer.user.name,
            n=withdrawn,
        ),
        "success",
    )
    return redirect(volunteer_url(volunteer))


@bp.route("/<int:volunteer_id>/reinstate", methods=["POST"])
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def reinstate(volunteer_id: int):
    volunteer, _result, refused = _change(volunteer_id, ReinstateForm, services.reinstate)
    if refused:
        return refused
    flash(
        _("%(name)s is reinstated and can be matched again.", name=volunteer.user.name),
        "success",
    )
    return redirect(volunteer_url(volunteer))
