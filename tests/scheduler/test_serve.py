"""`matchmaker serve` starts one scheduler in its own process; the app factory never does."""

import pytest
from click.testing import CliRunner

from matchmaker.scheduler import process


@pytest.fixture
def started(monkeypatch):
    calls = []
    monkeypatch.setattr(process.Scheduler, "start", lambda self: calls.append("start"))
    monkeypatch.setattr(process.Scheduler, "shutdown", lambda self: calls.append("shutdown"))

    def run_simple(host, port, app, **options):
        calls.append(("serve", options["use_reloader"]))

    monkeypatch.setattr("werkzeug.serving.run_simple", run_simple)
    return calls


def test_serve_runs_the_scheduler_once_without_a_reloader(started, db):
    from matchmaker.cli import main

    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert started == ["start", ("serve", False), "shutdown"]


def test_serve_without_the_scheduler(started, db):
    from matchmaker.cli import main

    assert CliRunner().invoke(main, ["serve", "--no-scheduler"]).exit_code == 0
    assert started == [("serve", False)]


def test_the_app_factory_starts_no_scheduler(monkeypatch):
    from matchmaker import create_app

    def refuse(*args, **kwargs):
        raise AssertionError("create_app started a scheduler")

    monkeypatch.setattr(process.Scheduler, "__init__", refuse)
    monkeypatch.setattr("apscheduler.schedulers.background.BackgroundScheduler.start", refuse)
    create_app({"SCHEDULER_ENABLED": True})
