"""A notification in a user's inbox, and whether it has been e-mailed."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class EmailStatus(enum.Enum):
    #: not to be e-mailed (no address, or the user opted out)
    NONE = "none"
    #: waiting for the e-mail job (first try, or a retry after a failure)
    PENDING = "pending"
    SENT = "sent"
    #: given up after too many attempts; still in the inbox
    FAILED = "failed"


class Notification(db.Model):
    """Something a user should know. The text is a message id plus parameters, rendered in
    the reader's language when shown or e-mailed (``notify.kinds``)."""

    __table_args__ = (
        #: a job notifies once per (user, key): running it twice sends nothing more
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notification_user_unread", "user_id", "read_at"),
        Index("ix_notification_email_due", "email_status", "email_next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    #: a site address to follow, e.g. "/wishes/3"
    link: Mapped[str] = mapped_column(String(300), default="")
    dedupe_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: None while unread
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[EmailStatus] = mapped_column(
        str_enum(EmailStatus), default=EmailStatus.NONE
    )
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_last_error: Mapped[str] = mapped_column(String(500), default="")
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")
