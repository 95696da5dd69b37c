"""A wish story naming a health condition, in a real browser: the review list flags it, the
manage page marks the words (not by colour alone) and warns, and publishing takes the
reviewer's word that the resident agreed. Each state passes axe-core in every display mode."""

from playwright.sync_api import expect

from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.wishes.conftest import make_wish


def test_a_reviewer_is_warned_of_health_words_and_publishes_by_keyboard(page, db):
    community = CommunityFactory(street=StreetFactory(name="北山街道"), name="宝石社区")
    resident = ResidentFactory(community=community)
    worker = UserFactory(roles=["social_worker"], communities=[community], email="sw@example.org")
    wish = make_wish(
        "submitted",
        resident=resident,
        worker=worker,
        title="血压计",
        story="有高血压，视力也不好，想在家每天量一量。",
    )
    log_in(page, "sw@example.org")
    page.goto("/wishes/review")
    row = page.locator("#waiting-caption ~ tbody tr", has_text="血压计")
    expect(row.locator(".wish-flag")).to_have_text("提及健康或残疾情况")
    assert_accessible(page)

    page.goto(f"/wishes/{wish.id}/manage")
    marks = page.locator("dd mark.mark-health")
    expect(marks).to_have_count(2)
    expect(marks.first).to_contain_text("高血压")
    # told apart from a number's mark without colour: a dashed outline and a wavy underline
    style = marks.first.evaluate(
        "m => [getComputedStyle(m).outlineStyle, getComputedStyle(m).textDecorationStyle]"
    )
    assert style == ["dashed", "wavy"]
    # a screen reader hears what the mark means
    expect(marks.first.locator(".visually-hidden")).to_have_text("（健康或残疾信息）")
    warning = page.locator("section.warning-summary")
    expect(warning.locator("h2")).to_have_text("提及健康或残疾情况")
    expect(warning).to_contain_text("除非居民本人同意")
    expect(page.locator("#publish-heading ~ p strong")).to_contain_text("提及健康或残疾情况")
    assert_accessible(page)

    # without the resident's agreement: the form's error, focused
    tab_to(page, f"form[action='/wishes/{wish.id}/publish'] button")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("请勾选服务对象已同意公开")
    assert_accessible(page)

    tab_to(page, "#health_agreed")
    page.keyboard.press("Space")
    expect(page.locator("#health_agreed")).to_be_checked()
    tab_to(page, f"form[action='/wishes/{wish.id}/publish'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("已在心愿页面发布")
    expect(page.locator("section.warning-summary")).to_be_visible()  # still says so
    assert_accessible(page)
