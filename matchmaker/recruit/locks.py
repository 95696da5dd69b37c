"""Holding a volunteer's row while a rule about them is checked and acted on."""

from ..core.locks import hold_row
from .models import Volunteer


def hold_volunteer(volunteer_id: int) -> None:
    """Hold the volunteer's row (``core.locks.hold_row``): of two requests at once for one
    volunteer (two courses completed, two enrolments, two certificates, a double click), the
    second waits, then reads what the first wrote. Confirming a proposal takes the same lock
    by its conditional update of ``open_pairings``."""
    hold_row(Volunteer.open_pairings, volunteer_id)
