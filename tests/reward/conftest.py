import pytest

from tests.factories import UserFactory
from tests.supervise.builders import make_pairing


@pytest.fixture
def pairing(db):
    return make_pairing(name="王秀英", phone="13612345678", address="文三路99号3单元502室")


@pytest.fixture
def worker(db, pairing):
    community = pairing.need.resident.community
    return UserFactory(roles=["social_worker"], communities=[community], name="陈社工")
