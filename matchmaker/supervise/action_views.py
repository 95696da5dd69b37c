"""What social workers, volunteers and residents do on a pairing page (all POSTs).

A lost race (two social workers deciding one log) is a 409 with a clear message; a form
error re-renders the pairing page with the message beside the field (422).
"""

from flask import Blueprint, abort, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..core.events import InvalidTransition
from ..core.listing import back_to, record_url
from ..core.types import id_in_range, utcnow
from ..extensions import db
from ..match.models import PairingStatus
from . import ending, incidents, log_changes, reviews, services, visits
from . import logs as log_rules
from .forms import ActionForm, EndForm, IncidentForm, RateForm, ReasonForm, ResolveForm, ReviewForm
from .models import Decision, Incident, LogStatus, Outcome, ServiceLog
from .pairings import NotAllowedNow
from .views import PARTIES, STAFF, render_pairing

bp = Blueprint("supervise_actions", __name__, url_prefix="/supervise")


def _log_for_staff(log_id: int) -> ServiceLog:
    log = db.session.get(ServiceLog, log_id) if id_in_range(log_id) else None
    if log is None or not services.is_staff_for(current_user, log.pairing):
        abort(404)
    return log


def _back(pairing_id: int):
    """The pairing page after an action, leading back to the list it was opened from."""
    return redirect(record_url("supervise.pairing", "supervise.pairings", pairing_id=pairing_id))


def _conflict(pairing, message: str, at_log: ServiceLog | None = None):
    db.session.rollback()
    flash(message, "error")
    db.session.refresh(pairing)
    return render_pairing(pairing, 409, at_log=at_log)


def _already_decided(log: ServiceLog):
    return _conflict(
        log.pairing,
        _("Someone else decided this log first. The page below shows where it stands now."),
        log,
    )


def _log_error(log: ServiceLog, form):
    """The pairing page again, at the page of visits showing ``log``, with the form's errors."""
    return render_pairing(log.pairing, 422, {form._prefix.rstrip("-"): form}, at_log=log)


def _back_to(log: ServiceLog):
    """Back to the visit acted on: its page of visits, at its heading, saying it is done."""
    return redirect(visits.url_of(log, done=True, back=back_to("supervise.pairings")))


@bp.route("/logs/<int:log_id>/verify", methods=["POST"])
@roles_required(*STAFF)
def verify_log(log_id: int):
    log = _log_for_staff(log_id)
    if not ActionForm(prefix=f"verify{log.id}").validate_on_submit():
        abort(400)
    try:
        log_rules.verify_log(log, by=current_user, now=utcnow())
    except InvalidTransition:
        return _already_decided(log)
    db.session.commit()
    flash(
        _("Visit log verified: %(hours)s h counted.", hours=format(log.minutes / 60, ".1f")),
        "success",
    )
    return _back_to(log)


@bp.route("/logs/<int:log_id>/reject", methods=["POST"])
@roles_required(*STAFF)
def reject_log(log_id: int):
    log = _log_for_staff(log_id)
    form = ReasonForm(prefix=f"reject{log.id}")
    if not form.validate_on_submit():
        return _log_error(log, form)
    try:
        log_rules.reject_log(log, by=current_user, reason=form.reason.data.strip())
    except InvalidTransition:
        return _already_decided(log)
    db.session.commit()
    flash(_("Log rejected; the volunteer sees your reason and may correct it."), "success")
    return _back_to(log)


@bp.route("/logs/<int:log_id>/change/approve", methods=["POST"])
@roles_required(*STAFF)
def approve_change(log_id: int):
    log = _log_for_staff(log_id)
    if not ActionForm(prefix=f"approve{log.id}").validate_on_submit():
        abort(400)
    if log.status is not LogStatus.CHANGE_REQUESTED:
        return _already_decided(log)
    try:
        log_changes.approve_change(log, by=current_user, now=utcnow())
    except log_rules.LogRefused as refused:
        return _conflict(
            log.pairing, _("The change cannot be applied: %(why)s", why=refused.message), log
        )
    except InvalidTransition:
        return _already_decided(log)
    db.session.commit()
    flash(_("Change approved and applied."), "success")
    return _back_to(log)


@bp.route("/logs/<int:log_id>/change/refuse", methods=["POST"])
@roles_required(*STAFF)
def refuse_change(log_id: int):
    log = _log_for_staff(log_id)
    form = ReasonForm(prefix=f"refuse{log.id}")
    if not form.validate_on_submit():
        return _log_error(log, form)
    try:
        log_changes.refuse_change(log, by=current_user, reason=form.reason.data.strip())
    except InvalidTransition:
        return _already_decided(log)
    db.session.commit()
    flash(_("Change refused; the verified log stays as it was."), "success")
    return _back_to(log)


@bp.route("/logs/<int:log_id>/rate", methods=["POST"])
@roles_required(Role.RESIDENT, *STAFF)
def rate_log(log_id: int):
    """The resident rates a visit, or a social worker records the rating for them."""
    log = db.session.get(ServiceLog, log_id) if id_in_range(log_id) else None
    if log is None or not (
        services.is_resident_of(current_user, log.pairing)
        or services.is_staff_for(current_user, log.pairing)
    ):
        abort(404)
    form = RateForm(prefix=f"rate{log.id}")
    if not form.validate_on_submit():
        return _log_error(log, form)
    if log.status is LogStatus.REJECTED:
        return _conflict(log.pairing, _("A rejected log cannot be rated."), log)
    log_rules.rate_log(log, form.rating.data, by=current_user, now=utcnow())
    db.session.commit()
    flash(_("Thank you: the rating is saved."), "success")
    return _back_to(log)


def _staff_pairing(pairing_id: int):
    pairing = services.pairing_or_404(current_user, pairing_id)
    if not services.is_staff_for(current_user, pairing):
        abort(404)
    return pairing


@bp.route("/pairings/<int:pairing_id>/review", methods=["POST"])
@roles_required(*STAFF)
def review(pairing_id: int):
    pairing = _staff_pairing(pairing_id)
    form = ReviewForm(prefix="review")
    if not form.validate_on_submit():
        return render_pairing(pairing, 422, {"review": form})
    try:
        reviews.record_review(
            pairing,
            by=current_user,
            satisfaction=form.satisfaction.data,
            risks=(form.risks.data or "").strip(),
            actions=(form.actions.data or "").strip(),
            outcome=Outcome(form.outcome.data),
            now=utcnow(),
            after=form.seen.data,
        )
    except reviews.ReviewedMeanwhile:
        db.session.rollback()
        flash(
            _(
                "A colleague recorded a review of this pairing a moment ago; yours is not saved. "
                "Read theirs below: what you wrote is still in the form, to record it as well."
            ),
            "error",
        )
        db.session.refresh(pairing)
        form.seen.data = reviews.last_review_id(pairing)
        return render_pairing(pairing, 409, {"review": form})
    except (NotAllowedNow, InvalidTransition):
        return _conflict(pairing, _("Reviews are for active pairings; this one changed meanwhile."))
    db.session.commit()
    flash(_("Supervision review recorded."), "success")
    return _back(pairing.id)


@bp.route("/pairings/<int:pairing_id>/incidents", methods=["POST"])
@roles_required(*PARTIES)
def report_incident(pairing_id: int):
    pairing = services.pairing_or_404(current_user, pairing_id)
    form = IncidentForm(prefix="incident")
    if not form.validate_on_submit():
        return render_pairing(pairing, 422, {"incident": form})
    try:
        incidents.report_incident(
            pairing, by=current_user, description=form.description.data.strip(), now=utcnow()
        )
    except (NotAllowedNow, InvalidTransition):
        return _conflict(pairing, _("Incidents can be reported on active or suspended pairings."))
    db.session.commit()
    flash(
        _("Incident reported. The pairing is suspended until a social worker decides."),
        "success",
    )
    return _back(pairing.id)


@bp.route("/incidents/<int:incident_id>/resolve", methods=["POST"])
@roles_required(*STAFF)
def resolve_incident(incident_id: int):
    incident = db.session.get(Incident, incident_id) if id_in_range(incident_id) else None
    if incident is None or not services.is_staff_for(current_user, incident.pairing):
        abort(404)
    form = ResolveForm(prefix=f"resolve{incident.id}")
    if not form.validate_on_submit():
        return render_pairing(incident.pairing, 422, {form._prefix.rstrip("-"): form})
    try:
        incidents.resolve_incident(
            incident,
            Decision(form.decision.data),
            by=current_user,
            note=form.note.data.strip(),
            now=utcnow(),
        )
    except InvalidTransition:
        return _conflict(incident.pairing, _("Someone else resolved this incident first."))
    db.session.commit()
    flash(_("Incident resolved."), "success")
    if incident.pairing.status is PairingStatus.CONFIRMED:  # resumed, waiting for training
        flash(_resumed_message(incident.pairing), "success")
    return _back(incident.pairing_id)


@bp.route("/pairings/<int:pairing_id>/end", methods=["POST"])
@roles_required(*STAFF)
def end(pairing_id: int):
    pairing = _staff_pairing(pairing_id)
    form = EndForm(prefix="end")
    if not form.validate_on_submit():
        return render_pairing(pairing, 422, {"end": form})
    try:
        ending.end_pairing(
            pairing,
            by=current_user,
            reason=form.reason.data.strip(),
            now=utcnow(),
            close_need=form.close_need,
        )
    except InvalidTransition:
        return _conflict(pairing, _("This pairing has already ended."))
    db.session.commit()
    flash(
        _("Pairing ended; the need is closed as met.")
        if form.close_need
        else _("Pairing ended; the need is open for matching again."),
        "success",
    )
    return _back(pairing.id)


@bp.route("/pairings/<int:pairing_id>/resume", methods=["POST"])
@roles_required(*STAFF)
def resume(pairing_id: int):
    pairing = _staff_pairing(pairing_id)
    if not ActionForm(prefix="resume").validate_on_submit():
        abort(400)
    if pairing.status is not PairingStatus.SUSPENDED:
        return _conflict(pairing, _("Only a suspended pairing can be resumed."))
    try:
        incidents.resume_pairing(
            pairing, by=current_user, why="resumed by a social worker", now=utcnow()
        )
    except NotAllowedNow:
        return _conflict(pairing, _("Resolve the open incidents before resuming the pairing."))
    except InvalidTransition:
        return _conflict(pairing, _("This pairing changed meanwhile."))
    db.session.commit()
    flash(_resumed_message(pairing), "success")
    return _back(pairing.id)


def _resumed_message(pairing) -> str:
    if pairing.status is PairingStatus.CONFIRMED:
        return _(
            "Pairing resumed; it waits for its volunteer to complete a required course before "
            "visits start again."
        )
    return _("Pairing resumed.")
