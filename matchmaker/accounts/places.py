"""Places: district (区) → street (街道) → community (社区), and who looks after which."""

from sqlalchemy import Column, Float, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class District(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)

    streets: Mapped[list["Street"]] = relationship(back_populates="district", order_by="Street.id")


class Street(db.Model):
    """A 街道 (sub-district); the finest area public pages may show (DESIGN §5, §8)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    #: where donors hand over what they give, with opening hours: the street's service centre
    #: (never a resident's home; a donor is told no place finer than the street), "" until
    #: entered; shown to a donor holding a claim on a wish of this street
    handover_place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: the service centre's phone, for arranging a handover
    handover_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")

    __table_args__ = (UniqueConstraint("district_id", "name", name="uq_street_district_name"),)

    district: Mapped[District] = relationship(back_populates="streets")
    communities: Mapped[list["Community"]] = relationship(
        back_populates="street", order_by="Community.id"
    )


class Community(db.Model):
    """A 社区; distances are measured between community centres (DESIGN §12)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("street.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    #: centre point, WGS-84 degrees
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)

    street: Mapped[Street] = relationship(back_populates="communities", lazy="joined")

    __table_args__ = (UniqueConstraint("street_id", "name", name="uq_community_street_name"),)

    @property
    def full_name(self) -> str:
        return f"{self.street.district.name}{self.street.name}{self.name}"


#: Which communities a social worker looks after; their staff views are scoped to these.
social_worker_community = Table(
    "social_worker_community",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("community_id", ForeignKey("community.id", ondelete="CASCADE"), primary_key=True),
)
