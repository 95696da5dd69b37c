"""A social worker runs matching, reads an explanation, rejects one with a reason and confirms
another — with the mouse, and with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from matchmaker.core import availability as av
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)


@pytest.fixture
def city(db):
    home = CommunityFactory(name="文三社区", lat=30.2790, lon=120.1410)
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    need = NeedFactory(
        resident=ResidentFactory(community=home, name="王秀英"),
        open=True,
        skills=[escort],
        availability=av.mask_from_slots([3, 9]),
    )
    VolunteerFactory(
        approved=True,
        community=home,
        skills=[escort],
        user__name="李同社区",
        availability=av.mask_from_slots([3, 9]),
    )
    VolunteerFactory(
        approved=True,
        community=home,
        skills=[escort],
        user__name="张备选",
        availability=av.mask_from_slots([3]),
    )
    UserFactory(email="worker@example.org", roles=["social_worker"], communities=[home])
    return need


def test_run_read_reject_confirm_with_the_mouse(page, city):
    log_in(page, "worker@example.org")
    page.goto("/match/proposals")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("text=立即运行配对")
    expect(page.locator(".explanation").first).to_contain_text("同社区")
    page.click("main details summary >> nth=0")
    assert_accessible(page)
    alternative = page.locator("article.proposal").nth(1)
    expect(alternative.locator("button.button--secondary")).to_be_hidden()  # folded away
    alternative.locator("details.reject-form summary").click()
    with page.expect_navigation():
        alternative.locator("button.button--secondary").click()  # no reason: error state
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    alternative = page.locator("article.proposal").nth(1)
    expect(alternative.locator("details.reject-form")).to_have_attribute("open", "")
    alternative.locator("select").select_option("time")
    with page.expect_navigation():
        alternative.locator("button.button--secondary").click()
    expect(page.locator("#flash-region")).to_contain_text("拒绝")
    with page.expect_navigation():
        page.locator("article.proposal").first.locator(
            "button.button:not(.button--secondary)"
        ).click()
    expect(page.locator("#flash-region")).to_contain_text("李同社区")
    assert_accessible(page)


def test_the_same_by_keyboard_alone(page, city):
    log_in(page, "worker@example.org")
    page.goto("/match/proposals")
    tab_to(page, "form[action='/match/run'] button")
    navigate(page, "Enter")
    expect(page.locator(".explanation").first).to_contain_text("同社区")
    tab_to(page, "article.proposal details summary")
    page.keyboard.press("Enter")
    expect(page.locator("main details").first).to_have_attribute("open", "")
    # Reject the alternative: its reason list, then its button.
    alternative_id = page.locator("article.proposal").nth(1).get_attribute("aria-labelledby")
    proposal_id = alternative_id.split("-")[1]
    tab_to(page, f"#proposal-{proposal_id} ~ .decision-forms summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#p{proposal_id}-reason")
    page.keyboard.press("ArrowDown")  # first reason: too far
    tab_to(page, f"form[action^='/match/proposals/{proposal_id}/reject?'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("拒绝")
    tab_to(page, "article.proposal form[action*='/confirm?'] button")
    navigate(page, "Space")
    expect(page.locator("#flash-region")).to_contain_text("李同社区")
