"""Verified hours per volunteer, star levels and service certificates (DESIGN §3 step 5)."""

import enum
from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class RewardProfile(db.Model):
    """A volunteer's verified time and star level (a cache of their verified logs), and
    whether they appear on the public honour roll."""

    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), primary_key=True)
    verified_minutes: Mapped[int] = mapped_column(default=0)
    #: 0 (none) to 5 (五星), from the configured thresholds
    star_level: Mapped[int] = mapped_column(default=0)
    recomputed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    honour_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the only name the honour roll shows (chosen by the volunteer)
    display_name: Mapped[str] = mapped_column(String(30), default="")

    volunteer = relationship("Volunteer")


class CertificateStatus(enum.Enum):
    VALID = "valid"
    REVOKED = "revoked"


class Certificate(db.Model):
    """A service certificate; anyone can check its code on /certificates/<code>."""

    TRANSITIONS: ClassVar = {CertificateStatus.VALID: {CertificateStatus.REVOKED}}

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    #: unguessable, e.g. "K7QM-2XPA-9RTE"
    code: Mapped[str] = mapped_column(String(20), unique=True)
    #: the holder's name as printed (kept even if the account is renamed)
    holder_name: Mapped[str] = mapped_column(String(50))
    minutes: Mapped[int]
    star_level: Mapped[int]
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[CertificateStatus] = mapped_column(
        str_enum(CertificateStatus), default=CertificateStatus.VALID
    )
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    volunteer = relationship("Volunteer")

    @property
    def masked_name(self) -> str:
        return (self.holder_name[:1] + "**") if self.holder_name else "**"

    @property
    def hours(self) -> float:
        return self.minutes / 60
