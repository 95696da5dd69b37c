"""A social worker goes by keyboard alone from the proposals to the matching runs, opens the
latest run to read why needs of her communities went unmatched, and the scorer versions; with
the demo's data, axe in every display mode on each page."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from matchmaker.demo import DEMO_PASSWORD
from matchmaker.extensions import db as _db
from matchmaker.match.models import (
    MatchRun,
    MatchRunStatus,
    RunOrigin,
    ScorerModel,
    ScorerStatus,
)
from tests.browser.actions import log_in, navigate, tab_to
from tests.browser.axe import assert_accessible


def back_to(page, selector: str, limit: int = 40) -> None:
    """Press Shift+Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Shift+Tab never reached {selector}")


@pytest.fixture
def demo_runs(demo):
    """The demo, with a run that failed long ago and a trained model that was not promoted."""
    _db.session.add(
        MatchRun(
            started_at=datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
            origin=RunOrigin.NIGHTLY,
            status=MatchRunStatus.FAILED,
            error="MemoryError: the candidate graph did not fit",
        )
    )
    _db.session.add(
        ScorerModel(
            version="lr-20261130-42",
            kind="logistic_regression",
            feature_names=[],
            n_samples=42,
            metrics={
                "auc": 0.64,
                "acceptance_at_1": 0.5,
                "rows": 11,
                "needs": 4,
                "confirmed": 5,
                "baseline": {"version": "prior-2", "auc": 0.71, "acceptance_at_1": 0.75},
            },
            blob=b"",
            status=ScorerStatus.RETIRED,
        )
    )
    _db.session.commit()


def test_from_the_proposals_to_a_run_and_the_scorers_by_keyboard(page, demo_runs):
    log_in(page, "sw.beishan@example.org", DEMO_PASSWORD)
    page.goto("/match/proposals")
    tab_to(page, "main a[href='/match/runs']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("配对运行记录")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)  # the demo's fresh run, its run by 陈静, the failed one
    expect(rows.first).to_contain_text("演示数据")
    expect(rows.nth(1)).to_contain_text("陈静")
    expect(rows.nth(2)).to_contain_text("运行出错")
    tab_to(page, "tbody tr:nth-child(3) summary")
    page.keyboard.press("Enter")
    expect(rows.nth(2)).to_contain_text("the candidate graph did not fit")
    assert_accessible(page)

    latest = rows.first.locator("th a")
    back_to(page, "tbody tr:first-child th a")  # up the table to the latest run
    run_address = latest.get_attribute("href")
    navigate(page, "Enter")
    assert page.url.endswith(run_address)
    expect(page.locator("h1")).to_contain_text("配对运行")
    unmatched = page.locator("main tbody tr")
    expect(unmatched.first).to_contain_text("没有志愿者满足该需求的硬性条件")
    expect(page.locator("main table")).not_to_contain_text("王秀英")  # needs by number only
    assert_accessible(page)

    tab_to(page, "main a[href='/match/scorers']")
    navigate(page, "Enter")
    expect(page.locator("h1")).to_have_text("评分器版本")
    expect(page.locator("main [role=status]")).to_contain_text("prior-2")
    expect(page.locator("main section.card")).to_contain_text("逻辑回归")
    assert_accessible(page)

    # back on the run: the first need no volunteer could take, and which constraint stopped it
    page.goto(run_address)
    tab_to(page, "main tbody tr:first-child th a")
    navigate(page, "Enter")
    expect(page.locator("#reach-heading")).to_have_text("目前谁能接这项需求")
    stuck = page.locator("[data-reach] li.reach__stuck")
    expect(stuck).to_have_count(1)
    expect(stuck).to_contain_text("：0")
    expect(page.locator("[data-reach-hint]")).to_be_visible()
    assert_accessible(page)
