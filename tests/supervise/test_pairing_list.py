"""/supervise/pairings: the staff's filtered, paged list of their communities' pairings (only
theirs, DESIGN §8, each page view audited), and the volunteer's and resident's own list."""

import re

import pytest
from sqlalchemy import select

from matchmaker.core.models import AuditEntry
from matchmaker.match.models import PairingStatus
from matchmaker.registry.listing import PAGE_SIZE
from tests.factories import CommunityFactory, UserFactory, VolunteerFactory
from tests.supervise.builders import make_pairing

ROW = re.compile(r'href="/supervise/pairings/(\d+)[?"]')


def shown(client, query: str = "") -> list[int]:
    """The ids of the pairings the list links to, in order."""
    return [
        int(i)
        for i in ROW.findall(client.get(f"/supervise/pairings{query}").get_data(as_text=True))
    ]


@pytest.fixture
def community(db):
    return CommunityFactory(name="文三社区")


@pytest.fixture
def by_status(community):
    """One pairing in each state in ``community``, each with its own resident and volunteer."""
    return {
        status: make_pairing(
            status,
            community=community,
            name=f"居民{status.value}",
            volunteer=VolunteerFactory(
                approved=True, community=community, user__name=f"志愿{status.value}"
            ),
        )
        for status in PairingStatus
    }


@pytest.fixture
def worker(client, auth, community):
    user = UserFactory(roles=["social_worker"], communities=[community], name="陈社工")
    auth.login(user.email)
    client.set_cookie("mm_locale", "en")
    return user


def test_the_list_shows_pairings_not_ended_by_default(client, worker, by_status):
    body = client.get("/supervise/pairings").get_data(as_text=True)
    ended = by_status.pop(PairingStatus.ENDED)
    assert set(shown(client)) == {p.id for p in by_status.values()}
    assert "居民ended" not in body and ended.id not in shown(client)
    assert '<p role="status">3 pairings found.</p>' in body
    assert '<option value="open" selected>Not ended</option>' in body
    assert '<label class="field__label" for="status">' in body
    assert '<label class="field__label" for="q">' in body


@pytest.mark.parametrize("status", list(PairingStatus))
def test_filter_by_one_status(client, worker, by_status, status):
    assert shown(client, f"?status={status.value}") == [by_status[status].id]
    body = client.get(f"/supervise/pairings?status={status.value}").get_data(as_text=True)
    assert f'<option value="{status.value}" selected>' in body
    assert '<p role="status">1 pairing found.</p>' in body


def test_all_and_an_unknown_status(client, worker, by_status):
    assert len(shown(client, "?status=all")) == 4
    assert shown(client, "?status=nonsense") == shown(client)  # the default


def test_search_by_resident_or_volunteer_name(client, worker, by_status):
    active = by_status[PairingStatus.ACTIVE]
    assert shown(client, "?q=居民active") == [active.id]
    assert shown(client, "?q=志愿active") == [active.id]
    assert shown(client, "?q=居民ended") == []  # ended: only with the status asking for it
    assert shown(client, "?q=居民ended&status=all") == [by_status[PairingStatus.ENDED].id]
    assert shown(client, "?q=%25") == []  # a wildcard is a character, not "anything"
    body = client.get("/supervise/pairings?q=nobody").get_data(as_text=True)
    assert "0 pairings found." in body
    assert "No pairing matches this status and search." in body
    assert 'value="nobody"' in body  # the search is kept in its field


def test_pages_keep_the_filter(client, worker, community):
    volunteer = VolunteerFactory(approved=True, community=community, user__name="李志愿")
    made = [
        make_pairing(community=community, volunteer=volunteer, name=f"居民{n}")
        for n in range(PAGE_SIZE + 1)
    ]
    first = shown(client, "?q=李志愿")
    body = client.get("/supervise/pairings?q=李志愿").get_data(as_text=True)
    assert len(first) == PAGE_SIZE and f"{PAGE_SIZE + 1} pairings found." in body
    assert "Page 1 of 2" in body
    assert "/supervise/pairings?q=%E6%9D%8E%E5%BF%97%E6%84%BF&amp;page=2" in body
    second = shown(client, "?q=李志愿&page=2")
    assert len(second) == 1 and set(first + second) == {p.id for p in made}
    assert shown(client, "?q=李志愿&page=99") == second  # clamped to the last page


def test_another_communitys_pairings_never_show(client, worker, by_status):
    theirs = make_pairing(
        PairingStatus.ACTIVE,
        community=CommunityFactory(name="古荡社区"),
        name="外社区居民",
        volunteer=VolunteerFactory(approved=True, user__name="外社区志愿"),
    )
    for query in ["", "?status=all", "?status=active", "?page=2"]:
        body = client.get(f"/supervise/pairings{query}").get_data(as_text=True)
        assert theirs.id not in shown(client, query)
        assert "外社区" not in body and "古荡社区" not in body
    for name in ["外社区", "外社区居民", "外社区志愿"]:
        for status in ["", "&status=all", "&status=active"]:
            body = client.get(f"/supervise/pairings?q={name}{status}").get_data(as_text=True)
            assert "0 pairings found." in body and "古荡社区" not in body
            assert ROW.findall(body) == []


def test_an_admin_sees_every_community(client, auth, by_status):
    theirs = make_pairing(community=CommunityFactory(), name="外社区居民")
    auth.login(UserFactory(roles=["admin"]).email)
    assert theirs.id in shown(client, "?q=外社区居民")


def test_each_page_shown_is_one_audit_entry_with_its_filter(db, client, auth, worker, by_status):
    client.get("/supervise/pairings?status=active&q=居民")
    entries = db.session.scalars(select(AuditEntry)).all()
    assert [(e.actor_id, e.action, e.subject_type, e.subject_id) for e in entries] == [
        (worker.id, "view_pairing_list", "", None)
    ]  # one for the list, none per row
    assert entries[0].detail == "q=居民 status=active page=1"
    client.get("/supervise/pairings")
    assert db.session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id)).all()[-1] == (
        "status=open page=1"
    )
    auth.logout()
    auth.login(UserFactory(roles=["admin"]).email)
    log = client.get("/admin/audit?action=view_pairing_list").get_data(as_text=True)
    assert "Viewed the pairings list" in log and worker.name in log
    assert "Search: “居民”; Status: In progress" in log
    client.set_cookie("mm_locale", "zh_CN")
    assert "查看结对列表" in client.get("/admin/audit").get_data(as_text=True)


def test_the_volunteers_own_list_is_unchanged(db, client, auth, community):
    volunteer = VolunteerFactory(approved=True, community=community, user__name="李志愿")
    active = make_pairing(community=community, volunteer=volunteer, name="王秀英")
    waiting = make_pairing(
        PairingStatus.CONFIRMED, community=community, volunteer=volunteer, name="张桂兰"
    )
    ended = make_pairing(PairingStatus.ENDED, community=community, volunteer=volunteer)
    other = make_pairing(community=community, name="赵别人")
    auth.login(volunteer.user.email)
    body = client.get("/supervise/pairings?status=active&q=王").get_data(as_text=True)
    assert shown(client, "?status=active") == [ended.id, waiting.id, active.id]  # all, newest first
    assert other.id not in shown(client)
    assert "王秀英" in body  # active: the name
    assert "张桂兰" not in body and "张**" in body  # not yet active: the masked name
    assert 'id="q"' not in body and 'role="search"' not in body
    assert db.session.scalars(select(AuditEntry)).all() == []  # their own pairings: no audit


def test_the_residents_own_list_is_unchanged(db, client, auth):
    pairing = make_pairing(PairingStatus.CONFIRMED, name="王秀英")
    make_pairing(name="赵别人")
    auth.login(pairing.need.resident.user.email)
    body = client.get("/supervise/pairings").get_data(as_text=True)
    assert shown(client) == [pairing.id]
    assert "王秀英" in body  # their own name, not masked
    assert 'id="q"' not in body
