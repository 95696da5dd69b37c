"""A volunteer logs a visit with the keyboard alone, a social worker verifies it, the hours
rise, a certificate is downloaded and its code checked on the public page; an incident
reaches the social worker's home page and inbox, who ends the pairing and closes the met
need, by keyboard; and every supervision and reward page passes axe-core, with demo data
and in its error states."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from matchmaker.demo import DEMO_PASSWORD
from matchmaker.extensions import db as _db
from matchmaker.match.models import PairingStatus
from matchmaker.recruit.services import reinstate, suspend
from matchmaker.registry.models import Need, NeedStatus
from tests.browser.actions import log_in, log_out, navigate, submit, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory
from tests.supervise.builders import TODAY, make_pairing, pause_at_review
from tests.train import helpers

PHONE = "13612345678"


@pytest.fixture
def pairing(db):
    pairing = make_pairing(name="王秀英", phone=PHONE, address="文三路99号3单元502室")
    UserFactory(
        email="worker@example.org",
        roles=["social_worker"],
        communities=[pairing.need.resident.community],
    )
    return pairing


def test_log_verify_hours_certificate_and_public_check(page, pairing):
    volunteer = pairing.volunteer.user.email
    log_in(page, volunteer)
    page.goto("/reward/me")
    expect(page.locator("[data-hours]")).to_have_text("0.0")
    page.goto(f"/supervise/pairings/{pairing.id}")
    expect(page.locator("main")).to_contain_text(PHONE)  # active: contact shown
    assert_accessible(page)

    # Keyboard only: open the form, send it empty, then fill it in.
    tab_to(page, "main a[href$='/logs/new']")
    navigate(page, "Enter")
    assert_accessible(page)
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    tab_to(page, "#service_date")
    page.keyboard.type((TODAY - timedelta(days=2)).isoformat())
    page.keyboard.press("Tab")
    page.keyboard.type("09:00")
    page.keyboard.press("Tab")
    page.keyboard.type("11:30")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first activity: home visit
    page.keyboard.press("Tab")
    page.keyboard.type("聊天、量血压")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("服务已记录")
    expect(page.locator("[data-log-status]")).to_have_text("待核实")
    log_out(page)

    # The social worker finds it on the dashboard, tries to reject without a reason, verifies.
    log_in(page, "worker@example.org")
    page.goto("/supervise")
    expect(page.locator("main")).to_contain_text("待核实的服务记录：1")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("#verify-heading ~ div a")
    assert_accessible(page)
    submit(page, "form[action$='/reject'] button")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    submit(page, "form[action$='/verify'] button")
    expect(page.locator("#flash-region")).to_contain_text("计入 2.5 小时")
    log_out(page)

    # The volunteer's hours rise; a certificate is issued, downloaded and checked.
    log_in(page, volunteer)
    page.goto("/reward/me")
    expect(page.locator("[data-hours]")).to_have_text("2.5")
    assert_accessible(page)
    page.fill("#period_start", (TODAY - timedelta(days=30)).isoformat())
    page.fill("#period_end", TODAY.isoformat())
    submit(page, "form[action='/reward/certificates'] button")
    expect(page.locator("#flash-region")).to_contain_text("验证码为")
    with page.expect_download() as download_info:
        page.click("main a[href$='.pdf']")
    pdf = PdfReader(download_info.value.path())
    text = pdf.pages[0].extract_text()
    code = page.locator("main code").first.inner_text()
    assert pairing.volunteer.user.name in text and code in text
    log_out(page)
    page.goto("/certificates")
    assert_accessible(page)
    page.fill("#code", code.lower())
    submit(page)
    expect(page.locator("[data-verdict]")).to_have_text("该证明有效。")
    expect(page.locator("main")).to_contain_text(pairing.volunteer.user.name[0] + "**")
    assert_accessible(page)
    page.goto("/certificates/AAAA-BBBB-CCCC")
    expect(page.locator("h1")).to_have_text("未找到证明")
    assert_accessible(page)


def test_incident_alert_home_count_and_closing_the_met_need_by_keyboard(page, pairing):
    log_in(page, pairing.volunteer.user.email)
    page.goto(f"/supervise/pairings/{pairing.id}")
    tab_to(page, "#incident-description")
    page.keyboard.type("上门时居民情绪激动，拒绝开门")
    tab_to(page, "form[action$='/incidents'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("事件已上报")
    log_out(page)

    # The social worker's home page counts the open incident and links to it; so does the inbox.
    log_in(page, "worker@example.org")
    page.goto("/")
    expect(page.locator("header a[href='/inbox']")).to_have_text("收件箱（1 条未读）")
    expect(page.locator("main")).to_contain_text("未处理的事件：1")
    expect(page.locator("main")).to_contain_text("逾期的督导评估：0")
    assert_accessible(page)
    tab_to(page, "main a[href='/supervise#incidents-heading']")
    navigate(page, "Enter")
    tab_to(page, "#incidents-heading ~ ul a")
    navigate(page, "Enter")
    expect(page.locator("[data-status]")).to_have_text("已暂停")

    # The forms below the visits are a link away: the next Tab lands in the end form.
    tab_to(page, "nav.page-sections a[href='#end-heading']")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "end-need"
    # Ending without a reason: the error state; then "the need is met" with the arrow keys.
    tab_to(page, "form[action$='/end'] button")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_contain_text("请填写结束结对的原因")
    assert_accessible(page)
    tab_to(page, "input[name='end-need']:checked")
    assert page.evaluate("document.activeElement.value") == "reopen"  # the default
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.type("居民已能独立出行")
    tab_to(page, "form[action$='/end'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("需求已满足并关闭")
    expect(page.locator("[data-status]")).to_have_text("已结束")
    assert_accessible(page)
    _db.session.expire_all()
    assert _db.session.get(Need, pairing.need_id).status is NeedStatus.CLOSED
    page.goto("/")
    expect(page.locator("main")).to_contain_text("未处理的事件：0")
    log_out(page)

    # The resident's account was told, without a word about the incident.
    log_in(page, pairing.need.resident.user.email)
    page.goto("/inbox")
    expect(page.locator("main")).to_contain_text("求助需求已满足")
    expect(page.locator("main")).to_contain_text("已暂停")
    expect(page.locator("main")).not_to_contain_text("情绪激动")
    assert_accessible(page)


def test_a_pairing_paused_at_review_is_resumed_from_the_dashboard_by_keyboard(page, pairing):
    pause_at_review(
        pairing,
        pairing.volunteer.user,
        risks="居民近期住院",
        actions="出院后联系家属",
        satisfaction=3,
    )
    _db.session.commit()
    log_in(page, "worker@example.org")
    expect(page.locator("main")).to_contain_text("待恢复或结束的暂停结对：1")  # home
    tab_to(page, "main a[href='/supervise#paused-heading']")
    navigate(page, "Enter")
    expect(page.locator("main")).to_contain_text("暂停中的结对：1")
    assert_accessible(page)
    tab_to(page, "#paused-heading ~ ul a")
    expect(page.locator("#paused-heading ~ ul li")).to_contain_text("起暂停")
    navigate(page, "Enter")
    expect(page.locator("#resume-heading ~ p").first).to_contain_text("督导评估中暂停")
    expect(page.locator("main")).to_contain_text("发现的风险：居民近期住院")
    assert_accessible(page)
    tab_to(page, "form[action$='/resume'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("结对已恢复")
    expect(page.locator("[data-status]")).to_have_text("进行中")
    expect(page.locator("main")).to_contain_text("下次督导")
    page.goto("/supervise")
    expect(page.locator("main")).to_contain_text("暂停中的结对：0")


def test_contact_hidden_before_activation(page, db):
    helpers.course("助残服务礼仪")
    pairing = make_pairing(PairingStatus.CONFIRMED, phone=PHONE)
    log_in(page, pairing.volunteer.user.email)
    page.goto(f"/supervise/pairings/{pairing.id}")
    expect(page.locator("main")).to_contain_text("只有在结对进行中时才显示")
    expect(page.locator("main")).to_contain_text("志愿者完成助残服务礼仪后，结对即开始服务")
    expect(page.locator("main")).not_to_contain_text(PHONE)
    assert_accessible(page)


def test_an_incident_report_reaches_staff_and_its_reporter_only(page, pairing):
    """A phone number is refused with the text kept; the resident's page does not show the
    volunteer's report (DESIGN §8)."""
    log_in(page, pairing.volunteer.user.email)
    page.goto(f"/supervise/pairings/{pairing.id}")
    expect(page.locator("#incident-description-hint")).to_contain_text("结对的另一方看不到")
    typed = "家属电话13912345678，说居民住院了"
    tab_to(page, "#incident-description")
    page.keyboard.type(typed)
    tab_to(page, "form[action$='/incidents'] button")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_contain_text(
        "请删去其中的电话或身份证号（13912345678）"
    )
    expect(page.locator("#incident-description")).to_have_value(typed)
    assert_accessible(page)
    page.fill("#incident-description", "家属说居民住院了")
    submit(page, "form[action$='/incidents'] button")
    expect(page.locator("#incidents-heading ~ p.hint")).to_have_text(
        "您上报的事件只有您和社工能看到。"
    )
    expect(page.locator("#incidents-heading ~ article")).to_contain_text("家属说居民住院了")
    assert_accessible(page)
    log_out(page)

    log_in(page, pairing.need.resident.user.email)
    page.goto(f"/supervise/pairings/{pairing.id}")
    expect(page.locator("[data-status]")).to_have_text("已暂停")
    expect(page.locator("#incidents-heading")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("住院")
    assert_accessible(page)


def test_a_suspended_volunteer_sees_no_contact_details(page, pairing):
    worker = UserFactory(roles=["social_worker"], communities=[pairing.volunteer.community])
    suspend(pairing.volunteer, by=worker, reason="暂停服务")
    _db.session.commit()
    log_in(page, pairing.volunteer.user.email)
    page.goto(f"/supervise/pairings/{pairing.id}")
    expect(page.locator("[data-contact-hidden]")).to_contain_text("您的志愿者资格已被暂停")
    expect(page.locator("main")).not_to_contain_text(PHONE)
    expect(page.locator("h1")).to_contain_text("王**")
    assert_accessible(page)
    page.goto("/train/me")
    expect(page.locator("[data-pairing-status]")).to_contain_text("服务对象的电话和住址不再显示")
    expect(page.locator("main")).not_to_contain_text(PHONE)
    assert_accessible(page)
    reinstate(pairing.volunteer, by=worker, reason="回访完成")
    _db.session.commit()
    page.reload()
    expect(page.locator("main")).to_contain_text(PHONE)


#: the first pairing in progress (the training demo leaves some waiting for a course)
ACTIVE_PAIRING = "main tbody tr:has(td:text-is('进行中')) a >> nth=0"


def test_supervision_and_reward_pages_with_demo_data(page, demo):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/supervise")
    expect(page.locator("main")).to_contain_text("已逾期")
    expect(page.locator("#paused-heading ~ ul li")).to_have_count(1)
    assert_accessible(page)
    with page.expect_navigation():
        page.click("#paused-heading ~ ul a")
    expect(page.locator("#resume-heading")).to_be_visible()
    assert_accessible(page)
    page.goto("/supervise/pairings")
    assert_accessible(page)
    with page.expect_navigation():
        page.click(ACTIVE_PAIRING)
    assert_accessible(page)
    submit(page, "form[action$='/review'] button")  # nothing chosen: the error state
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    submit(page, "form[action$='/incidents'] button")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto("/reward/certificates")
    assert_accessible(page)
    log_out(page)
    page.goto("/reward/honour-roll")
    expect(page.locator("tbody tr").first).to_be_visible()
    assert_accessible(page)


def test_volunteer_pages_on_a_phone(phone_page, demo):
    page = phone_page
    log_in(page, "volunteer01@example.org", DEMO_PASSWORD)
    page.goto("/supervise/pairings")
    assert_accessible(page)
    with page.expect_navigation():
        page.click(ACTIVE_PAIRING)
    assert_accessible(page)
    page.click("main a[href$='/logs/new']")
    page.fill("#service_date", (TODAY + timedelta(days=2)).isoformat())
    page.fill("#start_time", "09:00")
    page.fill("#end_time", "10:00")
    page.select_option("#activity", "visit")
    submit(page)
    expect(page.locator("#service_date-error")).to_contain_text("将来")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto("/reward/me")
    expect(page.locator("progress")).to_be_visible()
    submit(page, "form[action='/reward/certificates'] button")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
