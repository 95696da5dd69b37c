"""A social worker gives an imported resident a one-time code, and the resident activates
their account with it, both by keyboard alone; later a code for a forgotten password. axe-core
checks every page in every display mode, the activation form in its error state too."""

import re

from playwright.sync_api import expect

from tests.browser.actions import log_in, log_out, navigate, retype, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import CommunityFactory, ResidentFactory, UserFactory


def test_an_imported_resident_is_given_a_code_and_activates_by_keyboard(page, db):
    community = CommunityFactory(name="文新社区")
    UserFactory(roles=["social_worker"], communities=[community], email="sw@example.org")
    account = UserFactory(
        roles=["resident"], name="王大爷", phone="13812345678", email=None, password_hash=None
    )
    resident = ResidentFactory(name="王大爷", community=community, user=account)
    log_in(page, "sw@example.org")

    page.goto("/residents")
    tab_to(page, f"main a[href='/residents/{resident.id}']")
    navigate(page, "Enter")
    expect(page.locator("#activation-heading")).to_have_text("账号尚未激活")
    assert_accessible(page)
    tab_to(page, "section[aria-labelledby=activation-heading] button")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("王大爷的激活码")
    assert_accessible(page)
    code = page.locator(".code-display strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    log_out(page)

    page.goto("/activate")
    tab_to(page, "#login")
    page.keyboard.type("13812345678")
    page.keyboard.press("Tab")
    page.keyboard.type("AAAA-AAAA")  # a wrong code first
    for password in ("wang-da-ye-58", "wang-da-ye-58"):
        page.keyboard.press("Tab")
        page.keyboard.type(password)
    page.keyboard.press("Tab")
    navigate(page, "Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("该激活码对此账号无效")
    assert_accessible(page)  # the form-error state
    retype(page, "#code", code.lower())
    for field in ("#password", "#confirm"):
        tab_to(page, field)
        page.keyboard.type("wang-da-ye-58")
    page.keyboard.press("Tab")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("密码已设置，欢迎您，王大爷")
    assert_accessible(page)
    log_out(page)

    # Later he forgets his password: the same card now issues a code for a new one.
    log_in(page, "sw@example.org")
    page.goto(f"/residents/{resident.id}")
    expect(page.locator("#activation-heading")).to_have_text("忘记密码")
    assert_accessible(page)
    tab_to(page, "section[aria-labelledby=activation-heading] button")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("王大爷的重设密码码")
    expect(page.locator("main")).to_contain_text("原密码仍然有效")
    assert_accessible(page)
