"""What each supervision state and choice is called, in the reader's language."""

from flask_babel import lazy_gettext as _l

from ..match.models import PairingStatus
from .models import Activity, Decision, IncidentStatus, LogStatus, Outcome, ReviewStatus

ACTIVITY_LABELS = {
    Activity.VISIT: _l("Home visit and company"),
    Activity.ESCORT: _l("Escort outside"),
    Activity.ERRANDS: _l("Errands"),
    Activity.REHABILITATION: _l("Rehabilitation exercises"),
    Activity.TUTORING: _l("Tutoring"),
    Activity.COUNSELLING: _l("Talking and support"),
    Activity.OTHER: _l("Other"),
}
LOG_STATUS_LABELS = {
    LogStatus.SUBMITTED: _l("Waiting for verification"),
    LogStatus.VERIFIED: _l("Verified"),
    LogStatus.REJECTED: _l("Rejected"),
    LogStatus.CHANGE_REQUESTED: _l("Verified, change waiting for approval"),
}
PAIRING_STATUS_LABELS = {
    PairingStatus.CONFIRMED: _l("Confirmed, waiting for training"),
    PairingStatus.ACTIVE: _l("In progress"),
    PairingStatus.SUSPENDED: _l("Suspended"),
    PairingStatus.ENDED: _l("Ended"),
}
REVIEW_STATUS_LABELS = {
    ReviewStatus.DUE: _l("Due"),
    ReviewStatus.OVERDUE: _l("Overdue"),
    ReviewStatus.DONE: _l("Done"),
    ReviewStatus.CANCELLED: _l("Cancelled"),
}
OUTCOME_LABELS = {
    Outcome.CONTINUE: _l("Continue the pairing"),
    Outcome.PAUSE: _l("Pause the pairing"),
    Outcome.END: _l("End the pairing"),
}
INCIDENT_STATUS_LABELS = {
    IncidentStatus.OPEN: _l("Not handled yet"),
    IncidentStatus.RESOLVED: _l("Resolved"),
}
DECISION_LABELS = {
    Decision.RESUME: _l("Resume the pairing"),
    Decision.END: _l("End the pairing"),
}
RATING_LABELS = {
    1: _l("1 – very poor"),
    2: _l("2 – poor"),
    3: _l("3 – all right"),
    4: _l("4 – good"),
    5: _l("5 – very good"),
}


def state_names() -> dict[str, object]:
    """Every state value → label, for the history of a pairing, a log or a review."""
    names: dict[str, object] = {}
    for labels in (
        PAIRING_STATUS_LABELS,
        LOG_STATUS_LABELS,
        REVIEW_STATUS_LABELS,
        INCIDENT_STATUS_LABELS,
    ):
        names.update({state.value: label for state, label in labels.items()})
    return names


def template_labels() -> dict:
    return {
        "activity_labels": ACTIVITY_LABELS,
        "log_status_labels": LOG_STATUS_LABELS,
        "pairing_status_labels": PAIRING_STATUS_LABELS,
        "review_status_labels": REVIEW_STATUS_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "incident_status_labels": INCIDENT_STATUS_LABELS,
        "decision_labels": DECISION_LABELS,
        "state_names": state_names(),
    }
