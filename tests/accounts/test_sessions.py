"""An account's sessions end when it is disabled or given a new password: someone who took
over a session, or kept a phone that was logged in, is out at their next request."""

import pytest

from matchmaker.accounts.activation import activate_account, issue_activation_code
from matchmaker.accounts.models import User, UserStatus
from matchmaker.accounts.services import reset_password, set_active
from tests.conftest import PASSWORD, AuthActions, IsolatedClient, csrf_from
from tests.factories import UserFactory, VolunteerFactory


@pytest.fixture
def other_device(app):
    """A second browser, with its own cookies."""
    app.test_client_class = IsolatedClient
    return app.test_client()


def _logged_in(client) -> bool:
    return client.get("/volunteers/me").status_code == 200


def _log_in(client, user: User, password: str = PASSWORD) -> None:
    assert AuthActions(client).login(user.login, password).status_code == 302
    assert _logged_in(client)


def test_disabling_an_account_ends_its_sessions(client, db):
    volunteer = VolunteerFactory()
    _log_in(client, volunteer.user)
    set_active(volunteer.user, False, by=UserFactory(roles=["admin"]), why="冒用他人身份")
    db.session.commit()
    response = client.get("/volunteers/me")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    db.session.get(User, volunteer.user_id).status = UserStatus.ACTIVE
    db.session.commit()
    assert _logged_in(client)  # enabled again: the same password, the session resumes


def test_a_new_password_from_the_administrator_ends_every_session(client, other_device, db):
    volunteer = VolunteerFactory()
    _log_in(client, volunteer.user)
    _log_in(other_device, volunteer.user)
    reset_password(volunteer.user, "fresh-start-5", by=UserFactory(roles=["admin"]))
    db.session.commit()
    assert not _logged_in(client) and not _logged_in(other_device)
    _log_in(client, volunteer.user, "fresh-start-5")


def test_a_password_set_with_a_code_ends_the_old_sessions(client, other_device, db):
    volunteer = VolunteerFactory(user__phone="13899990000")
    _log_in(other_device, volunteer.user)
    code = issue_activation_code(volunteer.user, by=UserFactory(roles=["social_worker"]))
    db.session.commit()
    assert _logged_in(other_device)  # the code alone changes nothing
    activate_account("13899990000", code, "brand-new-pass-7", address="1.1.1.1")
    db.session.commit()
    assert not _logged_in(other_device)


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(
    client, other_device, db
):
    volunteer = VolunteerFactory()
    _log_in(client, volunteer.user)
    _log_in(other_device, volunteer.user)
    page = client.get("/account/password")
    changed = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "my-own-pass-9",
            "confirm": "my-own-pass-9",
            "csrf_token": csrf_from(page),
        },
    )
    assert changed.status_code == 302
    assert _logged_in(client)
    assert not _logged_in(other_device)


def test_an_admin_who_resets_their_own_password_stays_logged_in(client, login_as, db):
    admin = login_as("admin")
    url = f"/admin/users/{admin.id}"
    response = client.post(
        url,
        data={
            "roles": ["admin"],
            "active": "y",
            "new_password": "fresh-start-5",
            "csrf_token": csrf_from(client.get(url)),
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 200
