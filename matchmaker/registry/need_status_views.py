"""A need's moves on its page: opened for matching, closed, or a resident's request turned
down; a move no longer allowed is refused (409) with the page as it now stands."""

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..core.events import InvalidTransition
from ..core.forms import catalogue_choices
from ..core.i18n import current_locale
from ..core.listing import record_url
from ..extensions import db
from . import services
from .forms import OpenNeedForm, ReasonForm
from .models import Need, NeedStatus
from .need_views import _detail, active_skills, bp
from .privacy import STAFF, need_or_404
from .status import ResidentInactive


@bp.route("/needs/<int:need_id>/open", methods=["POST"])
@roles_required(*STAFF)
def open_need(need_id: int):
    need = need_or_404(current_user, need_id)
    if need.status not in (NeedStatus.DRAFT, NeedStatus.SUBMITTED):
        return refused(need)  # before the form: its skills are moot for a wrong move
    skills = active_skills()
    form = OpenNeedForm()
    form.skills.choices = catalogue_choices(skills, current_locale())
    if not form.validate_on_submit():
        return _detail(need, status=422, open_form=form)
    need.skills = [s for s in skills if str(s.id) in set(form.skills.data)]
    try:
        services.open_need(need, by=current_user)
    except InvalidTransition:
        return refused(need)
    except ResidentInactive:
        db.session.rollback()
        flash(_("This record is inactive: reactivate it before opening a need."), "error")
        return _detail(db.session.get(Need, need.id), status=409)
    db.session.commit()
    flash(_("The need is open for matching."), "success")
    return _to_detail(need)


def _to_detail(need: Need):
    """The need's page after a move, leading back to the list it was opened from."""
    return redirect(record_url("needs.detail", "needs.index", need_id=need.id))


def refused(need: Need):
    db.session.rollback()
    flash(_("This need cannot be changed that way any more; see its current state."), "error")
    return _detail(db.session.get(Need, need.id), status=409)


def _with_reason(need_id: int, service, message: str):
    need = need_or_404(current_user, need_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _detail(need, status=422, reason_form=form)
    try:
        service(need, by=current_user, why=form.reason.data)
    except InvalidTransition:
        return refused(need)
    db.session.commit()
    flash(message, "success")
    return _to_detail(need)


@bp.route("/needs/<int:need_id>/close", methods=["POST"])
@roles_required(*STAFF)
def close_need(need_id: int):
    return _with_reason(need_id, services.close_need, _("The need is closed."))


@bp.route("/needs/<int:need_id>/reject", methods=["POST"])
@roles_required(*STAFF)
def reject_need(need_id: int):
    return _with_reason(
        need_id, services.reject_need, _("The request is turned down; the resident sees why.")
    )
