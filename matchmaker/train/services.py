"""Training rules: enrolment and the waiting list, attendance, completions, the pairing gate.

Services flush and return; the caller (view, CLI, job) commits once. Time is passed in
(``now``), so a scheduled job and the tests can name the moment.
"""

from datetime import datetime

from sqlalchemy import func, or_, select

from ..accounts.models import User
from ..core.events import StaleTransition, transition
from ..extensions import db
from ..match import notices
from ..match.models import OPEN_PAIRING_STATES, Pairing, PairingStatus
from ..recruit.locks import hold_volunteer
from ..recruit.models import Volunteer, VolunteerStatus
from ..registry.models import Need
from .models import (
    CompletionMethod,
    Course,
    CourseCompletion,
    Requirement,
    TrainingSession,
)


class Refused(Exception):
    """A training action the rules do not allow; ``reason`` names which rule (views word it)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


# -- what a need requires -------------------------------------------------------------------


def requires(course: Course, need: Need) -> bool:
    """Whether a pairing on ``need`` requires ``course``: one for everyone, for any of the
    need's skills, for the resident's disability category, or for home visits."""
    rule = course.requirement
    if rule is Requirement.EVERYONE:
        return True
    if rule is Requirement.SKILL:
        return any(skill.id == course.skill_id for skill in need.skills)
    if rule is Requirement.DISABILITY:
        return course.disability_category == need.resident.disability_category
    return rule is Requirement.HOME_VISIT and need.home_visit


def active_courses() -> list[Course]:
    return list(
        db.session.scalars(select(Course).where(Course.active.is_(True)).order_by(Course.id))
    )


def required_courses(need: Need) -> list[Course]:
    """Active courses the need requires (the catalogue is short: it is read whole)."""
    return [course for course in active_courses() if requires(course, need)]


def required_course_ids(needs: list[Need]) -> dict[int, frozenset[int]]:
    """need id → ids of the active courses it requires, for many needs at once."""
    courses = active_courses()
    return {need.id: frozenset(c.id for c in courses if requires(c, need)) for need in needs}


def completed_course_ids(volunteer: Volunteer) -> set[int]:
    return set(completions_of([volunteer.id]).get(volunteer.id, ()))


def completions_of(volunteer_ids: list[int]) -> dict[int, frozenset[int]]:
    """volunteer id → ids of the courses they completed (volunteers with none are left out)."""
    done: dict[int, set[int]] = {}
    rows = db.session.execute(
        select(CourseCompletion.volunteer_id, CourseCompletion.course_id).where(
            CourseCompletion.volunteer_id.in_(volunteer_ids)
        )
    )
    for volunteer_id, course_id in rows:
        done.setdefault(volunteer_id, set()).add(course_id)
    return {vid: frozenset(ids) for vid, ids in done.items()}


def missing_courses(volunteer: Volunteer, need: Need) -> list[Course]:
    """Courses the need requires that the volunteer has not completed (none: may be active)."""
    done = completed_course_ids(volunteer)
    return [c for c in required_courses(need) if c.id not in done]


def required_for(volunteer: Volunteer) -> set[int]:
    """Ids of courses required of this volunteer: for everyone, for skills they offer, and
    whatever their open pairings' needs require."""
    rules = [Course.requirement == Requirement.EVERYONE]
    skill_ids = [s.id for s in volunteer.skills]
    if skill_ids:
        rules.append((Course.requirement == Requirement.SKILL) & Course.skill_id.in_(skill_ids))
    ids = set(db.session.scalars(select(Course.id).where(Course.active.is_(True), or_(*rules))))
    for pairing in open_pairings_of(volunteer):
        ids |= {c.id for c in required_courses(pairing.need)}
    return ids


def open_pairings_of(volunteer: Volunteer) -> list[Pairing]:
    return list(
        db.session.scalars(
            select(Pairing)
            .where(Pairing.volunteer_id == volunteer.id, Pairing.status.in_(OPEN_PAIRING_STATES))
            .order_by(Pairing.id)
        )
    )


# -- completions and the gate ---------------------------------------------------------------


def record_completion(
    volunteer: Volunteer,
    course: Course,
    method: CompletionMethod,
    *,
    by: User | None,
    now: datetime,
    score: int | None = None,
    session: TrainingSession | None = None,
) -> CourseCompletion:
    """Record that the volunteer completed the course (once), then activate every confirmed
    pairing of theirs that now has no missing course.

    The volunteer's row is held first, as confirming a proposal of theirs takes it before it
    reads their training: of two completions at once (their last two courses, or a quiz sent
    twice) the second waits, then finds the first's completion, so it activates the pairing
    waiting for both, or records nothing twice; a confirmation at this moment likewise reads
    the completion, or is seen by the activation below. Before it, the pairings waiting for
    training, as a move of a pairing (ending it) takes the pairing before the volunteer.
    """
    lock_pairings_of(volunteer.id, PairingStatus.CONFIRMED)
    hold_volunteer(volunteer.id)
    completion = db.session.scalar(
        select(CourseCompletion).where(
            CourseCompletion.volunteer_id == volunteer.id, CourseCompletion.course_id == course.id
        )
    )
    if completion is None:
        completion = CourseCompletion(
            volunteer_id=volunteer.id,
            course_id=course.id,
            completed_at=now,
            method=method,
            score=score,
            session_id=getattr(session, "id", None),
            recorded_by_id=getattr(by, "id", None),
        )
        db.session.add(completion)
        db.session.flush()
    activate_trained_pairings(volunteer, by=by, now=now)
    return completion


def lock_pairings_of(volunteer_id: int, status: PairingStatus) -> None:
    """Lock the volunteer's pairings in ``status``, in id order, until commit (PostgreSQL):
    what moves one of them takes it before the volunteer's row, as ending a pairing does."""
    db.session.execute(
        select(Pairing.id)
        .where(Pairing.volunteer_id == volunteer_id, Pairing.status == status)
        .order_by(Pairing.id)
        .with_for_update(key_share=True)
    )


def activate_trained_pairings(
    volunteer: Volunteer | None, *, by: User | None, now: datetime
) -> list[Pairing]:
    """Make active every confirmed pairing of the volunteer (None: of everyone, after the
    catalogue changed) whose need misses no course."""
    activated = []
    statement = select(Pairing).where(Pairing.status == PairingStatus.CONFIRMED)
    if volunteer is not None:
        statement = statement.where(Pairing.volunteer_id == volunteer.id)
    for pairing in db.session.scalars(statement.order_by(Pairing.id)).all():
        if missing_courses(pairing.volunteer, pairing.need):
            continue
        try:
            transition(pairing, PairingStatus.ACTIVE, by=by, why="training complete")
        except StaleTransition:
            continue  # ended by a social worker meanwhile
        pairing.activated_at = now
        activated.append(pairing)
        notices.pairing_activated(pairing)
    db.session.flush()
    return activated


# -- self-study ----------------------------------------------------------------------------


def quiz_score(course: Course, answers: list[int | None]) -> int:
    """Percentage of the course's quiz questions answered correctly (0–100, rounded down)."""
    questions = course.quiz or []
    if not questions:
        return 0
    right = sum(
        1
        for question, answer in zip(questions, answers, strict=False)
        if answer is not None and answer == question["answer"]
    )
    return right * 100 // len(questions)


def take_quiz(
    volunteer: Volunteer, course: Course, answers: list[int | None], *, now: datetime
) -> tuple[int, bool]:
    """Grade a self-study quiz; a pass records the completion (and may activate pairings).

    :returns: (score in percent, passed)
    :raises Refused: "not_self_study" for a session course, "incomplete" when a question has
        no answer, "not_volunteer" for a rejected or suspended volunteer.
    """
    if not course.self_study or not course.quiz or not course.active:
        raise Refused("not_self_study")
    if volunteer.status in (VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED):
        raise Refused("not_volunteer")
    if len(answers) != len(course.quiz) or any(a is None for a in answers):
        raise Refused("incomplete")
    score = quiz_score(course, answers)
    passed = score >= course.pass_mark
    if passed:
        record_completion(
            volunteer, course, CompletionMethod.QUIZ, by=volunteer.user, now=now, score=score
        )
    return score, passed


# -- a volunteer's view ---------------------------------------------------------------------


def overview(volunteer: Volunteer, *, now: datetime) -> dict:
    """What /train/me shows: completions, enrolments, and each open pairing with the courses
    it still misses and the upcoming sessions of each."""
    from .models import Enrolment, EnrolmentStatus, SessionStatus, TrainingSession

    completions = db.session.scalars(
        select(CourseCompletion)
        .where(CourseCompletion.volunteer_id == volunteer.id)
        .order_by(CourseCompletion.completed_at)
    ).all()
    enrolments = db.session.scalars(
        select(Enrolment)
        .join(Enrolment.session)
        .where(
            Enrolment.volunteer_id == volunteer.id,
            Enrolment.status != EnrolmentStatus.WITHDRAWN,
        )
        .order_by(TrainingSession.starts_at.desc())
    ).all()
    mine = {e.session_id: e for e in enrolments}
    positions = {
        e.id: _waiting_position(e) for e in enrolments if e.status is EnrolmentStatus.WAITLISTED
    }
    pairings = []
    for pairing in open_pairings_of(volunteer):
        missing = (
            missing_courses(volunteer, pairing.need)
            if pairing.status is PairingStatus.CONFIRMED
            else []
        )
        offers = {
            course.id: db.session.scalars(
                select(TrainingSession)
                .where(
                    TrainingSession.course_id == course.id,
                    TrainingSession.status == SessionStatus.SCHEDULED,
                    TrainingSession.starts_at > now,
                )
                .order_by(TrainingSession.starts_at)
                .limit(5)
            ).all()
            for course in missing
        }
        pairings.append((pairing, missing, offers))
    return {
        "completions": completions,
        "enrolments": enrolments,
        "mine": mine,
        "positions": positions,
        "pairings": pairings,
    }


def _waiting_position(enrolment) -> int:
    """1 for the first on the session's waiting list, 2 for the next …"""
    from .models import Enrolment, EnrolmentStatus

    ahead = db.session.scalar(
        select(func.count(Enrolment.id)).where(
            Enrolment.session_id == enrolment.session_id,
            Enrolment.status == EnrolmentStatus.WAITLISTED,
            or_(
                Enrolment.enrolled_at < enrolment.enrolled_at,
                (Enrolment.enrolled_at == enrolment.enrolled_at) & (Enrolment.id < enrolment.id),
            ),
        )
    )
    return ahead + 1
