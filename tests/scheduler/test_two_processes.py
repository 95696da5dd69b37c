"""Two real `matchmaker scheduler` processes on one PostgreSQL database: each trigger runs once."""

import os
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

from sqlalchemy import create_engine, delete, select

from matchmaker.scheduler.models import JobOutcome, JobRun, SchedulerLease
from tests.conftest import skip_or_fail

MATCHMAKER = Path(sys.executable).with_name("matchmaker")


def postgres_url() -> str:
    """A PostgreSQL database for this test, whichever database the rest of the suite uses:
    MATCHMAKER_TEST_POSTGRES_URL (CI sets it for its SQLite pass too), else the suite's own."""
    for name in ("MATCHMAKER_TEST_POSTGRES_URL", "MATCHMAKER_TEST_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return url
    skip_or_fail("needs PostgreSQL (set MATCHMAKER_TEST_POSTGRES_URL or _DATABASE_URL)")


def test_two_scheduler_processes_fire_each_trigger_once():
    url = postgres_url()
    env = {**os.environ, "MATCHMAKER_DATABASE_URL": url}
    subprocess.run([str(MATCHMAKER), "db", "upgrade"], env=env, check=True, capture_output=True)
    engine = create_engine(url)
    with engine.begin() as connection:  # a clean slate: no runs or lease from an earlier test
        connection.execute(delete(JobRun).where(JobRun.job == "tick"))
        connection.execute(delete(SchedulerLease))
    command = [
        str(MATCHMAKER),
        "scheduler",
        "--test-interval-seconds",
        "1",
        "--run-for",
        "6",
        "--lease-seconds",
        "3",
    ]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = []
    for process in processes:
        out, _ = process.communicate(timeout=40)
        outputs.append(out.decode())
        assert process.returncode == 0, out.decode()
    assert all("stopped" in out for out in outputs)

    with engine.connect() as connection:
        runs = connection.execute(
            select(JobRun.scheduled_for, JobRun.outcome, JobRun.holder)
            .where(JobRun.job == "tick")
            .order_by(JobRun.scheduled_for)
        ).all()
    with engine.begin() as connection:
        connection.execute(delete(JobRun).where(JobRun.job == "tick"))
        connection.execute(delete(SchedulerLease))
    engine.dispose()
    slots = Counter(run.scheduled_for for run in runs)
    assert len(runs) >= 4, outputs
    assert max(slots.values()) == 1  # no trigger time ran twice
    assert all(run.outcome is JobOutcome.OK for run in runs)
    # Only the lease holder fired: the runs come from one process, or from one and then the
    # other once the first let the lease go on stopping (both run for 6 s, started a moment
    # apart). Both firing would interleave their runs.
    holders = [run.holder for run in runs]
    handovers = sum(1 for before, after in pairwise(holders) if before != after)
    assert handovers <= 1, holders
    pids = {str(p.pid) for p in processes}
    assert runs[0].holder.rsplit(":", 1)[1] in pids
