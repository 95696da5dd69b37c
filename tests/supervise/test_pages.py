"""The supervision pages: who sees what (DESIGN §8), clear refusals, lost races."""

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.core.models import AuditEntry
from matchmaker.match.models import PairingStatus
from matchmaker.supervise.models import LogStatus, ServiceLog
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory
from tests.supervise.builders import TODAY, log_visit, make_pairing
from tests.train import helpers

PHONE, ADDRESS = "13612345678", "文三路99号3单元502室"
LAST_WEEK = TODAY - timedelta(days=7)


def log_form(day=LAST_WEEK, start="09:00", end="11:00", **extra):
    return {
        "service_date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "activity": "visit",
        "activity_detail": "聊天、量血压",
        "notes": "",
        **extra,
    }


def post_log(client, pairing, **fields):
    page = client.get(f"/supervise/pairings/{pairing.id}/logs/new")
    return client.post(
        f"/supervise/pairings/{pairing.id}/logs/new",
        data={**log_form(**fields), "csrf_token": csrf_from(page)},
    )


def count_logs(db):
    return db.session.scalar(select(func.count(ServiceLog.id)))


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (PairingStatus.CONFIRMED, False),
        (PairingStatus.ACTIVE, True),
        (PairingStatus.SUSPENDED, False),
        (PairingStatus.ENDED, False),
    ],
)
def test_volunteer_sees_contact_only_while_active(db, client, auth, status, shown):
    pairing = make_pairing(status, name="王秀英", phone=PHONE, address=ADDRESS)
    auth.login(pairing.volunteer.user.email)
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert (PHONE in html) is shown
    assert (f'href="tel:{PHONE}"' in html) is shown  # one tap to call from a phone
    assert (ADDRESS in html) is shown
    assert ("王秀英" in html) is shown  # before and after: the masked name only
    if not shown:
        assert "王**" in html
    listing = client.get("/supervise/pairings").get_data(as_text=True)
    assert ("王秀英" in listing) is shown and PHONE not in listing


def test_staff_of_the_community_see_contact_and_the_view_is_audited(
    db, client, auth, pairing, worker
):
    auth.login(worker.email)
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert PHONE in html and ADDRESS in html
    assert (
        db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "view_resident")
        )
        == 1
    )


def test_other_communities_and_other_volunteers_get_404(db, client, auth, pairing):
    outsider = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.login(outsider.email)
    assert client.get(f"/supervise/pairings/{pairing.id}").status_code == 404
    assert PHONE not in client.get("/supervise").get_data(as_text=True)
    auth.logout()
    other = make_pairing()
    auth.login(other.volunteer.user.email)
    assert client.get(f"/supervise/pairings/{pairing.id}").status_code == 404
    assert client.get(f"/supervise/pairings/{pairing.id}/logs/new").status_code == 404
    assert client.get("/supervise").status_code == 403


def test_volunteer_logs_a_visit(db, client, auth, pairing):
    auth.login(pairing.volunteer.user.email)
    response = post_log(client, pairing)
    assert response.status_code == 302
    log = db.session.scalar(select(ServiceLog))
    assert log.minutes == 120 and log.status is LogStatus.SUBMITTED
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "（2.0 小时）" in page  # hours in the reader's words, not "2.0 h"


@pytest.mark.parametrize(
    ("day", "start", "end", "read"),
    [
        (LAST_WEEK.isoformat(), "9.30", "11：05", (time(9, 30), time(11, 5))),
        # a phone's number pad may have no "-" or ":"
        (LAST_WEEK.strftime("%Y%m%d"), "0930", "1000", (time(9, 30), time(10, 0))),
        (LAST_WEEK.strftime("%Y年%m月%d日"), "930", "14", (time(9, 30), time(14, 0))),
    ],
    ids=["dot and chinese colon", "digits only", "chinese date, hour only"],
)
def test_dates_and_times_are_read_as_people_type_them(
    db, client, auth, pairing, day, start, end, read
):
    auth.login(pairing.volunteer.user.email)
    assert post_log(client, pairing, service_date=day, start=start, end=end).status_code == 302
    log = db.session.scalar(select(ServiceLog))
    assert log.service_date == LAST_WEEK and (log.start_time, log.end_time) == read


def test_the_date_and_time_boxes_hint_at_the_pattern_not_a_value(client, auth, pairing):
    """An example date in the box reads as already filled in."""
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}/logs/new").get_data(as_text=True)
    assert 'placeholder="年-月-日"' in page and 'placeholder="时:分"' in page
    assert 'placeholder="2026' not in page and 'placeholder="09:00"' not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": TODAY + timedelta(days=2)}, "日期不能是将来"),
        ({"start": "06:00", "end": "19:00"}, "12 小时"),
        ({"start": "11:00", "end": "10:00"}, "结束时间必须晚于开始时间"),
        ({"day": "", "start": ""}, "请输入"),
        ({"start": "9.30", "end": "1.5"}, "请按“时:分”填写时间"),
        ({"start": "09:00", "end": "12345"}, "请按“时:分”填写时间"),
        ({"service_date": "2026112"}, "请按“年-月-日”填写日期"),
    ],
    ids=["future", "13 hours", "backwards", "missing", "one-digit minutes", "5 digits", "7 digits"],
)
def test_refused_log_is_a_422_with_a_clear_message(db, client, auth, pairing, fields, message):
    auth.login(pairing.volunteer.user.email)
    if fields.get("day") == "":
        fields = {"day": LAST_WEEK, "start": "", "service_date": ""}
    response = post_log(client, pairing, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    assert count_logs(db) == 0


def test_overlapping_log_is_refused_on_the_page(db, client, auth, pairing):
    log_visit(pairing, LAST_WEEK, "09:00", "11:00")
    auth.login(pairing.volunteer.user.email)
    response = post_log(client, pairing, start="10:00", end="12:00")
    assert response.status_code == 422
    assert "重叠" in response.get_data(as_text=True)
    assert count_logs(db) == 1


def test_no_log_for_an_inactive_pairing_on_the_page(db, client, auth):
    pairing = make_pairing(PairingStatus.CONFIRMED)
    auth.login(pairing.volunteer.user.email)
    response = post_log(client, pairing)
    assert response.status_code == 409
    assert "进行中" in response.get_data(as_text=True)
    assert count_logs(db) == 0


def test_editing_a_verified_log_only_requests_a_change(db, client, auth, pairing, worker):
    log = log_visit(pairing, LAST_WEEK, verified_by=worker)
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/logs/{log.id}/edit")
    assert "社工批准" in page.get_data(as_text=True)
    response = client.post(
        f"/supervise/logs/{log.id}/edit",
        data={**log_form(end="15:00"), "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(ServiceLog, log.id)
    assert stored.end_time == time(11, 0) and stored.minutes == 120  # unchanged until approved
    assert stored.status is LogStatus.CHANGE_REQUESTED
    # A second edit while one waits is refused.
    page = client.get(f"/supervise/logs/{log.id}/edit")
    response = client.post(
        f"/supervise/logs/{log.id}/edit",
        data={**log_form(end="16:00"), "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(ServiceLog, log.id).proposed["end_time"] == "15:00"


def test_saving_a_log_unchanged_sends_no_change_and_records_nothing(
    db, client, auth, pairing, worker
):
    verified = log_visit(pairing, LAST_WEEK, verified_by=worker)
    waiting = log_visit(pairing, LAST_WEEK - timedelta(days=1))
    events = {log.id: len(history(log)) for log in (verified, waiting)}
    auth.login(pairing.volunteer.user.email)
    for log in (verified, waiting):
        page = client.get(f"/supervise/logs/{log.id}/edit")
        day = log.service_date
        response = client.post(
            f"/supervise/logs/{log.id}/edit",
            data={**log_form(day, activity_detail=""), "csrf_token": csrf_from(page)},
            follow_redirects=True,
        )
        assert "没有任何修改" in response.get_data(as_text=True)
        db.session.expire_all()
        stored = db.session.get(ServiceLog, log.id)
        assert stored.proposed is None and len(history(stored)) == events[log.id]
    assert db.session.get(ServiceLog, verified.id).status is LogStatus.VERIFIED
    assert db.session.get(ServiceLog, waiting.id).status is LogStatus.SUBMITTED


def test_verify_then_a_late_second_verification_is_a_409(db, client, auth, pairing, worker):
    log = log_visit(pairing, LAST_WEEK)
    auth.login(worker.email)
    page = client.get(f"/supervise/pairings/{pairing.id}")
    token = csrf_from(page)
    first = client.post(
        f"/supervise/logs/{log.id}/verify", data={f"verify{log.id}-csrf_token": token}
    )
    assert first.status_code == 302
    late = client.post(
        f"/supervise/logs/{log.id}/reject",
        data={f"reject{log.id}-csrf_token": token, f"reject{log.id}-reason": "重复"},
    )
    assert late.status_code == 409
    assert "别人已先处理了这条记录" in late.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ServiceLog, log.id).status is LogStatus.VERIFIED


@pytest.mark.parametrize(
    ("locale", "end", "said"),
    [
        ("en", "10:00", "Visit log verified: 1.0 h counted."),
        ("en", "11:30", "Visit log verified: 2.5 h counted."),
        ("zh_CN", "10:00", "服务记录已核实：计入 1.0 小时。"),
    ],
)
def test_verifying_says_the_hours_counted(db, client, auth, pairing, worker, locale, end, said):
    log = log_visit(pairing, LAST_WEEK, end=end)
    auth.login(worker.email)
    client.set_cookie("mm_locale", locale)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    response = client.post(
        f"/supervise/logs/{log.id}/verify",
        data={f"verify{log.id}-csrf_token": token},
        follow_redirects=True,
    )
    assert said in response.get_data(as_text=True)


def test_reject_without_reason_is_a_422(db, client, auth, pairing, worker):
    log = log_visit(pairing, LAST_WEEK)
    auth.login(worker.email)
    token = csrf_from(client.get(f"/supervise/pairings/{pairing.id}"))
    response = client.post(
        f"/supervise/logs/{log.id}/reject", data={f"reject{log.id}-csrf_token": token}
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(ServiceLog, log.id).status is LogStatus.SUBMITTED


def test_resident_rates_a_visit(db, client, auth, pairing):
    log = log_visit(pairing, LAST_WEEK)
    auth.login(pairing.need.resident.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}")
    response = client.post(
        f"/supervise/logs/{log.id}/rate",
        data={f"rate{log.id}-csrf_token": csrf_from(page), f"rate{log.id}-rating": "5"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceLog, log.id).rating == 5


def test_incident_reported_by_the_volunteer_suspends_the_pairing(db, client, auth, pairing):
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}")
    response = client.post(
        f"/supervise/pairings/{pairing.id}/incidents",
        data={"incident-csrf_token": csrf_from(page), "incident-description": "居民摔倒，已送医"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "已暂停" in html and PHONE not in html


def test_dashboard_lists_logs_to_verify_in_scope(db, client, auth, pairing, worker):
    log_visit(pairing, LAST_WEEK)
    auth.login(worker.email)
    html = client.get("/supervise").get_data(as_text=True)
    assert "待核实的服务记录：1" in html
    home = client.get("/").get_data(as_text=True)
    assert "待核实的服务记录：1" in home


def test_a_pairing_waiting_for_training_says_for_which_courses(db, client, auth):
    helpers.course("助残服务礼仪", title_en="Basic etiquette")
    pairing = make_pairing(PairingStatus.CONFIRMED)
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "志愿者完成助残服务礼仪后，结对即开始服务。" in page
    assert 'href="/train/me"' in page
    client.set_cookie("mm_locale", "en")
    english = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "It becomes active once the volunteer has completed Basic etiquette." in english


def test_the_pairing_page_gives_the_number_its_notices_name(db, client, auth):
    """The confirmation notice says "pairing 16"; the page it links to says which that is."""
    pairing = make_pairing()
    auth.login(pairing.volunteer.user.email)
    html = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert f"<dt>结对编号</dt><dd>{pairing.id}</dd>" in html
