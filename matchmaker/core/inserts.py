"""Create a row that several requests may create at the same moment, exactly once.

``INSERT … ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite alike: the unique key decides,
and the request that comes second is not an error. (Not a savepoint around a plain INSERT:
pysqlite starts no transaction before a SAVEPOINT, so releasing it would commit the
caller's earlier writes.) On PostgreSQL the second INSERT waits for the first transaction
and then does nothing once it commits.
"""

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def insert_once(model, conflict_on: tuple[str, ...], **values):
    """Insert a ``model`` row of ``values`` unless a row with the same values in the unique
    columns ``conflict_on`` exists (or is being inserted by another transaction).

    :returns: the new row's primary key, or None if the row was there already.
    """
    insert = _INSERTS[db.engine.dialect.name]
    primary_key = model.__mapper__.primary_key[0]
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict_on))
        .returning(primary_key)
    )
    return db.session.execute(statement).scalar()
