"""Demo audit trail: the social workers' recent views of their residents' records and one
export each, so the administrator's audit log (/admin/audit) has something to read."""

from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import Role, User, UserRole
from ..extensions import db
from ..registry.models import Resident
from .models import AuditEntry
from .types import utcnow


def seed(rng) -> str:
    now = utcnow()
    workers = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.SOCIAL_WORKER)
        .order_by(User.id)
    ).all()
    entries = []
    for worker in workers:
        ids = [c.id for c in worker.communities]
        residents = db.session.scalars(
            select(Resident).where(Resident.community_id.in_(ids)).order_by(Resident.id)
        ).all()
        for resident in rng.sample(residents, min(6, len(residents))):
            at = now - timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 600))
            entries.append(_entry(worker, "view_resident", at, resident))
        at = now - timedelta(days=rng.randint(1, 10))
        period = f"{at.year}-01-01..{at.date().isoformat()}"
        entries.append(_entry(worker, "export", at, detail=f"hours {period}: 120 rows"))
    db.session.add_all(entries)
    db.session.flush()
    return f"{len(entries)} audit entries"


def _entry(actor, action, at, subject=None, detail="") -> AuditEntry:
    return AuditEntry(
        actor_id=actor.id,
        action=action,
        subject_type="resident" if subject is not None else "",
        subject_id=subject.id if subject is not None else None,
        detail=detail,
        address="10.0.0.8",
        at=at,
    )
