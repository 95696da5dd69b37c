"""Building blocks for training tests: courses, sessions, an attendance and a confirmed pairing."""

from datetime import timedelta

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.services import confirm_proposal
from matchmaker.registry.models import DisabilityCategory
from matchmaker.train import enrolment
from matchmaker.train.catalogue import HOME_VISIT_QUIZ
from matchmaker.train.models import Course, CourseKind, Requirement, TrainingSession
from tests.factories import propose


def course(title="助残服务礼仪", requirement=Requirement.EVERYONE, **fields) -> Course:
    row = Course(
        title=title,
        title_en=fields.pop("title_en", f"Course {title}"),
        requirement=requirement,
        kind=fields.pop("kind", CourseKind.SESSIONS),
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def sign_language() -> Course:
    return course(
        "手语基础", Requirement.DISABILITY, disability_category=DisabilityCategory.HEARING
    )


def home_visit_quiz(pass_mark=75) -> Course:
    return course(
        "居家探访安全",
        Requirement.HOME_VISIT,
        kind=CourseKind.SELF_STUDY,
        material="不经手服务对象的钱物。",
        quiz=HOME_VISIT_QUIZ,
        pass_mark=pass_mark,
    )


#: the right answers of HOME_VISIT_QUIZ
RIGHT = [q["answer"] for q in HOME_VISIT_QUIZ]


def session(of: Course, community, *, hours_from_now=48, capacity=10, **fields):
    starts = utcnow() + timedelta(hours=hours_from_now)
    row = TrainingSession(
        course_id=of.id,
        community_id=community.id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place=fields.pop("place", "文三社区活动室"),
        capacity=capacity,
        trainer=fields.pop("trainer", "周老师"),
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def session_form(community, **overrides) -> dict:
    """What a social worker enters to schedule a session in three days' time."""
    day = (utcnow() + timedelta(days=3)).date()
    data = {
        "community": str(community.id),
        "day": day.isoformat(),
        "starts": "14:00",
        "ends": "16:00",
        "place": "文三社区活动室",
        "capacity": "20",
        "trainer": "周老师",
    }
    data.update(overrides)
    return data


def move_to_past(row: TrainingSession, hours=1) -> None:
    """The session has begun: it started ``hours`` ago."""
    row.starts_at = utcnow() - timedelta(hours=hours)
    row.ends_at = row.starts_at + timedelta(hours=2)
    db.session.commit()


def confirmed_pairing(need, volunteer, worker):
    """Confirm a proposal of ``volunteer`` for ``need`` as ``worker`` (committed)."""
    proposal = propose(need, volunteer)
    pairing = confirm_proposal(proposal, by=worker)
    db.session.commit()
    return pairing


def marked_attended(world, of: Course | None = None, **session_fields):
    """The world's volunteer enrolled in a session (of ``of``, else of a course required of
    everyone) that has begun, and marked attended by its social worker: (session, enrolment)."""
    sitting = session(
        of or course(title_en="Disability service etiquette"), world["home"], **session_fields
    )
    place = enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    move_to_past(sitting)
    enrolment.mark_attendance(place, True, by=world["worker"], now=utcnow())
    db.session.commit()
    return sitting, place
