"""Changing a logged visit: corrected directly while not yet verified (a rejected log goes
back for verification), and once verified only by a change request a social worker approves
or refuses. The rules each new value must meet are those of logs."""

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import update

from ..accounts.models import User
from ..core.events import StaleTransition, record_change, transition
from ..extensions import db
from .late_logs import active_days
from .logs import (
    LogValues,
    check_days,
    check_open,
    check_values,
    lock_for_overlap_check,
    refresh_hours,
)
from .models import LogStatus, ServiceLog


class LogLocked(Exception):
    """A verified log cannot be edited directly: a social worker must approve a change."""


def update_log(log: ServiceLog, values: LogValues, *, by: User, now: datetime) -> bool:
    """Correct a log not yet verified; a rejected log goes back for verification, even
    unchanged (its volunteer may hold it was right). False if nothing changed and nothing
    was recorded.

    :raises LogLocked: if the log is verified (a change needs a social worker's approval).
    :raises LogRefused: if the new values break a rule.
    :raises StaleTransition: if it was verified or rejected meanwhile.
    """
    if log.status not in (LogStatus.SUBMITTED, LogStatus.REJECTED):
        raise LogLocked(log.id)
    if log.status is LogStatus.SUBMITTED and values == LogValues.of(log):
        return False
    lock_for_overlap_check(log.pairing)  # as create_log
    if log.status is LogStatus.REJECTED:  # sent again, as a new log would be
        check_days(check_open(log.pairing, now), values)
    else:
        check_days(active_days(log.pairing), values)
    check_values(values, volunteer_id=log.volunteer_id, now=now, exclude_id=log.id)
    seen = log.status
    _apply(log, values, seen)
    if seen is LogStatus.REJECTED:
        transition(log, LogStatus.SUBMITTED, by=by, why="corrected and sent again")
    else:
        record_change(log, by=by, why="corrected before verification")
    return True


def _apply(log: ServiceLog, values: LogValues, seen: LogStatus) -> None:
    """Write new values only if the log is still in the state seen (else StaleTransition)."""
    result = db.session.execute(
        update(ServiceLog)
        .where(ServiceLog.id == log.id, ServiceLog.status == seen)
        .values(minutes=values.minutes, **asdict(values))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleTransition(log, seen)
    db.session.refresh(log)


def request_change(log: ServiceLog, values: LogValues, *, by: User, now: datetime) -> bool:
    """Propose a change to a verified log; it keeps its values until a social worker approves.
    False if the values are the log's own: no change waits for anyone.

    :raises LogRefused: if the proposed values break a rule.
    :raises InvalidTransition: if a change is already waiting.
    """
    if values == LogValues.of(log):
        return False
    check_days(active_days(log.pairing), values)
    check_values(values, volunteer_id=log.volunteer_id, now=now, exclude_id=log.id)
    transition(log, LogStatus.CHANGE_REQUESTED, by=by, why="change requested")
    log.proposed = values.to_json()
    db.session.flush()
    return True


def approve_change(log: ServiceLog, *, by: User, now: datetime) -> None:
    """Apply the proposed values (an event records old and new)."""
    new = LogValues.from_json(log.proposed or {})
    old = LogValues.of(log)
    check_values(new, volunteer_id=log.volunteer_id, now=now, exclude_id=log.id)
    transition(
        log, LogStatus.VERIFIED, by=by, why=f"change approved: {_brief(old)} → {_brief(new)}"
    )
    for key, value in asdict(new).items():
        setattr(log, key, value)
    log.minutes, log.proposed = new.minutes, None
    log.verified_at, log.verified_by_id = now, by.id
    db.session.flush()
    refresh_hours(log, now)


def refuse_change(log: ServiceLog, *, by: User, reason: str) -> None:
    """Drop the proposed values; the verified log stays as it was."""
    transition(log, LogStatus.VERIFIED, by=by, why=f"change refused: {reason}")
    log.proposed, log.status_reason = None, reason
    db.session.flush()


def _brief(values: LogValues) -> str:
    return (
        f"{values.service_date} {values.start_time:%H:%M}-{values.end_time:%H:%M} "
        f"{values.activity.value}"
    )
