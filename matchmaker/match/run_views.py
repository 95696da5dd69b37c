"""Staff read what matching runs did and which scorer versions exist (DESIGN §4).

The routes sit on the match blueprint (``views.bp``), for the same roles as its proposals.
"""

from flask import abort, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..core.i18n import current_locale
from ..core.listing import page_url, paginate
from ..core.nav import role_link
from ..extensions import db
from ..registry.labels import SERVICE_LABELS
from ..registry.models import NeedStatus
from . import run_labels, runs
from .models import MatchRun, MatchRunStatus
from .views import STAFF, bp

PAGE_SIZE = 20

role_link(
    "match.runs",
    _l("Matching runs"),
    _l("See each matching run, the needs it left unmatched and why, and the scorer versions."),
    *STAFF,
)


def _run_labels(shown: list[MatchRun]) -> dict:
    return {
        "status_labels": run_labels.RUN_STATUS_LABELS,
        "origin_labels": run_labels.ORIGIN_LABELS,
        "failed": MatchRunStatus.FAILED,
        "community_names": runs.community_names(shown),
        "scope_ids": runs.scope_ids,
    }


@bp.route("/runs", endpoint="runs")
@roles_required(*STAFF)
def runs_index():
    rows, total, page, last_page = paginate(runs.recent_runs(), PAGE_SIZE)
    return render_template(
        "match/runs.html",
        runs=rows,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        **_run_labels(rows),
    )


@bp.route("/runs/<int:run_id>")
@roles_required(*STAFF)
def run_detail(run_id: int):
    run = db.session.get(MatchRun, run_id)
    if run is None:
        abort(404)
    unmatched, elsewhere = runs.unmatched_visible_to(current_user, run)
    return render_template(
        "match/run.html",
        run=run,
        unmatched=unmatched,
        elsewhere=elsewhere,
        reason_text=run_labels.reason_text,
        reason_hints=run_labels.REASON_HINTS,
        service_labels=SERVICE_LABELS,
        open_status=NeedStatus.OPEN,
        locale=current_locale(),
        **_run_labels([run]),
    )


@bp.route("/scorers")
@roles_required(*STAFF)
def scorers():
    return render_template(
        "match/scorers.html",
        scorers=runs.scorers(),
        in_use=runs.scorer_in_use(),
        status_labels=run_labels.SCORER_STATUS_LABELS,
        kind_labels=run_labels.SCORER_KIND_LABELS,
        metric_rows=run_labels.metric_rows,
        baseline_of=run_labels.baseline_of,
    )
