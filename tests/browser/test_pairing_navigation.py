"""A social worker with many open cases gets from a resident, or a need, to its pairing, and
finds pairings on /supervise/pairings with the status filter and a name search, by keyboard
alone; every page on the way passes axe-core, the empty result included."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matchmaker.core.types import utcnow
from matchmaker.demo import DEMO_PASSWORD
from matchmaker.extensions import db as _db
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.registry.models import NeedStatus, ServiceType
from tests.browser.actions import log_in, navigate, retype, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import NeedFactory, UserFactory, VolunteerFactory
from tests.supervise.builders import make_pairing


@pytest.fixture
def pairing(db):
    """An active pairing of 王秀英, who also had an earlier pairing (ended) for another need."""
    pairing = make_pairing(name="王秀英")
    resident = pairing.need.resident
    earlier = NeedFactory(
        resident=resident, status=NeedStatus.CLOSED, service_type=ServiceType.ERRANDS
    )
    _db.session.add(
        Pairing(
            need_id=earlier.id,
            volunteer_id=VolunteerFactory(approved=True, user__name="赵前任").id,
            status=PairingStatus.ENDED,
            confirmed_at=utcnow() - timedelta(days=200),
            ended_at=utcnow() - timedelta(days=100),
        )
    )
    UserFactory(
        email="worker@example.org", roles=["social_worker"], communities=[resident.community]
    )
    _db.session.commit()
    return pairing


def test_from_the_resident_and_the_need_to_the_pairing_by_keyboard(page, pairing):
    log_in(page, "worker@example.org")
    page.goto(f"/residents/{pairing.need.resident_id}")
    expect(page.locator("#pairings-heading ~ div tbody tr")).to_have_count(2)
    assert_accessible(page)
    tab_to(page, f"#pairings-heading ~ div a[href='/supervise/pairings/{pairing.id}']")
    assert page.evaluate("document.activeElement.textContent") == "与李志愿的结对"
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(f"/supervise/pairings/{pairing.id}$"))
    expect(page.locator("[data-status]")).to_have_text("进行中")

    page.goto(f"/needs/{pairing.need_id}")
    expect(page.locator("#pairing-heading ~ ul li")).to_contain_text("进行中")
    assert_accessible(page)
    tab_to(page, "#pairing-heading ~ ul a")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(f"/supervise/pairings/{pairing.id}$"))


def test_filter_and_search_the_pairings_by_keyboard(page, pairing):
    log_in(page, "worker@example.org")
    page.goto("/supervise/pairings")
    expect(page.locator("main [role=status]")).to_have_text("共找到 1 个结对。")  # not ended
    assert_accessible(page)

    # The ended pairing: the status with the arrow keys, then a part of the name.
    tab_to(page, "#status")
    for _ in range(4):  # not ended → waiting for training → in progress → suspended → ended
        page.keyboard.press("ArrowDown")
    assert page.locator("#status").input_value() == "ended"
    retype(page, "#q", "王秀")
    tab_to(page, "main form[role=search] button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("main [role=status]")).to_have_text("共找到 1 个结对。")
    expect(page.locator("main tbody tr")).to_contain_text("赵前任 · 王秀英")
    expect(page.locator("#status")).to_have_value("ended")
    assert_accessible(page)

    # Someone of another community, or no one: the empty result says so.
    retype(page, "#q", "不存在的人")
    navigate(page, "Enter")
    expect(page.locator("main [role=status]")).to_have_text("共找到 0 个结对。")
    expect(page.locator("main")).to_contain_text("没有符合该状态和搜索条件的结对。")
    assert_accessible(page)


def test_every_pairing_with_demo_data(page, demo):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/supervise/pairings?status=all")
    expect(page.locator("main tbody tr").first).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.click("main tbody a >> nth=0")
    expect(page.locator("[data-status]")).to_be_visible()
