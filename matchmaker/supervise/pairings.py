"""A pairing's life after activation: incidents suspend it, reviews check it, staff end it.

Every move is a ``transition``; the caller owns the transaction. Every move of a pairing, or
of its reviews and incidents, first takes the pairing's row (``lock_pairing``).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select, update

from ..accounts.models import User
from ..core.events import StaleTransition, record_creation, transition
from ..core.locks import hold_row
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..recruit.models import Volunteer
from ..registry.models import NeedStatus, ResidentStatus
from ..train.services import missing_courses
from . import alerts
from .models import (
    Decision,
    Incident,
    IncidentStatus,
    LogStatus,
    Outcome,
    ReviewStatus,
    ServiceLog,
    SupervisionReview,
)

PENDING_REVIEW = (ReviewStatus.DUE, ReviewStatus.OVERDUE)


class NotAllowedNow(Exception):
    """The pairing is not in a state that allows this (e.g. an incident on an ended pairing)."""


class ReviewedMeanwhile(Exception):
    """A colleague recorded a review of the pairing after the form was shown (two social
    workers recording the same review at once): this one is not recorded."""


def lock_pairing(pairing: Pairing) -> None:
    """Take the pairing's row, then read it again as it now stands.

    Every move of a pairing, or of its reviews and incidents, takes it first — before those
    rows, its need or its volunteer — so two moves on one pairing queue in one order instead
    of deadlocking, and the second sees what the first did (``core.locks.hold_row``).
    """
    hold_row(Pairing.status, pairing.id)
    db.session.refresh(pairing)


def local_date(now: datetime) -> date:
    """The calendar day at ``now`` where the federation is (visits are logged in local time)."""
    return now.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def review_interval() -> timedelta:
    return timedelta(days=current_app.config["REVIEW_INTERVAL_DAYS"])


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
        _decide(incident, Decision.END, by=by, note=reason, now=now)
    db.session.flush()
    alerts.ended(pairing, by=by)


#: why a pending review was cancelled when its pairing was suspended
PAUSED = "pairing suspended"


def cancel_pending_reviews(pairing: Pairing, *, by: User | None, why: str) -> None:
    """Cancel the pairing's due or overdue review: it ended, was suspended, or waits for
    training again. A review is of an active pairing (``record_review`` refuses any other), so
    a pending one would only sit in the queue, overdue, with nothing the social worker could
    record; the open incident or the paused list stands for it meanwhile."""
    for review in db.session.scalars(
        select(SupervisionReview).where(
            SupervisionReview.pairing_id == pairing.id,
            SupervisionReview.status.in_(PENDING_REVIEW),
        )
    ):
        transition(review, ReviewStatus.CANCELLED, by=by, why=why)
        review.pending_for = None


def open_incidents(pairing: Pairing) -> list[Incident]:
    return list(
        db.session.scalars(
            select(Incident)
            .where(Incident.pairing_id == pairing.id, Incident.status == IncidentStatus.OPEN)
            .order_by(Incident.id)
        )
    )


def report_incident(pairing: Pairing, *, by: User, description: str, now: datetime) -> Incident:
    """Record an incident; an active pairing is suspended until a social worker decides.

    :raises NotAllowedNow: if the pairing is neither active nor suspended.
    """
    lock_pairing(pairing)
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


def _decide(
    incident: Incident, decision: Decision, *, by: User | None, note: str, now: datetime
) -> None:
    transition(incident, IncidentStatus.RESOLVED, by=by, why=f"{decision.value}: {note}".strip())
    incident.decision, incident.decision_note = decision, note
    incident.resolved_at, incident.resolved_by_id = now, getattr(by, "id", None)


def resolve_incident(
    incident: Incident, decision: Decision, *, by: User, note: str, now: datetime
) -> None:
    """Decide an incident: resume the pairing (once no other incident is open) or end it.

    :raises StaleTransition: if another social worker resolved it first (or ended the pairing).
    """
    pairing = incident.pairing
    lock_pairing(pairing)
    _decide(incident, decision, by=by, note=note, now=now)
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
        regular = _last_review_day(pairing, now) + review_interval()
        _schedule_review(pairing, due_on=max(regular, local_date(now)), by=by)
    alerts.resumed(pairing, by=by)


def pending_review(pairing: Pairing) -> SupervisionReview | None:
    return db.session.scalar(
        select(SupervisionReview)
        .where(SupervisionReview.pending_for == pairing.id)
        .execution_options(populate_existing=True)
    )


def _last_review_day(pairing: Pairing, now: datetime) -> date:
    last = db.session.scalar(
        select(func.max(SupervisionReview.done_at)).where(
            SupervisionReview.pairing_id == pairing.id,
            SupervisionReview.status == ReviewStatus.DONE,
        )
    )
    return local_date(last or pairing.activated_at or pairing.confirmed_at or now)


def schedule_reviews(now: datetime) -> int:
    """Give every active pairing without a pending review its next one (idempotent, also
    when run twice at once: the nightly job and a social worker's dashboard).

    The next review is due one interval after the last review, or after activation.
    :returns: how many were scheduled.
    """
    _cancel_reviews_of_paused_pairings()
    waiting = select(SupervisionReview.pairing_id).where(
        SupervisionReview.status.in_(PENDING_REVIEW)
    )
    pairings = db.session.scalars(
        select(Pairing)
        .where(Pairing.status == PairingStatus.ACTIVE, Pairing.id.not_in(waiting))
        .order_by(Pairing.id)
    ).all()
    scheduled = 0
    for pairing in pairings:
        lock_pairing(pairing)
        # scheduled by another run, or reviewed into a pause or an end, since the query above
        if pairing.status is not PairingStatus.ACTIVE or pending_review(pairing) is not None:
            continue
        _schedule_review(pairing, due_on=_last_review_day(pairing, now) + review_interval())
        scheduled += 1
    return scheduled


def _schedule_review(pairing: Pairing, *, due_on: date, by: User | None = None) -> None:
    review = SupervisionReview(pairing_id=pairing.id, pending_for=pairing.id, due_on=due_on)
    record_creation(review, by=by, why="scheduled")


def _cancel_reviews_of_paused_pairings() -> None:
    """Reviews left pending on a suspended pairing by an earlier version, which suspended
    without cancelling them (idempotent)."""
    paused = db.session.scalars(
        select(Pairing)
        .join(SupervisionReview, SupervisionReview.pending_for == Pairing.id)
        .where(Pairing.status == PairingStatus.SUSPENDED)
        .order_by(Pairing.id)
    ).all()
    for pairing in paused:
        lock_pairing(pairing)
        if pairing.status is not PairingStatus.SUSPENDED:  # resumed or ended meanwhile
            continue
        try:
            cancel_pending_reviews(pairing, by=None, why=PAUSED)
        except StaleTransition:  # a colleague's page view (or the nightly job) did it first
            continue


def mark_overdue_reviews(now: datetime) -> int:
    """Mark due reviews whose date has passed as overdue (idempotent); returns how many."""
    late = db.session.scalars(
        select(SupervisionReview)
        .where(
            SupervisionReview.status == ReviewStatus.DUE,
            SupervisionReview.due_on < local_date(now),
        )
        .order_by(SupervisionReview.id)  # two runs at once take the rows in one order
    ).all()
    marked = 0
    for review in late:
        try:
            transition(review, ReviewStatus.OVERDUE, why="not done by its due date")
        except StaleTransition:  # marked (or done) by a request at the same moment
            continue
        marked += 1
    return marked


def visits_since_last_review(pairing: Pairing, now: datetime) -> int:
    since = _last_review_day(pairing, now) if pairing_reviewed(pairing) else date.min
    return db.session.scalar(
        select(func.count(ServiceLog.id)).where(
            ServiceLog.pairing_id == pairing.id,
            ServiceLog.status != LogStatus.REJECTED,
            ServiceLog.service_date >= since,
        )
    )


def last_review_id(pairing: Pairing) -> int:
    """The id of the pairing's latest done review, 0 if none: the review form carries it, so
    that of two reviews written on the same page at once only the first is recorded."""
    return (
        db.session.scalar(
            select(func.max(SupervisionReview.id)).where(
                SupervisionReview.pairing_id == pairing.id,
                SupervisionReview.status == ReviewStatus.DONE,
            )
        )
        or 0
    )


def pairing_reviewed(pairing: Pairing) -> bool:
    return bool(
        db.session.scalar(
            select(func.count(SupervisionReview.id)).where(
                SupervisionReview.pairing_id == pairing.id,
                SupervisionReview.status == ReviewStatus.DONE,
            )
        )
    )


def record_review(
    pairing: Pairing,
    *,
    by: User,
    satisfaction: int,
    risks: str,
    actions: str,
    outcome: Outcome,
    now: datetime,
    after: int | None = None,
) -> SupervisionReview:
    """Record the supervision review of an active pairing and act on its outcome.

    :param after: the latest done review when the form was shown (``last_review_id``);
        None to record it whatever was done since.
    :raises NotAllowedNow: if the pairing is not active.
    :raises ReviewedMeanwhile: if a review was recorded since ``after``.
    """
    lock_pairing(pairing)
    if pairing.status is not PairingStatus.ACTIVE:
        raise NotAllowedNow(pairing.status)
    if after is not None and last_review_id(pairing) != after:
        raise ReviewedMeanwhile(pairing.id)
    review = pending_review(pairing)
    if review is None:
        review = SupervisionReview(
            pairing_id=pairing.id, pending_for=pairing.id, due_on=local_date(now)
        )
        record_creation(review, by=by, why="recorded without a schedule")
    visits = visits_since_last_review(pairing, now)
    _mark_done(review, by=by, why=outcome.value)
    review.pending_for = None
    review.done_at, review.reviewer_id, review.visits_since = now, by.id, visits
    review.satisfaction, review.risks, review.actions = satisfaction, risks, actions
    review.outcome = outcome
    db.session.flush()
    if outcome is Outcome.PAUSE:
        transition(pairing, PairingStatus.SUSPENDED, by=by, why=f"review {review.id}: pause")
        alerts.paused(pairing, by=by)
    elif outcome is Outcome.END:
        # the reason reaches the volunteer and the resident: not the staff's notes on risks
        end_pairing(pairing, by=by, reason=f"review {review.id}: ended", now=now)
    return review


def _mark_done(review: SupervisionReview, *, by: User, why: str) -> None:
    """Done, whether due or overdue: a colleague's dashboard view (or the nightly job) may
    have marked it overdue a moment ago. Nothing else moves it while the pairing is locked."""
    try:
        transition(review, ReviewStatus.DONE, by=by, why=why)
    except StaleTransition:
        db.session.refresh(review)
        if review.status is not ReviewStatus.OVERDUE:
            raise
        transition(review, ReviewStatus.DONE, by=by, why=why)
