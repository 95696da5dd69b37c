"""The transparency page and the exports in a real browser.

A visitor reaches the figures from the footer and narrows them to a district by keyboard
alone; a social worker downloads an export by keyboard alone, after a typing slip. Both
pages pass axe in every display mode with the demo's data, their error states included,
and show everything at 360 px.
"""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, navigate, retype, tab_to
from tests.browser.axe import MODES, assert_accessible
from tests.browser.test_pages import assert_nothing_cut_off


def test_a_visitor_narrows_the_figures_to_a_district_by_keyboard(page, demo):
    page.goto("/privacy")
    tab_to(page, "footer a[href='/transparency']", limit=200)
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("公开透明：我们的数据")
    expect(page.locator("#totals-heading")).to_have_text("累计（全部城区）")
    expect(page.locator(".chart svg[role=img]")).to_have_count(3)
    expect(page.locator("table.figures-table >> nth=0").locator("tbody tr")).to_have_count(12)
    assert_accessible(page)
    tab_to(page, "#district")
    page.keyboard.press("ArrowDown")  # 西湖区
    tab_to(page, "#months")
    page.keyboard.press("ArrowDown")  # 最近 24 个月
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("#totals-heading")).to_have_text("累计（西湖区）")
    expect(page.locator("table.figures-table >> nth=0").locator("tbody tr")).to_have_count(24)
    expect(page.locator("table.figures-table >> nth=1")).to_contain_text("北山街道")
    assert_accessible(page)


def test_a_bad_address_shows_the_error_state(page, demo):
    page.goto("/transparency?district=abc&months=7")
    expect(page.locator(".error-summary")).to_contain_text("请从列表中选择城区。")
    assert_accessible(page)


def test_a_social_worker_downloads_service_hours_by_keyboard(page, demo):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/reports/exports")
    assert_accessible(page)
    tab_to(page, "input[name=kind]")
    page.keyboard.press("ArrowDown")  # 服务时长
    expect(page.locator("input[value=hours]")).to_be_checked()
    retype(page, "#start", "2026-13-01")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#start-error")).to_contain_text("请按“年-月-日”填写日期")
    expect(page.locator("input[value=hours]")).to_be_checked()  # the choice is kept
    assert_accessible(page)
    retype(page, "#start", "2026-01-01")
    tab_to(page, "main form button[type=submit]")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("服务时长-20260101-")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("服务日期", "志愿者", "服务对象")
    assert len(rows) > 10
    assert all(str(row[2]).endswith("**") for row in rows[1:])


@pytest.mark.parametrize("mode", list(MODES))
def test_both_pages_fit_a_phone(phone_page, demo, mode):
    page = phone_page
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    for path in ("/transparency", "/reports/exports", "/reports/exports?kind=hours&start=x&end="):
        page.goto(path)
        page.evaluate("c => { document.documentElement.className = c; }", " ".join(MODES[mode]))
        assert_nothing_cut_off(page)


def _smallest_chart_text(page) -> float:
    """The height, in screen pixels, of the smallest month label or value drawn in a chart."""
    return page.evaluate(
        "Math.min(...Array.from(document.querySelectorAll('.chart__label, .chart__value'))"
        ".map(t => t.getBoundingClientRect().height))"
    )


def test_chart_labels_are_legible_on_a_desk_and_a_phone(page, phone_page, demo):
    # drawn in a third of the page, a chart's month labels came out about 7 px high
    for browser_page, least in ((page, 14), (phone_page, 10)):
        browser_page.goto("/transparency")
        assert browser_page.locator(".chart__label").count() >= 12
        assert _smallest_chart_text(browser_page) >= least
