"""Demo offers of help: some approved volunteers pressed "I can help" on open needs nearby
(one of them withdrew again), so the proposals page shows who offered and the pool its gaps."""

from sqlalchemy import select

from ..extensions import db
from ..recruit.models import Volunteer, VolunteerStatus
from ..registry.models import Need, NeedStatus
from . import services

#: how many approved volunteers offer help, each on up to two needs of their street
VOLUNTEERS_OFFERING = 14


def seed(rng) -> str:
    volunteers = db.session.scalars(
        select(Volunteer).where(Volunteer.status == VolunteerStatus.APPROVED).order_by(Volunteer.id)
    ).all()
    needs = db.session.scalars(
        select(Need).join(Need.resident).where(Need.status == NeedStatus.OPEN).order_by(Need.id)
    ).all()
    by_street: dict[int, list[Need]] = {}
    for need in needs:
        by_street.setdefault(need.resident.community.street_id, []).append(need)
    offered = withdrawn = 0
    for volunteer in rng.sample(volunteers, min(VOLUNTEERS_OFFERING, len(volunteers))):
        nearby = by_street.get(volunteer.community.street_id) or []
        for need in rng.sample(nearby, min(2, len(nearby))):
            services.offer_help(need, volunteer, by=volunteer.user)
            offered += 1
    if offered:
        volunteer = volunteers[0]
        for need in by_street.get(volunteer.community.street_id, [])[:1]:
            services.offer_help(need, volunteer, by=volunteer.user)
            services.withdraw_help(need, volunteer, by=volunteer.user)
            withdrawn += 1
    return f"{offered} offers of help on the needs board ({withdrawn} withdrawn)"
