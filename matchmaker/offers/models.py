"""A donor's offer (爱心供给) and the wishes or needs it has been linked to."""

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class OfferKind(enum.Enum):
    GOODS = "goods"  # 物资
    SERVICE = "service"  # 服务
    FUNDS = "funds"  # 资金
    JOB = "job"  # 就业岗位


class GoodsCondition(enum.Enum):
    NEW = "new"
    GOOD = "good"
    USED = "used"


class OfferStatus(enum.Enum):
    #: registered by the donor; waits for a social worker's review
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    #: used up (remaining reached 0)
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


#: Amount bands a funds offer may name, in whole yuan (key → (lowest, highest or None)).
AMOUNT_BANDS = {
    "under500": (1, 499),
    "500to2000": (500, 2000),
    "2000to10000": (2001, 10000),
    "over10000": (10001, None),
}


class Offer(db.Model):
    """What a donor or organisation offers; public once a social worker approves it."""

    TRANSITIONS: ClassVar = {
        OfferStatus.SUBMITTED: {OfferStatus.APPROVED, OfferStatus.REJECTED, OfferStatus.WITHDRAWN},
        OfferStatus.APPROVED: {OfferStatus.CLOSED, OfferStatus.WITHDRAWN},
        #: units back from a claim that lapsed or was given back before delivery
        OfferStatus.CLOSED: {OfferStatus.APPROVED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    donor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[OfferKind] = mapped_column(str_enum(OfferKind))
    title: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    #: goods and funds: a WishCategory value; service: a ServiceType value; job: None
    category: Mapped[str | None] = mapped_column(String(20))
    #: units of goods, sessions of a service, wishes funds can cover, or job openings
    quantity: Mapped[int]
    #: what is left to link; the offer closes at 0
    remaining: Mapped[int]
    condition: Mapped[GoodsCondition | None] = mapped_column(str_enum(GoodsCondition, 10))
    #: funds: a key of AMOUNT_BANDS
    amount_band: Mapped[str | None] = mapped_column(String(20))
    #: service: 21-slot availability mask (see matchmaker.core.availability)
    availability: Mapped[int] = mapped_column(default=0)
    #: where the goods are delivered or the service/job is given; None: anywhere
    street_id: Mapped[int | None] = mapped_column(ForeignKey("street.id"), index=True)
    employer: Mapped[str] = mapped_column(String(80), default="")
    job_role: Mapped[str] = mapped_column(String(80), default="")
    hours_per_week: Mapped[int | None]
    place: Mapped[str] = mapped_column(String(120), default="")
    accommodations: Mapped[str] = mapped_column(Text, default="")
    #: show "an anonymous donor" instead of the donor's name
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[OfferStatus] = mapped_column(
        str_enum(OfferStatus), default=OfferStatus.SUBMITTED, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    donor = relationship("User", lazy="joined")
    street = relationship("Street", lazy="joined")
    links: Mapped[list["OfferLink"]] = relationship(back_populates="offer", order_by="OfferLink.id")

    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("remaining >= 0 AND remaining <= quantity", name="remaining_in_range"),
    )


class OfferLink(db.Model):
    """Units of an offer put towards one micro-wish or one need, by a social worker."""

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"), index=True)
    wish_id: Mapped[int | None] = mapped_column(ForeignKey("micro_wish.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id"), index=True)
    units: Mapped[int] = mapped_column(default=1)
    linked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    offer: Mapped[Offer] = relationship(back_populates="links")
    wish = relationship("MicroWish")
    need = relationship("Need")

    __table_args__ = (
        CheckConstraint("units >= 1", name="units_positive"),
        CheckConstraint("(wish_id IS NULL) <> (need_id IS NULL)", name="links_one_wish_or_need"),
    )
