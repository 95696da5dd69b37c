"""Demo inboxes: the domains' demos already notified people as they went (decisions,
pairings, verified logs, claims); here the daily jobs add their alerts and reminders."""

from sqlalchemy import func, select

from ..core.types import utcnow
from ..extensions import db
from ..scheduler import jobs
from .models import Notification


def seed(rng) -> str:
    now = utcnow()
    jobs.supervision_alerts(now)
    jobs.training_reminders(now)
    jobs.warn_lapsing_claims(now)
    db.session.flush()
    total = db.session.scalar(select(func.count(Notification.id)))
    return f"{total} notifications in inboxes"
