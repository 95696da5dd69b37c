"""A pairing's life after activation: incidents suspend it, reviews check it, staff end it.

``incidents`` suspends and resumes it, ``review_schedule`` says when its reviews fall due,
``reviews`` records one, ``ending`` ends it; what every one of those moves shares is here.
Every move is a ``transition``; the caller owns the transaction. Every move of a pairing, or
of its reviews and incidents, first takes the pairing's row (``lock_pairing``).
"""

from datetime import date, datetime

from sqlalchemy import select

from ..core.i18n import local_zone
from ..core.locks import hold_row
from ..extensions import db
from ..match.models import Pairing
from .models import Incident, IncidentStatus


class NotAllowedNow(Exception):
    """The pairing is not in a state that allows this (e.g. an incident on an ended pairing)."""


def lock_pairing(pairing: Pairing) -> None:
    """Take the pairing's row, then read it again as it now stands.

    Every move of a pairing, or of its reviews and incidents, takes it first — before those
    rows, its need or its volunteer — so two moves on one pairing queue in one order instead
    of deadlocking, and the second sees what the first did (``core.locks.hold_row``).
    """
    hold_row(Pairing.status, pairing.id)
    db.session.refresh(pairing)


def local_date(now: datetime) -> date:
    """The calendar day at ``now`` where the federation is (visits are logged in local time)."""
    return now.astimezone(local_zone()).date()


def open_incidents(pairing: Pairing) -> list[Incident]:
    return list(
        db.session.scalars(
            select(Incident)
            .where(Incident.pairing_id == pairing.id, Incident.status == IncidentStatus.OPEN)
            .order_by(Incident.id)
        )
    )
