"""A record of each job firing, and the lease that lets one scheduler process fire jobs."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class JobOutcome(enum.Enum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    #: nothing to do (e.g. no open needs to match); not an error
    SKIPPED = "skipped"


class JobRun(db.Model):
    """One firing of a scheduled job. (job, scheduled_for) is unique: claiming the row is
    what lets a trigger run, so a trigger runs at most once however many processes fire it."""

    __table_args__ = (UniqueConstraint("job", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40), index=True)
    #: the trigger time this run stands for ("run now": the moment the button was pressed)
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[JobOutcome] = mapped_column(str_enum(JobOutcome), default=JobOutcome.RUNNING)
    #: what the job did, e.g. {"lapsed": 2}
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    #: "host:pid" of the scheduler process, or "web" for "run now"
    holder: Mapped[str] = mapped_column(String(100), default="")
    #: the administrator who pressed "run now"; None for the schedule
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    started_by = relationship("User")


class SchedulerLease(db.Model):
    """Held by the one scheduler process allowed to fire jobs until ``expires_at``."""

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
