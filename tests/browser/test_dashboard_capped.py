"""The supervision dashboard of a social worker with a district's backlog: a long section lists
its 50 most urgent rows and says how many there are in all, every open incident is listed
however many, a keyboard user reaches the full list of paused pairings from the summary, and
the capped page passes axe-core in each display mode, in Chinese and in English."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matchmaker.core.events import record_creation
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.registry.models import NeedStatus
from matchmaker.supervise.incidents import report_incident
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible
from tests.browser.test_pages import read_in
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.supervise.builders import NOW, pause_at_review

#: the rows a long section shows (dashboard.SECTION_CAP), written out: the number a reader sees
SHOWN = 50
#: more than a section shows: the page must say how many it leaves out
BACKLOG = SHOWN + 10
#: paused pairings, and open incidents (each listed, however many)
PAUSED = INCIDENTS = SHOWN + 5
WORKER = "worker@example.org"


def _pairings(db, community, prefix: str, count: int, *, oldest_days: int) -> list[Pairing]:
    """``count`` active pairings in ``community``, each of a fresh resident (``prefix`` and its
    number) and volunteer; the first activated ``oldest_days`` ago, each next one a day later.

    Built in one transaction (the factories' ``build``, one commit): ``make_pairing`` commits
    a few times a pairing, seconds for a backlog of this size.
    """
    pairings = []
    for n in range(count):
        activated = NOW - timedelta(days=oldest_days - n)
        resident = ResidentFactory.build(community=community, name=f"{prefix}{n:02d}")
        volunteer = VolunteerFactory.build(approved=True, community=community, open_pairings=1)
        pairing = Pairing(
            need=NeedFactory.build(resident=resident, status=NeedStatus.MATCHED),
            volunteer=volunteer,
            status=PairingStatus.ACTIVE,
            confirmed_at=activated - timedelta(days=3),
            activated_at=activated,
        )
        pairings.append(pairing)
    db.session.add_all(pairings)
    db.session.flush()
    for pairing in pairings:
        record_creation(pairing)
    db.session.commit()
    return pairings


@pytest.fixture
def backlog(db):
    """A social worker's community with, past the cap: pairings never visited (each quiet, and
    overdue for review once the dashboard schedules it; 居民00 the longest), pairings paused
    at a review, and pairings suspended by an open incident."""
    community = CommunityFactory(name="文三社区")
    worker = UserFactory(email=WORKER, roles=["social_worker"], communities=[community])
    _pairings(db, community, "居民", BACKLOG, oldest_days=200)
    for pairing in _pairings(db, community, "暂停", PAUSED, oldest_days=100):
        pause_at_review(pairing, worker)
    for pairing in _pairings(db, community, "事件", INCIDENTS, oldest_days=100):
        report_incident(pairing, by=worker, description="居民在家中摔倒", now=NOW)
    db.session.commit()
    return worker


def test_a_long_section_shows_its_most_urgent_rows_and_how_many_in_all(page, live_server, backlog):
    log_in(page, WORKER)
    page.goto("/supervise")  # schedules the reviews, each already overdue
    main = page.locator("main")
    expect(main).to_contain_text(f"逾期督导：{BACKLOG}，即将到期：0")
    expect(main).to_contain_text(f"30 天内无服务记录的结对：{BACKLOG}")
    expect(main).to_contain_text(f"未处理的事件：{INCIDENTS}")
    expect(main).to_contain_text(f"暂停中的结对：{PAUSED}")

    reviews = page.locator("#reviews-heading ~ div tbody tr")
    expect(page.locator("#reviews-heading + p")).to_have_text(
        f"显示逾期最久的 {SHOWN} 条，共 {BACKLOG} 条。"
    )
    expect(reviews).to_have_count(SHOWN)
    expect(reviews.first).to_contain_text("居民00")  # the most overdue first
    expect(reviews.last).to_contain_text(f"居民{SHOWN - 1}")

    quiet = page.locator("#quiet-heading ~ ul li")
    expect(page.locator("#quiet-heading + p")).to_have_text(
        f"显示最久未探访的 {SHOWN} 个，共 {BACKLOG} 个。"
    )
    expect(quiet).to_have_count(SHOWN)
    expect(quiet.first).to_contain_text("居民00")  # the longest without a visit first
    expect(quiet.last).to_contain_text(f"居民{SHOWN - 1}")

    paused = page.locator("#paused-heading ~ ul li")
    expect(page.locator("#paused-heading + p")).to_have_text(
        f"显示暂停最久的 {SHOWN} 个，共 {PAUSED} 个。"
    )
    expect(paused).to_have_count(SHOWN)

    # every open incident is listed, and nothing says some are left out
    expect(page.locator("#incidents-heading ~ ul li")).to_have_count(INCIDENTS)
    expect(page.locator("section[aria-labelledby=incidents-heading]")).not_to_contain_text("显示")
    assert_accessible(page)

    # From the top, by keyboard: the summary's link to the paused pairings, then the next Tab
    # lands on the link to all of them.
    tab_to(page, "main a[href='#paused-heading']")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "列出所有已暂停的结对"
    navigate(page, "Enter")
    assert page.url.endswith("/supervise/pairings?status=suspended")

    read_in(page, live_server, "en")
    page.goto("/supervise")
    expect(page.locator("#reviews-heading + p")).to_have_text(
        f"Showing the {SHOWN} most overdue of {BACKLOG}."
    )
    expect(page.locator("#quiet-heading + p")).to_have_text(
        f"Showing the {SHOWN} longest without a visit, of {BACKLOG}."
    )
    expect(page.locator("#paused-heading + p")).to_have_text(
        f"Showing the {SHOWN} paused longest of {PAUSED}."
    )
    expect(page.locator("#quiet-heading ~ ul li")).to_have_count(SHOWN)
    assert_accessible(page)
