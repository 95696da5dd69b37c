"""The courses a volunteer still has to complete, for /train/me: from their first day (the
course for everyone), not only once a pairing waits for them."""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select

from ..extensions import db
from ..recruit.models import Volunteer
from .models import Course, Enrolment, EnrolmentStatus, SessionStatus, TrainingSession
from .services import completed_course_ids, required_for


class StillRequired(NamedTuple):
    course: Course
    #: scheduled sessions of the course yet to start (0 for a self-study course)
    upcoming: int
    #: the volunteer's place, or place on the waiting list, in one of those sessions
    place: Enrolment | None


def still_required(volunteer: Volunteer, *, now: datetime) -> list[StillRequired]:
    """Courses required of ``volunteer`` (for everyone, for their skills, for their open
    pairings' needs) that they have not completed, in catalogue order, each with how many
    sessions are coming and their place in one."""
    ids = required_for(volunteer) - completed_course_ids(volunteer)
    if not ids:
        return []
    courses = db.session.scalars(select(Course).where(Course.id.in_(ids)).order_by(Course.id)).all()
    upcoming = (
        TrainingSession.course_id.in_(ids)
        & (TrainingSession.status == SessionStatus.SCHEDULED)
        & (TrainingSession.starts_at > now)
    )
    counts = dict(
        db.session.execute(
            select(TrainingSession.course_id, func.count(TrainingSession.id))
            .where(upcoming)
            .group_by(TrainingSession.course_id)
        ).all()
    )
    places = {
        e.session.course_id: e
        for e in db.session.scalars(
            select(Enrolment)
            .join(Enrolment.session)
            .where(
                Enrolment.volunteer_id == volunteer.id,
                Enrolment.status.in_((EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)),
                upcoming,
            )
        )
    }
    return [StillRequired(c, counts.get(c.id, 0), places.get(c.id)) for c in courses]
