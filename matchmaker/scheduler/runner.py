"""Firing a job exactly once: the lease says which process fires, the JobRun row claims the slot.

See docs/adr/0008-scheduler.md.
"""

import os
import socket
import traceback
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..core.types import utcnow
from ..extensions import db
from .jobs import Skipped
from .models import JobOutcome, JobRun, SchedulerLease
from .schedule import EPOCH, JOBS, Job

LEASE = "scheduler"
#: A run older than this that never finished died with its process: it no longer holds
#: "run now" back.
LONGEST_RUN = timedelta(hours=1)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def take_lease(holder: str, now: datetime, ttl: timedelta, name: str = LEASE) -> bool:
    """Take or renew the lease for ``ttl``; True if ``holder`` holds it now.

    A conditional UPDATE (held by us, or expired) or the first INSERT: of several
    processes asking at once, exactly one gets it.
    """
    renewed = db.session.execute(
        update(SchedulerLease)
        .where(
            SchedulerLease.name == name,
            or_(SchedulerLease.holder == holder, SchedulerLease.expires_at < now),
        )
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    ).rowcount
    if renewed:
        db.session.commit()
        return True
    db.session.rollback()
    if db.session.get(SchedulerLease, name) is not None:
        db.session.rollback()
        return False
    db.session.add(SchedulerLease(name=name, holder=holder, expires_at=now + ttl))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def release_lease(holder: str, name: str = LEASE) -> None:
    db.session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name, SchedulerLease.holder == holder)
        .values(expires_at=EPOCH)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def scheduler_running(now: datetime | None = None) -> bool:
    """Whether a scheduler process is running: one holds the lease and has not let it lapse.

    A running scheduler renews the lease every third of its time to live and releases it
    when it stops, so an unexpired lease means one is alive (a process that died is seen
    as stopped once its lease expires, within a minute by default). "Run now" takes
    leases of its own (``by-hand:<job>``); they say nothing about the scheduler.
    """
    now = now or utcnow()
    expires_at = db.session.scalar(
        select(SchedulerLease.expires_at).where(SchedulerLease.name == LEASE)
    )
    return expires_at is not None and expires_at > now


def run_job(
    job: Job | str,
    scheduled_for: datetime,
    *,
    now: datetime | None = None,
    holder: str = "",
    by=None,
) -> JobRun | None:
    """Run ``job`` for the trigger time ``scheduled_for``, once: record a JobRun.

    The JobRun row is committed first; if another process already claimed this
    (job, scheduled_for), nothing runs and None is returned. A job's exception rolls its
    work back and is recorded as a failed run; it never escapes.
    """
    job = JOBS[job] if isinstance(job, str) else job
    run = JobRun(
        job=job.name,
        scheduled_for=scheduled_for,
        started_at=utcnow(),
        holder=holder,
        started_by_id=getattr(by, "id", None),
        counts={},
    )
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    run_id = run.id
    try:
        counts, outcome, error = job.run(now or scheduled_for), JobOutcome.OK, ""
    except Skipped as reason:
        db.session.rollback()
        counts, outcome, error = {}, JobOutcome.SKIPPED, str(reason)
    except Exception:  # noqa: BLE001 - a job's failure is recorded, never raised
        db.session.rollback()
        counts, outcome, error = {}, JobOutcome.FAILED, traceback.format_exc(limit=6)[-4000:]
    run = db.session.get(JobRun, run_id)
    run.counts, run.outcome, run.error, run.finished_at = counts, outcome, error, utcnow()
    db.session.commit()
    return run


class AlreadyRunning(Exception):
    """A run of this job has started and not finished: pressing "run now" again waits."""

    def __init__(self, run: JobRun | None):
        super().__init__(run)
        self.run = run


def run_by_hand(job: Job, by, now: datetime | None = None) -> JobRun:
    """Run ``job`` now for an administrator, unless a run of it is under way.

    A second press while the first still runs (a double click, a second administrator)
    raises AlreadyRunning instead of running the job twice: a short lease per job lets
    exactly one of two presses at the same moment through.
    """
    now = now or utcnow()
    running = db.session.scalar(
        select(JobRun)
        .where(
            JobRun.job == job.name,
            JobRun.outcome == JobOutcome.RUNNING,
            JobRun.started_at > now - LONGEST_RUN,
        )
        .order_by(JobRun.started_at.desc())
        .limit(1)
    )
    if running is not None:
        raise AlreadyRunning(running)
    holder, lease = f"web:{process_name()}:{uuid.uuid4().hex}", f"by-hand:{job.name}"
    if not take_lease(holder, now, LONGEST_RUN, name=lease):
        raise AlreadyRunning(None)
    try:
        run = run_job(job, now, holder="web", by=by)
    finally:
        release_lease(holder, name=lease)
    if run is None:  # the schedule claimed this very microsecond
        raise AlreadyRunning(None)
    return run


def last_fire_time(job: Job, now: datetime) -> datetime | None:
    """The latest time at or before ``now`` when ``job``'s trigger fires: the slot a firing
    stands for, the same in every process (so two processes claim the same row)."""
    trigger = job.trigger()
    interval = getattr(trigger, "interval", None)
    if interval is not None:
        return EPOCH + ((now - EPOCH) // interval) * interval
    moment = trigger.get_next_fire_time(None, now - timedelta(days=8))
    last = None
    while moment is not None and moment <= now:
        last = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return last


def recent_runs(name: str, limit: int = 5) -> list[JobRun]:
    """The job's latest runs, newest first, with who started each by hand."""
    return list(
        db.session.scalars(
            select(JobRun)
            .where(JobRun.job == name)
            .options(selectinload(JobRun.started_by))
            .order_by(JobRun.started_at.desc())
            .limit(limit)
        )
    )
