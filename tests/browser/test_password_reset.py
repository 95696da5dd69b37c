"""Someone who forgot their password asks for a code by e-mail and chooses a new password,
by keyboard alone; axe-core checks each page in every display mode, the form-error state too."""

import email
import email.policy
import re

from playwright.sync_api import expect

from tests.browser.actions import navigate, retype, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory


def test_a_donor_resets_a_forgotten_password_by_keyboard(page, db, sink):
    UserFactory(roles=["donor"], name="张爱心", email="zhang@example.org")
    page.goto("/login")
    tab_to(page, "main a[href='/account/forgot']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("忘记密码")
    assert_accessible(page)

    tab_to(page, "#email")
    page.keyboard.type("13812345678")  # a mobile number: e-mail only
    page.keyboard.press("Tab")
    navigate(page, "Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请输入您登录用的电子邮箱")
    assert_accessible(page)  # the form-error state
    retype(page, "#email", "zhang@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url("**/activate?login=*")
    expect(page.locator("#flash-region")).to_contain_text("我们已向它发送了一次性码")
    expect(page.locator("#login")).to_have_value("zhang@example.org")
    assert_accessible(page)

    (envelope,) = sink.messages
    body = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", body.get_content())[0]
    tab_to(page, "#code")
    page.keyboard.type(code)
    for field in ("#password", "#confirm"):
        tab_to(page, field)
        page.keyboard.type("brand-new-pass-7")
    page.keyboard.press("Tab")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("密码已设置，欢迎您，张爱心")


def test_without_e_mail_the_page_says_whom_to_ask(page, db):
    page.goto("/account/forgot")
    expect(page.locator("main")).to_contain_text("本网站不发送电子邮件")
    expect(page.locator("main form")).to_have_count(0)
    assert_accessible(page)
