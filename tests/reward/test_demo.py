"""The demo's star levels, as the reward service derives them from the verified logs: several
levels, up to 四星 for the federation's most devoted volunteer, fewer at each level up."""

from collections import Counter

from sqlalchemy import func, select

from matchmaker.reward.models import RewardProfile
from matchmaker.reward.services import star_level, thresholds
from matchmaker.supervise.models import COUNTED, ServiceLog


def test_demo_star_levels_span_several_levels(db, demo):
    profiles = db.session.scalars(select(RewardProfile)).all()
    verified = dict(
        db.session.execute(
            select(ServiceLog.volunteer_id, func.sum(ServiceLog.minutes))
            .where(ServiceLog.status.in_(COUNTED))
            .group_by(ServiceLog.volunteer_id)
        ).all()
    )
    # every volunteer with verified time has a profile that counts it, at the level it reaches
    assert {p.volunteer_id for p in profiles if p.verified_minutes} == set(verified)
    for profile in profiles:
        assert profile.verified_minutes == verified.get(profile.volunteer_id, 0)
        assert profile.star_level == star_level(profile.verified_minutes, thresholds())
    levels = Counter(p.star_level for p in profiles if p.verified_minutes)
    assert len(set(levels) - {0}) >= 3 and max(levels) >= 4
    # fewer at each level up
    assert all(levels[level] >= levels[level + 1] for level in range(1, 5))
