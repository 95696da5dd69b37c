import pytest

from matchmaker.core import availability as av
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)


@pytest.fixture
def city(db):
    """One community, one open need, two approved volunteers who can both help."""
    home = CommunityFactory(name="文三社区", lat=30.2790, lon=120.1410)
    near = CommunityFactory(name="古荡社区", lat=30.2840, lon=120.1320)
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    resident = ResidentFactory(community=home, name="王秀英")
    need = NeedFactory(
        resident=resident, open=True, skills=[escort], availability=av.mask_from_slots([3, 9])
    )
    best = VolunteerFactory(
        approved=True,
        community=home,
        skills=[escort],
        user__name="李同社区",
        availability=av.mask_from_slots([3, 9]),
    )
    second = VolunteerFactory(
        approved=True,
        community=near,
        skills=[escort],
        user__name="张邻社区",
        availability=av.mask_from_slots([3]),
    )
    worker = UserFactory(roles=["social_worker"], communities=[home], name="陈社工")
    return {
        "home": home,
        "need": need,
        "best": best,
        "second": second,
        "worker": worker,
        "escort": escort,
    }


@pytest.fixture
def worker_client(client, auth, city):
    """The client, logged in as the city's social worker."""
    auth.login(city["worker"].email)
    return client
