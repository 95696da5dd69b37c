"""The demo's figures look like a district's: volunteers who applied over the past years, none
with more verified hours than a weekly visitor gives, none holding much of the public total,
every visit on a day its pairing was active, none in the future, none overlapping another."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from matchmaker.core.types import utcnow
from matchmaker.recruit.models import Volunteer
from matchmaker.supervise.late_logs import active_days
from matchmaker.supervise.models import LogStatus, ServiceLog
from matchmaker.supervise.pairings import local_date

#: the largest share of all verified hours one volunteer may hold
MAX_SHARE = 0.2
#: verified hours a month of a pairing's active time, at the most (a long visit each week)
MAX_HOURS_A_MONTH = 16


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
    assert len(minutes) >= 10 and total > 300 * 60
    assert max(minutes.values()) <= MAX_SHARE * total


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
