"""A volunteer applies → a social worker of that community approves → the volunteer sees it."""

from playwright.sync_api import expect

from matchmaker.recruit.models import VolunteerStatus
from tests.browser.actions import log_in
from tests.browser.axe import assert_accessible
from tests.factories import (
    CommunityFactory,
    LanguageFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)


def test_apply_review_approve(page, db):
    community = CommunityFactory(name="文三社区")
    SkillFactory(name="手语", name_en="Sign language")
    SkillFactory(name="陪同出行", name_en="Escorting")
    LanguageFactory(name="普通话", name_en="Mandarin")
    UserFactory(email="applicant@example.org", name="钱申请", roles=["volunteer"])
    UserFactory(
        email="worker@example.org", name="孙社工", roles=["social_worker"], communities=[community]
    )

    log_in(page, "applicant@example.org")
    page.goto("/volunteers/signup")
    assert_accessible(page)
    # Submitting empty first: the error state.
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)

    page.select_option("#community", value=str(community.id))
    page.check("label:has-text('手语')")
    page.check("label:has-text('普通话')")
    page.check("#gender-0")
    # The grid by keyboard: focus Tuesday morning, Space; Tab to Tuesday afternoon, Space.
    page.focus("#availability-tue-morning")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#availability-tue-afternoon")).to_be_focused()
    page.keyboard.press("Space")
    page.check("#consent")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("[data-status]")).to_have_text("等待审核")
    expect(page.locator(".facts")).to_contain_text("周二上午、周二下午")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "worker@example.org")
    page.goto("/recruit/review")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("text=钱申请")
    assert_accessible(page)
    page.click("main button:has-text('提交审核结果')")  # no decision chosen: error state
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.check("#decision-0")  # approve
    with page.expect_navigation():
        page.click("main button:has-text('提交审核结果')")
    expect(page.locator("#flash-region")).to_contain_text("钱申请")

    page.context.clear_cookies()
    log_in(page, "applicant@example.org")
    page.goto("/volunteers/me")
    expect(page.locator("[data-status]")).to_have_text("已通过")
    # what to do next: the needs board, right in the status card
    expect(page.locator(".status-card a[href='/needs/board?fits=1']")).to_have_text(
        "找一个您能帮上忙的需求"
    )
    assert_accessible(page)


def test_activation_page(page):
    page.goto("/activate")
    assert_accessible(page)
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_catalogue_pages(page, db):
    SkillFactory(name="手语", name_en="Sign language")
    UserFactory(email="boss@example.org", roles=["admin"])
    log_in(page, "boss@example.org")
    page.goto("/admin/catalogues/")
    assert_accessible(page)
    page.click("section[aria-labelledby=skills-heading] button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.click("text=手语")
    expect(page.locator("h1")).to_contain_text("手语")  # the entry's own page has loaded
    assert_accessible(page)


def test_a_social_worker_suspends_and_reinstates_by_keyboard(page, db, demo):
    """With the demo's data: find an approved volunteer, suspend them (a missing reason first),
    the volunteer reads why, then reinstate them. Axe on every page state."""
    from sqlalchemy import select

    from matchmaker.accounts.models import User
    from matchmaker.demo import DEMO_PASSWORD
    from matchmaker.recruit.models import Volunteer, VolunteerStatus
    from matchmaker.recruit.services import volunteers_visible_to
    from tests.browser.actions import navigate, tab_to

    worker = db.session.scalar(select(User).where(User.email == "sw.beishan@example.org"))
    volunteer = db.session.scalars(
        volunteers_visible_to(worker)
        .where(Volunteer.status == VolunteerStatus.APPROVED)
        .order_by(Volunteer.id)
    ).first()
    name, login = volunteer.user.name, volunteer.user.login
    db.session.commit()

    log_in(page, worker.email, DEMO_PASSWORD)
    tab_to(page, "main a[href='/recruit/review']", limit=150)
    navigate(page, "Enter")
    tab_to(page, "#status")
    page.keyboard.press("ArrowUp")  # from 等待审核 to 全部
    tab_to(page, "#q")
    page.keyboard.type(login)
    navigate(page, "Enter")
    tab_to(page, f"main a[href^='/recruit/volunteers/{volunteer.id}?back=']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("[data-open-pairings]")).to_be_visible()
    assert_accessible(page)

    tab_to(page, "main form[action$='/suspend'] button")
    navigate(page, "Enter")  # no reason: the error state
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#reason-error")).to_contain_text("请说明暂停该志愿者资格的原因")
    assert_accessible(page)
    tab_to(page, "#reason")
    page.keyboard.type("督导回访期间暂停服务")
    tab_to(page, "main form[action$='/suspend'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text(f"已暂停{name}的志愿者资格")
    expect(page.locator("[data-status]")).to_have_text("已暂停")
    expect(page.locator("ol.history li").last).to_contain_text("已通过 → 已暂停")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, login, DEMO_PASSWORD)
    page.goto("/volunteers/me")
    expect(page.locator("main")).to_contain_text("督导回访期间暂停服务")
    assert_accessible(page)
    page.goto("/needs/board")
    expect(page.locator("main")).to_contain_text("您的志愿者资格已被暂停")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, worker.email, DEMO_PASSWORD)
    page.goto(f"/recruit/volunteers/{volunteer.id}")
    tab_to(page, "#reason")
    page.keyboard.type("回访完成，恢复服务")
    tab_to(page, "main form[action$='/reinstate'] button")
    navigate(page, "Enter")
    expect(page.locator("[data-status]")).to_have_text("已通过")
    assert_accessible(page)


def test_a_volunteer_asked_for_more_information_answers_it(page, db):
    volunteer = VolunteerFactory(
        status=VolunteerStatus.MORE_INFO, status_reason="请补充周末的空闲时间"
    )
    log_in(page, volunteer.user.email)
    page.goto("/volunteers/me")
    expect(page.locator("main")).to_contain_text("请补充周末的空闲时间")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("main a[href='/volunteers/signup']")
    expect(page.locator("main")).to_contain_text("请补充周末的空闲时间")  # beside its answer
    expect(page.locator("main form button[type=submit]")).to_have_text("保存并重新提交给社工")
    assert_accessible(page)
