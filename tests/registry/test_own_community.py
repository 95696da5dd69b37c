"""A resident waiting to be linked sees whose queue their account is in, and corrects the
community they named; once linked, the community is their record's and theirs to ask about."""

import pytest
from sqlalchemy import select, update

from matchmaker.accounts.models import Role, User
from matchmaker.core.events import StaleTransition
from matchmaker.core.models import Event
from matchmaker.notify.models import Notification
from matchmaker.registry.account_handover import correct_own_community
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, ResidentFactory


def _choose(client, community_id: str):
    page = client.get("/account/community")
    return client.post(
        "/account/community", data={"csrf_token": csrf_from(page), "community": community_id}
    )


def test_the_resident_moves_their_account_to_the_community_they_live_in(client, auth, db, places):
    a, b, worker_a, worker_b, registrant = places
    auth.login(registrant.email)
    page = client.get("/account/community").get_data(as_text=True)
    assert "您的账号正在等待" in page and "甲社区" in page
    assert f'<option value="{a.id}" selected>' in page  # the one they named, chosen already
    moved = _choose(client, str(b.id))
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/account/community")
    after = client.get("/account/community").get_data(as_text=True)
    assert "已保存：您的账号现在等待乙社区的社工关联。" in after
    db.session.expire_all()
    assert registrant.home_community_id == b.id
    event = db.session.scalars(
        select(Event).where(Event.subject_type == "user").order_by(Event.id)
    ).all()[-1]
    assert (event.actor_id, event.reason) == (registrant.id, f"community {a.id} → {b.id}")
    [told] = db.session.scalars(select(Notification)).all()
    assert (told.user_id, told.kind, told.link) == (
        worker_b.id,
        "account_moved_by_resident",
        "/residents/accounts",
    )
    assert "错社区居民" not in str(told.params)
    auth.logout()
    auth.login(worker_a.email)
    assert "错社区居民" not in client.get("/residents/accounts").get_data(as_text=True)
    auth.logout()
    auth.login(worker_b.email)
    assert "错社区居民" in client.get("/residents/accounts").get_data(as_text=True)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "一位注册为居民的用户表示其实住在您的社区" in inbox


def test_bad_choices_are_refused_and_nothing_moves(client, auth, db, places):
    a, b, worker_a, worker_b, registrant = places
    auth.login(registrant.email)
    for sent, message in (
        ("", "请选择您居住的社区。"),
        ("999999", "请从列表中选择社区。"),
        ("甲", "请从列表中选择社区。"),
        (str(a.id), "您的账号已是该社区。"),
    ):
        refused = _choose(client, sent)
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422, sent
        assert message in page and 'aria-invalid="true"' in page
        assert "乙社区" in page  # the choices are offered again
    db.session.expire_all()
    assert registrant.home_community_id == a.id
    assert db.session.scalars(select(Notification)).all() == []


def test_a_resident_who_named_none_names_one(client, auth, db, places):
    a, b, worker_a, worker_b, registrant = places
    registrant.home_community_id = None
    db.session.commit()
    auth.login(registrant.email)
    page = client.get("/account/community").get_data(as_text=True)
    assert "您还没有填写居住的社区" in page
    assert _choose(client, str(b.id)).status_code == 302
    db.session.expire_all()
    assert registrant.home_community_id == b.id


def test_a_linked_resident_reads_their_records_community_and_cannot_change_it(
    client, auth, db, places
):
    a, b, worker_a, worker_b, registrant = places
    ResidentFactory(community=a, user=registrant, name="错社区居民")
    auth.login(registrant.email)
    page = client.get("/account/community")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "您的账号已关联到您在" in text and "甲社区" in text
    assert "<select" not in text
    refused = client.post(
        "/account/community", data={"csrf_token": csrf_from(page), "community": str(b.id)}
    )
    assert refused.status_code == 409
    db.session.expire_all()
    assert registrant.home_community_id == a.id


def test_home_says_what_happens_next_while_waiting_and_what_to_do_once_linked(
    client, auth, db, places
):
    registrant = places[4]
    auth.login(registrant.email)
    waiting = client.get("/").get_data(as_text=True)
    assert "您的账号正在等待社区社工与您的服务对象档案关联" in waiting
    assert "您的账号在等待哪个社区的社工关联；如有错误可以更正。" in waiting
    ResidentFactory(community=places[0], user=registrant, name="错社区居民")
    db.session.commit()
    linked = client.get("/").get_data(as_text=True)
    assert "您可以申请帮助、发布微心愿，查看结对志愿者的每次探访并评价。" in linked
    assert "由哪个社区的社工为您服务。" in linked
    assert "正在等待" not in linked and "关联后" not in linked and "更正" not in linked
    assert linked.count('href="/account/community"') == 2  # the home card and the site menu


#: what only a linked resident can use: not offered on a waiting resident's home nor menu
RECORD_PAGES = ("/needs/new", "/needs/mine", "/wishes/new", "/wishes/mine", "/supervise/pairings")


def test_a_waiting_residents_home_says_whom_to_ask_and_offers_only_what_works(
    client, auth, db, places
):
    registrant = places[4]
    auth.login(registrant.email)
    waiting = client.get("/").get_data(as_text=True)
    assert "请联系您所在社区的社工" in waiting and registrant.email in waiting
    assert "您的账号正在等待" in waiting and "甲社区的社工关联" in waiting
    assert 'href="/account/community"' in waiting and 'href="/inbox"' in waiting
    assert not [path for path in RECORD_PAGES if f'href="{path}"' in waiting]
    assert 'id="queues-heading"' not in waiting  # no "nothing waits" for lists they cannot use

    ResidentFactory(community=places[0], user=registrant, name="错社区居民")
    db.session.commit()
    linked = client.get("/").get_data(as_text=True)
    assert all(f'href="{path}"' in linked for path in RECORD_PAGES)
    assert 'id="queues-heading"' in linked  # donors to thank, as before
    assert "请联系您所在社区的社工" not in linked


def test_a_waiting_resident_who_also_gives_keeps_their_donor_links(client, auth, db, places):
    registrant = places[4]
    registrant.grant(Role.DONOR)
    db.session.commit()
    auth.login(registrant.email)
    home = client.get("/").get_data(as_text=True)
    donor = home[home.index('id="role-donor"') : home.index('id="role-resident"')]
    assert 'href="/wishes/mine"' in donor and 'href="/offers/mine"' in donor
    resident = home[home.index('id="role-resident"') :]
    assert 'href="/wishes/mine"' not in resident and 'href="/needs/new"' not in resident
    assert "待送达的微心愿" in home  # the donor's own queue stays


def test_only_residents_have_the_page(client, login_as):
    login_as("donor")
    assert client.get("/account/community").status_code == 403


def test_the_not_linked_page_says_where_the_account_waits(client, auth, places):
    a, b, worker_a, worker_b, registrant = places
    auth.login(registrant.email)
    page = client.get("/needs/new").get_data(as_text=True)
    assert "您的账号正在等待" in page and "甲社区" in page
    assert 'href="/account/community"' in page


def test_a_social_worker_passing_it_on_meanwhile_wins_once(client, auth, db, places):
    a, b, worker_a, worker_b, registrant = places
    c = CommunityFactory(name="丙社区")
    assert registrant.home_community_id == a.id  # the resident's page showed 甲社区 …
    with db.engine.begin() as other:  # … while 甲社工 passed it to 丙社区
        other.execute(update(User).where(User.id == registrant.id).values(home_community_id=c.id))
    with pytest.raises(StaleTransition):
        correct_own_community(registrant, b)
    db.session.rollback()
    assert db.session.get(User, registrant.id).home_community_id == c.id
    assert db.session.scalars(select(Notification)).all() == []
