"""Users, their roles and login attempts."""

import enum
import hashlib
from datetime import datetime
from typing import ClassVar

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db


class Role(enum.Enum):
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    DONOR = "donor"
    SOCIAL_WORKER = "social_worker"
    ADMIN = "admin"


#: Roles a person may choose when registering; staff roles are granted by an admin.
SELF_SERVICE_ROLES = (Role.VOLUNTEER, Role.DONOR, Role.RESIDENT)


class UserStatus(enum.Enum):
    ACTIVE = "active"
    DISABLED = "disabled"


class UserRole(db.Model):
    """One role held by one user; a user may hold several (e.g. a volunteer who donates)."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(UserMixin, db.Model):
    """Anyone who logs in. Logs in with an e-mail address or a mainland mobile number."""

    TRANSITIONS: ClassVar = {
        UserStatus.ACTIVE: {UserStatus.DISABLED},
        UserStatus.DISABLED: {UserStatus.ACTIVE},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    #: stored lower-cased; unique when present
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    #: 11 digits, no country code; unique when present
    phone: Mapped[str | None] = mapped_column(String(11), unique=True)
    #: None for accounts created by an import, until activated with a one-time code (§12)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[UserStatus] = mapped_column(str_enum(UserStatus), default=UserStatus.ACTIVE)
    #: "zh_CN" or "en"; None follows the site default
    locale: Mapped[str | None] = mapped_column(String(10))
    large_text: Mapped[bool] = mapped_column(Boolean, default=False)
    high_contrast: Mapped[bool] = mapped_column(Boolean, default=False)
    #: False: notifications stay in the in-app inbox only, never e-mailed (issue 8)
    email_notifications: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: where a self-registered resident says they live, so the social workers of that
    #: community link the account; None for other roles and for accounts from before it
    home_community_id: Mapped[int | None] = mapped_column(
        ForeignKey("community.id", ondelete="SET NULL"), index=True
    )

    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    communities: Mapped[list["Community"]] = relationship(  # noqa: F821
        secondary="social_worker_community", lazy="selectin", order_by="Community.id"
    )
    home_community: Mapped["Community | None"] = relationship(  # noqa: F821
        foreign_keys=[home_community_id]
    )

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def grant(self, role: Role) -> None:
        if role not in self.roles:
            self.role_rows.append(UserRole(role=role))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.status is UserStatus.ACTIVE

    def get_id(self) -> str:
        """What the session holds: the id and a fingerprint of the password hash, so that a
        new password (changed, reset, or set with a code) ends the account's other sessions."""
        return f"{self.id}.{self.session_fingerprint}"

    @property
    def session_fingerprint(self) -> str:
        return hashlib.sha256((self.password_hash or "").encode()).hexdigest()[:16]

    @property
    def login(self) -> str:
        return self.email or self.phone or ""


class LoginAttempt(db.Model):
    """A failed login, counted per account and per address to throttle guessing (§12).

    Kept in the database, not in process memory, so the limit holds across workers.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the normalised login that was tried (whether or not such an account exists)
    login: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_login_attempt_login_at", "login", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )


class ActivationCode(db.Model):
    """A one-time code staff give to someone whose account was imported without a password.

    Only a hash is kept; the code is shown once, to the staff member who issued it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
