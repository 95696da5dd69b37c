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
def serve(host: str, port: int, demo: bool):
    """Bring the database up to date and serve the site (SQLite in instance/ by default)."""
    from werkzeug.serving import run_simple

    from .core.schema import upgrade_to_head
    from .demo import seed_demo

    if ensure_secret_key(default_instance_path()):
        click.echo(f"Wrote a new secret key to {default_instance_path()}/{SECRET_KEY_FILE}")
    app = create_app()
    with app.app_context():
        upgrade_to_head()
        if demo:
            click.echo(seed_demo() or "Demo data already present; left as it is.")
    click.echo(f"Matchmaker is serving on http://{host}:{port}/  (Ctrl+C to stop)")
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
