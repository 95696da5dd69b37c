"""Two staff acting on one record at the same moment: linking two accounts to one record, or
one account to two records, leaves one link and a 409; a wish published while the record
is made inactive is refused, or published first and withdrawn with the record's others."""

import threading

import pytest
from sqlalchemy import func, select, update

from matchmaker.core.events import history
from matchmaker.core.models import Event
from matchmaker.extensions import db as _db
from matchmaker.notify.models import Notification
from matchmaker.registry import linking, status
from matchmaker.registry.models import Resident, ResidentStatus
from matchmaker.wishes import services as wishes
from matchmaker.wishes.models import MicroWish, WishStatus
from tests.conftest import csrf_from
from tests.factories import ResidentFactory, UserFactory
from tests.live import logged_in_opener, post_at_once
from tests.lock_waits import Interleaving
from tests.wishes.conftest import make_wish

LINKED_MEANWHILE = "该档案或账号刚刚已被他人关联"


def reload(model, row_id):
    _db.session.expire_all()
    return _db.session.get(model, row_id)


def linked_events() -> int:
    return _db.session.scalar(
        select(func.count(Event.id)).where(Event.reason.like("linked to account %"))
    )


def told_linked() -> list[int]:
    kind = Notification.kind == "account_linked"
    return list(_db.session.scalars(select(Notification.user_id).where(kind)))


def staff_posts(base, community, plans):
    """One social worker of ``community`` per (account, record): their link posts."""
    posts = []
    for account, record in plans:
        worker = UserFactory(roles=["social_worker"], communities=[community])
        page = f"/residents/accounts/{account.id}"
        opener, _, token = logged_in_opener(base, worker.email, page)
        posts.append((opener, {"csrf_token": token, "resident": str(record.id)}, base + page))
    return posts


def test_two_accounts_linked_to_one_record_at_once_leave_one_link(live_server, db, community):
    record = ResidentFactory(community=community, name="赵档案")
    accounts = [UserFactory(roles=["resident"], name=f"账号{n}") for n in range(2)]
    posts = staff_posts(live_server, community, [(a, record) for a in accounts])

    outcomes = post_at_once(None, posts)

    assert sorted(code for code, _ in outcomes) == [302, 409], outcomes
    assert all(LINKED_MEANWHILE in text for code, text in outcomes if code == 409)
    linked = reload(Resident, record.id).user_id
    assert linked in {a.id for a in accounts}
    assert told_linked() == [linked] and linked_events() == 1


def test_one_account_linked_to_two_records_at_once_leaves_one_link(live_server, db, community):
    records = [ResidentFactory(community=community, name=f"档案{n}") for n in range(2)]
    account = UserFactory(roles=["resident"], name="钱账号")
    posts = staff_posts(live_server, community, [(account, r) for r in records])

    outcomes = post_at_once(None, posts)

    assert sorted(code for code, _ in outcomes) == [302, 409], outcomes
    assert all(LINKED_MEANWHILE in text for code, text in outcomes if code == 409)
    linked = [reload(Resident, r.id).user_id for r in records]
    assert sorted(linked, key=str) == sorted([account.id, None], key=str)
    assert told_linked() == [account.id] and linked_events() == 1


def test_a_record_linked_after_it_was_read_is_not_linked_again(db, community):
    """The interleaving pinned: a colleague's link lands between reading the record and
    writing it; the write is conditional, so it is refused instead of overwriting."""
    staff = UserFactory(roles=["social_worker"], communities=[community])
    first, second = UserFactory(roles=["resident"]), UserFactory(roles=["resident"])
    record = ResidentFactory(community=community)
    assert record.user_id is None
    _db.session.execute(
        update(Resident)
        .where(Resident.id == record.id)
        .values(user_id=first.id)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(linking.AlreadyLinked):
        linking.link_account(record, second, by=staff)
    assert reload(Resident, record.id).user_id == first.id
    assert told_linked() == [] and linked_events() == 0


def test_a_record_linked_since_the_page_was_shown_is_refused_with_409(client, worker, community):
    record = ResidentFactory(community=community, name="赵档案")
    mine, theirs = UserFactory(roles=["resident"]), UserFactory(roles=["resident"])
    page = f"/residents/accounts/{mine.id}"
    token = csrf_from(client.get(page))
    linking.link_account(record, theirs, by=worker)  # a colleague, meanwhile
    _db.session.commit()

    response = client.post(page, data={"csrf_token": token, "resident": str(record.id)})

    assert response.status_code == 409
    assert LINKED_MEANWHILE in response.get_data(as_text=True)
    assert reload(Resident, record.id).user_id == theirs.id


def test_an_account_linked_since_the_page_was_shown_is_refused_with_409(client, worker, community):
    chosen, other = (ResidentFactory(community=community, name=n) for n in ("甲档案", "乙档案"))
    account = UserFactory(roles=["resident"])
    page = f"/residents/accounts/{account.id}"
    token = csrf_from(client.get(page))
    linking.link_account(other, account, by=worker)  # a colleague, meanwhile
    _db.session.commit()

    response = client.post(page, data={"csrf_token": token, "resident": str(chosen.id)})

    assert response.status_code == 409
    assert LINKED_MEANWHILE in response.get_data(as_text=True)
    assert reload(Resident, chosen.id).user_id is None


def test_a_wish_published_while_its_record_is_made_inactive_is_withdrawn(
    live_server, db, community, monkeypatch
):
    """Pinned: the publish has written the wish and holds the record's row when the
    colleague marks the record inactive, who waits for it and then withdraws the wish."""
    resident = ResidentFactory(community=community, name="孙桂芳")
    wish = make_wish("submitted", resident=resident)
    publisher, marker = (
        UserFactory(roles=["social_worker"], communities=[community]) for _ in range(2)
    )
    opener, _, token = logged_in_opener(live_server, publisher.email, f"/wishes/{wish.id}/manage")
    publish = (opener, {"csrf_token": token}, f"{live_server}/wishes/{wish.id}/publish")
    opener, _, token = logged_in_opener(live_server, marker.email, f"/residents/{resident.id}")
    inactive = (
        opener,
        {"csrf_token": token, "reason": "moved", "note": ""},
        f"{live_server}/residents/{resident.id}/inactive",
    )
    pinned = Interleaving()
    pinned.first(monkeypatch, wishes, "tell_resident")  # published, not yet committed
    pinned.second(monkeypatch, status, "mark_inactive")

    published = []
    thread = threading.Thread(target=lambda: published.extend(post_at_once(None, [publish])))
    thread.start()
    assert pinned.holding.wait(10)
    [marked] = post_at_once(None, [inactive])
    thread.join(60)

    assert [published[0][0], marked[0]] == [302, 302], (published, marked)
    assert reload(Resident, resident.id).status is ResidentStatus.INACTIVE
    stored = reload(MicroWish, wish.id)
    assert stored.status is WishStatus.WITHDRAWN
    moves = [(e.from_state, e.to_state, e.reason) for e in history(stored)][-2:]
    assert moves == [
        ("submitted", "published", "reviewed"),
        ("published", "withdrawn", status.RESIDENT_INACTIVE),
    ]


def test_a_wish_of_an_inactive_record_is_not_published(client, worker, community):
    resident = ResidentFactory(community=community)
    wish = make_wish("draft", resident=resident, worker=worker)
    _db.session.execute(  # made inactive after the wish was read (it would be withdrawn)
        update(Resident)
        .where(Resident.id == resident.id)
        .values(status=ResidentStatus.INACTIVE)
        .execution_options(synchronize_session=False)
    )
    _db.session.commit()
    token = csrf_from(client.get(f"/wishes/{wish.id}/manage"))

    response = client.post(f"/wishes/{wish.id}/publish", data={"csrf_token": token})

    assert response.status_code == 409
    assert "此档案已停用：请先重新启用，再发布心愿。" in response.get_data(as_text=True)
    assert reload(MicroWish, wish.id).status is WishStatus.DRAFT
