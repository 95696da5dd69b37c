"""The demo's figures look like a district's: volunteers who applied over the past years, many
with verified hours (a few long-serving ones a lot, most a little), none with more than weekly
visits to their residents give, none holding much of the public total; every visit on a day its
pairing was active, none in the future, none overlapping another, each verified by a social
worker of its resident's community."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from matchmaker.accounts.models import Role, User
from matchmaker.core.events import history
from matchmaker.core.types import utcnow
from matchmaker.recruit.models import Volunteer
from matchmaker.supervise.late_logs import active_days
from matchmaker.supervise.models import COUNTED, LogStatus, ServiceLog
from matchmaker.supervise.pairings import local_date

#: the largest share of all verified hours one volunteer may hold
MAX_SHARE = 0.2
#: verified hours a month of a pairing's active time, at the most (a long visit each week)
MAX_HOURS_A_MONTH = 16
#: volunteers with verified hours, at the least: the reward pages show more than a handful
MIN_WITH_HOURS = 30


def test_volunteers_applied_over_the_past_years(db, demo):
    now = utcnow()
    applied = list(db.session.scalars(select(Volunteer.created_at)))
    assert all(at <= now for at in applied)
    assert max(applied) - min(applied) > timedelta(days=365)
    assert len({at.date().replace(day=1) for at in applied}) > 12  # months of applications


def test_verified_hours_are_a_weekly_visitors_and_spread(db, demo):
    logs = db.session.scalars(select(ServiceLog).where(ServiceLog.status == LogStatus.VERIFIED))
    minutes = defaultdict(int)
    for log in logs:
        minutes[log.volunteer_id] += log.minutes
    total = sum(minutes.values())
    assert len(minutes) >= MIN_WITH_HOURS and total > 300 * 60
    assert max(minutes.values()) <= MAX_SHARE * total
    # a long tail: a few hold hundreds of hours, most under a hundred
    hours = sorted((m / 60 for m in minutes.values()), reverse=True)
    assert sum(h >= 300 for h in hours) >= 3 and sum(h < 100 for h in hours) > len(hours) / 3


def test_no_visit_is_in_the_future_and_each_is_verified_by_its_communitys_worker(db, demo):
    now = utcnow()
    today = local_date(now)
    logs = db.session.scalars(select(ServiceLog)).all()
    assert all(log.service_date <= today and log.created_at <= now for log in logs)
    counted = [log for log in logs if log.status in COUNTED]
    assert counted
    created = {}  # each verifier's creation in their account's history
    for log in counted:
        assert log.created_at <= log.verified_at <= now, log.id
        assert 60 <= log.minutes <= 180, log.id  # a visit of one to three hours
        worker = db.session.get(User, log.verified_by_id)
        assert worker.has_role(Role.SOCIAL_WORKER), log.id
        community_id = log.pairing.need.resident.community_id
        assert community_id in {c.id for c in worker.communities}, log.id
        # by a social worker whose account (and its history) is older than the verification
        if worker.id not in created:
            created[worker.id] = history(worker)[0].at
        assert worker.created_at < log.verified_at and created[worker.id] < log.verified_at


def test_every_visit_is_of_an_active_day_and_none_overlap(db, demo):
    today = local_date(utcnow())
    logs = db.session.scalars(select(ServiceLog).where(ServiceLog.status != LogStatus.REJECTED))
    by_pairing, by_volunteer_day = defaultdict(list), defaultdict(list)
    for log in logs:
        by_pairing[log.pairing].append(log)
        by_volunteer_day[log.volunteer_id, log.service_date].append(log)
    for pairing, its_logs in by_pairing.items():
        days = active_days(pairing)
        assert days is not None
        last = days.last or today
        assert all(days.first <= log.service_date <= last for log in its_logs), pairing.id
        approved = pairing.volunteer.created_at
        assert local_date(approved) < days.first
        months = max(1.0, (last - days.first).days / 30.4)
        hours = sum(log.minutes for log in its_logs if log.status is LogStatus.VERIFIED) / 60
        assert hours / months <= MAX_HOURS_A_MONTH, (pairing.id, hours, months)
        assert pairing.need.created_at < pairing.confirmed_at <= pairing.activated_at
    for same_day in by_volunteer_day.values():
        spans = sorted((log.start_time, log.end_time) for log in same_day)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
