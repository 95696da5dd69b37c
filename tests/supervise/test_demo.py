"""The demo covers supervision and reward: logs in every state, reviews overdue, an incident,
a pairing paused at a review, an ended pairing, a volunteer at each star level, certificates
(one revoked)."""

from collections import Counter

from sqlalchemy import select

from matchmaker.accounts.models import User
from matchmaker.match.models import Pairing, PairingStatus
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
    assert pairings[PairingStatus.SUSPENDED] == 2 and pairings[PairingStatus.ENDED] == 1
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
    assert {0, 1, 2, 3, 4, 5} <= levels
    certificates = Counter(db.session.scalars(select(Certificate.status)))
    assert (
        certificates[CertificateStatus.VALID] >= 1 and certificates[CertificateStatus.REVOKED] == 1
    )
    assert honour_roll() and all(p.display_name for p in honour_roll())


def _user_id(db, email):
    return db.session.scalar(select(User.id).where(User.email == email))
