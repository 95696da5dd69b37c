"""The reward pages with the demo's figures pass axe-core: the hours, star and certificates of
its most devoted volunteer (四星), their pairings ended over three years, the check page of
their certificate, and an honour roll of many."""

from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.demo import DEMO_PASSWORD
from matchmaker.extensions import db as _db
from matchmaker.reward.models import Certificate, CertificateStatus, RewardProfile
from tests.browser.actions import log_in, log_out
from tests.browser.axe import assert_accessible


def test_reward_pages_of_the_demos_most_devoted_volunteer(page, demo):
    top = _db.session.scalar(
        select(RewardProfile).order_by(RewardProfile.verified_minutes.desc()).limit(1)
    )
    assert top.star_level >= 4
    user = top.volunteer.user
    log_in(page, user.email or user.phone, DEMO_PASSWORD)
    page.goto("/reward/me")
    expect(page.locator("#level-heading")).to_contain_text("四星")
    expect(page.locator("#star-progress")).to_be_visible()  # on the way to 五星
    expect(page.locator("#months-heading ~ .table-wrap tbody tr")).not_to_have_count(0)
    assert_accessible(page)
    page.goto("/supervise/pairings")  # a dozen pairings, all ended
    expect(page.locator("main tbody tr")).not_to_have_count(0)
    assert_accessible(page)
    log_out(page)

    certificate = _db.session.scalar(
        select(Certificate).where(
            Certificate.volunteer_id == top.volunteer_id,
            Certificate.status == CertificateStatus.VALID,
        )
    )
    page.goto(f"/certificates/{certificate.code}")
    expect(page.locator("main")).to_contain_text(certificate.code)
    assert_accessible(page)
    page.goto("/reward/honour-roll")
    expect(page.locator("tbody tr")).not_to_have_count(0)
    assert page.locator("tbody tr").count() >= 20
    assert_accessible(page)
