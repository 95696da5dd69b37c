"""Correcting a roll: "Mark absent instead" for an attendance marked by mistake (a page that
says what the correction changes and asks why; the rules are in ``corrections``)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..core.events import InvalidTransition
from ..extensions import db
from . import corrections
from .forms import CorrectionForm
from .labels import ENROLMENT_LABELS, KEPT_BY_LABELS, REFUSALS, correction_outcome
from .models import EnrolmentStatus
from .services import Refused
from .staff_views import STAFF, _on_roll, _roll_page, _runnable, bp


@bp.route(
    "/sessions/<int:session_id>/attendance/<int:enrolment_id>/correct", methods=["GET", "POST"]
)
@roles_required(*STAFF)
def correct_attendance(session_id: int, enrolment_id: int):
    """Mark absent instead: a page that says what the correction changes and asks why."""
    session = _runnable(session_id)
    enrolment = _on_roll(session, enrolment_id)
    name = enrolment.volunteer.user.name
    not_attended = _(
        "%(name)s is not marked as attended (any more), so there is nothing to correct. The "
        "roll shows where things stand now.",
        name=name,
    )
    if enrolment.status is not EnrolmentStatus.COMPLETED:
        flash(not_attended, "error")
        return _roll_page(session, 409)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return render_template(
            "train/correct_attendance.html",
            form=form,
            session=session,
            enrolment=enrolment,
            preview=corrections.correction_preview(enrolment),
            enrolment_labels=ENROLMENT_LABELS,
            kept_by_labels=KEPT_BY_LABELS,
        ), 422 if form.is_submitted() else 200
    try:
        done = corrections.mark_absent_instead(enrolment, by=current_user, why=form.reason.data)
    except (Refused, InvalidTransition) as exc:
        db.session.rollback()
        flash(REFUSALS[exc.reason] if isinstance(exc, Refused) else not_attended, "error")
        return _roll_page(session, 409)
    db.session.commit()
    flash(correction_outcome(name, done), "success")
    return redirect(url_for("train_staff.session", session_id=session.id))
