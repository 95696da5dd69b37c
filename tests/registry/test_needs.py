"""Needs through their lifecycle: entered by staff, opened, closed, rejected; each step recorded."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.core import availability as av
from matchmaker.core.events import InvalidTransition, history
from matchmaker.core.types import Gender, utcnow
from matchmaker.registry import services
from matchmaker.registry.models import Need, NeedStatus, ServiceType, Urgency
from tests.factories import NeedFactory, ResidentFactory, SkillFactory, UserFactory


def need_form(**overrides) -> dict:
    data = {
        "service_type": "escort",
        "availability": ["tue-morning", "thu-afternoon"],
        "urgency": "high",
        "home_visit": "y",
        "gender_preference": "female",
        "notes": "每周二上午陪同去浙一医院复诊",
        "action": "open",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def resident(community):
    return ResidentFactory(community=community)


def states(subject) -> list[tuple]:
    return [(e.from_state, e.to_state) for e in history(subject)]


def test_staff_open_a_need_for_a_resident(client, worker, resident, db, post):
    escort = SkillFactory(name="陪同出行", name_en="Escort")
    page = client.get(f"/needs/new?resident={resident.id}").get_data(as_text=True)
    assert f'value="{escort.id}"' in page and "陪同出行" in page  # offered as a checkbox
    response = post(f"/needs/new?resident={resident.id}", need_form(skills=[str(escort.id)]))
    need = db.session.scalar(select(Need))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/needs/{need.id}"
    assert need.resident_id == resident.id
    assert need.status is NeedStatus.OPEN and need.opened_at is not None
    assert need.service_type is ServiceType.ESCORT
    assert need.skills == [escort]
    assert need.availability == av.mask_from_slots([av.slot_index(1, 0), av.slot_index(3, 1)])
    assert need.urgency is Urgency.HIGH
    assert need.home_visit is True
    assert need.gender_preference is Gender.FEMALE
    assert need.created_by_id == worker.id
    assert states(need) == [(None, "open")]


def test_a_draft_is_opened_later(client, worker, resident, db, post):
    post(f"/needs/new?resident={resident.id}", need_form(action="draft", gender_preference="any"))
    need = db.session.scalar(select(Need))
    assert need.status is NeedStatus.DRAFT and need.opened_at is None
    assert need.gender_preference is None
    refused = post(f"/needs/{need.id}/open", {}, page_url=f"/needs/{need.id}")
    assert refused.status_code == 422  # matching needs a required skill to look for
    escort = SkillFactory(name="陪同出行", name_en="Escort")
    response = post(
        f"/needs/{need.id}/open", {"skills": [str(escort.id)]}, page_url=f"/needs/{need.id}"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert need.status is NeedStatus.OPEN and need.opened_at is not None
    assert states(need) == [(None, "draft"), ("draft", "open")]
    assert need.skills == [escort]
    assert history(need)[-1].actor_id == worker.id


def test_a_need_form_with_errors_saves_nothing(client, worker, resident, db, post):
    client.set_cookie("mm_locale", "en")
    response = post(
        f"/needs/new?resident={resident.id}",
        need_form(availability=None, service_type="flying", notes="字" * 2001),
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Tick at least one time of the week." in body
    assert "Use at most 2000 characters." in body
    assert db.session.scalar(select(Need)) is None
    bad_slot = post(f"/needs/new?resident={resident.id}", need_form(availability=["fri-night"]))
    assert bad_slot.status_code == 422


def test_staff_need_form_without_a_resident_goes_to_the_list(client, worker):
    response = client.get("/needs/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/residents"


def test_closing_needs_a_reason(client, worker, resident, db, post):
    need = NeedFactory(resident=resident, open=True)
    client.set_cookie("mm_locale", "en")
    response = post(f"/needs/{need.id}/close", {"reason": "  "}, page_url=f"/needs/{need.id}")
    assert response.status_code == 422
    assert "Give a reason." in response.get_data(as_text=True)
    db.session.expire_all()
    assert need.status is NeedStatus.OPEN

    post(f"/needs/{need.id}/close", {"reason": "居民已搬离本区"}, page_url=f"/needs/{need.id}")
    db.session.expire_all()
    assert need.status is NeedStatus.CLOSED
    last = history(need)[-1]
    assert (last.from_state, last.to_state, last.reason) == ("open", "closed", "居民已搬离本区")


def test_rejecting_a_submitted_request(client, worker, resident, db, post):
    need = NeedFactory(resident=resident, submitted=True)
    url = f"/needs/{need.id}/reject"
    response = post(url, {"reason": "此类需求请拨打 12345"}, page_url=f"/needs/{need.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert need.status is NeedStatus.CLOSED
    assert states(need)[-1] == ("submitted", "closed")
    assert history(need)[-1].reason == "此类需求请拨打 12345"


@pytest.mark.parametrize(
    ("trait", "action"),
    [
        ("open", "open"),  # already open
        ("open", "reject"),  # only submitted needs are rejected
        ("submitted", "close"),  # a submitted need is rejected, not closed
        ("closed", "close"),
        ("closed", "open"),
        ("matched", "close"),  # its pairing must end first
    ],
)
def test_a_wrong_move_is_refused_with_409(client, worker, resident, db, post, trait, action):
    status = {"closed": NeedStatus.CLOSED, "matched": NeedStatus.MATCHED}
    if trait in status:
        need = NeedFactory(resident=resident, status=status[trait])
    else:
        need = NeedFactory(resident=resident, **{trait: True})
    before = need.status
    response = post(f"/needs/{need.id}/{action}", {"reason": "试试"}, page_url=f"/needs/{need.id}")
    assert response.status_code == 409
    db.session.expire_all()
    assert need.status is before
    assert history(need) == []


def test_services_refuse_wrong_moves(db):
    staff = UserFactory(roles=["social_worker"])
    need = NeedFactory(open=True)
    with pytest.raises(InvalidTransition):
        services.open_need(need, by=staff)
    with pytest.raises(InvalidTransition):
        services.reject_need(need, by=staff, why="no")
    services.close_need(need, by=staff, why="done")
    with pytest.raises(InvalidTransition):
        services.close_need(need, by=staff, why="again")


def test_the_needs_list_filters(client, worker, resident, db):
    sign = SkillFactory(name="手语", name_en="Sign language")
    submitted = NeedFactory(resident=resident, submitted=True, notes="我想学用手机")
    opened = NeedFactory(
        resident=resident, open=True, service_type=ServiceType.TUTORING, skills=[sign]
    )
    client.set_cookie("mm_locale", "en")
    everything = client.get("/needs").get_data(as_text=True)
    assert "2 needs found." in everything
    assert "1 request from a resident awaits your review." in everything
    queue = client.get("/needs?status=submitted").get_data(as_text=True)
    assert f"/needs/{submitted.id}" in queue and f"/needs/{opened.id}" not in queue
    by_skill = client.get(f"/needs?skill={sign.id}").get_data(as_text=True)
    assert f"/needs/{opened.id}" in by_skill and f"/needs/{submitted.id}" not in by_skill
    by_service = client.get("/needs?service=tutoring&urgency=normal").get_data(as_text=True)
    assert "1 need found." in by_service
    assert "0 needs found." in client.get("/needs?community=999999").get_data(as_text=True)
    client.set_cookie("mm_locale", "zh_CN")
    in_chinese = client.get("/needs?service=tutoring&urgency=normal").get_data(as_text=True)
    assert "共找到 1 条需求。" in in_chinese
    assert "有 1 条服务对象的求助申请等待您审核。" in in_chinese
    assert client.get("/needs?status=nonsense&page=x").status_code == 200


def test_the_needs_list_in_the_order_the_social_worker_works(client, worker, resident, db):
    now = utcnow()
    old = NeedFactory(resident=resident, open=True, created_at=now - timedelta(days=40))
    urgent = NeedFactory(
        resident=resident, open=True, urgency=Urgency.URGENT, created_at=now - timedelta(days=2)
    )
    new = NeedFactory(resident=resident, open=True, created_at=now - timedelta(hours=1))
    high = NeedFactory(
        resident=resident, open=True, urgency=Urgency.HIGH, created_at=now - timedelta(days=9)
    )

    def order(query: str) -> list[int]:
        page = client.get(f"/needs?status=open{query}").get_data(as_text=True)
        return [int(n) for n in re.findall(r'href="/needs/(\d+)[?"]', page)]

    assert order("") == [new.id, urgent.id, high.id, old.id]  # newest entered first
    assert order("&sort=oldest") == [old.id, high.id, urgent.id, new.id]
    assert order("&sort=urgency") == [urgent.id, high.id, old.id, new.id]
    assert order("&sort=nonsense") == order("")


def test_need_detail_shows_the_history(client, worker, resident, db, post):
    need = NeedFactory(resident=resident, submitted=True)
    escort = SkillFactory(name="陪同出行", name_en="Escort")
    post(f"/needs/{need.id}/open", {"skills": [str(escort.id)]}, page_url=f"/needs/{need.id}")
    client.set_cookie("mm_locale", "en")
    body = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Awaiting review → Open" in body
    assert worker.name in body


def test_a_need_form_sent_twice_makes_one_need(client, worker, resident, db, post):
    # a double tap, or the form sent again after a slow answer: the same need, not two
    form = need_form(skills=[str(SkillFactory(name="陪同出行").id)])
    first = post(f"/needs/new?resident={resident.id}", form)
    again = post(f"/needs/new?resident={resident.id}", form)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert len(db.session.scalars(select(Need)).all()) == 1
    other = post(f"/needs/new?resident={resident.id}", {**form, "notes": "每周四下午陪同买菜"})
    assert other.status_code == 302 and other.headers["Location"] != first.headers["Location"]
    assert len(db.session.scalars(select(Need)).all()) == 2


def test_each_need_in_the_list_has_a_link_of_its_own(client, worker, resident, db):
    # a screen reader's list of links: not 陪同出行, 陪同出行, … but whose and when
    other = ResidentFactory(community=resident.community, name="李桂芳")
    for who in (resident, resident, other):
        NeedFactory(resident=who, service_type=ServiceType.ESCORT)
    page = client.get("/needs").get_data(as_text=True)
    links = re.findall(r'<a href="/needs/\d+[^"]*">(.*?)</a>', page, re.S)
    names = [" ".join(re.sub(r"<[^>]+>", "", text).split()) for text in links]
    assert len(names) == 3 and any("李桂芳" in name for name in names)
    assert all(name.startswith("陪同出行") for name in names)
