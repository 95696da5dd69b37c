"""The `matchmaker` command: serve the site, create the first admin, seed demo data.

Flask's own commands (`matchmaker db upgrade`, `matchmaker routes`, `matchmaker shell`)
come with it.
"""

import os
import secrets
from pathlib import Path

import click
from flask.cli import FlaskGroup

from . import SECRET_KEY_FILE, create_app, default_instance_path


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def main():
    """Matchmaker 助残志愿与爱心对接平台."""


def ensure_secret_key(instance_path: str) -> bool:
    """Write a random secret key into the instance folder unless one is configured.

    Returns True if a key was written. Only `serve` calls this; the factory never writes.
    """
    if os.environ.get("MATCHMAKER_SECRET_KEY"):
        return False
    key_file = Path(instance_path) / SECRET_KEY_FILE
    if key_file.is_file() and key_file.read_text().strip():
        return False
    key_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return True


@main.command("serve", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--demo", is_flag=True, help="Seed demo data if the database is empty.")
@click.option(
    "--scheduler/--no-scheduler",
    default=None,
    help="Run the scheduled jobs in this process (default: MATCHMAKER_SCHEDULER, on).",
)
def serve(host: str, port: int, demo: bool, scheduler: bool | None):
    """Bring the database up to date and serve the site (SQLite in instance/ by default)."""
    from werkzeug.serving import run_simple

    from .core.schema import upgrade_to_head
    from .demo import DEMO_HELP_CONTACT, seed_demo

    if ensure_secret_key(default_instance_path()):
        click.echo(f"Wrote a new secret key to {default_instance_path()}/{SECRET_KEY_FILE}")
    app = create_app()
    with app.app_context():
        upgrade_to_head()
        if demo:
            click.echo(seed_demo() or "Demo data already present; left as it is.")
            # a made-up help line, so the demo shows where the federation's would go
            app.config["HELP_CONTACT"] = app.config["HELP_CONTACT"] or DEMO_HELP_CONTACT
    jobs = None
    if app.config["SCHEDULER_ENABLED"] if scheduler is None else scheduler:
        # Started here, in the serving process, never in create_app: with use_reloader=False
        # there is no second (reloader) process to start it again, and the database lease
        # keeps it to one firing even beside a separate `matchmaker scheduler`.
        from .scheduler.process import Scheduler

        jobs = Scheduler(app)
        jobs.start()
    click.echo(f"Matchmaker is serving on http://{host}:{port}/  (Ctrl+C to stop)")
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        if jobs is not None:
            jobs.shutdown()


@main.command("scheduler", with_appcontext=False)
@click.option(
    "--test-interval-seconds",
    type=click.IntRange(min=1),
    help="Run only a test job firing every N seconds (to check one firing per trigger).",
)
@click.option(
    "--run-for", type=click.FloatRange(min=0), default=0, help="Stop after this many seconds."
)
@click.option("--lease-seconds", type=click.IntRange(min=2), default=60, show_default=True)
def scheduler_command(test_interval_seconds: int | None, run_for: float, lease_seconds: int):
    """Run the scheduled jobs (run this once beside gunicorn; several are safe: one fires)."""
    import signal
    import time

    from .scheduler.process import Scheduler
    from .scheduler.schedule import SCHEDULE, tick_job

    app = create_app()
    jobs = (tick_job(test_interval_seconds),) if test_interval_seconds else SCHEDULE
    process = Scheduler(app, jobs, lease_seconds=lease_seconds)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    process.start()
    click.echo(f"Scheduler {process.holder} running {len(jobs)} jobs (Ctrl+C to stop)")
    deadline = time.monotonic() + run_for if run_for else None
    try:
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        process.shutdown()
    click.echo(f"Scheduler {process.holder} stopped")
