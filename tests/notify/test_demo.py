"""The demo fills inboxes: the volunteer's decisions and the social workers' alerts."""

from sqlalchemy import select

from matchmaker.accounts.models import User
from matchmaker.notify.models import Notification


def _kinds(db, email: str) -> set[str]:
    user = db.session.scalar(select(User).where(User.email == email))
    return set(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


def test_demo_inboxes(db, demo):
    assert "pairing_confirmed" in _kinds(db, "volunteer01@example.org")
    staff = set().union(
        *(
            _kinds(db, e)
            for e in ("sw.beishan@example.org", "sw.xixi@example.org", "sw.cuiyuan@example.org")
        )
    )
    assert {"review_overdue", "wish_claimed"} <= staff
