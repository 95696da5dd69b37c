"""Imported volunteers activate their account with a one-time code staff issue."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from matchmaker.accounts.activation import BadActivation, activate_account, issue_activation_code
from matchmaker.core.models import AuditEntry
from matchmaker.core.types import utcnow
from tests.conftest import csrf_from
from tests.factories import UserFactory, VolunteerFactory


@pytest.fixture
def imported(db):
    return VolunteerFactory(
        approved=True, user__password_hash=None, user__phone="13855556666", user__email=None
    )


def test_staff_issue_a_code_and_the_volunteer_activates(client, auth, db, imported):
    worker = UserFactory(roles=["social_worker"], communities=[imported.community])
    auth.login(worker.email)
    url = f"/recruit/volunteers/{imported.id}"
    page = client.get(url).get_data(as_text=True)
    assert "发放激活码" in page
    response = client.post(
        f"{url}/activation-code", data={"csrf_token": csrf_from(client.get(url))}
    )
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", response.get_data(True))[1]
    issued = select(func.count(AuditEntry.id)).where(AuditEntry.action == "issue_activation_code")
    assert db.session.scalar(issued) == 1
    auth.logout()

    page = client.get("/activate")
    response = client.post(
        "/activate",
        data={
            "login": "138 5555 6666",
            "code": code.lower(),
            "password": "my-own-pass-3",
            "confirm": "my-own-pass-3",
            "csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/volunteers/signup"  # to give consent
    auth.logout()
    assert auth.login("13855556666", "my-own-pass-3").status_code == 302


def test_a_code_works_once(db, imported):
    worker = UserFactory(roles=["social_worker"])
    code = issue_activation_code(imported.user, by=worker)
    activate_account("13855556666", code, "first-pass-1", address="1.1.1.1")
    with pytest.raises(BadActivation):
        activate_account("13855556666", code, "second-pass-2", address="1.1.1.1")


def test_expired_and_superseded_codes_fail(db, imported):
    worker = UserFactory(roles=["social_worker"])
    old = issue_activation_code(imported.user, by=worker)
    new = issue_activation_code(imported.user, by=worker)
    with pytest.raises(BadActivation):
        activate_account("13855556666", old, "first-pass-1", address="1.1.1.1")
    with pytest.raises(BadActivation):
        activate_account(
            "13855556666", new, "first-pass-1", address="1.1.1.1", now=utcnow() + timedelta(days=15)
        )


def test_wrong_codes_are_throttled_like_passwords(client, db, imported):
    client.set_cookie("mm_locale", "en")
    for attempt in range(11):
        page = client.get("/activate")
        response = client.post(
            "/activate",
            data={
                "login": "13855556666",
                "code": f"WRONG-{attempt:03d}",
                "password": "first-pass-1",
                "confirm": "first-pass-1",
                "csrf_token": csrf_from(page),
            },
        )
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)


def test_a_volunteer_who_forgot_their_password_gets_a_code_for_a_new_one(
    client, auth, login_as, db
):
    from matchmaker.notify.models import Notification

    volunteer = VolunteerFactory(user__phone="13899990000")
    worker = login_as("social_worker", communities=[volunteer.community], name="陈社工")
    url = f"/recruit/volunteers/{volunteer.id}"
    page = client.get(url)
    assert "忘记密码" in page.get_data(as_text=True)
    assert "账号尚未激活" not in page.get_data(as_text=True)
    response = client.post(f"{url}/activation-code", data={"csrf_token": csrf_from(page)})
    body = response.get_data(as_text=True)
    assert f"{volunteer.user.name}的重设密码码" in body and "原密码仍然有效" in body
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", body)[1]
    told = db.session.scalars(
        select(Notification).where(Notification.user_id == volunteer.user_id)
    ).one()
    assert told.kind == "password_code_issued" and told.params["by"] == worker.name
    auth.logout()

    assert auth.login("13899990000").status_code == 302  # the old password still works
    auth.logout()
    activate_account("13899990000", code, "brand-new-pass-7", address="1.1.1.1")
    db.session.commit()
    assert auth.login("13899990000").status_code == 401  # refused: the old one is gone
    assert auth.login("13899990000", "brand-new-pass-7").status_code == 302


def test_no_code_for_a_staff_account(client, login_as, db):
    volunteer = VolunteerFactory(user__roles=["volunteer", "admin"])
    login_as("social_worker", communities=[volunteer.community])
    url = f"/recruit/volunteers/{volunteer.id}"
    page = client.get(url)
    assert "忘记密码" not in page.get_data(as_text=True)
    response = client.post(f"{url}/activation-code", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 409
    assert "工作人员账号的密码由管理员" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0
