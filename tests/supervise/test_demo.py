"""The demo covers supervision and reward: logs in every state, reviews overdue, an incident,
a pairing paused at a review, one ended this week and earlier ones ended with their needs met,
volunteers with and without a star, certificates (one revoked)."""

from collections import Counter

from sqlalchemy import select

from matchmaker.accounts.models import User
from matchmaker.demo import DEMO_PASSWORD
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.registry.models import Need, NeedStatus, Resident
from matchmaker.reward.models import Certificate, CertificateStatus, RewardProfile
from matchmaker.reward.services import honour_roll
from matchmaker.supervise.models import LogStatus, ReviewStatus, ServiceLog, SupervisionReview


def test_demo_supervision_and_rewards(db, demo):
    logs = Counter(db.session.scalars(select(ServiceLog.status)))
    assert logs[LogStatus.VERIFIED] > 100 and logs[LogStatus.SUBMITTED] > 0
    assert db.session.scalar(select(ServiceLog).where(ServiceLog.rating.is_not(None)))
    reviews = Counter(db.session.scalars(select(SupervisionReview.status)))
    assert reviews[ReviewStatus.OVERDUE] > 0 and reviews[ReviewStatus.DONE] > 0
    pairings = Counter(db.session.scalars(select(Pairing.status)))
    assert pairings[PairingStatus.SUSPENDED] == 2
    ended = db.session.scalars(select(Pairing).where(Pairing.status == PairingStatus.ENDED)).all()
    # one ended today, its need open again; the earlier ones with their needs met
    reopened = [p for p in ended if p.need.status is NeedStatus.OPEN]
    assert len(reopened) == 1 and reopened[0].end_reason == "居民搬离本区"
    assert len(ended) > 20 and all(p.ended_at and p.end_reason for p in ended)
    assert all(p.need.status is NeedStatus.CLOSED for p in ended if p not in reopened)
    suspended = select(Pairing.id).where(Pairing.status == PairingStatus.SUSPENDED)
    pending = (ReviewStatus.DUE, ReviewStatus.OVERDUE)
    assert not db.session.scalar(  # a suspended pairing has no review to do
        select(SupervisionReview).where(
            SupervisionReview.pairing_id.in_(suspended), SupervisionReview.status.in_(pending)
        )
    )
    first = db.session.scalar(
        select(Pairing)
        .where(Pairing.status == PairingStatus.ACTIVE)
        .join(Pairing.volunteer)
        .where(Pairing.volunteer.has(user_id=_user_id(db, "volunteer01@example.org")))
    )
    first_logs = {
        log.status
        for log in db.session.scalars(select(ServiceLog).where(ServiceLog.pairing_id == first.id))
    }
    assert {LogStatus.VERIFIED, LogStatus.SUBMITTED} <= first_logs
    levels = set(db.session.scalars(select(RewardProfile.star_level)))
    assert {0, 1} <= levels
    certificates = Counter(db.session.scalars(select(Certificate.status)))
    assert (
        certificates[CertificateStatus.VALID] >= 1 and certificates[CertificateStatus.REVOKED] == 1
    )
    assert honour_roll() and all(p.display_name for p in honour_roll())


def _user_id(db, email):
    return db.session.scalar(select(User.id).where(User.email == email))


def test_the_demo_resident_has_visits_to_rate(client, auth, db, demo):
    """resident@example.org shares volunteer01's pairing in progress: visits verified and
    rated by them, and the latest still waiting for their rating."""
    resident_user = _user_id(db, "resident@example.org")
    active = db.session.scalars(
        select(Pairing)
        .where(Pairing.status == PairingStatus.ACTIVE)
        .where(Pairing.need.has(Need.resident.has(Resident.user_id == resident_user)))
    ).all()
    assert len(active) == 1
    [pairing] = active
    assert pairing.volunteer.user_id == _user_id(db, "volunteer01@example.org")
    logs = db.session.scalars(
        select(ServiceLog)
        .where(ServiceLog.pairing_id == pairing.id)
        .order_by(ServiceLog.service_date)
    ).all()
    assert len(logs) >= 3
    assert sum(log.status is LogStatus.VERIFIED for log in logs) >= 2
    assert all(log.rated_by_id == resident_user for log in logs if log.rating)
    assert logs[-1].rating is None and any(log.rating for log in logs)

    auth.login("resident@example.org", DEMO_PASSWORD)
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert f'action="/supervise/logs/{logs[-1].id}/rate"' in page
