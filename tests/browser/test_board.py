"""The needs board, the volunteer pool and donors' offers in a real browser.

A volunteer filters the board and offers help, by keyboard alone; the social worker sees the
offer on the proposals page and confirms that volunteer. A donor registers a goods offer; a
social worker publishes it and links it to a wish, and the remaining quantity drops. Every
page passes axe in all display modes (demo data too), its error states included, at 360 px.
"""

import pytest
from playwright.sync_api import expect

from matchmaker.core import availability as av
from matchmaker.demo import DEMO_PASSWORD
from tests.browser.actions import log_in, log_out, navigate, submit, tab_to
from tests.browser.axe import assert_accessible
from tests.browser.test_pages import assert_nothing_cut_off
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    StreetFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.wishes.conftest import make_wish


@pytest.fixture
def street(db):
    street = StreetFactory(name="北山街道")
    home = CommunityFactory(name="文三社区", street=street, lat=30.2790, lon=120.1410)
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    resident = ResidentFactory(community=home, name="王秀英")
    tuesday = NeedFactory(
        resident=resident, open=True, skills=[escort], availability=av.mask_from_slots([3])
    )
    NeedFactory(
        resident=ResidentFactory(community=home, name="赵大伯"),
        open=True,
        skills=[escort],
        availability=av.mask_from_slots([19]),
    )
    for name in ("李志愿", "张备选"):
        VolunteerFactory(
            approved=True,
            community=home,
            skills=[escort],
            user__name=name,
            user__email=f"{'li' if name == '李志愿' else 'zhang'}@example.org",
            availability=av.mask_from_slots([3]),
        )
    worker = UserFactory(
        email="worker@example.org", roles=["social_worker"], communities=[home], name="陈社工"
    )
    return {"home": home, "need": tuesday, "resident": resident, "worker": worker}


def test_volunteer_offers_help_by_keyboard_and_the_worker_confirms_them(page, street):
    log_in(page, "li@example.org")
    page.goto("/needs/board")
    assert_accessible(page)
    expect(page.locator(".need-card")).to_have_count(2)
    tab_to(page, "#day")
    page.keyboard.press("ArrowDown")  # 星期一
    page.keyboard.press("ArrowDown")  # 星期二
    tab_to(page, "form[role=search] button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".need-card")).to_have_count(1)
    assert "day=tue" in page.url
    tab_to(page, f"form[action='/needs/board/{street['need'].id}/help'] button")
    navigate(page, "Space")
    expect(page.locator("#flash-region")).to_contain_text("已记录您的帮助意愿")
    expect(page.locator(".need-card")).to_contain_text("您已表示愿意帮助此需求")
    assert "day=tue" in page.url  # back where they were, filters kept
    assert_accessible(page)
    # later, from their profile, they find the needs they offered to help with
    page.goto("/volunteers/me")
    assert_accessible(page)
    tab_to(page, "main a[href='/needs/board?mine=1']")
    navigate(page, "Enter")
    expect(page.locator("#mine")).to_be_checked()
    expect(page.locator(".need-card")).to_have_count(1)
    assert_accessible(page)
    log_out(page)

    log_in(page, "worker@example.org")
    page.goto("/match/proposals")
    with page.expect_navigation():
        page.click("text=立即运行配对")
    group = page.locator(f"section[aria-labelledby='need-{street['need'].id}']")
    expect(group.locator(".interest-list")).to_contain_text("李志愿")
    best = group.locator("article.proposal").first
    expect(best.locator("h3")).to_contain_text("李志愿")
    expect(best.locator("h3 .badge")).to_have_text("志愿者主动报名")
    assert_accessible(page)
    with page.expect_navigation():
        best.locator("button.button:not(.button--secondary)").click()
    expect(page.locator("#flash-region")).to_contain_text("李志愿")


def test_a_volunteer_keeps_to_the_needs_that_fit_them_by_keyboard(page, street):
    """李志愿 escorts on Tuesday mornings: of the two escort needs, the Tuesday one fits."""
    log_in(page, "li@example.org")
    page.goto("/volunteers/me")
    tab_to(page, "main a[href='/needs/board?fits=1']")  # "find a need you can help with"
    navigate(page, "Enter")
    expect(page.locator("#fits")).to_be_checked()
    expect(page.locator(".need-card")).to_have_count(1)
    expect(page.locator(f"#need-{street['need'].id}")).to_be_visible()
    assert_accessible(page)
    tab_to(page, "#fits")
    page.keyboard.press("Space")  # the whole board again
    tab_to(page, "form[role=search] button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".need-card")).to_have_count(2)
    assert "fits=1" not in page.url


def test_donor_registers_goods_and_a_worker_links_them_to_a_wish(page, street):
    wish = make_wish("published", resident=street["resident"], worker=street["worker"])
    UserFactory(email="donor@example.org", roles=["donor"], name="张爱心")
    log_in(page, "donor@example.org")
    page.goto("/offers/new")
    assert_accessible(page)
    page.check("#kind-0")  # goods
    page.fill("#title", "轮椅减压坐垫 3 个")
    page.fill("#quantity", "-3")
    submit(page, "main form button[type=submit]")
    expect(page.locator(".error-summary")).to_contain_text("请输入不小于 1 的整数")
    expect(page.locator(".error-summary")).to_contain_text("请选择物资类别")
    assert_accessible(page)
    page.fill("#quantity", "3")
    page.select_option("#category", "assistive")
    page.select_option("#condition", "new")
    submit(page, "main form button[type=submit]")
    expect(page.locator("#flash-region")).to_contain_text("社工审核后")
    offer_url = page.url
    log_out(page)

    log_in(page, "worker@example.org")
    expect(page.locator("main")).to_contain_text("待审核的爱心供给：1")
    page.goto("/offers/review")
    assert_accessible(page)
    submit(page, "main form button[type=submit]")
    expect(page.locator("#flash-region")).to_contain_text("供给已发布")
    page.goto(offer_url)
    expect(page.locator("main")).to_contain_text(wish.title)  # suggested wish
    submit(page, "form[action$='/link'] button")  # nothing chosen: the error state
    expect(page.locator(".error-summary")).to_contain_text("请选择此供给支持的心愿或需求")
    assert_accessible(page)
    page.select_option("#target", f"wish-{wish.id}")
    submit(page, "form[action$='/link'] button")
    expect(page.locator("#flash-region")).to_contain_text("此供给还剩 2")
    expect(page.locator("main .details")).to_contain_text("剩余 2 / 共 3")
    page.goto(f"/wishes/{wish.id}")
    expect(page.locator(".offer-support")).to_contain_text("有爱心供给支持")
    assert_accessible(page)


PUBLIC = ["/needs/board", "/needs/board?page=2", "/volunteers/pool", "/offers", "/offers?kind=job"]


def test_demo_pages_pass_axe_and_fit_a_phone(page, phone_page, demo):
    for path in PUBLIC:
        page.goto(path)
        assert_accessible(page)
    page.goto("/offers")
    with page.expect_navigation():
        page.locator("main .card a").first.click()
    assert_accessible(page)
    log_in(page, "donor@example.org", DEMO_PASSWORD)
    for path in ("/offers/mine", "/offers/new"):
        page.goto(path)
        assert_accessible(page)
    page.goto("/offers/mine")
    with page.expect_navigation():
        page.locator("main .card h2 a").first.click()
    expect(page.locator("#history-heading + .history")).to_contain_text("创建为")
    assert_accessible(page)  # the donor's own offer, with its history
    log_out(page)
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/offers/review")
    assert_accessible(page)
    page.locator("main a[href*='#reject-heading']").first.click()
    submit(page, "form[action$='/reject'] button")  # no reason: the error state
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    for path in PUBLIC:
        phone_page.goto(path)
        assert_nothing_cut_off(phone_page)
