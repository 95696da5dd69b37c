"""Helpers for registry tests: valid resident ID numbers and a filled-in resident form."""

import pytest

from matchmaker.registry.services import id_check_character
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory


def valid_id(serial: int = 1, birth: str = "19620315", region: str = "330106") -> str:
    """An 18-character ID number with a correct GB 11643 check character."""
    first17 = f"{region}{birth}{serial % 1000:03d}"
    return first17 + id_check_character(first17)


def wrong_check(number: str) -> str:
    """The same number with a wrong last character."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def resident_form(community, **overrides) -> dict:
    data = {
        "name": "李明华",
        "gender": "male",
        "birth_year": "1962",
        "id_number": valid_id(),
        "disability_category": "visual",
        "disability_grade": "2",
        "community": str(community.id),
        "address": "文三路 158 号 3 幢 2 单元 402 室",
        "phone": "13800001234",
        "guardian_name": "李女儿",
        "guardian_phone": "13900004321",
        "consent_note": "本人书面同意",
        "consent": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def worker(login_as, community):
    """A logged-in social worker looking after ``community``."""
    return login_as("social_worker", communities=[community])


@pytest.fixture
def post(client):
    """``post(url, data)``: fetch the page for its CSRF token, then post the form."""

    def send(url, data, *, page_url=None, follow_redirects=False):
        token = csrf_from(client.get(page_url or url))
        return client.post(
            url, data={**data, "csrf_token": token}, follow_redirects=follow_redirects
        )

    return send


@pytest.fixture
def other_worker(db):
    return UserFactory(roles=["social_worker"], communities=[CommunityFactory()])


@pytest.fixture
def places(db):
    """Two communities, each with its social worker, and a resident's account waiting to be
    linked in the first although they live in the second: (甲, 乙, 甲社工, 乙社工, account)."""
    a, b = CommunityFactory(name="甲社区"), CommunityFactory(name="乙社区")
    worker_a = UserFactory(roles=["social_worker"], communities=[a], name="甲社工")
    worker_b = UserFactory(roles=["social_worker"], communities=[b], name="乙社工")
    registrant = UserFactory(roles=["resident"], name="错社区居民", home_community=a)
    return a, b, worker_a, worker_b, registrant
