"""The pairings made for a resident's needs, as the staff's resident and need pages list them:
a social worker with many open cases goes from the resident or the need to its pairing."""

from sqlalchemy import select

from ..extensions import db
from ..match.models import Pairing
from .models import Need, Resident

#: newest first: the pairing in place (or the last one) leads
NEWEST_FIRST = (Pairing.confirmed_at.desc(), Pairing.id.desc())


def pairings_of_need(need: Need) -> list[Pairing]:
    """Every pairing of ``need``, in any state, newest first."""
    return list(
        db.session.scalars(
            select(Pairing).where(Pairing.need_id == need.id).order_by(*NEWEST_FIRST)
        )
    )


def pairings_of_resident(resident: Resident) -> list[Pairing]:
    """Every pairing of any of ``resident``'s needs, in any state, newest first."""
    return list(
        db.session.scalars(
            select(Pairing)
            .join(Need, Pairing.need_id == Need.id)
            .where(Need.resident_id == resident.id)
            .order_by(*NEWEST_FIRST)
        )
    )
