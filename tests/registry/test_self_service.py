"""A resident asks for help themselves; their request waits in the social worker's queue."""

import re

import pytest
from sqlalchemy import select

from matchmaker.core.events import history
from matchmaker.registry.models import Need, NeedStatus, ServiceType
from tests.factories import NeedFactory, ResidentFactory, UserFactory

REQUEST = {
    "service_type": "digital_skills",
    "notes": "想学用手机视频通话，和外地的女儿联系",
    "availability": ["sat-morning"],
    "home_visit": "yes",
}


@pytest.fixture
def linked(login_as, community):
    """A logged-in resident whose account is linked to their record."""
    user = login_as("resident")
    return ResidentFactory(community=community, user=user)


def test_a_linked_resident_submits_a_request(client, linked, db, post):
    page = client.get("/needs/new")
    assert page.status_code == 200
    assert 'name="skills"' not in page.get_data(as_text=True)  # the short form
    response = post("/needs/new", REQUEST)
    assert response.status_code == 302
    assert response.headers["Location"] == "/needs/mine"
    need = db.session.scalar(select(Need))
    assert need.resident_id == linked.id
    assert need.status is NeedStatus.SUBMITTED
    assert need.service_type is ServiceType.DIGITAL_SKILLS
    assert need.home_visit is True
    assert need.created_by_id == linked.user_id
    [event] = history(need)
    assert (event.from_state, event.to_state, event.actor_id) == (None, "submitted", linked.user_id)

    mine = client.get("/needs/mine", follow_redirects=True).get_data(as_text=True)
    assert "想学用手机视频通话" in mine


def test_the_request_reaches_the_review_queue(client, linked, auth, login_as, community, post):
    post("/needs/new", REQUEST)
    auth.logout()
    login_as("social_worker", communities=[community])
    queue = client.get("/needs?status=submitted").get_data(as_text=True)
    assert linked.name in queue


def test_a_request_with_errors_is_kept_and_nothing_saved(client, linked, db, post):
    client.set_cookie("mm_locale", "en")
    response = post("/needs/new", {**REQUEST, "notes": "", "availability": []})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Tell us in a few words what you need." in body
    assert "Tick at least one time of the week." in body
    assert re.search(r'<input checked[^>]*value="yes"', body)  # the answer is kept
    assert db.session.scalar(select(Need)) is None


def test_the_kind_of_help_is_the_residents_to_choose(client, linked, db, post):
    page = client.get("/needs/new").get_data(as_text=True)
    select_ = page[page.index('<select class="field__input" id="service_type"') :]
    select_ = select_[: select_.index("</select>")]
    # no kind of help is chosen for them: the empty first option stands until they choose
    assert 'required><option value="">请选择…</option>' in select_ and "selected" not in select_
    response = post("/needs/new", {**REQUEST, "service_type": ""})
    assert response.status_code == 422 and "请选择帮助类型" in response.get_data(as_text=True)
    assert db.session.scalar(select(Need)) is None
    # the summary names the question once, with one mark after it ("？: " read twice)
    assert ">您需要哪类帮助：请选择帮助类型。</a>" in response.get_data(as_text=True)
    client.set_cookie("mm_locale", "en")
    english = post("/needs/new", {**REQUEST, "service_type": ""}).get_data(as_text=True)
    assert ">What kind of help do you need: Choose the kind of help.</a>" in english


def test_an_unlinked_resident_is_told_and_cannot_submit(client, login_as, db, post):
    login_as("resident")
    client.set_cookie("mm_locale", "en")
    page = client.get("/needs/new")
    assert page.status_code == 200
    assert "A social worker needs to link your account" in page.get_data(as_text=True)
    assert 'name="notes"' not in page.get_data(as_text=True)
    assert post("/needs/new", REQUEST).status_code == 403
    assert db.session.scalar(select(Need)) is None
    assert "A social worker needs to link" in client.get("/needs/mine").get_data(as_text=True)


def test_residents_see_only_their_own_requests(client, linked, db):
    NeedFactory(resident=linked, submitted=True, notes="我自己的请求")
    someone_else = NeedFactory(notes="别人的隐私需求")
    body = client.get("/needs/mine").get_data(as_text=True)
    assert "我自己的请求" in body
    assert "别人的隐私需求" not in body
    assert someone_else.resident.name not in body
    assert client.get(f"/needs/{someone_else.id}").status_code == 403


def test_the_change_link_names_the_request_in_the_readers_punctuation(client, linked):
    """Screen readers hear which request the link changes: （…） in Chinese, (…) in English."""
    NeedFactory(resident=linked, submitted=True, service_type=ServiceType.DIGITAL_SKILLS)
    zh = client.get("/needs/mine").get_data(as_text=True)
    assert '修改此申请<span class="visually-hidden">（手机电脑教学）</span>' in zh
    client.set_cookie("mm_locale", "en")
    en = client.get("/needs/mine").get_data(as_text=True)
    hidden = '<span class="visually-hidden"> (Learning to use a phone or computer)</span>'
    assert "Change this request" + hidden in en


def test_the_day_a_request_was_sent_is_spaced_from_the_chinese(client, linked):
    """A number in Chinese text has a space either side: "提交于 2026-12-08", not "提交于2026…"."""
    from datetime import UTC, datetime

    NeedFactory(resident=linked, submitted=True, created_at=datetime(2026, 12, 8, 2, tzinfo=UTC))
    assert "提交于 2026-12-08</p>" in client.get("/needs/mine").get_data(as_text=True)
    client.set_cookie("mm_locale", "en")
    assert "Sent on 2026-12-08</p>" in client.get("/needs/mine").get_data(as_text=True)


def test_a_turned_down_request_shows_the_reason(client, linked, db):
    from matchmaker.registry import services
    from tests.factories import UserFactory

    need = NeedFactory(resident=linked, submitted=True)
    services.reject_need(need, by=UserFactory(roles=["social_worker"]), why="请直接拨打社区电话")
    db.session.commit()
    assert "请直接拨打社区电话" in client.get("/needs/mine").get_data(as_text=True)


@pytest.mark.parametrize("role", ["volunteer", "donor"])
def test_other_roles_cannot_ask_for_help_here(client, login_as, role):
    login_as(role)
    assert client.get("/needs/new").status_code == 403
    assert client.get("/needs/mine").status_code == 403


def test_resident_home_page_links(client, linked):
    body = client.get("/").get_data(as_text=True)
    assert 'href="/needs/new"' in body and 'href="/needs/mine"' in body
    assert 'href="/residents"' not in body
    # each link described as a resident uses it, not as a volunteer or a donor would
    assert "查看志愿者的每次探访并评价" in body and "并记录每次服务" not in body
    assert "您提交的心愿" in body and "您认领的心愿" not in body


def test_someone_both_volunteer_and_resident_reads_each_roles_words(client, auth, community):
    user = UserFactory(roles=["resident", "volunteer"])
    ResidentFactory(community=community, user=user)  # linked: the resident's pages work
    auth.login(user.email)
    body = client.get("/").get_data(as_text=True)
    assert "查看志愿者的每次探访并评价" in body and "查看与您结对的居民，并记录每次服务" in body
