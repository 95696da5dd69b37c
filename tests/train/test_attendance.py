"""Social workers of the session's community mark attendance; attending completes the course."""

from sqlalchemy import func, select

from matchmaker.core.types import utcnow
from matchmaker.match.models import PairingStatus
from matchmaker.train import enrolment
from matchmaker.train.models import (
    CompletionMethod,
    CourseCompletion,
    EnrolmentStatus,
    SessionStatus,
)
from tests.conftest import csrf_from
from tests.factories import UserFactory
from tests.train import helpers


def _enrolled(db, world, **session_fields):
    sitting = helpers.session(helpers.course(), world["home"], **session_fields)
    place = enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    return sitting, place


def _mark(client, sitting, place, outcome):
    token = csrf_from(client.get("/"))
    return client.post(
        f"/train/sessions/{sitting.id}/attendance/{place.id}",
        data={"csrf_token": token, "outcome": outcome},
    )


def _completions(db):
    return db.session.scalar(select(func.count(CourseCompletion.id)))


def test_attended_completes_the_course_and_activates_the_pairing(client, auth, db, world):
    sitting, place = _enrolled(db, world)
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.CONFIRMED
    helpers.move_to_past(sitting)
    auth.login(world["worker"].email)
    roll = client.get(f"/train/sessions/{sitting.id}").get_data(as_text=True)
    assert "李志愿" in roll and "已出勤" in roll
    assert '已出勤<span class="visually-hidden">（李志愿）</span>' in roll  # the button's name
    assert '缺勤<span class="visually-hidden">（李志愿）</span>' in roll
    response = _mark(client, sitting, place, "attended")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "李志愿已出勤，课程已完成。" in page
    db.session.refresh(place)
    db.session.refresh(sitting)
    db.session.refresh(pairing)
    assert place.status is EnrolmentStatus.COMPLETED
    assert sitting.status is SessionStatus.HELD
    completion = db.session.scalar(select(CourseCompletion))
    assert completion.method is CompletionMethod.ATTENDANCE
    assert completion.session_id == sitting.id
    assert pairing.status is PairingStatus.ACTIVE


def test_absent_completes_nothing_and_can_be_corrected(client, auth, db, world):
    sitting, place = _enrolled(db, world)
    helpers.move_to_past(sitting)
    auth.login(world["worker"].email)
    assert _mark(client, sitting, place, "absent").status_code == 302
    db.session.refresh(place)
    assert place.status is EnrolmentStatus.ABSENT and _completions(db) == 0
    assert _mark(client, sitting, place, "attended").status_code == 302
    assert _completions(db) == 1


def test_marking_twice_is_a_conflict(client, auth, db, world):
    sitting, place = _enrolled(db, world)
    helpers.move_to_past(sitting)
    auth.login(world["worker"].email)
    _mark(client, sitting, place, "attended")
    response = _mark(client, sitting, place, "absent")
    assert response.status_code == 409
    assert "考勤已经记录过了" in response.get_data(as_text=True)
    db.session.refresh(place)
    assert place.status is EnrolmentStatus.COMPLETED


def test_no_attendance_before_the_session_starts(client, auth, db, world):
    sitting, place = _enrolled(db, world)
    auth.login(world["worker"].email)
    response = _mark(client, sitting, place, "attended")
    assert response.status_code == 409
    assert "培训开始后才能记录考勤" in response.get_data(as_text=True)
    assert _completions(db) == 0


def test_a_nonsense_outcome_is_a_form_error(client, auth, db, world):
    sitting, place = _enrolled(db, world)
    helpers.move_to_past(sitting)
    auth.login(world["worker"].email)
    response = _mark(client, sitting, place, "maybe")
    assert response.status_code == 422
    assert "请选择出勤或缺勤" in response.get_data(as_text=True)


def test_a_social_worker_of_another_community_cannot_see_or_mark_the_roll(client, auth, db, world):
    sitting, place = _enrolled(db, world)
    helpers.move_to_past(sitting)
    auth.login(world["stranger"].email)
    assert client.get(f"/train/sessions/{sitting.id}").status_code == 404
    assert _mark(client, sitting, place, "attended").status_code == 404
    listing = client.get("/train/sessions").get_data(as_text=True)
    assert f'/train/sessions/{sitting.id}"' not in listing
    db.session.refresh(place)
    assert place.status is EnrolmentStatus.ENROLLED and _completions(db) == 0


def test_volunteers_cannot_mark_attendance_and_admins_can(client, auth, db, world):
    sitting, place = _enrolled(db, world)
    helpers.move_to_past(sitting)
    auth.login(world["volunteer"].user.email)
    assert client.get(f"/train/sessions/{sitting.id}").status_code == 403
    assert _mark(client, sitting, place, "attended").status_code == 403
    auth.logout()
    admin = UserFactory(roles=["admin"])
    auth.login(admin.email)
    assert _mark(client, sitting, place, "attended").status_code == 302
    assert _completions(db) == 1


def test_the_home_page_counts_sessions_waiting_for_their_roll(client, auth, db, world):
    sitting, _place = _enrolled(db, world)
    auth.login(world["worker"].email)
    assert "待记录考勤的培训：0" in client.get("/").get_data(as_text=True)
    helpers.move_to_past(sitting)
    assert "待记录考勤的培训：1" in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(world["stranger"].email)
    assert "待记录考勤的培训：0" in client.get("/").get_data(as_text=True)
