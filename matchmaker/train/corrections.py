"""Correcting a roll: an "attended" clicked on the wrong row becomes "absent".

Marking a volunteer attended completes the course (a CourseCompletion naming the session) and
may make their confirmed pairings active, which shows them the resident's contact details
(DESIGN §8). The correction takes back exactly what that mark did, and nothing that another
record (a quiz, an import, another session) still stands for.

Services flush and return; the caller commits once.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..accounts.models import User
from ..core.events import InvalidTransition, StaleTransition, transition
from ..core.i18n import local_zone
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..notify.kinds import in_both_languages
from ..notify.services import notify
from ..recruit.locks import hold_volunteer
from ..recruit.models import Volunteer
from ..supervise import alerts
from ..supervise.review_schedule import cancel_pending_reviews
from .models import (
    CompletionMethod,
    CourseCompletion,
    Enrolment,
    EnrolmentStatus,
    SessionStatus,
    TrainingSession,
)
from .services import Refused, lock_pairings_of, required_course_ids

#: The event's reason on each pairing sent back (the staff's own words are on the enrolment's).
WHY_PAIRING = "training record corrected"


@dataclass
class Correction:
    """What correcting an attendance to absent changes: a preview before, the outcome after."""

    #: this session's attendance recorded the completion, and it goes
    completion_removed: bool = False
    #: the course stays completed because of another record (quiz, import, another session)
    kept_by: CompletionMethod | None = None
    #: another session of the course they are marked as having attended: the completion
    #: stays, now naming that session
    credited_to: TrainingSession | None = None
    #: active pairings that go (went) back to waiting for training
    pairings: list[Pairing] = field(default_factory=list)


def correction_preview(enrolment: Enrolment) -> Correction:
    """What :func:`mark_absent_instead` would change now, for the page that asks for a reason."""
    return _plan(enrolment)[0]


def _plan(enrolment: Enrolment) -> tuple[Correction, CourseCompletion | None]:
    """What correcting the enrolment to absent changes, and the course completion it concerns:
    the one rule both the preview and the correction follow."""
    completion = _completion_of(enrolment)
    if not _recorded_here(completion, enrolment.session):
        return Correction(kept_by=getattr(completion, "method", None)), completion
    other = _other_attended_session(enrolment)
    if other is not None:
        return Correction(credited_to=other), completion
    needing = _active_pairings_needing(enrolment.volunteer, completion)
    return Correction(completion_removed=True, pairings=needing), completion


def mark_absent_instead(enrolment: Enrolment, *, by: User, why: str) -> Correction:
    """Correct a volunteer marked attended by mistake to absent, with the reason.

    The course completion goes only if this session's attendance recorded it; one from a
    quiz, an import or another session stays, and nothing else changes. If the volunteer is
    also marked as having attended another session of the course, the completion stays and
    names that session. Once it goes, every active pairing of the volunteer whose need requires
    the course goes back to confirmed (waiting for training): the volunteer no longer sees the
    resident's contact details and is told why.

    Allowed at any time after the session: the roll is the record the gate trusts, and a
    mistake found weeks later (the volunteer says they were not there) is still a mistake that
    must not keep a pairing active on training that never happened. Each correction is an
    event (who, when, from, to, why), and "absent" can be corrected back to "attended".

    :param why: the staff's reason; the volunteer reads it (so forms refuse phone and ID
        numbers in it).
    :raises Refused: "cancelled" for a cancelled session.
    :raises InvalidTransition: if the enrolment is not marked attended (course completed);
        StaleTransition if a colleague changed it meanwhile, so that of two corrections, or a
        correction and a mark, exactly one lands.
    """
    session = enrolment.session
    if session.status is SessionStatus.CANCELLED:
        raise Refused("cancelled")
    if enrolment.status is not EnrolmentStatus.COMPLETED:
        raise InvalidTransition(enrolment, EnrolmentStatus.ABSENT)
    # First, the conditional write: the loser of a race stops here, having changed nothing.
    transition(enrolment, EnrolmentStatus.ABSENT, by=by, why=why)
    # Then the active pairings it may send back, before the volunteer's row (the order
    # ending a pairing takes them in); then that row, as confirming a proposal of theirs
    # takes it before it reads their training: a confirmation at this moment waits, and
    # then reads the completion gone (or, first, makes a pairing the query below sends back).
    lock_pairings_of(enrolment.volunteer_id, PairingStatus.ACTIVE)
    hold_volunteer(enrolment.volunteer_id)
    plan, completion = _plan(enrolment)
    if plan.credited_to is not None:
        other = plan.credited_to
        completion.session_id, completion.completed_at = other.id, other.starts_at
        db.session.flush()
    if not plan.completion_removed:
        return plan
    volunteer = enrolment.volunteer
    db.session.delete(completion)
    db.session.flush()
    sent_back = []
    told = {
        "course": in_both_languages(session.course.title, session.course.title_en),
        "when": session.starts_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M"),
        "reason": why,
    }
    # Only active pairings: a suspended one is already closed to the volunteer, and what
    # becomes of it is the decision on its incident or review, which this must not overturn.
    # (Resuming it re-checks the training: supervise.incidents.)
    for pairing in plan.pairings:
        try:
            transition(pairing, PairingStatus.CONFIRMED, by=by, why=WHY_PAIRING)
        except StaleTransition:
            continue  # suspended or ended by a colleague meanwhile: their decision stands
        pairing.activated_at = None
        sent_back.append(pairing)
        cancel_pending_reviews(pairing, by=by, why=WHY_PAIRING)
        notify(
            volunteer.user,
            "pairing_awaiting_training",
            link="/train/me",
            pairing=pairing.id,
            **told,
        )
        alerts.back_to_training(pairing, by=by)
    if not sent_back:  # still told: their course is no longer completed
        notify(volunteer.user, "course_completion_corrected", link="/train/me", **told)
    db.session.flush()
    return Correction(completion_removed=True, pairings=sent_back)


def _completion_of(enrolment: Enrolment) -> CourseCompletion | None:
    return db.session.scalar(
        select(CourseCompletion).where(
            CourseCompletion.volunteer_id == enrolment.volunteer_id,
            CourseCompletion.course_id == enrolment.session.course_id,
        )
    )


def _recorded_here(completion: CourseCompletion | None, session: TrainingSession) -> bool:
    return (
        completion is not None
        and completion.method is CompletionMethod.ATTENDANCE
        and completion.session_id == session.id
    )


def _other_attended_session(enrolment: Enrolment) -> TrainingSession | None:
    """The earliest other session of the course where the volunteer is marked attended (a
    second attendance finds the course completed and records nothing of its own)."""
    return db.session.scalar(
        select(TrainingSession)
        .join(Enrolment, Enrolment.session_id == TrainingSession.id)
        .where(
            Enrolment.volunteer_id == enrolment.volunteer_id,
            Enrolment.id != enrolment.id,
            Enrolment.status == EnrolmentStatus.COMPLETED,
            TrainingSession.course_id == enrolment.session.course_id,
            TrainingSession.status != SessionStatus.CANCELLED,
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
        .limit(1)
    )


def _active_pairings_needing(volunteer: Volunteer, completion: CourseCompletion) -> list[Pairing]:
    """The volunteer's active pairings whose need requires the completion's course: without it
    they are not trained for it. (An active pairing may lack a course required only since it
    began; that is no reason to send it back here.)"""
    active = db.session.scalars(
        select(Pairing)
        .where(Pairing.volunteer_id == volunteer.id, Pairing.status == PairingStatus.ACTIVE)
        .order_by(Pairing.id)
    ).all()
    required = required_course_ids([pairing.need for pairing in active])
    return [pairing for pairing in active if completion.course_id in required[pairing.need_id]]
