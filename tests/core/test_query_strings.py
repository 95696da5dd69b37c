"""Staff lists read searches and ids from the address; whatever is typed there gets a page,
never a 500 (a NUL character is refused by PostgreSQL, a 20-digit id by both databases)."""

import pytest

from tests.factories import CommunityFactory, UserFactory, VolunteerFactory

TOO_BIG = "99999999999999999999"


@pytest.mark.parametrize(
    "role, path",
    [
        ("admin", f"/admin/users?q=%00{'x' * 300}"),
        ("admin", "/admin/users?q=%00"),
        ("social_worker", "/recruit/review?q=%00&status=approved"),
        ("social_worker", f"/recruit/review?community={TOO_BIG}&skill={TOO_BIG}"),
        ("social_worker", "/residents?q=%00"),
        ("admin", "/admin/audit?who=%00"),
    ],
)
def test_odd_searches_get_a_page(client, login_as, db, role, path):
    login_as(role)
    assert client.get(path).status_code == 200


def test_a_search_still_finds_after_the_nul_is_dropped(client, login_as, db):
    login_as("admin")
    UserFactory(name="陈静怡")
    page = client.get("/admin/users?q=%00%E9%99%88%E9%9D%99%20").get_data(as_text=True)
    assert "陈静怡" in page and "共找到 1 个账号" in page


def test_the_review_queue_search_keeps_working(client, auth, db):
    community = CommunityFactory()
    worker = UserFactory(roles=["social_worker"], communities=[community])
    VolunteerFactory(user__name="林晓", community=community)
    VolunteerFactory(user__name="王五", community=community)
    auth.login(worker.email)
    page = client.get("/recruit/review?q=%00%E6%9E%97").get_data(as_text=True)
    assert "林晓" in page and "王五" not in page


def test_a_nul_typed_into_a_form_is_dropped_not_stored(client, db):
    """PostgreSQL refuses NUL in text (a 500 before); SQLite would have stored it."""
    from sqlalchemy import select

    from matchmaker.accounts.models import User
    from tests.conftest import csrf_from

    page = client.get("/register")
    form = {
        "role": "donor",
        "name": "李\x00明",
        "login": "138\x0012345678",
        "password": "kind-heart-42",
        "confirm": "kind-heart-42",
        "consent": "y",
        "csrf_token": csrf_from(page),
    }
    assert client.post("/register", data=form).status_code == 302
    user = db.session.scalar(select(User))
    assert (user.name, user.phone) == ("李明", "13812345678")


@pytest.mark.parametrize("path", ["/certificates/%00", "/reward/certificates/%00.pdf"])
def test_a_nul_in_the_address_is_no_match(client, login_as, db, path):
    login_as("volunteer")
    assert client.get(path).status_code == 404
