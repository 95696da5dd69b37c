"""Each scheduled job's effect, with time passed in, and that running it twice does no more."""

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import func, select

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.notify.kinds import render
from matchmaker.notify.models import Notification
from matchmaker.reward.models import RewardProfile
from matchmaker.scheduler import jobs
from matchmaker.scheduler.models import JobOutcome
from matchmaker.scheduler.runner import run_job
from matchmaker.supervise.models import ReviewStatus, SupervisionReview
from matchmaker.train.enrolment import enrol
from matchmaker.wishes.claims import mark_delivered, report_not_received
from matchmaker.wishes.models import ClaimStatus, WishClaim, WishStatus
from tests.factories import UserFactory
from tests.supervise.builders import TODAY, log_visit, make_pairing
from tests.train import helpers
from tests.wishes.conftest import make_wish


def _notifications(user=None, kind=None) -> list[Notification]:
    statement = select(Notification).order_by(Notification.id)
    if user is not None:
        statement = statement.where(Notification.user_id == user.id)
    if kind is not None:
        statement = statement.where(Notification.kind == kind)
    return list(db.session.scalars(statement))


def test_overdue_claims_lapse_once_and_the_donor_is_told(db):
    donor = UserFactory(roles=["donor"])
    wish = make_wish("claimed", donor=donor, title="助听器电池")
    claim = db.session.scalar(select(WishClaim))
    assert jobs.lapse_claims(claim.deadline - timedelta(minutes=1)) == {"lapsed": 0}
    later = claim.deadline + timedelta(hours=1)
    assert jobs.lapse_claims(later) == {"lapsed": 1}
    db.session.commit()
    assert jobs.lapse_claims(later) == {"lapsed": 0}
    db.session.refresh(wish)
    db.session.refresh(claim)
    assert wish.status is WishStatus.PUBLISHED and claim.status is ClaimStatus.LAPSED
    (notice,) = _notifications(donor, "claim_lapsed")
    assert (
        notice.params == {"title": "助听器电池"} and notice.link == f"/wishes/mine#claim-{claim.id}"
    )


def test_a_donor_is_warned_once_two_days_before_the_claim_lapses(db):
    donor = UserFactory(roles=["donor"])
    make_wish("claimed", donor=donor, title="助听器电池")
    claim = db.session.scalar(select(WishClaim))
    assert jobs.warn_lapsing_claims(claim.deadline - timedelta(days=3)) == {"warned": 0}
    day_before = claim.deadline - timedelta(days=1)
    assert jobs.warn_lapsing_claims(day_before) == {"warned": 1}
    db.session.commit()
    assert jobs.warn_lapsing_claims(day_before + timedelta(hours=1)) == {"warned": 0}
    (warning,) = _notifications(donor, "claim_lapsing")
    assert warning.params["title"] == "助听器电池"
    assert warning.link == f"/wishes/mine#claim-{claim.id}"  # its card: deliver or release it
    assert warning.dedupe_key == f"claim-lapsing:{claim.id}"  # as written before send-backs

    # the social worker sends a delivery back: the claim holds again, to a later deadline,
    # and the donor is warned again before that one
    worker = UserFactory(roles=["social_worker"], communities=[claim.wish.resident.community])
    mark_delivered(claim, by=donor)
    report_not_received(claim, by=worker, reason="居民说还没收到", now=day_before)
    db.session.commit()
    assert claim.deadline > day_before + timedelta(days=2)
    assert jobs.warn_lapsing_claims(claim.deadline - timedelta(days=1)) == {"warned": 1}
    assert len(_notifications(donor, "claim_lapsing")) == 2


def test_supervision_alerts_reach_the_social_worker_once(db):
    pairing = make_pairing(activated=utcnow() - timedelta(days=60))
    worker = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    now = utcnow()
    counts = jobs.supervision_alerts(now)
    db.session.commit()
    assert counts["scheduled"] == 1 and counts["overdue"] == 1 and counts["alerts"] == 2
    review = db.session.scalar(select(SupervisionReview))
    assert review.status is ReviewStatus.OVERDUE
    assert {n.kind for n in _notifications(worker)} == {"review_overdue", "no_visit"}
    assert jobs.supervision_alerts(now + timedelta(hours=1)) == {
        "scheduled": 0,
        "overdue": 0,
        "alerts": 0,
    }
    db.session.commit()
    assert len(_notifications(worker)) == 2
    # The volunteer hears nothing about their supervision, and nothing names the resident.
    assert _notifications(pairing.volunteer.user) == []
    assert all("王秀英" not in str(n.params) for n in _notifications())


def test_a_visit_resets_the_no_visit_alert(db):
    pairing = make_pairing(activated=utcnow() - timedelta(days=60))
    worker = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    jobs.supervision_alerts(utcnow())
    db.session.commit()
    log_visit(pairing, TODAY - timedelta(days=1))
    assert jobs.supervision_alerts(utcnow())["alerts"] == 0
    assert len(_notifications(worker, "no_visit")) == 1


def test_training_reminders_go_out_the_day_before_once(db):
    world_course = helpers.course()
    pairing = make_pairing()
    volunteer = pairing.volunteer
    tomorrow = helpers.session(world_course, pairing.need.resident.community, hours_from_now=20)
    enrol(volunteer, tomorrow, now=utcnow())
    db.session.commit()
    assert jobs.training_reminders(utcnow() - timedelta(days=2)) == {"reminded": 0}
    assert jobs.training_reminders(utcnow()) == {"reminded": 1}
    db.session.commit()
    assert jobs.training_reminders(utcnow() + timedelta(hours=1)) == {"reminded": 0}
    (reminder,) = _notifications(volunteer.user, "training_reminder")
    assert reminder.params["place"]
    # The course title is the reader's: Chinese, or English for an English reader.
    with force_locale("zh"):
        assert "“助残服务礼仪”" in render(reminder)
    with force_locale("en"):
        assert f"“{world_course.title_en}”" in render(reminder)


def test_star_levels_are_recomputed_once(db):
    pairing = make_pairing(activated=utcnow() - timedelta(days=200))
    worker = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    for n in range(51):  # 51 × 2 h: past 一星's 100 hours
        log_visit(pairing, TODAY - timedelta(days=n + 1), verified_by=worker)
    profile = db.session.get(RewardProfile, pairing.volunteer_id)
    assert profile.star_level == 1
    profile.star_level = 0  # as if the thresholds had changed overnight
    db.session.commit()
    assert jobs.star_levels(utcnow()) == {"changed": 1}
    db.session.commit()
    assert jobs.star_levels(utcnow()) == {"changed": 0}
    assert db.session.get(RewardProfile, pairing.volunteer_id).star_level == 1


def test_retraining_without_enough_decisions_is_skipped_not_failed(db):
    run = run_job("retrain_model", utcnow())
    assert run.outcome is JobOutcome.SKIPPED and "decisions" in run.error


def test_nightly_matching_proposes_tells_the_social_worker_and_does_not_repeat(db):
    from tests.train.conftest import world as world_fixture

    world = world_fixture.__wrapped__(db)
    first = run_job("nightly_matching", utcnow())
    assert first.outcome is JobOutcome.OK and first.counts["proposed"] == 1
    (told,) = _notifications(world["worker"], "proposals_waiting")
    assert told.params == {"n": 1} and told.link == "/match/proposals"
    assert _notifications(world["stranger"]) == []
    again = run_job("nightly_matching", utcnow() + timedelta(minutes=1))
    assert again.outcome is JobOutcome.SKIPPED
    assert "awaiting a decision" in again.error  # not "no open needs": one is open, waiting
    assert db.session.scalar(select(func.count(Notification.id))) == 1


def test_nightly_matching_with_nothing_open_is_skipped(db):
    run = run_job("nightly_matching", utcnow())
    assert run.outcome is JobOutcome.SKIPPED and "needs" in run.error


def test_nightly_matching_leaves_a_social_workers_fresh_proposals_alone(db):
    """A run for one community in the afternoon does not cancel the night's run for the
    others, and the night does not replace the proposals its social worker is deciding on."""
    from matchmaker.core import availability as av
    from matchmaker.match.models import Proposal, ProposalStatus
    from matchmaker.match.services import run_matching
    from tests.factories import (
        CommunityFactory,
        NeedFactory,
        ResidentFactory,
        SkillFactory,
        VolunteerFactory,
    )

    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    needs = {}
    for name, lat in (("文三社区", 30.279), ("古荡社区", 30.284)):
        home = CommunityFactory(name=name, lat=lat, lon=120.141)
        slots = av.mask_from_slots([3])
        needs[name] = NeedFactory(
            resident=ResidentFactory(community=home), open=True, skills=[escort], availability=slots
        )
        VolunteerFactory(approved=True, community=home, skills=[escort], availability=slots)
    worker = UserFactory(
        roles=["social_worker"], communities=[needs["文三社区"].resident.community]
    )
    afternoon, _ = run_matching(community_ids={needs["文三社区"].resident.community_id}, by=worker)
    db.session.commit()
    theirs = db.session.scalars(select(Proposal).where(Proposal.run_id == afternoon.id)).all()

    night = run_job("nightly_matching", utcnow() + timedelta(hours=6))
    assert night.outcome is JobOutcome.OK
    assert night.counts == {"proposed": 1, "unmatched": 0, "awaiting": 1}
    waiting = db.session.scalars(
        select(Proposal).where(Proposal.status == ProposalStatus.PROPOSED)
    ).all()
    assert {p.need_id for p in waiting} == {needs["文三社区"].id, needs["古荡社区"].id}
    assert {p.id for p in waiting if p.need_id == needs["文三社区"].id} == {p.id for p in theirs}
