"""Service logs: the rules a visit must meet, logging it, verification and ratings. Changing
a log once logged (corrections and change requests) is log_changes."""

from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..core.events import record_change, record_creation, transition
from ..core.i18n import local_zone
from ..extensions import db
from ..match.models import Pairing
from ..notify.services import notify
from ..recruit.locks import hold_volunteer
from .late_logs import ActiveDays, loggable_days
from .models import Activity, LogStatus, ServiceLog
from .pairings import local_date, lock_pairing

#: The longest visit one log may hold.
MAX_MINUTES = 12 * 60


class LogRefused(Exception):
    """A log breaks a rule; ``field`` names the form field the message belongs to."""

    def __init__(self, field: str | None, message):
        self.field, self.message = field, message
        super().__init__(str(message))


@dataclass(frozen=True)
class LogValues:
    service_date: date
    start_time: time
    end_time: time
    activity: Activity
    activity_detail: str = ""
    notes: str = ""

    @property
    def minutes(self) -> int:
        start = self.start_time.hour * 60 + self.start_time.minute
        return self.end_time.hour * 60 + self.end_time.minute - start

    def to_json(self) -> dict:
        data = asdict(self)
        data["service_date"] = self.service_date.isoformat()
        data["start_time"] = self.start_time.strftime("%H:%M")
        data["end_time"] = self.end_time.strftime("%H:%M")
        data["activity"] = self.activity.value
        return data

    @classmethod
    def from_json(cls, data: dict) -> "LogValues":
        return cls(
            service_date=date.fromisoformat(data["service_date"]),
            start_time=time.fromisoformat(data["start_time"]),
            end_time=time.fromisoformat(data["end_time"]),
            activity=Activity(data["activity"]),
            activity_detail=data.get("activity_detail", ""),
            notes=data.get("notes", ""),
        )

    @classmethod
    def of(cls, log: ServiceLog) -> "LogValues":
        return cls(
            log.service_date,
            log.start_time,
            log.end_time,
            log.activity,
            log.activity_detail,
            log.notes,
        )


def check_values(
    values: LogValues, *, volunteer_id: int, now: datetime, exclude_id: int | None = None
) -> None:
    """The rules of time: not in the future, end after start, at most 12 hours, no overlap.

    :raises LogRefused: naming the field at fault.
    """
    today = local_date(now)
    if values.service_date > today:
        raise LogRefused("service_date", _l("The visit date cannot be in the future."))
    if values.end_time == time(0) and values.start_time != time(0):
        # 22:00–00:00 ended at midnight: the day's last minute is as near as a log can say
        raise LogRefused(
            "end_time",
            _l(
                "The end time must be after the start time. A visit that ends at midnight is "
                "logged as %(start)s–23:59.",
                start=values.start_time.strftime("%H:%M"),
            ),
        )
    if values.end_time < values.start_time and values.minutes + 24 * 60 <= MAX_MINUTES:
        # 23:00–00:30 ran past midnight (11:00–10:00 is a slip): say how to log it
        raise LogRefused(
            "end_time",
            _l(
                "The end time must be after the start time. A visit that runs past midnight is "
                "logged as two visits, one for each day: %(start)s–23:59 on this date, and "
                "00:00–%(end)s on the next.",
                start=values.start_time.strftime("%H:%M"),
                end=values.end_time.strftime("%H:%M"),
            ),
        )
    if values.end_time <= values.start_time:
        raise LogRefused("end_time", _l("The end time must be after the start time."))
    if values.minutes > MAX_MINUTES:
        raise LogRefused("end_time", _l("One visit can last at most 12 hours."))
    local_now = now.astimezone(local_zone())
    if values.service_date == today and values.end_time > local_now.time():
        raise LogRefused("end_time", _l("The end time cannot be later than now."))
    clash = db.session.scalar(
        select(ServiceLog).where(
            ServiceLog.volunteer_id == volunteer_id,
            ServiceLog.service_date == values.service_date,
            ServiceLog.status != LogStatus.REJECTED,
            ServiceLog.start_time < values.end_time,
            ServiceLog.end_time > values.start_time,
            ServiceLog.id != (exclude_id or 0),
        )
    )
    if clash is not None:
        raise LogRefused(
            "start_time",
            _l(
                "This time overlaps another visit you logged on the same day (%(start)s–%(end)s).",
                start=clash.start_time.strftime("%H:%M"),
                end=clash.end_time.strftime("%H:%M"),
            ),
        )


def check_open(pairing: Pairing, now: datetime) -> ActiveDays:
    """The pairing's active days, if its volunteer can log a visit of them now.

    :raises LogRefused: (on no field) while it waits for training, if it never was active, or
        once LATE_LOG_DAYS have passed since it stopped being active.
    """
    days = loggable_days(pairing)
    if days is None:
        raise LogRefused(None, _l("Visits can only be logged while the pairing is active."))
    if not days.open_on(local_date(now)):
        raise LogRefused(
            None,
            _l(
                "Visits of this pairing could be logged until %(day)s; that time has passed.",
                day=days.until,
            ),
        )
    return days


def check_days(days: ActiveDays | None, values: LogValues) -> None:
    """A visit is of a day the pairing was active: since it began, up to when it stopped."""
    if days is None:
        return
    if values.service_date < days.first:
        raise LogRefused(
            "service_date",
            _l(
                "The pairing became active on %(day)s; log only visits since then.",
                day=days.first,
            ),
        )
    if days.last and values.service_date > days.last:
        raise LogRefused(
            "service_date",
            _l(
                "The pairing was active until %(day)s; log only visits up to that day.",
                day=days.last,
            ),
        )


def create_log(pairing: Pairing, values: LogValues, *, by: User, now: datetime) -> ServiceLog:
    """Log a visit of a pairing (state submitted, waiting for verification): while it is
    active, or a visit made before it stopped, within LATE_LOG_DAYS after (late_logs).

    :raises LogRefused: if the pairing takes no log now or a rule of time is broken.
    """
    # Before the overlap check: a visit sent twice at once (a double click) is logged once,
    # the second request finding the first's log.
    lock_for_overlap_check(pairing)
    check_days(check_open(pairing, now), values)
    check_values(values, volunteer_id=pairing.volunteer_id, now=now)
    log = ServiceLog(
        pairing_id=pairing.id,
        volunteer_id=pairing.volunteer_id,
        minutes=values.minutes,
        created_at=now,
        **asdict(values),
    )
    record_creation(log, by=by, why="logged")
    return log


def lock_for_overlap_check(pairing: Pairing) -> None:
    """The pairing, then its volunteer (the order ending a pairing takes them in): the overlap
    check reads all the volunteer's visits, so two visits sent at once, on one pairing or on
    two, queue and the second sees the first."""
    lock_pairing(pairing)
    hold_volunteer(pairing.volunteer_id)


def verify_log(log: ServiceLog, *, by: User, now: datetime) -> None:
    """Verify a submitted log: its time now counts.

    :raises StaleTransition: if another social worker decided it first.
    """
    transition(log, LogStatus.VERIFIED, by=by, why="verified")
    log.verified_at, log.verified_by_id, log.status_reason = now, by.id, ""
    db.session.flush()
    notify(
        log.volunteer.user,
        "log_verified",
        link=f"/supervise/pairings/{log.pairing_id}",
        date=str(log.service_date),
        minutes=log.minutes,
    )
    refresh_hours(log, now)


def reject_log(log: ServiceLog, *, by: User, reason: str) -> None:
    """Reject a submitted log with a reason the volunteer sees (they may correct it)."""
    transition(log, LogStatus.REJECTED, by=by, why=reason)
    log.status_reason = reason
    db.session.flush()
    notify(
        log.volunteer.user,
        "log_rejected",
        link=f"/supervise/pairings/{log.pairing_id}",
        date=str(log.service_date),
        reason=reason,
    )


def rate_log(log: ServiceLog, rating: int, *, by: User, now: datetime) -> None:
    """The resident's (or the social worker's, for them) rating of a visit, 1–5."""
    if not 1 <= rating <= 5:
        raise ValueError("rating must be 1 to 5")
    log.rating, log.rated_by_id, log.rated_at = rating, by.id, now
    record_change(log, by=by, why=f"rated {rating}")


def refresh_hours(log: ServiceLog, now: datetime) -> None:
    """Recount the log's volunteer's verified time and level, now that the log counts."""
    from ..reward.services import refresh_profile

    refresh_profile(log.volunteer_id, now=now)
