"""The `matchmaker` command: secret key, create-admin, demo data, the gunicorn entry point."""

import importlib
import os
import stat
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from matchmaker.accounts.models import Role, User
from matchmaker.cli import ensure_secret_key
from matchmaker.core.events import history


def test_serve_writes_a_private_secret_key_once(tmp_path, monkeypatch):
    monkeypatch.delenv("MATCHMAKER_SECRET_KEY", raising=False)
    assert ensure_secret_key(str(tmp_path / "instance")) is True
    key_file = tmp_path / "instance" / "secret_key"
    key = key_file.read_text()
    assert len(key) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert ensure_secret_key(str(tmp_path / "instance")) is False
    assert key_file.read_text() == key


def test_configured_key_means_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_SECRET_KEY", "from-the-environment")
    assert ensure_secret_key(str(tmp_path)) is False
    assert not (tmp_path / "secret_key").exists()


def test_gunicorn_entry_refuses_to_start_without_a_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MATCHMAKER_SECRET_KEY"}
    env["MATCHMAKER_INSTANCE_PATH"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import matchmaker.wsgi"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "No secret key configured" in result.stderr


def test_gunicorn_entry_starts_with_a_key(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_SECRET_KEY", "a-configured-key")
    monkeypatch.setenv("MATCHMAKER_INSTANCE_PATH", str(tmp_path))
    sys.modules.pop("matchmaker.wsgi", None)
    module = importlib.import_module("matchmaker.wsgi")
    assert module.app.config["SECRET_KEY"] == "a-configured-key"
    sys.modules.pop("matchmaker.wsgi", None)


def test_create_admin(runner, db):
    result = runner.invoke(
        args=[
            "create-admin",
            "--name",
            "管理员",
            "--login",
            "Boss@Example.org",
            "--password",
            "strong-pass-1",
        ]
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert admin.roles == {Role.ADMIN}
    (created,) = history(admin)  # nobody logged in made it: not "registered", not a person's
    assert (created.actor_id, created.reason) == (None, "created on the command line as admin")


@pytest.mark.parametrize(
    ("login", "password", "message"),
    [
        ("boss@example.org", "123", "too weak"),
        ("not a login", "strong-pass-1", "mobile number or an e-mail"),
    ],
)
def test_create_admin_rejects_bad_input(runner, db, login, password, message):
    result = runner.invoke(
        args=["create-admin", "--name", "x", "--login", login, "--password", password]
    )
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_seeds_one_login_per_role_and_only_once(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data seeded" in result.output
    users = db.session.scalars(select(User)).all()
    roles = [role for user in users for role in user.roles]
    for role in Role:
        assert role in roles
    assert roles.count(Role.SOCIAL_WORKER) == 3
    assert roles.count(Role.VOLUNTEER) >= 24
    worker = next(u for u in users if Role.SOCIAL_WORKER in u.roles)
    assert worker.communities, "social workers look after communities"
    again = runner.invoke(args=["demo"])
    assert "already present" in again.output
    assert db.session.scalar(select(func.count(User.id))) == len(users)


def test_demo_logins_in_readme_work(client, runner, auth, db):
    from pathlib import Path

    runner.invoke(args=["demo"])
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    from matchmaker.demo import DEMO_PASSWORD

    assert DEMO_PASSWORD in readme
    for login in (
        "admin@example.org",
        "sw.beishan@example.org",
        "donor@example.org",
        "resident@example.org",
        "volunteer01@example.org",
    ):
        assert login in readme
        assert auth.login(login, DEMO_PASSWORD).status_code == 302, login
        auth.logout()
