"""Staff pages that name residents — the proposals waiting for a decision, the supervision
dashboard, the pairings waiting for training — are audited as the resident and need lists
are (DESIGN §8): one entry per page shown, none when the page names nobody."""

from flask_babel import force_locale
from sqlalchemy import select

from matchmaker.core.audit_details import audit_detail
from matchmaker.core.models import AuditEntry
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    UserFactory,
    VolunteerFactory,
    propose,
)
from tests.supervise.builders import make_pairing
from tests.train import helpers
from tests.wishes.conftest import make_wish


def _entries(user) -> list[tuple[str, str]]:
    return [
        (e.action, e.detail)
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id)
        )
    ]


def test_each_page_naming_residents_is_one_entry(client, auth, db):
    pairing = make_pairing(PairingStatus.CONFIRMED, name="王秀英")
    helpers.course()  # required of everyone: the pairing waits for it
    home = pairing.need.resident.community
    make_pairing(community=home, name="李桂芳")  # active, no visit yet: on the dashboard
    worker = UserFactory(roles=["social_worker"], communities=[home])
    need = NeedFactory(resident=ResidentFactory(community=home, name="赵桂兰"), open=True)
    propose(need, VolunteerFactory(approved=True, community=home))
    db.session.commit()
    auth.login(worker.email)

    assert "赵桂兰" in client.get("/match/proposals").get_data(as_text=True)
    assert "王秀英" in client.get("/train/sessions").get_data(as_text=True)
    assert "李桂芳" in client.get("/supervise").get_data(as_text=True)
    assert _entries(worker) == [
        ("view_proposals", "needs=1"),
        ("view_training_waiting", "pairings=1"),
        ("view_supervision", "pairings=1"),
    ]


def test_their_details_read_in_the_administrators_language(app):
    with app.test_request_context(), force_locale("zh"):
        assert audit_detail("view_proposals", "needs=3") == "显示了 3 项需求的配对建议"
        assert audit_detail("view_supervision", "pairings=2") == "显示了 2 个结对"
        assert audit_detail("view_training_waiting", "pairings=1") == "显示了 1 个结对"
        assert audit_detail("view_wish_list", "status=claimed page=2") == "第 2 页；状态：已认领"
    with app.test_request_context(), force_locale("en"):
        assert audit_detail("view_proposals", "needs=3") == "proposals for 3 needs shown"
        assert audit_detail("view_proposals", "needs=1") == "proposals for 1 need shown"
        assert audit_detail("view_supervision", "pairings=2") == "2 pairings shown"
        assert audit_detail("view_training_waiting", "pairings=1") == "1 pairing shown"


def test_pages_naming_nobody_write_nothing(client, auth, db):
    worker = UserFactory(roles=["social_worker"], communities=[ResidentFactory().community])
    auth.login(worker.email)
    for page in ("/match/proposals", "/train/sessions", "/supervise"):
        assert client.get(page).status_code == 200
    assert _entries(worker) == []


def _subjects(user) -> list[tuple[str, str, int | None, str]]:
    return [
        (e.action, e.subject_type, e.subject_id, e.detail)
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id)
        )
    ]


def _forms_setting(db):
    """A social worker's community with a resident, a wish draft for them and a resident's
    account waiting to be linked."""
    home = CommunityFactory()
    worker = UserFactory(roles=["social_worker"], communities=[home])
    resident = ResidentFactory(community=home, name="孙丽华")
    account = UserFactory(roles=["resident"], name="周玉珍", home_community=home)
    wish = make_wish("draft", resident=resident, worker=worker, title="老花镜")
    db.session.commit()
    return worker, resident, account, wish


def test_forms_and_link_pages_naming_residents_are_one_entry_each(client, auth, db):
    worker, resident, account, wish = _forms_setting(db)
    auth.login(worker.email)
    pages = {
        "/residents/accounts": "周玉珍",
        f"/residents/accounts/{account.id}": "孙丽华",  # the records offered, by name
        f"/residents/new?account={account.id}": "周玉珍",
        f"/needs/new?resident={resident.id}": "孙丽华",
        "/wishes/new": "孙丽华",  # the residents to choose from
        f"/wishes/{wish.id}/edit": "老花镜",
    }
    for page, shown in pages.items():
        response = client.get(page)
        assert response.status_code == 200 and shown in response.get_data(as_text=True), page
    assert _subjects(worker) == [
        ("view_accounts_to_link", "", None, "accounts=1"),
        ("view_account_to_link", "user", account.id, "residents=1"),
        ("view_account_to_link", "user", account.id, "new record"),
        ("view_resident", "resident", resident.id, "new need"),
        ("view_new_wish_form", "", None, "residents=1"),
        ("view_resident", "resident", resident.id, f"wish {wish.id}"),
    ]


def test_a_saved_form_redirects_without_an_entry_of_its_own(client, auth, db):
    """The page shown is the entry: a form shown again with its errors is one more, a saved
    one redirects to a page that writes its own."""
    worker, resident, account, wish = _forms_setting(db)
    auth.login(worker.email)
    token = csrf_from(client.get(f"/wishes/{wish.id}/edit"))
    fields = {"title": "收音机", "story": "想听新闻", "category": "daily", "cost_yuan": "120"}
    edit = f"/wishes/{wish.id}/edit"
    assert client.post(edit, data={**fields, "csrf_token": token}).status_code == 302
    assert client.post(edit, data={**fields, "title": "", "csrf_token": token}).status_code == 422
    client.get("/wishes/new")
    new = {**fields, "resident": str(resident.id), "csrf_token": token}
    assert client.post("/wishes/new", data=new).status_code == 302
    client.get(f"/residents/accounts/{account.id}")
    link = {"resident": str(resident.id), "csrf_token": token}
    assert client.post(f"/residents/accounts/{account.id}", data=link).status_code == 302
    shown = ("view_resident", "resident", resident.id, f"wish {wish.id}")
    assert _subjects(worker) == [
        shown,  # the form
        shown,  # shown again with its errors
        ("view_new_wish_form", "", None, "residents=1"),
        ("view_account_to_link", "user", account.id, "residents=1"),
        ("link_account", "resident", resident.id, f"user {account.id}"),
    ]


def test_forms_naming_nobody_write_nothing(client, auth, db):
    worker = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.login(worker.email)
    for page in ("/residents/accounts", "/wishes/new"):
        assert client.get(page).status_code == 200
    assert _entries(worker) == []


def test_the_new_entries_read_in_both_languages(app, client, auth, db):
    with app.test_request_context(), force_locale("zh"):
        assert audit_detail("view_accounts_to_link", "accounts=2") == "显示了 2 个账号"
        assert audit_detail("view_account_to_link", "residents=3") == (
            "列出了 3 份可关联的服务对象档案"
        )
        assert audit_detail("view_account_to_link", "new record") == "在新建档案表单中"
        assert audit_detail("view_new_wish_form", "residents=4") == "列出了 4 名服务对象"
        assert audit_detail("view_resident", "new need") == "从新增需求表单打开"
    with app.test_request_context(), force_locale("en"):
        assert audit_detail("view_accounts_to_link", "accounts=1") == "1 account shown"
        assert audit_detail("view_account_to_link", "residents=1") == (
            "1 resident record offered to link it to"
        )
        assert audit_detail("view_account_to_link", "new record") == "in the form for a new record"
        assert audit_detail("view_new_wish_form", "residents=2") == "2 residents listed"
        assert audit_detail("view_resident", "new need") == "from the form for a new need"
    admin = UserFactory(roles=["admin"])
    db.session.commit()
    auth.login(admin.email)
    client.set_cookie("mm_locale", "zh_CN")
    choices = client.get("/admin/audit").get_data(as_text=True)
    for label in ("查看待关联的服务对象账号", "查看一个待关联的服务对象账号"):
        assert label in choices
    assert "查看新建微心愿表单中列出的服务对象" in choices


def test_the_administrators_account_pages_are_audited(client, auth, db):
    admin = UserFactory(roles=["admin"])
    resident = UserFactory(roles=["resident"], name="王秀英")
    staff = UserFactory(roles=["social_worker"], name="陈社工")
    auth.login(admin.email)
    assert "王秀英" in client.get("/admin/users?q=王&role=resident").get_data(as_text=True)
    client.get("/admin/users?role=nonsense")
    client.get(f"/admin/users/{resident.id}")
    client.get(f"/admin/users/{staff.id}")  # a staff account: not a resident's
    assert _entries(admin) == [
        ("view_user_list", "q=王 role=resident page=1"),
        ("view_user_list", "page=1"),
        ("view_account", ""),
    ]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "view_account")).one()
    assert entry.subject_id == resident.id
    with force_locale("zh"):
        reading = audit_detail("view_user_list", "q=王 role=resident page=1")
    assert reading == "第 1 页；搜索：“王”；角色：服务对象"
