"""A volunteer logs the last visit of a pairing that has already ended, with the keyboard alone:
a date after the end is refused beside the field, the end day is logged; the resident's
phone stays hidden, and the pages pass axe-core, the form in its error state too."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matchmaker.supervise.ending import end_pairing
from matchmaker.supervise.late_logs import LATE_LOG_DAYS
from tests.browser.actions import log_in, navigate, retype, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory
from tests.supervise.builders import NOW, TODAY, make_pairing

PHONE = "13612345678"
END_DAY = TODAY - timedelta(days=3)


@pytest.fixture
def ended(db):
    pairing = make_pairing(name="王秀英", phone=PHONE, address="文三路99号3单元502室")
    worker = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    end_pairing(
        pairing, by=worker, reason="需求已满足", now=NOW - timedelta(days=3), close_need=True
    )
    db.session.commit()
    return pairing


def test_the_last_visit_of_an_ended_pairing_is_logged_by_keyboard(page, ended):
    log_in(page, ended.volunteer.user.email)
    page.goto(f"/supervise/pairings/{ended.id}")
    main = page.locator("main")
    until = END_DAY + timedelta(days=LATE_LOG_DAYS)
    expect(main).to_contain_text(f"该结对已于 {END_DAY} 结束。在 {until} 之前")
    expect(main).not_to_contain_text(PHONE)
    assert_accessible(page)

    tab_to(page, "main a[href$='/logs/new']")
    navigate(page, "Enter")
    expect(main).to_contain_text(f"在 {until} 之前")
    expect(main).not_to_contain_text(PHONE)
    tab_to(page, "#service_date")
    page.keyboard.type((END_DAY + timedelta(days=1)).isoformat())
    page.keyboard.press("Tab")
    page.keyboard.type("15:00")
    page.keyboard.press("Tab")
    page.keyboard.type("16:30")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first activity: home visit
    page.keyboard.press("Tab")
    page.keyboard.type("道别，整理照片")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_contain_text(f"该结对进行到 {END_DAY} 为止")
    expect(page.locator("#service_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#activity_detail")).to_have_value("道别，整理照片")
    assert_accessible(page)

    retype(page, "#service_date", END_DAY.isoformat())
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("服务已记录")
    expect(page.locator("[data-log-status]")).to_have_text("待核实")
    expect(main).to_contain_text(f"{END_DAY} 15:00–16:30")
    expect(main).not_to_contain_text(PHONE)
