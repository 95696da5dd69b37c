import pytest

from matchmaker.core import availability as av
from matchmaker.registry.models import ServiceType, Urgency
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    StreetFactory,
    UserFactory,
    VolunteerFactory,
)


@pytest.fixture
def board(db):
    """Two communities of one street: two escort needs in one, a lone haircut need in the other."""
    street = StreetFactory(name="北山街道")
    home = CommunityFactory(name="文三社区", street=street, lat=30.2790, lon=120.1410)
    quiet = CommunityFactory(name="宝石社区", street=street, lat=30.2800, lon=120.1450)
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    hair = SkillFactory(name="理发", name_en="Haircutting")
    resident = ResidentFactory(community=home, name="王秀英", address="文三路99号3单元502室")
    escort_1 = NeedFactory(
        resident=resident, open=True, skills=[escort], availability=av.mask_from_slots([3])
    )
    escort_2 = NeedFactory(
        resident=ResidentFactory(community=home, name="赵大伯"),
        open=True,
        skills=[escort],
        urgency=Urgency.URGENT,
        availability=av.mask_from_slots([16]),
    )
    lone = NeedFactory(
        resident=ResidentFactory(community=quiet, name="钱阿姨"),
        open=True,
        service_type=ServiceType.HAIRCUT,
        skills=[hair],
        availability=av.mask_from_slots([15]),
    )
    volunteer = VolunteerFactory(
        approved=True,
        community=home,
        skills=[escort],
        user__name="李志愿",
        availability=av.mask_from_slots([3, 9]),
    )
    worker = UserFactory(roles=["social_worker"], communities=[home, quiet], name="陈社工")
    return {
        "street": street,
        "home": home,
        "quiet": quiet,
        "escort": escort,
        "hair": hair,
        "escort_1": escort_1,
        "escort_2": escort_2,
        "lone": lone,
        "volunteer": volunteer,
        "worker": worker,
    }
