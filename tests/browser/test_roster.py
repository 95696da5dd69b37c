"""A social worker imports a volunteer roster: template, a file with a bad row, a good file."""

import re

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.conftest import PASSWORD
from tests.factories import CommunityFactory, LanguageFactory, SkillFactory, UserFactory
from tests.roster.conftest import VOLUNTEER_HEADERS, xlsx_bytes

GOOD = [
    ["赵志愿", "13812345678", "女", "文新社区", "手语", 5, "周二上午、周末全天", "普通话"],
    ["李四", "13900001111", "男", "文新社区", "陪同出行、手语"],
]


def test_a_social_worker_imports_a_roster(page, db, tmp_path):
    community = CommunityFactory(name="文新社区")
    SkillFactory(name="手语", name_en="Sign language")
    SkillFactory(name="陪同出行", name_en="Escort")
    LanguageFactory(name="普通话", name_en="Mandarin")
    worker = UserFactory(roles=["social_worker"], communities=[community])

    page.goto("/login")
    page.fill("#login", worker.email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    with page.expect_navigation():
        page.click("main a[href='/recruit/import']")
    expect(page).to_have_url(re.compile(r"/recruit/import$"))
    assert_accessible(page)

    with page.expect_download() as download:
        page.click("main a[href='/recruit/import/template.xlsx']")
    assert download.value.suggested_filename == "志愿者名单模板.xlsx"

    bad = tmp_path / "名单-有错.xlsx"
    bad.write_bytes(
        xlsx_bytes(VOLUNTEER_HEADERS, [*GOOD, ["王五", "12345", None, "火星社区", "手语"]])
    )
    page.set_input_files("#roster", str(bad))
    page.click("main form button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("手机号")
    expect(problems.nth(0)).to_contain_text("12345")
    expect(problems.nth(1)).to_contain_text("火星社区")
    expect(problems.nth(1).locator("td").first).to_have_text("4")
    assert_accessible(page)  # the error state

    good = tmp_path / "名单.xlsx"
    good.write_bytes(xlsx_bytes(VOLUNTEER_HEADERS, GOOD))
    page.set_input_files("#roster", str(good))
    page.click("main form button[type=submit]")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    expect(page.locator("main table")).to_contain_text("赵志愿")
    assert_accessible(page)  # the preview

    page.click("main form.roster-commit button[type=submit]")
    expect(page).to_have_url(re.compile(r"/recruit/import$"))
    expect(page.locator("#flash-region")).to_contain_text("2")
    assert_accessible(page)
