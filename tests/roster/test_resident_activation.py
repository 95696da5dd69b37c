"""A resident imported with a mobile number gets an account without a password; their social
worker issues a one-time code on the resident's page, and the resident activates with it."""

import re

import pytest
from sqlalchemy import func, select

from matchmaker.accounts.models import UserStatus
from matchmaker.core.models import AuditEntry
from matchmaker.core.rosters import check_roster, import_roster
from matchmaker.extensions import db
from matchmaker.registry.models import Resident, ResidentStatus
from matchmaker.registry.roster import RESIDENT_ROSTER
from tests.conftest import csrf_from
from tests.factories import ResidentFactory, UserFactory
from tests.roster.conftest import RESIDENT_HEADERS, id_number, xlsx_bytes

CODE = re.compile(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>")


@pytest.fixture
def imported(places, catalogue):
    """王大爷 of 文新社区, imported with his mobile, and his community's social worker."""
    worker = UserFactory(roles=["social_worker"], communities=[places.wenxin], name="陈社工")
    row = ["王大爷", None, None, id_number("19580714", "023"), "视力", "一级", "文新社区"]
    row += ["文三路 1 号", "13812345678"]
    check = check_roster(
        RESIDENT_ROSTER, xlsx_bytes(RESIDENT_HEADERS, [row]), "居民.xlsx", by=worker
    )
    assert check.problems == []
    import_roster(RESIDENT_ROSTER, check, by=worker)
    db.session.commit()
    return db.session.scalar(select(Resident).where(Resident.name == "王大爷")), worker


def _issue(client, resident):
    page = client.get(f"/residents/{resident.id}")
    return client.post(
        f"/residents/{resident.id}/activation-code", data={"csrf_token": csrf_from(page)}
    )


def _activate(client, code: str):
    page = client.get("/activate")
    return client.post(
        "/activate",
        data={
            "login": "138 1234 5678",
            "code": code,
            "password": "wang-da-ye-58",
            "confirm": "wang-da-ye-58",
            "csrf_token": csrf_from(page),
        },
    )


def test_the_social_worker_issues_a_code_and_the_resident_activates(client, auth, imported):
    resident, worker = imported
    auth.login(worker.email)
    page = client.get(f"/residents/{resident.id}").get_data(as_text=True)
    assert "账号尚未激活" in page and "登录账号为 13812345678" in page
    first = CODE.search(_issue(client, resident).get_data(as_text=True))[1]
    issued = _issue(client, resident)
    assert issued.headers["Cache-Control"] == "private, no-store"  # shown once, never cached
    body = issued.get_data(as_text=True)
    code = CODE.search(body)[1]
    assert "王大爷" in body and f'href="/residents/{resident.id}"' in body
    counted = select(func.count(AuditEntry.id)).where(AuditEntry.action == "issue_activation_code")
    assert db.session.scalar(counted) == 2
    auth.logout()

    assert _activate(client, first).status_code == 422  # the second code cancelled the first
    activated = _activate(client, code)
    assert activated.status_code == 302
    auth.logout()
    assert auth.login("13812345678", "wang-da-ye-58").status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert 'href="/needs/new"' in home  # linked: he can ask for help himself
    auth.logout()
    auth.login(worker.email)
    page = client.get(f"/residents/{resident.id}").get_data(as_text=True)
    assert "账号尚未激活" not in page and "忘记密码" in page  # now a code sets a new password


def test_no_code_without_an_account_for_an_inactive_record_or_a_disabled_account(
    client, auth, imported, places
):
    resident, worker = imported
    auth.login(worker.email)
    client.set_cookie("mm_locale", "en")
    none = ResidentFactory(community=places.wenxin)
    assert "activation-heading" not in client.get(f"/residents/{none.id}").get_data(True)
    refused = _issue(client, none)
    assert refused.status_code == 409
    assert "no account of their own" in refused.get_data(as_text=True)

    resident.status = ResidentStatus.INACTIVE
    db.session.commit()
    assert "activation-heading" not in client.get(f"/residents/{resident.id}").get_data(True)
    refused = _issue(client, resident)
    assert refused.status_code == 409 and "The record is inactive" in refused.get_data(True)
    resident.status = ResidentStatus.ACTIVE
    resident.user.status = UserStatus.DISABLED
    db.session.commit()
    assert "activation-heading" not in client.get(f"/residents/{resident.id}").get_data(True)
    refused = _issue(client, resident)
    assert refused.status_code == 409 and "The account is disabled" in refused.get_data(True)
    issued = select(func.count(AuditEntry.id)).where(AuditEntry.action == "issue_activation_code")
    assert db.session.scalar(issued) == 0


def test_only_staff_of_the_community_issue_codes(client, auth, imported, places):
    resident, _worker = imported
    elsewhere = UserFactory(roles=["social_worker"], communities=[places.baoshi])
    auth.login(elsewhere.email)
    page = client.get("/residents")
    url = f"/residents/{resident.id}/activation-code"
    assert client.post(url, data={"csrf_token": csrf_from(page)}).status_code == 404
    auth.logout()
    auth.login(UserFactory(roles=["volunteer"]).email)
    assert client.post(url, data={"csrf_token": csrf_from(client.get("/"))}).status_code == 403
