"""A form sent twice (a double tap, or sent again after a slow answer) makes one record.

A service that makes a record first holds the row the record hangs from
(``core.locks.hold_row``), so that of two requests at once the second waits for the first;
then ``made_just_now`` finds what the first made, and the service returns that record
instead of making another.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from .types import utcnow

#: a record saying the same, made by the same person this recently, is the same form sent
#: again: nobody means to report one incident or enter one need twice within minutes
RESEND_WINDOW = timedelta(minutes=10)


def made_just_now(model, made_at, *, now: datetime | None = None, **same):
    """The latest ``model`` record whose columns hold ``same`` (column name = value) and
    whose ``made_at`` column is within ``RESEND_WINDOW`` of ``now``; None if there is none."""
    since = (now or utcnow()) - RESEND_WINDOW
    return db.session.scalar(
        select(model).filter_by(**same).where(made_at >= since).order_by(model.id.desc()).limit(1)
    )
