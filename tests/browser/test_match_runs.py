"""A social worker goes by keyboard alone from the proposals to the matching runs, opens the
latest run to read why needs of her communities went unmatched, and the scorer versions; with
the demo's data, axe in every display mode on each page."""

import pytest
from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD, seed_demo
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible


@pytest.fixture
def demo(db):
    seed_demo()


def test_from_the_proposals_to_a_run_and_the_scorers_by_keyboard(page, demo):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/match/proposals")
    tab_to(page, "main a[href='/match/runs']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("配对运行记录")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)  # the demo's run by 陈静, then the fresh one
    expect(rows.first).to_contain_text("演示数据")
    expect(rows.nth(1)).to_contain_text("陈静")
    assert_accessible(page)

    latest = rows.first.locator("th a")
    tab_to(page, "tbody tr:first-child th a")
    run_address = latest.get_attribute("href")
    navigate(page, "Enter")
    assert page.url.endswith(run_address)
    expect(page.locator("h1")).to_contain_text("配对运行")
    unmatched = page.locator("main tbody tr")
    expect(unmatched.first).to_contain_text("没有志愿者满足该需求的硬性条件")
    expect(page.locator("main table")).not_to_contain_text("王秀英")  # needs by number only
    assert_accessible(page)

    tab_to(page, "main a[href='/match/scorers']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("评分器版本")
    expect(page.locator("main [role=status]")).to_contain_text("prior-2")
    assert_accessible(page)
