"""An offer linked to a published wish claims it for the offer's donor, by keyboard alone: the
social worker links it (through the empty-choice and too-many-units errors), then links the
same offer to a wish another donor holds and is told so; the donor finds the wish on
/wishes/mine with where to hand it over, and on their offer's page what became of each use.

Every page state is checked with axe-core in the four display modes, error states included.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.wishes.models import WishClaim
from tests.browser.actions import log_in, log_out, navigate, retype, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.offers.conftest import make_offer
from tests.wishes.conftest import make_wish


@pytest.fixture
def place(db):
    street = StreetFactory(
        name="北山街道",
        handover_place="北山街道残疾人之家（文三路 100 号）",
        handover_phone="0571-87001234",
    )
    community = CommunityFactory(street=street, name="宝石社区")
    resident = ResidentFactory(community=community, name="王秀英")
    worker = UserFactory(
        roles=["social_worker"], communities=[community], email="sw@example.org", name="陈社工"
    )
    donor = UserFactory(roles=["donor"], email="donor@example.org", name="张爱心")
    walker = make_wish(resident=resident, worker=worker, title="助行器")
    radio = make_wish("claimed", resident=resident, worker=worker, title="收音机")
    offer = make_offer(donor, approve_by=worker, title="九成新助行器 3 个", quantity=3)
    return {"walker": walker, "radio": radio, "offer": offer}


def choose(page, value: str, presses: int) -> None:
    """Tab to the wish-or-need list and arrow down ``presses`` times to ``value``."""
    tab_to(page, "#target")
    page.keyboard.press("Home")
    for _ in range(presses):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#target")).to_have_value(value)


def test_a_linked_offer_claims_the_wish_for_its_donor_by_keyboard(page, db, place):
    offer, walker, radio = place["offer"], place["walker"], place["radio"]
    link_button = f"form[action='/offers/{offer.id}/link'] button"
    log_in(page, "sw@example.org")
    page.goto(f"/offers/{offer.id}")
    assert_accessible(page)

    tab_to(page, link_button)  # nothing chosen: the error state
    navigate(page, "Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)

    choose(page, f"wish-{walker.id}", 1)  # 请选择…, then the walker
    retype(page, "#units", "9")
    tab_to(page, link_button)
    navigate(page, "Enter")  # more units than are left: 409, the choice kept
    expect(page.locator("#flash-region")).to_contain_text("剩余不足 9")
    expect(page.locator("#target")).to_have_value(f"wish-{walker.id}")
    assert_accessible(page)

    retype(page, "#units", "1")
    tab_to(page, link_button)
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("已为提供此供给的爱心人士认领该心愿")
    uses = page.locator("[data-offer-use]")
    expect(uses).to_have_count(1)
    expect(uses.first).to_contain_text("已认领")
    assert_accessible(page)

    choose(page, f"wish-{radio.id}", 2)  # a wish another donor holds
    tab_to(page, link_button)
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("该心愿已由另一位爱心人士认领")
    expect(uses.nth(1)).to_contain_text("已由另一位爱心人士认领")
    assert_accessible(page)
    log_out(page)

    claim = db.session.scalar(select(WishClaim).where(WishClaim.wish_id == walker.id))
    log_in(page, "donor@example.org")
    tab_to(page, "main a[href='/wishes/mine']")
    navigate(page, "Enter")
    card = page.locator(f"#claim-{claim.id}")
    expect(card).to_contain_text("助行器")
    expect(card.locator("[data-handover]")).to_contain_text("北山街道残疾人之家（文三路 100 号）")
    expect(card.locator("[data-handover]")).to_contain_text("0571-87001234")
    expect(page.locator("main")).not_to_contain_text("王秀英")
    assert_accessible(page)

    page.goto("/offers/mine")
    expect(page.locator("[data-offer-use]")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("由另一位爱心人士认领；社工会与您联系")
    assert_accessible(page)
    tab_to(page, f"main a[href='/offers/{offer.id}']")
    navigate(page, "Enter")
    expect(page.locator("[data-offer-use]").first).to_contain_text("已认领")
    expect(page.locator("main")).not_to_contain_text("王秀英")
    assert_accessible(page)
    tab_to(page, f"main a[href='/wishes/mine#claim-{claim.id}']")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(rf"/wishes/mine#claim-{claim.id}$"))
