import pytest

from matchmaker.registry.models import DisabilityCategory
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)


@pytest.fixture
def world(db):
    """A community with its social worker, a hearing-impaired resident's open need, and an
    approved volunteer; another community with its own social worker."""
    home = CommunityFactory(name="文三社区")
    elsewhere = CommunityFactory(name="翠苑一区")
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    resident = ResidentFactory(
        community=home,
        name="王秀英",
        disability_category=DisabilityCategory.HEARING,
        phone="13612345678",
        address="文三路158号3幢402室",
    )
    need = NeedFactory(resident=resident, open=True, skills=[escort])
    volunteer = VolunteerFactory(
        approved=True, community=home, skills=[escort], user__name="李志愿"
    )
    worker = UserFactory(roles=["social_worker"], communities=[home], name="陈社工")
    stranger = UserFactory(roles=["social_worker"], communities=[elsewhere], name="孙社工")
    return {
        "home": home,
        "elsewhere": elsewhere,
        "escort": escort,
        "resident": resident,
        "need": need,
        "volunteer": volunteer,
        "worker": worker,
        "stranger": stranger,
    }
