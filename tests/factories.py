"""factory_boy factories; traits name states (``UserFactory(disabled=True)``)."""

import factory
from factory.alchemy import SQLAlchemyModelFactory

from matchmaker.accounts.models import Role, User, UserStatus
from matchmaker.accounts.passwords import hash_password
from matchmaker.accounts.places import Community, District, Street
from matchmaker.core import availability as av
from matchmaker.core.types import Gender, utcnow
from matchmaker.extensions import db
from matchmaker.match.models import MatchRun, Proposal
from matchmaker.recruit.catalogue import Language, Skill
from matchmaker.recruit.models import BackgroundCheck, Volunteer, VolunteerStatus
from matchmaker.registry.models import (
    DisabilityCategory,
    Need,
    NeedStatus,
    Resident,
    ServiceType,
    Urgency,
)
from tests.conftest import PASSWORD


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class DistrictFactory(_Base):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"测试{n}区")


class StreetFactory(_Base):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"第{n}街道")


class CommunityFactory(_Base):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"第{n}社区")
    lat = 30.27
    lon = 120.15


class UserFactory(_Base):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password_hash = factory.LazyFunction(lambda: hash_password(PASSWORD))

    class Params:
        disabled = factory.Trait(status=UserStatus.DISABLED)

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if extracted:
            self.communities = list(extracted)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.grant(Role(role))
        if create and extracted:
            db.session.commit()


class SkillFactory(_Base):
    class Meta:
        model = Skill
        sqlalchemy_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"技能{n}")
    name_en = factory.LazyAttribute(lambda o: f"Skill {o.name}")


class LanguageFactory(_Base):
    class Meta:
        model = Language
        sqlalchemy_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"语言{n}")
    name_en = factory.LazyAttribute(lambda o: f"Language {o.name}")


class VolunteerFactory(_Base):
    """``VolunteerFactory(approved=True, skills=[...])``; the user gets the volunteer role."""

    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory, roles=["volunteer"])
    community = factory.SubFactory(CommunityFactory)
    availability = av.mask_from_slots([3, 9])  # Tuesday and Thursday mornings
    radius_km = 5.0
    gender = Gender.FEMALE
    privacy_terms_version = "2026-11"
    privacy_consented_at = factory.LazyFunction(utcnow)
    background_check_consent = True

    class Params:
        approved = factory.Trait(status=VolunteerStatus.APPROVED)
        checked = factory.Trait(background_check=BackgroundCheck.PASSED)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if extracted:
            self.skills = list(extracted)
            if create:
                db.session.commit()


class ResidentFactory(_Base):
    class Meta:
        model = Resident

    name = factory.Sequence(lambda n: f"王居民{n}")
    gender = Gender.MALE
    birth_year = 1960
    id_number = factory.Sequence(lambda n: f"330106196001{n:06d}")
    disability_category = DisabilityCategory.VISUAL
    disability_grade = 2
    community = factory.SubFactory(CommunityFactory)
    address = factory.Sequence(lambda n: f"文三路{n}号2单元301室")
    phone = factory.Sequence(lambda n: f"1360000{n:04d}")
    guardian_name = "王女儿"
    guardian_phone = "13900001111"
    consent_note = "本人书面同意"
    consented_at = factory.LazyFunction(utcnow)


class NeedFactory(_Base):
    """``NeedFactory(open=True, skills=[...])``."""

    class Meta:
        model = Need

    resident = factory.SubFactory(ResidentFactory)
    service_type = ServiceType.ESCORT
    availability = av.mask_from_slots([3, 9])
    urgency = Urgency.NORMAL
    notes = "每周二陪同去医院复诊"

    class Params:
        open = factory.Trait(status=NeedStatus.OPEN, opened_at=factory.LazyFunction(utcnow))
        submitted = factory.Trait(status=NeedStatus.SUBMITTED)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if extracted:
            self.skills = list(extracted)
            if create:
                db.session.commit()


def propose(need, volunteer, *, score: float = 0.9) -> Proposal:
    """A proposal of ``volunteer`` for ``need``, waiting for a decision, from a run of its own
    (committed)."""
    run = MatchRun(scope="all")
    db.session.add(run)
    db.session.flush()
    proposal = Proposal(
        run_id=run.id,
        need_id=need.id,
        volunteer_id=volunteer.id,
        rank=0,
        score=score,
        features={},
        contributions={},
    )
    db.session.add(proposal)
    db.session.commit()
    return proposal
