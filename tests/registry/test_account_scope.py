"""The queue of resident accounts to link is scoped to the community a resident lives in
(DESIGN §8: social workers see their own communities)."""

import pytest

from tests.factories import CommunityFactory, UserFactory


@pytest.fixture
def places(db):
    """Two communities, A and B, and a registrant of each plus one who named none."""
    a, b = CommunityFactory(name="甲社区"), CommunityFactory(name="乙社区")
    of_a = UserFactory(
        roles=["resident"], name="甲居民", email=None, phone="13800000001", home_community=a
    )
    of_b = UserFactory(roles=["resident"], name="乙居民", home_community=b)
    unplaced = UserFactory(roles=["resident"], name="旧账户居民")
    return a, b, of_a, of_b, unplaced


def _home(client) -> str:
    client.set_cookie("mm_locale", "en")
    return client.get("/").get_data(as_text=True)


def test_a_social_worker_of_b_does_not_see_a_registrant_of_a(client, login_as, places):
    a, b, of_a, of_b, unplaced = places
    login_as("social_worker", communities=[b])
    queue = client.get("/residents/accounts").get_data(as_text=True)
    assert of_a.name not in queue and "13800000001" not in queue
    assert of_b.name in queue and "乙社区" in queue
    # registered before residents were asked: nobody's queue loses them
    assert unplaced.name in queue
    assert "Resident accounts to link: 2" in _home(client)
    assert client.get(f"/residents/accounts/{of_a.id}").status_code == 404
    assert client.get(f"/residents/new?account={of_a.id}").status_code == 404
    assert client.get(f"/residents/accounts/{of_b.id}").status_code == 200
    assert client.get(f"/residents/accounts/{unplaced.id}").status_code == 200


def test_a_social_worker_of_a_sees_their_registrant(client, login_as, places):
    a, b, of_a, of_b, unplaced = places
    login_as("social_worker", communities=[a])
    queue = client.get("/residents/accounts").get_data(as_text=True)
    assert of_a.name in queue and "13800000001" in queue
    assert of_b.name not in queue
    assert "Resident accounts to link: 2" in _home(client)
    # The new record starts in the community the resident named.
    form = client.get(f"/residents/new?account={of_a.id}").get_data(as_text=True)
    assert f'<option selected value="{a.id}">' in form or f'value="{a.id}" selected' in form


def test_an_admin_sees_every_registrant(client, login_as, places):
    a, b, of_a, of_b, unplaced = places
    login_as("admin")
    queue = client.get("/residents/accounts").get_data(as_text=True)
    assert all(u.name in queue for u in (of_a, of_b, unplaced))
    assert "Resident accounts to link: 3" in _home(client)
    assert client.get(f"/residents/accounts/{of_a.id}").status_code == 200


def test_a_social_worker_without_communities_sees_only_unplaced_accounts(client, login_as, places):
    a, b, of_a, of_b, unplaced = places
    login_as("social_worker")
    queue = client.get("/residents/accounts").get_data(as_text=True)
    assert unplaced.name in queue
    assert of_a.name not in queue and of_b.name not in queue
