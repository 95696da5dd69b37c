"""Two real `matchmaker scheduler` processes on one PostgreSQL database: each trigger runs once."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from matchmaker.scheduler.models import JobOutcome, JobRun
from tests.conftest import skip_or_fail

MATCHMAKER = Path(sys.executable).with_name("matchmaker")


def test_two_scheduler_processes_fire_each_trigger_once(app, db):
    url = os.environ.get("MATCHMAKER_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        skip_or_fail("needs PostgreSQL (set MATCHMAKER_TEST_DATABASE_URL)")
    env = {**os.environ, "MATCHMAKER_DATABASE_URL": url}
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

    runs = db.session.scalars(select(JobRun).where(JobRun.job == "tick")).all()
    slots = Counter(run.scheduled_for for run in runs)
    assert len(runs) >= 4, outputs
    assert max(slots.values()) == 1  # no trigger time ran twice
    assert all(run.outcome is JobOutcome.OK for run in runs)
    # Only the lease holder fired: every run came from one of the two processes.
    assert len({run.holder for run in runs}) == 1
    pids = {str(p.pid) for p in processes}
    assert runs[0].holder.rsplit(":", 1)[1] in pids
