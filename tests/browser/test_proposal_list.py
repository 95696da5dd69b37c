"""A social worker of several communities pages through the demo's proposals and narrows them
to one community, by keyboard alone; each state passes axe in every display mode."""

import re

from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible

SOCIAL_WORKER = "sw.beishan@example.org"


def needs_waiting(page) -> int:
    return int(re.search(r"\d+", page.locator("main p[role=status]").inner_text()).group())


def test_the_next_page_and_one_community_by_keyboard(page, demo):
    log_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    page.goto("/match/proposals")
    total = needs_waiting(page)
    assert total > 10, "the demo's social worker has more needs waiting than a page holds"
    expect(page.locator(".proposal-group")).to_have_count(10)
    assert_accessible(page)

    # three stops a proposal (its score, confirm, the folded rejection), not five or more
    tab_to(page, "nav.pagination a", limit=110)
    navigate(page, "Enter")
    assert "page=2" in page.url
    expect(page.locator(".proposal-group")).to_have_count(min(total - 10, 10))
    assert_accessible(page)

    assert page.locator("#community option").count() >= 3, "proposals in two communities"
    tab_to(page, "#community")
    page.keyboard.press("ArrowDown")  # the first community after "all my communities"
    chosen = page.locator("#community").input_value()
    tab_to(page, "main form[method=get] button[type=submit]")
    navigate(page, "Enter")
    assert f"community={chosen}" in page.url and "page=" not in page.url
    expect(page.locator("#community")).to_have_value(chosen)
    assert needs_waiting(page) < total
    expect(page.locator(".proposal-group")).to_have_count(min(needs_waiting(page), 10))
    assert_accessible(page)
