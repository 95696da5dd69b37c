"""Micro-wishes in a real browser: a donor filters, claims and delivers; the social worker
confirms with a photo; the resident thanks; the donor reads it. Also a resident's wish
reviewed with a phone number flagged, the keyboard-only claim, and the phone width.

Every page visited is checked with axe-core, form-error states included.
"""

import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.demo import DEMO_PASSWORD
from matchmaker.wishes.models import ClaimStatus, MicroWish, WishCategory, WishClaim, WishStatus
from tests.browser.actions import log_in, log_out, navigate, retype, submit, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.wishes.conftest import make_wish


@pytest.fixture
def place(db):
    street = StreetFactory(name="北山街道")
    community = CommunityFactory(street=street, name="宝石社区")
    resident = ResidentFactory(
        community=community,
        name="王秀英",
        user=UserFactory(roles=["resident"], email="res@example.org", name="王秀英"),
    )
    worker = UserFactory(
        roles=["social_worker"], communities=[community], email="sw@example.org", name="陈社工"
    )
    donor = UserFactory(roles=["donor"], email="donor@example.org", name="爱心企业")
    other = ResidentFactory(community=CommunityFactory(street=StreetFactory(name="西溪街道")))
    wishes = {
        "radio": make_wish(resident=resident, worker=worker, title="收音机", cost_yuan=120,
                           category=WishCategory.DAILY),
        "walker": make_wish(resident=resident, worker=worker, title="助行器", cost_yuan=350),
        "chess": make_wish(resident=other, title="象棋", cost_yuan=60,
                           category=WishCategory.RECREATION),
    }  # fmt: skip
    return {"resident": resident, "worker": worker, "donor": donor, "wishes": wishes}


def _png() -> dict:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (30, 140, 60)).save(buffer, format="PNG")
    return {"name": "delivery.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_claim_deliver_confirm_thank_with_the_mouse(page, db, place):
    walker = place["wishes"]["walker"]
    log_in(page, "donor@example.org")
    with page.expect_navigation():
        page.click("main a[href='/wishes']")
    assert_accessible(page)
    page.select_option("#category", "assistive")
    submit(page, "main form[role=search] button")
    expect(page.locator("main .wish-card")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("收音机")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("main .wish-card a")
    expect(page.locator("main")).to_contain_text("王**")
    expect(page.locator("main")).not_to_contain_text("王秀英")
    assert_accessible(page)
    submit(page, f"form[action='/wishes/{walker.id}/claim'] button")
    expect(page).to_have_url(re.compile(r"/wishes/mine$"))
    expect(page.locator("#flash-region")).to_contain_text("助行器")
    expect(page.locator("[data-handover]")).to_contain_text("社工会告诉您交付地点")
    assert_accessible(page)
    claim = db.session.scalar(select(WishClaim))
    page.fill(f"#c{claim.id}-note", "周六上午送到社区服务站")
    submit(page, f"form[action='/wishes/claims/{claim.id}/delivered'] button")
    expect(page.locator("main")).to_contain_text("已送达，等待社工确认")
    assert_accessible(page)
    log_out(page)

    log_in(page, "sw@example.org")
    with page.expect_navigation():
        page.click("main a[href='/wishes/review#deliveries']")
    assert_accessible(page)
    with page.expect_navigation():
        page.click(f"#deliveries ~ div a[href='/wishes/{walker.id}/manage']")
    expect(page.locator("main")).to_contain_text("周六上午送到社区服务站")
    assert_accessible(page)
    submit(page, f"form[action='/wishes/claims/{claim.id}/confirm'] button")  # no evidence
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.set_input_files("#photo", _png())
    submit(page, f"form[action='/wishes/claims/{claim.id}/confirm'] button")
    expect(page.locator("#flash-region")).to_contain_text("心愿已实现")
    assert_accessible(page)
    log_out(page)

    log_in(page, "res@example.org")
    page.goto("/wishes/mine")
    assert_accessible(page)
    submit(page, f"form[action='/wishes/claims/{claim.id}/thanks'] button")  # empty
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.fill(f"#t{claim.id}-message", "谢谢您！助行器很好用，我能自己去菜场了。")
    submit(page, f"form[action='/wishes/claims/{claim.id}/thanks'] button")
    expect(page.locator("#flash-region")).to_contain_text("谢谢")
    log_out(page)

    log_in(page, "donor@example.org")
    page.goto("/wishes/mine")
    expect(page.locator("main blockquote")).to_contain_text("我能自己去菜场了")
    expect(page.locator("main")).to_contain_text("社工已确认")
    assert_accessible(page)
    response = page.goto(f"/wishes/claims/{claim.id}/evidence")
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    db.session.expire_all()
    assert db.session.get(MicroWish, walker.id).status is WishStatus.FULFILLED
    assert db.session.get(WishClaim, claim.id).status is ClaimStatus.CONFIRMED


def test_claim_and_deliver_by_keyboard_alone(page, db, place):
    chess = place["wishes"]["chess"]
    log_in(page, "donor@example.org")
    page.goto("/wishes")
    tab_to(page, "#category")
    for _ in range(5):  # 生活用品, 辅助器具, 学习用品, 医疗康复, 文体
        page.keyboard.press("ArrowDown")
    expect(page.locator("#category")).to_have_value("recreation")
    tab_to(page, "main form[role=search] button")
    navigate(page, "Enter")
    expect(page.locator("main .wish-card")).to_have_count(1)
    tab_to(page, f"main a[href^='/wishes/{chess.id}?back=']")  # the filtered list's
    navigate(page, "Enter")
    tab_to(page, f"form[action='/wishes/{chess.id}/claim'] button")
    navigate(page, "Space")
    expect(page.locator("#flash-region")).to_contain_text("象棋")
    claim = db.session.scalar(select(WishClaim))
    tab_to(page, f"#c{claim.id}-note")
    page.keyboard.type("已送到")
    tab_to(page, f"form[action='/wishes/claims/{claim.id}/delivered'] button")
    navigate(page, "Enter")
    expect(page.locator("main")).to_contain_text("已送达，等待社工确认")


def test_a_resident_wish_with_a_phone_number_is_flagged(page, db, place):
    log_in(page, "res@example.org")
    with page.expect_navigation():
        page.click("main a[href='/wishes/new']")
    assert_accessible(page)
    page.fill("#cost_yuan", "5000")
    submit(page)
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("1 至 1000 元")
    assert_accessible(page)
    page.fill("#title", "电饭煲")
    page.fill("#story", "家里的电饭煲坏了。有事打我电话 138 1234 5678")
    page.check("#category-0")
    page.fill("#cost_yuan", "200")
    submit(page)
    expect(page).to_have_url(re.compile(r"/wishes/mine$"))
    assert_accessible(page)
    log_out(page)

    log_in(page, "sw@example.org")
    page.goto("/wishes/new")  # the staff form: a resident to choose
    expect(page.locator("#resident option")).to_have_count(1)
    submit(page)
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.goto("/wishes/review")
    expect(page.locator("main")).to_contain_text("含有个人信息")
    assert_accessible(page)
    wish = db.session.scalar(select(MicroWish).where(MicroWish.title == "电饭煲"))
    page.goto(f"/wishes/{wish.id}/manage")
    expect(page.locator("main mark").first).to_have_text("138 1234 5678")
    assert_accessible(page)
    submit(page, f"form[action='/wishes/{wish.id}/publish'] button")
    expect(page.locator("#flash-region")).to_contain_text("请删除后再发布")
    with page.expect_navigation():
        page.click(f"main a[href='/wishes/{wish.id}/edit'] >> nth=0")
    assert_accessible(page)
    page.fill("#story", "家里的电饭煲坏了，想要一个按键大一点的。")
    submit(page)
    submit(page, f"form[action='/wishes/{wish.id}/publish'] button")
    expect(page.locator("#flash-region")).to_contain_text("已在心愿页面发布")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(MicroWish, wish.id).status is WishStatus.PUBLISHED


def test_wishes_fit_a_phone(phone_page, db, place):
    for url in ("/wishes", f"/wishes/{place['wishes']['radio'].id}"):
        phone_page.goto(url)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (url, width)
        assert_accessible(phone_page)


def test_a_delivery_not_received_is_sent_back_by_keyboard_alone(page, db, place):
    """The social worker has not seen the walker arrive: back to the donor, with the reason."""
    walker = place["wishes"]["walker"]
    claim = make_wish("delivered", resident=place["resident"], worker=place["worker"])
    claim = claim.current_claim
    log_in(page, "sw@example.org")
    page.goto(f"/wishes/{claim.wish_id}/manage")
    expect(page.locator("main")).to_contain_text("未收到？")
    assert_accessible(page)
    tab_to(page, f"form[action='/wishes/claims/{claim.id}/not-received'] button")
    navigate(page, "Enter")  # no reason given
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    tab_to(page, "#not-received-reason")
    page.keyboard.type("王阿姨说还没收到")
    tab_to(page, f"form[action='/wishes/claims/{claim.id}/not-received'] button")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("退回")
    expect(page.locator("main")).not_to_contain_text("未收到？")
    db.session.expire_all()
    assert db.session.get(WishClaim, claim.id).status is ClaimStatus.HELD
    assert db.session.get(MicroWish, walker.id).status is WishStatus.PUBLISHED  # untouched


def test_a_social_worker_keeps_where_donors_hand_over_gifts_by_keyboard(page, db, demo):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/wishes/review")
    streets = page.locator("[data-handover-street]")
    expect(streets.first).to_be_visible()
    assert_accessible(page)
    link = streets.first.locator("a")
    address = link.get_attribute("href")
    tab_to(page, f"main a[href='{address}']", limit=200)
    navigate(page, "Enter")
    assert_accessible(page)
    retype(page, "#handover_phone", "问门卫")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    retype(page, "#handover_phone", "0571-87905678")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("捐赠物品交付地点")
    expect(streets.first).to_contain_text("0571-87905678")


def test_a_social_worker_finds_a_claimed_wish_by_keyboard(page, db, demo):
    """Beyond the queues, any wish of their communities is a search away."""
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/wishes/review")
    assert_accessible(page)
    tab_to(page, "#status", limit=300)
    page.keyboard.press("ArrowDown")  # after "not waiting for you": the first state, draft
    page.keyboard.press("Tab")
    page.keyboard.type("不存在的心愿")
    navigate(page, "Enter")
    expect(page.locator("#recent-heading ~ p[role=status]")).to_have_text("共找到 0 个微心愿。")
    expect(page.locator("main")).to_contain_text("没有符合该状态和搜索条件的微心愿。")
    assert_accessible(page)
    page.select_option("#status", "claimed")  # the mouse may do it too
    tab_to(page, "#q")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    navigate(page, "Enter")
    rows = page.locator("#recent-caption ~ tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator("#recent-heading ~ p[role=status]")).not_to_have_text("共找到 0 个微心愿。")
    for status in rows.locator("td:nth-child(5)").all_inner_texts():
        assert status == "已认领"
    assert_accessible(page)
    tab_to(page, "#recent-caption ~ tbody a", limit=300)
    navigate(page, "Enter")
    expect(page.locator("h1")).to_be_visible()
    assert "/manage" in page.url


def test_a_visitor_registers_as_a_donor_from_a_wish_and_lands_back_on_it(page, db, place):
    radio = place["wishes"]["radio"]
    page.goto(f"/wishes/{radio.id}")
    tab_to(page, "main a[href^='/register']")
    navigate(page, "Enter")
    expect(page.locator("#role-1")).to_be_checked()  # donor, chosen by the link
    tab_to(page, "#name")
    page.keyboard.type("新爱心人士")
    page.keyboard.press("Tab")
    page.keyboard.type("newdonor@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("short")  # too weak: the way back survives the error page
    page.keyboard.press("Tab")
    page.keyboard.type("short")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    retype(page, "#password", "helping-hands-8")
    retype(page, "#confirm", "helping-hands-8")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(rf"/wishes/{radio.id}$"))
    expect(page.locator("#flash-region")).to_contain_text("新爱心人士")
    expect(page.locator(f"form[action='/wishes/{radio.id}/claim'] button")).to_be_visible()
    assert_accessible(page)


def test_an_unlinked_resident_learns_whom_to_ask_on_the_wish_page(page, db, place):
    home = place["resident"].community
    UserFactory(roles=["resident"], email="wait@example.org", home_community=home)
    log_in(page, "wait@example.org")
    page.goto("/wishes/mine")
    expect(page.locator("main")).to_contain_text("关联之前，您无法在此提交微心愿。")
    expect(page.locator("main")).to_contain_text("北山街道 · 宝石社区")
    assert_accessible(page)
    tab_to(page, "main a[href='/account/community']")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/account/community$"))
