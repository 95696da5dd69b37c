"""Administrators manage accounts; nobody else can reach those pages."""

import pytest
from sqlalchemy import select

from matchmaker.accounts.models import Role, User, UserStatus
from matchmaker.core.events import history
from matchmaker.core.models import AuditEntry
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory


@pytest.mark.parametrize("role", ["volunteer", "donor", "resident", "social_worker"])
def test_only_admins_reach_user_management(client, login_as, role):
    login_as(role)
    for path in ("/admin/users", "/admin/users/new", "/admin/users/1"):
        assert client.get(path).status_code == 403


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_admin_creates_a_social_worker_for_communities(client, login_as, db):
    admin = login_as("admin")
    first, second = CommunityFactory(), CommunityFactory()
    page = client.get("/admin/users/new")
    assert first.name in page.get_data(as_text=True)
    response = client.post(
        "/admin/users/new",
        data={
            "role": "social_worker",
            "name": "新社工",
            "login": "new.sw@example.org",
            "password": "first-pass-1",
            "communities": [str(second.id)],
            "csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 302
    worker = db.session.scalar(select(User).where(User.email == "new.sw@example.org"))
    assert worker.roles == {Role.SOCIAL_WORKER}
    assert [c.id for c in worker.communities] == [second.id]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.subject_id == worker.id))
    assert (entry.actor_id, entry.action, entry.detail) == (admin.id, "grant_role", "social_worker")


def test_create_staff_with_bad_input_keeps_the_form(client, login_as, db):
    login_as("admin")
    client.set_cookie("mm_locale", "en")
    page = client.get("/admin/users/new")
    response = client.post(
        "/admin/users/new",
        data={
            "role": "janitor",
            "name": "",
            "login": "x",
            "password": "weak",
            "csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Enter a name." in body
    assert "Enter an 11-digit mobile number or an e-mail address." in body


def test_admin_changes_roles_and_disables_with_a_reason(client, login_as, auth, db):
    login_as("admin")
    volunteer = UserFactory(roles=["volunteer"])
    url = f"/admin/users/{volunteer.id}"
    client.set_cookie("mm_locale", "en")
    token = csrf_from(client.get(url))
    no_reason = client.post(url, data={"roles": ["volunteer"], "csrf_token": token})
    assert no_reason.status_code == 422
    assert "Say why the account is being disabled." in no_reason.get_data(True)

    response = client.post(
        url,
        data={"roles": ["volunteer", "donor"], "reason": "asked to leave", "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, volunteer.id)
    assert changed.roles == {Role.VOLUNTEER, Role.DONOR}
    assert changed.status is UserStatus.DISABLED
    assert history(changed)[-1].reason == "asked to leave"
    auth.logout()
    assert auth.login(changed.email).status_code == 401


def test_admin_cannot_lock_themselves_out(client, login_as, db):
    admin = login_as("admin")
    url = f"/admin/users/{admin.id}"
    token = csrf_from(client.get(url))
    response = client.post(url, data={"roles": ["volunteer"], "active": "y", "csrf_token": token})
    assert response.status_code == 422
    db.session.expire_all()
    assert Role.ADMIN in db.session.get(User, admin.id).roles


def test_user_list_filters_by_role_and_text(client, login_as, db):
    login_as("admin")
    UserFactory(name="张社工", roles=["social_worker"])
    UserFactory(name="李志愿", roles=["volunteer"])
    body = client.get("/admin/users?role=social_worker").get_data(as_text=True)
    assert "张社工" in body and "李志愿" not in body
    body = client.get("/admin/users?q=李").get_data(as_text=True)
    assert "李志愿" in body and "张社工" not in body
    assert client.get("/admin/users?page=abc&role=nonsense").status_code == 200


def test_unknown_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/users/99999").status_code == 404


def test_admin_sets_a_new_password_for_someone_who_forgot(client, login_as, db):
    from matchmaker.accounts.passwords import verify_password

    admin = login_as("admin")
    donor = UserFactory(roles=["donor"])
    url = f"/admin/users/{donor.id}"
    token = csrf_from(client.get(url))
    weak = client.post(
        url, data={"roles": ["donor"], "active": "y", "new_password": "123", "csrf_token": token}
    )
    assert weak.status_code == 422
    response = client.post(
        url,
        data={
            "roles": ["donor"],
            "active": "y",
            "new_password": "fresh-start-5",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert verify_password(db.session.get(User, donor.id).password_hash, "fresh-start-5")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reset_password"))
    assert (entry.actor_id, entry.subject_id) == (admin.id, donor.id)
