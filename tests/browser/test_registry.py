"""Registry journeys in a real browser: a social worker records a resident and a need;
a resident asks for help and the request reaches the review queue; an account is linked.

Every page visited is checked with axe-core, form-error states included.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.core import availability as av
from matchmaker.demo import DEMO_PASSWORD
from matchmaker.registry.models import Need, NeedStatus, Resident, ResidentStatus
from matchmaker.registry.services import id_check_character
from tests.browser.actions import log_in, log_out, navigate, submit, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import (
    CommunityFactory,
    LanguageFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
)
from tests.supervise.builders import make_pairing
from tests.wishes.conftest import make_wish

FIRST17 = "33010619580607002"
ID_NUMBER = FIRST17 + id_check_character(FIRST17)
WRONG_ID = FIRST17 + ("1" if ID_NUMBER[-1] != "1" else "2")


@pytest.fixture
def community(db):
    return CommunityFactory(name="宝石社区")


@pytest.fixture
def worker(community):
    return UserFactory(
        roles=["social_worker"], communities=[community], email="sw@example.org", name="陈社工"
    )


def test_social_worker_records_a_resident_and_a_need(page, db, worker, community):
    SkillFactory(name="陪同出行", name_en="Escorting on trips")
    LanguageFactory(name="杭州话", name_en="Hangzhou dialect")
    log_in(page, worker.email)
    with page.expect_navigation():
        page.click("main a[href='/residents']")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("main a[href='/residents/new']")
    assert_accessible(page)

    page.fill("#name", "李明华")
    page.check("#gender-2")
    page.fill("#id_number", WRONG_ID)
    page.check("#disability_category-0")
    page.check("#disability_grade-1")
    page.select_option("#community", str(community.id))
    page.fill("#address", "文三路 158 号 3 幢 2 单元 402 室")
    page.fill("#phone", "13800001234")
    page.check("#languages-0")
    page.fill("#consent_note", "本人书面同意")
    submit(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_number']")).to_be_visible()
    expect(summary.locator("a[href='#consent']")).to_be_visible()
    assert_accessible(page)  # the form-error state
    expect(page.locator("#name")).to_have_value("李明华")

    page.fill("#id_number", ID_NUMBER)
    page.check("#consent")
    submit(page)
    expect(page.locator("h1")).to_have_text("李明华")
    expect(page.locator("main")).to_contain_text("3301**********" + ID_NUMBER[-4:])
    expect(page.locator("main")).not_to_contain_text(ID_NUMBER)
    assert_accessible(page)

    with page.expect_navigation():
        page.click("main a[href^='/needs/new?resident=']")
    assert_accessible(page)
    page.select_option("#service_type", "escort")
    page.check("#skills-0")
    page.fill("#notes", "每周二、周四上午陪同去医院复诊")
    submit(page, "main button[value=open]")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)  # no time ticked yet

    # The grid by keyboard alone: Tab to Tuesday morning, Space, then on to Thursday morning.
    page.focus("#skills-0")
    tab_to(page, "#availability-tue-morning")
    page.keyboard.press("Space")
    for _ in range(6):  # Tue afternoon, evening, Wed ×3, Thu morning
        page.keyboard.press("Tab")
    expect(page.locator("#availability-thu-morning")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#availability-tue-morning")).to_be_checked()
    expect(page.locator("#availability-thu-morning")).to_be_checked()
    submit(page, "main button[value=open]")
    expect(page).to_have_url(re.compile(r"/needs/\d+$"))
    expect(page.locator("main")).to_contain_text("周二上午、周四上午")
    assert_accessible(page)

    db.session.expire_all()
    need = db.session.scalar(select(Need))
    assert need.status is NeedStatus.OPEN
    assert need.availability == av.mask_from_slots([3, 9])
    assert [s.name for s in need.skills] == ["陪同出行"]
    assert need.resident.id_number == ID_NUMBER


def test_a_resident_asks_for_help_and_the_social_worker_reviews_it(page, db, worker, community):
    SkillFactory(name="陪同出行", name_en="Escorting on trips")
    account = UserFactory(roles=["resident"], email="res@example.org", name="王秀英")
    ResidentFactory(community=community, user=account, name="王秀英")
    log_in(page, account.email)
    with page.expect_navigation():
        page.click("main a[href='/needs/new']")
    assert_accessible(page)
    submit(page)
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)

    page.select_option("#service_type", "digital_skills")
    page.fill("#notes", "想学用手机和女儿视频通话")
    page.check("#availability-sat-morning")
    page.check("#home_visit-1")
    submit(page)
    expect(page).to_have_url(re.compile(r"/needs/mine$"))
    expect(page.locator("main")).to_contain_text("想学用手机和女儿视频通话")
    assert_accessible(page)

    log_out(page)
    log_in(page, worker.email)
    page.goto("/needs?status=submitted")
    row = page.locator("tbody tr", has_text="王秀英")
    expect(row).to_have_count(1)
    assert_accessible(page)
    with page.expect_navigation():
        row.locator("a").click()
    assert_accessible(page)
    submit(page, "form[action$='/open'] button")  # no skill chosen yet: the error state
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.check("form[action$='/open'] label:has-text('陪同出行')")
    submit(page, "form[action$='/open'] button")
    expect(page.locator("#flash-region")).to_be_visible()
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.scalar(select(Need)).status is NeedStatus.OPEN


def test_an_account_is_linked_and_an_unlinked_resident_is_told_why(page, db, worker, community):
    account = UserFactory(
        roles=["resident"], email="new@example.org", name="赵新", home_community=community
    )
    elsewhere = UserFactory(roles=["resident"], name="钱远方", home_community=CommunityFactory())
    record = ResidentFactory(community=community, name="赵新")
    log_in(page, account.email)
    page.goto("/needs/new")
    expect(page.locator("main form")).to_have_count(0)
    assert_accessible(page)
    log_out(page)

    log_in(page, worker.email)
    page.goto("/residents/accounts")
    expect(page.locator("main table")).to_contain_text("宝石社区")
    expect(page.locator("main")).not_to_contain_text(elsewhere.name)  # another community's
    assert_accessible(page)
    with page.expect_navigation():
        page.click(f"main a[href='/residents/accounts/{account.id}']")
    assert_accessible(page)
    page.select_option("#resident", str(record.id))
    submit(page, "main form button[type=submit]")
    expect(page.locator("#flash-region")).to_contain_text("赵新")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(Resident, record.id).user_id == account.id


def test_marking_a_resident_inactive_and_active_again_by_keyboard_alone(page, db, worker):
    pairing = make_pairing(community=worker.communities[0], name="赵桂兰")
    resident = pairing.need.resident
    NeedFactory(resident=resident, open=True)
    make_wish("claimed", resident=resident, worker=worker)
    log_in(page, worker.email)
    page.goto(f"/residents/{resident.id}")
    expect(page.locator("h1")).to_have_text("赵桂兰")
    assert_accessible(page)

    tab_to(page, "form[action$='/inactive'] button")
    navigate(page, "Enter")  # no reason chosen: the error state
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    tab_to(page, "#reason-0")
    page.keyboard.press("Space")
    expect(page.locator("#reason-0")).to_be_checked()
    tab_to(page, "#note")
    page.keyboard.type("随子女迁居上海")
    tab_to(page, "form[action$='/inactive'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("赵桂兰的档案已停用")
    expect(page.locator("#flash-region")).to_contain_text("仍有 1 个结对未结束")
    pairing_link = page.locator(f"main a[href='/supervise/pairings/{pairing.id}']")
    expect(pairing_link).to_be_visible()
    expect(page.locator("main a[href^='/needs/new']")).to_have_count(0)
    assert_accessible(page)

    tab_to(page, "form[action$='/reactivate'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("赵桂兰的档案已重新启用")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(Resident, resident.id).status is ResidentStatus.ACTIVE


def test_a_need_and_a_residents_request_are_changed(page, db, worker, community):
    escort = SkillFactory(name="陪同出行", name_en="Escorting on trips")
    need = NeedFactory(resident=ResidentFactory(community=community), open=True, skills=[escort])
    account = UserFactory(roles=["resident"], email="res@example.org", name="王秀英")
    own = ResidentFactory(community=community, user=account, name="王秀英")
    request = NeedFactory(resident=own, submitted=True, notes="想学用手机")

    log_in(page, worker.email)
    page.goto(f"/needs/{need.id}")
    with page.expect_navigation():
        page.click(f"main a[href='/needs/{need.id}/edit']")
    assert_accessible(page)
    page.uncheck("#availability-tue-morning")  # the need's two times, so none is left
    page.uncheck("#availability-thu-morning")
    submit(page)
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)  # the form-error state
    page.check("#availability-sun-evening")
    page.check("#urgency-2")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/needs/{need.id}$"))
    expect(page.locator("main")).to_contain_text("周日晚上")
    assert_accessible(page)
    log_out(page)

    log_in(page, account.email)
    page.goto("/needs/mine")
    assert_accessible(page)
    with page.expect_navigation():
        page.click(f"main a[href='/needs/{request.id}/edit']")
    assert_accessible(page)
    page.fill("#notes", "")
    submit(page)
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.fill("#notes", "想学用手机和女儿视频通话")
    submit(page)
    expect(page).to_have_url(re.compile(r"/needs/mine$"))
    expect(page.locator("main")).to_contain_text("想学用手机和女儿视频通话")
    db.session.expire_all()
    assert db.session.get(Need, need.id).availability == av.mask_from_slots([20])
    assert db.session.get(Need, request.id).status is NeedStatus.SUBMITTED


def test_registry_pages_with_the_demo_data(page, db, demo):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/residents")
    expect(page.locator("tbody tr")).to_have_count(25)
    assert_accessible(page)
    with page.expect_navigation():
        page.click("tbody a >> nth=0")
    assert_accessible(page)
    submit(page, "form[action$='/inactive'] button")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.goto("/needs?status=open&sort=urgency")
    expect(page.locator("#sort")).to_have_value("urgency")
    expect(page.locator("tbody tr").first).to_contain_text("紧急")  # the demo has urgent needs
    assert_accessible(page)
    with page.expect_navigation():
        page.click("tbody a >> nth=0")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("main a[href*='/edit?back=']")  # it keeps the list's filters
    expect(page.locator("#notes")).not_to_be_empty()
    assert_accessible(page)
    # a paired need: the volunteers proposed for it, the chosen one and those withdrawn
    page.goto("/needs?status=matched")
    with page.expect_navigation():
        page.click("tbody a >> nth=0")
    table = page.locator("section[aria-labelledby='proposals-heading'] table")
    expect(table).to_contain_text("已确认")
    expect(table).to_contain_text("已撤下")
    assert_accessible(page)


def test_an_account_linked_to_the_wrong_record_is_unlinked_by_keyboard(page, db, worker, community):
    account = UserFactory(roles=["resident"], name="钱错连", home_community=community)
    record = ResidentFactory(community=community, name="何洋", user=account)
    log_in(page, worker.email)
    page.goto(f"/residents/{record.id}")
    tab_to(page, "details.card summary")
    page.keyboard.press("Enter")  # opens the form
    tab_to(page, f"form[action='/residents/{record.id}/unlink'] button")
    navigate(page, "Enter")  # no reason: the error state, the form still open
    expect(page.locator(".error-summary")).to_contain_text("请说明取消关联的原因")
    expect(page.locator("details.card")).to_have_attribute("open", "")
    assert_accessible(page)
    tab_to(page, "#unlink-reason")
    page.keyboard.type("同名，关联错了档案")
    tab_to(page, f"form[action='/residents/{record.id}/unlink'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("已不再关联何洋的档案")
    expect(page.locator("main")).to_contain_text("未关联")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(Resident, record.id).user_id is None
