"""The proposals page for a social worker with many open cases: ten needs a page, one
community at a time if they choose, and every decision brings the page back as they left
it (the next need in view after a confirmation)."""

import re

import pytest

from matchmaker.match.models import MatchRun, Proposal
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    UserFactory,
    VolunteerFactory,
)

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
