"""Register as a volunteer → log out → log in → change language → large text.

Once with the mouse, once with the keyboard alone; every page is checked with axe-core,
in its form-error state too, in each display mode.
"""

import re

from playwright.sync_api import expect

from tests.browser.actions import navigate, tab_to
from tests.browser.axe import assert_accessible

PASSWORD = "helping-hands-8"


def test_journey_with_the_mouse(page):
    page.goto("/")
    assert_accessible(page)
    page.click("header a[href='/register']")
    expect(page).to_have_url(re.compile(r"/register$"))
    assert_accessible(page)

    page.check("#role-0")  # volunteer
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
