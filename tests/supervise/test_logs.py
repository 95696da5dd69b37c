"""The rules of a visit log: each refusal says why, and nothing saved changes."""

from datetime import time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.match.models import PairingStatus
from matchmaker.supervise.log_changes import (
    LogLocked,
    approve_change,
    refuse_change,
    request_change,
    update_log,
)
from matchmaker.supervise.logs import LogRefused, LogValues, create_log
from matchmaker.supervise.models import Activity, LogStatus, ServiceLog
from tests.supervise.builders import NOW, TODAY, log_visit, make_pairing

LAST_WEEK = TODAY - timedelta(days=7)


def values(day=LAST_WEEK, start="09:00", end="11:00"):
    return LogValues(day, time.fromisoformat(start), time.fromisoformat(end), Activity.VISIT)


def count_logs(db) -> int:
    return db.session.scalar(select(func.count(ServiceLog.id)))


def test_a_visit_is_logged_for_verification(db, pairing):
    log = create_log(pairing, values(), by=pairing.volunteer.user, now=NOW)
    assert log.status is LogStatus.SUBMITTED and log.minutes == 120
    assert [e.to_state for e in history(log)] == ["submitted"]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"day": TODAY + timedelta(days=1)}, "service_date", "将来"),
        ({"start": "11:00", "end": "10:00"}, "end_time", "晚于开始时间"),
        ({"start": "06:00", "end": "19:00"}, "end_time", "12 小时"),
    ],
    ids=["future date", "end before start", "13-hour log"],
)
def test_refused_logs_name_the_field_and_save_nothing(db, pairing, kwargs, field, words):
    with pytest.raises(LogRefused) as refused:
        create_log(pairing, values(**kwargs), by=pairing.volunteer.user, now=NOW)
    assert refused.value.field == field
    assert words in str(refused.value.message)
    db.session.rollback()
    assert count_logs(db) == 0


def test_a_visit_past_midnight_is_told_to_be_logged_as_two(db, pairing):
    with pytest.raises(LogRefused) as refused:
        create_log(pairing, values(start="23:00", end="00:30"), by=pairing.volunteer.user, now=NOW)
    assert refused.value.field == "end_time"
    assert str(refused.value.message) == (
        "结束时间必须晚于开始时间。跨过午夜的服务请分成两条记录，每天一条：本日期记 23:00–23:59，"
        "次日记 00:00–00:30。"
    )
    with force_locale("en"):
        assert "logged as two visits, one for each day" in str(refused.value.message)
    # 11:00–10:00 is a slip, not a night visit: the plain message
    with pytest.raises(LogRefused) as refused:
        create_log(pairing, values(start="11:00", end="10:00"), by=pairing.volunteer.user, now=NOW)
    assert str(refused.value.message) == "结束时间必须晚于开始时间。"
    # one that ends at midnight is one visit, to the day's last minute (not "00:00–00:00")
    with pytest.raises(LogRefused) as refused:
        create_log(pairing, values(start="22:00", end="00:00"), by=pairing.volunteer.user, now=NOW)
    assert (
        str(refused.value.message)
        == "结束时间必须晚于开始时间。在午夜结束的服务请记为 22:00–23:59。"
    )


def test_twelve_hours_exactly_is_allowed(db, pairing):
    log = create_log(
        pairing, values(start="07:00", end="19:00"), by=pairing.volunteer.user, now=NOW
    )
    assert log.minutes == 720


def test_an_overlapping_log_is_refused(db, pairing):
    log_visit(pairing, LAST_WEEK, "09:00", "11:00")
    with pytest.raises(LogRefused) as refused:
        create_log(pairing, values(start="10:30", end="12:00"), by=pairing.volunteer.user, now=NOW)
    assert refused.value.field == "start_time" and "09:00" in str(refused.value.message)
    db.session.rollback()
    # Back to back is fine.
    create_log(pairing, values(start="11:00", end="12:00"), by=pairing.volunteer.user, now=NOW)
    assert count_logs(db) == 2


def test_overlap_counts_across_the_volunteers_pairings(db, pairing):
    other = make_pairing(community=pairing.need.resident.community, volunteer=pairing.volunteer)
    log_visit(pairing, LAST_WEEK, "09:00", "11:00")
    with pytest.raises(LogRefused):
        create_log(other, values(start="10:00", end="10:30"), by=other.volunteer.user, now=NOW)


@pytest.mark.parametrize(
    "status", [PairingStatus.CONFIRMED, PairingStatus.SUSPENDED, PairingStatus.ENDED]
)
def test_no_log_for_a_pairing_with_no_recorded_time_active(db, status):
    """Built straight into its state, its history records no move out of active (test_late_logs
    covers the visits logged after a pairing ended or was suspended)."""
    pairing = make_pairing(status)
    with pytest.raises(LogRefused) as refused:
        create_log(pairing, values(), by=pairing.volunteer.user, now=NOW)
    assert refused.value.field is None and "进行中" in str(refused.value.message)
    db.session.rollback()
    assert count_logs(db) == 0


def test_no_log_before_the_pairing_began(db):
    pairing = make_pairing(activated=NOW - timedelta(days=2))
    with pytest.raises(LogRefused) as refused:
        create_log(
            pairing, values(day=TODAY - timedelta(days=5)), by=pairing.volunteer.user, now=NOW
        )
    assert refused.value.field == "service_date"


def test_a_submitted_log_can_be_corrected(db, pairing):
    log = log_visit(pairing, LAST_WEEK)
    update_log(log, values(end="12:00"), by=pairing.volunteer.user, now=NOW)
    assert log.minutes == 180 and log.status is LogStatus.SUBMITTED


def test_a_direct_edit_of_a_verified_log_is_refused(db, pairing, worker):
    log = log_visit(pairing, LAST_WEEK, verified_by=worker)
    with pytest.raises(LogLocked):
        update_log(log, values(end="17:00"), by=pairing.volunteer.user, now=NOW)
    db.session.rollback()
    stored = db.session.get(ServiceLog, log.id)
    assert stored.end_time == time(11, 0) and stored.minutes == 120
    assert stored.status is LogStatus.VERIFIED


def test_a_change_to_a_verified_log_waits_for_approval(db, pairing, worker):
    log = log_visit(pairing, LAST_WEEK, verified_by=worker)
    request_change(log, values(end="12:30"), by=pairing.volunteer.user, now=NOW)
    db.session.commit()
    assert log.status is LogStatus.CHANGE_REQUESTED
    assert log.minutes == 120 and log.proposed["end_time"] == "12:30"  # old values still count
    approve_change(log, by=worker, now=NOW)
    db.session.commit()
    assert log.status is LogStatus.VERIFIED and log.minutes == 210 and log.proposed is None
    assert "change approved" in history(log)[-1].reason


def test_a_refused_change_leaves_the_verified_log(db, pairing, worker):
    log = log_visit(pairing, LAST_WEEK, verified_by=worker)
    request_change(log, values(end="18:00"), by=pairing.volunteer.user, now=NOW)
    refuse_change(log, by=worker, reason="记录与签到表不符")
    db.session.commit()
    assert log.status is LogStatus.VERIFIED and log.minutes == 120 and log.proposed is None
    assert "记录与签到表不符" in history(log)[-1].reason
