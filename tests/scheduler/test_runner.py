"""Exactly once: the lease admits one firing process; a trigger time runs one JobRun."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from matchmaker.accounts.places import District
from matchmaker.core.types import utcnow
from matchmaker.scheduler.models import JobOutcome, JobRun
from matchmaker.scheduler.runner import (
    last_fire_time,
    release_lease,
    run_job,
    scheduler_running,
    take_lease,
)
from matchmaker.scheduler.schedule import JOBS, SCHEDULE, Job, tick_job


def test_one_process_holds_the_lease_until_it_expires(db):
    now = utcnow()
    ttl = timedelta(seconds=30)
    assert take_lease("a:1", now, ttl)
    assert not take_lease("b:2", now + timedelta(seconds=5), ttl)
    assert take_lease("a:1", now + timedelta(seconds=10), ttl)  # renewed
    assert not take_lease("b:2", now + timedelta(seconds=35), ttl)
    # a stops renewing: b takes over once the lease has expired, and a has lost it
    assert take_lease("b:2", now + timedelta(seconds=41), ttl)
    assert not take_lease("a:1", now + timedelta(seconds=42), ttl)


def test_a_trigger_time_runs_once(db):
    slot = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    first = run_job("star_levels", slot, holder="a:1")
    assert first.outcome is JobOutcome.OK and first.finished_at is not None
    assert run_job("star_levels", slot, holder="b:2") is None
    assert db.session.scalar(select(func.count(JobRun.id))) == 1
    assert run_job("star_levels", slot + timedelta(days=1)).outcome is JobOutcome.OK


def test_a_failing_job_is_recorded_and_its_work_undone(db):
    def broken(now):
        db.session.add(District(name="半途区"))  # something half done…
        db.session.flush()
        raise RuntimeError("disk full")

    run = run_job(Job("broken", "Broken", JOBS["star_levels"].trigger, broken), utcnow())
    assert run.outcome is JobOutcome.FAILED and "disk full" in run.error
    assert run.finished_at is not None
    assert db.session.scalar(select(func.count(District.id))) == 0


def test_every_process_computes_the_same_trigger_time():
    tick = tick_job(2)
    now = datetime(2026, 11, 23, 8, 0, 3, 500000, tzinfo=UTC)
    assert last_fire_time(tick, now) == datetime(2026, 11, 23, 8, 0, 2, tzinfo=UTC)
    hourly = JOBS["lapse_claims"]  # minute 5 of every hour
    late = datetime(2026, 11, 23, 8, 6, 40, tzinfo=UTC)
    assert last_fire_time(hourly, late) == datetime(2026, 11, 23, 8, 5, tzinfo=UTC)
    nightly = JOBS["nightly_matching"]  # 02:00 Beijing time = 18:00 UTC the day before
    assert last_fire_time(nightly, late) == datetime(2026, 11, 22, 18, 0, tzinfo=UTC)


def test_the_schedule_names_each_job_of_the_issue():
    assert {job.name for job in SCHEDULE} == {
        "nightly_matching",
        "lapse_claims",
        "warn_lapsing_claims",
        "supervision_alerts",
        "training_reminders",
        "retrain_model",
        "star_levels",
        "send_email",
    }
    weekly = JOBS["retrain_model"].trigger()
    monday = datetime(2026, 11, 23, tzinfo=UTC)
    first = weekly.get_next_fire_time(None, monday)
    assert weekly.get_next_fire_time(first, first + timedelta(seconds=1)) - first == timedelta(
        days=7
    )


def test_a_scheduler_is_running_while_its_lease_is_held_and_unexpired(db):
    now = utcnow()
    ttl = timedelta(seconds=60)
    assert not scheduler_running(now)  # never started
    # "run now" holds a lease of its own: that is no scheduler
    assert take_lease("web:1", now, ttl, name="by-hand:star_levels")
    assert not scheduler_running(now)
    assert take_lease("host:1", now, ttl)
    assert scheduler_running(now)
    assert scheduler_running(now + timedelta(seconds=59))
    # it died without renewing: stopped once the lease has expired
    assert not scheduler_running(now + timedelta(seconds=61))
    # it stopped cleanly: released at once
    assert take_lease("host:1", now, ttl)
    release_lease("host:1")
    assert not scheduler_running(now)
