"""A volunteer's "I can help" (我愿意帮助) on an open need of the board."""

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class InterestStatus(enum.Enum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class NeedInterest(db.Model):
    """An approved volunteer offered to help with a need; a scorer feature, never a decision.

    One row per (need, volunteer): withdrawing and offering again moves the same row.
    """

    TRANSITIONS: ClassVar = {
        InterestStatus.ACTIVE: {InterestStatus.WITHDRAWN},
        InterestStatus.WITHDRAWN: {InterestStatus.ACTIVE},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    status: Mapped[InterestStatus] = mapped_column(
        str_enum(InterestStatus), default=InterestStatus.ACTIVE
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    need = relationship("Need")
    volunteer = relationship("Volunteer")

    __table_args__ = (UniqueConstraint("need_id", "volunteer_id"),)
