"""Volunteers (志愿者) and their applications."""

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Boolean, Column, Float, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import Gender, UTCDateTime, str_enum, utcnow
from ..extensions import db
from .catalogue import Language, Skill


class VolunteerStatus(enum.Enum):
    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"
    MORE_INFO = "more_info"
    SUSPENDED = "suspended"


class BackgroundCheck(enum.Enum):
    NOT_STARTED = "not_started"
    PASSED = "passed"
    FAILED = "failed"


volunteer_skill = Table(
    "volunteer_skill",
    db.metadata,
    Column("volunteer_id", ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skill.id"), primary_key=True, index=True),
)
volunteer_language = Table(
    "volunteer_language",
    db.metadata,
    Column("volunteer_id", ForeignKey("volunteer.id", ondelete="CASCADE"), primary_key=True),
    Column("language_id", ForeignKey("language.id"), primary_key=True),
)


class Volunteer(db.Model):
    """A volunteer's profile (1:1 with a User holding the volunteer role)."""

    TRANSITIONS: ClassVar = {
        VolunteerStatus.APPLIED: {
            VolunteerStatus.APPROVED,
            VolunteerStatus.REJECTED,
            VolunteerStatus.MORE_INFO,
        },
        VolunteerStatus.MORE_INFO: {VolunteerStatus.APPLIED},
        VolunteerStatus.APPROVED: {VolunteerStatus.SUSPENDED},
        VolunteerStatus.SUSPENDED: {VolunteerStatus.APPROVED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    #: own position (e.g. from an import); None means the community centre (DESIGN §12)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_km: Mapped[float] = mapped_column(Float, default=5.0)
    #: 21-slot bit mask, see matchmaker.core.availability
    availability: Mapped[int] = mapped_column(default=0)
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender, 10))
    #: how many one-to-one pairings they can hold at once
    capacity: Mapped[int] = mapped_column(default=1)
    #: pairings now holding capacity (confirmed, active, suspended); only changed by a
    #: conditional update, so concurrent confirmations never exceed ``capacity``
    open_pairings: Mapped[int] = mapped_column(default=0, server_default="0")
    #: version of the privacy terms agreed to, and when
    privacy_terms_version: Mapped[str | None] = mapped_column(String(20))
    privacy_consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    background_check_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    background_check: Mapped[BackgroundCheck] = mapped_column(
        str_enum(BackgroundCheck), default=BackgroundCheck.NOT_STARTED
    )
    status: Mapped[VolunteerStatus] = mapped_column(
        str_enum(VolunteerStatus), default=VolunteerStatus.APPLIED, index=True
    )
    #: the reviewer's latest reason (rejection, or what more information is needed)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", lazy="joined")
    community = relationship("Community", lazy="joined")
    skills: Mapped[list[Skill]] = relationship(
        secondary=volunteer_skill, lazy="selectin", order_by=Skill.position
    )
    languages: Mapped[list[Language]] = relationship(
        secondary=volunteer_language, lazy="selectin", order_by=Language.position
    )

    @property
    def location(self) -> tuple[float, float]:
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        return self.community.lat, self.community.lon

    @property
    def can_take_home_visits(self) -> bool:
        return self.background_check is BackgroundCheck.PASSED
