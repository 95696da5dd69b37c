"""Notify users: write to their inbox (and queue an e-mail); read and mark the inbox."""

from datetime import datetime

from sqlalchemy import func, select, update

from ..accounts.models import Role, User, UserRole
from ..accounts.places import social_worker_community
from ..core.inserts import insert_once
from ..core.types import utcnow
from ..extensions import db
from .models import EmailStatus, Notification


def notify(
    user: User | None, kind: str, *, link: str = "", dedupe_key: str | None = None, **params
) -> Notification | None:
    """Put a notification in ``user``'s inbox; queue an e-mail unless they opted out.

    :param dedupe_key: a job's notification is written once per (user, key): idempotent.
    :returns: the notification, or None (no user, or already notified with this key).
    """
    if user is None:
        return None
    if dedupe_key is not None and db.session.scalar(
        select(Notification.id).where(
            Notification.user_id == user.id, Notification.dedupe_key == dedupe_key
        )
    ):
        return None
    wants_email = bool(user.email) and user.email_notifications
    values = dict(
        user_id=user.id,
        kind=kind,
        params=params,
        link=link,
        dedupe_key=dedupe_key,
        email_status=EmailStatus.PENDING if wants_email else EmailStatus.NONE,
    )
    if dedupe_key is not None:
        # the same job run twice at once: the second writes nothing (and does not fail)
        new_id = insert_once(Notification, ("user_id", "dedupe_key"), **values)
        return None if new_id is None else db.session.get(Notification, new_id)
    notification = Notification(**values)
    db.session.add(notification)
    db.session.flush()
    return notification


def staff_of(community_id: int) -> list[User]:
    """The social workers who look after a community."""
    return list(
        db.session.scalars(
            select(User)
            .join(social_worker_community, social_worker_community.c.user_id == User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                social_worker_community.c.community_id == community_id,
                UserRole.role == Role.SOCIAL_WORKER,
            )
            .order_by(User.id)
        )
    )


def notify_staff(
    community_id: int, kind: str, *, link: str = "", dedupe_key=None, besides=None, **params
) -> int:
    """Notify every social worker of a community (but ``besides``, who knows already);
    returns how many were notified."""
    return sum(
        notify(worker, kind, link=link, dedupe_key=dedupe_key, **params) is not None
        for worker in staff_of(community_id)
        if worker != besides
    )


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def inbox_of(user: User):
    """``user``'s notifications, newest first (a statement, for paging)."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def mark_read(user: User, notification_id: int, *, now: datetime | None = None) -> bool:
    """Mark one of ``user``'s notifications read. Idempotent; another user's is untouched.

    :returns: False if ``user`` has no such notification.
    """
    own = db.session.scalar(
        select(Notification.id).where(
            Notification.id == notification_id, Notification.user_id == user.id
        )
    )
    if own is None:
        return False
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return True


def mark_all_read(user: User, *, now: datetime | None = None) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def set_email_notifications(user: User, wanted: bool) -> None:
    """Opt in or out of e-mail; opting out also drops e-mails still waiting to be sent."""
    user.email_notifications = wanted
    if not wanted:
        db.session.execute(
            update(Notification)
            .where(
                Notification.user_id == user.id, Notification.email_status == EmailStatus.PENDING
            )
            .values(email_status=EmailStatus.NONE)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()


def notify_staff_of_resident(resident_id: int, kind: str, *, link: str = "", **params) -> int:
    """Notify the social workers of a resident's community (no resident detail in the text)."""
    from ..registry.models import Resident

    return notify_staff(
        db.session.get(Resident, resident_id).community_id, kind, link=link, **params
    )
