"""Supervision pages: the social worker's dashboard, pairings, and logging a visit."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import Role, User
from ..accounts.permissions import roles_required
from ..core.audit import audit
from ..core.audit_details import detail_pattern
from ..core.events import InvalidTransition, history
from ..core.i18n import current_locale
from ..core.listing import back_to
from ..core.nav import review_queue, role_link
from ..core.types import id_in_range, utcnow
from ..extensions import db
from ..match.models import PairingStatus
from ..registry.labels import template_labels as registry_labels
from . import log_changes, services, visits
from . import logs as log_rules
from .dashboard import dashboard as dashboard_of
from .dashboard import refresh_reviews
from .forms import (
    ActionForm,
    EndForm,
    IncidentForm,
    LogForm,
    RateForm,
    ReasonForm,
    ResolveForm,
    ReviewForm,
)
from .labels import template_labels
from .late_logs import open_days
from .models import LogStatus, Outcome, ServiceLog
from .pairing_list import render_staff_list
from .pairings import open_incidents
from .review_schedule import pending_review
from .reviews import last_review_id
from .training_wait import training_wait

bp = Blueprint("supervise", __name__, url_prefix="/supervise")
detail_pattern(
    "view_supervision",
    r"pairings=(?P<n>\d+)",
    lambda parts: ngettext("%(num)d pairing shown", "%(num)d pairings shown", int(parts["n"])),
)
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)
PARTIES = (Role.VOLUNTEER, Role.RESIDENT, *STAFF)
role_link(
    "supervise.dashboard",
    _l("Supervision"),
    _l("Verify service logs, hold supervision reviews, follow up alerts and incidents."),
    *STAFF,
)
role_link(
    "supervise.pairings",
    _l("My pairings"),
    _l("See the residents you are paired with and log each visit."),
    Role.VOLUNTEER,
)
role_link(
    "supervise.pairings",
    _l("My pairings"),
    _l("See your volunteer's visits and rate each one."),
    Role.RESIDENT,
)
review_queue(
    "supervise.dashboard",
    _l("Service logs to verify: %(n)d"),
    services.count_logs_to_verify,
    *STAFF,
)
review_queue(
    "supervise.dashboard",
    _l("Open incidents: %(n)d"),
    services.count_open_incidents,
    *STAFF,
    _anchor="incidents-heading",
)
review_queue(
    "supervise.dashboard",
    _l("Supervision reviews overdue: %(n)d"),
    services.count_overdue_reviews,
    *STAFF,
    _anchor="reviews-heading",
)
review_queue(
    "supervise.dashboard",
    _l("Paused pairings to resume or end: %(n)d"),
    services.count_paused_pairings,
    *STAFF,
    _anchor="paused-heading",
)


@bp.route("")
@roles_required(*STAFF)
def dashboard():
    now = utcnow()
    try:
        refresh_reviews(now)
        db.session.commit()
    except IntegrityError:  # another request scheduled the same review at the same moment
        db.session.rollback()
    board = dashboard_of(current_user, now)
    page = render_template("supervise/dashboard.html", board=board, **template_labels())
    # audited after rendering: the audit's commit would expire every row the page reads
    if board.names_shown:  # a view of those residents' records (DESIGN §8)
        audit(current_user, "view_supervision", detail=f"pairings={board.names_shown}")
        db.session.commit()
    return page


@bp.route("/pairings")
@roles_required(*PARTIES)
def pairings():
    """Staff: their communities' pairings, filtered and paged; others: their own pairings."""
    if current_user.has_role(*STAFF):
        return render_staff_list(current_user)
    mine = services.my_pairings(current_user)
    return render_template(
        "supervise/pairings.html",
        pairings=mine,
        staff=False,
        # the pairings whose resident's full name this user may read (the others are masked)
        named={p.id for p in mine if services.sees_resident_name(current_user, p)},
        **template_labels(),
        **registry_labels(),
    )


def _actors(events) -> dict[int, str]:
    ids = {e.actor_id for e in events if e.actor_id}
    if not ids:
        return {}
    return {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


#: The forms of the pairing page, by kind; each instance is named by its prefix.
FORM_KINDS = {
    "action": ActionForm,
    "reason": ReasonForm,
    "rate": RateForm,
    "review": ReviewForm,
    "incident": IncidentForm,
    "resolve": ResolveForm,
    "end": EndForm,
}


def render_pairing(
    pairing, status: int = 200, forms: dict | None = None, at_log: ServiceLog | None = None
):
    """The pairing page; ``forms`` holds a submitted form (key → form) to show its errors,
    and ``at_log`` the visit it is about (its page of visits is shown)."""
    forms = forms or {}
    user = current_user
    staff = services.is_staff_for(user, pairing)
    contact = services.can_see_contact(user, pairing)
    volunteer = services.is_volunteer_of(user, pairing)
    if staff:
        audit(user, "view_resident", pairing.need.resident, detail=f"pairing {pairing.id}")
        db.session.commit()
    events = history(pairing)
    logs, logs_total, page, last_page = visits.visits_page(pairing, at_log)
    reviews = services.reviews_of(pairing)
    return render_template(
        "supervise/pairing.html",
        pairing=pairing,
        staff=staff,
        volunteer=volunteer,
        # the days whose visits its volunteer can log now (None: no "Log a visit" link)
        log_days=open_days(pairing, utcnow()) if volunteer else None,
        resident=services.is_resident_of(user, pairing),
        contact=contact,
        logs=logs,
        # the visit an action just succeeded on: its card repeats the message
        done=request.args.get("done", type=int),
        logs_total=logs_total,
        page=page,
        last_page=last_page,
        page_url=lambda n: visits.page_url(pairing.id, n, back_to("supervise.pairings")),
        logs_per_page=visits.PAGE_SIZE,
        reviews=reviews,
        pause_review=_pause_review(pairing, reviews),
        incidents=services.incidents_shown_to(user, pairing),
        open_incidents=open_incidents(pairing),
        pending=pending_review(pairing),
        last_review=last_review_id(pairing),
        training=training_wait(pairing, current_locale(), utcnow()),
        events=events,
        actors=_actors(events),
        forms=forms,
        form_for=lambda kind, prefix: (
            forms.get(prefix) or FORM_KINDS[kind](formdata=None, prefix=prefix)
        ),
        **template_labels(),
        **registry_labels(),
    ), status


def _pause_review(pairing, reviews):
    """The review that paused a suspended pairing, if one did (not an incident)."""
    if pairing.status is not PairingStatus.SUSPENDED:
        return None
    return max(
        (r for r in reviews if r.outcome is Outcome.PAUSE), key=lambda r: r.done_at, default=None
    )


@bp.route("/pairings/<int:pairing_id>")
@roles_required(*PARTIES)
def pairing(pairing_id: int):
    pairing = services.pairing_or_404(current_user, pairing_id)
    # ?log=<id>: the page of visits showing that one (the dashboard links a log to verify)
    log_id = request.args.get("log", type=int)
    log = db.session.get(ServiceLog, log_id) if id_in_range(log_id) else None
    return render_pairing(pairing, at_log=log if log and log.pairing_id == pairing.id else None)


def own_log_or_404(log_id: int) -> ServiceLog:
    log = db.session.get(ServiceLog, log_id) if id_in_range(log_id) else None
    if log is None or not services.is_volunteer_of(current_user, log.pairing):
        abort(404)
    return log


@bp.route("/pairings/<int:pairing_id>/logs/new", methods=["GET", "POST"])
@roles_required(Role.VOLUNTEER)
def new_log(pairing_id: int):
    pairing = services.pairing_or_404(current_user, pairing_id)
    if not services.is_volunteer_of(current_user, pairing):
        abort(404)
    form = LogForm()
    try:
        log_rules.check_open(pairing, utcnow())
    except log_rules.LogRefused as refused:
        _attach(form, refused)
        return _log_page(form, pairing, None, 409 if form.is_submitted() else 200)
    if form.validate_on_submit():
        try:
            log_rules.create_log(pairing, form.values(), by=current_user, now=utcnow())
        except log_rules.LogRefused as refused:
            db.session.rollback()
            _attach(form, refused)
            return _log_page(form, pairing, None, 422)
        db.session.commit()
        flash(_("Visit logged. A social worker will verify it."), "success")
        return redirect(url_for("supervise.pairing", pairing_id=pairing.id))
    return _log_page(form, pairing, None, 422 if form.errors else 200)


@bp.route("/logs/<int:log_id>/edit", methods=["GET", "POST"])
@roles_required(Role.VOLUNTEER)
def edit_log(log_id: int):
    """Correct a log; once verified, the correction waits for a social worker's approval."""
    log = own_log_or_404(log_id)
    form = LogForm()
    if not form.is_submitted():
        form.fill(log_rules.LogValues.of(log))
    if log.status is LogStatus.CHANGE_REQUESTED:
        form.form_errors.append(_("A change to this log is already waiting for approval."))
        return _log_page(form, log.pairing, log, 409 if form.is_submitted() else 200)
    if form.validate_on_submit():
        verified = log.status is LogStatus.VERIFIED
        try:
            if verified:
                changed = log_changes.request_change(
                    log, form.values(), by=current_user, now=utcnow()
                )
            else:
                changed = log_changes.update_log(log, form.values(), by=current_user, now=utcnow())
        except log_rules.LogRefused as refused:
            db.session.rollback()
            _attach(form, refused)
            return _log_page(form, log.pairing, log, 422)
        except InvalidTransition:
            db.session.rollback()
            form.form_errors.append(
                _("This log was verified or rejected meanwhile; open it again to see how.")
            )
            return _log_page(form, log.pairing, log, 409)
        db.session.commit()
        if not changed:
            flash(_("Nothing was changed."), "info")
        elif verified:
            flash(_("Change sent: a social worker will approve it before it counts."), "success")
        else:
            flash(_("Log corrected."), "success")
        return redirect(visits.url_of(log, done=True))
    return _log_page(form, log.pairing, log, 422 if form.errors else 200)


def _attach(form: LogForm, refused: log_rules.LogRefused) -> None:
    if refused.field:
        getattr(form, refused.field).errors = [str(refused.message)]
    else:
        form.form_errors.append(str(refused.message))


def _log_page(form, pairing, log, status):
    return render_template(
        "supervise/log_form.html",
        form=form,
        pairing=pairing,
        log=log,
        log_days=open_days(pairing, utcnow()),
        **template_labels(),
    ), status


from . import history_reasons  # noqa: E402, F401  (how the reasons it writes read in a history)
