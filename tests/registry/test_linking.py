"""Social workers link residents' own accounts to their records (DESIGN §12)."""

import pytest
from sqlalchemy import select

from matchmaker.core.events import history
from matchmaker.core.models import AuditEntry
from matchmaker.notify.models import Notification
from matchmaker.registry import linking
from matchmaker.registry.models import Resident
from tests.factories import CommunityFactory, ResidentFactory, UserFactory
from tests.registry.conftest import resident_form


def test_the_queue_lists_unlinked_resident_accounts_only(client, worker, community):
    waiting = UserFactory(roles=["resident"], name="待关联居民", phone="13811112222", email=None)
    done = UserFactory(roles=["resident"], name="已关联居民")
    ResidentFactory(community=community, user=done)
    volunteer = UserFactory(roles=["volunteer"], name="一位志愿者")
    body = client.get("/residents/accounts").get_data(as_text=True)
    assert waiting.name in body and "13811112222" in body
    assert done.name not in body
    assert volunteer.name not in body


def test_linking_to_an_existing_record(client, worker, community, db, post):
    account = UserFactory(roles=["resident"], name="王秀英")
    record = ResidentFactory(community=community, name="王秀英")
    ResidentFactory(community=community, name="另一位")
    page = client.get(f"/residents/accounts/{account.id}").get_data(as_text=True)
    # The record with the same name is offered first.
    assert page.index("王秀英 ·") < page.index("另一位 ·")
    response = post(f"/residents/accounts/{account.id}", {"resident": str(record.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert record.user_id == account.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "link_account"))
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (
        worker.id,
        "resident",
        record.id,
    )
    last = history(record)[-1]
    assert (last.from_state, last.to_state, last.actor_id) == ("active", "active", worker.id)
    queue = client.get("/residents/accounts").get_data(as_text=True)
    assert f"/residents/accounts/{account.id}" not in queue
    assert client.get(f"/residents/accounts/{account.id}").status_code == 404
    # its owner is told where their requests now are
    notice = db.session.scalar(select(Notification).where(Notification.user_id == account.id))
    assert (notice.kind, notice.link) == ("account_linked", "/needs/mine")


def test_no_record_is_chosen_for_a_stranger(client, worker, community, db, post):
    account = UserFactory(roles=["resident"], name="钱新来", phone="13922223333")
    stranger = ResidentFactory(community=community, name="赵无关", phone="13944445555")
    page = client.get(f"/residents/accounts/{account.id}").get_data(as_text=True)
    assert '<option selected value="">请选择…</option>' in page
    assert f'<option value="{stranger.id}">赵无关' in page  # offered, not chosen
    response = post(f"/residents/accounts/{account.id}", {"resident": ""})
    assert response.status_code == 422 and "请选择服务对象档案" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Resident, stranger.id).user_id is None


def test_a_record_outside_the_scope_cannot_be_linked(client, worker, db, post):
    account = UserFactory(roles=["resident"])
    elsewhere = ResidentFactory(community=CommunityFactory())
    assert elsewhere.name not in client.get(f"/residents/accounts/{account.id}").get_data(True)
    response = post(f"/residents/accounts/{account.id}", {"resident": str(elsewhere.id)})
    assert response.status_code == 422
    db.session.expire_all()
    assert elsewhere.user_id is None


def test_a_record_number_no_row_can_have_is_a_form_error(client, worker, community, db, post):
    account = UserFactory(roles=["resident"])
    ResidentFactory(community=community)  # a record to choose: the page shows the choice
    for number in ("99999999999999999999", "2147483648", "0", "-3"):
        response = post(f"/residents/accounts/{account.id}", {"resident": number})
        assert response.status_code == 422, number
        assert 'id="resident-error"' in response.get_data(as_text=True)


def test_only_resident_accounts_can_be_linked(client, worker):
    volunteer = UserFactory(roles=["volunteer"])
    assert client.get(f"/residents/accounts/{volunteer.id}").status_code == 404
    assert client.get(f"/residents/new?account={volunteer.id}").status_code == 404
    assert client.get("/residents/accounts/999999").status_code == 404


def test_creating_a_record_for_an_account(client, worker, community, db, post):
    account = UserFactory(roles=["resident"], name="陈新户", phone="13922223333", email=None)
    form = client.get(f"/residents/new?account={account.id}").get_data(as_text=True)
    assert 'value="陈新户"' in form and 'value="13922223333"' in form
    data = resident_form(community, name="陈新户", phone="13922223333")
    response = post(f"/residents/new?account={account.id}", data)
    assert response.status_code == 302
    record = db.session.scalar(select(Resident))
    assert record.user_id == account.id
    assert [(e.from_state, e.to_state) for e in history(record)] == [
        (None, "active"),
        ("active", "active"),
    ]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "link_account"))


def test_once_linked_the_resident_can_ask_for_help(client, worker, community, auth, post):
    account = UserFactory(roles=["resident"])
    record = ResidentFactory(community=community)
    post(f"/residents/accounts/{account.id}", {"resident": str(record.id)})
    auth.logout()
    auth.login(account.email)
    body = client.get("/needs/new").get_data(as_text=True)
    assert 'name="notes"' in body


def test_an_account_or_record_is_linked_only_once(db):
    staff = UserFactory(roles=["social_worker"])
    first, second = UserFactory(roles=["resident"]), UserFactory(roles=["resident"])
    record, other = ResidentFactory(), ResidentFactory()
    linking.link_account(record, first, by=staff)
    with pytest.raises(linking.AlreadyLinked):
        linking.link_account(record, second, by=staff)  # the record has an account
    with pytest.raises(linking.AlreadyLinked):
        linking.link_account(other, first, by=staff)  # the account has a record
    with pytest.raises(ValueError):
        linking.link_account(other, UserFactory(roles=["volunteer"]), by=staff)
    assert not linking.awaits_link(first) and linking.awaits_link(second)
