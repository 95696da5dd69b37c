"""Ending a pairing (by staff, a review or an incident): place given back, need reopened or met."""

from datetime import datetime

from sqlalchemy import update

from ..accounts.models import User
from ..core.events import transition
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..recruit.models import Volunteer
from ..registry.models import NeedStatus, ResidentStatus
from . import alerts
from .models import Decision, Incident, IncidentStatus
from .pairings import lock_pairing, open_incidents
from .review_schedule import cancel_pending_reviews


def end_pairing(
    pairing: Pairing, *, by: User | None, reason: str, now: datetime, close_need: bool = False
) -> None:
    """End the pairing: the volunteer gets the place back and its need opens again for a new
    pairing — or, with ``close_need`` (the need is met), closes. Incidents still open on it
    are resolved by the ending; the volunteer and the resident's account are told.

    :raises InvalidTransition: if it has already ended.
    """
    lock_pairing(pairing)
    transition(pairing, PairingStatus.ENDED, by=by, why=reason)
    pairing.ended_at, pairing.end_reason = now, reason
    need = pairing.need
    if need.status is NeedStatus.MATCHED:
        # An inactive resident's need is never reopened (they left the service).
        if close_need or need.resident.status is ResidentStatus.INACTIVE:
            why = f"pairing {pairing.id} ended, need met: {reason}"
            transition(need, NeedStatus.CLOSED, by=by, why=why)
        else:
            transition(need, NeedStatus.OPEN, by=by, why=f"pairing {pairing.id} ended: {reason}")
            need.opened_at = now
    db.session.execute(
        update(Volunteer)
        .where(Volunteer.id == pairing.volunteer_id, Volunteer.open_pairings > 0)
        .values(open_pairings=Volunteer.open_pairings - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(pairing.volunteer, ["open_pairings"])
    cancel_pending_reviews(pairing, by=by, why="pairing ended")
    for incident in open_incidents(pairing):
        record_decision(incident, Decision.END, by=by, note=reason, now=now)
    db.session.flush()
    alerts.ended(pairing, by=by)


def record_decision(
    incident: Incident, decision: Decision, *, by: User | None, note: str, now: datetime
) -> None:
    transition(incident, IncidentStatus.RESOLVED, by=by, why=f"{decision.value}: {note}".strip())
    incident.decision, incident.decision_note = decision, note
    incident.resolved_at, incident.resolved_by_id = now, getattr(by, "id", None)
