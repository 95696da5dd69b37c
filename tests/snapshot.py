"""The demo data seeded once per test session and put back, row for row, where a test needs it.

Seeding runs every domain's demo code, training and a matching run included (5–25 s on a
slow machine); writing the same rows back takes a fraction of a second. The rows are the
real output of ``seed_demo``: the CLI tests still seed through it from scratch.
"""

from sqlalchemy import func, select, text

from matchmaker.demo import seed_demo
from matchmaker.extensions import db


def seed_and_take() -> dict[str, list[dict]]:
    """Seed the demo into the (empty) test database and return every table's rows."""
    assert seed_demo() is not None, "the test database was not empty before seeding"
    return {
        table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
        for table in db.metadata.sorted_tables
    }


def restore(rows: dict[str, list[dict]]) -> None:
    """Write the rows back into the emptied database, parents before children."""
    db.session.remove()
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if rows[table.name]:
                connection.execute(table.insert(), rows[table.name])
        if connection.dialect.name == "postgresql":
            _move_sequences_past(connection, rows)


def _move_sequences_past(connection, rows) -> None:
    """Rows came back with their ids: a serial column's next value must follow the highest."""
    for table in db.metadata.sorted_tables:
        id_column = table.c.get("id")
        if id_column is None or not rows[table.name] or not id_column.autoincrement:
            continue
        sequence = connection.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": f'"{table.name}"'}
        )
        if sequence is not None:
            highest = connection.scalar(select(func.max(id_column)))
            connection.execute(text("SELECT setval(:seq, :n)"), {"seq": sequence, "n": highest})
