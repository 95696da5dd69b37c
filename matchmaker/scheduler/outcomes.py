"""How a job run reads on /admin/jobs: what it did, each count under its name, and why it
skipped, in the reader's language.

A run is stored as the job left it (``JobRun.counts`` keyed in English, ``JobRun.error`` the
skip reason's English text or a failure's traceback) and stays so; this only reads it. A
count or reason not known here is shown as stored; a failure's traceback is for developers.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..core.histories import Phrasebook
from .jobs import ALL_AWAITING, NO_NEW_DECISIONS, NOTHING_TO_MATCH, RUN_IN_PROGRESS, SMTP_OFF
from .models import JobOutcome, JobRun

OUTCOME_LABELS = {
    JobOutcome.RUNNING: _l("Running"),
    JobOutcome.OK: _l("Succeeded"),
    JobOutcome.FAILED: _l("Error"),
    JobOutcome.SKIPPED: _l("Nothing to do"),
}

#: the keys of the counts the jobs return (jobs.py, notify.email.send_pending_email)
COUNT_LABELS = {
    "proposed": _l("Needs with a proposal"),
    "unmatched": _l("Needs left without a proposal"),
    "awaiting": _l("Needs left for their social workers to decide on"),
    "lapsed": _l("Claims lapsed"),
    "warned": _l("Donors warned of a claim lapsing"),
    "scheduled": _l("Reviews scheduled"),
    "overdue": _l("Reviews newly overdue"),
    "alerts": _l("Alerts sent to social workers"),
    "reminded": _l("Volunteers reminded"),
    "samples": _l("Decisions trained on"),
    "promoted": _l("New scorer put in force"),
    "changed": _l("Volunteers whose star level changed"),
    "sent": _l("E-mails sent"),
    "failed": _l("E-mails to try again"),
    "gave_up": _l("E-mails given up on"),
    "dropped": _l("E-mails no longer wanted"),
    "ticks": _l("Test ticks"),
}

#: why a job had nothing to do, as jobs.py (and the training it calls) write it
SKIP_REASONS = Phrasebook()
SKIP_REASONS.known(NOTHING_TO_MATCH.format(what="needs"), _l("no open needs to match"))
SKIP_REASONS.known(
    NOTHING_TO_MATCH.format(what="volunteers"), _l("no approved volunteers with room to match")
)
SKIP_REASONS.known(RUN_IN_PROGRESS, _l("another matching run was in progress"))
SKIP_REASONS.known(
    ALL_AWAITING,
    _l(
        "every open need already has proposals from the last 12 hours, left for its social "
        "worker to decide on"
    ),
)
SKIP_REASONS.known(NO_NEW_DECISIONS, _l("no new decisions since the last training"))
SKIP_REASONS.known(
    SMTP_OFF,
    _l(
        "sending e-mail is not set up (MATCHMAKER_SMTP_HOST); the notifications wait in the "
        "inboxes and go out once it is"
    ),
)
# match.training.NotEnoughDecisions
SKIP_REASONS.pattern(
    r"(?P<n>\d+) decisions so far; training needs at least (?P<least>\d+), "
    r"on four or more needs, with both confirmations and rejections",
    lambda parts: ngettext(
        "%(num)d decision so far; training needs at least %(least)s, on four or more needs, "
        "with both confirmations and rejections",
        "%(num)d decisions so far; training needs at least %(least)s, on four or more needs, "
        "with both confirmations and rejections",
        int(parts["n"]),
        least=parts["least"],
    ),
)


def run_result(run: JobRun) -> str:
    """ "Succeeded (Needs with a proposal: 0; Needs left without a proposal: 2)"."""
    outcome = str(OUTCOME_LABELS[run.outcome])
    if not run.counts:
        return outcome
    counts = _("; ").join(
        _("%(name)s: %(value)s", name=COUNT_LABELS.get(key, key), value=value)
        for key, value in run.counts.items()
    )
    return _("%(outcome)s (%(counts)s)", outcome=outcome, counts=counts)


def skip_reason(run: JobRun) -> str:
    """Why a skipped run had nothing to do, in the reader's language where known."""
    return SKIP_REASONS.read(run.error)
