"""Holding rows while a rule about them is checked and acted on."""

from sqlalchemy import select, update

from ..extensions import db


def hold_row(column, row_id: int) -> None:
    """Hold the row ``row_id`` of ``column``'s table until the transaction ends, before reading
    what a rule about it depends on: of two requests at once, the second waits here, then
    reads what the first wrote.

    A write of ``column`` to itself rather than ``SELECT … FOR UPDATE``: PostgreSQL locks the
    row for it all the same, and SQLite, which ignores FOR UPDATE, takes its one write lock
    there, so that on SQLite too every read after it sees what was committed before.
    """
    model = column.class_
    db.session.execute(
        update(model)
        .where(model.id == row_id)
        .values({column: column})
        .execution_options(synchronize_session=False)
    )


def lock_rows(model, ids) -> None:
    """Lock the ``model`` rows of these ids until the transaction ends, in id order (so two
    transactions locking overlapping sets queue rather than deadlock), and read them afresh.
    PostgreSQL only: SQLite lets one writer in at a time anyway."""
    if ids:
        db.session.scalars(
            select(model)
            .where(model.id.in_(sorted(ids)))
            .order_by(model.id)
            .with_for_update(of=model)
            .execution_options(populate_existing=True)
        ).all()
