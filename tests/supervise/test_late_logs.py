"""Visits made while a pairing was active can be logged after it ended or was suspended,
up to LATE_LOG_DAYS later; never for a day after it stopped, nor for one waiting for training."""

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from matchmaker.core.events import history, transition
from matchmaker.extensions import db as _db
from matchmaker.match.models import PairingStatus
from matchmaker.reward.services import profile_of
from matchmaker.supervise.ending import end_pairing
from matchmaker.supervise.incidents import report_incident
from matchmaker.supervise.late_logs import LATE_LOG_DAYS, active_days, open_days
from matchmaker.supervise.log_changes import approve_change, request_change, update_log
from matchmaker.supervise.logs import LogRefused, LogValues, create_log, reject_log, verify_log
from matchmaker.supervise.models import Activity, LogStatus, ServiceLog
from tests.supervise.builders import NOW, TODAY, log_visit, make_pairing

ENDED = NOW - timedelta(days=3)
END_DAY = TODAY - timedelta(days=3)


def values(day, start="09:00", end="11:00"):
    return LogValues(day, time.fromisoformat(start), time.fromisoformat(end), Activity.VISIT)


def count_logs() -> int:
    return _db.session.scalar(select(func.count(ServiceLog.id)))


def ended(pairing, worker, at=ENDED):
    end_pairing(pairing, by=worker, reason="需求已满足", now=at, close_need=True)
    _db.session.commit()
    return pairing


def suspended(pairing, worker, days_ago: int):
    """Suspended by an incident ``days_ago`` days ago (the event is dated back to then)."""
    report_incident(pairing, by=worker, description="服务对象摔倒", now=NOW)
    event = history(pairing)[-1]
    assert event.to_state == "suspended"
    event.at = NOW - timedelta(days=days_ago)
    _db.session.commit()
    return pairing


def refused(pairing, day, now=NOW) -> LogRefused:
    before = count_logs()
    with pytest.raises(LogRefused) as caught:
        create_log(pairing, values(day), by=pairing.volunteer.user, now=now)
    _db.session.rollback()
    assert count_logs() == before
    return caught.value


def test_a_visit_on_the_end_day_is_logged_and_counts_once_verified(db, pairing, worker):
    ended(pairing, worker)
    log = log_visit(pairing, END_DAY, "15:00", "17:00")
    assert log.status is LogStatus.SUBMITTED
    verify_log(log, by=worker, now=NOW)
    db.session.commit()
    assert log.status is LogStatus.VERIFIED
    assert profile_of(pairing.volunteer_id).verified_minutes == 120


def test_a_visit_after_the_end_is_refused_naming_the_last_day(db, pairing, worker):
    ended(pairing, worker)
    refusal = refused(pairing, END_DAY + timedelta(days=1))
    assert refusal.field == "service_date"
    assert END_DAY.isoformat() in str(refusal.message)
    assert "只能记录这一天及之前的服务" in str(refusal.message)


def test_late_logs_stop_after_the_window(db, pairing, worker):
    ended(pairing, worker)
    last_chance = NOW + timedelta(days=LATE_LOG_DAYS - 3)
    create_log(pairing, values(END_DAY), by=pairing.volunteer.user, now=last_chance)
    db.session.rollback()
    too_late = refused(pairing, END_DAY, now=last_chance + timedelta(days=1))
    assert too_late.field is None
    until = END_DAY + timedelta(days=LATE_LOG_DAYS)
    assert until.isoformat() in str(too_late.message) and "期限已过" in str(too_late.message)
    assert open_days(pairing, last_chance + timedelta(days=1)) is None


def test_a_suspended_pairing_takes_visits_from_before_the_suspension(db, pairing, worker):
    suspended(pairing, worker, days_ago=5)
    log_visit(pairing, TODAY - timedelta(days=5))
    refusal = refused(pairing, TODAY - timedelta(days=4))
    assert refusal.field == "service_date"
    assert (TODAY - timedelta(days=5)).isoformat() in str(refusal.message)
    assert refused(pairing, TODAY, now=NOW + timedelta(days=LATE_LOG_DAYS)).field is None


def test_suspended_then_ended_counts_from_the_suspension(db, pairing, worker):
    suspended(pairing, worker, days_ago=10)
    ended(pairing, worker)
    days = active_days(pairing)
    assert days.last == TODAY - timedelta(days=10) and days.stopped_to is PairingStatus.SUSPENDED
    assert refused(pairing, END_DAY).field == "service_date"
    log_visit(pairing, TODAY - timedelta(days=10))


def test_visits_before_activation_are_still_refused(db, worker):
    pairing = make_pairing(activated=NOW - timedelta(days=20))
    ended(pairing, worker)
    assert refused(pairing, TODAY - timedelta(days=21)).field == "service_date"


@pytest.mark.parametrize("ended_too", [False, True], ids=["waiting", "ended while waiting"])
def test_a_pairing_never_active_takes_no_visit(db, worker, ended_too):
    pairing = make_pairing(PairingStatus.CONFIRMED)
    if ended_too:
        ended(pairing, worker)
    refusal = refused(pairing, TODAY - timedelta(days=1))
    assert refusal.field is None and "进行中" in str(refusal.message)


def test_back_to_waiting_for_training_takes_no_visit(db, pairing):
    transition(pairing, PairingStatus.CONFIRMED, why="attendance corrected")
    pairing.activated_at = None
    db.session.commit()
    assert "进行中" in str(refused(pairing, TODAY - timedelta(days=1)).message)


def test_a_rejected_late_log_is_corrected_within_the_window_only(db, pairing, worker):
    ended(pairing, worker)
    log = log_visit(pairing, END_DAY - timedelta(days=1))
    reject_log(log, by=worker, reason="时间写错了")
    db.session.commit()
    with pytest.raises(LogRefused) as caught:
        update_log(log, values(END_DAY + timedelta(days=1)), by=pairing.volunteer.user, now=NOW)
    assert caught.value.field == "service_date"
    db.session.rollback()
    late = NOW + timedelta(days=LATE_LOG_DAYS)
    with pytest.raises(LogRefused):
        update_log(log, values(END_DAY), by=pairing.volunteer.user, now=late)
    db.session.rollback()
    update_log(log, values(END_DAY), by=pairing.volunteer.user, now=NOW)
    db.session.commit()
    assert log.status is LogStatus.SUBMITTED and log.service_date == END_DAY


def test_a_correction_cannot_move_a_visit_past_the_end(db, pairing, worker):
    log = log_visit(pairing, END_DAY)
    ended(pairing, worker)
    with pytest.raises(LogRefused):
        update_log(log, values(END_DAY + timedelta(days=2)), by=pairing.volunteer.user, now=NOW)
    db.session.rollback()
    verify_log(log, by=worker, now=NOW)
    db.session.commit()
    with pytest.raises(LogRefused):
        request_change(log, values(END_DAY + timedelta(days=2)), by=pairing.volunteer.user, now=NOW)


def test_social_worker_decides_late_logs_as_any_other(db, pairing, worker):
    ended(pairing, worker)
    kept = log_visit(pairing, END_DAY, verified_by=worker)
    dropped = log_visit(pairing, END_DAY - timedelta(days=1))
    reject_log(dropped, by=worker, reason="重复记录")
    request_change(kept, values(END_DAY, end="12:00"), by=pairing.volunteer.user, now=NOW)
    approve_change(kept, by=worker, now=NOW)
    db.session.commit()
    assert kept.status is LogStatus.VERIFIED and kept.minutes == 180
    assert dropped.status is LogStatus.REJECTED
    assert profile_of(pairing.volunteer_id).verified_minutes == 180
    assert pairing.status is PairingStatus.ENDED


def test_a_pairing_sent_back_to_training_keeps_its_first_active_day(db, pairing, worker):
    """A corrected attendance clears ``activated_at`` (and a completed course would set a
    later one): the visits of the first stint stay loggable, and nothing before it is."""
    first_active = pairing.activated_at
    history(pairing)[0].at = first_active  # recorded as it became active, not by the fixture
    first_day = (first_active + timedelta(hours=8)).date()  # in Shanghai
    transition(pairing, PairingStatus.CONFIRMED, by=worker, why="training record corrected")
    pairing.activated_at = None
    _db.session.commit()
    ended(pairing, worker)
    assert active_days(pairing).first == first_day
    refusal = refused(pairing, first_day - timedelta(days=1))
    assert refusal.field == "service_date" and first_day.isoformat() in str(refusal.message)
    log_visit(pairing, first_day + timedelta(days=1))


def test_a_suspended_volunteer_logs_only_visits_from_before_the_suspension(db, pairing, worker):
    from matchmaker.recruit.services import suspend

    assert pairing.status is PairingStatus.ACTIVE
    suspend(pairing.volunteer, by=worker, reason="等待核实投诉")
    event = history(pairing.volunteer)[-1]
    event.at = NOW - timedelta(days=2)  # suspended two days ago; the pairing stays active
    db.session.commit()
    log_visit(pairing, TODAY - timedelta(days=2))
    refusal = refused(pairing, TODAY)
    assert refusal.field == "service_date"
    assert (TODAY - timedelta(days=2)).isoformat() in str(refusal.message)
    days = active_days(pairing)
    assert days.volunteer_suspended and "您的志愿者资格已于" in str(days.notice)
