"""A one-time activation code for a resident's account created by a roster import (§12):
the account has no password until its owner sets one with the code (on the registry
blueprint)."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.activation import issue_activation_code
from ..accounts.models import Role, UserStatus
from ..accounts.permissions import roles_required
from ..accounts.views import code_page
from ..extensions import db
from .models import ResidentStatus
from .privacy import resident_or_404
from .status_views import render_resident
from .views import bp


def awaiting_activation(resident) -> bool:
    """Whether the resident's own account was imported and still has no password."""
    account = resident.user
    return account is not None and not account.password_hash


@bp.route("/residents/<int:resident_id>/activation-code", methods=["POST"])
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def activation_code(resident_id: int):
    resident = resident_or_404(current_user, resident_id)
    refusal = None
    if not awaiting_activation(resident):
        refusal = _("This resident has no account waiting to be activated.")
    elif resident.status is not ResidentStatus.ACTIVE:
        refusal = _("The record is inactive: its account is not activated.")
    elif resident.user.status is not UserStatus.ACTIVE:
        refusal = _("The account is disabled; an administrator can enable it first.")
    if refusal:
        flash(refusal, "error")
        return render_resident(resident, code=409)
    code = issue_activation_code(resident.user, by=current_user)
    db.session.commit()
    return code_page(
        resident.user,
        code,
        back_url=url_for("registry.resident", resident_id=resident.id),
        back_label=_("Back to the resident"),
    )
