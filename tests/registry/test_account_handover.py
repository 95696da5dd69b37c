"""A resident who named the wrong community at registration: a social worker who sees the
account passes it to the community they live in, whose social workers then link it."""

import re

import pytest
from sqlalchemy import select

from matchmaker.core.models import Event
from matchmaker.notify.models import Notification
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, ResidentFactory, UserFactory


def _hand_over(client, registrant, community_id):
    page = client.get(f"/residents/accounts/{registrant.id}")
    return client.post(
        f"/residents/accounts/{registrant.id}/community",
        data={"handover-csrf_token": csrf_from(page), "handover-community": community_id},
    )


def test_the_account_moves_to_the_other_communitys_queue(client, auth, db, places):
    a, b, worker_a, worker_b, registrant = places
    auth.login(worker_a.email)
    moved = _hand_over(client, registrant, str(b.id))
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/residents/accounts")
    queue = client.get("/residents/accounts").get_data(as_text=True)
    assert "错社区居民的账号已转交乙社区的社工" in queue  # the flash says where it went
    assert "将错社区居民关联到档案" not in queue  # and the queue no longer lists it
    assert client.get(f"/residents/accounts/{registrant.id}").status_code == 404
    auth.logout()
    auth.login(worker_b.email)
    assert "将错社区居民关联到档案" in client.get("/residents/accounts").get_data(as_text=True)
    assert client.get(f"/residents/accounts/{registrant.id}").status_code == 200
    told = db.session.execute(select(Notification.user_id, Notification.kind)).all()
    assert [tuple(row) for row in told] == [(worker_b.id, "account_handed_over")]
    event = db.session.scalars(
        select(Event).where(Event.subject_type == "user").order_by(Event.id)
    ).all()[-1]
    assert event.actor_id == worker_a.id and event.reason == f"community {a.id} → {b.id}"
    auth.logout()
    admin = UserFactory(roles=["admin"])
    auth.login(admin.email)
    history = client.get(f"/admin/users/{registrant.id}").get_data(as_text=True)
    assert "社区：甲社区 → 乙社区" in history  # the account's history, in the reader's words
    # Chinese punctuation around it: "2026-12-07 10:00：已变更（社区：甲社区 → 乙社区）"
    assert re.search(r"\d\d:\d\d：\s*\S+（社区：甲社区 → 乙社区）", history)
    admin.locale = "en"
    db.session.commit()
    history = client.get(f"/admin/users/{registrant.id}").get_data(as_text=True)
    assert re.search(r"\d\d:\d\d: changed \(community: 甲社区 → 乙社区\)", history)


def test_bad_choices_are_refused_with_the_page_kept(client, auth, db, places):
    a, b, worker_a, worker_b, registrant = places
    ResidentFactory(community=a, name="甲档案")  # a record the link form offers
    auth.login(worker_a.email)
    for sent, message in (
        ("", "请选择其居住的社区。"),
        ("999999", "请从列表中选择社区。"),
        (str(a.id), "其账号已是该社区。"),
    ):
        refused = _hand_over(client, registrant, sent)
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422, sent
        assert message in page and 'aria-invalid="true"' in page
        assert "将错社区居民关联到档案" in page and "甲档案" in page  # the whole page, both forms
    db.session.expire_all()
    assert registrant.home_community_id == a.id


def test_a_social_worker_of_another_community_cannot_move_it(client, auth, places):
    a, b, worker_a, worker_b, registrant = places
    auth.login(worker_b.email)
    page = client.get("/residents/accounts")
    refused = client.post(
        f"/residents/accounts/{registrant.id}/community",
        data={"handover-csrf_token": csrf_from(page), "handover-community": str(b.id)},
    )
    assert refused.status_code == 404


def test_of_two_colleagues_passing_it_on_at_once_one_wins(db, places):
    from sqlalchemy import update

    from matchmaker.accounts.models import User
    from matchmaker.core.events import StaleTransition
    from matchmaker.registry.account_handover import hand_over_account

    a, b, worker_a, worker_b, registrant = places
    c = CommunityFactory(name="丙社区")
    assert registrant.home_community_id == a.id  # both colleagues read it in 甲社区 …
    with db.engine.begin() as other:  # … one of them passes it to 丙社区 first
        other.execute(update(User).where(User.id == registrant.id).values(home_community_id=c.id))
    with pytest.raises(StaleTransition):
        hand_over_account(registrant, b, by=worker_a)
    db.session.rollback()
    assert db.session.get(User, registrant.id).home_community_id == c.id
