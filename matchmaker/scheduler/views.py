"""Administrators: the scheduled jobs, their next and last runs, and "run now"."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..core.nav import role_link
from ..core.types import utcnow
from .forms import RunNowForm
from .models import JobOutcome
from .outcomes import OUTCOME_LABELS, run_result, skip_reason
from .runner import AlreadyRunning, last_fire_time, recent_runs, run_by_hand, scheduler_running
from .schedule import JOBS, SCHEDULE

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")
role_link(
    "jobs.index",
    _l("Scheduled jobs"),
    _l("See when each job runs, its last results and errors, and run one now."),
    Role.ADMIN,
)


@bp.route("")
@roles_required(Role.ADMIN)
def index():
    now = utcnow()
    rows = []
    for job in SCHEDULE:
        runs = recent_runs(job.name)
        rows.append((job, job.trigger().get_next_fire_time(last_fire_time(job, now), now), runs))
    return render_template(
        "scheduler/jobs.html",
        rows=rows,
        scheduler_running=scheduler_running(now),
        form=RunNowForm(),
        run_result=run_result,
        skip_reason=skip_reason,
    )


@bp.route("/<name>/run", methods=["POST"])
@roles_required(Role.ADMIN)
def run_now(name: str):
    job = JOBS.get(name)
    if job is None:
        abort(404)
    if not RunNowForm().validate_on_submit():
        abort(400)
    try:
        run = run_by_hand(job, by=current_user)
    except AlreadyRunning as running:
        flash(_already_running(job, running.run), "error")
        return redirect(url_for("jobs.index"))
    label = OUTCOME_LABELS[run.outcome]
    flash(
        _("%(job)s: %(outcome)s.", job=job.label, outcome=label),
        "error" if run.outcome is JobOutcome.FAILED else "success",
    )
    return redirect(url_for("jobs.index"))


def _already_running(job, run) -> str:
    if run is None:
        return _("This job was started by someone else just now.")
    return _(
        "%(job)s is still running (started at %(time)s), so it was not started again. "
        "Its result shows here when it finishes.",
        job=job.label,
        time=format_datetime(run.started_at, "HH:mm:ss"),
    )
