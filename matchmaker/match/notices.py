"""Who is told when a pairing starts (DESIGN §3.2–3.3, §6): the volunteer, and the resident's
linked account, which otherwise hears nothing between its request being accepted and the
first visit. Texts carry the pairing's number only (§8)."""

from ..notify.services import notify
from ..recruit.models import VolunteerStatus
from .models import Pairing, PairingStatus


def _page(pairing: Pairing) -> str:
    return f"/supervise/pairings/{pairing.id}"


def pairing_confirmed(pairing: Pairing) -> None:
    """Confirmed: active at once if the volunteer is trained (one notice each, not two)."""
    if pairing.status is PairingStatus.ACTIVE:
        pairing_activated(pairing)
        return
    notify(pairing.volunteer.user, "pairing_confirmed", link="/train/me", pairing=pairing.id)
    notify(
        pairing.need.resident.user,
        "resident_pairing_confirmed",
        link=_page(pairing),
        pairing=pairing.id,
    )


def pairing_activated(pairing: Pairing) -> None:
    """Visits can start. Not while the volunteer is suspended: they see no contact details
    and the resident is not visited (the staff, told of the suspension, decide what next)."""
    if pairing.volunteer.status is not VolunteerStatus.APPROVED:
        return
    notify(pairing.volunteer.user, "pairing_activated", link=_page(pairing), pairing=pairing.id)
    notify(
        pairing.need.resident.user,
        "resident_pairing_activated",
        link=_page(pairing),
        pairing=pairing.id,
    )
