"""Verified hours and star levels: only verified time counts; 99.9 h is no star, 100 h is 一星."""

from datetime import timedelta

import pytest

from matchmaker.reward import services
from matchmaker.reward.models import RewardProfile
from matchmaker.supervise.log_changes import request_change
from matchmaker.supervise.logs import LogValues
from tests.supervise.builders import NOW, TODAY, log_visit

LIMITS = [100, 300, 600, 1000, 1500]


@pytest.mark.parametrize(
    ("minutes", "level"),
    [(0, 0), (5994, 0), (5999, 0), (6000, 1), (17999, 1), (18000, 2), (90000, 5), (10**7, 5)],
    ids=["none", "99.9 h", "99.98 h", "100 h", "299.98 h", "300 h", "1500 h", "far beyond"],
)
def test_star_level_boundaries(minutes, level):
    assert services.star_level(minutes, LIMITS) == level


def test_thresholds_come_from_config(app, db):
    assert services.thresholds() == [100, 300, 600, 1000, 1500]
    app.config["STAR_THRESHOLDS"] = "50,150,300,500,800"
    try:
        assert services.progress(50 * 60).level == 1
        assert services.progress(50 * 60).next_hours == 150
    finally:
        app.config["STAR_THRESHOLDS"] = "100,300,600,1000,1500"


def test_only_verified_time_counts(db, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3), "09:00", "11:00", verified_by=worker)
    log_visit(pairing, TODAY - timedelta(days=2), "09:00", "12:00")  # waiting
    volunteer_id = pairing.volunteer_id
    assert services.verified_minutes(volunteer_id) == 120
    assert db.session.get(RewardProfile, volunteer_id).verified_minutes == 120


def test_a_pending_change_keeps_the_verified_value(db, pairing, worker):
    log = log_visit(pairing, TODAY - timedelta(days=3), "09:00", "11:00", verified_by=worker)
    changed = LogValues(
        log.service_date, log.start_time, log.end_time.replace(hour=15), log.activity
    )
    request_change(log, changed, by=pairing.volunteer.user, now=NOW)
    assert services.verified_minutes(pairing.volunteer_id) == 120


def test_hours_by_month(db, pairing, worker):
    first = TODAY.replace(day=1)
    log_visit(pairing, first - timedelta(days=1), "09:00", "10:30", verified_by=worker)
    log_visit(pairing, first, "09:00", "10:00", verified_by=worker)
    months = services.hours_by_month(pairing.volunteer_id)
    previous = first - timedelta(days=1)
    assert months == [
        (f"{previous.year:04d}-{previous.month:02d}", 90),
        (f"{first.year:04d}-{first.month:02d}", 60),
    ]


def test_recompute_star_levels_is_idempotent(app, db, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3), "08:00", "18:00", verified_by=worker)
    app.config["STAR_THRESHOLDS"] = "10,20,30,40,50"
    try:
        assert services.recompute_star_levels(NOW) == 1
        assert services.recompute_star_levels(NOW) == 0
        assert db.session.get(RewardProfile, pairing.volunteer_id).star_level == 1
    finally:
        app.config["STAR_THRESHOLDS"] = "100,300,600,1000,1500"
    assert services.recompute_star_levels(NOW) == 1
    assert db.session.get(RewardProfile, pairing.volunteer_id).star_level == 0
