"""The administrator reads the audit log by keyboard alone, with the demo's trail: filters
it to views of resident records, slips on a date and corrects it. Axe in every display mode,
error state included. It also finds everyone who has seen a resident's record from the
resident's name."""

import re

from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, navigate, retype, tab_to
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


def test_the_admin_finds_who_has_seen_a_resident_by_name(page, demo):
    """A resident complains: the administrator types the name (then the surname alone) into
    the resident filter by keyboard; a name no resident has gets an empty log that says so."""
    log_in(page, "admin@example.org", DEMO_PASSWORD)
    page.goto("/admin/audit?action=view_resident")
    record = page.locator("tbody tr:first-child a[href^='/residents/']")
    number, name = record.inner_text().split("#", 1)[1].split(" ", 1)
    expect(page.locator("label[for='resident']")).to_have_text("服务对象（姓名或档案编号）")

    retype(page, "#resident", name)
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    status = page.locator("main [role=status]")
    expect(status).to_contain_text(
        re.compile(rf"^“{name}”对应 \d+ 位服务对象。共找到 \d+ 条记录。$")
    )
    records = page.locator("tbody tr td:nth-child(4)")
    expect(records.first).to_contain_text(name)
    expect(page.locator(f"tbody a[href='/residents/{number}']").first).to_have_text(
        f"服务对象 #{number} {name}"
    )
    for cell in records.all():
        expect(cell).to_contain_text(name)
    assert_accessible(page)

    retype(page, "#resident", name[0])
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(status).to_contain_text(re.compile(rf"^“{name[0]}”对应 \d+ 位服务对象。"))
    for cell in page.locator("tbody tr td:nth-child(4)").all():
        expect(cell).to_contain_text(re.compile(rf"^服务对象 #\d+ {name[0]}"))

    retype(page, "#resident", "查无此人")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(status).to_have_text(
        "没有姓名含“查无此人”的服务对象，因此没有可显示的记录。请检查姓名是否写对，或填写档案编号。"
    )
    expect(page.locator("main table")).to_have_count(0)
    expect(page.locator("#resident")).to_have_value("查无此人")
    assert_accessible(page)
