"""Running the schedule with APScheduler: in `matchmaker scheduler`, or inside `serve`.

Any number of these may run against one database: only the lease holder fires, and each
firing claims its (job, trigger time) row first. Never started by ``create_app``.
"""

import logging
import threading
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from ..core.types import utcnow
from ..extensions import db
from .runner import last_fire_time, process_name, release_lease, run_job, take_lease
from .schedule import SCHEDULE, Job

log = logging.getLogger(__name__)


class Scheduler:
    """APScheduler fires; this checks the lease and claims the slot before a job runs."""

    def __init__(self, app, jobs: tuple[Job, ...] = SCHEDULE, *, lease_seconds: int = 60):
        self.app, self.jobs = app, jobs
        self.holder = process_name()
        self.ttl = timedelta(seconds=lease_seconds)
        self.holds = False
        self._lock = threading.Lock()
        self.aps = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True})

    def start(self) -> None:
        self.renew()
        renew_every = max(1, int(self.ttl.total_seconds() // 3))
        self.aps.add_job(self.renew, IntervalTrigger(seconds=renew_every), id="lease")
        for job in self.jobs:
            self.aps.add_job(
                self.fire, job.trigger(), args=[job], id=job.name, misfire_grace_time=300
            )
        self.aps.start()
        log.info(
            "scheduler %s started (lease %s)", self.holder, "held" if self.holds else "not held"
        )

    def renew(self) -> None:
        with self._lock, self.app.app_context():
            try:
                self.holds = take_lease(self.holder, utcnow(), self.ttl)
            except Exception:  # noqa: BLE001 - database away: fire nothing until it is back
                log.exception("could not renew the scheduler lease")
                self.holds = False
            finally:
                db.session.remove()

    def fire(self, job: Job) -> None:
        now = utcnow()
        if not self.holds:
            return
        with self.app.app_context():
            try:
                run = run_job(job, last_fire_time(job, now), now=now, holder=self.holder)
                if run is not None:
                    log.info("%s: %s %s", job.name, run.outcome.value, run.counts)
            finally:
                db.session.remove()

    def next_run_times(self) -> dict:
        return {j.id: j.next_run_time for j in self.aps.get_jobs()}

    def shutdown(self) -> None:
        self.aps.shutdown(wait=True)
        if self.holds:
            with self.app.app_context():
                release_lease(self.holder)
                db.session.remove()
