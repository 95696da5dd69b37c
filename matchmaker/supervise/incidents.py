"""Incidents suspend a pairing until a social worker decides; a paused pairing resumes here."""

from datetime import datetime

from ..accounts.models import User
from ..core.events import StaleTransition, record_creation, transition
from ..core.resends import made_just_now
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..train.services import missing_courses
from . import alerts
from .ending import end_pairing, record_decision
from .models import Decision, Incident, IncidentStatus
from .pairings import NotAllowedNow, local_date, lock_pairing, open_incidents
from .review_schedule import (
    PAUSED,
    cancel_pending_reviews,
    last_review_day,
    pending_review,
    review_interval,
    schedule_review,
)


def report_incident(pairing: Pairing, *, by: User, description: str, now: datetime) -> Incident:
    """Record an incident; an active pairing is suspended until a social worker decides.

    :raises NotAllowedNow: if the pairing is neither active nor suspended.
    """
    lock_pairing(pairing)
    same = made_just_now(
        Incident,
        Incident.reported_at,
        now=now,
        pairing_id=pairing.id,
        reporter_id=by.id,
        description=description,
        status=IncidentStatus.OPEN,
    )
    if same is not None:  # the same report sent again (core.resends)
        return same
    if pairing.status not in (PairingStatus.ACTIVE, PairingStatus.SUSPENDED):
        raise NotAllowedNow(pairing.status)
    incident = Incident(
        pairing_id=pairing.id, reporter_id=by.id, description=description, reported_at=now
    )
    record_creation(incident, by=by, why="reported")
    suspends = pairing.status is PairingStatus.ACTIVE
    if suspends:
        transition(pairing, PairingStatus.SUSPENDED, by=by, why=f"incident {incident.id} reported")
        cancel_pending_reviews(pairing, by=by, why=PAUSED)
    alerts.incident_reported(incident, by=by, suspended=suspends)
    return incident


def resolve_incident(
    incident: Incident, decision: Decision, *, by: User, note: str, now: datetime
) -> None:
    """Decide an incident: resume the pairing (once no other incident is open) or end it.

    :raises StaleTransition: if another social worker resolved it first (or ended the pairing).
    """
    pairing = incident.pairing
    lock_pairing(pairing)
    record_decision(incident, decision, by=by, note=note, now=now)
    if decision is Decision.END and pairing.status is not PairingStatus.ENDED:
        end_pairing(pairing, by=by, reason=note or f"incident {incident.id}", now=now)
    elif (
        decision is Decision.RESUME
        and pairing.status is PairingStatus.SUSPENDED
        and not open_incidents(pairing)
    ):
        _resume(pairing, by=by, why=f"incident {incident.id} resolved", now=now)
    db.session.flush()


def resume_pairing(pairing: Pairing, *, by: User, why: str, now: datetime) -> None:
    """Resume a paused pairing.

    :raises NotAllowedNow: while an incident on it is still open.
    :raises StaleTransition: if it is no longer suspended (resumed or ended meanwhile).
    """
    lock_pairing(pairing)
    if pairing.status is not PairingStatus.SUSPENDED:
        raise StaleTransition(pairing, PairingStatus.ACTIVE)
    if open_incidents(pairing):
        raise NotAllowedNow(pairing.status)
    _resume(pairing, by=by, why=why, now=now)


#: the reason recorded when a resumed pairing waits for training instead
WAITS_FOR_TRAINING = "resumed, waiting for training"


def _resume(pairing: Pairing, *, by: User, why: str, now: datetime) -> None:
    """Active again, as before the pause; or, if its volunteer now misses a course its need
    requires (an attendance corrected to absent while it was paused, or a course required
    since), back to waiting for training: active means trained (DESIGN §3), and an active
    pairing shows the volunteer the resident's contact details (§8)."""
    if missing_courses(pairing.volunteer, pairing.need):
        transition(pairing, PairingStatus.CONFIRMED, by=by, why=WAITS_FOR_TRAINING)
        pairing.activated_at = None
        cancel_pending_reviews(pairing, by=by, why=WAITS_FOR_TRAINING)
        alerts.resumed_awaiting_training(pairing, by=by)
        return
    transition(pairing, PairingStatus.ACTIVE, by=by, why=why)
    if pending_review(pairing) is None:
        # A review that fell due during the pause is due now, not overdue since then.
        regular = last_review_day(pairing, now) + review_interval()
        schedule_review(pairing, due_on=max(regular, local_date(now)), by=by)
    alerts.resumed(pairing, by=by)
