"""A volunteer's and an account's history read in the reader's language, not in state codes."""

import re

import pytest

from matchmaker.accounts.models import Role
from matchmaker.accounts.services import register_user, set_active
from matchmaker.core.histories import event_reason
from matchmaker.recruit import services
from matchmaker.recruit.models import BackgroundCheck, VolunteerStatus
from tests.factories import CommunityFactory, SkillFactory, UserFactory


def history_of(page: str) -> str:
    """The text of the page's history list, tags stripped and spaces squeezed."""
    found = re.search(r'<ol class="history">(.*?)</ol>', page, re.S)
    assert found, "no history on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


@pytest.fixture
def volunteer(db):
    home = CommunityFactory(name="文三社区")
    worker = UserFactory(roles=["social_worker"], communities=[home], name="陈社工")
    user = register_user(name="李志愿", login="li@example.org", password=None, role=Role.VOLUNTEER)
    sign, escort = SkillFactory(name="手语"), SkillFactory(name="陪同出行")
    volunteer = services.apply(user, community=home, skills=[sign], availability=1)
    services.set_background_check(volunteer, BackgroundCheck.PASSED, by=worker)
    services.decide(volunteer, VolunteerStatus.APPROVED, by=worker)
    services.update_profile(volunteer, by=user, skills=[sign, escort])
    services.suspend(volunteer, by=worker, reason="督导回访期间暂停")
    db.session.commit()
    return volunteer


def test_the_volunteer_history_in_chinese(client, auth, volunteer):
    auth.login(UserFactory(roles=["admin"]).email)
    text = history_of(client.get(f"/recruit/volunteers/{volunteer.id}").get_data(as_text=True))
    assert "创建为等待审核（提交了申请） — 李志愿" in text
    assert "已修改（背景审查：未开始 → 已通过） — 陈社工" in text
    assert "等待审核 → 已通过 — 陈社工" in text
    assert "已修改（资料已修改：技能：手语 → 手语、陪同出行） — 李志愿" in text
    assert "已通过 → 已暂停（督导回访期间暂停） — 陈社工" in text  # typed: shown as typed
    for code in ("applied", "approved", "suspended", "not_started", "background check"):
        assert code not in text


def test_the_volunteer_history_in_english(client, auth, volunteer):
    auth.login(UserFactory(roles=["admin"]).email)
    client.set_cookie("mm_locale", "en")
    text = history_of(client.get(f"/recruit/volunteers/{volunteer.id}").get_data(as_text=True))
    assert "created as Waiting for review (application submitted)" in text
    assert "background check: Not started → Passed" in text
    assert "Waiting for review → Approved" in text


def test_the_account_history_in_chinese(client, auth, db, volunteer):
    admin = UserFactory(roles=["admin"], name="管理员")
    set_active(volunteer.user, False, by=admin, why="本人申请注销")
    db.session.commit()
    auth.login(admin.email)
    text = history_of(client.get(f"/admin/users/{volunteer.user_id}").get_data(as_text=True))
    assert "创建为启用（注册为志愿者） — 系统" in text
    assert "启用 → 已停用（本人申请注销） — 管理员" in text


def test_reasons_not_written_by_the_system_are_left_alone(app):
    with app.test_request_context():
        assert event_reason("profile changed: 你好") == "profile changed: 你好"
        assert event_reason("background check: 未知") == "background check: 未知"
        assert event_reason("") == ""
