"""The training demo: consistent with the match demo, and showing the gate to a reviewer."""

from sqlalchemy import func, select

from matchmaker.accounts.models import User
from matchmaker.match.models import Pairing, PairingStatus, Proposal, ProposalStatus
from matchmaker.train.models import (
    CompletionMethod,
    Course,
    CourseCompletion,
    Enrolment,
    EnrolmentStatus,
    SessionStatus,
    TrainingSession,
)
from matchmaker.train.services import missing_courses


def test_demo_proposals_weigh_the_training_done(db, demo):
    latest = db.session.scalar(select(func.max(Proposal.run_id)))
    open_ = db.session.scalars(
        select(Proposal).where(
            Proposal.run_id == latest, Proposal.status == ProposalStatus.PROPOSED
        )
    ).all()
    assert len({p.features["training_done"] for p in open_}) > 1
    assert any("已完成所需培训" in p.explanation_zh for p in open_)


def test_demo_training(db, demo):
    titles = set(db.session.scalars(select(Course.title)))
    assert titles == {"助残服务礼仪", "手语基础", "精神障碍沟通", "居家探访安全"}
    pairings = db.session.scalars(select(Pairing)).all()
    active = [p for p in pairings if p.status is PairingStatus.ACTIVE]
    assert active and all(not missing_courses(p.volunteer, p.need) for p in active)
    waiting = [p for p in pairings if p.status is PairingStatus.CONFIRMED]
    assert 2 <= len(waiting) <= 3
    assert all(missing_courses(p.volunteer, p.need) for p in waiting)
    reviewer = next(p for p in waiting if p.volunteer.user.email == "volunteer01@example.org")
    assert [c.title for c in missing_courses(reviewer.volunteer, reviewer.need)] == ["手语基础"]

    sessions = db.session.scalars(select(TrainingSession)).all()
    assert {s.status for s in sessions} == {SessionStatus.HELD, SessionStatus.SCHEDULED}
    full = [s for s in sessions if s.status is SessionStatus.SCHEDULED and not s.places_left]
    assert full
    waitlisted = select(func.count(Enrolment.id)).where(
        Enrolment.status == EnrolmentStatus.WAITLISTED
    )
    assert db.session.scalar(waitlisted) >= 2
    methods = set(db.session.scalars(select(CourseCompletion.method)))
    assert methods == {CompletionMethod.ATTENDANCE, CompletionMethod.QUIZ}
    assert db.session.scalar(select(User).where(User.email == "sw.beishan@example.org"))
