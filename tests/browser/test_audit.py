"""The administrator reads the audit log by keyboard alone, with the demo's trail: filters
it to views of resident records, slips on a date and corrects it. Axe in every display mode,
error state included."""

from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible


def test_the_admin_filters_the_audit_log_by_keyboard(page, demo):
    log_in(page, "admin@example.org", DEMO_PASSWORD)
    tab_to(page, "main a[href='/admin/audit']", limit=150)
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("审计日志")
    expect(page.locator("tbody tr")).to_have_count(21)
    assert_accessible(page)
    tab_to(page, "#action")
    page.keyboard.press("ArrowDown")  # 查看服务对象档案
    tab_to(page, "#start")
    page.keyboard.type("2026-02-30")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#start-error")).to_contain_text("请按“年-月-日”填写日期")
    # no search was made: no list below that would read as its result
    expect(page.locator("main table")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("未进行查询")
    expect(page.locator("#start")).to_have_value("2026-02-30")
    assert_accessible(page)
    tab_to(page, "#start")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(18)
    expect(rows.locator("td:nth-child(3)", has_text="导出数据")).to_have_count(0)
    expect(page.locator("#action")).to_have_value("view_resident")

    # from a record in the log to that record, and back to everyone who has seen it
    record = rows.first.locator("a[href^='/residents/']")
    address = record.get_attribute("href")
    tab_to(page, f"tbody tr:first-child a[href='{address}']")
    navigate(page, "Enter")
    resident_id = address.rsplit("/", 1)[1]
    tab_to(page, f"main a[href='/admin/audit?resident={resident_id}']")
    navigate(page, "Enter")
    expect(page.locator("#resident")).to_have_value(resident_id)
    seen = page.locator("tbody tr")
    expect(seen.first).to_contain_text("周建华")  # the admin, who just opened it
    expect(seen.locator(f"a[href='/residents/{resident_id}']")).to_have_count(seen.count())
    assert_accessible(page)
