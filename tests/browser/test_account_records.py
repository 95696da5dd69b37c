"""An administrator answering about a volunteer goes, by keyboard, from their account to their
volunteer record and back; both pages pass axe in every display mode, in Chinese and English."""

import re

from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.browser.test_pages import read_in

VOLUNTEER = "volunteer36@example.org"


def test_an_admin_goes_from_an_account_to_the_record_and_back(page, live_server, demo):
    for locale, record, account in (
        ("zh_CN", "志愿者档案 #", "打开账号"),
        ("en", "Volunteer record #", "Open the account"),
    ):
        read_in(page, live_server, locale)
        log_in(page, "admin@example.org", DEMO_PASSWORD)
        page.goto(f"/admin/users?q={VOLUNTEER}")
        tab_to(page, "main tbody a")
        navigate(page, "Enter")
        account_page = page.url.split("?")[0]  # opened from the list, it carries ?back=
        expect(page.locator("main ul.link-list a")).to_contain_text(record)
        assert_accessible(page)
        tab_to(page, "main ul.link-list a")
        navigate(page, "Enter")
        expect(page).to_have_url(re.compile(r"/recruit/volunteers/\d+$"))
        expect(page.locator("main")).to_contain_text(VOLUNTEER)
        assert_accessible(page)
        tab_to(page, "main a[href^='/admin/users/']")
        expect(page.locator(":focus")).to_have_text(account)
        navigate(page, "Enter")
        assert page.url.split("?")[0] == account_page
        page.context.clear_cookies()
