"""When a pairing's supervision reviews fall due: scheduled, marked overdue, or cancelled."""

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..accounts.models import User
from ..core.events import StaleTransition, record_creation, transition
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from .models import ReviewStatus, SupervisionReview
from .pairings import local_date, lock_pairing

PENDING_REVIEW = (ReviewStatus.DUE, ReviewStatus.OVERDUE)

#: why a pending review was cancelled when its pairing was suspended
PAUSED = "pairing suspended"


def review_interval() -> timedelta:
    return timedelta(days=current_app.config["REVIEW_INTERVAL_DAYS"])


def pending_review(pairing: Pairing) -> SupervisionReview | None:
    return db.session.scalar(
        select(SupervisionReview)
        .where(SupervisionReview.pending_for == pairing.id)
        .execution_options(populate_existing=True)
    )


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


def last_review_day(pairing: Pairing, now: datetime) -> date:
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
        schedule_review(pairing, due_on=last_review_day(pairing, now) + review_interval())
        scheduled += 1
    return scheduled


def schedule_review(pairing: Pairing, *, due_on: date, by: User | None = None) -> None:
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
