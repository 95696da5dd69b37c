"""Register as a volunteer → log out → log in → change language → large text.

Once with the mouse, once with the keyboard alone; every page is checked with axe-core,
in its form-error state too, in each display mode. A resident registers by keyboard alone,
choosing the community they live in, and its social worker links the account; the
community question works without JavaScript too.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.accounts.models import User
from matchmaker.accounts.places import Community
from matchmaker.registry.models import Resident
from tests.browser.actions import log_in, log_out, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import CommunityFactory, ResidentFactory, UserFactory

PASSWORD = "helping-hands-8"


def test_journey_with_the_mouse(page):
    page.goto("/")
    assert_accessible(page)
    page.click("header a[href='/register']")
    expect(page).to_have_url(re.compile(r"/register$"))
    assert_accessible(page)

    community = page.locator("#community")
    expect(community).to_be_hidden()  # asked of residents only
    page.check("#role-2")
    expect(community).to_be_visible()
    expect(page.locator("fieldset:has(#community) legend")).to_contain_text("仅限")
    assert_accessible(page)  # with the residents' question shown
    page.check("#role-0")  # volunteer
    expect(community).to_be_hidden()
    page.fill("#name", "赵志愿")
    page.fill("#login", "zhao@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", "something-else-9")
    page.click("main form button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("两次输入的密码不一致")
    assert_accessible(page)  # the form-error state

    summary.locator("a").first.click()
    expect(page.locator("#confirm")).to_be_focused()
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.check("#consent")
    page.click("main form button[type=submit]")
    # A new volunteer lands on the application form (recruit's first step).
    expect(page).to_have_url(re.compile(r"/volunteers/signup$"))
    expect(page.locator("#flash-region")).to_contain_text("赵志愿")
    # Screen readers hear it: the message is copied into the (initially empty) live region.
    expect(page.locator("#announcer[role=status][aria-live=polite]")).to_contain_text("赵志愿")
    expect(page.locator("header")).to_contain_text("赵志愿")
    assert_accessible(page)

    page.click("header button:has-text('退出登录')")
    expect(page.locator("header a[href='/login']")).to_be_visible()
    page.click("header a[href='/login']")
    page.fill("#login", "zhao@example.org")
    page.fill("#password", "wrong-password-1")
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("赵志愿")

    page.click("header button[name=locale]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")
    page.click("header button[name=large_text]")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
    expect(page.locator("header button[name=large_text]")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)


def test_journey_by_keyboard_alone(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_visible()
    tab_to(page, "header a[href='/register']")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/register$"))

    tab_to(page, "#role-0")
    page.keyboard.press("Space")
    expect(page.locator("#role-0")).to_be_checked()
    tab_to(page, "#name")
    page.keyboard.type("钱键盘")
    page.keyboard.press("Tab")
    page.keyboard.type("13912345678")
    page.keyboard.press("Tab")
    page.keyboard.type("short")  # too weak
    page.keyboard.press("Tab")
    page.keyboard.type("short")
    navigate(page, "Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("8")
    assert_accessible(page)

    # From the summary, Tab reaches its first link; Enter takes focus to the field.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    expect(page.locator("#consent")).to_be_checked()
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/volunteers/signup$"))
    expect(page.locator("header")).to_contain_text("钱键盘")

    page.keyboard.press("Tab")  # skip link first
    tab_to(page, "header form[action='/logout'] button")
    navigate(page, "Enter")
    tab_to(page, "header a[href='/login']")
    navigate(page, "Enter")
    tab_to(page, "#login")
    page.keyboard.type("139 1234 5678")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    navigate(page, "Enter")
    expect(page.locator("h1")).to_contain_text("钱键盘")

    tab_to(page, "header button[name=locale]")
    navigate(page, "Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    tab_to(page, "header button[name=large_text]")
    navigate(page, "Space")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
    tab_to(page, "header button[name=high_contrast]")
    navigate(page, "Enter")
    expect(page.locator("html")).to_have_class(re.compile(r"\bcontrast-high\b"))
    assert_accessible(page)


@pytest.fixture
def streets(db):
    """Two streets' communities, and the social worker of the first one's community."""
    home = CommunityFactory(name="宝石社区", street__name="北山街道")
    CommunityFactory(name="文三社区", street__name="西溪街道")
    worker = UserFactory(roles=["social_worker"], communities=[home], email="sw@example.org")
    return home, worker


def test_a_resident_registers_by_keyboard_alone_and_is_linked_by_their_social_worker(
    page, db, streets
):
    home, worker = streets
    record = ResidentFactory(community=home, name="孙键盘")
    page.goto("/register")
    tab_to(page, "#role-0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#role-2")).to_be_checked()  # resident
    page.keyboard.press("Tab")
    expect(page.locator("#community")).to_be_focused()  # the next stop is where they live
    page.keyboard.press("Tab")  # left unanswered
    page.keyboard.type("孙键盘")
    page.keyboard.press("Tab")
    page.keyboard.type("13955556666")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("#consent")).to_be_checked()
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("居民请选择您居住的社区")
    expect(page.locator("#community")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)  # the form-error state, in every display mode

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#community")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first community, under its street
    expect(page.locator("#community")).to_have_value(str(home.id))
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("header")).to_contain_text("孙键盘")
    account = db.session.scalar(select(User).where(User.phone == "13955556666"))
    assert account.home_community_id == home.id
    log_out(page)

    log_in(page, worker.email)
    page.goto("/residents/accounts")
    expect(page.locator("main table")).to_contain_text("宝石社区")
    assert_accessible(page)
    tab_to(page, f"main a[href='/residents/accounts/{account.id}']")
    navigate(page, "Enter")
    expect(page.locator("main")).to_contain_text("宝石社区")
    assert_accessible(page)
    tab_to(page, "#resident")
    expect(page.locator("#resident")).to_have_value(str(record.id))  # same name, offered first
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("孙键盘")
    db.session.expire_all()
    assert db.session.get(Resident, record.id).user_id == account.id


def test_an_account_in_the_wrong_community_is_passed_on_by_keyboard(page, db, streets):
    home, worker = streets
    elsewhere = db.session.scalar(select(Community).where(Community.name == "文三社区"))
    account = UserFactory(roles=["resident"], name="钱错选", home_community=home)
    log_in(page, worker.email)
    page.goto(f"/residents/accounts/{account.id}")
    tab_to(page, "main form[action$='/community'] button[type=submit]")
    navigate(page, "Enter")  # no community chosen
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请选择其居住的社区")
    expect(page.locator("#handover-community")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)  # the form-error state, in every display mode

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link goes to the question
    expect(page.locator("#handover-community")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 宝石社区 first (北山街道), then 文三社区 (西溪街道)
    expect(page.locator("#handover-community")).to_have_value(str(elsewhere.id))
    page.keyboard.press("Tab")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("文三社区")
    expect(page.locator("main")).not_to_contain_text("钱错选关联到档案")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(User, account.id).home_community_id == elsewhere.id


def test_the_community_question_works_without_javascript(browser, live_server, db, streets):
    home, _worker = streets
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/register")
        expect(page.locator("#community")).to_be_hidden()
        page.check("#role-2")
        expect(page.locator("#community")).to_be_visible()
        page.select_option("#community", str(home.id))
        page.fill("#name", "无脚本")
        page.fill("#login", "nojs@example.org")
        page.fill("#password", PASSWORD)
        page.fill("#confirm", PASSWORD)
        page.check("#consent")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        expect(page.locator("header")).to_contain_text("无脚本")
    finally:
        context.close()
    account = db.session.scalar(select(User).where(User.email == "nojs@example.org"))
    assert account.home_community_id == home.id
