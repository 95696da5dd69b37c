"""Staff read what matching runs did and which scorer versions exist (DESIGN §4).

The routes sit on the match blueprint (``views.bp``), for the same roles as its proposals.
"""

from flask import abort, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.permissions import roles_required
from ..core.i18n import current_locale
from ..core.listing import page_url, paginate
from ..core.nav import role_link
from ..extensions import db
from ..registry.labels import SERVICE_LABELS
from ..registry.models import NeedStatus
from . import runs
from .models import (
    MatchRun,
    MatchRunStatus,
    RunOrigin,
    ScorerStatus,
    UnmatchedNeed,
    UnmatchedReason,
)
from .views import STAFF, bp

PAGE_SIZE = 20

role_link(
    "match.runs",
    _l("Matching runs"),
    _l("See each matching run, the needs it left unmatched and why, and the scorer versions."),
    *STAFF,
)


# -- how runs, the reasons a need went unmatched and scorers' metrics read to staff ---------

RUN_STATUS_LABELS = {
    MatchRunStatus.RUNNING: _l("Running"),
    MatchRunStatus.DONE: _l("Done"),
    MatchRunStatus.FAILED: _l("Failed with an error"),
}

#: Who started a run when no person did (a person is named instead).
ORIGIN_LABELS = {
    RunOrigin.WEB: _l("The site"),
    RunOrigin.CLI: _l("Command line (matchmaker match run)"),
    RunOrigin.NIGHTLY: _l("Nightly run (scheduler)"),
    RunOrigin.DEMO: _l("Demo data"),
}

SCORER_STATUS_LABELS = {
    ScorerStatus.CANDIDATE: _l("Candidate"),
    ScorerStatus.PROMOTED: _l("Promoted"),
    ScorerStatus.RETIRED: _l("Retired"),
}

SCORER_KIND_LABELS = {"logistic_regression": _l("Logistic regression")}

#: What a social worker can do about each reason.
REASON_HINTS = {
    UnmatchedReason.NO_CANDIDATE: _l(
        "The need's page shows which constraint leaves nobody today; check its skills and "
        "times, or look for a volunteer nearby in the volunteer pool."
    ),
    UnmatchedReason.DECLINED: _l("Ask another volunteer nearby, or recruit one."),
    UnmatchedReason.LOW_SCORE: _l(
        "Read the need and its candidates: one may still suit it when asked directly."
    ),
    UnmatchedReason.TAKEN: _l(
        "It can be proposed when a volunteer has room again; the next run tries again."
    ),
}


def reason_text(row: UnmatchedNeed) -> str:
    """The reason a run left a need unmatched, in a sentence with its numbers."""
    if row.reason is UnmatchedReason.NO_CANDIDATE:
        return _(
            "No volunteer meets this need's hard constraints (skills, availability, radius, "
            "gender, background check)."
        )
    if row.reason is UnmatchedReason.DECLINED:
        return ngettext(
            "The %(num)d volunteer who meets its hard constraints was declined for it before.",
            "The %(num)d volunteers who meet its hard constraints were all declined for it before.",
            row.declined,
        )
    if row.reason is UnmatchedReason.LOW_SCORE:
        return ngettext(
            "Its %(num)d candidate scored too low to be proposed.",
            "Its %(num)d candidates all scored too low to be proposed.",
            row.candidates,
        )
    return ngettext(
        "Its %(num)d candidate went to another need, where the pairing was worth more.",
        "Its %(num)d candidates went to other needs, where the pairings were worth more.",
        row.candidates,
    )


#: The held-out metrics a trained scorer records (learning.evaluate), in the order shown.
METRIC_LABELS = {
    "auc": _l("AUC: how well it ranks confirmed above rejected (0.5 is chance, 1 is perfect)"),
    "acceptance_at_1": _l("Needs whose top-scored volunteer was the one confirmed"),
    "rows": _l("Held-out decisions"),
    "needs": _l("Held-out needs"),
    "confirmed": _l("Confirmed among them"),
}


def metric_value(key: str, value) -> str:
    if value is None:
        return _("cannot be measured (only one kind of decision)")
    if key == "acceptance_at_1":
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def metric_rows(metrics: dict) -> list[tuple[str, str]]:
    """(label, value) of each metric present, known ones first and in words; the nested
    ``baseline`` (the scorer it was judged against) is read by ``baseline_of``."""
    known = [
        (str(label), metric_value(key, metrics[key]))
        for key, label in METRIC_LABELS.items()
        if key in metrics
    ]
    extra = [
        (key, metric_value(key, value))
        for key, value in sorted(metrics.items())
        if key not in METRIC_LABELS and key != "baseline" and not isinstance(value, dict)
    ]
    return known + extra


def baseline_of(metrics: dict) -> tuple[str, list[tuple[str, str]]] | None:
    """The version and metrics of the scorer in force when this one was judged, if recorded."""
    baseline = metrics.get("baseline")
    if not isinstance(baseline, dict):
        return None
    rest = {k: v for k, v in baseline.items() if k != "version"}
    return str(baseline.get("version", "")), metric_rows(rest)


# -- pages ----------------------------------------------------------------------------------


def _run_labels(shown: list[MatchRun]) -> dict:
    return {
        "status_labels": RUN_STATUS_LABELS,
        "origin_labels": ORIGIN_LABELS,
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
        reason_text=reason_text,
        reason_hints=REASON_HINTS,
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
        status_labels=SCORER_STATUS_LABELS,
        kind_labels=SCORER_KIND_LABELS,
        metric_rows=metric_rows,
        baseline_of=baseline_of,
    )
