"""Verified hours, star levels, the honour roll and certificates."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from ..accounts.models import User
from ..core.events import record_creation, transition
from ..core.inserts import insert_once
from ..extensions import db
from ..recruit.models import Volunteer
from ..supervise.models import COUNTED, ServiceLog
from ..supervise.pairings import local_date
from .models import Certificate, CertificateStatus, RewardProfile

#: Unambiguous letters and digits for certificate codes (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class NoHours(Exception):
    """No verified time falls in the period asked for."""


def thresholds() -> list[float]:
    """Hours needed for 一星 … 五星, from ``STAR_THRESHOLDS`` ("100,300,600,1000,1500")."""
    value = current_app.config["STAR_THRESHOLDS"]
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    return sorted(float(part) for part in value)


def star_level(minutes: int, limits: list[float]) -> int:
    """How many thresholds ``minutes`` of verified time has reached (99.9 h → 0, 100 h → 1)."""
    return sum(1 for hours in limits if minutes >= round(hours * 60))


@dataclass(frozen=True)
class Progress:
    level: int
    hours: float
    #: hours of the next level, None at the top
    next_hours: float | None

    @property
    def to_go(self) -> float:
        return max(0.0, (self.next_hours or 0) - self.hours)


def progress(minutes: int) -> Progress:
    limits = thresholds()
    level = star_level(minutes, limits)
    return Progress(level, minutes / 60, limits[level] if level < len(limits) else None)


def verified_minutes(volunteer_id: int, start: date | None = None, end: date | None = None) -> int:
    statement = select(func.coalesce(func.sum(ServiceLog.minutes), 0)).where(
        ServiceLog.volunteer_id == volunteer_id, ServiceLog.status.in_(COUNTED)
    )
    if start is not None:
        statement = statement.where(ServiceLog.service_date >= start)
    if end is not None:
        statement = statement.where(ServiceLog.service_date <= end)
    return int(db.session.scalar(statement))


def profile_of(volunteer_id: int) -> RewardProfile:
    """The volunteer's profile, made on first need: once, if two requests need it at once
    (two logs verified together, or /reward/me opened in two tabs)."""
    profile = db.session.get(RewardProfile, volunteer_id)
    if profile is None:
        insert_once(
            RewardProfile,
            ("volunteer_id",),
            volunteer_id=volunteer_id,
            verified_minutes=0,
            star_level=0,
        )
        profile = db.session.get(RewardProfile, volunteer_id)
    return profile


def refresh_profile(volunteer_id: int, *, now: datetime) -> RewardProfile:
    """Recount a volunteer's verified time and level from their logs.

    The profile's row is locked before the count: of two of their logs verified at once, the
    second recounts once the first has committed, so it counts both (each counting only its
    own would leave the cached total short).
    """
    profile = profile_of(volunteer_id)
    db.session.refresh(profile, with_for_update=True)
    profile.verified_minutes = verified_minutes(volunteer_id)
    profile.star_level = star_level(profile.verified_minutes, thresholds())
    profile.recomputed_at = now
    db.session.flush()
    return profile


def recompute_star_levels(now: datetime) -> int:
    """Recount every volunteer with verified time (the nightly job; idempotent).

    :returns: how many volunteers' level changed.
    """
    ids = set(db.session.scalars(select(ServiceLog.volunteer_id).distinct()))
    ids |= set(db.session.scalars(select(RewardProfile.volunteer_id)))
    changed = 0
    for volunteer_id in sorted(ids):
        before = db.session.get(RewardProfile, volunteer_id)
        old = before.star_level if before else 0
        changed += refresh_profile(volunteer_id, now=now).star_level != old
    return changed


def hours_by_month(volunteer_id: int) -> list[tuple[str, int]]:
    """("2026-10", minutes) of verified time per month, oldest first."""
    rows = db.session.execute(
        select(ServiceLog.service_date, ServiceLog.minutes).where(
            ServiceLog.volunteer_id == volunteer_id, ServiceLog.status.in_(COUNTED)
        )
    )
    months: dict[str, int] = {}
    for day, minutes in rows:
        key = f"{day.year:04d}-{day.month:02d}"
        months[key] = months.get(key, 0) + minutes
    return sorted(months.items())


def set_honour_roll(volunteer: Volunteer, *, opt_in: bool, display_name: str, by: User) -> None:
    profile = profile_of(volunteer.id)
    profile.honour_opt_in, profile.display_name = opt_in, display_name.strip()
    db.session.flush()


def honour_roll(limit: int = 100) -> list[RewardProfile]:
    """Volunteers who chose to be listed, most verified time first."""
    return list(
        db.session.scalars(
            select(RewardProfile)
            .where(
                RewardProfile.honour_opt_in.is_(True),
                RewardProfile.verified_minutes > 0,
                RewardProfile.display_name != "",
            )
            .order_by(RewardProfile.verified_minutes.desc(), RewardProfile.volunteer_id)
            .limit(limit)
        )
    )


def new_code() -> str:
    """12 random characters in groups of four: about 59 bits, not guessable."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def normalise_code(code: str) -> str:
    return code.strip().upper()


def issue_certificate(
    volunteer: Volunteer, *, start: date, end: date, by: User, now: datetime
) -> Certificate:
    """A certificate of the verified time served between ``start`` and ``end`` (inclusive);
    the one already issued, if a valid certificate says just the same (period, time, level
    and name), so that a request sent twice — a double click — gives one certificate.

    :raises ValueError: if the period is backwards or ends in the future.
    :raises NoHours: if no verified time falls in it.
    """
    from ..recruit.locks import hold_volunteer

    if start > end or end > local_date(now):
        raise ValueError("bad period")
    # Of two requests at once, the second waits here, then finds the first's certificate.
    hold_volunteer(volunteer.id)
    minutes = verified_minutes(volunteer.id, start, end)
    if minutes <= 0:
        raise NoHours()
    says = {
        "volunteer_id": volunteer.id,
        "holder_name": volunteer.user.name,
        "minutes": minutes,
        "star_level": star_level(verified_minutes(volunteer.id), thresholds()),
        "period_start": start,
        "period_end": end,
    }
    same = db.session.scalar(
        select(Certificate)
        .filter_by(status=CertificateStatus.VALID, **says)
        .order_by(Certificate.id)
        .limit(1)
    )
    if same is not None:
        return same
    certificate = Certificate(code=new_code(), issued_at=now, **says)
    record_creation(certificate, by=by, why="issued")
    return certificate


def revoke_certificate(certificate: Certificate, *, by: User, reason: str, now: datetime) -> None:
    """:raises StaleTransition: if it was revoked meanwhile."""
    transition(certificate, CertificateStatus.REVOKED, by=by, why=reason)
    certificate.revoke_reason, certificate.revoked_at = reason, now
    db.session.flush()


def certificate_by_code(code: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.code == normalise_code(code)))


def certificates_of(volunteer_id: int) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.volunteer_id == volunteer_id)
            .order_by(Certificate.issued_at.desc())
        )
    )
