"""factory_boy factories; traits name states (``UserFactory(disabled=True)``)."""

import factory
from factory.alchemy import SQLAlchemyModelFactory

from matchmaker.accounts.models import Role, User, UserStatus
from matchmaker.accounts.passwords import hash_password
from matchmaker.accounts.places import Community, District, Street
from matchmaker.extensions import db
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
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.grant(Role(role))
        if create and extracted:
            db.session.commit()
