"""The migration chain builds the whole schema from empty, and matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from matchmaker.core.schema import current_revision, migration_head


def test_chain_goes_down_to_empty_and_back_up_to_head(app, db):
    directory = app.extensions["migrate"].directory
    db.session.remove()
    downgrade(directory=directory, revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade(directory=directory)
    assert current_revision() == migration_head()
    assert {"user", "event", "community", "login_attempt"} <= set(
        inspect(db.engine).get_table_names()
    )


def test_models_and_migrations_agree(app, db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        assert compare_metadata(context, db.metadata) == []
