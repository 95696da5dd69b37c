"""Shared fixtures: one app and schema per session, a clean database for every test.

The database is a temporary SQLite file in WAL mode, or PostgreSQL when
MATCHMAKER_TEST_DATABASE_URL is set. The schema is built by the migrations themselves.
Under pytest-xdist each worker has its own: its own instance folder (so its own SQLite
file), or its own PostgreSQL database named after the worker, created on first use.
"""

import logging
import os
import re
import socket
import tempfile
import threading

import pytest
from flask.testing import FlaskClient
from sqlalchemy import MetaData, create_engine, make_url, text
from werkzeug.serving import make_server

from matchmaker.extensions import db as _db

REQUIRE_ALL = os.environ.get("MATCHMAKER_REQUIRE_ALL") == "1"

# The instance folder (secret key file, SQLite database) of the test app lives in /tmp.
os.environ["MATCHMAKER_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="matchmaker-test-")


def skip_or_fail(reason: str):
    """Skip for want of a system part, unless MATCHMAKER_REQUIRE_ALL=1 (CI), where it fails."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (MATCHMAKER_REQUIRE_ALL=1: no test may skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app():
    from matchmaker import create_app
    from matchmaker.config import TestConfig
    from matchmaker.core.schema import upgrade_to_head

    class WorkerConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = worker_database(TestConfig.SQLALCHEMY_DATABASE_URI)

    app = create_app(WorkerConfig)
    with app.app_context():
        drop_everything()
        upgrade_to_head()
    return app


def worker_database(url: str | None) -> str | None:
    """This xdist worker's own PostgreSQL database beside ``url`` (created if missing)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        found = text("SELECT 1 FROM pg_database WHERE datname = :name")
        if not connection.scalar(found, {"name": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_everything() -> None:
    """Empty the test database, tables and Alembic's version table included."""
    existing = MetaData()
    existing.reflect(bind=_db.engine)
    existing.drop_all(bind=_db.engine)


@pytest.fixture(autouse=True)
def db(app):
    """An app context for the test, and every table emptied after it."""
    with app.app_context():
        yield _db
        _db.session.remove()
        truncate_all()


@pytest.fixture(scope="session")
def _demo_rows(app):
    from tests.snapshot import seed_and_take

    with app.app_context():
        rows = seed_and_take()
        _db.session.remove()
        truncate_all()
    return rows


@pytest.fixture
def demo(db, _demo_rows):
    """The demo data (``matchmaker demo``), seeded once per session and restored for the test."""
    from tests.snapshot import restore

    restore(_demo_rows)


def truncate_all() -> None:
    """Delete every row, children first, and start every id sequence again at 1.

    On PostgreSQL, DELETE of a test's handful of rows takes 20 ms where TRUNCATE of the 40-odd
    tables takes 140 ms (it replaces each table's files): a minute of every PostgreSQL run.
    """
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name == "postgresql":
            restart = "SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"
            connection.execute(text(restart))


class IsolatedClient(FlaskClient):
    """Each request in its own app context, as in production.

    Otherwise a request reuses the test's app context, and with it ``g`` (Flask-Login's
    cached user) and the database session, so one request's state leaks into the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def live_server(app):
    """The app served by a threaded server (each request its own thread and session)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


PASSWORD = "correct-horse-7"


class AuthActions:
    """Log in as a user of a given role (the Flask tutorial's AuthActions)."""

    def __init__(self, client):
        self.client = client

    def login(self, login: str, password: str = PASSWORD, follow_redirects=False):
        page = self.client.get("/login")
        return self.client.post(
            "/login",
            data={"login": login, "password": password, "csrf_token": csrf_from(page)},
            follow_redirects=follow_redirects,
        )

    def logout(self):
        page = self.client.get("/logout")
        return self.client.post("/logout", data={"csrf_token": csrf_from(page)})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login_as(auth):
    """``login_as("social_worker")`` makes a user with that role, logs them in, returns them."""
    from tests.factories import UserFactory

    def login(role: str, **attrs):
        user = UserFactory(roles=[role], **attrs)
        response = auth.login(user.email)
        assert response.status_code == 302, "test login failed"
        return user

    return login


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(response) -> str:
    """The CSRF token in a rendered page, to send back with a form post."""
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app, monkeypatch):
    """Point the app at 127.0.0.1:<port>; returns the port."""
    port = _free_port()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_SENDER", "noreply@matchmaker.example")
    return port


@pytest.fixture
def sink(smtp):
    """A local SMTP server (aiosmtpd) collecting what it receives."""
    controller_module = pytest.importorskip("aiosmtpd.controller")

    class Collect:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    handler = Collect()
    controller = controller_module.Controller(handler, hostname="127.0.0.1", port=smtp)
    controller.start()
    yield handler
    controller.stop()
