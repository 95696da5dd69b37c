"""A one-time code for a resident's own account (on the registry blueprint): to activate an
account a roster import created without a password (§12), or to set a forgotten one."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.activation import CodeRefused, issue_activation_code
from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..accounts.views import CODE_REFUSALS, code_page
from ..extensions import db
from .models import ResidentStatus
from .privacy import resident_or_404
from .status_views import render_resident
from .views import bp


@bp.route("/residents/<int:resident_id>/activation-code", methods=["POST"])
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def activation_code(resident_id: int):
    resident = resident_or_404(current_user, resident_id)
    if resident.user is None:
        return _refused(_("This resident has no account of their own."), resident)
    if resident.status is not ResidentStatus.ACTIVE:
        return _refused(_("The record is inactive: no code is issued for its account."), resident)
    try:
        code = issue_activation_code(resident.user, by=current_user)
    except CodeRefused as refused:
        return _refused(CODE_REFUSALS[refused.reason], resident)
    db.session.commit()
    return code_page(
        resident.user,
        code,
        back_url=url_for("registry.resident", resident_id=resident.id),
        back_label=_("Back to the resident"),
    )


def _refused(message, resident):
    flash(str(message), "error")
    return render_resident(resident, code=409)
