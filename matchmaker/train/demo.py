"""Demo training: the four standard courses, sessions past and upcoming (some full, with a
waiting list), completions for every active pairing, and a few confirmed pairings waiting for
a course — one of them volunteer01's, so a reviewer sees the gate at work."""

from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..core.events import InvalidTransition
from ..core.types import utcnow
from ..extensions import db
from ..match.models import Pairing, PairingStatus, Proposal, ProposalStatus
from ..match.services import VolunteerFull, confirm_proposal
from ..recruit.models import Volunteer, VolunteerStatus
from . import enrolment
from .catalogue import seed_standard_courses
from .models import CompletionMethod, Course, CourseKind
from .services import Refused, missing_courses, record_completion

REVIEWER_LOGIN = "volunteer01@example.org"
#: (course title, days from now, hours of day in UTC, capacity, place): run by the
#: communities of sw.beishan, so held in their street
UPCOMING = [
    ("助残服务礼仪", 6, 6, 30, "北山街道社区服务中心二楼"),
    ("助残服务礼仪", 13, 6, 3, "北山街道残疾人之家"),
    ("手语基础", 4, 11, 12, "北山街道社区服务中心二楼"),
    ("精神障碍沟通", 9, 6, 2, "北山街道残疾人之家"),
]
TRAINERS = ("周敏老师", "吴建华老师", "郑丽老师", "钱宏老师")


def seed(rng) -> str:
    worker = db.session.scalar(select(User).where(User.email == "sw.beishan@example.org"))
    communities = sorted(worker.communities, key=lambda c: c.id) if worker else []
    if not communities:
        return "no training (no social worker with communities)"
    courses = {c.title: c for c in seed_standard_courses(by=None)}
    now = utcnow()
    past = {
        title: _session(course, communities[0], _at(now, -21 - i, 6), 40, worker, rng)
        for i, (title, course) in enumerate(courses.items())
        if course.kind is CourseKind.SESSIONS
    }
    # The match demo made its pairings active before any course existed: their volunteers
    # took the courses their needs require. Everyone enrols first; the roll is marked after.
    roll: dict[int, tuple] = {}
    active = db.session.scalars(
        select(Pairing).where(Pairing.status == PairingStatus.ACTIVE).order_by(Pairing.id)
    ).all()
    for pairing in active:
        needed = missing_courses(pairing.volunteer, pairing.need)
        _take(pairing.volunteer, needed, past, roll, now)
    approved = list(
        db.session.scalars(
            select(Volunteer)
            .where(Volunteer.status == VolunteerStatus.APPROVED)
            .order_by(Volunteer.id)
        )
    )
    reviewer = next((v for v in approved if v.user.email == REVIEWER_LOGIN), None)
    if reviewer is not None and "助残服务礼仪" in past:
        _take(reviewer, [courses["助残服务礼仪"]], past, roll, now)
    for sitting in past.values():  # a few who did not come
        for volunteer in rng.sample(approved[40:80], 2):
            try:
                place = enrolment.enrol(
                    volunteer, sitting, now=sitting.starts_at - timedelta(days=5)
                )
            except Refused:
                continue  # already on this roll
            roll[place.id] = (place, False)
    for place, attended in roll.values():
        enrolment.mark_attendance(place, attended, by=worker, now=place.session.ends_at)
    trained = sum(1 for _place, attended in roll.values() if attended)
    upcoming = []
    for n, (title, days, hour, capacity, place) in enumerate(UPCOMING):
        starts = _at(now, days, hour)
        sitting = _session(
            courses[title],
            communities[n % len(communities)],
            starts,
            capacity,
            worker,
            rng,
            place=place,
        )
        upcoming.append(sitting)
        if capacity <= 3:  # full, with a waiting list
            for k, volunteer in enumerate(rng.sample(approved[80:140], capacity + 2)):
                try:
                    enrolment.enrol(volunteer, sitting, now=now - timedelta(hours=30 - k))
                except Refused:
                    continue
    waiting = _confirm_waiting_pairings(reviewer, worker)
    return (
        f"{len(courses)} courses, {len(past) + len(upcoming)} sessions, "
        f"{trained} attendances completing a course, {waiting} pairings waiting for training"
    )


def _at(now, days: int, hour: int):
    """``days`` from now at ``hour`` o'clock UTC (14:00 in Shanghai is 6)."""
    return (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _session(course: Course, community, starts, capacity, worker, rng, place=None):
    return enrolment.create_session(
        course,
        by=worker,
        now=utcnow(),
        community_id=community.id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place=place or f"{community.name}活动室",
        capacity=capacity,
        trainer=rng.choice(TRAINERS),
    )


def _take(volunteer, courses, past, roll, now) -> None:
    """Enrol in the past session of each session course; pass each self-study quiz."""
    for course in courses:
        sitting = past.get(course.title)
        if sitting is None:
            record_completion(
                volunteer,
                course,
                CompletionMethod.QUIZ,
                by=volunteer.user,
                now=now - timedelta(days=15),
                score=100,
            )
            continue
        place = enrolment.enrolment_of(volunteer, sitting) or enrolment.enrol(
            volunteer, sitting, now=sitting.starts_at - timedelta(days=7)
        )
        roll[place.id] = (place, True)


def _confirm_waiting_pairings(reviewer, worker, wanted: int = 3) -> int:
    """Confirm still-proposed demo proposals whose volunteer lacks a required course."""
    proposed = db.session.scalars(
        select(Proposal)
        .where(Proposal.status == ProposalStatus.PROPOSED)
        .order_by(Proposal.rank, Proposal.id)
    ).all()
    if reviewer is not None:  # the reviewer's proposal first
        proposed = sorted(proposed, key=lambda p: p.volunteer_id != reviewer.id)
    confirmed = 0
    for proposal in proposed:
        if confirmed == wanted:
            break
        db.session.refresh(proposal, ["status"])
        volunteer = proposal.volunteer
        if (
            proposal.status is not ProposalStatus.PROPOSED
            or volunteer.open_pairings >= volunteer.capacity
            or not missing_courses(volunteer, proposal.need)
        ):
            continue
        try:
            with db.session.begin_nested():
                confirm_proposal(proposal, by=worker, note="demo data")
        except (VolunteerFull, InvalidTransition):
            continue
        confirmed += 1
    return confirmed
