"""The supervision dashboard on a district's backlog: its statements do not grow with the rows
(each row's pairing and names are read with it), each section lists its most urgent rows only
and says how many there are in all, and a social worker still sees only their communities."""

from datetime import timedelta

import pytest

from matchmaker.supervise import dashboard
from matchmaker.supervise.incidents import report_incident
from tests.factories import CommunityFactory
from tests.queries import statements_for
from tests.supervise.builders import NOW, TODAY, log_visit, make_pairing, pause_at_review

#: what the page may add for 22 more rows of each section: nothing a row
SLACK = 2


def _backlog_pairing(community, number: int, *, days_ago: int = 0):
    """An active pairing with a visit 40 days ago still to verify: a log to verify, a pairing
    with no visit in 30 days and, once the dashboard schedules it, an overdue review."""
    pairing = make_pairing(
        community=community,
        activated=NOW - timedelta(days=120 + days_ago),
        name=f"居民{number:02d}",
    )
    log_visit(pairing, TODAY - timedelta(days=40 + days_ago))
    return pairing


def _count(client) -> int:
    client.get("/supervise")  # schedules the new pairings' reviews: work once, not a read
    return statements_for(client, "/supervise")


def test_its_statements_do_not_grow_with_the_rows(db, client, login_as):
    community = CommunityFactory(name="文三社区")
    worker = login_as("social_worker", communities=[community])
    numbers = iter(range(100))

    def add():
        pairing = _backlog_pairing(community, next(numbers))
        if pairing.id % 4 == 0:  # and now and then an open incident on another pairing
            other = make_pairing(community=community, name=f"居民{next(numbers):02d}")
            report_incident(other, by=worker, description="居民摔倒", now=NOW)
            db.session.commit()
        return pairing

    added = [add() for _ in range(3)]
    few = _count(client)
    added += [add() for _ in range(22)]
    many = _count(client)
    page = client.get("/supervise").get_data(as_text=True)
    assert "待核实的服务记录：25" in page and "30 天内无服务记录的结对：25" in page
    assert "逾期督导：25，即将到期：0" in page
    missing = [p.id for p in added if f"/supervise/pairings/{p.id}" not in page]
    assert not missing
    assert many <= few + SLACK, f"/supervise: {few} statements with 3 rows, {many} with 25"


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(dashboard, "SECTION_CAP", 3)


def test_a_long_section_shows_its_most_urgent_rows_and_how_many_in_all(
    db, client, login_as, cap_of_three
):
    community = CommunityFactory(name="文三社区")
    login_as("social_worker", communities=[community])
    # 居民00 has waited longest (its review, visit and log are the oldest), 居民04 the least
    pairings = [_backlog_pairing(community, n, days_ago=10 * (5 - n)) for n in range(5)]
    client.get("/supervise")  # schedules their reviews, due 30 days after activation
    page = client.get("/supervise").get_data(as_text=True)

    assert "显示逾期最久的 3 条，共 5 条。" in page
    assert "显示最早的 3 次探访，共 5 次。" in page
    assert "显示最久未探访的 3 个，共 5 个。" in page
    assert "待核实的服务记录：5" in page and "30 天内无服务记录的结对：5" in page
    assert "逾期督导：5，即将到期：0" in page
    for section in ("verify-heading", "reviews-heading", "quiet-heading"):
        part = page.split(f'id="{section}"')[1].split("</section>")[0]
        shown = [p for p in pairings if f"/supervise/pairings/{p.id}" in part]
        assert shown == pairings[:3], section  # the three most urgent, in that order
        places = [part.index(f"/supervise/pairings/{p.id}") for p in shown]
        assert places == sorted(places), section

    client.set_cookie("mm_locale", "en")
    english = client.get("/supervise").get_data(as_text=True)
    assert "Showing the 3 most overdue of 5." in english
    assert "Showing the 3 longest without a visit, of 5." in english


def test_the_audit_counts_the_pairings_shown(db, client, login_as, cap_of_three):
    community = CommunityFactory()
    worker = login_as("social_worker", communities=[community])
    for n in range(5):
        _backlog_pairing(community, n, days_ago=n)
    client.get("/supervise")
    board = dashboard.dashboard(worker, NOW)
    assert board.totals["overdue"] == 5 and len(board.overdue) == 3
    assert board.names_shown == 3  # the same three pairings head each of the three sections


def test_a_social_worker_sees_and_counts_only_their_communities(db, client, login_as, cap_of_three):
    mine, theirs = CommunityFactory(name="文三社区"), CommunityFactory(name="翠苑社区")
    worker = login_as("social_worker", communities=[mine])
    # the other community's pairings are the more urgent ones
    others = [_backlog_pairing(theirs, n, days_ago=100 + n) for n in range(4)]
    own = [_backlog_pairing(mine, 10 + n) for n in range(2)]
    client.get("/supervise")
    page = client.get("/supervise").get_data(as_text=True)
    assert all(f"/supervise/pairings/{p.id}" in page for p in own)
    assert not any(f"/supervise/pairings/{p.id}" in page for p in others)
    assert "待核实的服务记录：2" in page and "30 天内无服务记录的结对：2" in page
    assert "显示" not in page.split('id="verify-heading"')[1].split("</section>")[0]
    board = dashboard.dashboard(worker, NOW)
    assert board.totals == {
        "to_verify": 2,
        "changes": 0,
        "overdue": 2,
        "due": 0,
        "incidents": 0,
        "quiet": 2,
        "paused": 0,
    }


def test_a_long_list_of_paused_pairings_links_to_every_suspended_one(
    db, client, login_as, cap_of_three
):
    community = CommunityFactory()
    worker = login_as("social_worker", communities=[community])
    pairings = [make_pairing(community=community, name=f"居民{n}") for n in range(4)]
    client.get("/supervise")  # schedules their reviews
    for pairing in pairings:
        pause_at_review(pairing, worker)
    db.session.commit()
    page = client.get("/supervise").get_data(as_text=True)
    part = page.split('id="paused-heading"')[1].split("</section>")[0]
    assert "显示暂停最久的 3 个，共 4 个。" in part
    assert 'href="/supervise/pairings?status=suspended"' in part
    assert "暂停中的结对：4" in page


def test_every_open_incident_is_listed_past_the_cap(db, client, login_as, cap_of_three):
    community = CommunityFactory()
    worker = login_as("social_worker", communities=[community])
    pairings = [make_pairing(community=community, name=f"居民{n}") for n in range(5)]
    for pairing in pairings:
        report_incident(pairing, by=worker, description="居民摔倒", now=NOW)
    db.session.commit()
    page = client.get("/supervise").get_data(as_text=True)
    part = page.split('id="incidents-heading"')[1].split("</section>")[0]
    assert all(f"/supervise/pairings/{p.id}" in part for p in pairings)
    assert "未处理的事件：5" in page and "显示" not in part
