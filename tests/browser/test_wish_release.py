"""A donor on a phone releases a claimed wish by keyboard alone: the button under "mark as
delivered" leads to a page that asks first; "Keep my claim" goes back to the claim, "Release
my claim" frees the wish. Each page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from matchmaker.extensions import db as _db
from matchmaker.wishes.models import ClaimStatus, WishClaim
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory
from tests.wishes.conftest import make_wish


@pytest.fixture
def claim(db):
    donor = UserFactory(roles=["donor"], email="donor@example.org", name="爱心企业")
    return make_wish("claimed", donor=donor, title="助行器").current_claim


def test_giving_a_wish_back_asks_first_by_keyboard(phone_page, claim):
    page = phone_page
    release = f"main a[href='/wishes/claims/{claim.id}/release']"
    log_in(page, "donor@example.org")
    page.goto("/wishes/mine")
    assert_accessible(page)
    tab_to(page, release)
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("放弃认领“助行器”？")
    assert_accessible(page)

    tab_to(page, f"main a[href$='#claim-{claim.id}']")
    expect(page.locator(":focus")).to_have_text("继续认领")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(rf"/wishes/mine#claim-{claim.id}$"))
    _db.session.expire_all()
    assert _db.session.get(WishClaim, claim.id).status is ClaimStatus.HELD

    tab_to(page, release)
    navigate(page, "Enter")
    tab_to(page, "main form button[type=submit]")
    expect(page.locator(":focus")).to_have_text("放弃认领")
    navigate(page, "Enter")
    expect(page).to_have_url(re.compile(r"/wishes/mine$"))
    expect(page.locator("#flash-region")).to_contain_text("您已放弃认领")
    assert_accessible(page)
    _db.session.expire_all()
    assert _db.session.get(WishClaim, claim.id).status is ClaimStatus.RELEASED
