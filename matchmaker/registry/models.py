"""Residents (服务对象) and their needs."""

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Boolean, Column, Float, ForeignKey, String, Text
from sqlalchemy import Table as _Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import Gender, UTCDateTime, str_enum, utcnow
from ..extensions import db
from ..recruit.catalogue import Language, Skill


class DisabilityCategory(enum.Enum):
    VISUAL = "visual"  # 视力
    HEARING = "hearing"  # 听力
    SPEECH = "speech"  # 言语
    PHYSICAL = "physical"  # 肢体
    INTELLECTUAL = "intellectual"  # 智力
    PSYCHOSOCIAL = "psychosocial"  # 精神
    MULTIPLE = "multiple"  # 多重


class ResidentStatus(enum.Enum):
    ACTIVE = "active"
    INACTIVE = "inactive"


resident_language = _Table(
    "resident_language",
    db.metadata,
    Column("resident_id", ForeignKey("resident.id", ondelete="CASCADE"), primary_key=True),
    Column("language_id", ForeignKey("language.id"), primary_key=True),
)


def mask_name(name: str | None) -> str:
    """王** — a resident's name as public pages and exports may show it."""
    return (name[:1] + "**") if name else "**"


class Resident(db.Model):
    """A disabled resident. Sensitive: see DESIGN §8 and matchmaker.registry.privacy."""

    TRANSITIONS: ClassVar = {
        ResidentStatus.ACTIVE: {ResidentStatus.INACTIVE},
        ResidentStatus.INACTIVE: {ResidentStatus.ACTIVE},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender, 10))
    birth_year: Mapped[int | None]
    #: 18-character resident ID; stored whole, only ever shown masked
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    disability_category: Mapped[DisabilityCategory] = mapped_column(str_enum(DisabilityCategory))
    #: 1–4 (一级 is the most severe)
    disability_grade: Mapped[int]
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    guardian_name: Mapped[str] = mapped_column(String(50), default="")
    guardian_phone: Mapped[str] = mapped_column(String(20), default="")
    #: how consent to keeping these data was given, and when
    consent_note: Mapped[str] = mapped_column(String(200), default="")
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the resident's own account, once a social worker links it (DESIGN §12)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)
    status: Mapped[ResidentStatus] = mapped_column(
        str_enum(ResidentStatus), default=ResidentStatus.ACTIVE
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community = relationship("Community", lazy="joined")
    user = relationship("User")
    languages: Mapped[list[Language]] = relationship(
        secondary=resident_language, lazy="selectin", order_by=Language.position
    )
    needs: Mapped[list["Need"]] = relationship(back_populates="resident", order_by="Need.id")

    @property
    def masked_name(self) -> str:
        """王** — the only form of the name public pages may show."""
        return mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        """3307**********1234 — the only form of the ID any page shows."""
        number = self.id_number or ""
        if len(number) < 8:
            return "*" * len(number)
        return number[:4] + "*" * (len(number) - 8) + number[-4:]

    @property
    def location(self) -> tuple[float, float]:
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        return self.community.lat, self.community.lon


class ServiceType(enum.Enum):
    ESCORT = "escort"  # 陪同出行
    HOME_VISIT = "home_visit"  # 居家探访陪伴
    REHABILITATION = "rehabilitation"  # 康复训练协助
    TUTORING = "tutoring"  # 课业辅导
    COUNSELLING = "counselling"  # 心理疏导
    ERRANDS = "errands"  # 代购代办
    DIGITAL_SKILLS = "digital_skills"  # 手机电脑教学
    LEGAL = "legal"  # 法律咨询
    REPAIRS = "repairs"  # 家电维修
    HAIRCUT = "haircut"  # 理发
    RECREATION = "recreation"  # 文体活动
    OTHER = "other"


class Urgency(enum.Enum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class NeedStatus(enum.Enum):
    DRAFT = "draft"
    #: entered by the resident; waits for a social worker's review
    SUBMITTED = "submitted"
    OPEN = "open"
    MATCHED = "matched"
    CLOSED = "closed"


need_skill = _Table(
    "need_skill",
    db.metadata,
    Column("need_id", ForeignKey("need.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skill.id"), primary_key=True, index=True),
)


class Need(db.Model):
    """What a resident needs help with; matched one-to-one with a volunteer."""

    TRANSITIONS: ClassVar = {
        NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CLOSED},
        NeedStatus.SUBMITTED: {NeedStatus.OPEN, NeedStatus.CLOSED},
        NeedStatus.OPEN: {NeedStatus.MATCHED, NeedStatus.CLOSED},
        NeedStatus.MATCHED: {NeedStatus.OPEN, NeedStatus.CLOSED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), index=True)
    service_type: Mapped[ServiceType] = mapped_column(str_enum(ServiceType))
    #: 21-slot bit mask of when help is wanted, see matchmaker.core.availability
    availability: Mapped[int] = mapped_column(default=0)
    urgency: Mapped[Urgency] = mapped_column(str_enum(Urgency), default=Urgency.NORMAL)
    #: help is given in the resident's home: needs a volunteer with a passed background check
    home_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    #: None: either gender
    gender_preference: Mapped[Gender | None] = mapped_column(str_enum(Gender, 10))
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[NeedStatus] = mapped_column(
        str_enum(NeedStatus), default=NeedStatus.DRAFT, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when it was last opened; waiting time counts from here
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    resident: Mapped[Resident] = relationship(back_populates="needs", lazy="joined")
    skills: Mapped[list[Skill]] = relationship(
        secondary=need_skill, lazy="selectin", order_by=Skill.position
    )
