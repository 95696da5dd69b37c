"""Confirmed pairings waiting for their volunteer's training, as social workers follow them
(DESIGN §3.3): which courses each still misses, and whether the volunteer holds a place at a
session coming up; and, when a session is scheduled, the waiting volunteers to tell.

A pairing whose volunteer has booked every session course it misses needs nothing from
staff; one missing a course with sessions to come waits for its volunteer to enrol (the
sessions page says so, and a social worker may remind them); one missing a course with no
session to come waits for a social worker to schedule one, which is what the home page
counts.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to
from ..core.i18n import local_zone
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..notify.kinds import in_both_languages
from ..notify.services import notify
from ..registry.models import Need, Resident
from .models import (
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    SessionStatus,
    TrainingSession,
)
from .services import active_courses, completions_of, required_course_ids

#: a place at a session still to come (the waiting list counts: a place may free up)
BOOKED = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)


@dataclass(frozen=True)
class MissingCourse:
    course: Course
    #: the volunteer's place (or waiting-list place) at the next session of it, if any
    booking: Enrolment | None
    #: sessions of it still to come, in any community (a volunteer may enrol in any)
    upcoming: int = 0

    @property
    def unbooked(self) -> bool:
        """Taught at sessions, and the volunteer holds no place at one still to come."""
        return self.course.kind is CourseKind.SESSIONS and self.booking is None

    @property
    def needs_session(self) -> bool:
        """Unbooked, and no session of it is coming up: only a social worker can help."""
        return self.unbooked and not self.upcoming


@dataclass(frozen=True)
class WaitingPairing:
    pairing: Pairing
    missing: list[MissingCourse]

    @property
    def needs_session(self) -> bool:
        return any(m.needs_session for m in self.missing)


def waiting_pairings(user: User, now: datetime) -> list[WaitingPairing]:
    """Confirmed pairings of ``user``'s communities still missing a course, oldest first."""
    ids = community_ids_visible_to(user)
    return _waiting(ids, now, (Pairing.confirmed_at, Pairing.id))


def _waiting(community_ids, now: datetime, order) -> list[WaitingPairing]:
    """Confirmed pairings of residents of ``community_ids`` (None: all) still missing a
    course, with what each misses, in ``order``."""
    statement = (
        select(Pairing)
        .join(Pairing.need)
        .join(Need.resident)
        .where(Pairing.status == PairingStatus.CONFIRMED)
        .options(selectinload(Pairing.need).selectinload(Need.skills))
        .order_by(*order)
    )
    if community_ids is not None:
        statement = statement.where(Resident.community_id.in_(sorted(community_ids) or [-1]))
    pairings = list(db.session.scalars(statement))
    if not pairings:
        return []
    courses = {course.id: course for course in active_courses()}
    required = required_course_ids([p.need for p in pairings])
    volunteer_ids = sorted({p.volunteer_id for p in pairings})
    done = completions_of(volunteer_ids)
    bookings = upcoming_bookings(volunteer_ids, now)
    upcoming = _upcoming_sessions(now)
    waiting = []
    for pairing in pairings:
        missing = sorted(required[pairing.need_id] - done.get(pairing.volunteer_id, frozenset()))
        if missing:  # none missing: the next completion or catalogue change activates it
            waiting.append(
                WaitingPairing(
                    pairing,
                    [
                        MissingCourse(
                            courses[c], bookings.get((pairing.volunteer_id, c)), upcoming.get(c, 0)
                        )
                        for c in missing
                    ],
                )
            )
    return waiting


def _upcoming_sessions(now: datetime) -> dict[int, int]:
    """course id → how many of its sessions are still to come."""
    rows = db.session.execute(
        select(TrainingSession.course_id, func.count(TrainingSession.id))
        .where(TrainingSession.status == SessionStatus.SCHEDULED, TrainingSession.starts_at > now)
        .group_by(TrainingSession.course_id)
    )
    return dict(rows.all())


def count_waiting_for_a_session(user: User, now: datetime) -> int:
    """Waiting pairings that miss a session course with no session coming up (home-page
    queue): one with sessions to come waits for its volunteer to enrol, not for staff."""
    return sum(w.needs_session for w in waiting_pairings(user, now))


def upcoming_bookings(volunteer_ids: list[int], now: datetime) -> dict[tuple[int, int], Enrolment]:
    """(volunteer id, course id) → their place at the soonest session still to come."""
    rows = db.session.scalars(
        select(Enrolment)
        .join(Enrolment.session)
        .where(
            Enrolment.volunteer_id.in_(volunteer_ids),
            Enrolment.status.in_(BOOKED),
            TrainingSession.status == SessionStatus.SCHEDULED,
            TrainingSession.starts_at > now,
        )
        .order_by(TrainingSession.starts_at.desc())
    )
    return {(e.volunteer_id, e.session.course_id): e for e in rows}  # the soonest wins


def tell_waiting_volunteers(session: TrainingSession, *, now: datetime) -> int:
    """A session was scheduled: tell each volunteer of a pairing in its community that waits
    for its course, and has no place at another session of it, where and when it is.
    Returns how many were told."""
    if session.starts_at <= now:  # recorded after the fact: nobody can enrol any more
        return 0
    told = set()
    for waiting in _waiting({session.community_id}, now, (Pairing.id,)):
        pairing, volunteer_id = waiting.pairing, waiting.pairing.volunteer_id
        unbooked = any(
            m.course.id == session.course_id and m.booking is None for m in waiting.missing
        )
        if volunteer_id in told or not unbooked:
            continue
        notify(
            pairing.volunteer.user,
            "training_session_for_pairing",
            link=f"/train/courses/{session.course_id}",
            dedupe_key=f"session-for-pairing:{session.id}",
            course=in_both_languages(session.course.title, session.course.title_en),
            when=session.starts_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M"),
            place=session.place,
            pairing=pairing.id,
        )
        told.add(volunteer_id)
    return len(told)
