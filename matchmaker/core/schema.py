"""The database's migration state, for `serve` (upgrade first) and `/healthz`."""

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade

from ..extensions import db


def migration_head() -> str | None:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head() -> None:
    """Bring the schema to the latest migration (no-op when already there)."""
    upgrade(directory=current_app.extensions["migrate"].directory)
