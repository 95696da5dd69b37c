"""Holding a volunteer's row while a rule about them is checked and acted on."""

from sqlalchemy import update

from ..extensions import db
from .models import Volunteer


def hold_volunteer(volunteer_id: int) -> None:
    """Hold the volunteer's row until the transaction ends, before reading what a rule about
    them depends on: of two requests at once for one volunteer (two courses completed, two
    enrolments, two certificates, a double click), the second waits here, then reads what the
    first wrote.

    A write that changes nothing rather than ``SELECT … FOR UPDATE``: PostgreSQL locks the row
    for it all the same (confirming a proposal takes the same lock by its conditional update of
    ``open_pairings``), and SQLite, which ignores FOR UPDATE, takes its one write lock there,
    so that on SQLite too every read after it sees what was committed before.
    """
    db.session.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .values(open_pairings=Volunteer.open_pairings)
        .execution_options(synchronize_session=False)
    )
