"""Who is told what when a pairing is suspended, resumed or ended (DESIGN §3.4, §6, §8).

The same text goes to the inbox and, where SMTP is configured, by e-mail, so it carries ids
only — the pairing's and the resident's (服务对象 #id) — never a name, an incident's
description or an end reason: those stay on the pairing page, behind its permission checks.
"""

from ..accounts.models import User
from ..match.models import Pairing
from ..notify.services import notify, notify_staff
from ..registry.models import NeedStatus
from .models import Incident


def _page(pairing: Pairing, anchor: str = "") -> str:
    return f"/supervise/pairings/{pairing.id}{anchor}"


def _parties(pairing: Pairing, besides: User | None) -> list[User]:
    """The volunteer's account and the resident's linked account, but not ``besides``."""
    people = [pairing.volunteer.user, pairing.need.resident.user]
    return [user for user in people if user is not None and user != besides]


def incident_reported(incident: Incident, *, by: User, suspended: bool) -> None:
    """Tell the community's social workers (but the reporter); if the report suspended the
    pairing, tell its volunteer and resident that it waits for a social worker's review."""
    pairing = incident.pairing
    notify_staff(
        pairing.need.resident.community_id,
        "incident_reported",
        link=_page(pairing, f"#incident-{incident.id}"),
        besides=by,
        pairing=pairing.id,
        resident=pairing.need.resident_id,
    )
    if suspended:
        paused(pairing, by=by)


def paused(pairing: Pairing, *, by: User | None) -> None:
    """The pairing is suspended until a social worker has looked into it."""
    for user in _parties(pairing, by):
        notify(user, "pairing_suspended", link=_page(pairing), pairing=pairing.id)


def resumed(pairing: Pairing, *, by: User | None) -> None:
    for user in _parties(pairing, by):
        notify(user, "pairing_resumed", link=_page(pairing), pairing=pairing.id)


def resumed_awaiting_training(pairing: Pairing, *, by: User | None) -> None:
    """Resumed, but its volunteer must first complete a course its need requires."""
    for user in _parties(pairing, by):
        notify(user, "pairing_resumed_awaiting_training", link=_page(pairing), pairing=pairing.id)


def back_to_training(pairing: Pairing, *, by: User | None) -> None:
    """A training record was corrected and the pairing waits for its volunteer's course again:
    the resident and the community's social workers learn why visits stop (the volunteer gets
    the correction itself, with its reason, from train.corrections)."""
    resident = pairing.need.resident
    if resident.user is not None and resident.user != by:
        notify(resident.user, "pairing_back_to_training", link=_page(pairing), pairing=pairing.id)
    notify_staff(
        resident.community_id,
        "pairing_back_to_training",
        link=_page(pairing),
        besides=by,
        pairing=pairing.id,
    )


def ended(pairing: Pairing, *, by: User | None) -> None:
    """The volunteer learns the pairing ended; the resident also what became of the need."""
    volunteer, resident = pairing.volunteer.user, pairing.need.resident.user
    if volunteer is not None and volunteer != by:
        notify(volunteer, "pairing_ended", link=_page(pairing), pairing=pairing.id)
    if resident is not None and resident != by:
        kind = {
            NeedStatus.CLOSED: "pairing_ended_need_closed",
            NeedStatus.OPEN: "pairing_ended_need_open",
        }.get(pairing.need.status, "pairing_ended")
        notify(resident, kind, link=_page(pairing), pairing=pairing.id)
