"""/admin/jobs on a phone: each job reads as a card with its "run now" button on screen, the
notice that no scheduler is running fits too, and the button is reached and pressed by keyboard."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from matchmaker.scheduler.models import JobOutcome, JobRun
from matchmaker.scheduler.runner import take_lease
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.browser.test_pages import assert_nothing_cut_off, read_in
from tests.factories import UserFactory

RUN_NOW = "form[action='/admin/jobs/nightly_matching/run'] button"


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_jobs_page_fits_a_phone_and_runs_a_job_by_keyboard(phone_page, db, live_server, locale):
    page = phone_page
    read_in(page, live_server, locale)
    UserFactory(roles=["admin"], email="admin@example.org", name="陈静")
    _db.session.add(
        JobRun(
            job="nightly_matching",
            scheduled_for=utcnow(),
            outcome=JobOutcome.OK,
            counts={"proposed": 12, "unmatched": 3},
        )
    )
    _db.session.commit()
    log_in(page, "admin@example.org")
    page.goto("/admin/jobs")
    expect(page.locator("#scheduler-stopped")).to_be_visible()  # no scheduler in the tests
    assert_nothing_cut_off(page)
    assert_accessible(page)
    button = page.locator(RUN_NOW)
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box

    tab_to(page, RUN_NOW)
    navigate(page, "Enter")
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator("main")).to_contain_text("陈静")  # who ran it
    assert_nothing_cut_off(page)
    assert_accessible(page)

    assert take_lease("host:1", utcnow(), timedelta(minutes=5))  # a scheduler started
    page.reload()
    expect(page.locator("#scheduler-stopped")).to_have_count(0)
    assert_nothing_cut_off(page)
    assert_accessible(page)
