"""A resident account linked to the wrong record is unlinked: it stops reaching the record
at once, waits to be linked again, and the record's history and the audit log say so."""

from flask_babel import force_locale
from sqlalchemy import select

from matchmaker.core.audit_details import audit_detail
from matchmaker.core.events import history
from matchmaker.core.histories import event_reason
from matchmaker.core.models import AuditEntry
from matchmaker.extensions import db as _db
from matchmaker.registry.models import Resident
from tests.factories import NeedFactory, ResidentFactory, UserFactory
from tests.live import logged_in_opener, post_at_once


def _linked(community, name="钱错连"):
    account = UserFactory(roles=["resident"], name=name, home_community=community)
    record = ResidentFactory(community=community, name="何洋", user=account)
    return account, record


def test_an_account_linked_to_the_wrong_record_is_unlinked(client, auth, worker, community, post):
    account, record = _linked(community)
    NeedFactory(resident=record, notes="每周代购")
    page = client.get(f"/residents/{record.id}").get_data(as_text=True)
    assert "这不是本人的账号：取消关联" in page
    missing = post(
        f"/residents/{record.id}/unlink", {"unlink-reason": ""}, page_url=f"/residents/{record.id}"
    )
    assert missing.status_code == 422 and "请说明取消关联的原因" in missing.get_data(as_text=True)
    _db.session.expire_all()
    assert _db.session.get(Resident, record.id).user_id == account.id  # nothing changed yet

    done = post(
        f"/residents/{record.id}/unlink",
        {"unlink-reason": "同名，关联错了档案"},
        page_url=f"/residents/{record.id}",
    )
    assert done.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Resident, record.id).user_id is None
    assert f"/residents/accounts/{account.id}" in client.get("/residents/accounts").get_data(True)
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "unlink_account"))
    assert (entry.actor_id, entry.subject_id) == (worker.id, record.id)
    last = history(_db.session.get(Resident, record.id))[-1]
    with client.application.test_request_context(), force_locale("zh"):
        assert event_reason(last.reason) == f"已取消关联账号 #{account.id}：同名，关联错了档案"
        assert audit_detail(entry.action, entry.detail) == f"取消关联账号 #{account.id}"

    # the account's owner no longer reaches the record or its needs
    auth.logout()
    auth.login(account.email)
    mine = client.get("/needs/mine", follow_redirects=True).get_data(as_text=True)
    assert "每周代购" not in mine and "您的账号尚未关联" in mine
    # and is told, without the staff's reason (it may name the record's real owner)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "关联到了不属于您的服务对象档案" in inbox
    assert "同名" not in inbox and "何洋" not in inbox


def test_two_social_workers_unlinking_at_once_leave_one_change(live_server, db, community):
    account, record = _linked(community)
    workers = [UserFactory(roles=["social_worker"], communities=[community]) for _ in range(2)]
    page = f"/residents/{record.id}"
    sessions = [logged_in_opener(live_server, w.email, page) for w in workers]
    outcomes = post_at_once(
        f"{live_server}{page}/unlink",
        [
            (opener, {"csrf_token": token, "unlink-reason": "关联错了"})
            for opener, _, token in sessions
        ],
    )
    assert sorted(code for code, _ in outcomes) == [302, 409]
    assert all("该档案已没有关联的账号" in text for code, text in outcomes if code == 409)
    db.session.expire_all()
    assert db.session.get(Resident, record.id).user_id is None
    unlinked = [e for e in history(db.session.get(Resident, record.id)) if "unlinked" in e.reason]
    assert len(unlinked) == 1


def test_a_record_without_an_account_or_outside_the_scope(client, worker, community, post):
    lone = ResidentFactory(community=community)
    assert "取消关联" not in client.get(f"/residents/{lone.id}").get_data(as_text=True)
    refused = post(
        f"/residents/{lone.id}/unlink", {"unlink-reason": "错"}, page_url=f"/residents/{lone.id}"
    )
    assert refused.status_code == 409
    _account, elsewhere = _linked(ResidentFactory().community, name="别处的")
    response = post(
        f"/residents/{elsewhere.id}/unlink", {"unlink-reason": "错"}, page_url="/residents"
    )
    assert response.status_code == 404
    _db.session.expire_all()
    assert _db.session.get(Resident, elsewhere.id).user_id is not None
