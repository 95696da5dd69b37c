"""Administrators manage accounts; nobody else can reach those pages."""

import re

import pytest
from sqlalchemy import select

from matchmaker.accounts.models import Role, User, UserStatus
from matchmaker.core.events import history
from matchmaker.core.models import AuditEntry
from matchmaker.extensions import db
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
    assert response.headers["Location"] == f"/admin/users/{worker.id}"  # the new account
    assert worker.roles == {Role.SOCIAL_WORKER}
    assert [c.id for c in worker.communities] == [second.id]
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_id == worker.id).order_by(AuditEntry.id)
    ).all()
    assert [(e.actor_id, e.action, e.detail) for e in entries] == [
        (admin.id, "grant_role", "social_worker"),
        (admin.id, "assign_communities", str(second.id)),  # the communities ticked at creation
    ]
    log = client.get("/admin/audit?action=assign_communities").get_data(as_text=True)
    assert f"账号 #{worker.id}" in log
    assert second.name in log


def test_a_staff_account_created_without_communities_assigns_none(client, login_as, db):
    login_as("admin")
    page = client.get("/admin/users/new")
    data = {"role": "admin", "name": "新管理员", "login": "new.admin@example.org"}
    data |= {"password": "first-pass-1", "csrf_token": csrf_from(page)}
    assert client.post("/admin/users/new", data=data).status_code == 302
    assert [e.action for e in db.session.scalars(select(AuditEntry))] == ["grant_role"]


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
    form = client.get(url)
    # the admin learns the person is not told why they cannot log in
    assert "so let them know yourself" in form.get_data(True)
    token = csrf_from(form)
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
    assert "共找到 1 个账号。" in body
    for typed in ("%", "_"):  # searched as typed, not as a pattern matching everyone
        body = client.get("/admin/users", query_string={"q": typed}).get_data(as_text=True)
        assert "李志愿" not in body and "张社工" not in body
    assert client.get("/admin/users?page=abc&role=nonsense").status_code == 200
    client.set_cookie("mm_locale", "en")
    assert "1 account found." in client.get("/admin/users?q=李").get_data(as_text=True)


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


def _save(client, user, **data):
    url = f"/admin/users/{user.id}"
    token = csrf_from(client.get(url))
    return client.post(url, data={**data, "csrf_token": token})


def _audited(user, *actions):
    return [
        (e.action, e.detail)
        for e in db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_id == user.id, AuditEntry.action.in_(actions))
            .order_by(AuditEntry.id)
        )
    ]


def test_disabling_and_enabling_an_account_is_in_the_audit_log(client, login_as, db):
    admin = login_as("admin")
    donor = UserFactory(roles=["donor"])
    assert _save(client, donor, roles=["donor"], reason="冒用他人信息").status_code == 302
    assert _save(client, donor, roles=["donor"], active="y", reason="核实无误").status_code == 302
    assert _audited(donor, "disable_account", "enable_account") == [
        ("disable_account", "冒用他人信息"),
        ("enable_account", "核实无误"),
    ]
    assert {e.actor_id for e in db.session.scalars(select(AuditEntry))} == {admin.id}
    log = client.get("/admin/audit?action=disable_account")
    assert log.status_code == 200
    body = log.get_data(as_text=True)
    assert "停用账号" in body and "冒用他人信息" in body and "核实无误" not in body
    assert '<option value="enable_account">重新启用账号</option>' in body
    client.set_cookie("mm_locale", "en")
    body = client.get("/admin/audit?action=enable_account").get_data(as_text=True)
    assert "Re-enabled an account" in body and "核实无误" in body  # a typed reason as typed


def test_a_reason_typed_with_a_change_of_roles_is_recorded(client, login_as, db):
    login_as("admin")
    user = UserFactory(roles=["volunteer"])
    response = _save(client, user, roles=["volunteer", "donor"], active="y", reason="想捐赠物资")
    assert response.status_code == 302
    assert _audited(user, "grant_role", "revoke_role") == [("grant_role", "donor: 想捐赠物资")]
    assert history(user)[-1].reason == "roles now donor,volunteer: 想捐赠物资"
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "现有角色：爱心人士、志愿者；原因：想捐赠物资" in page
    log = client.get("/admin/audit?action=grant_role").get_data(as_text=True)
    assert "爱心人士（原因：想捐赠物资）" in log

    # no reason typed: the change is still in the history, the audit detail the role alone
    assert _save(client, user, roles=["donor"], active="y").status_code == 302
    assert _audited(user, "revoke_role")[-1] == ("revoke_role", "volunteer")
    assert history(user)[-1].reason == "roles now donor"
    client.set_cookie("mm_locale", "en")
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "roles now: Donor" in page


def test_a_reason_typed_with_other_changes_is_in_the_accounts_history(client, login_as, db):
    login_as("admin")
    worker = UserFactory(roles=["social_worker"])
    community = CommunityFactory(name="幸福社区")
    data = {"roles": ["social_worker"], "communities": [str(community.id)], "active": "y"}
    assert _save(client, worker, reason="调岗", **data).status_code == 302
    assert (
        _save(client, worker, new_password="fresh-start-5", reason="调岗", **data).status_code
        == 302
    )
    assert [e.reason for e in history(worker)][-2:] == [
        f"communities now {community.id}: 调岗",
        "new password set: 调岗",
    ]
    assert _audited(worker, "reset_password") == [("reset_password", "调岗")]
    page = client.get(f"/admin/users/{worker.id}").get_data(as_text=True)
    assert "负责的社区：幸福社区；原因：调岗" in page and "已设置新密码；原因：调岗" in page
    # no longer a social worker: the communities can go (one who stays one must keep one)
    assert _save(client, worker, roles=["admin"], active="y").status_code == 302
    assert history(worker)[-1].reason == "communities now -"
    page = client.get(f"/admin/users/{worker.id}").get_data(as_text=True)
    assert "负责的社区：无" in page


def _new_staff(client, **data):
    token = csrf_from(client.get("/admin/users/new"))
    return client.post("/admin/users/new", data={**data, "csrf_token": token})


def test_a_social_worker_is_not_created_without_a_community(client, login_as, db):
    login_as("admin")
    CommunityFactory(name="幸福社区")
    data = {"role": "social_worker", "name": "李明", "login": "li.ming@example.org"}
    response = _new_staff(client, password="first-pass-1", **data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert '<p class="field-error" id="communities-error">' in body
    assert "社工至少需要负责一个社区。" in body
    assert 'value="李明"' in body and 'value="li.ming@example.org"' in body  # kept as typed
    assert re.search(r'<input checked[^>]* type="radio" value="social_worker">', body)
    assert db.session.scalar(select(User).where(User.email == "li.ming@example.org")) is None
    client.set_cookie("mm_locale", "en")
    body = _new_staff(client, password="first-pass-1", **data).get_data(as_text=True)
    assert "A social worker needs at least one community." in body


def test_a_social_worker_keeps_at_least_one_community(client, login_as, db):
    login_as("admin")
    community = CommunityFactory(name="幸福社区")
    worker = UserFactory(roles=["social_worker"], communities=[community])
    volunteer = UserFactory(roles=["volunteer"])
    for user, roles in ((worker, ["social_worker"]), (volunteer, ["volunteer", "social_worker"])):
        response = _save(client, user, roles=roles, active="y", reason="调岗")
        assert response.status_code == 422
        body = response.get_data(as_text=True)
        assert "社工至少需要负责一个社区。" in body
        assert 'value="调岗"' in body  # the reason typed is kept
        assert 'value="social_worker" checked' in body
        assert f'value="{community.id}" checked' not in body  # as the admin left it
    db.session.expire_all()
    assert [c.id for c in db.session.get(User, worker.id).communities] == [community.id]
    assert db.session.get(User, volunteer.id).roles == {Role.VOLUNTEER}
    # one who is leaving may be disabled with their communities taken away
    response = _save(client, worker, roles=["social_worker"], reason="离职")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, worker.id).communities == []


def test_create_staff_refuses_a_social_worker_without_a_community(app, db):
    from matchmaker.accounts.services import create_staff

    admin = UserFactory(roles=["admin"])
    with pytest.raises(ValueError):
        create_staff(
            name="李明", login="li@example.org", password=None, role=Role.SOCIAL_WORKER, by=admin
        )


def test_a_staff_accounts_history_names_the_administrator_who_created_it(client, login_as, db):
    admin = login_as("admin", name="周建华")
    community = CommunityFactory()
    data = {"role": "social_worker", "name": "李明", "login": "li.ming@example.org"}
    response = _new_staff(client, password="first-pass-1", communities=[community.id], **data)
    assert response.status_code == 302
    worker = db.session.scalar(select(User).where(User.email == "li.ming@example.org"))
    (created,) = history(worker)
    assert (created.actor_id, created.reason) == (
        admin.id,
        "created by an administrator as social_worker",
    )
    assert "创建为启用（由管理员创建为社工） — 周建华" in _history_on(client, worker)
    client.set_cookie("mm_locale", "en")
    assert (
        "created as Active (created by an administrator as Social worker) — 周建华"
        in _history_on(client, worker)
    )


def _history_on(client, user) -> str:
    """The text of the history list on the user's admin page, tags stripped, spaces squeezed."""
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    found = re.search(r'<ol class="history">(.*?)</ol>', page, re.S)
    assert found, "no history on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_an_account_page_leads_to_the_persons_records(client, login_as, db):
    from tests.factories import ResidentFactory, VolunteerFactory

    login_as("admin")
    volunteer = VolunteerFactory(user__name="赵志愿")
    resident = ResidentFactory(name="钱居民", user=UserFactory(roles=["resident"]))
    page = client.get(f"/admin/users/{volunteer.user_id}").get_data(as_text=True)
    assert f'<a href="/recruit/volunteers/{volunteer.id}">志愿者档案 #{volunteer.id}</a>' in page
    assert "服务对象档案" not in page
    page = client.get(f"/admin/users/{resident.user_id}").get_data(as_text=True)
    assert f'<a href="/residents/{resident.id}">服务对象档案 #{resident.id}</a>' in page
    # both records open for the administrator who followed the links, and lead back
    for record, account in (
        (f"/recruit/volunteers/{volunteer.id}", volunteer.user_id),
        (f"/residents/{resident.id}", resident.user_id),
    ):
        page = client.get(record).get_data(as_text=True)
        assert f'<a href="/admin/users/{account}">打开账号</a>' in page
    client.set_cookie("mm_locale", "en")
    page = client.get(f"/admin/users/{volunteer.user_id}").get_data(as_text=True)
    assert f">Volunteer record #{volunteer.id}</a>" in page
    donor = UserFactory(roles=["donor"])
    assert "record #" not in client.get(f"/admin/users/{donor.id}").get_data(as_text=True)


def test_a_social_worker_is_not_led_to_account_pages(client, login_as, db):
    from tests.factories import ResidentFactory, VolunteerFactory

    home = CommunityFactory()
    login_as("social_worker", communities=[home])
    resident = ResidentFactory(community=home, user=UserFactory(roles=["resident"]))
    volunteer = VolunteerFactory(community=home)
    for record in (f"/residents/{resident.id}", f"/recruit/volunteers/{volunteer.id}"):
        response = client.get(record)
        assert response.status_code == 200
        assert "/admin/users/" not in response.get_data(as_text=True)


@pytest.mark.parametrize("sent", [["99999"], ["zz-not-an-option"]])
def test_a_community_the_form_never_offered_is_refused_in_the_readers_words(
    client, login_as, db, sent
):
    # only a crafted request sends one; WTForms' own message for it had no Chinese
    login_as("admin")
    CommunityFactory()
    data = {"role": "social_worker", "name": "新社工", "login": "new.sw@example.org"}
    data |= {"password": "first-pass-1", "communities": sent}
    for locale, message in (("zh_CN", "请只从列出的选项中选择。"), ("en", "Choose only from")):
        client.set_cookie("mm_locale", locale)
        page = client.get("/admin/users/new")
        response = client.post("/admin/users/new", data={**data, "csrf_token": csrf_from(page)})
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and message in body
        assert "valid choice" not in body and "coerce" not in body
    assert db.session.scalar(select(User).where(User.email == "new.sw@example.org")) is None
