"""A social worker filters a list, opens a record and goes back by keyboard: the list comes
back as it was (filters, order, page), after a form sent back with its errors too. Every
page state is checked with axe-core."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible

SOCIAL_WORKER = "sw.beishan@example.org"


def test_back_to_the_filtered_needs_after_a_refused_form(page, demo):
    log_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    page.goto("/needs")
    page.select_option("#status", "open")
    page.select_option("#sort", "oldest")
    tab_to(page, "main form.filters button[type=submit]")
    navigate(page, "Enter")
    listed = page.url
    assert "status=open" in listed and "sort=oldest" in listed
    parts = urlsplit(listed)
    back = f"{parts.path}?{parts.query}"
    assert_accessible(page)

    tab_to(page, "main table a[href^='/needs/']")
    navigate(page, "Enter")
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page)
    # the reason left empty: the page comes back with the error, and still leads back
    tab_to(page, "#close-heading ~ form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    tab_to(page, f"main a[href='{back}']")
    assert page.evaluate("document.activeElement.textContent") == "返回需求列表"
    navigate(page, "Enter")
    expect(page).to_have_url(listed)
    expect(page.locator("#status")).to_have_value("open")
    expect(page.locator("#sort")).to_have_value("oldest")


def test_back_to_the_searched_pairings(page, demo):
    log_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    page.goto("/supervise/pairings?status=all")
    assert_accessible(page)
    tab_to(page, "main table a[href^='/supervise/pairings/']")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/supervise/pairings/\d+\?back="))
    assert_accessible(page)
    tab_to(page, "main a[href='/supervise/pairings?status=all']")
    assert page.evaluate("document.activeElement.textContent") == "返回结对列表"
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/supervise/pairings\?status=all$"))


def test_back_to_the_wish_search_below_the_queues(page, demo):
    log_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    page.goto("/wishes/review?status=all&q=#recent-heading")
    tab_to(page, "#recent-heading ~ div a[href*='/manage']")
    navigate(page, "Enter")
    assert_accessible(page)
    tab_to(page, "main a[href='/wishes/review?status=all&q=#recent-heading']")
    assert page.evaluate("document.activeElement.textContent") == "返回微心愿"
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/wishes/review\?status=all&q=#recent-heading$"))
    expect(page.locator("#recent-heading")).to_be_in_viewport()


def test_back_to_the_filtered_needs_after_changing_the_need(page, demo):
    """The need's edit page, sent back with an error and then saved, still leads back."""
    log_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    listed = "/needs?status=open&sort=oldest"
    page.goto(listed)
    tab_to(page, "main table a[href^='/needs/']")
    navigate(page, "Enter")
    tab_to(page, "main a[href*='/edit?back=']")
    assert page.evaluate("document.activeElement.textContent") == "修改此需求"
    navigate(page, "Enter")
    expect(page.locator("main h1")).to_be_visible()
    # an open need names a skill: untick them all, and the page comes back with the error
    skills = page.eval_on_selector_all(
        "input[name=skills]:checked", "boxes => boxes.map(b => b.id)"
    )
    assert skills
    for skill in skills:
        tab_to(page, f"#{skill}")
        page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    for skill in skills:
        tab_to(page, f"#{skill}")
        page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/needs/\d+\?back="))
    tab_to(page, f"main a[href='{listed}']")
    assert page.evaluate("document.activeElement.textContent") == "返回需求列表"
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(re.escape(listed) + "$"))
    expect(page.locator("#status")).to_have_value("open")
