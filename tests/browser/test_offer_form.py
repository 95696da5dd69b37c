"""A donor on a phone registers a service offer by keyboard: once the kind is chosen, the form
shows only that kind's part (the others hidden and not sent); without a kind, every part."""

from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.extensions import db as _db
from matchmaker.offers.models import Offer, OfferKind
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

PARTS = {
    kinds: f"fieldset[data-offer-kinds='{kinds}']" for kinds in ("goods funds", "service", "job")
}


def test_a_service_offer_shows_only_its_part_by_keyboard(page, db):
    UserFactory(roles=["donor"], email="giver@example.org")
    log_in(page, "giver@example.org")
    page.goto("/offers/new")
    for part in PARTS.values():  # no kind chosen yet
        expect(page.locator(part)).to_be_visible()
    assert_accessible(page)

    tab_to(page, "#kind-0")
    page.keyboard.press("ArrowDown")  # goods → a service
    expect(page.locator("#kind-1")).to_be_checked()
    expect(page.locator(PARTS["service"])).to_be_visible()
    expect(page.locator(PARTS["goods funds"])).to_be_hidden()
    expect(page.locator(PARTS["job"])).to_be_hidden()
    tab_to(page, "#title")
    page.keyboard.type("周末陪同出行")
    tab_to(page, "#quantity")
    page.keyboard.type("4")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")  # no kind of service, no times: the error state
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请选择服务类型")
    expect(page.locator(PARTS["goods funds"])).to_be_hidden()  # the kind is kept
    assert_accessible(page)

    tab_to(page, "#service_type")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#availability-sat-morning")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    navigate(page, "Enter")
    expect(page.locator("#flash-region")).to_contain_text("社工审核后")
    offer = _db.session.scalar(select(Offer))
    assert offer.kind is OfferKind.SERVICE and offer.title == "周末陪同出行"
    assert offer.category == "escort"  # the first kind of service
    assert (offer.condition, offer.amount_band, offer.employer) == (None, None, "")
