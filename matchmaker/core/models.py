"""The recorded history of every state change, and the staff audit log."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class Event(db.Model):
    """One lifecycle state change: who moved what from which state to which, when and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the subject's table name, e.g. "user", "pairing"
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    #: None when the event records the subject's creation
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    #: None for the system (a scheduled job, an import)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_event_subject", "subject_type", "subject_id", "at"),)


class AuditEntry(db.Model):
    """A sensitive action by staff: a resident record viewed, an export, a role change."""

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")
    #: the client address as the app sees it (behind ProxyFix when configured)
    address: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    #: "who has seen this record" reads a resident's entries from a log that grows by every view
    __table_args__ = (Index("ix_audit_entry_subject", "subject_type", "subject_id"),)
