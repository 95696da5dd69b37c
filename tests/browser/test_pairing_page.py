"""The pairing page on a phone: a resident pages through a year of visits by keyboard, rates
one on the second page (an empty rating first) and lands back at that visit; a volunteer
waiting for training reads when they are booked. Every state passes axe-core."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from matchmaker.match.models import PairingStatus
from matchmaker.supervise.models import ServiceLog
from matchmaker.train import enrolment
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.supervise.builders import TODAY, log_visit, make_pairing
from tests.train import helpers


@pytest.fixture
def pairing(db):
    pairing = make_pairing(name="王秀英")
    for i in range(45):
        log_visit(pairing, TODAY - timedelta(days=3 + i))
    return pairing


def test_a_resident_rates_a_visit_on_the_second_page_by_keyboard(phone_page, pairing):
    page = phone_page
    logs = _db.session.scalars(select(ServiceLog).order_by(ServiceLog.service_date.desc())).all()
    visit = logs[25]  # the sixth of the second page
    log_in(page, pairing.need.resident.user.email)
    page.goto(f"/supervise/pairings/{pairing.id}")
    expect(page.locator("main article")).to_have_count(20)
    expect(page.locator("nav.page-sections")).to_contain_text("服务记录（45）")
    assert_accessible(page)

    tab_to(page, "nav.pagination a", limit=400)
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(rf"/supervise/pairings/{pairing.id}\?page=2#logs-heading$"))
    expect(page.locator(f"#log-{visit.id}")).to_be_visible()
    assert_accessible(page)

    # Saved with no rating chosen: the error, on the page that shows this visit.
    button = f"form[action='/supervise/logs/{visit.id}/rate'] button"
    tab_to(page, button, limit=400)
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(f"#log-{visit.id}")).to_be_visible()
    expect(page.locator("nav.pagination")).to_contain_text("第 2 页，共 3 页")
    assert_accessible(page)

    # The error's link takes focus to the rating; the arrows choose 4, Enter saves.
    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    expect(page.locator(f"#rate{visit.id}-rating-0")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # 1 → 4 of 5
    tab_to(page, button)
    navigate(page, "Enter")
    expect(page).to_have_url(
        re.compile(rf"/supervise/pairings/{pairing.id}\?page=2&done={visit.id}#log-{visit.id}$")
    )
    expect(page.locator(f"#log-{visit.id}")).to_be_in_viewport()
    expect(page.locator("#flash-region")).to_contain_text("谢谢，评分已保存。")
    # said again in the visit's card, which is where a phone is scrolled to
    expect(page.locator(f"article:has(#log-{visit.id}) [data-done]")).to_be_in_viewport()
    expect(page.locator("[data-done]")).to_have_text("谢谢，评分已保存。")
    assert_accessible(page)
    _db.session.expire_all()
    assert _db.session.get(ServiceLog, visit.id).rating == 4


def test_a_booked_volunteer_reads_when_training_is(page, db):
    etiquette = helpers.course("助残服务礼仪", title_en="Basic etiquette")
    pairing = make_pairing(PairingStatus.CONFIRMED)
    sitting = helpers.session(etiquette, pairing.need.resident.community)
    enrolment.enrol(pairing.volunteer, sitting, now=utcnow())
    _db.session.commit()
    log_in(page, pairing.volunteer.user.email)
    page.goto(f"/supervise/pairings/{pairing.id}")
    expect(page.locator("[data-booked]")).to_contain_text("您已报名助残服务礼仪，场次时间为")
    expect(page.locator("#training-wait a")).to_have_count(0)
    assert_accessible(page)
