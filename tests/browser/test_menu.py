"""The site menu in every page's header: a signed-in person's pages by role, a visitor's
public pages; by keyboard alone, and accessible open in every display mode."""

import re

from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible

MENU = "header nav.site-menu"


def test_a_social_worker_moves_between_pages_by_keyboard_through_the_menu(page, demo):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/supervise")
    tab_to(page, f"{MENU} summary")
    page.keyboard.press("Enter")
    panel = page.locator(f"{MENU} .site-menu__panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("社工")
    expect(panel.locator("a[aria-current=page]")).to_have_attribute("href", "/supervise")
    assert_accessible(page)
    tab_to(page, f"{MENU} a[href='/residents']")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/residents$"))
    expect(panel).to_be_hidden()  # a new page starts with the menu shut

    # Escape shuts it again and gives focus back to its button.
    tab_to(page, f"{MENU} summary")
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.locator(f"{MENU} summary")).to_be_focused()


def test_a_volunteer_sees_their_own_pages_only(page, demo):
    log_in(page, "volunteer01@example.org", DEMO_PASSWORD)
    page.click(f"{MENU} summary")
    links = page.locator(f"{MENU} .site-menu__panel a")
    hrefs = set(links.evaluate_all("as => as.map(a => a.getAttribute('href'))"))
    assert {"/", "/volunteers/me", "/supervise/pairings", "/reward/me"} <= hrefs
    assert not hrefs & {"/residents", "/needs", "/recruit/review", "/admin/users", "/supervise"}


def test_a_visitor_finds_the_public_pages_on_a_phone(page, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/wishes")
    page.click(f"{MENU} summary")
    panel = page.locator(f"{MENU} .site-menu__panel")
    for href in ("/needs/board", "/offers", "/volunteers/pool", "/transparency"):
        expect(panel.locator(f"a[href='{href}']")).to_be_visible()
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "the open menu runs off the screen"
    assert_accessible(page)
    panel.locator("a[href='/transparency']").click()
    expect(page).to_have_url(re.compile(r"/transparency$"))
