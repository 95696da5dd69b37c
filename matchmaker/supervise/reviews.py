"""Recording the supervision review of an active pairing, and acting on its outcome."""

from datetime import date, datetime

from sqlalchemy import func, select

from ..accounts.models import User
from ..core.events import StaleTransition, record_creation, transition
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from . import alerts
from .ending import end_pairing
from .models import LogStatus, Outcome, ReviewStatus, ServiceLog, SupervisionReview
from .pairings import NotAllowedNow, local_date, lock_pairing
from .review_schedule import last_review_day, pending_review


class ReviewedMeanwhile(Exception):
    """A colleague recorded a review of the pairing after the form was shown (two social
    workers recording the same review at once): this one is not recorded."""


def visits_since_last_review(pairing: Pairing, now: datetime) -> int:
    since = last_review_day(pairing, now) if pairing_reviewed(pairing) else date.min
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
