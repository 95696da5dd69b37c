from tests.browser.axe import assert_accessible


def test_home_is_accessible(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert_accessible(page)
