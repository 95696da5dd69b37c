"""The needs board: anonymised, filtered, the small-community rule, and "I can help"."""

import re

import pytest
from sqlalchemy import select

from matchmaker.board import services
from matchmaker.board.models import InterestStatus, NeedInterest
from matchmaker.core import availability as av
from matchmaker.core.events import history
from matchmaker.extensions import db as _db
from matchmaker.registry.models import NeedStatus
from tests.conftest import csrf_from
from tests.factories import NeedFactory, VolunteerFactory


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card need-card" id="need-(\d+)">(.*?)</li>', html, re.S)


def test_board_is_public_and_anonymised(client, board):
    html = client.get("/needs/board").get_data(as_text=True)
    assert len(cards(html)) == 3
    for name in ("王秀英", "赵大伯", "钱阿姨", "文三路99号", board["escort_1"].resident.phone):
        assert name not in html
    assert board["escort_1"].notes not in html  # notes may hold personal details
    assert "陪同出行" in html and "紧急" in html


def test_only_open_need_of_its_kind_in_its_community_is_shown_at_street_level(client, board):
    html = client.get("/needs/board").get_data(as_text=True)
    found = dict(cards(html))
    lone = found[str(board["lone"].id)]
    assert "北山街道" in lone and "宝石社区" not in lone
    assert "文三社区" in found[str(board["escort_1"].id)]  # two of a kind: community shown
    # Filtering on the community would reveal it: the lone need is not found that way.
    by_community = client.get(f"/needs/board?community={board['quiet'].id}").get_data(as_text=True)
    assert cards(by_community) == []
    by_street = client.get(f"/needs/board?street={board['street'].id}").get_data(as_text=True)
    assert len(cards(by_street)) == 3
    # Once a second haircut need opens there, both show their community.
    NeedFactory(resident=board["lone"].resident, open=True, service_type=board["lone"].service_type)
    html = client.get(f"/needs/board?community={board['quiet'].id}").get_data(as_text=True)
    assert len(cards(html)) == 2 and "宝石社区" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("skill={hair}", ["lone"]),
        ("day=tue&period=morning", ["escort_1"]),
        ("day=sat", ["escort_2", "lone"]),
        ("day=sat&period=morning", ["lone"]),
        ("period=afternoon", ["escort_2"]),
        ("urgency=urgent", ["escort_2"]),
        ("community={home}", ["escort_1", "escort_2"]),
        ("day=nonsense&urgency=bad&skill=99999999999", ["escort_1", "escort_2", "lone"]),
    ],
)
def test_filters(client, board, query, expected):
    url = "/needs/board?" + query.format(hair=board["hair"].id, home=board["home"].id)
    response = client.get(url)
    assert response.status_code == 200
    shown = {int(i) for i, _ in cards(response.get_data(as_text=True))}
    assert shown == {board[key].id for key in expected}


def test_one_open_need_reads_in_the_singular(client, board):
    url = f"/needs/board?skill={board['hair'].id}"
    assert "共 1 个开放的需求。" in client.get(url).get_data(as_text=True)
    client.set_cookie("mm_locale", "en")
    assert "1 open need." in client.get(url).get_data(as_text=True)
    assert "3 open needs." in client.get("/needs/board").get_data(as_text=True)


def test_board_pages(client, board):
    for _ in range(12):
        NeedFactory(open=True)
    first = client.get("/needs/board").get_data(as_text=True)
    second = client.get("/needs/board?page=2").get_data(as_text=True)
    assert len(cards(first)) == 10 and len(cards(second)) == 5
    assert "下一页" in first


def test_volunteer_offers_help_and_withdraws(client, auth, board, db):
    volunteer = board["volunteer"]
    auth.login(volunteer.user.email)
    page = client.get("/needs/board")
    need = board["escort_1"]
    response = client.post(f"/needs/board/{need.id}/help", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    interest = db.session.scalar(select(NeedInterest))
    assert (interest.need_id, interest.volunteer_id) == (need.id, volunteer.id)
    assert interest.status is InterestStatus.ACTIVE
    html = client.get("/needs/board").get_data(as_text=True)
    assert "您已表示愿意帮助" in html or "You offered to help" in html
    # Interest never decides anything: the need is still open.
    assert db.session.get(type(need), need.id).status is NeedStatus.OPEN
    response = client.post(f"/needs/board/{need.id}/withdraw", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    db.session.refresh(interest)
    assert interest.status is InterestStatus.WITHDRAWN
    # Offering again moves the same row back; each move is an event.
    client.post(f"/needs/board/{need.id}/help", data={"csrf_token": csrf_from(page)})
    db.session.refresh(interest)
    assert interest.status is InterestStatus.ACTIVE
    assert [e.to_state for e in history(interest)] == ["active", "withdrawn", "active"]


def test_a_volunteer_finds_the_needs_they_offered_to_help_with(client, auth, board, db):
    volunteer, need = board["volunteer"], board["escort_2"]
    auth.login(volunteer.user.email)
    page = client.get("/needs/board")
    assert "只看我愿意帮助的需求" in page.get_data(as_text=True)
    assert "我愿意帮助的需求" not in client.get("/volunteers/me").get_data(as_text=True)
    client.post(f"/needs/board/{need.id}/help", data={"csrf_token": csrf_from(page)})
    me = client.get("/volunteers/me").get_data(as_text=True)
    assert 'href="/needs/board?mine=1"' in me and "我愿意帮助的需求（1）" in me
    mine = client.get("/needs/board?mine=1").get_data(as_text=True)
    assert f"/needs/board/{need.id}/withdraw" in mine
    assert f"/needs/board/{board['escort_1'].id}/help" not in mine  # only their own
    assert mine.count('class="card need-card"') == 1
    assert 'id="mine" name="mine" value="1" checked' in mine
    # a visitor's "mine" means nothing: the whole board
    auth.logout()
    everyone = client.get("/needs/board?mine=1").get_data(as_text=True)
    assert 'id="mine"' not in everyone and everyone.count('class="card need-card"') == 3


def test_a_volunteer_sees_only_the_needs_that_fit_their_skills_and_times(client, auth, board):
    """李志愿 escorts, free on slots 3 and 9: the escort need on slot 3 fits; the escort need on
    slot 16 is at another time, and the haircut asks for a skill they lack."""
    auth.login(board["volunteer"].user.email)
    everyone = client.get("/needs/board").get_data(as_text=True)
    assert len(cards(everyone)) == 3 and "只看符合我的技能和时间的需求" in everyone
    fitting = client.get("/needs/board?fits=1").get_data(as_text=True)
    assert [n for n, _card in cards(fitting)] == [str(board["escort_1"].id)]
    assert 'id="fits" name="fits" value="1" checked' in fitting
    # given the haircut skill and the haircut's time (slot 15), that need fits too
    board["volunteer"].skills.append(board["hair"])
    board["volunteer"].availability |= av.mask_from_slots([15])
    _db.session.commit()
    fitting = client.get("/needs/board?fits=1").get_data(as_text=True)
    assert sorted(n for n, _card in cards(fitting)) == sorted(
        str(board[k].id) for k in ("escort_1", "lone")
    )
    # a visitor's "fits" means nothing: the whole board, no box
    auth.logout()
    visitor = client.get("/needs/board?fits=1").get_data(as_text=True)
    assert 'id="fits"' not in visitor and len(cards(visitor)) == 3


def test_interest_on_a_closed_need_is_refused_clearly(client, auth, board, db):
    need = board["escort_1"]
    need.status = NeedStatus.MATCHED
    db.session.commit()
    auth.login(board["volunteer"].user.email)
    page = client.get("/needs/board")
    response = client.post(f"/needs/board/{need.id}/help", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 409
    assert "该需求已不再开放" in response.get_data(as_text=True)
    assert db.session.scalar(select(NeedInterest)) is None


def test_unapproved_volunteer_and_other_roles_cannot_offer(client, auth, board, login_as, db):
    applicant = VolunteerFactory(community=board["home"])
    auth.login(applicant.user.email)
    page = client.get("/needs/board")
    assert '/help"' not in page.get_data(as_text=True)  # no "I can help" buttons
    response = client.post(
        f"/needs/board/{board['escort_1'].id}/help", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 403
    auth.logout()
    login_as("donor")
    page = client.get("/needs/board")
    response = client.post(
        f"/needs/board/{board['escort_1'].id}/help", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(NeedInterest)) is None


def test_interest_fills_the_scorer_feature_for_open_needs_only(board, db):
    volunteer, need = board["volunteer"], board["escort_1"]
    services.offer_help(need, volunteer, by=volunteer.user)
    services.offer_help(board["escort_2"], volunteer, by=volunteer.user)
    board["escort_2"].status = NeedStatus.CLOSED
    db.session.flush()
    assert services.interest_by_volunteer([volunteer.id]) == {volunteer.id: frozenset({need.id})}


def test_after_offering_help_the_volunteer_returns_only_to_a_local_page(client, auth, board):
    auth.login(board["volunteer"].user.email)
    page = client.get("/needs/board")
    need = board["escort_1"]
    response = client.post(
        f"/needs/board/{need.id}/help",
        data={"csrf_token": csrf_from(page), "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/needs/board")
    response = client.post(
        f"/needs/board/{need.id}/withdraw",
        data={"csrf_token": csrf_from(page), "next": "/needs/board?day=tue"},
    )
    assert response.headers["Location"].endswith("/needs/board?day=tue")


def test_a_refused_offer_shows_the_board_with_its_pages(client, auth, board, db):
    """The board a refusal shows is long enough to page: its page links lead to the board."""
    for _ in range(12):
        NeedFactory(open=True, resident__community=board["home"])
    db.session.commit()
    applicant = VolunteerFactory(community=board["home"])
    auth.login(applicant.user.email)
    page = client.get("/needs/board")
    assert 'href="/needs/board?page=2"' in page.get_data(as_text=True)
    response = client.post(
        f"/needs/board/{board['escort_1'].id}/help", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 403
    assert 'href="/needs/board?page=2"' in response.get_data(as_text=True)
