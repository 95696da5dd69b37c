"""Service logs of active pairings, supervision reviews and incidents (DESIGN §3 step 4)."""

import enum
from datetime import date, datetime, time
from typing import ClassVar

from sqlalchemy import JSON, Date, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class Activity(enum.Enum):
    VISIT = "visit"  # 上门探访陪伴
    ESCORT = "escort"  # 陪同出行
    ERRANDS = "errands"  # 代购代办
    REHABILITATION = "rehabilitation"  # 康复训练协助
    TUTORING = "tutoring"  # 课业辅导
    COUNSELLING = "counselling"  # 心理疏导
    OTHER = "other"


class LogStatus(enum.Enum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    #: verified, with a change the volunteer proposed waiting for a social worker
    CHANGE_REQUESTED = "change_requested"


#: Log states whose time counts, for hours, star levels, certificates, exports and public
#: figures alike: verified, or verified with a change waiting (its verified values stand
#: until the change is approved).
COUNTED = (LogStatus.VERIFIED, LogStatus.CHANGE_REQUESTED)


class ServiceLog(db.Model):
    """One visit of a volunteer to their paired resident; only verified time counts."""

    TRANSITIONS: ClassVar = {
        LogStatus.SUBMITTED: {LogStatus.VERIFIED, LogStatus.REJECTED},
        LogStatus.REJECTED: {LogStatus.SUBMITTED},
        LogStatus.VERIFIED: {LogStatus.CHANGE_REQUESTED},
        LogStatus.CHANGE_REQUESTED: {LogStatus.VERIFIED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    service_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int]
    activity: Mapped[Activity] = mapped_column(str_enum(Activity))
    #: what exactly was done, in the volunteer's words (short)
    activity_detail: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: 1–5, given by the resident or by the social worker for them
    rating: Mapped[int | None]
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[LogStatus] = mapped_column(
        str_enum(LogStatus), default=LogStatus.SUBMITTED, index=True
    )
    #: why it was rejected, or why a change was refused
    status_reason: Mapped[str] = mapped_column(Text, default="")
    #: the values a change request would apply (ISO strings), until a social worker decides
    proposed: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    pairing = relationship("Pairing")
    volunteer = relationship("Volunteer")

    @property
    def counts(self) -> bool:
        """Whether its time counts towards hours (verified, with or without a pending change)."""
        return self.status in (LogStatus.VERIFIED, LogStatus.CHANGE_REQUESTED)


class Outcome(enum.Enum):
    CONTINUE = "continue"
    PAUSE = "pause"
    END = "end"


class ReviewStatus(enum.Enum):
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    #: the pairing ended before the review was done
    CANCELLED = "cancelled"


class SupervisionReview(db.Model):
    """A social worker's periodic review of an active pairing."""

    TRANSITIONS: ClassVar = {
        ReviewStatus.DUE: {ReviewStatus.DONE, ReviewStatus.OVERDUE, ReviewStatus.CANCELLED},
        ReviewStatus.OVERDUE: {ReviewStatus.DONE, ReviewStatus.CANCELLED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id"), index=True)
    #: the pairing id while this review is pending (due or overdue), else None: the unique
    #: constraint keeps one pending review per pairing even when two requests schedule at once
    pending_for: Mapped[int | None] = mapped_column(unique=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    visits_since: Mapped[int | None]
    satisfaction: Mapped[int | None]
    risks: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome))
    status: Mapped[ReviewStatus] = mapped_column(
        str_enum(ReviewStatus), default=ReviewStatus.DUE, index=True
    )

    pairing = relationship("Pairing")


class IncidentStatus(enum.Enum):
    OPEN = "open"
    RESOLVED = "resolved"


class Decision(enum.Enum):
    RESUME = "resume"
    END = "end"


class Incident(db.Model):
    """Something that went wrong in a pairing; suspends it until a social worker decides."""

    TRANSITIONS: ClassVar = {IncidentStatus.OPEN: {IncidentStatus.RESOLVED}}

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    description: Mapped[str] = mapped_column(Text)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[IncidentStatus] = mapped_column(
        str_enum(IncidentStatus), default=IncidentStatus.OPEN, index=True
    )
    decision: Mapped[Decision | None] = mapped_column(str_enum(Decision))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    pairing = relationship("Pairing")
    reporter = relationship("User", foreign_keys=[reporter_id])
