"""A micro-wish (微心愿) and a donor's claim on it."""

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class WishCategory(enum.Enum):
    DAILY = "daily"  # 生活用品
    ASSISTIVE = "assistive"  # 辅助器具
    STUDY = "study"  # 学习用品
    REHABILITATION = "rehabilitation"  # 医疗康复
    RECREATION = "recreation"  # 文体
    OTHER = "other"  # 其他


class WishStatus(enum.Enum):
    #: entered by a social worker, not yet published
    DRAFT = "draft"
    #: entered by the resident; waits for a social worker's review
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    CLAIMED = "claimed"
    DELIVERED = "delivered"
    FULFILLED = "fulfilled"
    #: turned down by the reviewing social worker (the reason is in its history)
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ClaimStatus(enum.Enum):
    HELD = "held"
    DELIVERED = "delivered"
    CONFIRMED = "confirmed"
    LAPSED = "lapsed"
    RELEASED = "released"


class MicroWish(db.Model):
    """A resident's small concrete wish; shown publicly only masked (DESIGN §5, §8)."""

    TRANSITIONS: ClassVar = {
        WishStatus.DRAFT: {WishStatus.PUBLISHED, WishStatus.WITHDRAWN},
        WishStatus.SUBMITTED: {WishStatus.PUBLISHED, WishStatus.REJECTED},
        WishStatus.PUBLISHED: {WishStatus.CLAIMED, WishStatus.WITHDRAWN},
        WishStatus.CLAIMED: {WishStatus.PUBLISHED, WishStatus.DELIVERED},
        WishStatus.DELIVERED: {WishStatus.FULFILLED, WishStatus.CLAIMED},  # or: not received
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    story: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[WishCategory] = mapped_column(str_enum(WishCategory))
    #: estimated cost in whole yuan (never a float)
    cost_yuan: Mapped[int]
    #: file name under instance/uploads/wishes/, re-encoded without EXIF; None: no photo
    photo: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[WishStatus] = mapped_column(
        str_enum(WishStatus), default=WishStatus.DRAFT, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when it was last published; "longest waiting" counts from here
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    resident = relationship("Resident", lazy="joined")
    claims: Mapped[list["WishClaim"]] = relationship(back_populates="wish", order_by="WishClaim.id")

    @property
    def current_claim(self) -> "WishClaim | None":
        """The claim holding the wish (held, delivered or confirmed), if any."""
        live = (ClaimStatus.HELD, ClaimStatus.DELIVERED, ClaimStatus.CONFIRMED)
        return next((c for c in reversed(self.claims) if c.status in live), None)


class WishClaim(db.Model):
    """A donor's claim (认领) on a wish, with its deadline, evidence of delivery and thanks."""

    TRANSITIONS: ClassVar = {
        ClaimStatus.HELD: {ClaimStatus.DELIVERED, ClaimStatus.LAPSED, ClaimStatus.RELEASED},
        ClaimStatus.DELIVERED: {ClaimStatus.CONFIRMED, ClaimStatus.HELD},  # or: not received
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("micro_wish.id"))
    donor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[ClaimStatus] = mapped_column(str_enum(ClaimStatus), default=ClaimStatus.HELD)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: a held claim past this lapses and the wish is published again
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: what the donor said about the delivery
    delivery_note: Mapped[str] = mapped_column(Text, default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: the social worker's evidence: a photo file (like MicroWish.photo) and/or a note
    evidence_photo: Mapped[str | None] = mapped_column(String(64))
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    thanks: Mapped[str] = mapped_column(Text, default="")
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    wish: Mapped[MicroWish] = relationship(back_populates="claims")
    donor = relationship("User", foreign_keys=[donor_id])

    __table_args__ = (Index("ix_wish_claim_wish_id_status", "wish_id", "status"),)
