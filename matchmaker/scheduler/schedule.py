"""The schedule, as data (DESIGN §6): each job's name, label, trigger and function.

Times are the federation's (Asia/Shanghai). Change the schedule here and nowhere else.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask_babel import lazy_gettext as _l

from . import jobs

TIMEZONE = "Asia/Shanghai"
#: Interval triggers count from here, so every process computes the same firing times.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    name: str
    label: object  # a lazy string
    trigger: Callable[[], object]  # builds a fresh APScheduler trigger
    run: Callable[[datetime], dict]


def cron(**fields) -> Callable[[], CronTrigger]:
    return lambda: CronTrigger(timezone=TIMEZONE, **fields)


def every(**interval) -> Callable[[], IntervalTrigger]:
    return lambda: IntervalTrigger(start_date=EPOCH, timezone=UTC, **interval)


SCHEDULE: tuple[Job, ...] = (
    Job("nightly_matching", _l("Nightly matching proposals"), cron(hour=2), jobs.nightly_matching),
    Job("lapse_claims", _l("Lapse overdue micro-wish claims"), cron(minute=5), jobs.lapse_claims),
    Job(
        "warn_lapsing_claims",
        _l("Warn donors of claims about to lapse"),
        cron(minute=10),
        jobs.warn_lapsing_claims,
    ),
    Job(
        "supervision_alerts",
        _l("Supervision reviews due and no-visit alerts"),
        cron(hour=6),
        jobs.supervision_alerts,
    ),
    Job(
        "training_reminders",
        _l("Training reminders (the day before)"),
        cron(minute=30),
        jobs.training_reminders,
    ),
    Job(
        "retrain_model",
        _l("Weekly scorer retraining"),
        cron(day_of_week="sun", hour=3),
        jobs.retrain_model,
    ),
    Job("star_levels", _l("Star-level recomputation"), cron(hour=1), jobs.star_levels),
    Job("send_email", _l("Send notification e-mails"), every(minutes=5), jobs.send_email),
)

JOBS = {job.name: job for job in SCHEDULE}


def tick_job(seconds: int) -> Job:
    """A job firing every ``seconds`` (for proving a single firing across processes)."""
    return Job("tick", _l("Test tick"), every(seconds=seconds), jobs.tick)
