"""The proposals page for a social worker with many open cases: ten needs a page, one
community at a time if they choose, and every decision brings the page back as they left
it (the next need in view after a confirmation)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.core.types import utcnow
from matchmaker.match.loading import URGENCY_LEVEL
from matchmaker.match.models import MatchRun, Proposal, ProposalStatus
from matchmaker.registry.models import NeedStatus, Urgency
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.queries import statements_for

NEED_HEADING = re.compile(r'<div id="need-(\d+)">')


@pytest.fixture
def caseload(db):
    """A social worker of two communities: 12 needs waiting in 文三社区, 3 in 古荡社区, each
    with one proposed volunteer (better scores first, as the default order shows them)."""
    home = CommunityFactory(name="文三社区")
    other = CommunityFactory(name="古荡社区")
    worker = UserFactory(roles=["social_worker"], communities=[home, other], name="陈社工")
    run = MatchRun()
    db.session.add(run)
    db.session.flush()
    needs = {home.id: [], other.id: []}
    for n, community in enumerate([home] * 12 + [other] * 3):
        need = NeedFactory(resident=ResidentFactory(community=community), open=True)
        volunteer = VolunteerFactory(approved=True, community=community)
        db.session.add(
            Proposal(
                run_id=run.id,
                need_id=need.id,
                volunteer_id=volunteer.id,
                score=0.99 - n / 100,
                features={},
                contributions={},
            )
        )
        needs[community.id].append(need.id)
    db.session.commit()
    return {"home": home, "other": other, "worker": worker, "needs": needs}


def shown(page) -> list[int]:
    return [int(n) for n in NEED_HEADING.findall(page.get_data(as_text=True))]


def test_ten_needs_a_page(client, auth, caseload):
    auth.login(caseload["worker"].email)
    first = client.get("/match/proposals")
    body = first.get_data(as_text=True)
    everyone = caseload["needs"][caseload["home"].id] + caseload["needs"][caseload["other"].id]
    assert shown(first) == everyone[:10]
    assert "有 15 个需求的配对建议等待您确认。" in body and "第 1 页，共 2 页" in body
    second = client.get("/match/proposals?page=2")
    assert shown(second) == everyone[10:]
    assert shown(client.get("/match/proposals?page=99")) == everyone[10:]  # the last page


def test_one_community_at_a_time(client, auth, caseload):
    auth.login(caseload["worker"].email)
    body = client.get("/match/proposals").get_data(as_text=True)
    assert f'<option value="{caseload["other"].id}">古荡社区（3 个需求）</option>' in body
    assert f'<option value="{caseload["home"].id}">文三社区（12 个需求）</option>' in body
    other = client.get(f"/match/proposals?community={caseload['other'].id}")
    assert shown(other) == caseload["needs"][caseload["other"].id]
    assert "有 3 个需求的配对建议等待您确认。" in other.get_data(as_text=True)
    # a community not theirs (or with nothing waiting) shows the whole list
    elsewhere = CommunityFactory()
    assert len(shown(client.get(f"/match/proposals?community={elsewhere.id}"))) == 10


def test_a_decision_brings_the_page_back_as_it_was(client, auth, caseload):
    auth.login(caseload["worker"].email)
    home = caseload["home"].id
    address = f"/match/proposals?sort=waiting&community={home}&page=2"
    page = client.get(address)
    on_page = shown(page)
    assert on_page == caseload["needs"][home][10:]
    html = page.get_data(as_text=True)
    confirm = re.search(r'action="(/match/proposals/\d+/confirm\?[^"]+)"', html).group(1)
    confirm = confirm.replace("&amp;", "&")
    response = client.post(confirm, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "sort=waiting" in location and f"community={home}" in location
    assert "page=2" in location and location.endswith(f"#need-{on_page[1]}")
    # that page now holds the one need left on it
    assert shown(client.get(location.split("#")[0])) == on_page[1:]


def test_a_refused_rejection_shows_its_page_with_the_error(client, auth, caseload):
    auth.login(caseload["worker"].email)
    page = client.get("/match/proposals?page=2")
    html = page.get_data(as_text=True)
    reject = re.search(r'action="(/match/proposals/(\d+)/reject\?[^"]+)"', html)
    response = client.post(
        reject.group(1).replace("&amp;", "&"), data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 422
    assert shown(response) == shown(page)
    assert f'id="p{reject.group(2)}-reason"' in response.get_data(as_text=True)


# The database chooses the page: its order, counts and pages must be the ones the list has
# always had, and the page's statements must not grow with the needs waiting.


def _waiting_list(db, communities, count, *, volunteers=None):
    """``count`` open needs, spread over ``communities``, with proposals waiting; made so
    that every order has ties (scores, times, urgencies) and some needs wait on their
    alternative only (the best was rejected), or have an alternative that scores higher.
    Returns what each order sorts on, a need at a time."""
    run = MatchRun()
    db.session.add(run)
    db.session.flush()
    start = utcnow() - timedelta(days=30)
    volunteers = volunteers or [VolunteerFactory(approved=True) for _ in range(3)]
    urgencies = [Urgency.NORMAL, Urgency.HIGH, Urgency.URGENT, Urgency.NORMAL]
    scores = [0.9, 0.8, 0.8, 0.7, 0.85]
    made = []
    for n in range(count):
        community = communities[n % 3 % len(communities)]
        created = start + timedelta(hours=n % 3)
        opened = None if n % 4 == 0 else start + timedelta(hours=n % 5)
        need = NeedFactory(
            resident=ResidentFactory(community=community),
            status=NeedStatus.OPEN,
            created_at=created,
            opened_at=opened,
            urgency=urgencies[n % 4],
        )
        best = scores[n % 5]
        rejected = n % 5 == 1
        ranks = [(0, best, ProposalStatus.REJECTED if rejected else ProposalStatus.PROPOSED)]
        if n % 2 or rejected:
            ranks.append((1, best + 0.15 if n % 3 else best - 0.05, ProposalStatus.PROPOSED))
        for rank, score, status in ranks:
            db.session.add(
                Proposal(
                    run_id=run.id,
                    need_id=need.id,
                    volunteer_id=volunteers[rank % len(volunteers)].id,
                    rank=rank,
                    score=score,
                    status=status,
                    features={},
                    contributions={},
                )
            )
        first = next(score for _rank, score, status in ranks if status is ProposalStatus.PROPOSED)
        made.append(
            {
                "id": need.id,
                "community": community.id,
                "score": first,
                "since": opened or created,
                "level": URGENCY_LEVEL[need.urgency],
            }
        )
    db.session.commit()
    return made


#: the orders as the page has always offered them (each ties broken by the need's id)
ORDERS = {
    "score": lambda n: (-n["score"], n["id"]),
    "waiting": lambda n: (n["since"], n["id"]),
    "urgency": lambda n: (-n["level"], n["id"]),
}


@pytest.mark.parametrize("sort", sorted(ORDERS))
def test_every_order_pages_and_filters_as_it_always_has(client, auth, db, sort):
    home, other, elsewhere = (
        CommunityFactory(name=name) for name in ("文三社区", "古荡社区", "翠苑社区")
    )
    worker = UserFactory(roles=["social_worker"], communities=[home, other])
    needs = _waiting_list(db, [home, other, elsewhere], 36)
    mine = sorted((n for n in needs if n["community"] != elsewhere.id), key=ORDERS[sort])
    assert len(mine) == 24
    auth.login(worker.email)
    for page in (1, 2, 3):
        response = client.get(f"/match/proposals?sort={sort}&page={page}")
        assert shown(response) == [n["id"] for n in mine[(page - 1) * 10 : page * 10]], page
    assert shown(client.get(f"/match/proposals?sort={sort}&page=7")) == [n["id"] for n in mine[20:]]
    for community, pages in ((home, 2), (other, 2)):
        theirs = [n["id"] for n in mine if n["community"] == community.id]
        for page in range(1, pages + 1):
            response = client.get(
                f"/match/proposals?sort={sort}&community={community.id}&page={page}"
            )
            assert shown(response) == theirs[(page - 1) * 10 : page * 10], (community.name, page)
    body = client.get(f"/match/proposals?sort={sort}").get_data(as_text=True)
    assert "有 24 个需求的配对建议等待您确认。" in body and "第 1 页，共 3 页" in body
    assert f'<option value="{home.id}">文三社区（12 个需求）</option>' in body
    assert f'<option value="{other.id}">古荡社区（12 个需求）</option>' in body
    assert "翠苑社区" not in body  # not theirs (DESIGN §8)


def test_the_pages_statements_do_not_grow_with_the_needs_waiting(client, auth, db):
    home, other = CommunityFactory(), CommunityFactory()
    worker = UserFactory(roles=["social_worker"], communities=[home, other])
    auth.login(worker.email)
    counted = {}
    made = 0
    for count in (3, 12, 40):  # fewer than a page, a page and a bit, four pages
        volunteers = [VolunteerFactory(approved=True) for _ in range(2)]  # new names to read
        _waiting_list(db, [home, other], count - made, volunteers=volunteers)
        made = count
        statements_for(client, "/match/proposals")  # warm up
        counted[count] = [
            statements_for(client, f"/match/proposals?sort={sort}&page=2") for sort in ORDERS
        ]
    few, some, many = counted[3], counted[12], counted[40]
    assert all(s <= f + 2 for f, s in zip(few, some, strict=True)), counted
    assert all(m <= s + 2 for s, m in zip(some, many, strict=True)), counted


def test_after_a_confirmation_the_page_is_the_one_holding_the_next_need(client, auth, db):
    """Confirming the first need of page 2 also withdraws its volunteer's proposal for a need
    on page 1 (they are full): the need that followed moves up to page 1, and so does the
    address the decision sends the social worker back to."""
    home = CommunityFactory(name="文三社区")
    worker = UserFactory(roles=["social_worker"], communities=[home])
    busy = VolunteerFactory(approved=True, capacity=1)
    others = [VolunteerFactory(approved=True)]
    needs = _waiting_list(db, [home], 14, volunteers=others)
    order = [n["id"] for n in sorted(needs, key=ORDERS["waiting"])]
    run = db.session.scalar(select(MatchRun))
    for proposal in db.session.scalars(select(Proposal).where(Proposal.need_id == order[0])):
        proposal.status = ProposalStatus.REJECTED  # order[0] waits on the busy one alone
    for need_id in (order[0], order[10]):  # first on page 1, first on page 2
        db.session.add(
            Proposal(
                run_id=run.id,
                need_id=need_id,
                volunteer_id=busy.id,
                rank=2,
                score=0.5,
                features={},
                contributions={},
            )
        )
    db.session.commit()
    auth.login(worker.email)
    page = client.get("/match/proposals?sort=waiting&page=2")
    assert shown(page) == order[10:]
    proposal = db.session.scalar(
        select(Proposal).where(Proposal.need_id == order[10], Proposal.volunteer_id == busy.id)
    )
    html = page.get_data(as_text=True)
    confirm = re.search(rf'action="(/match/proposals/{proposal.id}/confirm\?[^"]+)"', html)
    assert f"then={order[11]}" in confirm.group(1)
    response = client.post(
        confirm.group(1).replace("&amp;", "&"), data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith(f"#need-{order[11]}") and "sort=waiting" in location
    assert "page=" not in location  # order[0] and order[10] have left: it is on page 1 now
    assert shown(client.get(location.split("#")[0])) == order[1:10] + order[11:12]
