"""Sessions, enrolment and the waiting list, attendance (which completes a course).

Services flush and return; the caller commits once. Time is passed in (``now``).
"""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to
from ..core.events import InvalidTransition, StaleTransition, record_creation, transition
from ..core.i18n import local_zone
from ..core.locks import hold_row
from ..extensions import db
from ..notify.kinds import in_both_languages
from ..notify.services import notify
from ..recruit.locks import hold_volunteer
from ..recruit.models import Volunteer, VolunteerStatus
from .models import (
    CompletionMethod,
    Course,
    CourseCompletion,
    Enrolment,
    EnrolmentStatus,
    SessionStatus,
    TrainingSession,
)
from .services import Refused, completed_course_ids, record_completion
from .waiting import tell_waiting_volunteers

# -- enrolment and the waiting list ---------------------------------------------------------


def _take_place(session: TrainingSession) -> bool:
    """Take one place if one is free: a conditional update, so the last place goes once."""
    result = db.session.execute(
        update(TrainingSession)
        .where(TrainingSession.id == session.id, TrainingSession.taken < TrainingSession.capacity)
        .values(taken=TrainingSession.taken + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _free_place(session: TrainingSession) -> None:
    db.session.execute(
        update(TrainingSession)
        .where(TrainingSession.id == session.id, TrainingSession.taken > 0)
        .values(taken=TrainingSession.taken - 1)
        .execution_options(synchronize_session=False)
    )


def _hold(session: TrainingSession) -> None:
    """Lock the session's row until commit (PostgreSQL; SQLite has one writer at a time
    anyway) and read its state again, as it is now."""
    db.session.execute(
        select(TrainingSession.id).where(TrainingSession.id == session.id).with_for_update()
    )
    db.session.refresh(session, ["status", "starts_at"])


def enrolment_of(volunteer: Volunteer, session: TrainingSession) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(
            Enrolment.session_id == session.id, Enrolment.volunteer_id == volunteer.id
        )
    )


def enrol(volunteer: Volunteer, session: TrainingSession, *, now: datetime) -> Enrolment:
    """Give the volunteer a place in the session, or a place on its waiting list when full.

    :raises Refused: "cancelled", "started", "not_volunteer", "completed", "enrolled"
        (already in this session) or "other_session" (already in another of the course).
    """
    # The session's row first, as a withdrawal takes it: a place freed at this moment goes
    # to this enrolment, or the promotion it makes sees this one on the waiting list. Then
    # the volunteer's: of two enrolments of theirs at once, in two sessions of one course,
    # the second reads the first (one place per course).
    _hold(session)
    hold_volunteer(volunteer.id)
    if session.status is SessionStatus.CANCELLED:
        raise Refused("cancelled")
    if session.status is not SessionStatus.SCHEDULED or session.starts_at <= now:
        raise Refused("started")
    if volunteer.status in (VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED):
        raise Refused("not_volunteer")
    if session.course_id in completed_course_ids(volunteer):
        raise Refused("completed")
    existing = enrolment_of(volunteer, session)
    if existing is not None and existing.status is not EnrolmentStatus.WITHDRAWN:
        raise Refused("enrolled")
    if _waiting_elsewhere(volunteer, session, now):
        raise Refused("other_session")
    state = EnrolmentStatus.ENROLLED if _take_place(session) else EnrolmentStatus.WAITLISTED
    why = "enrolled" if state is EnrolmentStatus.ENROLLED else "session full: waiting list"
    if existing is not None:
        transition(existing, state, by=volunteer.user, why=why)
        existing.enrolled_at = now
        enrolment = existing
    else:
        enrolment = Enrolment(
            session_id=session.id, volunteer_id=volunteer.id, status=state, enrolled_at=now
        )
        db.session.add(enrolment)
        db.session.flush()
        record_creation(enrolment, by=volunteer.user, why=why)
    db.session.refresh(session, ["taken"])
    return enrolment


def _waiting_elsewhere(volunteer: Volunteer, session: TrainingSession, now: datetime) -> bool:
    """Already enrolled or waiting in another upcoming session of the same course?"""
    return (
        db.session.scalar(
            select(Enrolment.id)
            .join(Enrolment.session)
            .where(
                Enrolment.volunteer_id == volunteer.id,
                Enrolment.session_id != session.id,
                Enrolment.status.in_((EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)),
                TrainingSession.course_id == session.course_id,
                TrainingSession.status == SessionStatus.SCHEDULED,
                TrainingSession.starts_at > now,
            )
            .limit(1)
        )
        is not None
    )


def withdraw(enrolment: Enrolment, *, by: User, now: datetime, why: str = "") -> Enrolment | None:
    """Give up a place (or a place on the waiting list) before the session starts; a freed
    place goes to the earliest on the waiting list. Returns whoever moved up.

    :raises Refused: "started" once the session has begun, "cancelled" if it was cancelled.
    :raises InvalidTransition: if it is not enrolled or waitlisted (StaleTransition if it
        stopped being so meanwhile).
    """
    session = enrolment.session
    # The session's row first (enrolling takes it too): a volunteer enrolling in the full
    # session at this moment is either given the freed place or on the waiting list in time
    # for the promotion below to see them.
    _hold(session)
    if session.status is SessionStatus.CANCELLED:
        raise Refused("cancelled")
    if session.status is not SessionStatus.SCHEDULED or session.starts_at <= now:
        raise Refused("started")
    held_a_place = enrolment.status is EnrolmentStatus.ENROLLED
    transition(enrolment, EnrolmentStatus.WITHDRAWN, by=by, why=why or "withdrew")
    if not held_a_place:
        return None
    _free_place(session)
    moved_up = move_up_waiting_list(session, by=by)
    db.session.refresh(session, ["taken"])
    return moved_up


def move_up_waiting_list(session: TrainingSession, *, by: User | None) -> Enrolment | None:
    """Give a free place to the earliest on the waiting list, if there are both."""
    while True:
        waiting = db.session.scalar(
            select(Enrolment)
            .where(
                Enrolment.session_id == session.id,
                Enrolment.status == EnrolmentStatus.WAITLISTED,
            )
            .order_by(Enrolment.enrolled_at, Enrolment.id)
            .limit(1)
        )
        if waiting is None or not _take_place(session):
            return None
        try:
            transition(
                waiting, EnrolmentStatus.ENROLLED, by=by, why="moved up from the waiting list"
            )
        except StaleTransition:
            _free_place(session)  # they withdrew meanwhile: try the next one
            db.session.expire(waiting)
            continue
        _tell_volunteer(waiting, "training_moved_up", link="/train/me", place=session.place)
        return waiting


def _tell_volunteer(enrolment: Enrolment, kind: str, *, link: str, **params) -> None:
    session = enrolment.session
    notify(
        enrolment.volunteer.user,
        kind,
        link=link,
        course=in_both_languages(session.course.title, session.course.title_en),
        when=session.starts_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M"),
        **params,
    )


# -- sessions and attendance ----------------------------------------------------------------


def sessions_visible_to(user: User):
    """``select(TrainingSession)`` limited to sessions of ``user``'s communities."""
    statement = select(TrainingSession)
    ids = community_ids_visible_to(user)
    if ids is not None:
        statement = statement.where(TrainingSession.community_id.in_(sorted(ids) or [-1]))
    return statement


def can_run(user: User, session: TrainingSession) -> bool:
    ids = community_ids_visible_to(user)
    return ids is None or session.community_id in ids


def create_session(course: Course, *, by: User, now: datetime, **fields) -> TrainingSession:
    """Schedule a session of a session-based course (fields: community_id, starts_at,
    ends_at, place, capacity, trainer); volunteers of the community's pairings waiting for
    the course are told.

    The same course already scheduled by ``by`` in the same place at the same hours is this
    form sent again (a double tap, ``core.resends``): that session is returned.
    """
    hold_row(Course.active, course.id)  # of two requests at once, the second waits here
    same = db.session.scalar(
        select(TrainingSession)
        .filter_by(
            course_id=course.id, created_by_id=by.id, status=SessionStatus.SCHEDULED, **fields
        )
        .limit(1)
    )
    if same is not None:
        return same
    session = TrainingSession(course_id=course.id, created_by_id=by.id, **fields)
    db.session.add(session)
    db.session.flush()
    record_creation(session, by=by, why="scheduled")
    tell_waiting_volunteers(session, now=now)
    return session


def cancel_session(session: TrainingSession, *, by: User, why: str = "") -> None:
    """Cancel a scheduled session; its enrolments and waiting list are withdrawn, and each
    volunteer is told."""
    transition(session, SessionStatus.CANCELLED, by=by, why=why or "cancelled")
    # The course page offers its other sessions; /train/me if the course is no longer run.
    link = f"/train/courses/{session.course_id}" if session.course.active else "/train/me"
    for enrolment in roll(session):
        if enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
            transition(enrolment, EnrolmentStatus.WITHDRAWN, by=by, why="session cancelled")
            _tell_volunteer(enrolment, "training_cancelled", link=link)
    db.session.flush()


def roll(session: TrainingSession) -> list[Enrolment]:
    """The session's enrolments: places first, then the waiting list in its order."""
    rows = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.session_id == session.id)
        .order_by(Enrolment.enrolled_at, Enrolment.id)
    ).all()
    waiting = (EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN)
    return sorted(rows, key=lambda e: e.status in waiting)


def mark_attendance(
    enrolment: Enrolment, attended: bool, *, by: User, now: datetime
) -> CourseCompletion | None:
    """Mark an enrolled volunteer as attended (which completes the course) or absent.

    :raises Refused: "cancelled", or "not_started" before the session begins.
    :raises InvalidTransition: if not enrolled (or marked absent, when marking attended).
    """
    session = enrolment.session
    if session.status is SessionStatus.CANCELLED:
        raise Refused("cancelled")
    if session.starts_at > now:
        raise Refused("not_started")
    if not attended and enrolment.status is not EnrolmentStatus.ENROLLED:
        # completed → absent is a correction, with its reason: corrections.mark_absent_instead
        raise InvalidTransition(enrolment, EnrolmentStatus.ABSENT)
    if not attended:
        transition(enrolment, EnrolmentStatus.ABSENT, by=by, why="absent")
        _mark_held(session, by=by)
        return None
    transition(enrolment, EnrolmentStatus.ATTENDED, by=by, why="attended")
    _mark_held(session, by=by)
    transition(enrolment, EnrolmentStatus.COMPLETED, by=by, why="attendance completes the course")
    return record_completion(
        enrolment.volunteer,
        session.course,
        CompletionMethod.ATTENDANCE,
        by=by,
        now=now,
        session=session,
    )


def _mark_held(session: TrainingSession, *, by: User) -> None:
    if session.status is SessionStatus.SCHEDULED:
        try:
            transition(session, SessionStatus.HELD, by=by, why="attendance marked")
        except StaleTransition:
            db.session.refresh(session, ["status"])  # a colleague marked it first


def reminders_due(now: datetime, *, within: timedelta = timedelta(days=1)) -> list[Enrolment]:
    """Enrolments to remind the day before (DESIGN §6): volunteers holding a place in a
    scheduled session that starts after ``now`` and within ``within``. The notifications
    issue's job calls this and sends each one; nothing here remembers what was sent."""
    return list(
        db.session.scalars(
            select(Enrolment)
            .join(Enrolment.session)
            .where(
                Enrolment.status == EnrolmentStatus.ENROLLED,
                TrainingSession.status == SessionStatus.SCHEDULED,
                TrainingSession.starts_at > now,
                TrainingSession.starts_at <= now + within,
            )
            .order_by(TrainingSession.starts_at, Enrolment.id)
        )
    )
