"""A resident waiting to be linked finds, by keyboard alone, whose queue their account is in,
and corrects the community they named; axe-core checks the page in every display mode, in
its form-error state and after the change."""

from playwright.sync_api import expect

from matchmaker.accounts.models import User
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import CommunityFactory, UserFactory


def test_a_waiting_resident_corrects_their_community_by_keyboard(page, db):
    named = CommunityFactory(name="宝石社区", street__name="北山街道")
    lives = CommunityFactory(name="文三社区", street__name="西溪街道")
    UserFactory(roles=["social_worker"], communities=[lives], email="sw@example.org")
    account = UserFactory(roles=["resident"], name="孙等待", home_community=named)
    log_in(page, account.email)

    # home: one block saying whom to ask and where the account waits, and only the links
    # that work before the link (none to pages that would say "not linked yet")
    expect(page.locator("main")).to_contain_text("请联系您所在社区的社工")
    expect(page.locator("main")).to_contain_text("您的账号正在等待北山街道 · 宝石社区的社工关联")
    for path in ("/needs/new", "/needs/mine", "/wishes/new", "/wishes/mine", "/supervise/pairings"):
        expect(page.locator(f"a[href='{path}']")).to_have_count(0)  # nor in the site menu
    expect(page.locator("#queues-heading")).to_have_count(0)
    assert_accessible(page)

    page.goto("/needs/new")  # asking for help by an old bookmark: not yet, and why
    expect(page.locator("main")).to_contain_text("您的账号正在等待北山街道 · 宝石社区的社工关联")
    assert_accessible(page)
    page.goto("/")
    tab_to(page, "main a[href='/account/community']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("我的社区")
    expect(page.locator("#community")).to_have_value(str(named.id))
    assert_accessible(page)

    tab_to(page, "#community")
    page.keyboard.press("Home")  # back to "choose the community": nothing chosen
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请选择您居住的社区")
    expect(page.locator("#community")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)  # the form-error state, in every display mode

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link goes to the question
    expect(page.locator("#community")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 宝石社区 (北山街道), then 文三社区 (西溪街道)
    expect(page.locator("#community")).to_have_value(str(lives.id))
    page.keyboard.press("Tab")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("您的账号现在等待文三社区的社工关联")
    expect(page.locator("main")).to_contain_text("西溪街道 · 文三社区")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(User, account.id).home_community_id == lives.id
