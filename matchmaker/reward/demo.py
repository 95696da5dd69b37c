"""Demo rewards: star levels from the verified logs, honour-roll opt-ins, a few certificates
(one revoked)."""

from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..core.types import utcnow
from ..extensions import db
from ..supervise.pairings import local_date
from .models import RewardProfile
from .services import (
    issue_certificate,
    recompute_star_levels,
    revoke_certificate,
)


def seed(rng) -> str:
    now = utcnow()
    recompute_star_levels(now)
    profiles = list(
        db.session.scalars(
            select(RewardProfile)
            .where(RewardProfile.verified_minutes > 0)
            .order_by(RewardProfile.verified_minutes.desc())
        )
    )
    listed = 0
    for profile in profiles[: max(3, len(profiles) * 2 // 3)]:
        name = profile.volunteer.user.name
        profile.honour_opt_in, profile.display_name = True, f"{name[0]}{name[-1]}"
        listed += 1
    today = local_date(now)
    certificates = []
    for profile in profiles[:3]:
        certificates.append(
            issue_certificate(
                profile.volunteer,
                start=today - timedelta(days=365),
                end=today - timedelta(days=1),
                by=profile.volunteer.user,
                now=now,
            )
        )
    if certificates:
        admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
        revoke_certificate(certificates[-1], by=admin, reason="演示：时长需重新核对", now=now)
    levels = sorted({p.star_level for p in profiles})
    db.session.flush()
    return (
        f"star levels {levels}, {listed} on the honour roll, "
        f"{len(certificates)} certificates (1 revoked)"
    )
